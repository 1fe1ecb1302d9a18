"""The short-lived cache of public pages for visitors who are not signed in."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.extensions import db as _db
from tests.conftest import login, make_app
from tests.events.conftest import VENUE


@pytest.fixture
def cached_app(app, database_url, tmp_path):
    """Made after `app` so both share the migrated database; the cache on, 30 s."""
    return make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="30")


@pytest.fixture
def statements(cached_app):
    """Count the SQL statements the *cached* app sends (it has its own engine)."""

    @contextmanager
    def counting():
        seen = []
        with cached_app.app_context():
            engine = _db.engine

        def before(conn, cursor, statement, *args):  # noqa: ANN001
            seen.append(statement)

        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


def test_a_second_anonymous_visit_costs_one_version_read(cached_app, make_event, statements):
    event = make_event("Community early warning")
    client = cached_app.test_client()
    with statements() as first_visit:
        first = client.get(f"/events/{event.slug}/")
    with statements() as second_visit:
        second = client.get(f"/events/{event.slug}/")
    # The second visit only reads the shared version (a change in any worker is seen).
    assert len(first_visit) > 1
    assert len(second_visit) == 1 and "FROM cache_versions" in second_visit[0]
    assert second.get_data() == first.get_data()
    assert "Community early warning" in second.get_data(as_text=True)
    # Served from the cache, it still carries every security header.
    assert "default-src 'self'" in second.headers["Content-Security-Policy"]
    assert second.headers["Referrer-Policy"] == "no-referrer"


def test_any_change_committed_empties_the_cache(cached_app, db, make_event):
    event = make_event("Before the change")
    client = cached_app.test_client()
    assert "Before the change" in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    event.texts[0].title = "After the change"
    db.session.commit()
    assert "After the change" in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def test_each_language_has_its_own_copy(cached_app, make_event):
    event = make_event(texts={"en": "Protection in practice", "es": "Protección en la práctica"})
    client = cached_app.test_client()
    english = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "en"})
    spanish = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "es"})
    assert "Protection in practice" in english.get_data(as_text=True)
    assert "Protección en la práctica" in spanish.get_data(as_text=True)
    assert 'lang="es"' in spanish.get_data(as_text=True)


def test_signed_in_people_never_get_or_leave_a_cached_page(cached_app, db, make_event, make_user):
    event = make_event(confidential=True)
    member = make_user("amina", display_name="Amina K.")
    db.session.add(
        Registration(event_id=event.id, user_id=member.id, status="approved", listing="nobody")
    )
    db.session.commit()
    visitor = cached_app.test_client()
    assert VENUE not in visitor.get(f"/events/{event.slug}/").get_data(as_text=True)

    participant = cached_app.test_client()
    login(participant, "amina")
    page = participant.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert VENUE in page and "Amina K." in page  # fresh, personal page

    again = visitor.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert VENUE not in again and "Amina K." not in again


def test_visitors_with_a_session_cookie_get_a_fresh_page(cached_app, make_event, statements):
    event = make_event()
    client = cached_app.test_client()
    client.get(f"/events/{event.slug}/")
    client.set_cookie("forum_session", "anything")
    with statements() as seen:
        client.get(f"/events/{event.slug}/")
    assert len(seen) > 0


def test_copies_expire(cached_app, make_event, monkeypatch, statements):
    import forum.page_cache as page_cache

    event = make_event()
    client = cached_app.test_client()
    client.get(f"/events/{event.slug}/")
    with statements() as fresh:
        client.get(f"/events/{event.slug}/")
    later = page_cache.time.monotonic() + 31
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    with statements() as expired:
        client.get(f"/events/{event.slug}/")
    assert len(fresh) == 1 and len(expired) > 1  # fresh: only the shared version read


def test_pages_with_forms_are_never_shared(app, database_url, tmp_path):
    """A page carrying a CSRF token writes the session, so it is never cached."""
    secured = make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="30", WTF_CSRF_ENABLED=True)
    first = secured.test_client().get("/auth/login")
    second = secured.test_client().get("/auth/login")
    assert "Set-Cookie" in first.headers and "Set-Cookie" in second.headers
    assert first.get_data() != second.get_data()  # each visitor gets their own token
