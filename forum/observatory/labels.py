"""Translated names of the observatory's codes: levels, kinds, statuses, ratings, and the
checklist's starting elements (the ISHR Model Law and the organisation's key elements)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LEVELS = {
    "national": _l("National"),
    "subnational": _l("State or province"),
    "regional": _l("Regional body"),
    "international": _l("International"),
}

KINDS = {
    "law": _l("Law"),
    "decree": _l("Decree"),
    "policy": _l("Public policy"),
    "mechanism": _l("Protection mechanism"),
    "protocol": _l("Protocol"),
    "ruling": _l("Court ruling"),
    "bill": _l("Draft bill"),
    "recommendation": _l("Recommendation"),
}

#: From the first step to the last; suspended and repealed end an instrument's force.
STATUSES = {
    "proposed": _l("Proposed"),
    "parliament": _l("In parliament"),
    "adopted": _l("Adopted"),
    "in_force": _l("In force"),
    "implemented": _l("Implemented"),
    "suspended": _l("Suspended"),
    "repealed": _l("Repealed"),
}

#: How much protection a status gives, for "the strongest status" of a country (the map).
STRENGTH = {
    "implemented": 5,
    "in_force": 4,
    "adopted": 3,
    "parliament": 2,
    "proposed": 1,
    "suspended": 0,
    "repealed": 0,
}

#: What the map's legend calls each strength, strongest first (0: nothing in force).
STRENGTH_LABELS = {
    5: _l("Implemented"),
    4: _l("In force"),
    3: _l("Adopted"),
    2: _l("In parliament"),
    1: _l("Proposed"),
    0: _l("Suspended or repealed only"),
}

RATINGS = {
    "meets": _l("Meets"),
    "partly": _l("Partly"),
    "missing": _l("Missing"),
    "restrictive": _l("Restrictive"),
}

#: The checklist staff start from; they may rename, reorder, retire and add elements.
DEFAULT_ELEMENTS = {
    "recognition": (
        _l("Recognition of the right to defend rights"),
        _l("The instrument recognises defending human rights as a right, in its own words."),
    ),
    "mechanism": (
        _l("A protection mechanism with civil-society participation"),
        _l("A body that decides protection measures, with defenders at its table."),
    ),
    "gender-collective": (
        _l("Gender and collective protection"),
        _l("Measures designed for women defenders and for communities, not only for individuals."),
    ),
    "budget": (
        _l("A budget"),
        _l("Money assigned by law or in the budget, enough to carry out what it promises."),
    ),
    "no-criminalisation": (
        _l("No criminalising clauses"),
        _l("Nothing in it can be used to prosecute defenders for their work."),
    ),
    "no-restrictive-duties": (
        _l("No restrictive duties"),
        _l("No registration, reporting or funding duties that restrict defenders' work."),
    ),
}


def label(labels: dict, code: object) -> str:
    """The translated label of a code, or the code itself when it is unknown."""
    value = labels.get(code)
    return str(value) if value is not None else str(code)


REVISION_LABELS = {
    "created": _l("Added"),
    "edited": _l("Details edited"),
    "status": _l("Step added to the timeline"),
    "status_removed": _l("Step removed from the timeline"),
    "assessed": _l("Assessment changed"),
    "works": _l("Library links changed"),
}
