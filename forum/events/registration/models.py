"""Registrations of members for events.

One row per person and event (a unique constraint stops duplicates). The badge name and
the organizers' decision note are encrypted at rest. `checkin_token` is opaque and random:
it is what a badge's QR code carries, never a name.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.events.models import Event
from forum.extensions import db
from forum.models import User, utcnow


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class ListingConsent(enum.StrEnum):
    """Whether, and to whom, a person appears in the event's participant list."""

    NOBODY = "nobody"
    PARTICIPANTS = "participants"
    MEMBERS = "members"


class EventRole(enum.StrEnum):
    """The person's role at the event, printed on the badge."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ORGANIZER = "organizer"
    STAFF = "staff"
    INTERPRETER = "interpreter"


def _values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


def new_checkin_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_registrations_event_user"),
        sa.CheckConstraint(
            sa.column("status").in_(_values(RegistrationStatus)), name="known_status"
        ),
        sa.CheckConstraint(sa.column("listing").in_(_values(ListingConsent)), name="known_listing"),
        sa.CheckConstraint(sa.column("role").in_(_values(EventRole)), name="known_role"),
        sa.CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlist_position_iff_waitlisted",
        ),
        sa.Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=RegistrationStatus.PENDING.value)
    waitlist_position: Mapped[int | None]
    role: Mapped[str] = mapped_column(sa.String(20), default=EventRole.PARTICIPANT.value)
    badge_name: Mapped[str | None] = mapped_column(EncryptedText)
    listing: Mapped[str] = mapped_column(sa.String(20), default=ListingConsent.NOBODY.value)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    consented_at: Mapped[datetime | None]
    checkin_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_checkin_token
    )
    checked_in_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(EncryptedText)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()
