"""Works in the same search as exchanges: one index row per edition, in its language.

Each edition is one document: the work's titles in every language (so a title typed in
any language finds the work), then the summary in the edition's language and the words
read out of its file (`EditionText`). Text is folded exactly as exchanges' posts are
(`forum.search.simple.normalise`: case, accents, Arabic letter forms), and what a
person types is parsed by the same `parse_query`, so one query behaves the same in both.
Visibility is never stored in the index; `queries.py` joins matches to works and applies
`readable_works_clause`, so a change of audience takes effect at once.

Index tables (created by the migration, see `forum/dbschema.py`): SQLite FTS5
`search_editions(title, body)`, rowid = edition id, with a trigger removing the row with
the edition; PostgreSQL `search_editions(edition_id, document tsvector)` with a GIN index
and a foreign key that does the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from forum.extensions import db
from forum.library.models import Edition, EditionText, Work
from forum.search.simple import PREFIX_MIN, TITLE_WEIGHT, SearchQuery, normalise


@dataclass(frozen=True)
class Document:
    edition_id: int
    title: str
    body: str


def document_for(work: Work, edition: Edition, text: str) -> Document:
    texts = work.texts
    titles = " ".join(t.title for t in texts)
    own = next((t for t in texts if t.language == edition.language), None)
    summary = own.summary if own else ""
    return Document(edition.id, normalise(titles), normalise(f"{summary}\n{text}"))


def _expression_sqlite(query: SearchQuery) -> str:
    parts = [f'"{term}"*' if len(term) >= PREFIX_MIN else f'"{term}"' for term in query.terms]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def _expression_postgres(query: SearchQuery) -> str:
    parts = [f"{term}:*" if len(term) >= PREFIX_MIN else term for term in query.terms]
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
    return " & ".join(parts)


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def index(documents: Sequence[Document]) -> None:
    """Add or replace the index rows of these editions (call after flush)."""
    if not documents:
        return
    rows = [{"id": d.edition_id, "title": d.title, "body": d.body} for d in documents]
    if _postgres():
        db.session.execute(
            sa.text(
                "INSERT INTO search_editions (edition_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || "
                "setweight(to_tsvector('simple', :body), 'B')) "
                "ON CONFLICT (edition_id) DO UPDATE SET document = excluded.document"
            ),
            rows,
        )
    else:
        remove([d.edition_id for d in documents])
        db.session.execute(
            sa.text("INSERT INTO search_editions (rowid, title, body) VALUES (:id, :title, :body)"),
            rows,
        )


def remove(edition_ids: Sequence[int]) -> None:
    if not edition_ids:
        return
    if _postgres():
        db.session.execute(
            sa.text("DELETE FROM search_editions WHERE edition_id = ANY(:ids)"),
            {"ids": list(edition_ids)},
        )
    else:
        db.session.execute(
            sa.text("DELETE FROM search_editions WHERE rowid = :id"),
            [{"id": edition_id} for edition_id in edition_ids],
        )


def matching_editions(query: SearchQuery) -> sa.Subquery:
    """Subquery `(edition_id, score)` of every edition matching; higher ranks first."""
    if _postgres():
        table = sa.table(
            "search_editions", sa.column("edition_id"), sa.column("document", TSVECTOR)
        )
        tsquery = sa.func.to_tsquery(
            sa.literal_column("'simple'"),
            sa.bindparam("library_search", _expression_postgres(query)),
        )
        select = sa.select(
            table.c.edition_id.label("edition_id"),
            sa.func.ts_rank(table.c.document, tsquery).label("score"),
        ).where(table.c.document.op("@@")(tsquery))
    else:
        table = sa.table("search_editions", sa.column("rowid"))
        score = -sa.func.bm25(sa.literal_column("search_editions"), TITLE_WEIGHT, 1.0)
        select = (
            sa.select(table.c.rowid.label("edition_id"), score.label("score"))
            .select_from(table)
            .where(
                sa.text("search_editions MATCH :library_search").bindparams(
                    library_search=_expression_sqlite(query)
                )
            )
        )
    return select.subquery("library_hits")


def reindex_work(work: Work) -> None:
    """Rewrite the rows of every edition of a work (its titles or summary changed)."""
    editions = db.session.scalars(sa.select(Edition).where(Edition.work_id == work.id)).all()
    bodies = dict(
        db.session.execute(
            sa.select(EditionText.edition_id, EditionText.body).where(
                EditionText.edition_id.in_([e.id for e in editions])
            )
        ).all()
    )
    index([document_for(work, edition, bodies.get(edition.id, "")) for edition in editions])
