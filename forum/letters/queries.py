"""Reads for letters: a registrant's own request, and the issuer's list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from forum.events.models import Event
from forum.events.registration.models import Registration
from forum.extensions import db
from forum.letters.models import LetterRequest, LetterStatus
from forum.models import User


def request_of(registration: Registration | None) -> LetterRequest | None:
    if registration is None:
        return None
    return db.session.scalar(
        sa.select(LetterRequest).where(LetterRequest.registration_id == registration.id)
    )


def request_by_id(request_id: int) -> LetterRequest | None:
    return db.session.get(LetterRequest, request_id)


def requests_for_issuer(status: str | None = None) -> list[LetterRequest]:
    """Every request, open ones first, with only what a list needs loaded: the event,
    the registration's status and the person's display name. The encrypted passport
    columns are not even read (no decryption happens for the list)."""
    order = sa.case((LetterRequest.status == LetterStatus.REQUESTED.value, 0), else_=1)
    stmt = (
        sa.select(LetterRequest)
        .options(
            load_only(
                LetterRequest.id,
                LetterRequest.event_id,
                LetterRequest.registration_id,
                LetterRequest.user_id,
                LetterRequest.status,
                LetterRequest.locale,
                LetterRequest.created_at,
                LetterRequest.decided_at,
            ),
            joinedload(LetterRequest.event).selectinload(Event.texts),
            joinedload(LetterRequest.registration).load_only(Registration.status),
            joinedload(LetterRequest.user).load_only(User.id, User.display_name),
        )
        .order_by(order, LetterRequest.created_at, LetterRequest.id)
    )
    if status:
        stmt = stmt.where(LetterRequest.status == status)
    return list(db.session.scalars(stmt).unique())
