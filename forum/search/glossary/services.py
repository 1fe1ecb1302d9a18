"""Changing the glossary: staff add, edit and delete concepts; the data file seeds it.

Functions flush, never commit, and raise `GlossaryError` with a translated sentence
when a rule is broken, having changed nothing. Staff changes are written to the audit
log: the glossary changes what every reader's search finds.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.extensions import db
from forum.models import User, utcnow
from forum.search.analysis import LANGUAGES, analyse, fold
from forum.search.glossary.models import KEY_MAX, TERM_MAX, GlossaryConcept, GlossaryTerm
from forum.security import audit

SEED_FILE = Path(__file__).with_name("terms.csv")
SEPARATOR = "|"
MAX_TERMS_PER_LANGUAGE = 20
_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class GlossaryError(ValueError):
    """A glossary rule was broken; the message is shown to the person."""


def split_terms(text: str | None) -> list[str]:
    """Terms typed one per line (or separated by "|"), trimmed, without repeats."""
    found: list[str] = []
    for piece in re.split(r"[\n|]", text or ""):
        term = " ".join(piece.split())
        if term and term.casefold() not in {t.casefold() for t in found}:
            found.append(term)
    return found


def _checked_key(key: str) -> str:
    key = (key or "").strip().casefold()
    if not key:
        raise GlossaryError(_("Give the concept a short name."))
    if len(key) > KEY_MAX or not _KEY.match(key):
        raise GlossaryError(
            _("Use lowercase Latin letters, digits and underscores for the short name.")
        )
    return key


def _checked_terms(terms: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    checked: dict[str, list[str]] = {}
    for language in LANGUAGES:
        values = list(terms.get(language, ()))
        if len(values) > MAX_TERMS_PER_LANGUAGE:
            raise GlossaryError(
                _("Give at most %(max)d terms per language.", max=MAX_TERMS_PER_LANGUAGE)
            )
        for term in values:
            if len(term) > TERM_MAX:
                raise GlossaryError(_("Use at most %(max)d characters per term.", max=TERM_MAX))
            if not analyse(fold(term), language):
                raise GlossaryError(
                    _("“%(term)s” has no word search can use (only very common words).", term=term)
                )
        checked[language] = values
    if sum(len(values) for values in checked.values()) < 2:
        raise GlossaryError(_("Give at least two terms: one alone expands to nothing."))
    return checked


def _key_taken(key: str, concept_id: int | None) -> bool:
    stmt = sa.select(GlossaryConcept.id).where(GlossaryConcept.key == key)
    if concept_id is not None:
        stmt = stmt.where(GlossaryConcept.id != concept_id)
    return db.session.scalar(stmt) is not None


def _set_terms(concept: GlossaryConcept, terms: dict[str, list[str]]) -> None:
    """Replace the concept's terms; the old rows go first, as a kept term comes back
    as a new row with the same words."""
    if concept.id is not None:
        db.session.execute(sa.delete(GlossaryTerm).where(GlossaryTerm.concept_id == concept.id))
        db.session.expire(concept, ["terms"])
    concept.terms = [
        GlossaryTerm(language=language, term=term)
        for language in LANGUAGES
        for term in terms.get(language, [])
    ]


def create_concept(
    actor: User | None, key: str, terms: Mapping[str, Sequence[str]]
) -> GlossaryConcept:
    key, checked = _checked_key(key), _checked_terms(terms)
    if _key_taken(key, None):
        raise GlossaryError(_("A concept with this short name exists already."))
    concept = GlossaryConcept(key=key)
    _set_terms(concept, checked)
    db.session.add(concept)
    db.session.flush()
    if actor is not None:
        audit(
            actor,
            "glossary.create",
            target_type="glossary_concept",
            target_id=concept.id,
            detail=key,
        )
    return concept


def update_concept(
    actor: User, concept: GlossaryConcept, key: str, terms: Mapping[str, Sequence[str]]
) -> None:
    key, checked = _checked_key(key), _checked_terms(terms)
    if _key_taken(key, concept.id):
        raise GlossaryError(_("A concept with this short name exists already."))
    concept.key = key
    _set_terms(concept, checked)
    concept.updated_at = utcnow()  # searches rebuild their glossary index on this
    db.session.flush()
    audit(
        actor, "glossary.update", target_type="glossary_concept", target_id=concept.id, detail=key
    )


def delete_concept(actor: User, concept: GlossaryConcept) -> None:
    audit(
        actor,
        "glossary.delete",
        target_type="glossary_concept",
        target_id=concept.id,
        detail=concept.key,
    )
    db.session.delete(concept)
    db.session.flush()


def read_seed(path: Path = SEED_FILE) -> list[tuple[str, dict[str, list[str]]]]:
    """The concepts of a data file: a CSV with columns key, en, es, fr, pt, ar and terms
    separated by "|" in each cell."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (
                row["key"].strip(),
                {language: split_terms(row.get(language)) for language in LANGUAGES},
            )
            for row in csv.DictReader(handle)
        ]


def load_seed(path: Path = SEED_FILE) -> tuple[int, int]:
    """Add the file's concepts and terms that are missing; never remove or change what
    staff wrote. Returns (concepts added, terms added)."""
    existing = {concept.key: concept for concept in db.session.scalars(sa.select(GlossaryConcept))}
    concepts_added = terms_added = 0
    for key, terms in read_seed(path):
        concept = existing.get(key)
        if concept is None:
            create_concept(None, key, terms)
            concepts_added += 1
            terms_added += sum(len(values) for values in terms.values())
            continue
        have = {(term.language, term.term.casefold()) for term in concept.terms}
        for language, values in terms.items():
            for value in values:
                if (language, value.casefold()) not in have:
                    concept.terms.append(GlossaryTerm(language=language, term=value))
                    concept.updated_at = utcnow()
                    terms_added += 1
    db.session.flush()
    return concepts_added, terms_added
