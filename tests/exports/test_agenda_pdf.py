"""The printed agenda: the same as the agenda page, in the reader's language, and a
confidential venue only in the copies of those who may know it."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

import forum.auth.models  # noqa: F401 - maps User fully before the event queries load
from forum.events import agenda
from forum.extensions import db as _db
from forum.models import AuditEntry, Role
from tests.conftest import login, make_app
from tests.events.conftest import ADDRESS, ONLINE, VENUE
from tests.exports.helpers import pdf_pages_text, squash

SECRETS = (VENUE, ADDRESS, ONLINE)


@pytest.fixture
def hidden(make_event, make_session, db):
    """A confidential hybrid seminar in two languages, with a cancelled session."""
    event = make_event(
        texts={"en": "Protection of land defenders", "es": "Protección de defensoras"},
        online_url=ONLINE,
        confidential=True,
    )
    make_session(
        event,
        texts={"en": "Opening plenary", "es": "Plenaria de apertura"},
        room="Sala Magdalena",
        speakers=["Doña Rosa", "<b>J. P.</b>"],
    )
    lunch = make_session(
        event, texts={"en": "Community lunch", "es": "Almuerzo"}, start_hours=3, kind="break"
    )
    agenda.cancel_session(lunch)
    db.session.commit()
    return event


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return squash(" ".join(pdf_pages_text(response.get_data())))


def audited(db) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "agenda.confidential_pdf")
        )
    )


def test_visitors_get_the_agenda_without_the_venue(client, db, hidden):
    text = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf"))
    assert squash("Opening plenary") in text and squash("Sala Magdalena") in text
    assert squash("Doña Rosa") in text and squash("<b>J. P.</b>") in text  # escaped, as typed
    assert squash("Session cancelled") in text and squash("Community lunch") in text
    assert squash("Bogotá") in text  # the city is public; the venue is not
    for secret in SECRETS:
        assert squash(secret) not in text
    assert audited(db) == []


@pytest.mark.parametrize("viewer", ["member", "otherorg"])
def test_members_and_other_organizers_get_no_venue(client, make_user, hidden, viewer):
    make_user(viewer, roles=[Role.ORGANIZER] if viewer == "otherorg" else [])
    assert login(client, viewer).status_code == 302
    text = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf"))
    for secret in SECRETS:
        assert squash(secret) not in text


def test_approved_participants_get_the_venue_and_it_is_audited(
    client, db, make_user, approve, hidden
):
    guest = make_user("guest")
    approve(hidden, guest)
    assert login(client, "guest").status_code == 302
    response = client.get(f"/events/{hidden.slug}/agenda.pdf")
    text = text_of(response)
    for secret in SECRETS:
        assert squash(secret) in text
    assert "no-store" in response.headers["Cache-Control"]
    [entry] = audited(db)
    assert entry.actor_id == guest.id and entry.event_id == hidden.id and entry.detail == "lang=en"


def test_the_organizer_gets_the_venue(client, hidden):
    assert login(client, "lucia").status_code == 302
    assert squash(VENUE) in text_of(client.get(f"/events/{hidden.slug}/agenda.pdf"))


def test_the_agenda_in_the_language_asked_for(client, hidden):
    english = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf?lang=en"))
    spanish = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf?lang=es"))
    assert squash("Opening plenary") in english and squash("Plenaria de apertura") not in english
    assert (
        squash("Plenaria de apertura") in spanish and squash("Protección de defensoras") in spanish
    )
    assert squash("Session cancelled") not in spanish  # the label is translated too
    # A language the organizers did not write falls back to the event's own.
    french = client.get(f"/events/{hidden.slug}/agenda.pdf?lang=fr")
    assert squash("Opening plenary") in text_of(french)
    assert french.headers["Content-Language"] == "fr"
    # An unknown language is ignored, not an error.
    assert client.get(f"/events/{hidden.slug}/agenda.pdf?lang=xx").status_code == 200


def test_arabic_agenda_renders(client, hidden):
    response = client.get(f"/events/{hidden.slug}/agenda.pdf?lang=ar")
    assert squash("Opening plenary") in text_of(response)


def test_drafts_stay_hidden(client, make_event):
    draft = make_event("Not yet", status="draft")
    assert client.get(f"/events/{draft.slug}/agenda.pdf").status_code == 404


def test_the_agenda_page_links_to_the_pdf(client, hidden):
    page = client.get(f"/events/{hidden.slug}/agenda").get_data(as_text=True)
    assert f"/events/{hidden.slug}/agenda.pdf" in page
    assert f"/events/{hidden.slug}/agenda.pdf?lang=es" in page


# --- the anonymous page cache ----------------------------------------------------------


@pytest.fixture
def cached_app(app, database_url, tmp_path):
    return make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="30")


@contextmanager
def counting(cached_app):
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


def test_the_cache_never_serves_a_participants_copy_to_a_visitor(
    cached_app, db, make_user, approve, hidden
):
    approve(hidden, make_user("guest"))
    url = f"/events/{hidden.slug}/agenda.pdf"
    insider = cached_app.test_client()
    with cached_app.app_context():
        assert login(insider, "guest").status_code == 302
        assert squash(VENUE) in text_of(insider.get(url))
    visitor = cached_app.test_client()
    first = visitor.get(url)
    assert squash(VENUE) not in text_of(first)
    # The visitor's copy is the one cached, served again with one read of the shared version.
    with counting(cached_app) as statements:
        second = visitor.get(url)
    assert len(statements) == 1 and "FROM cache_versions" in statements[0]
    assert second.get_data() == first.get_data()
    assert second.mimetype == "application/pdf"
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]


def test_an_open_venue_is_in_every_copy_and_the_copy_is_cached(cached_app, make_event, db):
    """A venue that is not confidential is public: visitors' copies show it and share one."""
    from forum.page_cache import _cache  # noqa: PLC2701

    event = make_event("Open seminar")
    visitor = cached_app.test_client()
    assert squash(VENUE) in text_of(visitor.get(f"/events/{event.slug}/agenda.pdf"))
    with cached_app.app_context():
        assert len(_cache()) == 1


def test_a_changed_agenda_is_never_served_from_the_rendered_copies(client, db, hidden):
    """Rendered PDFs are kept by the hash of their HTML: an edit shows at once."""
    from forum.events.models import SessionText

    first = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf"))
    assert client.get(f"/events/{hidden.slug}/agenda.pdf").status_code == 200
    text = db.session.scalar(sa.select(SessionText).where(SessionText.title == "Opening plenary"))
    text.title = "Opening plenary, moved"
    db.session.commit()
    second = text_of(client.get(f"/events/{hidden.slug}/agenda.pdf"))
    assert squash("moved") not in first and squash("Opening plenary, moved") in second
