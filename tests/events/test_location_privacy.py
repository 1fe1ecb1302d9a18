"""A confidential venue and online link reach only approved participants and the team.

Every page and response is tried as each kind of viewer who must not learn the place;
the venue name, the address and the link must never appear, in any language.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from forum.events.location import location_for
from forum.events.registration.models import Registration, RegistrationStatus
from forum.i18n import LOCALES
from forum.models import Role
from tests.conftest import login
from tests.events.conftest import ADDRESS, ONLINE, VENUE

SECRETS = (VENUE, ADDRESS, ONLINE, "secret-room-4471", "Teusaquillo")


@pytest.fixture
def hidden(make_event, make_session):
    """A confidential hybrid seminar with an agenda."""
    event = make_event(
        texts={"en": "Protection of land defenders", "es": "Protección de defensoras"},
        online_url=ONLINE,
        confidential=True,
    )
    make_session(event, "Opening", room="Sala 1")
    make_session(event, "Lunch", start_hours=3, kind="break")
    return event


def register(db, user, event, status: RegistrationStatus) -> Registration:
    registration = Registration(
        event_id=event.id,
        user_id=user.id,
        status=status.value,
        waitlist_position=1 if status is RegistrationStatus.WAITLISTED else None,
    )
    db.session.add(registration)
    db.session.commit()
    return registration


def pages_of(event) -> list[str]:
    slug = event.slug
    return [
        "/",
        "/events/",
        "/events/?region=americas",
        "/events/?country=CO",
        "/events/?language=es",
        "/events/?kind=seminar",
        f"/events/{slug}/",
        f"/events/{slug}/agenda",
        f"/events/{slug}/manage/",
        f"/events/{slug}/manage/edit",
        f"/events/{slug}/manage/sessions/new",
        f"/events/{slug}/nothing-here",
        "/events/?month=nonsense",
        "/no-such-page",
    ]


def assert_nothing_leaks(client: FlaskClient, event, who: str) -> None:
    for locale in LOCALES:
        client.set_cookie("forum_locale", locale)
        for path in pages_of(event):
            for accept in ("text/html", "application/json"):
                response = client.get(path, headers={"Accept": accept})
                body = response.get_data(as_text=True) + str(response.headers)
                for secret in SECRETS:
                    assert secret not in body, (who, locale, path, accept, secret)
    client.set_cookie("forum_locale", "en")


def test_visitors_members_and_applicants_never_see_the_venue(client, db, hidden, make_user):
    assert_nothing_leaks(client, hidden, "anonymous")

    detail = client.get(f"/events/{hidden.slug}/").get_data(as_text=True)
    assert "Bogotá, Colombia" in detail
    assert "Online" in detail
    assert "The exact location is shared with confirmed participants." in detail

    viewers = {
        "member": None,
        "pending": RegistrationStatus.PENDING,
        "waitlisted": RegistrationStatus.WAITLISTED,
        "declined": RegistrationStatus.DECLINED,
        "cancelled": RegistrationStatus.CANCELLED,
    }
    for name, status in viewers.items():
        user = make_user(name)
        if status is not None:
            register(db, user, hidden, status)
        login(client, name)
        assert_nothing_leaks(client, hidden, name)
        client.post("/auth/logout")


def test_an_organizer_of_another_event_does_not_see_it(client, db, hidden, make_user, make_event):
    other = make_user("other", roles=[Role.ORGANIZER])
    make_event("Their own event", by=other)
    login(client, "other")
    assert_nothing_leaks(client, hidden, "organizer of another event")


def test_approval_is_what_reveals_the_venue(client, db, hidden, make_user):
    user = make_user("amina")
    registration = register(db, user, hidden, RegistrationStatus.PENDING)
    login(client, "amina")
    assert VENUE not in client.get(f"/events/{hidden.slug}/").get_data(as_text=True)
    registration.status = RegistrationStatus.APPROVED.value
    db.session.commit()
    page = client.get(f"/events/{hidden.slug}/").get_data(as_text=True)
    assert VENUE in page and ADDRESS.split(",")[0] in page and ONLINE in page
    assert "please do not share the venue" in page
    assert "shared with confirmed participants" not in page
    # Even an approved participant's list and home page show only the city.
    for path in ("/", "/events/", f"/events/{hidden.slug}/agenda"):
        body = client.get(path).get_data(as_text=True)
        assert VENUE not in body and ONLINE not in body, path


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_and_admins_see_the_venue(client, hidden, make_user, role):
    make_user("team", roles=[role])
    login(client, "team")
    page = client.get(f"/events/{hidden.slug}/").get_data(as_text=True)
    assert VENUE in page and ONLINE in page


def test_the_events_organizers_see_the_venue(client, hidden, make_user, make_event):
    login(client, "lucia")
    page = client.get(f"/events/{hidden.slug}/manage/").get_data(as_text=True)
    assert VENUE in page and ONLINE in page
    edit = client.get(f"/events/{hidden.slug}/manage/edit").get_data(as_text=True)
    assert VENUE in edit


def test_an_open_event_shows_its_venue_to_everyone(client, make_event):
    event = make_event("Open forum", online_url=ONLINE, confidential=False)
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert VENUE in page and ONLINE in page
    assert "shared with confirmed participants" not in page


def test_location_for_leaves_the_secrets_out_of_the_result(app, hidden, make_user):
    member = make_user("amina")
    with app.test_request_context():
        view = location_for(hidden, member)
    assert view.withheld and not view.revealed
    assert (view.venue_name, view.venue_address, view.online_url) == (None, None, None)
    assert view.city == "Bogotá" and view.online and view.in_person
    assert SECRETS[0] not in repr(view) and ONLINE not in repr(view)
    with app.test_request_context():
        organizer_view = location_for(hidden, hidden.organizers[0])
    assert organizer_view.venue_name == VENUE and organizer_view.online_url == ONLINE


def test_the_venue_is_encrypted_in_the_database(db, hidden):
    import sqlalchemy as sa

    row = db.session.execute(
        sa.text("SELECT venue_name, venue_address, online_url FROM events WHERE id = :id"),
        {"id": hidden.id},
    ).one()
    for stored in row:
        assert stored and all(secret not in stored for secret in SECRETS)
