"""The de-identified export: one CSV row per act of each published incident, with
Convene's codes and HURIDOCS-style codes side by side, for partners who use Uwazi or
OpenEvSys.

Only records `published_clause` admits (verified, with a standing aggregate consent) are
written, so a withdrawn consent leaves the export with every figure. No free text,
province, name, reporter or id of ours is ever written: each incident gets a reference
made for this file only (its position in it), so two exports cannot be joined row by row.

HURIDOCS' Events Standard Formats describe an event, its acts (one victim, one kind of
act), the involvement of perpetrators and the date's precision; the codes here follow
their shape (`act_type`, `perpetrator_type`, `date_type`, `victim_type`) with the values
listed in README.md. They are a documented mapping, not HURIDOCS' official thesauri.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from forum.attacks.models import Incident
from forum.taxonomy import COUNTRY_REGION

# Convene violation code → HURIDOCS-style act type.
HURIDOCS_ACTS = {
    "criminalisation": "ARBITRARY_DETENTION_OR_JUDICIAL_HARASSMENT",
    "physical-attacks": "VIOLATION_OF_PHYSICAL_INTEGRITY",
    "threats": "THREAT",
    "stigmatisation": "DEFAMATION",
    "digital": "DIGITAL_ATTACK",
    "gender-based-violence": "GENDER_BASED_VIOLENCE",
    "land-environment": "VIOLATION_OF_LAND_RIGHTS",
    "raids": "RAID_OR_SEIZURE",
    "restrictions": "RESTRICTION_ON_ASSOCIATION",
    "displacement": "FORCED_DISPLACEMENT",
}
HURIDOCS_DATE_TYPES = {"day": "EXACT", "month": "MONTH_ONLY", "year": "YEAR_ONLY"}
HURIDOCS_VICTIM_TYPES = {
    "individual": "INDIVIDUAL",
    "group": "GROUP",
    "organisation": "ORGANISATION",
    "community": "COMMUNITY",
}
HURIDOCS_PERPETRATOR_TYPES = {"state": "STATE_ACTOR", "non-state": "NON_STATE_ACTOR"}
HURIDOCS_RELIABILITY = {
    "confirmed": "HIGH",
    "probable": "MEDIUM",
    "possible": "LOW",
    "doubtful": "VERY_LOW",
}

COLUMNS = (
    "incident_ref",
    "date",
    "date_precision",
    "huridocs_date_type",
    "country",
    "region",
    "setting",
    "violation",
    "subtype",
    "huridocs_act_type",
    "target_unit",
    "huridocs_victim_type",
    "target_size",
    "target_gender",
    "target_age",
    "defender_groups",
    "previously_threatened",
    "perpetrator_kinds",
    "perpetrator_branches",
    "huridocs_perpetrator_types",
    "source_kind",
    "source_reliability",
    "huridocs_reliability",
    "responses",
)


def _date(incident: Incident) -> str:
    day = incident.occurred_on
    if incident.date_precision == "year":
        return f"{day.year:04d}"
    if incident.date_precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def incidents_to_csv(incidents: Iterable[Incident]) -> bytes:
    """UTF-8 CSV (with a byte-order mark for spreadsheets), one row per act."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for ref, incident in enumerate(incidents, start=1):
        perpetrators = incident.perpetrators
        kinds = sorted({p.kind for p in perpetrators})
        for act in incident.acts:
            writer.writerow(
                [
                    f"E{ref:06d}",
                    _date(incident),
                    incident.date_precision,
                    HURIDOCS_DATE_TYPES[incident.date_precision],
                    incident.country,
                    COUNTRY_REGION.get(incident.country, ""),
                    incident.setting,
                    act.violation,
                    act.subtype,
                    HURIDOCS_ACTS[act.violation],
                    incident.target_unit,
                    HURIDOCS_VICTIM_TYPES[incident.target_unit],
                    incident.target_size,
                    incident.target_gender,
                    incident.target_age,
                    "|".join(g.group for g in incident.groups),
                    incident.previously_threatened,
                    "|".join(kinds),
                    "|".join(sorted({f"{p.kind}:{p.branch}" for p in perpetrators})),
                    "|".join(HURIDOCS_PERPETRATOR_TYPES.get(k, "UNKNOWN") for k in kinds),
                    incident.source_kind,
                    incident.source_reliability,
                    HURIDOCS_RELIABILITY[incident.source_reliability],
                    "|".join(f"{r.kind}:{r.outcome}" for r in incident.responses),
                ]
            )
    return buffer.getvalue().encode("utf-8-sig")
