"""Pages cost a fixed number of queries however many events or sessions there are."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.events.models import Event, EventStatus, EventText, Session, SessionText
from forum.events.registration.models import Registration, RegistrationStatus
from forum.models import Role
from tests.conftest import login
from tests.events.conftest import in_days

LOCALES = ("en", "es", "fr", "pt", "ar")
COUNTRIES = ("CO", "SN", "LB", "BR", "KE", "PH", "MX", "UA")


def add_events(db, organizer, count: int, *, start: int = 0) -> list[Event]:
    """Many events at once (the services would be slow for a thousand)."""
    events = []
    for number in range(start, start + count):
        starts_at = in_days(1 + number % 300, hour=8 + number % 9)
        event = Event(
            slug=f"event-{number}",
            kind=("conference", "seminar", "forum", "workshop", "training")[number % 5],
            status=EventStatus.DRAFT.value if number % 10 == 0 else EventStatus.PUBLISHED.value,
            default_locale="en",
            timezone=("America/Bogota", "Africa/Dakar", "Asia/Beirut")[number % 3],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=30),
            venue_name=f"Venue {number}",
            city="City",
            country=COUNTRIES[number % len(COUNTRIES)],
            location_confidential=number % 3 == 0,
            interpretation_languages=["ar", "fr"] if number % 4 == 0 else [],
        )
        event.texts = [
            EventText(locale=code, title=f"Event {number} ({code})", summary="Summary")
            for code in LOCALES[: 1 + number % 5]
        ]
        event.organizers = [organizer]
        events.append(event)
    db.session.add_all(events)
    db.session.commit()
    return events


def add_sessions(db, event: Event, count: int) -> None:
    rooms = ("Sala 1", "Sala 2", "Sala 3", "")
    for number in range(count):
        starts_at = event.starts_at + timedelta(minutes=30 * (number // 4))
        session = Session(
            event_id=event.id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            room=rooms[number % 4],
            kind="panel",
            speakers=["Speaker A", "Speaker B"],
            languages=["en", "es"],
            position=number,
            cancelled_at=starts_at if number % 25 == 0 else None,
        )
        session.texts = [
            SessionText(locale=code, title=f"Session {number} ({code})") for code in LOCALES
        ]
        db.session.add(session)
    db.session.commit()


def list_queries(client, count_queries, path: str) -> int:
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("viewer", ["anonymous", "member", "organizer", "staff"])
def test_event_list_queries_do_not_grow_with_events(
    client, db, count_queries, organizer, make_user, viewer
):
    if viewer == "member":
        member = make_user("amina")
    elif viewer == "staff":
        make_user("staffer", roles=[Role.STAFF])
    few = add_events(db, organizer, 10)
    if viewer == "member":
        for event in few[:3]:
            db.session.add(
                Registration(
                    event_id=event.id, user_id=member.id, status=RegistrationStatus.APPROVED.value
                )
            )
        db.session.commit()
    name = {"member": "amina", "organizer": "lucia", "staff": "staffer"}.get(viewer)
    if name:
        login(client, name)

    paths = ("/events/", "/events/?language=fr&region=africa", "/events/?when=past", "/")
    small = {path: list_queries(client, count_queries, path) for path in paths}
    add_events(db, organizer, 990, start=10)
    large = {path: list_queries(client, count_queries, path) for path in paths}
    assert large == small
    assert small["/events/"] <= 8, small


def test_agenda_queries_do_not_grow_with_sessions(client, db, count_queries, make_event):
    small_event = make_event("Small agenda", starts_at=in_days(20))
    large_event = make_event("Large agenda", starts_at=in_days(40), hours=60)
    add_sessions(db, small_event, 10)
    add_sessions(db, large_event, 300)

    slugs = {10: small_event.slug, 300: large_event.slug}

    def queries(sessions: int, page: str = "agenda") -> int:
        path = f"/events/{slugs[sessions]}/{page}"
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('class="tt-session') == sessions
        return counter.count

    assert queries(300) == queries(10) <= 5
    login(client, "lucia")
    assert queries(300) == queries(10)
    assert queries(300, "manage/") == queries(10, "manage/")


def test_detail_page_queries(client, db, count_queries, make_event, make_user):
    path = f"/events/{make_event(confidential=True).slug}/"
    with count_queries() as anonymous:
        assert client.get(path).status_code == 200
    make_user("amina")
    login(client, "amina")
    with count_queries() as member:
        assert client.get(path).status_code == 200
    # Anonymous: the event, the library's works used there, the call for proposals
    # (forum.proposals' panel) and the registration counts. A member adds their account,
    # roles, registration and the approval check.
    assert anonymous.count <= 4, anonymous.statements
    assert member.count <= anonymous.count + 4, member.statements
