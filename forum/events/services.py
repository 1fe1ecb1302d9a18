"""Rules for creating and changing events. Functions flush, never commit.

Every rule is checked before anything is changed, so a refused change leaves the session
as it was. A broken rule raises `EventRuleError` naming the form field it belongs to,
with a message for the person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.auth.services import find_user
from forum.events.models import (
    SLUG_MAX,
    Event,
    EventStatus,
    EventText,
    Session,
)
from forum.events.registration.capacity import fill_seats
from forum.events.registration.locking import lock_event
from forum.extensions import db
from forum.i18n import join_list
from forum.markdown import render
from forum.models import User, utcnow
from forum.notices.labels import NoticeKind
from forum.notices.services import notify_registrants
from forum.security import audit, can


class EventRuleError(ValueError):
    """A rule about events was broken; `field` says which form field to mark."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class EventTextData:
    title: str
    summary: str = ""
    description: str = ""


@dataclass
class EventData:
    """An event as organizers describe it; times are naive UTC."""

    kind: str
    default_locale: str
    texts: dict[str, EventTextData]
    timezone: str
    starts_at: datetime
    ends_at: datetime
    slug: str | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    city: str | None = None
    country: str | None = None
    online_url: str | None = None
    location_confidential: bool = False
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    requires_approval: bool = False
    interpretation_languages: list[str] = field(default_factory=list)
    purge_after_days: int = 30
    # None keeps the current organizers; a set keeps only those (on edit).
    keep_organizer_ids: set[int] | None = None
    add_organizer_usernames: list[str] = field(default_factory=list)


@dataclass
class SessionTextData:
    title: str
    description: str = ""


@dataclass
class SessionData:
    texts: dict[str, SessionTextData]
    starts_at: datetime
    ends_at: datetime
    kind: str = "plenary"
    room: str = ""
    track: str = ""
    speakers: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


# --- slugs -----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """An address part from a title, e.g. "Protección 2027" → "proteccion-2027"; may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def slug_taken(slug: str, *, except_id: int | None = None) -> bool:
    stmt = sa.select(Event.id).where(Event.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Event.id != except_id)
    return db.session.scalar(stmt) is not None


def unique_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free; "event" when `base` is empty."""
    base = base or "event"
    taken = set(
        db.session.scalars(
            sa.select(Event.slug).where(sa.or_(Event.slug == base, Event.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _choose_slug(data: EventData, event: Event | None) -> str:
    if data.slug:
        if slug_taken(data.slug, except_id=event.id if event else None):
            raise EventRuleError(
                "slug", _("This web address is already used by another event. Choose another.")
            )
        return data.slug
    if event is not None:
        return event.slug
    title = data.texts[data.default_locale].title if data.default_locale in data.texts else ""
    return unique_slug(slugify(title) or slugify(next(iter(data.texts.values())).title))


# --- organizers ------------------------------------------------------------------------


def _resolve_organizers(actor: User, data: EventData, event: Event | None) -> list[User]:
    current = list(event.organizers) if event else [actor]
    if data.keep_organizer_ids is not None:
        current = [user for user in current if user.id in data.keep_organizer_ids]
    refused: list[str] = []
    for username in data.add_organizer_usernames:
        user = find_user(username)
        # The same answer for "no such account" and "not an organizer": the form must
        # not become a way to test which usernames exist.
        if user is None or not can(user, "event.create"):
            refused.append(username)
        elif all(existing.id != user.id for existing in current):
            current.append(user)
    if refused:
        raise EventRuleError(
            "co_organizers",
            _(
                "No account that can organise events has these usernames: %(names)s. "
                "Check the spelling, or ask an administrator to grant the organizer role.",
                names=join_list(refused),
            ),
        )
    if not current:
        raise EventRuleError("keep_organizers", _("An event needs at least one organizer."))
    return current


# --- events ----------------------------------------------------------------------------


def _check_sessions_fit(event: Event, data: EventData) -> None:
    outside = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Session)
        .where(
            Session.event_id == event.id,
            Session.cancelled_at.is_(None),
            sa.or_(Session.starts_at < data.starts_at, Session.ends_at > data.ends_at),
        )
    )
    if outside:
        raise EventRuleError(
            "starts_at",
            ngettext(
                "%(num)d session of the agenda falls outside these dates. Move or cancel it first.",
                "%(num)d sessions of the agenda fall outside these dates. Move or cancel them "
                "first.",
                outside,
            ),
        )


def _apply(event: Event, data: EventData) -> None:
    event.kind = data.kind
    event.default_locale = data.default_locale
    event.timezone = data.timezone
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.venue_name = data.venue_name
    event.venue_address = data.venue_address
    event.city = data.city
    event.country = data.country
    event.online_url = data.online_url
    event.location_confidential = data.location_confidential
    event.capacity = data.capacity
    event.registration_opens_at = data.registration_opens_at
    event.registration_closes_at = data.registration_closes_at
    event.requires_approval = data.requires_approval
    event.interpretation_languages = sorted(set(data.interpretation_languages))
    event.purge_after_days = data.purge_after_days
    existing = {text.locale: text for text in event.texts}
    texts = []
    for locale, given in data.texts.items():
        text = existing.get(locale) or EventText(locale=locale)
        text.title = given.title
        text.summary = given.summary
        if text.description != given.description or not text.description_html:
            text.description = given.description
            text.description_html = render(given.description)
        texts.append(text)
    event.texts = texts


def _check_texts(data: EventData) -> None:
    if not data.texts:
        raise EventRuleError(None, _("Give the event a title in at least one language."))
    if data.default_locale not in data.texts:
        raise EventRuleError(
            "default_locale",
            _("The main language needs a title. Write one, or choose another language."),
        )


def create_event(actor: User, data: EventData) -> Event:
    """A new draft, organized by `actor` and the co-organizers named."""
    _check_texts(data)
    slug = _choose_slug(data, None)
    organizers = _resolve_organizers(actor, data, None)
    event = Event(slug=slug, status=EventStatus.DRAFT.value, created_by_id=actor.id)
    event.texts = []
    _apply(event, data)
    event.organizers = organizers
    db.session.add(event)
    db.session.flush()
    return event


def update_event(actor: User, event: Event, data: EventData) -> Event:
    """Save the organizer's changes. When the capacity changes, people on the waiting
    list take any seat it frees in the same transaction, under the event lock (taken
    before the first write, as the lock requires), so nobody else can take it first."""
    _check_texts(data)
    slug = _choose_slug(data, event)
    organizers = _resolve_organizers(actor, data, event)
    _check_sessions_fit(event, data)
    seats_change = data.capacity != event.capacity
    if seats_change:
        event = lock_event(event.id)
    moved = _time_or_place(event) != _time_or_place(data)
    event.slug = slug
    _apply(event, data)
    event.organizers = organizers
    event.sequence += 1  # calendars holding event.ics replace their copy
    db.session.flush()
    if seats_change:
        fill_seats(event)
    if moved and event.status == EventStatus.PUBLISHED.value:
        notify_registrants(event.id, NoticeKind.EVENT_CHANGED)
    return event


def _time_or_place(thing: Event | EventData) -> tuple:
    """What people plan their travel around: a change to any of it is told to them."""
    return (
        thing.starts_at,
        thing.ends_at,
        thing.venue_name or None,
        thing.venue_address or None,
        thing.city or None,
        thing.country or None,
        thing.online_url or None,
    )


def publish_event(event: Event) -> None:
    if event.status != EventStatus.DRAFT.value:
        raise EventRuleError(None, _("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED.value
    event.published_at = utcnow()
    db.session.flush()


def cancel_event(actor: User, event: Event) -> None:
    """Cancelled events stay visible, marked, so people who planned to come learn of it."""
    if event.status != EventStatus.PUBLISHED.value:
        raise EventRuleError(None, _("Only a published event can be cancelled."))
    event.status = EventStatus.CANCELLED.value
    event.cancelled_at = utcnow()
    event.sequence += 1
    audit(actor, "event.cancel", target_type="event", target_id=event.id, event_id=event.id)
    db.session.flush()
    notify_registrants(event.id, NoticeKind.EVENT_CANCELLED)


def delete_event(actor: User, event: Event) -> None:
    """Only drafts: once published, people may have registered and planned around it."""
    if event.status != EventStatus.DRAFT.value:
        raise EventRuleError(
            None, _("Only a draft can be deleted. Cancel a published event instead.")
        )
    audit(
        actor,
        "event.delete",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=event.slug,
    )
    db.session.delete(event)
    db.session.flush()
