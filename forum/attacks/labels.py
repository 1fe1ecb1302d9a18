"""Codes of the attacks feature and their translated names.

Violation types are the shared risk taxonomy (`forum.taxonomy.RISK_TYPES`); each has
sub-types here. Perpetrator kinds follow ACLED: the actor's *type* is kept, never a name.
Codes are stable (stored, exported, in URLs); labels are translated at request time.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from forum.taxonomy import DEFENDER_GROUPS, RISK_TYPES


class Status(enum.StrEnum):
    REPORTED = "reported"  # entered or reported, not checked yet: in no figure
    VERIFIED = "verified"  # checked by a documenter: counted where consent allows
    REJECTED = "rejected"  # not an attack, or not credible: in no figure


class Origin(enum.StrEnum):
    STAFF = "staff"  # entered by a documenter or staff
    MEMBER = "member"  # reported by a member under their account
    ANONYMOUS = "anonymous"  # reported by a member, tied to no account


class Use(enum.StrEnum):
    """What the person concerned agreed the record may be used for, one consent each."""

    INTERNAL = "internal"  # internal analysis only
    AGGREGATE = "aggregate"  # counted in published figures and the de-identified export
    NAMED = "named"  # published as a named case (names may be recorded)


STATUS_LABELS = {
    Status.REPORTED.value: _l("Reported"),
    Status.VERIFIED.value: _l("Verified"),
    Status.REJECTED.value: _l("Rejected"),
}
ORIGIN_LABELS = {
    Origin.STAFF.value: _l("Entered by a documenter"),
    Origin.MEMBER.value: _l("Reported by a member"),
    Origin.ANONYMOUS.value: _l("Reported anonymously"),
}
USE_LABELS = {
    Use.INTERNAL.value: _l("Internal analysis only"),
    Use.AGGREGATE.value: _l("Published in aggregate figures"),
    Use.NAMED.value: _l("Published as a named case"),
}

VIOLATIONS = RISK_TYPES

# Sub-types per violation type; "other" exists for every type.
SUBTYPES: dict[str, dict[str, object]] = {
    "criminalisation": {
        "arrest": _l("Arrest or detention"),
        "charges": _l("Charges or prosecution"),
        "sentence": _l("Conviction or sentence"),
        "investigation": _l("Investigation or summons"),
    },
    "physical-attacks": {
        "killing": _l("Killing"),
        "attempted-killing": _l("Attempted killing"),
        "assault": _l("Assault or beating"),
        "disappearance": _l("Abduction or enforced disappearance"),
        "torture": _l("Torture or ill-treatment"),
    },
    "threats": {
        "death-threat": _l("Death threat"),
        "family": _l("Threat against family"),
        "harassment": _l("Harassment or following"),
    },
    "stigmatisation": {
        "officials": _l("Statements by officials"),
        "media": _l("Media or online smear campaign"),
    },
    "digital": {
        "surveillance": _l("Surveillance or spyware"),
        "hacking": _l("Hacking of accounts or devices"),
        "online-harassment": _l("Online harassment"),
    },
    "gender-based-violence": {
        "sexual-violence": _l("Sexual violence"),
        "sexualised-threat": _l("Sexualised threats or insults"),
    },
    "land-environment": {
        "eviction": _l("Eviction"),
        "destruction": _l("Destruction of crops, homes or land"),
    },
    "raids": {
        "office-raid": _l("Raid on an office or home"),
        "seizure": _l("Seizure of devices or files"),
    },
    "restrictions": {
        "registration": _l("Denied or cancelled registration"),
        "funding": _l("Frozen or blocked funding"),
        "travel-ban": _l("Travel ban"),
    },
    "displacement": {
        "forced-exile": _l("Forced exile"),
        "internal-displacement": _l("Displacement within the country"),
    },
}
OTHER_SUBTYPE = _l("Other")
for _subtypes in SUBTYPES.values():
    _subtypes["other"] = OTHER_SUBTYPE


def subtype_label(violation: str, subtype: str) -> object:
    return SUBTYPES.get(violation, {}).get(subtype, subtype)


ALL_SUBTYPES = tuple(sorted({code for codes in SUBTYPES.values() for code in codes}))

PRECISIONS = {
    "day": _l("Exact day"),
    "month": _l("Month only"),
    "year": _l("Year only"),
}
SETTINGS = {
    "urban": _l("Urban"),
    "rural": _l("Rural"),
    "isolated": _l("Isolated community"),
}
TARGET_UNITS = {
    "individual": _l("An individual"),
    "group": _l("A group"),
    "organisation": _l("An organisation"),
    "community": _l("A community"),
}
SIZE_BANDS = {
    "1": _l("One person"),
    "2-10": _l("2 to 10 people"),
    "11-50": _l("11 to 50 people"),
    "51+": _l("More than 50 people"),
}
GENDERS = {
    "woman": _l("Woman or women"),
    "man": _l("Man or men"),
    "non-binary": _l("Non-binary or other gender"),
    "mixed": _l("Mixed"),
    "unknown": _l("Not known"),
}
AGE_BANDS = {
    "under-18": _l("Under 18"),
    "18-29": _l("18 to 29"),
    "30-59": _l("30 to 59"),
    "60+": _l("60 or older"),
    "mixed": _l("Mixed"),
    "unknown": _l("Not known"),
}
PREVIOUS_THREATS = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "unknown": _l("Not known"),
}
GROUPS = DEFENDER_GROUPS

PERPETRATOR_KINDS = {
    "state": _l("State"),
    "non-state": _l("Non-state"),
    "unknown": _l("Unknown"),
}
# Branches of the state and kinds of non-state actors (ACLED-style actor types).
PERPETRATOR_BRANCHES: dict[str, dict[str, object]] = {
    "state": {
        "police": _l("Police"),
        "military": _l("Military"),
        "judiciary": _l("Judiciary or prosecutors"),
        "intelligence": _l("Intelligence services"),
        "local-authority": _l("Local authorities"),
        "government": _l("Government officials"),
    },
    "non-state": {
        "company": _l("Company or its security"),
        "armed-group": _l("Armed group"),
        "organised-crime": _l("Organised crime"),
        "community": _l("Community or religious leaders"),
        "media": _l("Media"),
        "individual": _l("Private individual"),
    },
    "unknown": {"unknown": _l("Unknown")},
}
ALL_BRANCHES = tuple(sorted({code for codes in PERPETRATOR_BRANCHES.values() for code in codes}))
INVOLVEMENT = {
    "direct": _l("Carried it out"),
    "ordered": _l("Ordered or planned it"),
    "complicit": _l("Allowed it or failed to protect"),
    "alleged": _l("Alleged, not established"),
}
SOURCE_KINDS = {
    "victim": _l("The person targeted"),
    "witness": _l("A witness"),
    "family": _l("Family or colleagues"),
    "organisation": _l("A partner organisation"),
    "media": _l("Media"),
    "official": _l("Official records"),
}
RELIABILITY = {
    "confirmed": _l("Confirmed by several sources"),
    "probable": _l("Probable"),
    "possible": _l("Possible"),
    "doubtful": _l("Doubtful"),
}
RESPONSES = {
    "legal": _l("Legal support"),
    "relocation": _l("Temporary relocation"),
    "digital-security": _l("Digital security support"),
    "campaign": _l("Public campaign"),
    "mechanism": _l("Request to a protection mechanism"),
    "psychosocial": _l("Psychosocial or medical support"),
    "network": _l("Protection network or accompaniment"),
}
OUTCOMES = {
    "worked": _l("Worked"),
    "partly": _l("Partly worked"),
    "did-not": _l("Did not work"),
    "pending": _l("Too early to say"),
}
