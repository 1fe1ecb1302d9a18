"""Workshop sign-up: seats, leaving, the personal calendar feed, the facilitator's list,
the organizer's settings, and what export and erasure do with seats."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from forum.events.calendar import services as calendar_services
from forum.events.models import Event, Session
from forum.events.registration.models import Registration
from forum.events.workshops import services
from forum.events.workshops.models import WorkshopSettings, WorkshopSignup
from forum.models import AuditEntry, Role
from forum.profiles import data_rights
from tests.conftest import login


def _signups(db, session_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(WorkshopSignup)
        .where(WorkshopSignup.session_id == session_id)
    )


def _sign_up(client, event: Event, session: Session):
    return client.post(f"/events/{event.slug}/workshops/{session.id}/sign-up")


def test_a_participant_signs_up_and_gives_the_seat_back(
    client, db, make_event, make_workshop, approved
):
    event = make_event()
    workshop = make_workshop(event, capacity=2)
    ines = approved(event, "ines")
    login(client, ines.username)

    page = client.get(f"/events/{event.slug}/workshops").get_data(as_text=True)
    assert "2 seats left" in page

    response = _sign_up(client, event, workshop)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have a seat" in page
    assert "1 seat left" in page
    assert "Your workshops" in page
    assert _signups(db, workshop.id) == 1

    # Twice is refused, with a message, and nothing more is saved.
    again = client.get(_sign_up(client, event, workshop).headers["Location"])
    assert "You have already signed up for this session." in again.get_data(as_text=True)
    assert _signups(db, workshop.id) == 1

    left = client.post(f"/events/{event.slug}/workshops/{workshop.id}/leave")
    assert "Your seat is given back." in client.get(left.headers["Location"]).get_data(as_text=True)
    assert _signups(db, workshop.id) == 0


def test_a_full_workshop_refuses_the_next_person(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event, capacity=1)
    first, second = approved(event, "first"), approved(event, "second")
    login(client, first.username)
    assert _sign_up(client, event, workshop).status_code == 303
    client.post("/auth/logout")
    login(client, second.username)
    page = client.get(_sign_up(client, event, workshop).headers["Location"]).get_data(as_text=True)
    assert "This session is full." in page
    assert "Full" in page
    assert _signups(db, workshop.id) == 1


def test_the_refusal_is_translated(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event, capacity=1)
    first, second = approved(event, "first"), approved(event, "second")
    login(client, first.username)
    _sign_up(client, event, workshop)
    client.post("/auth/logout")
    login(client, second.username)
    client.post("/locale", data={"locale": "es"})
    response = _sign_up(client, event, workshop)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This session is full." not in page
    assert _signups(db, workshop.id) == 1


def test_only_approved_participants_sign_up(client, db, make_event, make_workshop, make_user):
    event = make_event()
    workshop = make_workshop(event)
    login(client, make_user("stranger").username)
    assert _sign_up(client, event, workshop).status_code == 403
    assert _signups(db, workshop.id) == 0


def test_a_session_without_sign_up_takes_none(client, db, make_event, make_workshop, approved):
    event = make_event()
    plenary = make_workshop(event, capacity=None)
    login(client, approved(event, "ines").username)
    page = client.get(_sign_up(client, event, plenary).headers["Location"]).get_data(as_text=True)
    assert "This session takes no sign-ups." in page


def test_a_cancelled_registration_frees_its_seat(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event, capacity=1)
    ines = approved(event, "ines")
    login(client, ines.username)
    _sign_up(client, event, workshop)
    client.post(f"/events/{event.slug}/register/cancel")
    assert services.seats_taken(workshop.id) == 0
    client.post("/auth/logout")
    login(client, approved(event, "omar").username)
    assert "You have a seat" in client.get(
        _sign_up(client, event, workshop).headers["Location"]
    ).get_data(as_text=True)


# --- the personal calendar feed ------------------------------------------------------------


def test_the_personal_feed_holds_the_workshops_signed_up_for(
    client, db, make_event, make_workshop, approved
):
    event = make_event()
    chosen = make_workshop(event, title="Chosen clinic", hours_in=2)
    other = make_workshop(event, title="Other clinic", hours_in=4)
    plenary = make_workshop(event, title="Opening plenary", capacity=None, hours_in=1)
    ines = approved(event, "ines")
    login(client, ines.username)
    _sign_up(client, event, chosen)

    body = calendar_services.personal_calendar(ines, "en").body.decode()
    unfolded = re.sub(r"\r\n[ \t]", "", body)
    assert "Chosen clinic" in unfolded
    assert "You have a seat in this workshop." in unfolded
    assert "Opening plenary" in unfolded  # sessions without sign-up stay in everyone's feed
    assert "Other clinic" not in unfolded
    assert other.id and plenary.id


# --- the facilitator's list ---------------------------------------------------------------


def _move_to_now(db, session: Session) -> None:
    now = services.utcnow()
    session.starts_at = now - timedelta(minutes=5)
    session.ends_at = now + timedelta(minutes=55)
    db.session.commit()


def test_the_facilitator_sees_names_only_while_the_session_runs(
    client, db, make_event, make_workshop, approved, make_user
):
    event = make_event()
    facilitator = make_user("facil", two_factor=True)
    workshop = make_workshop(event, facilitators=[facilitator])
    ines = approved(event, "ines", badge_name="Inés R.")
    login(client, ines.username)
    _sign_up(client, event, workshop)
    client.post("/auth/logout")

    login(client, facilitator.username)
    url = f"/events/{event.slug}/workshops/{workshop.id}/people"
    before = client.get(url)
    assert before.status_code == 200
    text = before.get_data(as_text=True)
    assert "Inés R." not in text
    assert "1 of 3 seats taken." in text
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "workshop.signups_view")
        )
        == 0
    )

    _move_to_now(db, workshop)
    during = client.get(url).get_data(as_text=True)
    assert "Inés R." in during
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "workshop.signups_view")
    ).all()
    assert [(e.actor_id, e.target_id) for e in entries] == [(facilitator.id, workshop.id)]

    # After the end: a count again.
    workshop.starts_at = services.utcnow() - timedelta(hours=2)
    workshop.ends_at = services.utcnow() - timedelta(hours=1)
    db.session.commit()
    assert "Inés R." not in client.get(url).get_data(as_text=True)


def test_others_do_not_see_the_list(client, db, make_event, make_workshop, approved, make_user):
    event = make_event()
    no_2fa = make_user("facil", two_factor=False)
    workshop = make_workshop(event, facilitators=[no_2fa])
    _move_to_now(db, workshop)
    login(client, approved(event, "ines").username)
    url = f"/events/{event.slug}/workshops/{workshop.id}/people"
    assert client.get(url).status_code == 403
    client.post("/auth/logout")
    login(client, no_2fa.username)
    assert client.get(url).status_code == 403  # a facilitator needs two-factor sign-in


def test_the_organizer_sees_the_list_while_it_runs(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event)
    approved(event, "ines", badge_name="Inés R.")
    registration = db.session.scalar(sa.select(Registration))
    db.session.add(WorkshopSignup(session_id=workshop.id, registration_id=registration.id))
    db.session.commit()
    _move_to_now(db, workshop)
    login(client, event.organizers[0].username)
    assert "Inés R." in client.get(f"/events/{event.slug}/workshops/{workshop.id}/people").get_data(
        as_text=True
    )


# --- the organizer's settings --------------------------------------------------------------


def test_the_organizer_opens_sign_up(client, db, make_event, make_workshop, make_user):
    event = make_event()
    session = make_workshop(event, capacity=None)
    make_user("facil", two_factor=True)
    login(client, event.organizers[0].username)
    url = f"/events/{event.slug}/manage/sessions/{session.id}/workshop"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"capacity": "12", "facilitators": "facil"})
    assert response.status_code == 303
    db.session.expire_all()
    settings = db.session.get(WorkshopSettings, session.id)
    assert settings.capacity == 12
    assert [p.username for p in settings.facilitators] == ["facil"]


def test_bad_settings_are_refused_and_nothing_saved(client, db, make_event, make_workshop):
    event = make_event()
    session = make_workshop(event, capacity=None)
    login(client, event.organizers[0].username)
    url = f"/events/{event.slug}/manage/sessions/{session.id}/workshop"
    for data, message in [
        ({"capacity": "abc"}, "Enter a whole number."),
        ({"capacity": "0"}, "Enter a number from 1 to 10000."),
        ({"capacity": "5", "facilitators": "nobody-here"}, "No account has the user name"),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert db.session.get(WorkshopSettings, session.id) is None
    client.post("/locale", data={"locale": "fr"})
    response = client.post(url, data={"capacity": "abc"})
    assert response.status_code == 422
    assert "Enter a whole number." not in response.get_data(as_text=True)


def test_the_capacity_cannot_drop_below_the_seats_taken(
    client, db, make_event, make_workshop, approved
):
    event = make_event()
    workshop = make_workshop(event, capacity=3)
    for name in ("a1", "a2"):
        login(client, approved(event, name).username)
        _sign_up(client, event, workshop)
        client.post("/auth/logout")
    login(client, event.organizers[0].username)
    url = f"/events/{event.slug}/manage/sessions/{workshop.id}/workshop"
    response = client.post(url, data={"capacity": "1"})
    assert response.status_code == 422
    assert "the capacity cannot be lower" in response.get_data(as_text=True)
    response = client.post(url, data={"capacity": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(WorkshopSettings, workshop.id).capacity == 3


def test_members_cannot_change_settings(client, db, make_event, make_workshop, approved):
    event = make_event()
    session = make_workshop(event)
    login(client, approved(event, "ines").username)
    url = f"/events/{event.slug}/manage/sessions/{session.id}/workshop"
    assert client.post(url, data={"capacity": "99"}).status_code == 403


# --- export and erasure -------------------------------------------------------------------


def test_seats_are_exported_and_erased(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event)
    ines = approved(event, "ines")
    login(client, ines.username)
    _sign_up(client, event, workshop)
    exported = data_rights.export_user(ines)
    assert [seat["session"] for seat in exported["workshop_seats"]] == ["Digital security clinic"]
    data_rights.erase_user(ines, keep_posts=False)
    db.session.commit()
    assert _signups(db, workshop.id) == 0


def test_staff_role_alone_is_not_a_facilitator(client, db, make_event, make_workshop, make_user):
    event = make_event()
    workshop = make_workshop(event)
    _move_to_now(db, workshop)
    staff = make_user("staffer", roles=[Role.STAFF])
    login(client, staff.username)
    assert client.get(f"/events/{event.slug}/workshops/{workshop.id}/people").status_code == 403


def test_the_retention_purge_takes_the_seats_and_leaves_anonymous_answers(
    client, db, make_event, make_workshop, approved
):
    from forum.events.feedback import services as feedback_services
    from forum.events.feedback.models import Survey, SurveyResponse
    from forum.events.registration.retention import purge_event

    event = make_event()
    workshop = make_workshop(event)
    ines = approved(event, "ines")
    services.sign_up(ines, event, workshop.id)
    db.session.commit()
    # The event took place long ago; Inés answered its survey.
    shift = event.starts_at - (services.utcnow() - timedelta(days=90))
    event.starts_at -= shift
    event.ends_at -= shift
    workshop.starts_at -= shift
    workshop.ends_at -= shift
    survey = Survey(event_id=event.id, session_id=workshop.id, is_open=True)
    db.session.add(survey)
    db.session.commit()
    feedback_services.answer(ines, survey, 5, {})
    db.session.commit()

    assert purge_event(event.id) is not None
    db.session.commit()
    assert _signups(db, workshop.id) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)) == 1


def test_the_organizers_agenda_shows_seats_taken(client, db, make_event, make_workshop, approved):
    event = make_event()
    workshop = make_workshop(event, capacity=4)
    services.sign_up(approved(event, "ines"), event, workshop.id)
    db.session.commit()
    login(client, event.organizers[0].username)
    page = client.get(f"/events/{event.slug}/manage/").get_data(as_text=True)
    assert "1 of 4 seats taken." in page
