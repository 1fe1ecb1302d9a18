"""A member reports an attack, under their account or anonymously; a dump ties an
anonymous report to nobody and holds no free text, name or province in plain text."""

from __future__ import annotations

import sqlalchemy as sa

from forum.attacks import anonymity
from forum.attacks.models import Incident
from forum.models import AuditEntry
from tests.attacks.factories import form_fields, make_incident
from tests.rawdb import raw_database_text


def _report(**overrides):  # noqa: ANN202
    fields = form_fields(**overrides)
    for staff_only in ("source_reliability",):
        fields.pop(staff_only, None)
    return fields


def test_a_member_reports_under_their_account(client, db, login_as) -> None:
    member = login_as("amina")
    assert client.get("/attacks/report").status_code == 200
    response = client.post("/attacks/report", data=_report(account="They followed me home."))
    assert response.status_code == 303
    incident = db.session.scalars(sa.select(Incident)).one()
    assert incident.origin == "member" and incident.reporter_id == member.id
    assert incident.status == "reported"
    assert incident.victim_names is None
    page = client.get("/attacks/report").get_data(as_text=True)
    assert "Your reports" in page


def test_a_member_report_takes_no_names_and_no_named_consent(client, db, login_as) -> None:
    login_as("amina")
    response = client.post("/attacks/report", data=_report(consents=["named"]))
    assert response.status_code == 422
    assert "Choose only from the options offered." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_an_anonymous_report_is_tied_to_no_account(client, db, login_as, app) -> None:
    member = login_as("amina")
    other = db.session.get(type(member), member.id)
    response = client.post(
        "/attacks/report",
        data=_report(anonymous="y", account="Sin nombres: nos quitaron los teléfonos."),
    )
    assert response.status_code == 303
    incident = db.session.scalars(sa.select(Incident)).one()
    assert incident.origin == "anonymous"
    assert incident.reporter_id is None and incident.entered_by_id is None
    # No audit entry names the reporter, and the report is not listed as theirs.
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0
    assert "Your reports" not in client.get("/attacks/report").get_data(as_text=True)
    # Only the app, holding the key, can tell that this member made it.
    assert anonymity.made_by(other, incident)
    dump = raw_database_text(db.engine)
    assert "teléfonos" not in dump
    assert "Cauca" not in dump
    import hashlib

    for candidate in (str(member.id), member.username):
        assert hashlib.sha256(candidate.encode()).hexdigest() not in dump
    row = (
        db.session.execute(
            sa.text("SELECT * FROM attack_incidents WHERE id = :id"), {"id": incident.id}
        )
        .mappings()
        .one()
    )
    assert member.id not in [v for k, v in row.items() if k not in ("id", "stat_key")]


def test_two_anonymous_reports_of_one_member_share_nothing(client, db, login_as) -> None:
    login_as("amina")
    for _ in range(2):
        client.post("/attacks/report", data=_report(anonymous="y"))
    first, second = db.session.scalars(sa.select(Incident).order_by(Incident.id)).all()
    assert first.reporter_salt != second.reporter_salt
    assert first.reporter_proof != second.reporter_proof


def test_no_free_text_name_or_province_in_a_dump(client, db, documenter) -> None:
    make_incident(
        documenter,
        consents=["internal", "named"],
        victim_names="Ana Pérez Quintero",
        province="Putumayo",
        account="Panfleto firmado en la vereda.",
    )
    dump = raw_database_text(db.engine)
    for secret in ("Ana Pérez Quintero", "Putumayo", "Panfleto firmado"):
        assert secret not in dump


def test_visitors_cannot_report(client) -> None:
    response = client.get("/attacks/report")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
