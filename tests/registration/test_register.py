"""Registering through /events/<slug>/register: statuses, answers, consent and bad input."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.events.models import EventStatus
from forum.events.registration.models import Answer, Registration
from forum.models import utcnow
from tests.checks import assert_private_page
from tests.rawdb import raw_database_text
from tests.registration.conftest import choice_key


def registrations(db):
    return db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()


def test_signing_in_is_needed_to_register(client, make_event):
    event = make_event()
    response = client.get(f"/events/{event.slug}/register")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_unknown_and_draft_events_are_not_found(client, login_as, make_event):
    draft = make_event(status=EventStatus.DRAFT.value)
    login_as("amina")
    assert client.get("/events/nope/register").status_code == 404
    assert client.get(f"/events/{draft.slug}/register").status_code == 404


def test_the_form_shows_questions_in_my_language_and_the_privacy_notice(
    client, login_as, make_event, make_question
):
    lucia = login_as("lucia", display_name="Lucía")
    event = make_event(purge_after_days=45)
    make_question(event, label={"en": "Dietary needs", "es": "Necesidades alimentarias"})
    make_question(event, "yes_no", label={"en": "Do you need a visa letter?"}, required=True)
    client.post("/locale", data={"locale": "es", "next": "/"})
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Necesidades alimentarias" in page  # Spanish where written
    assert "Do you need a visa letter?" in page  # else the event's language
    assert event.organizers[0].display_name in page  # who sees the data
    assert "45" in page  # how long it is kept
    assert 'value="Lucía"' in page  # the badge name defaults to the display name
    assert lucia.username not in page
    assert_private_page(page)


def test_registering_for_an_open_event_approves_at_once(client, db, login_as, make_event, register):
    user = login_as("amina", display_name="Amina K.")
    event = make_event(capacity=5)
    response = register(event, listing="participants", locale="fr")
    assert response.status_code == 303
    (registration,) = registrations(db)
    assert (registration.user_id, registration.status) == (user.id, "approved")
    assert registration.badge_name == "Amina K."  # the display name unless chosen
    assert (registration.listing, registration.locale) == ("participants", "fr")
    assert registration.consented_at is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are registered" in page and "Approved" in page


def test_requests_for_an_approval_event_wait_for_review(client, db, login_as, make_event, register):
    login_as("amina")
    event = make_event(requires_approval=True, capacity=10)
    register(event)
    assert registrations(db)[0].status == "pending"
    assert "The organizers will review your request." in client.get(
        f"/events/{event.slug}/register"
    ).get_data(as_text=True)


def test_a_full_event_puts_requests_on_the_waiting_list_in_order(
    client, db, make_user, make_event, enrol, login_as, register
):
    event = make_event(capacity=1)
    enrol(event, make_user("first"))
    enrol(event, make_user("second"))
    login_as("third")
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "The event is full: new requests join the waiting list." in page
    response = register(event)
    assert response.status_code == 303
    statuses = [(r.status, r.waitlist_position) for r in registrations(db)]
    assert statuses == [("approved", None), ("waitlisted", 1), ("waitlisted", 2)]
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Number 2 on the waiting list." in page


def test_answers_are_saved_by_choice_key_and_sensitive_ones_only_encrypted(
    client, db, login_as, make_event, make_question, register
):
    login_as("amina")
    event = make_event()
    diet = make_question(
        event, "multiple_choice", label="Diet", choices=["Vegetarian", "Halal"], sensitive=True
    )
    country = make_question(event, "country", label="Country of residence")
    contact = make_question(event, label="Emergency contact", sensitive=True)
    note = make_question(event, "long_text", label="Anything else?")
    keys = [choice_key(diet, "Vegetarian"), choice_key(diet, "Halal")]
    response = register(
        event,
        {
            diet: keys,
            country: "CO",
            contact: "Quetzalcoatl Brightwater +57 300",
            note: "Arriving by bus from Xylophonetown",
        },
    )
    assert response.status_code == 303
    answers = {a.question_id: a for a in db.session.scalars(sa.select(Answer))}
    assert answers[diet.id].stored == '["c1", "c2"]'  # keys, never labels
    assert answers[country.id].value == '"CO"'
    stored = dict(db.session.execute(sa.text("SELECT question_id, value FROM answers")).all())
    assert stored[diet.id] is None and stored[contact.id] is None  # only in `secret`
    raw = raw_database_text(db.engine)
    assert "Quetzalcoatl" not in raw and "Brightwater" not in raw
    assert "Xylophonetown" in raw  # not sensitive: stored as written
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Vegetarian, Halal" in page and "Colombia" in page
    assert "Quetzalcoatl Brightwater" in page  # the person reads their own answers


def test_registering_in_arabic(client, db, login_as, make_event, register):
    login_as("layla", display_name="ليلى")
    event = make_event()
    client.post("/locale", data={"locale": "ar", "next": "/"})
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    # Each end of the dates is isolated: the zone ending the first ("… م UTC"), followed by
    # the second's digits, otherwise read as one left-to-right run ("UTC – 2027/01/08").
    start, end = re.search(r'<p class="meta">(.*?)</p>', page).group(1).split(" – ")
    assert start.startswith("<bdi>") and start.endswith("UTC</bdi>")
    assert end.startswith("<bdi>") and end.endswith("</bdi>")
    assert register(event, locale="ar").status_code == 303
    assert registrations(db)[0].locale == "ar"


def test_registering_again_after_cancelling_starts_afresh(
    client, db, login_as, make_event, make_question, register
):
    login_as("amina")
    event = make_event()
    question = make_question(event, label="Allergies")
    register(event, {question: "peanuts"})
    old_token = registrations(db)[0].checkin_token
    client.post(f"/events/{event.slug}/register/cancel")
    assert registrations(db)[0].status == "cancelled"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0
    assert register(event, {question: "none"}).status_code == 303
    (registration,) = registrations(db)
    assert registration.status == "approved"
    assert registration.checkin_token != old_token
    assert [a.stored for a in registration.answers] == ['"none"']


def _assert_refused(response, db, message, before):
    assert response.status_code == 422, response.status_code
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(r.id, r.status) for r in registrations(db)] == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0


@pytest.mark.parametrize(
    ("event_fields", "message"),
    [
        (
            {"registration_closes_at": utcnow() - timedelta(hours=1)},
            "Registration for this event is closed.",
        ),
        ({"registration_opens_at": utcnow() + timedelta(days=2)}, "Registration opens on"),
        ({"status": EventStatus.CANCELLED.value}, "This event is cancelled"),
        (
            {
                "starts_at": utcnow() - timedelta(days=3),
                "ends_at": utcnow() - timedelta(days=1),
            },
            "This event is over",
        ),
    ],
)
def test_closed_windows_are_refused_and_nothing_is_saved(
    client, db, login_as, make_event, register, event_fields, message
):
    login_as("amina")
    event = make_event(**event_fields)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert message in page and 'name="consent"' not in page
    _assert_refused(register(event), db, message, [])


def test_organizers_see_why_their_draft_takes_no_registrations(
    client, db, login_as, make_event, register
):
    organizer = login_as("lucia", two_factor=True)
    event = make_event(status=EventStatus.DRAFT.value, organizers=[organizer])
    message = "This event is not published yet"
    assert message in client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    _assert_refused(register(event), db, message, [])


def test_a_second_registration_is_refused(client, db, login_as, make_event, register):
    login_as("amina")
    event = make_event()
    register(event)
    before = [(r.id, r.status) for r in registrations(db)]
    _assert_refused(register(event), db, "You are already registered for this event.", before)


def test_declined_people_cannot_register_again(
    client, db, login_as, make_event, register, make_user, enrol
):
    from forum.events.registration import services

    user = login_as("amina")
    organizer = make_user("boss", display_name="Boss")
    event = make_event(requires_approval=True, organizers=[organizer])
    registration = enrol(event, user)
    services.decide(event.id, [registration.id], services.Decision.DECLINE, actor=organizer)
    db.session.commit()
    before = [(r.id, r.status) for r in registrations(db)]
    _assert_refused(register(event), db, "declined your request", before)


@pytest.mark.parametrize(
    ("kind", "setup", "answer", "message"),
    [
        (
            "single_choice",
            {"choices": ["Yes please", "No thanks"]},
            "c99",
            "Choose one of the options offered.",
        ),
        (
            "multiple_choice",
            {"choices": ["A", "B"]},
            ["c1", "c42"],
            "Choose one of the options offered.",
        ),
        ("short_text", {"required": True}, "", "This question needs an answer."),
        ("short_text", {}, "x" * 201, "Use at most 200 characters."),
        ("long_text", {}, "x" * 2001, "Use at most 2000 characters."),
        ("yes_no", {}, "maybe", "Choose yes or no."),
        ("country", {}, "XX", "Choose a country from the list."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    client, db, login_as, make_event, make_question, register, kind, setup, answer, message
):
    login_as("amina")
    event = make_event()
    question = make_question(event, kind, **setup)
    _assert_refused(register(event, {question: answer}), db, message, [])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": None}, "Please agree to the privacy notice to register."),
        ({"locale": "xx"}, "Choose one of the languages offered."),
        ({"listing": "everyone"}, "Choose who may see you in the participant list."),
        ({"badge_name": "b" * 61}, "Use at most 60 characters."),
    ],
)
def test_bad_registration_details_are_refused(
    client, db, login_as, make_event, register, overrides, message
):
    login_as("amina")
    event = make_event()
    _assert_refused(register(event, **overrides), db, message, [])


def test_a_question_added_while_the_form_was_open_is_not_skipped(
    db, make_user, make_event, make_question, enrol
):
    from forum.events.registration.services import RegistrationError

    event = make_event()
    first = make_question(event, label="Old question")
    later = make_question(event, label="New required question", required=True)
    with pytest.raises(RegistrationError, match="needs an answer"):
        enrol(event, make_user("amina"), {first.id: "hello"})
    db.session.rollback()
    with pytest.raises(RegistrationError, match="questions of this event have changed"):
        enrol(event, make_user("joao"), {later.id: "x", 999_999: "?"})
    db.session.rollback()
    assert registrations(db) == []
