"""My data shows what staff did with it; erasure keeps of the audit log only what holds staff
to account, pointing at nobody (docs/DATA_RIGHTS.md)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from forum.auth import resets
from forum.auth import services as accounts
from forum.events.exports.badges import services as badges
from forum.events.registration import services as registrations
from forum.models import AuditEntry, AuditSubject, Role
from forum.security import audit
from tests.conftest import PASSWORD, login
from tests.rawdb import raw_database_text


def _staff_acted_on(db, person, event, organizer, admin, enrol):
    joao = accounts.create_user("joao", "Joao", PASSWORD)
    db.session.commit()
    registration = enrol(event, person, badge_name="Amina Q.")
    other = enrol(event, joao, badge_name="Joao B.")
    registrations.set_checked_in(event, registration, actor=organizer, arrived=True)
    badges.render_badges_now(event, [registration, other], "a6", "en", organizer)
    accounts.grant_role(admin, person, Role.ORGANIZER)
    resets.issue(person, issued_by=admin)
    # And something about someone else only, which is none of Amina's business.
    registrations.set_checked_in(event, other, actor=organizer, arrived=True)
    db.session.commit()
    return registration


def test_the_export_shows_what_staff_did_with_my_data(client, db, make_user, make_event, enrol):
    organizer = make_user("olu", roles=[Role.ORGANIZER], display_name="Olu Organizer")
    admin = make_user("ada", roles=[Role.ADMIN], display_name="Ada Admin")
    person = make_user("amina", display_name="Amina")
    event = make_event(title="Dakar convening", organizers=[organizer])
    _staff_acted_on(db, person, event, organizer, admin, enrol)

    login(client, "amina")
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))

    done = [(entry["action"], entry["by"]) for entry in data["done_with_my_data"]]
    assert done == [
        ("registration.check_in", "organizer"),
        ("badges.export", "organizer"),
        ("role.grant", "admin"),
        ("password_reset.issue", "admin"),
    ]
    first = data["done_with_my_data"][0]
    assert first["what"] == "Checked someone in"
    assert first["event"] == {"slug": event.slug, "title": "Dakar convening"}
    text = json.dumps(data, ensure_ascii=False)
    # Staff are named by their function, never by name; nobody else's entries appear.
    assert "Olu Organizer" not in text and "Ada Admin" not in text and "Joao" not in text


def test_the_export_is_worded_in_my_language(client, db, make_user, make_event, enrol):
    organizer = make_user("olu", roles=[Role.ORGANIZER])
    person = make_user("amina", locale="es")
    event = make_event(organizers=[organizer])
    registration = enrol(event, person)
    registrations.set_checked_in(event, registration, actor=organizer, arrived=True)
    db.session.commit()
    login(client, "amina")
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert data["done_with_my_data"][0]["what"] == "Registró la llegada de alguien"


def test_erasure_keeps_staff_accountable_and_points_at_nobody(
    client, db, make_user, make_event, enrol
):
    organizer = make_user("olu", roles=[Role.ORGANIZER])
    admin = make_user("ada", roles=[Role.ADMIN])
    person = make_user("amina", display_name="Amina Quillfeather")
    event = make_event(organizers=[organizer])
    registration = _staff_acted_on(db, person, event, organizer, admin, enrol)
    person_id, registration_id = person.id, registration.id
    audit(person, "two_factor.on", target_type="user", target_id=person_id)
    db.session.commit()

    login(client, "amina")
    response = client.post(
        "/account/data/erase", data={"password": PASSWORD, "posts": "delete", "confirm": "y"}
    )
    assert response.status_code == 303
    db.session.expire_all()

    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [entry.action for entry in entries]
    # Staff's doings stay: the check-ins, the export, the role, the reset link.
    for action in ("registration.check_in", "badges.export", "role.grant", "password_reset.issue"):
        assert action in actions, action
    # Her own doing on her own account is gone.
    assert "two_factor.on" not in actions
    # Nothing points at her any more: no subject row, no account or registration target.
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditSubject)
            .where(AuditSubject.user_id == person_id)
        )
        == 0
    )
    for entry in entries:
        if entry.target_type == "user":
            assert entry.target_id != person_id, entry.action
        if entry.target_type == "registration":
            assert entry.target_id != registration_id, entry.action
    # The other registrant's check-in still names their registration.
    assert sum(1 for e in entries if e.target_type == "registration" and e.target_id) == 1
    assert "Quillfeather" not in raw_database_text(db.engine)
