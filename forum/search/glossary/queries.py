"""Reading the glossary: the index searches consult, and the list staff edit.

The index is rebuilt only when the glossary changes: every search reads the terms (one
query, a few hundred short rows) and reuses the index built for exactly those rows, so
an edit on any instance applies to the next search everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.search.analysis import LANGUAGES, analyse, fold
from forum.search.glossary.models import GlossaryConcept, GlossaryTerm

Row = tuple[int, str, str]


@dataclass(frozen=True)
class GlossaryIndex:
    """Concepts by the analysed form of their terms, and the terms of each concept."""

    by_key: dict[tuple[str, tuple[str, ...]], tuple[int, ...]]
    terms: dict[int, tuple[tuple[str, str], ...]]

    def concepts_for(self, language: str, terms: tuple[str, ...]) -> Sequence[int]:
        return self.by_key.get((language, terms), ())

    def terms_of(self, concept_id: int) -> Sequence[tuple[str, str]]:
        return self.terms.get(concept_id, ())

    def __len__(self) -> int:
        return len(self.terms)


@lru_cache(maxsize=8)
def _build(rows: tuple[Row, ...]) -> GlossaryIndex:
    by_key: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    terms: dict[int, list[tuple[str, str]]] = {}
    for concept_id, language, term in rows:
        terms.setdefault(concept_id, []).append((language, term))
        key = tuple(analyse(fold(term), language))
        if key:
            concepts = by_key.setdefault((language, key), [])
            if concept_id not in concepts:
                concepts.append(concept_id)
    order = {language: place for place, language in enumerate(LANGUAGES)}
    return GlossaryIndex(
        {key: tuple(ids) for key, ids in by_key.items()},
        {
            concept: tuple(sorted(found, key=lambda pair: order.get(pair[0], len(order))))
            for concept, found in terms.items()
        },
    )


def _fingerprint() -> tuple:
    """Changes whenever a term is added or removed, or a concept edited (its time)."""
    terms = sa.select(sa.func.count(GlossaryTerm.id), sa.func.max(GlossaryTerm.id))
    edited = sa.select(sa.func.max(GlossaryConcept.updated_at)).scalar_subquery()
    return tuple(db.session.execute(terms.add_columns(edited)).one())


_BUILT: dict[str, tuple[tuple, GlossaryIndex]] = {}


def glossary_index() -> GlossaryIndex:
    """The index for the glossary as it is now; rebuilt only after a change."""
    fingerprint = _fingerprint()
    cached = _BUILT.get("index")
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    rows = db.session.execute(
        sa.select(GlossaryTerm.concept_id, GlossaryTerm.language, GlossaryTerm.term).order_by(
            GlossaryTerm.concept_id, GlossaryTerm.language, GlossaryTerm.id
        )
    ).all()
    index = _build(tuple((row[0], row[1], row[2]) for row in rows))
    _BUILT["index"] = (fingerprint, index)
    return index


def concepts(text: str = "") -> list[GlossaryConcept]:
    """Every concept with its terms, by key; with `text`, those with a term or key
    containing it (case-insensitive, accents ignored)."""
    found = list(
        db.session.scalars(
            sa.select(GlossaryConcept)
            .options(selectinload(GlossaryConcept.terms))
            .order_by(GlossaryConcept.key)
        )
    )
    wanted = " ".join(fold(text))
    if not wanted:
        return found
    return [
        concept
        for concept in found
        if wanted in " ".join(fold(concept.key.replace("_", " ")))
        or any(wanted in " ".join(fold(term.term)) for term in concept.terms)
    ]
