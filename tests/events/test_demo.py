"""`flask forum seed-demo` adds realistic events, once."""

from __future__ import annotations

import sqlalchemy as sa

from forum.demo import seed
from forum.events.models import Event, Session
from forum.models import utcnow
from forum.taxonomy import region_of
from tests.checks import assert_private_page


def test_demo_events_are_varied_complete_and_added_once(client, db):
    lines = seed()
    assert any("/events/proteccion-colectiva-bogota/" in line for line in lines)
    events = list(db.session.scalars(sa.select(Event)))
    assert len(events) >= 4
    assert {region_of(event.country) for event in events} >= {"americas", "africa", "mena"}
    assert any(event.location_confidential for event in events)
    assert any(event.online_url and not event.country for event in events)
    assert len({event.default_locale for event in events}) >= 4
    assert any(event.ends_at < utcnow() for event in events)
    assert any(event.starts_at > utcnow() for event in events)
    for event in events:
        assert [user.username for user in event.organizers] == ["organizer"]
        assert event.status == "published"
        sessions = list(db.session.scalars(sa.select(Session).where(Session.event_id == event.id)))
        days = {session.starts_at.date() for session in sessions}
        assert len(days) >= 2, event.slug
        assert any(session.cancelled_at for session in sessions), event.slug
        assert any(session.kind == "break" for session in sessions), event.slug
        rooms = {session.room for session in sessions if session.room}
        assert len(rooms) >= 2, event.slug

    seed()  # again: nothing new
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == len(events)

    for event in events:
        for path in (f"/events/{event.slug}/", f"/events/{event.slug}/agenda"):
            response = client.get(path)
            assert response.status_code == 200
            assert_private_page(response.get_data(as_text=True))
    past = client.get("/events/?when=past").get_data(as_text=True)
    assert "Formação: protocolos de segurança" in past
