"""Documenters record, edit, verify and reject incidents; every read is audited; analysts
see records without the account; members see none."""

from __future__ import annotations

import sqlalchemy as sa

from forum.attacks.models import Act, Incident
from forum.models import AuditEntry, Role
from tests.attacks.factories import form_fields, make_incident
from tests.conftest import login


def test_documenter_records_an_incident_from_the_form(client, db, documenter) -> None:
    login(client, "documenter")
    assert client.get("/attacks/records/new").status_code == 200
    response = client.post("/attacks/records/new", data=form_fields())
    assert response.status_code == 303
    incident = db.session.scalars(sa.select(Incident)).one()
    assert response.headers["Location"].endswith(f"/attacks/records/{incident.id}")
    assert incident.status == "reported"
    assert incident.occurred_on.isoformat() == "2025-05-01"  # month precision: no day kept
    assert sorted((a.violation, a.subtype) for a in incident.acts) == [
        ("digital", "surveillance"),
        ("threats", "death-threat"),
    ]
    assert [g.group for g in incident.groups] == ["women"]
    assert incident.province == "Cauca"
    assert incident.consent_for("aggregate") is not None
    page = client.get(f"/attacks/records/{incident.id}").get_data(as_text=True)
    assert "A note at the community radio." in page


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, db, documenter) -> None:
    login(client, "documenter")
    cases = [
        (form_fields(acts=None), "Choose at least one act"),
        (form_fields(acts=["threats:killing"]), "Choose only from the options offered."),
        (form_fields(country="XX"), "Choose only from the options offered."),
        (form_fields(setting="suburban"), "Choose only from the options offered."),
        (form_fields(occurred_on="2999-01-01"), "cannot be in the future"),
        (form_fields(occurred_on="not a date"), "Please correct the highlighted fields."),
        (
            form_fields(victim_names="Ana Pérez"),
            "Names can be recorded only with consent to publication as a named case.",
        ),
        (form_fields(province="x" * 121), "Use at most 120 characters."),
        (form_fields(perpetrator_2="state:mafia"), "Choose only from the options offered."),
        (form_fields(perpetrator_3="armed-group"), "Choose only from the options offered."),
        (form_fields(perpetrator=""), "Choose only from the options offered."),
    ]
    for data, message in cases:
        response = client.post("/attacks/records/new", data=data)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_an_incident_can_have_several_perpetrators(client, db, documenter) -> None:
    """Police acting with a company's guards: both kinds are recorded, each once."""
    login(client, "documenter")
    page = client.get("/attacks/records/new").get_data(as_text=True)
    assert 'name="perpetrator_2"' in page and 'name="perpetrator_3"' in page
    data = form_fields(
        perpetrator="state:police",
        involvement="direct",
        perpetrator_2="non-state:company",
        involvement_2="ordered",
        perpetrator_3="state:police",  # the same one twice counts once
        involvement_3="direct",
    )
    assert client.post("/attacks/records/new", data=data).status_code == 303
    incident = db.session.scalars(sa.select(Incident)).one()
    assert sorted((p.kind, p.branch, p.involvement) for p in incident.perpetrators) == [
        ("non-state", "company", "ordered"),
        ("state", "police", "direct"),
    ]
    edit = client.get(f"/attacks/records/{incident.id}/edit").get_data(as_text=True)
    assert edit.count("selected") >= 2
    assert '<option selected value="non-state:company">' in edit


def test_names_need_a_named_case_consent_and_go_when_it_is_withdrawn(
    client, db, documenter
) -> None:
    login(client, "documenter")
    data = form_fields(consents=["internal", "named"], victim_names="Ana Pérez")
    assert client.post("/attacks/records/new", data=data).status_code == 303
    incident = db.session.scalars(sa.select(Incident)).one()
    assert incident.victim_names == "Ana Pérez"
    assert "Ana Pérez" in client.get(f"/attacks/records/{incident.id}").get_data(as_text=True)
    response = client.post(f"/attacks/records/{incident.id}/withdraw", data={"use": "named"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Incident, incident.id).victim_names is None


def test_verify_reject_and_edit(client, db, documenter) -> None:
    incident = make_incident(documenter, status="reported")
    login(client, "documenter")
    client.post(f"/attacks/records/{incident.id}/review", data={"status": "verified"})
    db.session.expire_all()
    assert db.session.get(Incident, incident.id).status == "verified"
    client.post(f"/attacks/records/{incident.id}/review", data={"status": "rejected"})
    db.session.expire_all()
    assert db.session.get(Incident, incident.id).status == "rejected"
    client.post(f"/attacks/records/{incident.id}/review", data={"status": "deleted"})
    db.session.expire_all()
    assert db.session.get(Incident, incident.id).status == "rejected"
    page = client.get(f"/attacks/records/{incident.id}/edit").get_data(as_text=True)
    assert 'value="threats:death-threat" checked' in page
    response = client.post(
        f"/attacks/records/{incident.id}/edit", data=form_fields(acts=["raids:seizure"])
    )
    assert response.status_code == 303
    acts = db.session.scalars(sa.select(Act).where(Act.incident_id == incident.id)).all()
    assert [(a.violation, a.subtype) for a in acts] == [("raids", "seizure")]


def test_responses_and_links(client, db, documenter, make_user) -> None:
    from forum.exchanges import services as exchanges

    incident = make_incident(documenter)
    thread = exchanges.create_thread(
        documenter,
        title="Radio safety",
        body="How we did it.",
        language="en",
        tags=exchanges.Tags(regions=["americas"], risks=["threats"]),
        visibility="members",
    )
    db.session.commit()
    login(client, "documenter")
    client.post(
        f"/attacks/records/{incident.id}/responses", data={"kind": "legal", "outcome": "worked"}
    )
    client.post(f"/attacks/records/{incident.id}/links", data={"thread_id": str(thread.id)})
    client.post(f"/attacks/records/{incident.id}/links", data={"thread_id": "99999"})
    page = client.get(f"/attacks/records/{incident.id}").get_data(as_text=True)
    assert "Legal support" in page and "Worked" in page
    assert "Radio safety" in page


def test_every_read_of_a_record_is_audited(client, db, documenter, make_user) -> None:
    incident = make_incident(documenter)
    analyst = make_user("analyst", roles=[Role.ANALYST])
    login(client, "analyst")
    client.get(f"/attacks/records/{incident.id}")
    client.get(f"/attacks/records/{incident.id}")
    reads = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.action == "attacks.read", AuditEntry.target_id == incident.id
        )
    ).all()
    assert [entry.actor_id for entry in reads] == [analyst.id, analyst.id]


def test_analysts_never_see_the_account_province_or_names(client, db, documenter, make_user):
    incident = make_incident(
        documenter, consents=["internal", "aggregate", "named"], victim_names="Ana Pérez"
    )
    make_user("analyst", roles=[Role.ANALYST])
    login(client, "analyst")
    page = client.get(f"/attacks/records/{incident.id}").get_data(as_text=True)
    assert "community radio" not in page
    assert "Cauca" not in page
    assert "Ana Pérez" not in page
    assert client.get(f"/attacks/records/{incident.id}/edit").status_code == 403
    assert client.get("/attacks/records").status_code == 200


def test_members_and_organizers_see_no_record(client, db, documenter, make_user) -> None:
    incident = make_incident(documenter)
    make_user("org", roles=[Role.ORGANIZER])
    login(client, "org")
    assert client.get(f"/attacks/records/{incident.id}").status_code == 403
    assert client.get("/attacks/records").status_code == 403


def test_a_documenter_without_two_factor_has_no_access(client, db, make_user) -> None:
    make_user("doc2", roles=[Role.DOCUMENTER], two_factor=False)
    login(client, "doc2")
    assert client.get("/attacks/records/new").status_code == 403


def test_the_record_page_takes_a_fixed_number_of_queries(
    client, db, documenter, count_queries
) -> None:
    login(client, "documenter")
    small = make_incident(documenter)
    big = make_incident(
        documenter,
        acts=[("threats", "death-threat"), ("raids", "seizure"), ("digital", "hacking")],
        groups=["women", "rural", "lawyers"],
    )
    counts = []
    for incident in (small, big):
        with count_queries() as counter:
            client.get(f"/attacks/records/{incident.id}")
        counts.append(counter.count)
    assert counts[0] == counts[1]
    for _ in range(30):
        make_incident(documenter)
    with count_queries() as counter:
        client.get("/attacks/records")
    many = counter.count
    for _ in range(30):
        make_incident(documenter)
    with count_queries() as counter:
        client.get("/attacks/records")
    assert counter.count == many
