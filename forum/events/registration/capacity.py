"""Seats, the waiting list and promotion. Every function here runs under `lock_event`.

Capacity counts approved registrations only. When the event is full, a new request (or an
approval) joins the waiting list at the end; positions only grow, so the order people
joined in is the order they are promoted in (the rank shown to a person is computed).

When a seat frees up, the head of the waiting list is promoted:
* events without vetting: straight to approved, while seats remain;
* events that require approval: someone the organizers already approved (who was queued
  only for lack of a seat) goes straight to approved; anyone else goes to *pending*, to be
  vetted like every request. Promotion stops while approved + pending requests fill the
  capacity, so the review queue never holds more people than there are seats to give.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from forum.events.models import Event
from forum.events.registration.models import Registration, RegistrationStatus
from forum.extensions import db
from forum.notices.labels import NoticeKind
from forum.notices.services import notify

APPROVED = RegistrationStatus.APPROVED.value
PENDING = RegistrationStatus.PENDING.value
WAITLISTED = RegistrationStatus.WAITLISTED.value


@dataclass(frozen=True)
class Occupancy:
    approved: int
    pending: int
    waitlisted: int
    last_position: int


def occupancy(event_id: int) -> Occupancy:
    """How many are approved, pending and queued, and the last queue position used.

    One query: every status keeps its highest position (promoted people keep theirs), so
    the last position used is the highest over all statuses.
    """
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count(), sa.func.max(Registration.waitlist_position))
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    counts = {status: count for status, count, _ in rows}
    last = max((position or 0 for _, _, position in rows), default=0)
    return Occupancy(
        approved=counts.get(APPROVED, 0),
        pending=counts.get(PENDING, 0),
        waitlisted=counts.get(WAITLISTED, 0),
        last_position=last or 0,
    )


def has_free_seat(event: Event, seats: Occupancy) -> bool:
    return event.capacity is None or seats.approved < event.capacity


def seats_left(event: Event, seats: Occupancy) -> int | None:
    return None if event.capacity is None else max(event.capacity - seats.approved, 0)


def join_waitlist(registration: Registration, last_position: int) -> int:
    """Queue at the end; returns the position taken."""
    registration.status = WAITLISTED
    registration.waitlist_position = last_position + 1
    return registration.waitlist_position


def waitlist_rank(registration: Registration) -> int | None:
    """1 for the head of the queue: positions have gaps after promotions and cancellations."""
    if registration.status != WAITLISTED or registration.waitlist_position is None:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == WAITLISTED,
            Registration.waitlist_position < registration.waitlist_position,
        )
    )
    return (ahead or 0) + 1


def fill_seats(event: Event) -> list[Registration]:
    """Promote from the head of the waiting list while seats allow; returns who moved."""
    db.session.flush()
    seats = occupancy(event.id)
    if seats.waitlisted == 0:
        return []
    queue = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == WAITLISTED)
        .order_by(Registration.waitlist_position)
    ).all()
    approved, pending = seats.approved, seats.pending
    promoted = []
    for registration in queue:
        if event.capacity is not None:
            taken = approved + pending if event.requires_approval else approved
            if taken >= event.capacity:
                break
        vetted = registration.decided_at is not None
        registration.waitlist_position = None
        if event.requires_approval and not vetted:
            registration.status = PENDING
            pending += 1
        else:
            registration.status = APPROVED
            approved += 1
        promoted.append(registration)
        kind = NoticeKind.PROMOTED if registration.status == APPROVED else NoticeKind.RECEIVED
        notify(registration.user_id, event.id, kind)
    db.session.flush()
    return promoted
