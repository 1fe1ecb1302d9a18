"""Registering, cancelling, vetting and checking in. Functions flush; the view commits.

Every function that changes who holds a seat takes the event's lock first (`lock_event`)
and leaves the waiting list promoted (`fill_seats`) before returning, so no code path can
overbook an event or leave a free seat while people wait.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _

from forum.events.models import Event
from forum.events.registration import capacity
from forum.events.registration.locking import lock_event
from forum.events.registration.models import (
    Answer,
    ListingConsent,
    Question,
    Registration,
    RegistrationStatus,
    new_checkin_token,
)
from forum.events.registration.questions.answers import (
    check_answer,
    is_empty,
    store_answer,
)
from forum.events.registration.window import Window, registration_window
from forum.extensions import db
from forum.i18n import LOCALES
from forum.letters.models import LetterRequest
from forum.models import DISPLAY_NAME_MAX, User, utcnow
from forum.notices.labels import NoticeKind
from forum.notices.services import notify
from forum.security import audit

APPROVED = RegistrationStatus.APPROVED.value
PENDING = RegistrationStatus.PENDING.value
WAITLISTED = RegistrationStatus.WAITLISTED.value
DECLINED = RegistrationStatus.DECLINED.value
CANCELLED = RegistrationStatus.CANCELLED.value
NOTE_MAX = 1000


class RegistrationError(ValueError):
    """A registration rule was broken; the message is translated and shown as it is."""


def window_problem(event: Event, now: datetime) -> str | None:
    """Why registration is not possible now, in the viewer's language; None when open."""
    window = registration_window(event, now)
    if window is Window.OPEN:
        return None
    if window is Window.NOT_YET_OPEN:
        return _(
            "Registration opens on %(date)s.",
            date=format_datetime(event.registration_opens_at, "medium"),
        )
    messages = {
        Window.DRAFT: _("This event is not published yet, so registration is not open."),
        Window.CANCELLED: _("This event is cancelled: registration is closed."),
        Window.CLOSED: _("Registration for this event is closed."),
        Window.OVER: _("This event is over: registration is closed."),
    }
    return messages[window]


def active_questions(event_id: int) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.event_id == event_id, Question.archived_at.is_(None))
            .order_by(Question.position, Question.id)
        )
    )


def find_registration(event_id: int, user_id: int) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event_id, Registration.user_id == user_id
        )
    )


@dataclass
class RegistrationRequest:
    """What a person submits; `answers` maps question ids to the form's values."""

    badge_name: str
    locale: str
    listing: str
    consent: bool
    answers: Mapping[int, Any] = field(default_factory=dict)


def register(
    event_id: int, user: User, request: RegistrationRequest, *, now: datetime | None = None
) -> Registration:
    """Register `user`: approved, pending (vetting) or waitlisted (full). Nothing is saved
    when a rule is broken: the caller rolls back on `RegistrationError`."""
    now = now or utcnow()
    event = lock_event(event_id)
    problem = window_problem(event, now)
    if problem:
        raise RegistrationError(problem)
    existing = find_registration(event.id, user.id)
    if existing is not None and existing.active:
        raise RegistrationError(_("You are already registered for this event."))
    if existing is not None and existing.status == DECLINED:
        raise RegistrationError(_("The organizers declined your request to attend this event."))
    _check_request(request)
    questions = active_questions(event.id)
    _check_answers(questions, request.answers)

    registration = existing or Registration(event_id=event.id, user_id=user.id)
    if existing is not None:  # registering again after cancelling: a fresh start
        registration.answers = []
        db.session.flush()
        registration.checkin_token = new_checkin_token()
        registration.checked_in_at = None
        registration.decided_at = None
        registration.decision_note = None
    registration.badge_name = request.badge_name.strip() or user.display_name
    registration.locale = request.locale
    registration.listing = request.listing
    registration.consented_at = now
    seats = capacity.occupancy(event.id)
    if not capacity.has_free_seat(event, seats):
        capacity.join_waitlist(registration, seats.last_position)
    else:
        registration.status = PENDING if event.requires_approval else APPROVED
        registration.waitlist_position = None
    for question in questions:
        value = request.answers.get(question.id)
        if not is_empty(value):
            answer = Answer(question=question)
            store_answer(answer, question, value)
            registration.answers.append(answer)
    db.session.add(registration)
    db.session.flush()
    _tell(registration)
    return registration


#: What a person is told when their registration reaches a status.
_NOTICE_FOR = {
    PENDING: NoticeKind.RECEIVED,
    APPROVED: NoticeKind.APPROVED,
    WAITLISTED: NoticeKind.WAITLISTED,
    DECLINED: NoticeKind.DECLINED,
}


def _tell(registration: Registration) -> None:
    """A notice to the person (in-app, and by email where they asked for it)."""
    kind = _NOTICE_FOR.get(registration.status)
    if kind is None:
        return
    position = None
    if kind is NoticeKind.WAITLISTED and registration.waitlist_position is not None:
        position = db.session.scalar(  # the place in the line, not the ticket number
            sa.select(sa.func.count())
            .select_from(Registration)
            .where(
                Registration.event_id == registration.event_id,
                Registration.status == WAITLISTED,
                Registration.waitlist_position <= registration.waitlist_position,
            )
        )
    notify(registration.user_id, registration.event_id, kind, position)


def _check_request(request: RegistrationRequest) -> None:
    if not request.consent:
        raise RegistrationError(_("Please agree to the privacy notice to register."))
    if request.locale not in LOCALES:
        raise RegistrationError(_("Choose one of the languages offered."))
    if request.listing not in {choice.value for choice in ListingConsent}:
        raise RegistrationError(_("Choose who may see you in the participant list."))
    if len(request.badge_name.strip()) > DISPLAY_NAME_MAX:
        raise RegistrationError(_("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX))


def _check_answers(questions: list[Question], answers: Mapping[int, Any]) -> None:
    known = {question.id for question in questions}
    if set(answers) - known:
        raise RegistrationError(
            _("The questions of this event have changed. Please check your answers again.")
        )
    for question in questions:
        problem = check_answer(question, answers.get(question.id))
        if problem:
            raise RegistrationError(problem)


@dataclass
class Cancellation:
    registration: Registration
    promoted: list[Registration]


def cancel(event_id: int, user: User, *, now: datetime | None = None) -> Cancellation:
    """Cancel the person's own registration; the freed seat goes to the waiting list.

    What they answered, their badge name and the organizers' note are deleted at once:
    nobody needs them any more.
    """
    now = now or utcnow()
    event = lock_event(event_id)
    registration = find_registration(event.id, user.id)
    if registration is None or not registration.active:
        raise RegistrationError(_("You have no registration to cancel for this event."))
    if now >= event.ends_at:
        raise RegistrationError(_("This event is over: there is nothing left to cancel."))
    _withdraw(registration)
    return Cancellation(registration, capacity.fill_seats(event))


def _withdraw(registration: Registration) -> None:
    registration.status = CANCELLED
    registration.waitlist_position = None
    registration.badge_name = None
    registration.decision_note = None
    registration.listing = ListingConsent.NOBODY.value
    registration.answers = []
    # A cancelled registration needs no invitation letter: its passport details go too.
    db.session.execute(
        sa.delete(LetterRequest).where(LetterRequest.registration_id == registration.id)
    )
    db.session.flush()


class Decision(enum.StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    WAITLIST = "waitlist"


@dataclass
class DecisionResult:
    approved: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    declined: list[Registration] = field(default_factory=list)
    skipped: list[Registration] = field(default_factory=list)
    promoted: list[Registration] = field(default_factory=list)


def decide(
    event_id: int,
    registration_ids: Iterable[int],
    decision: Decision,
    *,
    actor: User,
    note: str = "",
    now: datetime | None = None,
) -> DecisionResult:
    """Approve or decline requests, in the order they were made.

    An approval beyond capacity queues the person (remembered as approved, so they are
    seated as soon as a place frees up). Registrations of other events are ignored: ids
    come from a form and are never trusted to belong to this event.
    """
    now = now or utcnow()
    event = lock_event(event_id)
    ids = {int(i) for i in registration_ids}
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.id.in_(ids))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    result = DecisionResult()
    note = note.strip()[:NOTE_MAX]
    # Seats are read once under the lock and counted here as people are seated: the same
    # rule as one approval at a time, without a count query per person in a bulk action.
    seats = _Seats.read(event)
    for registration in registrations:
        if decision is Decision.APPROVE:
            _approve(event, registration, result, seats)
        elif decision is Decision.WAITLIST:
            _waitlist(registration, result, seats)
        else:
            _decline(registration, result, seats)
        if registration in result.skipped:
            continue
        # Put on the waiting list by hand: not vetted, so a freed seat goes through
        # review again (approval events) rather than straight to them.
        registration.decided_at = None if decision is Decision.WAITLIST else now
        registration.decision_note = note or None
        _tell(registration)
        audit(
            actor,
            f"registration.{decision.value}",
            target_type="registration",
            target_id=registration.id,
            event_id=event.id,
            detail=registration.status,
            subjects=[registration.user_id],
        )
    db.session.flush()
    result.promoted = capacity.fill_seats(event)
    return result


@dataclass
class _Seats:
    """Approved seats and the last queue position, kept current during one decision."""

    approved: int
    last_position: int

    @classmethod
    def read(cls, event: Event) -> _Seats:
        db.session.flush()
        seats = capacity.occupancy(event.id)
        return cls(seats.approved, seats.last_position)

    def free(self, event: Event) -> bool:
        return event.capacity is None or self.approved < event.capacity

    def queue(self, registration: Registration) -> None:
        self.last_position = capacity.join_waitlist(registration, self.last_position)


def _approve(
    event: Event, registration: Registration, result: DecisionResult, seats: _Seats
) -> None:
    if registration.status not in (PENDING, WAITLISTED, DECLINED):
        result.skipped.append(registration)
        return
    if registration.status == WAITLISTED and registration.decided_at is not None:
        result.skipped.append(registration)  # approved already, waiting for a seat
        return
    if seats.free(event):
        registration.status = APPROVED
        registration.waitlist_position = None
        seats.approved += 1
        result.approved.append(registration)
    else:
        if registration.status != WAITLISTED:
            seats.queue(registration)
        result.waitlisted.append(registration)


def _waitlist(registration: Registration, result: DecisionResult, seats: _Seats) -> None:
    """Queue at the end: pending, declined, or approved but not yet arrived."""
    movable = registration.status in (PENDING, DECLINED) or (
        registration.status == APPROVED and registration.checked_in_at is None
    )
    if not movable:
        result.skipped.append(registration)
        return
    if registration.status == APPROVED:
        seats.approved -= 1
    seats.queue(registration)
    result.waitlisted.append(registration)


def _decline(registration: Registration, result: DecisionResult, seats: _Seats) -> None:
    if registration.status not in (PENDING, WAITLISTED, APPROVED):
        result.skipped.append(registration)
        return
    if registration.status == APPROVED:
        seats.approved -= 1
    registration.status = DECLINED
    registration.waitlist_position = None
    registration.checked_in_at = None
    result.declined.append(registration)


def set_checked_in(event: Event, registration: Registration, *, actor: User, arrived: bool) -> None:
    """Record (or undo) a person's arrival; only approved people can be checked in."""
    if registration.event_id != event.id:
        raise LookupError("The registration belongs to another event.")
    if arrived and registration.status != APPROVED:
        raise RegistrationError(_("Only approved participants can be checked in."))
    registration.checked_in_at = utcnow() if arrived else None
    audit(
        actor,
        "registration.check_in" if arrived else "registration.check_in_undone",
        target_type="registration",
        target_id=registration.id,
        event_id=event.id,
        subjects=[registration.user_id],
    )
    db.session.flush()


def set_listing(registration: Registration, listing: str) -> None:
    """Change (or withdraw) consent to appear in the participant list, at any time."""
    if listing not in {choice.value for choice in ListingConsent}:
        raise RegistrationError(_("Choose who may see you in the participant list."))
    if not registration.active:
        raise RegistrationError(_("You have no registration to change for this event."))
    registration.listing = listing
    db.session.flush()


def withdraw_everywhere(user: User) -> int:
    """Cancel every registration of a person leaving (seats go to the waiting lists), then
    delete them with their answers; returns how many were deleted."""
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.user_id == user.id)
        .order_by(Registration.event_id)
    ).all()
    plan = [(registration.id, registration.event_id) for registration in registrations]
    for registration_id, event_id in plan:  # lock in event order: no deadlock possible
        event = lock_event(event_id)
        registration = db.session.get(Registration, registration_id)
        if registration is not None and registration.active:
            _withdraw(registration)
            capacity.fill_seats(event)
    ids = [registration_id for registration_id, _ in plan]
    if ids:
        db.session.execute(sa.delete(Answer).where(Answer.registration_id.in_(ids)))
        db.session.execute(sa.delete(Registration).where(Registration.id.in_(ids)))
    db.session.expire_all()
    return len(ids)


class WalkInError(RegistrationError):
    """A walk-in the desk cannot register; the message says why, translated."""


def walk_in(event_id: int, user: User, *, actor: User, badge_name: str = "") -> Registration:
    """Register a person who came to the door and check them in, in one step.

    Within the same rules as everyone else: the event's lock, its capacity (a walk-in
    when the event is full is refused, never queued past the door), and one registration
    per person. Someone already approved is simply checked in; a pending, waitlisted or
    cancelled registration becomes approved if a seat is free; a declined person is
    refused (the organizers decided). The walk-in is approved by the person at the desk,
    so it is recorded as their decision, and the person is told as for any approval.
    """
    now = utcnow()
    event = lock_event(event_id)
    if event.cancelled_at is not None:
        raise WalkInError(_("This event is cancelled: registration is closed."))
    if now >= event.ends_at:
        raise WalkInError(_("This event is over: registration is closed."))
    if len(badge_name.strip()) > DISPLAY_NAME_MAX:
        raise WalkInError(_("Use at most %(max)d characters.", max=DISPLAY_NAME_MAX))
    registration = find_registration(event.id, user.id)
    if registration is not None and registration.status == DECLINED:
        raise WalkInError(
            _(
                "The organizers declined this person's request: ask an organizer before "
                "letting them in."
            )
        )
    if registration is not None and registration.status == APPROVED:
        if registration.checked_in_at is not None:
            raise WalkInError(_("This person is registered and checked in already."))
    else:
        seats = capacity.occupancy(event.id)
        if not capacity.has_free_seat(event, seats):
            raise WalkInError(
                _(
                    "The event is full: there is no place left for a walk-in. Free a place "
                    "first, or ask an organizer."
                )
            )
        if registration is None:
            registration = Registration(event_id=event.id, user_id=user.id)
            db.session.add(registration)
        elif registration.status == CANCELLED:
            registration.checkin_token = new_checkin_token()
        registration.status = APPROVED
        registration.waitlist_position = None
        registration.decided_at = now
        registration.locale = registration.locale or user.locale or "en"
        registration.badge_name = badge_name.strip() or registration.badge_name or user.display_name
        db.session.flush()
        _tell(registration)
    registration.checked_in_at = now
    audit(
        actor,
        "registration.walk_in",
        target_type="registration",
        target_id=registration.id,
        event_id=event.id,
    )
    db.session.flush()
    return registration
