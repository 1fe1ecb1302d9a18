"""Library works as a kind of searchable content (`forum.search`): one index, one
search interface with exchanges' posts.

Each edition is one document, analysed in the edition's language: the work's titles in
every language (so a title typed in any language finds the work), then the summary in
the edition's language and the words read out of its file (`EditionText`). Results list
works (an edition's group is its work). A query is read in every language the reader
reads, expanded through the glossary, and widened to similar spellings when matches are
few, exactly as for exchanges. Visibility is never stored in the index; `queries.py`
joins matches to works and applies `readable_works_clause`, so a change of audience or
publication takes effect at once.

Index tables (created by migration 0025, see `forum/dbschema.py`): SQLite FTS5
`search_works(work_id UNINDEXED, title, body)`, rowid = edition id, with a trigger
removing the row with the edition; PostgreSQL `search_works(edition_id, work_id,
document tsvector)` with a GIN index and a foreign key that does the same; and
`search_work_terms` (+ SQLite's `search_work_grams`) for typo tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from forum.extensions import db
from forum.library.models import Edition, EditionText, Work
from forum.search import index as search_index
from forum.search.engines import Document
from forum.search.glossary.queries import glossary_index
from forum.search.kinds import Kind, register
from forum.search.query import Query, build

WORKS = register(
    Kind(
        name="works",
        table="search_works",
        id_column="edition_id",
        group_column="work_id",
        terms_table="search_work_terms",
        grams_table="search_work_grams",
    )
)


def document_for(work: Work, edition: Edition, text: str) -> Document:
    texts = work.texts
    titles = " ".join(t.title for t in texts)
    own = next((t for t in texts if t.language == edition.language), None)
    summary = own.summary if own else ""
    return Document(edition.id, work.id, edition.language, titles, f"{summary}\n{text}")


def index(documents: Iterable[Document]) -> None:
    """Add or replace the index rows of these editions (call after flush)."""
    search_index.index(WORKS, documents)


def remove(edition_ids: Sequence[int]) -> None:
    search_index.remove(WORKS, edition_ids)


def _bodies(edition_ids: Sequence[int]) -> dict[int, str]:
    if not edition_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(EditionText.edition_id, EditionText.body).where(
                EditionText.edition_id.in_(edition_ids)
            )
        ).all()
    )


def reindex_work(work: Work) -> None:
    """Rewrite the rows of every edition of a work (its titles or summary changed)."""
    editions = db.session.scalars(sa.select(Edition).where(Edition.work_id == work.id)).all()
    bodies = _bodies([e.id for e in editions])
    index([document_for(work, edition, bodies.get(edition.id, "")) for edition in editions])


def reindex_all(batch: int = 200) -> int:
    """Index every edition again (after changing stop words or the stemmers). Returns
    how many editions were indexed."""
    last, count = 0, 0
    while True:
        editions = list(
            db.session.scalars(
                sa.select(Edition).where(Edition.id > last).order_by(Edition.id).limit(batch)
            )
        )
        if not editions:
            break
        works = {
            w.id: w
            for w in db.session.scalars(
                sa.select(Work).where(Work.id.in_({e.work_id for e in editions}))
            )
        }
        bodies = _bodies([e.id for e in editions])
        index(document_for(works[e.work_id], e, bodies.get(e.id, "")) for e in editions)
        count += len(editions)
        last = editions[-1].id
    search_index.reconcile(WORKS)
    return count


def reconcile() -> None:
    """Typo-tolerance terms exactly those the index holds (daily, `flask forum purge`)."""
    search_index.reconcile(WORKS)


def build_query(text: str | None, languages: Sequence[str], *, expand: bool = True) -> Query | None:
    """What the reader typed, read in their languages, expanded through the glossary."""
    return build(text, languages, glossary_index() if expand else None)


def best_editions(query: Query):  # noqa: ANN201 - a SQLAlchemy subquery
    """Subquery `(group_id, item_id, score)`: each matching work's best edition."""
    return search_index.best_per_group(WORKS, query)


def matching_editions(query: Query):  # noqa: ANN201 - a SQLAlchemy subquery
    """Subquery `(item_id, group_id, score)` of every edition matching."""
    return search_index.matching(WORKS, query)


def with_similar(query: Query) -> Query | None:
    return search_index.with_similar(WORKS, query)
