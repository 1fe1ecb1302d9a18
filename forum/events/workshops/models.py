"""Sign-up for agenda sessions (workshops) with their own capacity.

A session takes sign-ups when it has a `WorkshopSettings` row: its capacity, and the
member accounts of its facilitators (speakers are display names only, so the organizers
link a facilitator's account here). A `WorkshopSignup` is one seat, held through the
person's registration for the event: when the registration goes (cancellation that frees
the event seat is handled by the services; retention purge and account erasure delete the
row), the seat goes with it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.events.models import Session
from forum.events.registration.models import Registration
from forum.extensions import db
from forum.models import User, utcnow

CAPACITY_MAX = 10_000

workshop_facilitators = sa.Table(
    "workshop_facilitators",
    db.metadata,
    sa.Column(
        "session_id",
        sa.ForeignKey("workshop_settings.session_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class WorkshopSettings(db.Model):
    __tablename__ = "workshop_settings"
    __table_args__ = (sa.CheckConstraint("capacity > 0", name="positive_capacity"),)

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    capacity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    session: Mapped[Session] = relationship()
    facilitators: Mapped[list[User]] = relationship(
        secondary=workshop_facilitators, lazy="selectin"
    )


class WorkshopSignup(db.Model):
    """One seat in one workshop. One per registration and session (a unique constraint)."""

    __tablename__ = "workshop_signups"
    __table_args__ = (
        sa.UniqueConstraint(
            "session_id", "registration_id", name="uq_workshop_signups_session_registration"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop_settings.session_id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
