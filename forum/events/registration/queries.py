"""Read-only questions about registrations, shared by the event pages and exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from forum.events.models import Event
from forum.events.registration import capacity
from forum.events.registration.models import (
    ListingConsent,
    Question,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.window import Window, registration_window
from forum.extensions import db
from forum.models import AuditEntry, User, utcnow
from forum.profiles.models import Profile
from forum.security.events import remember_participation

MANAGE_PER_PAGE = 50
AUDIT_PER_PAGE = 50


def registration_of(user: Any, event_id: int) -> Registration | None:
    """The viewer's own registration for an event, if they are signed in and have one."""
    if user is None or not user.is_authenticated:
        return None
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event_id, Registration.user_id == user.id
        )
    )
    # The same row answers "may they see the confidential venue?" on this page.
    remember_participation(user, event_id, registration)
    return registration


def my_registrations(user: User) -> list[Registration]:
    """A person's registrations, latest event first, for their account page."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .join(Event, Event.id == Registration.event_id)
            .options(joinedload(Registration.event))
            .where(Registration.user_id == user.id)
            .order_by(Event.starts_at.desc(), Registration.id)
        ).unique()
    )


def all_questions(event_id: int) -> list[Question]:
    """Current and archived questions: archived ones still label old answers."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.event_id == event_id)
            .order_by(Question.archived_at.is_not(None), Question.position, Question.id)
        )
    )


def status_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    counts = {status.value: 0 for status in RegistrationStatus}
    counts.update(dict(rows))
    return counts


def registrations_page(event_id: int, status: str | None, page: int) -> Any:
    """One page of an event's registrations with people and answers (fixed query count)."""
    stmt = (
        sa.select(Registration)
        .where(Registration.event_id == event_id)
        .options(joinedload(Registration.user), selectinload(Registration.answers))
    )
    if status == RegistrationStatus.WAITLISTED.value:
        stmt = stmt.order_by(Registration.waitlist_position)  # the queue, in its order
    else:
        stmt = stmt.order_by(Registration.created_at, Registration.id)  # in request order
    if status:
        stmt = stmt.where(Registration.status == status)
    return db.paginate(stmt, page=page, per_page=MANAGE_PER_PAGE, error_out=False)


def waitlist_ranks(event_id: int) -> dict[int, int]:
    """Registration id -> place in the queue (1 = next), for the whole waiting list."""
    ids = db.session.scalars(
        sa.select(Registration.id)
        .where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.WAITLISTED.value,
        )
        .order_by(Registration.waitlist_position)
    )
    return {registration_id: rank for rank, registration_id in enumerate(ids, start=1)}


def profiles_of(user_ids: Iterable[int]) -> dict[int, Profile]:
    ids = set(user_ids)
    if not ids:
        return {}
    return {
        profile.user_id: profile
        for profile in db.session.scalars(sa.select(Profile).where(Profile.user_id.in_(ids)))
    }


def listed_participants(event_id: int) -> list[Registration]:
    """Approved people who agreed to appear in the participant list, by display name."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .join(User, User.id == Registration.user_id)
            .options(joinedload(Registration.user))
            .where(
                Registration.event_id == event_id,
                Registration.status == RegistrationStatus.APPROVED.value,
                Registration.listing != ListingConsent.NOBODY.value,
                User.disabled_at.is_(None),
            )
            .order_by(sa.func.lower(User.display_name), User.id)
        )
    )


def event_audit_page(event_id: int, page: int) -> Any:
    stmt = (
        sa.select(AuditEntry)
        .where(AuditEntry.event_id == event_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=AUDIT_PER_PAGE, error_out=False)


@dataclass(frozen=True)
class PanelState:
    """What the event page's registration panel needs beyond the event itself."""

    window: Window
    full: bool
    seats_left: int | None
    waitlist_rank: int | None


def panel_state(
    event: Event, my_registration: Registration | None, now: datetime | None = None
) -> PanelState:
    """Whether the event is full and where the viewer stands; two small queries."""
    seats = capacity.occupancy(event.id)
    rank = capacity.waitlist_rank(my_registration) if my_registration is not None else None
    return PanelState(
        window=registration_window(event, now or utcnow()),
        full=not capacity.has_free_seat(event, seats),
        seats_left=capacity.seats_left(event, seats),
        waitlist_rank=rank,
    )


@dataclass(frozen=True)
class AuditNames:
    """What one audit entry was about, named for a reader (None when the thing is gone)."""

    target: str | None
    event: str | None


def audit_targets(entries: Iterable[AuditEntry], locale: str) -> dict[int, AuditNames]:
    """What each entry was about, as a reader names it: the person for a registration or an
    account, the title for an event. Two queries per page, whatever its length. An entry
    whose target is gone keeps no name (the page shows its kind and number)."""
    entries = list(entries)
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_type and entry.target_id is not None:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
        if entry.event_id is not None:
            wanted.setdefault("event", set()).add(entry.event_id)
    people: dict[int, str] = {}
    if wanted.get("user"):
        rows = db.session.execute(
            sa.select(User.id, User.display_name).where(User.id.in_(wanted["user"]))
        )
        people = {user_id: name for user_id, name in rows}
    registrants: dict[int, str] = {}
    if wanted.get("registration"):
        rows = db.session.execute(
            sa.select(Registration.id, User.display_name)
            .join(User, User.id == Registration.user_id)
            .where(Registration.id.in_(wanted["registration"]))
        )
        registrants = {registration_id: name for registration_id, name in rows}
    titles: dict[int, str] = {}
    if wanted.get("event"):
        events = db.session.scalars(
            sa.select(Event).where(Event.id.in_(wanted["event"])).options(selectinload(Event.texts))
        )
        for event in events:
            text = event.text_for(locale)
            titles[event.id] = text.title if text is not None else event.slug
    sources = {"user": people, "registration": registrants, "event": titles}
    return {
        entry.id: AuditNames(
            target=sources.get(entry.target_type or "", {}).get(entry.target_id or 0),
            event=titles.get(entry.event_id or 0),
        )
        for entry in entries
    }
