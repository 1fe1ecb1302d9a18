"""Works, their editions (one file per language), where they are used, and offline packs.

A `Work` is one manual, study or report; its title and summary exist per language
(`WorkText`) and its files are `Edition`s, one per language. Files never live in the
database: an edition holds a random storage key (`storage.py`) and what the page shows
about the file (format, size, pages). The text read out of a file for search is kept in
`EditionText`, one row per edition in the edition's language, so the search index can be
rebuilt from the database alone.

Tags use the shared taxonomy in one table (`WorkTag`: vocabulary and code), as a work is
filtered by them but never counted by them.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.library.labels import (
    AUTHOR_KINDS,
    KINDS,
    EditionState,
    UseRole,
    Visibility,
    WorkStatus,
    values,
)
from forum.models import utcnow

LANGUAGE_CODES = ("en", "es", "fr", "pt", "ar")
TITLE_MAX = 200
SUMMARY_MAX = 2_000
AUTHOR_MAX = 120
VOCABULARIES = ("region", "country", "risk", "group")
PACK_AUDIENCES = ("public", "members", "participants")
PACK_STATES = ("queued", "building", "ready", "failed")
MEDIA_TYPES = (
    "application/pdf",
    "application/epub+zip",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
    "image/jpeg",
)


def _enum_values(kind: type) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


class Work(db.Model):
    __tablename__ = "library_works"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(values(KINDS)), name="known_kind"),
        sa.CheckConstraint(
            sa.column("visibility").in_(_enum_values(Visibility)), name="known_visibility"
        ),
        sa.CheckConstraint(sa.column("status").in_(_enum_values(WorkStatus)), name="known_status"),
        sa.CheckConstraint(
            sa.column("default_language").in_(LANGUAGE_CODES), name="known_language"
        ),
        sa.Index("ix_library_works_listing", "status", "published_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    published_on: Mapped[date]
    visibility: Mapped[str] = mapped_column(sa.String(12), default=Visibility.PUBLIC.value)
    # The event whose participants may read a participants-only work.
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(10), default=WorkStatus.PUBLISHED.value)
    # The language shown when the reader's is missing, before any other.
    default_language: Mapped[str] = mapped_column(sa.String(5), default="en")
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    texts: Mapped[list[WorkText]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="WorkText.language"
    )
    authors: Mapped[list[WorkAuthor]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="WorkAuthor.position"
    )
    tags: Mapped[list[WorkTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    editions: Mapped[list[Edition]] = relationship(
        back_populates="work", cascade="all, delete-orphan", order_by="Edition.language"
    )

    def text_for(self, language: str) -> WorkText | None:
        """The title and summary in `language`, else the work's default language, else any."""
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language)
            or by_language.get(self.default_language)
            or next(iter(by_language.values()), None)
        )

    def tag_codes(self, vocabulary: str) -> list[str]:
        return sorted(tag.code for tag in self.tags if tag.vocabulary == vocabulary)

    def __repr__(self) -> str:
        return f"<Work {self.id}>"


class WorkText(db.Model):
    __tablename__ = "library_work_texts"
    __table_args__ = (
        sa.CheckConstraint(sa.column("language").in_(LANGUAGE_CODES), name="known_language"),
    )

    work_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_works.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(sa.String(SUMMARY_MAX), default="")


class WorkAuthor(db.Model):
    """An author as the work names them: an organisation or a pseudonym, never an account."""

    __tablename__ = "library_work_authors"
    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(values(AUTHOR_KINDS)), name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_works.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(AUTHOR_MAX))
    kind: Mapped[str] = mapped_column(sa.String(12))


class WorkTag(db.Model):
    __tablename__ = "library_work_tags"
    __table_args__ = (
        sa.CheckConstraint(sa.column("vocabulary").in_(VOCABULARIES), name="known_vocabulary"),
        sa.Index("ix_library_work_tags_code", "vocabulary", "code", "work_id"),
    )

    work_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_works.id", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)


class Edition(db.Model):
    """One file of a work, in one language, stored clean (metadata stripped)."""

    __tablename__ = "library_editions"
    __table_args__ = (
        sa.UniqueConstraint("work_id", "language", name="uq_library_editions_work_language"),
        sa.CheckConstraint(sa.column("language").in_(LANGUAGE_CODES), name="known_language"),
        sa.CheckConstraint(sa.column("media_type").in_(MEDIA_TYPES), name="known_media_type"),
        sa.CheckConstraint(sa.column("state").in_(_enum_values(EditionState)), name="known_state"),
        sa.CheckConstraint("size_bytes > 0", name="not_empty"),
        sa.CheckConstraint("page_count IS NULL OR page_count > 0", name="positive_pages"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(sa.ForeignKey("library_works.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(5))
    # Random, never derived from what the uploader named the file.
    storage_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    media_type: Mapped[str] = mapped_column(sa.String(80))
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    page_count: Mapped[int | None]
    thumbnail_key: Mapped[str | None] = mapped_column(sa.String(80))
    state: Mapped[str] = mapped_column(sa.String(12), default=EditionState.PROCESSING.value)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    work: Mapped[Work] = relationship(back_populates="editions", lazy="raise")

    def __repr__(self) -> str:
        return f"<Edition {self.id} {self.language}>"


class EditionText(db.Model):
    """The words of an edition's file, read on the queue, for the search index."""

    __tablename__ = "library_edition_texts"

    edition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_editions.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    extracted_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkUse(db.Model):
    """Where a work was used: an event's curriculum, a session's slides or handout, or a
    citation in an exchange. Exactly one target is set."""

    __tablename__ = "library_work_uses"
    __table_args__ = (
        sa.CheckConstraint(sa.column("role").in_(_enum_values(UseRole)), name="known_role"),
        sa.CheckConstraint(
            "(role = 'cited') = (thread_id IS NOT NULL)", name="thread_only_when_cited"
        ),
        sa.CheckConstraint(
            "(role IN ('slides', 'handout')) = (session_id IS NOT NULL)",
            name="session_only_for_session_roles",
        ),
        sa.CheckConstraint(
            "(role = 'cited') OR event_id IS NOT NULL", name="event_for_event_roles"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_works.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(12))
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exchange_threads.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Pack(db.Model):
    """An offline pack: a ZIP of the newest edition in one language of every work on a
    topic or of an event, for one audience. Built on the queue, kept until its works
    change (`fingerprint`), shared by everyone of that audience."""

    __tablename__ = "library_packs"
    __table_args__ = (
        sa.UniqueConstraint("scope", "language", "audience", name="uq_library_packs_scope"),
        sa.CheckConstraint(sa.column("language").in_(LANGUAGE_CODES), name="known_language"),
        sa.CheckConstraint(sa.column("audience").in_(PACK_AUDIENCES), name="known_audience"),
        sa.CheckConstraint(sa.column("state").in_(PACK_STATES), name="known_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "event:<id>" or "<vocabulary>:<code>" (a taxonomy tag).
    scope: Mapped[str] = mapped_column(sa.String(48))
    language: Mapped[str] = mapped_column(sa.String(5))
    audience: Mapped[str] = mapped_column(sa.String(12))
    state: Mapped[str] = mapped_column(sa.String(10), default="queued")
    # What the pack holds (edition ids and checksums), hashed: a change means a rebuild.
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")
    storage_key: Mapped[str | None] = mapped_column(sa.String(80))
    size_bytes: Mapped[int | None] = mapped_column(sa.BigInteger)
    work_count: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    built_at: Mapped[datetime | None]
