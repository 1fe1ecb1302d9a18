"""What pages show of an event, prepared in Python so templates only print.

Texts fall back to the event's main language, and the page says so ("shown in
Español"). Locations come from `location_for`, the single gate for venue details.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from forum.events.languages import language_name
from forum.events.location import LocationView, location_for
from forum.events.models import Event, EventText, Session, SessionText
from forum.events.times import Clock


@dataclass(frozen=True)
class EventCard:
    """An event in a list: title, dates, place — never a venue."""

    event: Event
    text: EventText | None
    fallback_language: str | None
    location: LocationView
    dates: str
    place: str


def fallback_language(shown_locale: str | None, viewer_locale: str) -> str | None:
    """The shown language's name, in the viewer's language, when the two differ."""
    if shown_locale is None or shown_locale == viewer_locale:
        return None
    return language_name(shown_locale, viewer_locale)


def event_cards(
    events: Iterable[Event], viewer: Any, locale: str, viewer_timezone: str
) -> list[EventCard]:
    cards = []
    for event in events:
        text = event.text_for(locale)
        location = location_for(event, viewer)
        clock = Clock(event.timezone, viewer_timezone, locale)
        cards.append(
            EventCard(
                event=event,
                text=text,
                fallback_language=fallback_language(text.locale if text else None, locale),
                location=location,
                dates=clock.span(event.starts_at, event.ends_at),
                place=location.place(locale),
            )
        )
    return cards


# --- the agenda ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    session: Session
    text: SessionText | None
    fallback_language: str | None

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled_at is not None


@dataclass
class AgendaRow:
    """Sessions starting at one moment: either one row spanning every room (`span`),
    or one cell per room, in the day's room order (`cells`)."""

    starts_at: datetime
    span: list[AgendaItem]
    cells: list[list[AgendaItem]]


@dataclass
class AgendaDay:
    day: date
    rooms: list[str]
    rows: list[AgendaRow]


def _room_key(room: str) -> str:
    return room.strip().casefold()


def agenda_days(sessions: Iterable[Session], event: Event, clock: Clock) -> list[AgendaDay]:
    """Group sessions by the event's local day, then by start time and room.

    Sessions without a room (a plenary, a break) take a row of their own across every
    room, so the grid never has two things in one cell.
    """
    locale = clock.locale
    by_day: dict[date, list[AgendaItem]] = {}
    for session in sessions:
        text = session.text_for(locale, event.default_locale)
        item = AgendaItem(session, text, fallback_language(text.locale if text else None, locale))
        by_day.setdefault(clock.local_date(session.starts_at), []).append(item)
    days = []
    for day, items in by_day.items():
        rooms: dict[str, str] = {}
        for item in items:
            if item.session.room.strip():
                rooms.setdefault(_room_key(item.session.room), item.session.room.strip())
        order = {key: index for index, key in enumerate(rooms)}
        rows: list[AgendaRow] = []
        by_start: dict[datetime, list[AgendaItem]] = {}
        for item in items:
            by_start.setdefault(item.session.starts_at, []).append(item)
        for starts_at, group in by_start.items():
            roomless = [item for item in group if not item.session.room.strip()]
            roomed = [item for item in group if item.session.room.strip()]
            if roomless:
                rows.append(AgendaRow(starts_at, roomless, []))
            if roomed:
                cells: list[list[AgendaItem]] = [[] for _ in rooms]
                for item in roomed:
                    cells[order[_room_key(item.session.room)]].append(item)
                rows.append(AgendaRow(starts_at, [], cells))
        days.append(AgendaDay(day, list(rooms.values()), rows))
    return days
