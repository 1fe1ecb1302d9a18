"""Instruments (laws, policies, mechanisms…) per country, their status timeline, the
checklist they are assessed against, and the history of every edit.

An `Instrument` keeps its title in the language it was written in (`original_title`) and
a title and summary per interface language (`InstrumentText`). Its current `status` is
never typed by anyone: it is the latest `StatusChange` (by date), written back by
`services.refresh_status` whenever the timeline changes, so lists can filter on it.

Checklist `Element`s are rows staff edit (names per language); an `Assessment` rates one
instrument against one element, with a note per language and a source. `Revision` keeps
a dated copy of the instrument after every edit, so the page's history can be read back.

Laws are public documents: nothing here is personal, except which staff account made
a change (kept for the history and the audit log, emptied when that account is erased).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import utcnow
from forum.observatory.labels import KINDS, LEVELS, RATINGS, STATUSES

LANGUAGE_CODES = ("en", "es", "fr", "pt", "ar")
TITLE_MAX = 300
SUMMARY_MAX = 4_000
AUTHORITY_MAX = 200
NOTE_MAX = 2_000
URL_MAX = 500
SOURCE_LABEL_MAX = 200
ELEMENT_NAME_MAX = 200
ELEMENT_DESCRIPTION_MAX = 1_000
REVISION_ACTIONS = ("created", "edited", "status", "status_removed", "assessed", "works")


def _in(column: str, values: object, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sa.column(column).in_(tuple(values)), name=name)  # type: ignore[arg-type]


class Instrument(db.Model):
    __tablename__ = "observatory_instruments"
    __table_args__ = (
        _in("level", LEVELS, "known_level"),
        _in("kind", KINDS, "known_kind"),
        _in("status", STATUSES, "known_status"),
        sa.Index("ix_observatory_instruments_country", "country", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(sa.String(2))
    level: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(16))
    # The language the instrument was written in (ISO 639-1), and its title there.
    original_language: Mapped[str] = mapped_column(sa.String(8))
    original_title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    authority: Mapped[str] = mapped_column(sa.String(AUTHORITY_MAX), default="")
    introduced_on: Mapped[date | None]
    adopted_on: Mapped[date | None]
    in_force_on: Mapped[date | None]
    # Derived from the timeline (the latest status change); never edited directly.
    status: Mapped[str] = mapped_column(sa.String(16), default="proposed")
    status_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    texts: Mapped[list[InstrumentText]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="InstrumentText.language"
    )
    sources: Mapped[list[Source]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Source.position"
    )

    def text_for(self, language: str) -> InstrumentText | None:
        """The title and summary in `language`, else English, else any."""
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language)
            or by_language.get("en")
            or next(iter(by_language.values()), None)
        )

    def __repr__(self) -> str:
        return f"<Instrument {self.id} {self.country}>"


class InstrumentText(db.Model):
    __tablename__ = "observatory_instrument_texts"
    __table_args__ = (_in("language", LANGUAGE_CODES, "known_language"),)

    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(sa.Text, default="")


class Source(db.Model):
    """A link to where the instrument's text or news of it was published."""

    __tablename__ = "observatory_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(sa.String(URL_MAX))
    label: Mapped[str] = mapped_column(sa.String(SOURCE_LABEL_MAX), default="")


class InstrumentWork(db.Model):
    """A library work holding the instrument's full text (or a study of it)."""

    __tablename__ = "observatory_instrument_works"

    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE"), primary_key=True
    )
    work_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_works.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StatusChange(db.Model):
    """One dated step of an instrument's timeline: proposed, adopted, suspended…"""

    __tablename__ = "observatory_status_changes"
    __table_args__ = (
        _in("status", STATUSES, "known_status"),
        sa.Index("ix_observatory_status_changes_timeline", "instrument_id", "changed_on", "id"),
        sa.Index("ix_observatory_status_changes_feed", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(sa.String(16))
    changed_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    notes: Mapped[list[StatusNote]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StatusNote.language"
    )

    def note_for(self, language: str) -> StatusNote | None:
        by_language = {note.language: note for note in self.notes}
        return (
            by_language.get(language)
            or by_language.get("en")
            or next(iter(by_language.values()), None)
        )


class StatusNote(db.Model):
    __tablename__ = "observatory_status_notes"
    __table_args__ = (_in("language", LANGUAGE_CODES, "known_language"),)

    change_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_status_changes.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    note: Mapped[str] = mapped_column(sa.String(NOTE_MAX))


class Element(db.Model):
    """One point of the assessment checklist (staff edit the list)."""

    __tablename__ = "observatory_elements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    texts: Mapped[list[ElementText]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ElementText.language"
    )

    def text_for(self, language: str) -> ElementText | None:
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language)
            or by_language.get("en")
            or next(iter(by_language.values()), None)
        )


class ElementText(db.Model):
    __tablename__ = "observatory_element_texts"
    __table_args__ = (_in("language", LANGUAGE_CODES, "known_language"),)

    element_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_elements.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(ELEMENT_NAME_MAX))
    description: Mapped[str] = mapped_column(sa.String(ELEMENT_DESCRIPTION_MAX), default="")


class Assessment(db.Model):
    """How one instrument fares on one checklist element."""

    __tablename__ = "observatory_assessments"
    __table_args__ = (
        sa.UniqueConstraint("instrument_id", "element_id", name="uq_observatory_assessments"),
        _in("rating", RATINGS, "known_rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE"), index=True
    )
    element_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_elements.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[str] = mapped_column(sa.String(12))
    source_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    notes: Mapped[list[AssessmentNote]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AssessmentNote.language"
    )

    def note_for(self, language: str) -> AssessmentNote | None:
        by_language = {note.language: note for note in self.notes}
        return (
            by_language.get(language)
            or by_language.get("en")
            or next(iter(by_language.values()), None)
        )


class AssessmentNote(db.Model):
    __tablename__ = "observatory_assessment_notes"
    __table_args__ = (_in("language", LANGUAGE_CODES, "known_language"),)

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    note: Mapped[str] = mapped_column(sa.String(NOTE_MAX))


class Revision(db.Model):
    """The instrument as it stood after one edit (a JSON copy), dated and signed."""

    __tablename__ = "observatory_revisions"
    __table_args__ = (
        _in("action", REVISION_ACTIONS, "known_action"),
        sa.Index("ix_observatory_revisions_instrument", "instrument_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        sa.ForeignKey("observatory_instruments.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    revised_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revised_at: Mapped[datetime] = mapped_column(default=utcnow)
