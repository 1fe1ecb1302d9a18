"""Reads for workshop pages and the personal calendar feed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.events.models import Event, Session
from forum.events.registration.models import Registration, RegistrationStatus
from forum.events.workshops.models import WorkshopSettings, WorkshopSignup
from forum.extensions import db
from forum.models import User

_APPROVED = RegistrationStatus.APPROVED.value


@dataclass(frozen=True)
class WorkshopRow:
    session: Session
    settings: WorkshopSettings
    taken: int
    mine: bool

    @property
    def seats_left(self) -> int:
        return max(self.settings.capacity - self.taken, 0)


def workshops_of(event: Event, viewer: User | None) -> list[WorkshopRow]:
    """The event's sessions with sign-up, in agenda order: seats taken and the viewer's."""
    rows = db.session.execute(
        sa.select(Session, WorkshopSettings)
        .join(WorkshopSettings, WorkshopSettings.session_id == Session.id)
        .where(Session.event_id == event.id)
        .order_by(Session.starts_at, Session.position, Session.id)
        .options(selectinload(Session.texts))
    ).all()
    ids = [session.id for session, _ in rows]
    taken = dict(
        db.session.execute(
            sa.select(WorkshopSignup.session_id, sa.func.count())
            .join(Registration, Registration.id == WorkshopSignup.registration_id)
            .where(WorkshopSignup.session_id.in_(ids), Registration.status == _APPROVED)
            .group_by(WorkshopSignup.session_id)
        ).all()
    )
    mine = my_sessions(viewer, [event.id]) if viewer is not None else set()
    return [
        WorkshopRow(session, settings, taken.get(session.id, 0), session.id in mine)
        for session, settings in rows
    ]


def my_sessions(user: User | None, event_ids: Iterable[int]) -> set[int]:
    """Ids of the sessions `user` holds a seat in (through an approved registration)."""
    ids = list(event_ids)
    if user is None or not getattr(user, "is_authenticated", False) or not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(WorkshopSignup.session_id)
            .join(Registration, Registration.id == WorkshopSignup.registration_id)
            .where(
                Registration.user_id == user.id,
                Registration.event_id.in_(ids),
                Registration.status == _APPROVED,
            )
        )
    )


def signup_sessions(event_ids: Iterable[int]) -> set[int]:
    """Ids of the sessions of these events that take sign-ups."""
    ids = list(event_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(WorkshopSettings.session_id)
            .join(Session, Session.id == WorkshopSettings.session_id)
            .where(Session.event_id.in_(ids))
        )
    )


def signups_for_export(user: User) -> list[tuple[Event, Session]]:
    """Every workshop seat of the person, for their data export."""
    return list(  # type: ignore[arg-type]
        db.session.execute(
            sa.select(Event, Session)
            .join(Session, Session.event_id == Event.id)
            .join(WorkshopSignup, WorkshopSignup.session_id == Session.id)
            .join(Registration, Registration.id == WorkshopSignup.registration_id)
            .where(Registration.user_id == user.id)
            .order_by(Session.starts_at, Session.id)
        ).all()
    )


def users_named(usernames: list[str]) -> dict[str, User]:
    if not usernames:
        return {}
    found = db.session.scalars(sa.select(User).where(User.username.in_(usernames)))
    return {user.username: user for user in found}


def seats_by_session(event_id: int) -> dict[int, tuple[int, int]]:
    """For the organizers' agenda: (seats taken, capacity) of each session with sign-up."""
    rows = db.session.execute(
        sa.select(
            WorkshopSettings.session_id,
            WorkshopSettings.capacity,
            sa.func.count(Registration.id),
        )
        .join(Session, Session.id == WorkshopSettings.session_id)
        .outerjoin(WorkshopSignup, WorkshopSignup.session_id == WorkshopSettings.session_id)
        .outerjoin(
            Registration,
            sa.and_(
                Registration.id == WorkshopSignup.registration_id,
                Registration.status == _APPROVED,
            ),
        )
        .where(Session.event_id == event_id)
        .group_by(WorkshopSettings.session_id, WorkshopSettings.capacity)
    ).all()
    return {session_id: (taken, capacity) for session_id, capacity, taken in rows}
