"""What pages show of an event, prepared in Python so templates only print.

Texts fall back to the event's main language, and the page says so ("shown in
Español"). Locations come from `location_for`, the single gate for venue details.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext, ngettext

from forum.dates import Clock
from forum.events.labels import SESSION_KINDS
from forum.events.languages import language_name
from forum.events.location import LocationView, location_for
from forum.events.models import Event, EventText, Session
from forum.events.queries import AgendaSession


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
        location = location_for(event, viewer, with_venue=False)
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


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A session as the timetable prints it: every label already in the reader's language.

    Built in Python rather than in the template because an agenda repeats it hundreds of
    times; the template then only prints strings.
    """

    session: Session | AgendaSession
    title: str
    title_locale: str | None
    kind_label: str
    language_names: tuple[str, ...]
    times: str
    viewer_times: str | None  # "your time 15:00–16:30", when the viewer's clock differs
    description_html: str
    # Names as the speakers chose to be listed, then "speaker withheld" for the others.
    speaker_names: tuple[str, ...] = ()

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled_at is not None


@dataclass
class AgendaRow:
    """Sessions starting at one moment: one cell per room, in the day's room order, or
    (`span`) a single cell across every room for sessions without a room."""

    starts_at: datetime
    time: str
    span: bool
    cells: list[list[AgendaItem]]


@dataclass
class AgendaDay:
    day: date
    heading: str
    rooms: list[str]
    rows: list[AgendaRow]


def _room_key(room: str) -> str:
    return room.strip().casefold()


def _agenda_item(
    session: Session | AgendaSession, event: Event, clock: Clock, labels: dict[str, str]
) -> AgendaItem:
    text = session.text_for(clock.locale, event.default_locale)
    viewer = clock.viewer_times(session.starts_at, session.ends_at)
    return AgendaItem(
        session=session,
        title=text.title if text else "",
        title_locale=text.locale if text else None,
        kind_label=labels.get(session.kind, session.kind),
        language_names=tuple(language_name(code, clock.locale) for code in session.languages),
        times=clock.range(session.starts_at, session.ends_at),
        viewer_times=labels["your_time"] % viewer if viewer else None,
        description_html=text.description_html if text else "",
        speaker_names=speaker_names(session.speakers, session.withheld_speakers),
    )


def speaker_names(names: Iterable[str], withheld: int) -> tuple[str, ...]:
    """The speakers as the agenda, its PDF and iCalendar list them: the names given,
    then one "speaker withheld" line for those who asked not to be named."""
    shown = tuple(names or ())
    if withheld:
        shown += (ngettext("Speaker withheld", "%(num)d speakers withheld", withheld),)
    return shown


def agenda_days(
    sessions: Iterable[Session | AgendaSession], event: Event, clock: Clock
) -> list[AgendaDay]:
    """Group sessions by the event's local day, then by start time and room.

    Sessions without a room (a plenary, a break) take a row of their own across every
    room, so the grid never has two things in one cell.
    """
    # Translated once per page, not once per session.
    labels = {code: str(label) for code, label in SESSION_KINDS.items()}
    labels["your_time"] = gettext("your time %(start)s–%(end)s")
    by_day: dict[date, list[AgendaItem]] = {}
    for session in sessions:
        item = _agenda_item(session, event, clock, labels)
        by_day.setdefault(clock.local_date(session.starts_at), []).append(item)
    days = []
    for day, items in by_day.items():
        rooms: dict[str, str] = {}
        for item in items:
            if item.session.room.strip():
                rooms.setdefault(_room_key(item.session.room), item.session.room.strip())
        order = {key: index for index, key in enumerate(rooms)}
        by_start: dict[datetime, list[AgendaItem]] = {}
        for item in items:
            by_start.setdefault(item.session.starts_at, []).append(item)
        rows: list[AgendaRow] = []
        for starts_at, group in by_start.items():
            time = clock.time(starts_at)
            roomless = [item for item in group if not item.session.room.strip()]
            roomed = [item for item in group if item.session.room.strip()]
            if roomless:
                rows.append(AgendaRow(starts_at, time, True, [roomless]))
            if roomed:
                cells: list[list[AgendaItem]] = [[] for _ in rooms]
                for item in roomed:
                    cells[order[_room_key(item.session.room)]].append(item)
                rows.append(AgendaRow(starts_at, time, False, cells))
        days.append(AgendaDay(day, clock.day_heading(day), list(rooms.values()), rows))
    return days
