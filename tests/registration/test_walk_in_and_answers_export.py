"""Walk-ins at the desk (register and check in at once, within capacity) and the attendee
CSV with answers (sensitive ones only for the event's organizers, every export audited)."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.models import AuditEntry, Role
from forum.notices.models import Notice
from tests.conftest import login


def registration_of(db, event, user) -> Registration | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


@pytest.fixture
def door(make_event, make_user, enrol):
    """A two-place event with one approved person; returns (event, organizer)."""
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(capacity=2, organizers=[organizer])
    enrol(event, make_user("amina", display_name="Amina K."))
    return event, organizer


def walk_in(client, event, **data):
    return client.post(f"/events/{event.slug}/manage/check-in/walk-in", data=data)


def test_a_walk_in_is_registered_approved_and_checked_in_in_one_step(client, db, door, make_user):
    event, organizer = door
    rosa = make_user("rosa", display_name="Rosa")
    login(client, "lucia")
    response = walk_in(client, event, username="Rosa", badge_name="Rosa M.")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Registered and checked in. Welcome!" in html and "Rosa M." in html
    registration = registration_of(db, event, rosa)
    assert registration.status == "approved" and registration.checked_in_at is not None
    assert registration.decided_at is not None
    assert (
        db.session.scalar(
            sa.select(AuditEntry.actor_id).where(AuditEntry.action == "registration.walk_in")
        )
        == organizer.id
    )
    assert (
        db.session.scalar(
            sa.select(Notice.kind).where(Notice.event_id == event.id, Notice.user_id == rosa.id)
        )
        == "approved"
    )


def test_a_walk_in_when_the_event_is_full_is_refused_and_nothing_is_saved(
    client, db, door, make_user
):
    event, _ = door
    make_user("rosa")
    late = make_user("late", display_name="Late")
    login(client, "lucia")
    assert walk_in(client, event, username="rosa").status_code == 200
    response = walk_in(client, event, username="late")
    assert response.status_code == 409
    assert "The event is full: there is no place left for a walk-in." in response.get_data(
        as_text=True
    )
    assert registration_of(db, event, late) is None


def test_a_walk_in_who_was_pending_or_waitlisted_takes_a_free_place(
    client, db, make_event, make_user, enrol
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(capacity=5, requires_approval=True, organizers=[organizer])
    nadia = make_user("nadia")
    enrol(event, nadia)
    login(client, "lucia")
    assert walk_in(client, event, username="nadia").status_code == 200
    registration = registration_of(db, event, nadia)
    assert registration.status == "approved" and registration.checked_in_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": ""}, "This field is required."),
        ({"username": "nobody-has-this"}, "No member has this username."),
        ({"username": "x" * 101}, "Use at most 100 characters."),
        ({"username": "rosa", "badge_name": "x" * 200}, "Use at most"),
    ],
)
def test_bad_walk_in_input_is_refused_with_a_message(client, db, door, make_user, data, message):
    event, _ = door
    make_user("rosa")
    login(client, "lucia")
    response = walk_in(client, event, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_declined_and_already_checked_in_people_are_not_walked_in(
    client, db, door, make_user, enrol
):
    event, organizer = door
    from forum.events.registration import services

    tomas = make_user("tomas")
    registration = enrol(event, tomas)
    services.decide(event.id, [registration.id], services.Decision.DECLINE, actor=organizer)
    db.session.commit()
    login(client, "lucia")
    response = walk_in(client, event, username="tomas")
    assert response.status_code == 409
    assert "The organizers declined this person" in response.get_data(as_text=True)
    assert registration_of(db, event, tomas).status == "declined"
    assert walk_in(client, event, username="amina").status_code == 200  # approved: checked in
    again = walk_in(client, event, username="amina")
    assert again.status_code == 409
    assert "registered and checked in already" in again.get_data(as_text=True)


def test_staff_check_people_in_but_do_not_register_walk_ins(client, db, door, make_user):
    event, _ = door
    make_user("sam", roles=[Role.STAFF])
    rosa = make_user("rosa")
    login(client, "sam")
    desk = client.get(f"/events/{event.slug}/manage/check-in").get_data(as_text=True)
    assert "Walk-in" not in desk
    assert walk_in(client, event, username="rosa").status_code == 403
    assert registration_of(db, event, rosa) is None


# --- the attendee CSV with answers -----------------------------------------------------


@pytest.fixture
def answered(make_event, make_user, make_question, enrol):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = make_event(organizers=[organizer])
    meal = make_question(event, "single_choice", label="Meal", choices=["Vegan", "Any"])
    health = make_question(event, "short_text", label="Medical needs", sensitive=True)
    note = make_question(event, "short_text", label="Anything else?")
    vegan = next(c["key"] for c in meal.choices if c["labels"]["en"] == "Vegan")
    enrol(
        event,
        make_user("amina", display_name="Amina K."),
        {meal.id: vegan, health.id: "Insulin in the fridge", note.id: "=HYPERLINK(1)"},
    )
    return event, meal, health, note


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_organizers_export_chosen_answers_with_sensitive_ones_and_it_is_audited(
    client, db, answered
):
    event, meal, health, note = answered
    login(client, "lucia")
    page = client.get(f"/events/{event.slug}/manage/attendees").get_data(as_text=True)
    assert "Medical needs" in page and "Sensitive" in page
    response = client.get(
        f"/events/{event.slug}/manage/attendees.csv"
        f"?question={meal.id}&question={health.id}&question={note.id}"
    )
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    heading, row = read_csv(response)
    assert heading[-3:] == ["Meal", "Medical needs", "Anything else?"]
    assert row[-3:] == ["Vegan", "Insulin in the fridge", "'=HYPERLINK(1)"]  # defused
    detail = db.session.scalars(
        sa.select(AuditEntry.detail).where(AuditEntry.action == "attendees.export")
    ).all()
    assert detail == [f"count=1 questions={meal.id},{health.id},{note.id} sensitive={health.id}"]


def test_staff_export_answers_but_never_sensitive_ones(client, db, answered, make_user):
    event, meal, health, _ = answered
    make_user("sam", roles=[Role.STAFF])
    login(client, "sam")
    page = client.get(f"/events/{event.slug}/manage/attendees").get_data(as_text=True)
    assert "Meal" in page and "Medical needs" not in page
    refused = client.get(
        f"/events/{event.slug}/manage/attendees.csv?question={meal.id}&question={health.id}"
    )
    assert refused.status_code == 400
    assert "One of the questions asked for cannot be exported." in refused.get_data(as_text=True)
    assert "Insulin" not in refused.get_data(as_text=True)
    assert not db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "attendees.export")
    ).all()
    allowed = client.get(f"/events/{event.slug}/manage/attendees.csv?question={meal.id}")
    assert read_csv(allowed)[1][-1] == "Vegan"


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999", "1e3", ""])
def test_export_refuses_unknown_questions(client, db, answered, value):
    event, *_ = answered
    login(client, "lucia")
    response = client.get(f"/events/{event.slug}/manage/attendees.csv?question={value}")
    assert response.status_code == 400


def test_export_refuses_a_question_of_another_event(
    client, db, answered, make_event, make_question
):
    event, *_ = answered
    other = make_event(organizers=event.organizers)
    foreign = make_question(other, "short_text", label="Elsewhere")
    login(client, "lucia")
    response = client.get(f"/events/{event.slug}/manage/attendees.csv?question={foreign.id}")
    assert response.status_code == 400


def test_export_without_questions_is_unchanged(client, db, answered):
    event, *_ = answered
    login(client, "lucia")
    heading, row = read_csv(client.get(f"/events/{event.slug}/manage/attendees.csv"))
    assert "Meal" not in heading and "Vegan" not in row
