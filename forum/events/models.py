"""Events and their agendas.

Titles and descriptions are stored per language (`EventText`, `SessionText`): one row per
locale the organizers wrote, at least one. Times are naive UTC (`*_at`); the event's IANA
`timezone` says how to show them. Venue name, address and online link are encrypted at
rest: a confidential meeting place must not leak with a database dump.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import User, utcnow

SLUG_MAX = 80
TITLE_MAX = 200
SUMMARY_MAX = 500
DESCRIPTION_MAX = 20_000
DEFAULT_PURGE_AFTER_DAYS = 30


class EventKind(enum.StrEnum):
    CONFERENCE = "conference"
    SEMINAR = "seminar"
    FORUM = "forum"
    WORKSHOP = "workshop"
    TRAINING = "training"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SessionKind(enum.StrEnum):
    PLENARY = "plenary"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    SOCIAL = "social"


def _values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


event_organizers = sa.Table(
    "event_organizers",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(_values(EventKind)), name="known_kind"),
        sa.CheckConstraint(sa.column("status").in_(_values(EventStatus)), name="known_status"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="positive_capacity"),
        sa.CheckConstraint("purge_after_days >= 0", name="retention_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=EventKind.CONFERENCE.value)
    status: Mapped[str] = mapped_column(sa.String(20), default=EventStatus.DRAFT.value, index=True)
    default_locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    # Deferred: loaded (and decrypted) only when a page may show them, never for lists.
    venue_name: Mapped[str | None] = mapped_column(
        EncryptedText, deferred=True, deferred_group="venue"
    )
    venue_address: Mapped[str | None] = mapped_column(
        EncryptedText, deferred=True, deferred_group="venue"
    )
    online_url: Mapped[str | None] = mapped_column(
        EncryptedText, deferred=True, deferred_group="venue"
    )
    # Whether a link is stored, read without loading or decrypting it (as last saved).
    has_online_link: Mapped[bool] = column_property(online_url.column.is_not(None))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    location_confidential: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None]
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    requires_approval: Mapped[bool] = mapped_column(default=False)
    # Language codes (e.g. ["en", "es", "fr"]) offered by interpreters.
    interpretation_languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    purge_after_days: Mapped[int] = mapped_column(default=DEFAULT_PURGE_AFTER_DAYS)
    # Counts saved edits and the cancellation, for the iCalendar SEQUENCE of event.ics
    # (texts live in their own table, so `updated_at` alone misses a new title).
    sequence: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    texts: Mapped[list[EventText]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin"
    )
    organizers: Mapped[list[User]] = relationship(secondary=event_organizers, lazy="selectin")
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(Session.starts_at, Session.position, Session.id)",
    )

    def text_for(self, locale: str) -> EventText | None:
        """The text in `locale`, else in the event's default language, else any."""
        by_locale = {text.locale: text for text in self.texts}
        return (
            by_locale.get(locale)
            or by_locale.get(self.default_locale)
            or next(iter(by_locale.values()), None)
        )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class EventText(db.Model):
    __tablename__ = "event_texts"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(sa.String(SUMMARY_MAX), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")

    event: Mapped[Event] = relationship(back_populates="texts")


class Session(db.Model):
    """An agenda item. `sequence` counts changes, for iCalendar SEQUENCE."""

    __tablename__ = "sessions"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(_values(SessionKind)), name="known_kind"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_sessions_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(sa.String(100), default="")
    track: Mapped[str] = mapped_column(sa.String(100), default="")
    kind: Mapped[str] = mapped_column(sa.String(20), default=SessionKind.PLENARY.value)
    # Display names as the speakers wish to be shown (pseudonyms welcome).
    speakers: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Speakers who asked not to be named at all: shown as "speaker withheld" (in the
    # reader's language) wherever the agenda goes, never as a name.
    withheld_speakers: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    sequence: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="sessions")
    texts: Mapped[list[SessionText]] = relationship(
        back_populates="session", cascade="all, delete-orphan", lazy="selectin"
    )

    def text_for(self, locale: str, default_locale: str) -> SessionText | None:
        by_locale = {text.locale: text for text in self.texts}
        return (
            by_locale.get(locale)
            or by_locale.get(default_locale)
            or next(iter(by_locale.values()), None)
        )


class SessionText(db.Model):
    __tablename__ = "session_texts"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")

    session: Mapped[Session] = relationship(back_populates="texts")
