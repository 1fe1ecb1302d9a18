"""The audit pages name what each entry was about, and reading them is itself recorded."""

from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, Role
from forum.security import audit
from tests.registration.factories import create_event, enrol_user


def _actions(user_id: int) -> list[str]:
    return list(
        db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.actor_id == user_id))
    )


def test_admin_audit_names_the_person_and_the_event_once(client, login_as, make_user) -> None:
    admin = login_as("amina", Role.ADMIN)
    organizer = make_user("olu", roles=[Role.ORGANIZER])
    member = make_user("lena", display_name="Lena Q")
    event = create_event(1, [organizer], title="Court watch seminar")
    registration = enrol_user(event, member)
    audit(organizer, "event.cancel", target_type="event", target_id=event.id, event_id=event.id)
    audit(
        organizer,
        "registration.check_in",
        target_type="registration",
        target_id=registration.id,
        event_id=event.id,
    )
    db.session.commit()

    page = client.get("/admin/audit").get_data(as_text=True)

    # Not "event 1 · event 1": the event's title, once, and the person checked in.
    assert "event 1 · event 1" not in page
    assert page.count("<bdi>Court watch seminar</bdi>") == 2
    assert "<bdi>Lena Q</bdi> · <bdi>Court watch seminar</bdi>" in page
    assert "Checked someone in" in page
    assert "admin.audit_view" in _actions(admin.id)


def test_event_audit_page_names_the_registrant_and_is_recorded(client, login_as, make_user) -> None:
    organizer = login_as("olu", Role.ORGANIZER)
    member = make_user("lena", display_name="Lena Q")
    event = create_event(1, [organizer])
    registration = enrol_user(event, member)
    audit(
        organizer,
        "registration.check_in",
        target_type="registration",
        target_id=registration.id,
        event_id=event.id,
    )
    db.session.commit()

    page = client.get(f"/events/{event.slug}/manage/audit").get_data(as_text=True)

    assert "<bdi>Lena Q</bdi>" in page
    assert f"registration {registration.id}" not in page
    assert "event_audit.view" in _actions(organizer.id)
    # The reading shows on the next reading of the page.
    again = client.get(f"/events/{event.slug}/manage/audit").get_data(as_text=True)
    assert "Read this audit log" in again
