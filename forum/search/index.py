"""The search interface every kind uses: write documents, find matches, tolerate typos.

Visibility is never stored in an index: a kind joins `matching(kind, query)` to its own
rows and applies its own rule there, so hiding something or changing who may read it
takes effect at once, and an index row alone reveals nothing to anyone.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from forum.search.engines import Document, engine
from forum.search.kinds import Kind
from forum.search.query import Query

MIN_WORD_FOR_SIMILAR = 4


def index(kind: Kind, documents: Iterable[Document]) -> None:
    """Add or replace the index rows of these items (call after flush, ids known)."""
    engine().index(kind, list(documents))


def remove(kind: Kind, item_ids: Iterable[int]) -> None:
    engine().remove(kind, list(item_ids))


def matching(kind: Kind, query: Query) -> sa.Subquery:
    """Subquery `(item_id, score)` of every item matching; higher score ranks first."""
    return engine().matches(kind, query).subquery(f"{kind.name}_hits")


def best_per_group(kind: Kind, query: Query) -> sa.Subquery:
    """Subquery `(group_id, item_id, score)`: the best-matching item of each group."""
    return engine().best_per_group(kind, query).subquery(f"{kind.name}_best")


def with_similar(kind: Kind, query: Query) -> Query | None:
    """The query with index terms spelled like each typed word added, or None when no
    word has a near spelling in the index. For when exact matches are few."""
    search_engine = engine()
    similar: dict[int, tuple[str, ...]] = {}
    for position, clause in enumerate(query.clauses):
        word = clause.word
        if word and len(word) >= MIN_WORD_FOR_SIMILAR:
            found = search_engine.similar_terms(kind, word, query.languages)
            if found:
                similar[position] = found
    return query.with_similar(similar) if similar else None


def reconcile(kind: Kind) -> None:
    """Make the kind's typo-tolerance terms exactly those its index holds."""
    engine().reconcile(kind)
