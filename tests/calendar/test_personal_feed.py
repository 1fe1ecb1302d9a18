"""The personal feed: a secret address, exactly the approved sessions, revocable at once."""

from __future__ import annotations

import hashlib
import re

import pytest
import sqlalchemy as sa

from forum.events.calendar.models import CalendarFeed
from forum.models import AuditEntry
from tests.calendar.conftest import parse
from tests.conftest import login, make_app
from tests.events.conftest import ADDRESS, ONLINE, VENUE

FEED = re.compile(r'value="https?://[^/]+/calendar/([A-Za-z0-9_-]{43})\.ics"')


def _create_feed(client) -> str:
    response = client.post("/account/calendar-feed", follow_redirects=True)
    assert response.status_code == 200
    match = FEED.search(response.get_data(as_text=True))
    assert match, "the account page shows no feed address"
    return match.group(1)


@pytest.fixture
def member(client, make_user):
    user = make_user("amina", display_name="Amina")
    login(client, "amina")
    return user


@pytest.fixture
def agendas(make_event, make_session, make_registration, member):
    """Five events, one registration each in a different status; two sessions per event."""
    sessions = {}
    for status in ("approved", "pending", "waitlisted", "declined", "cancelled"):
        event = make_event(f"Event {status}", confidential=(status == "approved"))
        made = [
            make_session(event, f"{status} morning", start_hours=1, room="Room 1"),
            make_session(event, f"{status} afternoon", start_hours=5),
        ]
        make_registration(event, member, status)
        sessions[status] = (event, made)
    return sessions


def test_account_page_offers_the_feed_off_until_created(client, member):
    page = client.get("/account/").get_data(as_text=True)
    assert "Calendar feed" in page
    assert "/calendar/" not in page
    assert 'action="/account/calendar-feed"' in page


def test_created_feed_shows_webcal_and_https_links_and_stores_no_readable_token(client, db, member):
    token = _create_feed(client)
    page = client.get("/account/").get_data(as_text=True)
    assert f"webcal://localhost/calendar/{token}.ics" in page
    assert f"http://localhost/calendar/{token}.ics" in page
    row = db.session.execute(sa.text("SELECT user_id, token_hash, token FROM calendar_feeds")).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token  # stored encrypted with the data keys
    assert row.user_id == member.id


def test_feed_lists_exactly_the_approved_sessions(app, client, member, agendas):
    token = _create_feed(client)
    anonymous = app.test_client()
    response = anonymous.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    _, events, zones = parse(response.data)
    approved = agendas["approved"][1]
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"convene-session-{session.id}@convene.invalid" for session in approved
    )
    assert sorted(str(e["summary"]) for e in events) == ["approved afternoon", "approved morning"]
    assert [str(zone["tzid"]) for zone in zones] == ["America/Bogota"]
    for vevent in events:
        assert vevent["dtstart"].params["TZID"] == "America/Bogota"
        assert "dtstamp" in vevent


def test_feed_shows_the_confidential_venue_of_the_owners_approved_event(app, client, agendas):
    token = _create_feed(client)
    _, events, _ = parse(app.test_client().get(f"/calendar/{token}.ics").data)
    morning = next(e for e in events if str(e["summary"]) == "approved morning")
    assert str(morning["location"]) == f"Room 1, {VENUE}, {ADDRESS}"


def test_feed_withholds_a_confidential_venue_once_no_longer_approved(
    app, client, db, make_event, make_session, make_registration, member
):
    event = make_event("Safe house", confidential=True, online_url=ONLINE)
    make_session(event, "Closed session")
    registration = make_registration(event, member, "approved")
    token = _create_feed(client)
    assert VENUE.encode() in app.test_client().get(f"/calendar/{token}.ics").data
    registration.status = "declined"
    db.session.commit()
    data = app.test_client().get(f"/calendar/{token}.ics").data
    for secret in (VENUE, ADDRESS, ONLINE):
        assert secret.encode() not in data
    assert parse(data)[1] == []


def test_cancelled_sessions_stay_in_the_feed_marked_cancelled(app, client, db, agendas):
    from forum.events import agenda

    token = _create_feed(client)
    agenda.cancel_session(agendas["approved"][1][1])
    db.session.commit()
    _, events, _ = parse(app.test_client().get(f"/calendar/{token}.ics").data)
    assert sorted(str(e["status"]) for e in events) == ["CANCELLED", "CONFIRMED"]


def test_feed_language_follows_lang_then_the_owners_setting(
    app, client, db, make_event, make_session, make_registration, member
):
    event = make_event("Protection", texts={"en": "Protection", "es": "Protección"})
    make_session(event, texts={"en": "Opening", "es": "Apertura"})
    make_registration(event, member, "approved")
    token = _create_feed(client)
    reader = app.test_client()
    _, events, _ = parse(reader.get(f"/calendar/{token}.ics?lang=es").data)
    assert [str(e["summary"]) for e in events] == ["Apertura"]
    member.locale = "es"
    db.session.commit()
    _, events, _ = parse(reader.get(f"/calendar/{token}.ics").data)
    assert [str(e["summary"]) for e in events] == ["Apertura"]


def test_a_new_address_stops_the_old_one_at_once(app, client, member, agendas):
    old = _create_feed(client)
    new = _create_feed(client)
    assert new != old
    reader = app.test_client()
    assert reader.get(f"/calendar/{old}.ics").status_code == 404
    assert reader.get(f"/calendar/{new}.ics").status_code == 200


def test_turning_the_feed_off_stops_the_address(app, client, db, member, agendas):
    token = _create_feed(client)
    response = client.post("/account/calendar-feed/off", follow_redirects=True)
    assert "no longer works" in response.get_data(as_text=True)
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_creating_replacing_and_turning_off_are_audited(client, db, member):
    _create_feed(client)
    _create_feed(client)
    client.post("/account/calendar-feed/off")
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.target_id, AuditEntry.detail)
        .order_by(AuditEntry.id)
        .where(AuditEntry.action.like("calendar_feed.%"))
    ).all()
    assert [row.action for row in rows] == [
        "calendar_feed.create",
        "calendar_feed.regenerate",
        "calendar_feed.off",
    ]
    assert {(row.actor_id, row.target_id, row.detail) for row in rows} == {
        (member.id, member.id, None)
    }


@pytest.mark.parametrize(
    "token",
    [
        "short",
        "A" * 42,
        "A" * 44,
        "A" * 42 + "!",
        "A" * 42 + "%00",
        "A" * 43,  # well formed, but nobody's
    ],
)
def test_malformed_and_unknown_tokens_get_the_same_plain_404(app, client, member, token):
    _create_feed(client)
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.data
    other = "B" * 43
    baseline = app.test_client().get(f"/calendar/{other}.ics")
    # The same page, but for the address itself (the language links point back to it).
    address = re.compile(rb"/calendar/[^\"&]*")
    assert address.sub(b"", response.data) == address.sub(b"", baseline.data)


def test_a_deactivated_account_feed_stops(app, client, db, member):
    token = _create_feed(client)
    member.disabled_at = member.created_at
    db.session.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_feed_buttons_need_a_signed_in_member(app, make_user):
    anonymous = app.test_client()
    assert anonymous.post("/account/calendar-feed").status_code in (302, 401)
    assert anonymous.post("/account/calendar-feed/off").status_code in (302, 401)


def test_feed_buttons_need_the_csrf_token(csrf_app, make_user):
    make_user("amina")
    browser = csrf_app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    browser.post(
        "/auth/login",
        data={
            "username": "amina",
            "password": "correct horse battery staple",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert browser.post("/account/calendar-feed").status_code == 400
    assert csrf_app.extensions  # the app is still serving
    with csrf_app.app_context():
        from forum.extensions import db

        assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_the_feed_is_rate_limited(app, database_url, tmp_path, make_user):
    limited = make_app(database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1")
    reader = limited.test_client()
    codes = [reader.get(f"/calendar/{'C' * 43}.ics").status_code for _ in range(61)]
    assert codes[:60] == [404] * 60
    assert codes[60] == 429


def test_feed_costs_the_same_queries_for_one_event_or_five(
    app, client, member, make_event, make_session, make_registration, count_queries
):
    token = _create_feed(client)
    reader = app.test_client()
    counts = []
    for number in range(5):
        event = make_event(f"Event {number}", confidential=number % 2 == 0)
        for hour in range(3):
            make_session(
                event, texts={"en": f"Session {hour}", "es": f"Sesión {hour}"}, start_hours=hour * 2
            )
        make_registration(event, member, "approved")
        with count_queries() as counter:
            assert reader.get(f"/calendar/{token}.ics").status_code == 200
        counts.append(counter.count)
    assert counts == [counts[0]] * 5
    assert counts[0] <= 8


def test_my_data_export_says_the_feed_is_on_without_its_address(client, member):
    import json

    token = _create_feed(client)
    response = client.get("/account/data/export.json")
    data = json.loads(response.get_data())
    assert data["calendar_feed"]["on"] is True
    assert data["calendar_feed"]["created_at"].endswith("Z")
    assert token not in response.get_data(as_text=True)


def test_erasing_the_account_kills_the_feed(app, client, db, member):
    token = _create_feed(client)
    response = client.post(
        "/account/data/erase",
        data={"password": "correct horse battery staple", "posts": "delete", "confirm": "y"},
    )
    assert response.status_code in (302, 303)
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0
