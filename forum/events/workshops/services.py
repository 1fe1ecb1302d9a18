"""Signing up for a workshop and leaving it. Functions flush, never commit.

The race is the one of event registration (`registration.capacity`): two people press
"Sign up" for the last seat at once, both count the seats taken, both see one free. So
every sign-up first takes the event's write lock (`registration.locking.lock_event`:
`SELECT … FOR UPDATE` on the event's row on PostgreSQL, `BEGIN IMMEDIATE` on SQLite),
then counts and writes; the next writer for the same event waits and counts again. The
unique constraint on (session, registration) stops a double sign-up even if two requests
of the same person race.

Cancelling frees the seat at once; there is no waiting list for workshops (people can
come back and look).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.events.models import Event, EventStatus, Session
from forum.events.registration.locking import lock_event
from forum.events.registration.models import Registration, RegistrationStatus
from forum.events.workshops.models import WorkshopSettings, WorkshopSignup
from forum.extensions import db
from forum.models import User, utcnow
from forum.security import audit

#: The facilitator sees who signed up from this long before the start to the end.
LIST_MARGIN = timedelta(minutes=15)


class WorkshopError(ValueError):
    """A sign-up rule was broken; the message is translated."""


def settings_of(session_id: int) -> WorkshopSettings | None:
    return db.session.get(WorkshopSettings, session_id)


def seats_taken(session_id: int) -> int:
    """Seats held through an approved registration (a cancelled one holds none)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(WorkshopSignup)
            .join(Registration, Registration.id == WorkshopSignup.registration_id)
            .where(
                WorkshopSignup.session_id == session_id,
                Registration.status == RegistrationStatus.APPROVED.value,
            )
        )
        or 0
    )


def _drop_stale_signups(event_id: int) -> None:
    """Seats of registrations no longer approved (cancelled, declined) are given back,
    so a later approval does not bring an old seat back past the capacity."""
    stale = sa.select(Registration.id).where(
        Registration.event_id == event_id,
        Registration.status != RegistrationStatus.APPROVED.value,
    )
    db.session.execute(sa.delete(WorkshopSignup).where(WorkshopSignup.registration_id.in_(stale)))


def approved_registration(user: User, event_id: int) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event_id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.APPROVED.value,
        )
    )


def signup_of(session_id: int, registration_id: int) -> WorkshopSignup | None:
    return db.session.scalar(
        sa.select(WorkshopSignup).where(
            WorkshopSignup.session_id == session_id,
            WorkshopSignup.registration_id == registration_id,
        )
    )


def sign_up(user: User, event: Event, session_id: int) -> WorkshopSignup:
    """A seat for `user` in the workshop, or WorkshopError saying why not."""
    lock_event(event.id)
    session = db.session.get(Session, session_id, populate_existing=True)
    settings = settings_of(session_id)
    if session is None or session.event_id != event.id or settings is None:
        raise WorkshopError(_("This session takes no sign-ups."))
    if event.status == EventStatus.CANCELLED.value:
        raise WorkshopError(_("This event is cancelled."))
    if session.cancelled_at is not None:
        raise WorkshopError(_("This session is cancelled."))
    if session.starts_at <= utcnow():
        raise WorkshopError(_("This session has started: sign-up is closed."))
    _drop_stale_signups(event.id)
    registration = approved_registration(user, event.id)
    if registration is None:
        raise WorkshopError(
            _("Only people whose registration for the event is approved can sign up.")
        )
    if signup_of(session_id, registration.id) is not None:
        raise WorkshopError(_("You have already signed up for this session."))
    if seats_taken(session_id) >= settings.capacity:
        raise WorkshopError(_("This session is full."))
    signup = WorkshopSignup(session_id=session_id, registration_id=registration.id)
    db.session.add(signup)
    db.session.flush()
    return signup


def leave(user: User, event: Event, session_id: int) -> bool:
    """Give the seat back; False when the person held none."""
    lock_event(event.id)
    registration = approved_registration(user, event.id)
    if registration is None:
        return False
    deleted = db.session.execute(
        sa.delete(WorkshopSignup).where(
            WorkshopSignup.session_id == session_id,
            WorkshopSignup.registration_id == registration.id,
        )
    )
    db.session.flush()
    return bool(deleted.rowcount)


def configure(
    session: Session, capacity: int | None, facilitators: list[User]
) -> WorkshopSettings | None:
    """Open sign-up with `capacity` seats, change it, or (capacity None) stop sign-ups.

    A capacity below the seats already taken is refused: nobody loses a seat they hold.
    Stopping sign-ups with seats taken is refused too.
    """
    settings = settings_of(session.id)
    taken = seats_taken(session.id) if settings is not None else 0
    if capacity is None:
        if settings is None:
            return None
        if taken:
            raise WorkshopError(
                _(
                    "People have signed up: sign-up cannot be turned off. "
                    "Cancel the session instead."
                )
            )
        db.session.delete(settings)
        db.session.flush()
        return None
    if capacity < taken:
        raise WorkshopError(
            _(
                "Seats are taken already: the capacity cannot be lower than %(count)d.",
                count=taken,
            )
        )
    if settings is None:
        settings = WorkshopSettings(session_id=session.id, capacity=capacity)
        db.session.add(settings)
    settings.capacity = capacity
    settings.facilitators = facilitators
    db.session.flush()
    return settings


def list_is_open(session: Session, now: datetime | None = None) -> bool:
    """The facilitator's list is shown from shortly before the start until the end."""
    moment = now or utcnow()
    return session.starts_at - LIST_MARGIN <= moment < session.ends_at


def attendees(viewer: User, session: Session) -> list[Registration]:
    """Who signed up, for the facilitator while the session runs; each look is audited."""
    registrations = list(
        db.session.scalars(
            sa.select(Registration)
            .join(WorkshopSignup, WorkshopSignup.registration_id == Registration.id)
            .where(
                WorkshopSignup.session_id == session.id,
                Registration.status == RegistrationStatus.APPROVED.value,
            )
            .order_by(WorkshopSignup.created_at, WorkshopSignup.id)
        )
    )
    audit(
        viewer,
        "workshop.signups_view",
        target_type="session",
        target_id=session.id,
        event_id=session.event_id,
        detail=str(len(registrations)),
    )
    return registrations
