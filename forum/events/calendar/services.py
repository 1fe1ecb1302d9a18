"""What the iCalendar downloads and personal feeds contain, for one reader.

The byte-level format lives in `forum.events.exports.ics` (pure); this module decides
what goes in: which sessions, in which language, and whether an entry carries the venue.
The venue is added only through `location_for`, the one gate for confidential
locations, asked for the person reading (the signed-in viewer, or a feed's owner).

Functions flush, never commit; the view commits.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload, load_only, selectinload, undefer_group

from forum.events.calendar.models import CalendarFeed
from forum.events.display import speaker_names
from forum.events.exports.ics import CalendarEntry, calendar_bytes
from forum.events.location import LocationView, location_for
from forum.events.models import Event, EventStatus, Session, SessionText
from forum.events.registration.models import Registration, RegistrationStatus
from forum.events.workshops.models import WorkshopSettings, WorkshopSignup
from forum.extensions import db
from forum.i18n import DEFAULT_LOCALE, LOCALES, list_separator
from forum.models import User
from forum.security import audit
from forum.security.events import prime_approved_participation

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet, 256 bits.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


# --- the feed token ----------------------------------------------------------------------


def token_digest(token: str) -> str:
    """SHA-256 of a feed token: what the database keeps and requests are looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_token(user: User) -> str | None:
    """The member's current feed token (decrypted), or None when the feed is off."""
    feed = feed_of(user)
    return feed.token if feed is not None else None


def issue_feed(user: User) -> str:
    """Turn the feed on, or give it a new address; the old address stops working now.

    Returns the token. Replacing (not adding) keeps one live address per member, so a
    leaked address is closed by a single click.
    """
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    action = "calendar_feed.regenerate" if feed is not None else "calendar_feed.create"
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token = token
    feed.token_hash = token_digest(token)
    audit(user, action, target_type="user", target_id=user.id)
    db.session.flush()
    return token


def turn_off_feed(user: User) -> bool:
    """Delete the feed; False when it was already off."""
    deleted = db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if not deleted.rowcount:
        return False
    audit(user, "calendar_feed.off", target_type="user", target_id=user.id)
    db.session.flush()
    return True


def feed_owner(token: str) -> User | None:
    """The active member whose feed `token` opens, or None — for any malformed token too.

    The shape is checked before the database is asked, so junk costs no query and a NUL
    byte never reaches PostgreSQL.
    """
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    user = db.session.scalar(
        sa.select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == token_digest(token))
    )
    if user is None or not user.is_active:
        return None
    return user


def feed_urls(token: str) -> tuple[str, str]:
    """(webcal://…, https://…) addresses of a feed, for the account page."""
    https = url_for("calendar.feed", token=token, _external=True)
    return "webcal://" + https.split("://", 1)[1], https


# --- language ---------------------------------------------------------------------------


def chosen_locale(requested: str | None, preferred: str | None = None) -> str:
    """`?lang=` when it names one of our languages, else the reader's own language.

    `preferred` is a feed owner's setting: a calendar app sends no cookie and an
    arbitrary Accept-Language, so the owner's choice beats the request's guess.
    """
    if requested in LOCALES:
        return str(requested)
    if preferred in LOCALES:
        return str(preferred)
    locale = str(get_locale())
    return locale if locale in LOCALES else DEFAULT_LOCALE


# --- entries ----------------------------------------------------------------------------


def _uid_domain() -> str:
    """The right side of every UID: fixed per site, not taken from the request's host
    (an onion address and the clear-web one must give the same UIDs)."""
    base = current_app.config.get("FORUM_MAIL_BASE_URL") or ""
    return urlsplit(base).hostname or "convene.invalid"


def _location_text(location: LocationView, room: str = "") -> str | None:
    """The LOCATION value — None unless this reader may see the venue."""
    if not location.revealed:
        return None
    parts = [room.strip(), location.venue_name or "", location.venue_address or ""]
    if not (location.venue_name or location.venue_address):
        parts.append(location.place())
    text = ", ".join(part for part in parts if part)
    return text or None


def _online_line(location: LocationView) -> str:
    if location.revealed and location.online_url:
        return _("Online: %(link)s", link=location.online_url)
    return ""


def _join(*blocks: str) -> str:
    return "\n\n".join(block.strip() for block in blocks if block and block.strip())


@dataclass(frozen=True, slots=True)
class _SessionText:
    title: str
    description: str


@dataclass(slots=True)
class _SessionRow:
    """A session as a calendar entry reads it: plain values, no ORM bookkeeping (a
    300-session agenda as ORM objects costs more than writing the whole calendar)."""

    id: int
    event_id: int
    starts_at: datetime
    ends_at: datetime
    room: str
    speakers: list[str]
    sequence: int
    cancelled_at: datetime | None
    updated_at: datetime
    withheld_speakers: int
    # For a personal feed: the session takes sign-ups / its reader holds a seat in it.
    takes_signup: bool = False
    has_seat: bool = False
    texts: dict[str, _SessionText] = field(default_factory=dict)

    def text(self, locale: str, default_locale: str) -> _SessionText | None:
        return (
            self.texts.get(locale)
            or self.texts.get(default_locale)
            or next(iter(self.texts.values()), None)
        )


def _seat_columns(reader: User) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool]]:
    """Whether a session takes sign-ups, and whether `reader` holds a seat in it (through
    an approved registration): asked in the sessions' own query, no query of their own."""
    takes_signup = sa.exists().where(WorkshopSettings.session_id == Session.id)
    has_seat = sa.exists().where(
        WorkshopSignup.session_id == Session.id,
        WorkshopSignup.registration_id == Registration.id,
        Registration.user_id == reader.id,
        Registration.status == RegistrationStatus.APPROVED.value,
    )
    return takes_signup, has_seat


def _sessions_of(
    event_ids: Iterable[int], session_id: int | None = None, *, reader: User | None = None
) -> list[_SessionRow]:
    """Sessions of these events (cancelled ones too), with their texts: two queries.

    With `reader` (a personal feed), each row also says whether the session takes
    sign-ups and whether the reader holds a seat in it."""
    ids = list(event_ids)
    if not ids:
        return []
    columns = [
        Session.id,
        Session.event_id,
        Session.starts_at,
        Session.ends_at,
        Session.room,
        Session.speakers,
        Session.sequence,
        Session.cancelled_at,
        Session.updated_at,
        Session.withheld_speakers,
    ]
    if reader is not None:
        columns.extend(_seat_columns(reader))
    stmt = (
        sa.select(*columns)
        .where(Session.event_id.in_(ids))
        .order_by(Session.starts_at, Session.position, Session.id)
    )
    texts = (
        sa.select(
            SessionText.session_id, SessionText.locale, SessionText.title, SessionText.description
        )
        .join(Session, Session.id == SessionText.session_id)
        .where(Session.event_id.in_(ids))
    )
    if session_id is not None:
        stmt = stmt.where(Session.id == session_id)
        texts = texts.where(Session.id == session_id)
    rows = {row.id: _SessionRow(*row) for row in db.session.execute(stmt)}
    for row_id, locale, title, description in db.session.execute(texts):
        rows[row_id].texts[locale] = _SessionText(title, description)
    return list(rows.values())


@dataclass(frozen=True)
class _EventContext:
    """What every session entry of one event shares, worked out once per event: an
    agenda repeats it hundreds of times, and each translation or URL costs a lookup."""

    event: Event
    location: LocationView
    event_title: str
    cancelled: bool
    uid_domain: str
    agenda_url: str
    online_line: str
    labels: dict[str, str]

    @classmethod
    def of(cls, event: Event, location: LocationView, locale: str) -> _EventContext:
        text = event.text_for(locale)
        return cls(
            event=event,
            location=location,
            event_title=text.title if text else event.slug,
            cancelled=event.status == EventStatus.CANCELLED.value,
            uid_domain=_uid_domain(),
            agenda_url=url_for("events.agenda", slug=event.slug, _external=True),
            online_line=_online_line(location),
            # Formatted with % per session: the catalog is read once, not per session.
            labels={
                "speakers": _("Speakers: %(names)s", names="%(names)s"),
                "room": _("Room: %(room)s", room="%(room)s"),
                "cancelled": _("Cancelled: %(title)s", title="%(title)s"),
                "separator": list_separator(),
            },
        )


def _session_entry(row: _SessionRow, context: _EventContext, locale: str) -> CalendarEntry:
    session, event, labels = row, context.event, context.labels
    text = row.text(locale, event.default_locale)
    title = text.title if text else ""
    cancelled = session.cancelled_at is not None or context.cancelled
    room = session.room.strip()
    lines = []
    names = speaker_names(session.speakers, session.withheld_speakers)
    if names:
        lines.append(labels["speakers"] % {"names": labels["separator"].join(names)})
    if room:
        lines.append(labels["room"] % {"room": room})
    changed = max(session.updated_at, event.cancelled_at or session.updated_at)
    return CalendarEntry(
        uid=f"convene-session-{session.id}@{context.uid_domain}",
        title=labels["cancelled"] % {"title": title} if cancelled else title,
        description=_join(
            text.description if text else "",
            "\n".join(lines),
            context.event_title,
            context.online_line,
        ),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        timezone=event.timezone,
        # The whole event being cancelled is a change each session's copy must notice.
        sequence=session.sequence + (1 if context.cancelled else 0),
        changed_at=changed,
        cancelled=cancelled,
        location=_location_text(context.location, room),
        url=f"{context.agenda_url}#session-{session.id}",
    )


def _event_entry(event: Event, location: LocationView, locale: str) -> CalendarEntry:
    text = event.text_for(locale)
    title = text.title if text else event.slug
    cancelled = event.status == EventStatus.CANCELLED.value
    return CalendarEntry(
        uid=f"convene-event-{event.id}@{_uid_domain()}",
        title=_("Cancelled: %(title)s", title=title) if cancelled else title,
        description=_join(
            text.summary if text else "", text.description if text else "", _online_line(location)
        ),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.timezone,
        sequence=event.sequence,
        changed_at=event.updated_at or event.created_at,
        cancelled=cancelled,
        location=_location_text(location),
        url=url_for("events.detail", slug=event.slug, _external=True),
    )


def _title(event: Event, locale: str) -> str:
    text = event.text_for(locale)
    return text.title if text else event.slug


@dataclass(frozen=True)
class CalendarFile:
    """An .ics ready to send; `private` when it holds a venue not everyone may see."""

    body: bytes
    filename: str
    private: bool


def _private(event: Event, location: LocationView) -> bool:
    return bool(event.location_confidential and location.revealed)


def agenda_calendar(event: Event, viewer: Any, locale: str) -> CalendarFile:
    """Every session of the event; cancelled ones stay, marked, so calendars drop them."""
    with force_locale(locale):
        location = location_for(event, viewer)
        context = _EventContext.of(event, location, locale)
        entries = [_session_entry(row, context, locale) for row in _sessions_of([event.id])]
        name = _("Agenda: %(title)s", title=_title(event, locale))
    return CalendarFile(
        calendar_bytes(entries, name=name), f"{event.slug}-agenda.ics", _private(event, location)
    )


def session_calendar(
    event: Event, session_id: int, viewer: Any, locale: str
) -> CalendarFile | None:
    """One session of the event, or None when the event has no such session."""
    rows = _sessions_of([event.id], session_id=session_id)
    if not rows:
        return None
    with force_locale(locale):
        location = location_for(event, viewer)
        entry = _session_entry(rows[0], _EventContext.of(event, location, locale), locale)
        body = calendar_bytes([entry], name=_title(event, locale))
    return CalendarFile(body, f"{event.slug}-session-{session_id}.ics", _private(event, location))


def event_calendar(event: Event, viewer: Any, locale: str) -> CalendarFile:
    """The event itself, first day to last, as one entry."""
    with force_locale(locale):
        location = location_for(event, viewer)
        body = calendar_bytes([_event_entry(event, location, locale)], name=_title(event, locale))
    return CalendarFile(body, f"{event.slug}.ics", _private(event, location))


def approved_events(user: User) -> list[Event]:
    """Events (not drafts) where the member's registration is approved, venue loaded."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .join(Registration, Registration.event_id == Event.id)
            .where(
                Registration.user_id == user.id,
                Registration.status == RegistrationStatus.APPROVED.value,
                Event.status != EventStatus.DRAFT.value,
            )
            .order_by(Event.starts_at, Event.id)
            .options(
                selectinload(Event.texts),
                # Organizers are only compared by id (may this reader see the venue?).
                selectinload(Event.organizers).options(
                    load_only(User.id, User.display_name), lazyload(User.roles)
                ),
                undefer_group("venue"),
            )
        )
    )


def personal_calendar(user: User, locale: str) -> CalendarFile:
    """The sessions of every event where `user` is approved: their personal feed.

    Venues follow the same rule as the pages, asked for the feed's owner (approved
    participants see their own event's confidential venue).
    """
    events = approved_events(user)
    prime_approved_participation(user, [event.id for event in events])
    by_id = {event.id: event for event in events}
    rows = _sessions_of(by_id, reader=user)
    scheduled = {row.event_id for row in rows}
    # The personal agenda: a session that takes sign-ups is in the feed of those who
    # hold a seat in it only.
    rows = [row for row in rows if row.has_seat or not row.takes_signup]
    with force_locale(locale):
        locations = {event.id: location_for(event, user) for event in events}
        contexts = {
            event.id: _EventContext.of(event, locations[event.id], locale) for event in events
        }
        entries = [_session_entry(row, contexts[row.event_id], locale) for row in rows]
        seat = _("You have a seat in this workshop.")
        entries = [
            replace(entry, description=_join(seat, entry.description)) if row.has_seat else entry
            for row, entry in zip(rows, entries, strict=True)
        ]
        # An event without an agenda yet still belongs in the person's calendar.
        entries += [
            _event_entry(event, locations[event.id], locale)
            for event in events
            if event.id not in scheduled
        ]
        name = _("Your events on Convene")
    return CalendarFile(calendar_bytes(entries, name=name), "convene.ics", True)
