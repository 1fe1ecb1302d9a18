"""Checking people in at the door: by the token a badge's QR code carries, or by a
registration found by badge name.

One function per way in, one `Arrival` out, so the page and the JSON endpoint say the
same thing with the same words. The arrival is claimed with one conditional UPDATE, so
two desks scanning the same badge at once cannot both check it in: the second one is
told it was already done, and when. Every attempt is written to the audit log with ids
only (never a token or a name). Functions flush, never commit.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from forum.events.models import Event
from forum.events.registration.models import Registration, RegistrationStatus
from forum.extensions import db
from forum.models import User, utcnow
from forum.security import audit

# Tokens are secrets.token_urlsafe(24) today; the column allows up to 64 characters.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
SEARCH_LIMIT = 20
SEARCH_MIN = 2


class Outcome(enum.StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_APPROVED = "not_approved"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"


# HTTP status of each outcome, for the JSON endpoint (and the page, so tests and scanner
# scripts can tell a warning from a success without reading the words).
STATUS_CODES = {
    Outcome.CHECKED_IN: 200,
    Outcome.ALREADY_CHECKED_IN: 409,
    Outcome.NOT_APPROVED: 409,
    Outcome.OTHER_EVENT: 404,
    Outcome.UNKNOWN: 404,
}

_AUDIT_ACTIONS = {
    Outcome.CHECKED_IN: "registration.check_in",
    Outcome.ALREADY_CHECKED_IN: "registration.check_in_repeat",
    Outcome.NOT_APPROVED: "registration.check_in_refused",
    Outcome.OTHER_EVENT: "registration.check_in_other_event",
    Outcome.UNKNOWN: "registration.check_in_unknown",
}


@dataclass(frozen=True)
class Arrival:
    """What happened at the desk. `registration` is set only for this event's people:
    a token of another event tells the desk nothing about its holder."""

    outcome: Outcome
    registration: Registration | None = None
    checked_in_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.CHECKED_IN

    @property
    def status_code(self) -> int:
        return STATUS_CODES[self.outcome]


def normalise_token(raw: str | None) -> str:
    """What a scanner typed, without the spaces and line ends some scanners add."""
    return "".join((raw or "").split())


def _record(event: Event, actor: User, arrival: Arrival) -> Arrival:
    registration = arrival.registration
    audit(
        actor,
        _AUDIT_ACTIONS[arrival.outcome],
        target_type="registration" if registration is not None else None,
        target_id=registration.id if registration is not None else None,
        event_id=event.id,
        subjects=[registration.user_id] if registration is not None else (),
    )
    db.session.flush()
    return arrival


def _arrive(event: Event, registration: Registration, actor: User) -> Arrival:
    if registration.status != RegistrationStatus.APPROVED.value:
        return _record(event, actor, Arrival(Outcome.NOT_APPROVED, registration))
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Registration)
        .where(
            Registration.id == registration.id,
            Registration.status == RegistrationStatus.APPROVED.value,
            Registration.checked_in_at.is_(None),
        )
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(registration, ["checked_in_at", "status"])
    if claimed.rowcount == 1:
        return _record(event, actor, Arrival(Outcome.CHECKED_IN, registration, now))
    if registration.status != RegistrationStatus.APPROVED.value:
        return _record(event, actor, Arrival(Outcome.NOT_APPROVED, registration))
    return _record(
        event,
        actor,
        Arrival(Outcome.ALREADY_CHECKED_IN, registration, registration.checked_in_at),
    )


def _with_person(stmt: sa.Select) -> sa.Select:
    person = joinedload(Registration.user).options(load_only(User.id, User.display_name))
    return stmt.options(person)


def check_in_token(event: Event, raw_token: str | None, *, actor: User) -> Arrival:
    """Check in whoever holds this badge token, or say why not."""
    token = normalise_token(raw_token)
    if not TOKEN_PATTERN.fullmatch(token):
        return _record(event, actor, Arrival(Outcome.UNKNOWN))
    registration = db.session.scalar(
        _with_person(sa.select(Registration).where(Registration.checkin_token == token))
    )
    if registration is None:
        return _record(event, actor, Arrival(Outcome.UNKNOWN))
    if registration.event_id != event.id:
        return _record(event, actor, Arrival(Outcome.OTHER_EVENT))
    return _arrive(event, registration, actor)


def check_in_registration(event: Event, registration_id: int, *, actor: User) -> Arrival:
    """Check in a registration picked from the name search."""
    registration = db.session.scalar(
        _with_person(
            sa.select(Registration).where(
                Registration.id == registration_id, Registration.event_id == event.id
            )
        )
    )
    if registration is None:
        return _record(event, actor, Arrival(Outcome.UNKNOWN))
    return _arrive(event, registration, actor)


@dataclass(frozen=True)
class Arrivals:
    arrived: int
    expected: int


def arrivals(event: Event) -> Arrivals:
    """How many approved people have arrived, of how many: one query, for the desk's
    live count (a number the event's team sees anyway on the registrations page)."""
    row = db.session.execute(
        sa.select(
            sa.func.count(Registration.checked_in_at),
            sa.func.count(Registration.id),
        ).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED.value,
        )
    ).one()
    return Arrivals(arrived=row[0], expected=row[1])


def shown_name(registration: Registration) -> str:
    """The name on the badge: the badge name, else the person's display name."""
    return registration.badge_name or registration.user.display_name


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def search_by_name(event: Event, query: str) -> list[Registration]:
    """This event's registrations whose badge (or display) name contains `query`.

    Badge names are encrypted at rest, so the database cannot search them: the event's
    registrations are decrypted here and matched in Python (a few milliseconds for a
    thousand people). Cancelled registrations are left out.
    """
    needle = _fold(query)
    if len(needle) < SEARCH_MIN:
        return []
    registrations = db.session.scalars(
        _with_person(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status != RegistrationStatus.CANCELLED.value,
            )
            .order_by(Registration.id)
        )
    ).all()
    found = [
        registration
        for registration in registrations
        if needle in _fold(shown_name(registration))
        or needle in _fold(registration.user.display_name)
    ]
    found.sort(key=lambda registration: _fold(shown_name(registration)))
    return found[:SEARCH_LIMIT]
