"""Read-only questions about events, each answered with a fixed number of queries.

Texts and organizers are loaded eagerly with the events that need them, so a page of
twenty events or an agenda of three hundred sessions costs the same handful of queries
as a page of two. Organizers' roles are left unloaded: pages only compare their ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from forum.events.models import SLUG_MAX, Event, EventStatus, EventText, Session, SessionText
from forum.extensions import db
from forum.models import User, utcnow
from forum.security.events import visible_events_clause
from forum.taxonomy import countries_in

PER_PAGE = 20
_SLUG = re.compile(rf"[a-z0-9-]{{1,{SLUG_MAX}}}")


# Built once: loader options and statements are immutable, and building them costs
# more than running the query on a small page.
# Organizers are compared by id and shown by display name: nothing else of theirs (an
# encrypted email, their roles) is loaded with an event.
_ORGANIZER_FIELDS = (load_only(User.id, User.display_name), lazyload(User.roles))
_LIST_OPTIONS = (
    selectinload(Event.texts),
    selectinload(Event.organizers).options(*_ORGANIZER_FIELDS),
)
_ONE_EVENT = (
    sa.select(Event)
    .where(Event.slug == sa.bindparam("slug"))
    .options(joinedload(Event.texts), joinedload(Event.organizers).options(*_ORGANIZER_FIELDS))
)


def event_by_slug(slug: str) -> Event | None:
    """One event with its texts and organizers, in a single query."""
    if not _SLUG.fullmatch(slug):
        return None  # cannot exist; and a NUL byte would make PostgreSQL refuse the query
    return db.session.scalars(_ONE_EVENT, {"slug": slug}).unique().first()


def agenda_of(event: Event) -> list[Session]:
    """Every session of the event, cancelled ones included, in agenda order, as ORM
    objects with all their texts: for organizers' pages, which change them."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id == event.id)
            .order_by(Session.starts_at, Session.position, Session.id)
            .options(selectinload(Session.texts))
        )
    )


@dataclass(frozen=True, slots=True)
class AgendaText:
    locale: str
    title: str
    description_html: str


@dataclass(slots=True)
class AgendaSession:
    """A session as the public agenda reads it: plain values, no ORM bookkeeping.

    A three-hundred-session agenda in five languages is 1,800 rows; as ORM objects they
    cost more than the rest of the page together.
    """

    id: int
    starts_at: datetime
    ends_at: datetime
    room: str
    track: str
    kind: str
    speakers: list[str]
    languages: list[str]
    cancelled_at: datetime | None
    withheld_speakers: int = 0
    texts: dict[str, AgendaText] = field(default_factory=dict)

    def text_for(self, locale: str, default_locale: str) -> AgendaText | None:
        return (
            self.texts.get(locale)
            or self.texts.get(default_locale)
            or next(iter(self.texts.values()), None)
        )


def public_agenda(event: Event) -> list[AgendaSession]:
    """The event's sessions for reading, in agenda order: two queries, no ORM objects."""
    rows = db.session.execute(
        sa.select(
            Session.id,
            Session.starts_at,
            Session.ends_at,
            Session.room,
            Session.track,
            Session.kind,
            Session.speakers,
            Session.languages,
            Session.cancelled_at,
            Session.withheld_speakers,
        )
        .where(Session.event_id == event.id)
        .order_by(Session.starts_at, Session.position, Session.id)
    )
    sessions = {row.id: AgendaSession(*row) for row in rows}
    texts = db.session.execute(
        sa.select(
            SessionText.session_id,
            SessionText.locale,
            SessionText.title,
            SessionText.description_html,
        )
        .join(Session, Session.id == SessionText.session_id)
        .where(Session.event_id == event.id)
    )
    for session_id, locale, title, description_html in texts:
        sessions[session_id].texts[locale] = AgendaText(locale, title, description_html)
    return list(sessions.values())


def session_of(event: Event, session_id: int) -> Session | None:
    return db.session.scalar(
        sa.select(Session).where(Session.id == session_id, Session.event_id == event.id)
    )


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"
    kind: str | None = None
    region: str | None = None
    country: str | None = None
    language: str | None = None
    month_start: datetime | None = None


def _next_month(start: datetime) -> datetime:
    return datetime(start.year + start.month // 12, start.month % 12 + 1, 1)


def _interpretation_into(language: str) -> sa.ColumnElement[bool]:
    """Whether the event's JSON list of interpretation languages holds `language`."""
    column = Event.interpretation_languages
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.cast(column, JSONB).contains([language])
    items = sa.func.json_each(column).table_valued("value")
    return sa.exists(sa.select(1).select_from(items).where(items.c.value == language))


def offering_language(language: str) -> sa.ColumnElement[bool]:
    """Events offering `language`: a text written in it, or interpretation into it."""
    written = sa.exists(
        sa.select(1).where(EventText.event_id == Event.id, EventText.locale == language)
    )
    return sa.or_(written, _interpretation_into(language))


def filtered_events(viewer: Any, filters: EventFilters) -> sa.Select[tuple[Event]]:
    now = utcnow()
    stmt = sa.select(Event).where(visible_events_clause(viewer))
    if filters.month_start is not None:
        # A chosen month shows that month whole, past and upcoming alike.
        stmt = stmt.where(
            Event.starts_at < _next_month(filters.month_start),
            Event.ends_at >= filters.month_start,
        ).order_by(Event.starts_at, Event.id)
    elif filters.when == "past":
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.region:
        stmt = stmt.where(Event.country.in_(countries_in(filters.region)))
    if filters.country:
        stmt = stmt.where(Event.country == filters.country)
    if filters.language:
        stmt = stmt.where(offering_language(filters.language))
    return stmt.options(*_LIST_OPTIONS)


def list_events(
    viewer: Any, filters: EventFilters, *, page: int = 1, per_page: int = PER_PAGE
) -> Pagination:
    return db.paginate(
        filtered_events(viewer, filters), page=page, per_page=per_page, error_out=False
    )


def upcoming_published(limit: int = 4) -> list[Event]:
    """For the home page: what anyone may see, soonest first."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.status == EventStatus.PUBLISHED.value, Event.ends_at >= utcnow())
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
            .options(*_LIST_OPTIONS)
        )
    )
