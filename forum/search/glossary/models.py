"""Glossary concepts and their terms in the five languages.

A concept ("phone") holds any number of terms per language ("teléfono", "celular",
"هاتف"…). A query naming any term of a concept also looks for all the others
(`forum.search.query`). Seeded from `terms.csv` by the migration; staff extend it on
`/glossary/`.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import utcnow
from forum.search.analysis import LANGUAGES

KEY_MAX = 60
TERM_MAX = 80


class GlossaryConcept(db.Model):
    __tablename__ = "glossary_concepts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A short name for staff ("phone", "early_warning"); readers never see it.
    key: Mapped[str] = mapped_column(sa.String(KEY_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    terms: Mapped[list[GlossaryTerm]] = relationship(
        back_populates="concept",
        cascade="all, delete-orphan",
        order_by="(GlossaryTerm.language, GlossaryTerm.id)",
    )

    def terms_in(self, language: str) -> list[str]:
        return [term.term for term in self.terms if term.language == language]

    def __repr__(self) -> str:
        return f"<GlossaryConcept {self.key}>"


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_terms"
    __table_args__ = (
        sa.UniqueConstraint("concept_id", "language", "term", name="uq_glossary_terms_term"),
        sa.CheckConstraint(sa.column("language").in_(LANGUAGES), name="known_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(
        sa.ForeignKey("glossary_concepts.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(5))
    term: Mapped[str] = mapped_column(sa.String(TERM_MAX))

    concept: Mapped[GlossaryConcept] = relationship(back_populates="terms")
