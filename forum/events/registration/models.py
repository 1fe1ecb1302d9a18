"""Registrations of members for events, the event's questions and the answers.

One row per person and event (a unique constraint stops duplicates). The badge name and
the organizers' decision note are encrypted at rest. `checkin_token` is opaque and random:
it is what a badge's QR code carries, never a name.

Questions keep their wording per language in JSON (`labels`, and per choice in `choices`).
Choices have stable keys: answers store keys, and a removed choice stays in the list marked
`removed`, so an answer given before a change still reads the way it was given. Answers to
sensitive questions are stored only encrypted (`secret`); others in `value`.
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
from forum.statistics.keys import record_key_column


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


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    COUNTRY = "country"


class QuestionPurpose(enum.StrEnum):
    """What a question is for, so logistics (and insights) can find e.g. dietary needs."""

    DIETARY = "dietary"
    ACCESSIBILITY = "accessibility"
    INTERPRETATION = "interpretation"
    EMERGENCY_CONTACT = "emergency_contact"
    OTHER = "other"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE.value, QuestionKind.MULTIPLE_CHOICE.value})


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
        # Two people can never hold the same place in the queue, even if the lock failed.
        sa.UniqueConstraint(
            "event_id", "waitlist_position", name="uq_registrations_event_waitlist_position"
        ),
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
    # Never shown: what logistics add up to decide each published count (forum.statistics).
    stat_key: Mapped[int] = record_key_column()
    decision_note: Mapped[str | None] = mapped_column(EncryptedText)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    @property
    def active(self) -> bool:
        """Pending, approved or waitlisted: the person still means to come."""
        return self.status in ACTIVE_STATUSES

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"


ACTIVE_STATUSES = frozenset(
    {
        RegistrationStatus.PENDING.value,
        RegistrationStatus.APPROVED.value,
        RegistrationStatus.WAITLISTED.value,
    }
)


class Question(db.Model):
    """One question of an event's registration form.

    `labels` maps a locale to the question's wording; `choices` is a list of
    `{"key": "c1", "labels": {"en": ...}, "removed": false}` for the two choice kinds.
    A question that has answers is archived (`archived_at`) rather than deleted, so the
    answers stay readable to organizers until the retention purge.
    """

    __tablename__ = "questions"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(_values(QuestionKind)), name="known_kind"),
        sa.CheckConstraint(
            sa.column("purpose").in_(_values(QuestionPurpose)), name="known_purpose"
        ),
        sa.Index("ix_questions_event_position", "event_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    purpose: Mapped[str] = mapped_column(sa.String(20), default=QuestionPurpose.OTHER.value)
    labels: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    choices: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    sensitive: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind}>"


class Answer(db.Model):
    """A person's answer to one question; exactly one of `value` / `secret` holds it.

    The stored form is JSON text: a string, a choice key, a list of keys, "yes"/"no" or a
    country code.
    """

    __tablename__ = "answers"
    __table_args__ = (
        sa.UniqueConstraint(
            "registration_id", "question_id", name="uq_answers_registration_question"
        ),
        sa.CheckConstraint("value IS NULL OR secret IS NULL", name="one_storage"),
        sa.Index("ix_answers_question_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    value: Mapped[str | None] = mapped_column(sa.Text)
    secret: Mapped[str | None] = mapped_column(EncryptedText)

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship(lazy="joined")

    @property
    def stored(self) -> str | None:
        return self.secret if self.secret is not None else self.value


class RegistrationCount(db.Model):
    """What remains of an event's registrations after the retention purge: counts only.

    `country` is an ISO code, or "" when the person gave none.
    """

    __tablename__ = "registration_counts"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "status", "country", name="uq_registration_counts_cell"),
        sa.CheckConstraint(
            sa.column("status").in_(_values(RegistrationStatus)), name="known_status"
        ),
        sa.CheckConstraint("count > 0", name="positive_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(20))
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    count: Mapped[int]
    purged_at: Mapped[datetime] = mapped_column(default=utcnow)
