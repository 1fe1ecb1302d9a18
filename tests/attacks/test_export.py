"""The de-identified export: HURIDOCS-style codes beside ours, published records only,
no free text, province, name or id of ours."""

from __future__ import annotations

import csv
import io

from forum.attacks import services
from forum.attacks.models import Incident
from forum.models import Role
from tests.attacks.factories import make_incident
from tests.conftest import login


def _rows(client) -> list[dict[str, str]]:  # noqa: ANN001
    response = client.get("/attacks/records.csv")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_holds_codes_and_nothing_identifying(client, db, documenter, make_user):
    make_incident(
        documenter,
        acts=[("threats", "death-threat"), ("digital", "hacking")],
        date_precision="month",
        consents=["internal", "aggregate", "named"],
        victim_names="Ana Pérez Quintero",
        province="Putumayo",
        account="Panfleto firmado en la vereda.",
    )
    make_incident(documenter, status="reported", country="PE")
    make_incident(documenter, country="EC", consents=["internal"])
    make_user("analyst", roles=[Role.ANALYST])
    login(client, "analyst")
    rows = _rows(client)
    assert [(r["violation"], r["huridocs_act_type"]) for r in rows] == [
        ("threats", "THREAT"),
        ("digital", "DIGITAL_ATTACK"),
    ]
    first = rows[0]
    assert first["incident_ref"] == "E000001" and rows[1]["incident_ref"] == "E000001"
    assert first["date"] == "2025-05" and first["huridocs_date_type"] == "MONTH_ONLY"
    assert first["country"] == "CO" and first["region"] == "americas"
    assert first["huridocs_perpetrator_types"] == "NON_STATE_ACTOR"
    text = client.get("/attacks/records.csv").get_data().decode("utf-8-sig")
    for secret in ("Ana Pérez", "Putumayo", "Panfleto"):
        assert secret not in text


def test_withdrawn_consent_leaves_the_export(client, db, documenter) -> None:
    incident = make_incident(documenter)
    login(client, "documenter")
    assert len(_rows(client)) == 1
    services.withdraw_consent(documenter, db.session.get(Incident, incident.id), "aggregate")
    db.session.commit()
    assert _rows(client) == []


def test_members_cannot_export(client, db, login_as) -> None:
    login_as("amina", Role.ORGANIZER)
    assert client.get("/attacks/records.csv").status_code == 403
