"""Read-only questions about events, each answered with a fixed number of queries.

Texts and organizers are loaded eagerly with the events that need them, so a page of
twenty events or an agenda of three hundred sessions costs the same handful of queries
as a page of two. Organizers' roles are left unloaded: pages only compare their ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import lazyload, selectinload

from forum.events.models import Event, EventStatus, EventText, Session
from forum.extensions import db
from forum.models import User, utcnow
from forum.security import visible_events_clause
from forum.taxonomy import countries_in

PER_PAGE = 20


def _with_texts_and_organizers() -> tuple[Any, ...]:
    return (
        selectinload(Event.texts),
        selectinload(Event.organizers).options(lazyload(User.roles)),
    )


def event_by_slug(slug: str) -> Event | None:
    if not slug or len(slug) > 200:
        return None
    return db.session.scalar(
        sa.select(Event).where(Event.slug == slug).options(*_with_texts_and_organizers())
    )


def agenda_of(event: Event) -> list[Session]:
    """Every session of the event, cancelled ones included, in agenda order."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id == event.id)
            .order_by(Session.starts_at, Session.position, Session.id)
            .options(selectinload(Session.texts))
        )
    )


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
    return stmt.options(*_with_texts_and_organizers())


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
            .options(*_with_texts_and_organizers())
        )
    )
