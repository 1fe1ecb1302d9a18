"""Incidents for tests: `incident_data(**overrides)` and `make_incident(actor, …)`."""

from __future__ import annotations

from datetime import date
from typing import Any

from forum.attacks import services
from forum.attacks.services import IncidentData
from forum.extensions import db
from forum.models import User


def incident_data(**overrides: Any) -> IncidentData:
    values: dict[str, Any] = {
        "occurred_on": date(2025, 5, 14),
        "date_precision": "day",
        "country": "CO",
        "setting": "rural",
        "acts": [("threats", "death-threat")],
        "province": "Cauca",
        "target_gender": "woman",
        "groups": ["women", "land-environment-indigenous"],
        "perpetrators": [("non-state", "armed-group", "direct")],
        "previously_threatened": "yes",
        "account": "Two men on a motorbike left a note at the community radio.",
        "consents": ["internal", "aggregate"],
    }
    values.update(overrides)
    return IncidentData(**values)


def make_incident(actor: User, *, status: str = "verified", **overrides: Any):  # noqa: ANN201
    incident = services.create_incident(actor, incident_data(**overrides))
    if status != "reported":
        services.review(actor, incident, status)
    db.session.commit()
    return incident


def form_fields(**overrides: Any) -> dict[str, Any]:
    """What a browser sends from the incident form."""
    fields: dict[str, Any] = {
        "acts": ["threats:death-threat", "digital:surveillance"],
        "occurred_on": "2025-05-14",
        "date_precision": "month",
        "country": "CO",
        "province": "Cauca",
        "setting": "rural",
        "target_unit": "individual",
        "target_size": "1",
        "target_gender": "woman",
        "target_age": "30-59",
        "groups": ["women"],
        "previously_threatened": "yes",
        "perpetrator": "non-state:armed-group",
        "involvement": "direct",
        "source_kind": "victim",
        "source_reliability": "probable",
        "account": "A note at the community radio.",
        "consents": ["internal", "aggregate"],
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}
