"""A request for an invitation letter, with the passport details the letter must quote.

Every passport detail is an `EncryptedText` column: a database dump shows Fernet tokens,
never a name, a number or a date of birth. The row exists only because the person asked
(nothing is collected at registration), is deleted when they withdraw it, when their
registration is cancelled or their account erased, and with the event's registrations by
the retention purge (`forum.events.registration.retention`). The letter itself is never
stored: it is rendered from the row each time the registrant downloads it.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.events.models import Event
from forum.events.registration.models import Registration
from forum.extensions import db
from forum.models import User, utcnow


class LetterStatus(enum.StrEnum):
    REQUESTED = "requested"
    ISSUED = "issued"
    DECLINED = "declined"


class LetterRequest(db.Model):
    __tablename__ = "letter_requests"
    __table_args__ = (
        sa.CheckConstraint(
            sa.column("status").in_(tuple(s.value for s in LetterStatus)), name="known_status"
        ),
        sa.UniqueConstraint("registration_id", name="uq_letter_requests_registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=LetterStatus.REQUESTED.value)
    #: The language the letter is written in (the registrant's, when they asked).
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    legal_name: Mapped[str | None] = mapped_column(EncryptedText)
    nationality: Mapped[str | None] = mapped_column(EncryptedText)
    passport_number: Mapped[str | None] = mapped_column(EncryptedText)
    birth_date: Mapped[str | None] = mapped_column(EncryptedText)
    passport_expiry: Mapped[str | None] = mapped_column(EncryptedText)
    purpose: Mapped[str | None] = mapped_column(EncryptedText)
    #: Why the issuer declined, shown to the registrant (encrypted: it may name a reason).
    decision_note: Mapped[str | None] = mapped_column(EncryptedText)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<LetterRequest {self.id} {self.status}>"
