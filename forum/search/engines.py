"""The two engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both receive the same documents and the same `Query`; `analysis.py` says how text
becomes terms. SQLite stores the analysed terms (Snowball stems, Arabic light stems) in
FTS5 and ranks with bm25; PostgreSQL stores `to_tsvector(<language configuration>,
folded text)` with a GIN index and ranks with `ts_rank`. A title term counts three times
(SQLite's bm25 weight) or 2.5 times (PostgreSQL's weight A against B) a body term.

Each kind also keeps its index terms of four letters or more (`terms_table`), so a word
typed with a typo can be matched to terms spelled like it: pg_trgm's `similarity` on
PostgreSQL, an FTS5 `trigram` table and the same measure in Python on SQLite. The
terms table follows the index exactly: terms are added with their first document and
removed with their last (checked against the index itself), and `reconcile` repairs it
from the index (`flask forum purge` runs it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG

from forum.extensions import db
from forum.search import trigrams
from forum.search.analysis import (
    POSTGRES_CONFIG,
    analyse,
    analysed_text,
    postgres_text,
    script_languages,
    stem,
)
from forum.search.kinds import Kind
from forum.search.query import Alternative, Query

TITLE_WEIGHT = 3.0
TERM_MIN = 4  # shorter terms are not offered for typo tolerance
SIMILAR_PER_WORD = 3
CANDIDATES = 400
BATCH = 500


@dataclass(frozen=True)
class Document:
    """What is indexed for one item: its title (may be empty) and body, as plain text,
    in the language the item is written in."""

    item_id: int
    group_id: int
    language: str
    title: str
    body: str


class Engine(Protocol):
    def index(self, kind: Kind, documents: Sequence[Document]) -> None: ...

    def remove(self, kind: Kind, item_ids: Sequence[int]) -> None: ...

    def matches(self, kind: Kind, query: Query) -> sa.Select: ...

    def best_per_group(self, kind: Kind, query: Query) -> sa.Select: ...

    def similar_terms(self, kind: Kind, word: str, languages: Sequence[str]) -> tuple[str, ...]: ...

    def reconcile(self, kind: Kind) -> None: ...


def _chunks(values: Sequence, size: int = BATCH) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _offered(terms: Iterable[str]) -> set[str]:
    return {term for term in terms if len(term) >= TERM_MIN}


def _best(scored: Iterable[tuple[str, float]], exclude: set[str]) -> tuple[str, ...]:
    ranked = sorted(
        ((term, score) for term, score in scored if term not in exclude),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return tuple(term for term, score in ranked[:SIMILAR_PER_WORD] if score >= trigrams.THRESHOLD)


def _stems(word: str, languages: Sequence[str]) -> set[str]:
    """The word as typed and as each language it is read in would index it."""
    return {stem(word, language) for language in script_languages(word, languages)} | {word}


class SqliteEngine:
    """FTS5 `table(title, body)` holding analysed terms; rowid is the item id."""

    def _old_terms(self, kind: Kind, item_ids: Sequence[int]) -> set[str]:
        terms: set[str] = set()
        for chunk in _chunks(list(item_ids)):
            rows = db.session.execute(
                sa.text(f"SELECT title, body FROM {kind.table} WHERE rowid IN :ids").bindparams(  # noqa: S608 - our table  # nosec B608
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": list(chunk)},
            )
            for title, body in rows:
                terms.update(title.split(), body.split())
        return terms

    def index(self, kind: Kind, documents: Sequence[Document]) -> None:
        if not documents:
            return
        ids = [doc.item_id for doc in documents]
        old = self._old_terms(kind, ids)
        self._delete(kind, ids)
        rows = [
            {
                "id": doc.item_id,
                "group": doc.group_id,
                "title": analysed_text(doc.title, doc.language),
                "body": analysed_text(doc.body, doc.language),
            }
            for doc in documents
        ]
        db.session.execute(
            sa.text(
                f"INSERT INTO {kind.table} (rowid, {kind.group_column}, title, body) "  # noqa: S608 - our table  # nosec B608
                "VALUES (:id, :group, :title, :body)"
            ),
            rows,
        )
        new = {term for row in rows for term in (*row["title"].split(), *row["body"].split())}
        offered = sorted(_offered(new))
        if offered:
            db.session.execute(
                sa.text(f"INSERT OR IGNORE INTO {kind.terms_table} (term) VALUES (:term)"),  # noqa: S608 - our table  # nosec B608
                [{"term": term} for term in offered],
            )
        self._prune(kind, _offered(old - new))

    def _delete(self, kind: Kind, item_ids: Sequence[int]) -> None:
        db.session.execute(
            sa.text(f"DELETE FROM {kind.table} WHERE rowid = :id"),  # noqa: S608 - our table  # nosec B608
            [{"id": item_id} for item_id in item_ids],
        )

    def remove(self, kind: Kind, item_ids: Sequence[int]) -> None:
        if not item_ids:
            return
        old = self._old_terms(kind, item_ids)
        self._delete(kind, item_ids)
        self._prune(kind, _offered(old))

    def _prune(self, kind: Kind, terms: set[str]) -> None:
        """Forget terms no document holds any more (a deleted post's words go with it)."""
        gone = [
            term
            for term in sorted(terms)
            if db.session.execute(
                sa.text(f"SELECT 1 FROM {kind.table} WHERE {kind.table} MATCH :term LIMIT 1"),  # noqa: S608 - our table  # nosec B608
                {"term": f'"{term}"'},
            ).first()
            is None
        ]
        if gone:
            db.session.execute(
                sa.text(f"DELETE FROM {kind.terms_table} WHERE term = :term"),  # noqa: S608 - our table  # nosec B608
                [{"term": term} for term in gone],
            )

    @staticmethod
    def _alternative(alternative: Alternative) -> str | None:
        terms = analyse(alternative.words, alternative.language)
        if not terms:
            return None
        if len(alternative.words) == 1 and len(terms) == 1:
            return f'"{terms[0]}"*' if alternative.prefix else f'"{terms[0]}"'
        return '"' + " ".join(terms) + '"'

    @classmethod
    def expression(cls, query: Query) -> str:
        """FTS5 syntax built only from analysed terms, each one quoted."""
        clauses = []
        for clause in query.clauses:
            parts: list[str] = []
            for alternative in clause.alternatives:
                part = cls._alternative(alternative)
                if part and part not in parts:
                    parts.append(part)
            parts += [f'"{term}"' for term in clause.similar if f'"{term}"' not in parts]
            parts = _without_covered(parts)
            if parts:
                clauses.append("(" + " OR ".join(parts) + ")")
        return " AND ".join(clauses)

    def matches(self, kind: Kind, query: Query) -> sa.Select:
        table = sa.table(kind.table, sa.column("rowid"), sa.column(kind.group_column))
        score = -sa.func.bm25(sa.literal_column(kind.table), TITLE_WEIGHT, 1.0)
        return (
            sa.select(
                table.c.rowid.label("item_id"),
                table.c[kind.group_column].label("group_id"),
                score.label("score"),
            )
            .select_from(table)
            .where(
                sa.text(f"{kind.table} MATCH :search_expression").bindparams(
                    search_expression=self.expression(query)
                )
            )
        )

    def best_per_group(self, kind: Kind, query: Query) -> sa.Select:
        """`(group_id, item_id, score)`: each group's first matching item (its lowest
        id: a thread's opening post when it matches) and that item's score. The match
        is kept from being merged into the grouping (`LIMIT -1`), where bm25 cannot run,
        and SQLite's min() gives the other columns of its row."""
        matched = self.matches(kind, query).limit(-1).subquery(f"{kind.name}_matched")
        return sa.select(
            matched.c.group_id, sa.func.min(matched.c.item_id).label("item_id"), matched.c.score
        ).group_by(matched.c.group_id)

    def similar_terms(self, kind: Kind, word: str, languages: Sequence[str]) -> tuple[str, ...]:
        stems = _stems(word, languages)
        grams = sorted({gram for s in stems for gram in trigrams.inner_trigrams(s)})
        if not grams:
            return ()
        expression = " OR ".join(f'"{gram}"' for gram in grams)
        candidates = db.session.scalars(
            sa.text(
                f"SELECT term FROM {kind.grams_table} WHERE {kind.grams_table} MATCH :grams "  # noqa: S608 - our table  # nosec B608
                "LIMIT :limit"
            ),
            {"grams": expression, "limit": CANDIDATES},
        ).all()
        scored = ((term, max(trigrams.similarity(s, term) for s in stems)) for term in candidates)
        return _best(scored, stems)

    def reconcile(self, kind: Kind) -> None:
        held: set[str] = set()
        for title, body in db.session.execute(sa.text(f"SELECT title, body FROM {kind.table}")):  # noqa: S608 - our table  # nosec B608
            held.update(title.split(), body.split())
        held = _offered(held)
        known = set(db.session.scalars(sa.text(f"SELECT term FROM {kind.terms_table}")))  # noqa: S608 - our table  # nosec B608
        if held - known:
            db.session.execute(
                sa.text(f"INSERT OR IGNORE INTO {kind.terms_table} (term) VALUES (:term)"),  # noqa: S608 - our table  # nosec B608
                [{"term": term} for term in sorted(held - known)],
            )
        if known - held:
            db.session.execute(
                sa.text(f"DELETE FROM {kind.terms_table} WHERE term = :term"),  # noqa: S608 - our table  # nosec B608
                [{"term": term} for term in sorted(known - held)],
            )


_CONFIGS = frozenset(POSTGRES_CONFIG.values())


def _simple() -> sa.ColumnElement:
    return sa.literal_column("'simple'::regconfig", REGCONFIG)


def _without_covered(parts: list[str]) -> list[str]:
    """FTS5 parts minus single terms a prefix part already matches ("journalist"* makes
    "journalist" redundant): fewer phrases, less for bm25 to score on every row."""
    prefixes = [part[1:-2] for part in parts if part.endswith('"*')]
    return [
        part
        for part in parts
        if part.endswith("*")
        or " " in part
        or not any(part[1:-1].startswith(prefix) for prefix in prefixes)
    ]


def _config(language: str) -> sa.ColumnElement:
    """The configuration as a literal: a bound parameter cast to regconfig is evaluated
    on every row (the cast depends on search_path), which made a search ten times
    slower; a literal is resolved once, when the statement is planned."""
    name = POSTGRES_CONFIG.get(language, "simple")
    if name not in _CONFIGS:  # our own names: never reached with input
        raise ValueError(f"Unknown text search configuration for {language!r}.")
    return sa.literal_column(f"'{name}'::regconfig", REGCONFIG)


class PostgresEngine:
    """`table(<id_column>, document tsvector)` with a GIN index, one configuration per
    document language; `terms_table(term)` with a pg_trgm GIN index."""

    def _lexemes(self, kind: Kind, item_ids: Sequence[int]) -> set[str]:
        return set(
            db.session.scalars(
                sa.text(
                    f"SELECT DISTINCT lexeme FROM {kind.table}, unnest(document) "  # noqa: S608 - our table  # nosec B608
                    f"WHERE {kind.id_column} = ANY(:ids)"
                ),
                {"ids": list(item_ids)},
            )
        )

    def index(self, kind: Kind, documents: Sequence[Document]) -> None:
        if not documents:
            return
        ids = [doc.item_id for doc in documents]
        old = self._lexemes(kind, ids)
        db.session.execute(
            sa.text(
                f"INSERT INTO {kind.table} ({kind.id_column}, {kind.group_column}, document) "  # noqa: S608 - our table  # nosec B608
                "VALUES (:id, :group, "
                "setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
                "setweight(to_tsvector(CAST(:config AS regconfig), :body), 'B')) "
                f"ON CONFLICT ({kind.id_column}) DO UPDATE SET document = excluded.document"
            ),
            [
                {
                    "id": doc.item_id,
                    "group": doc.group_id,
                    "config": POSTGRES_CONFIG.get(doc.language, "simple"),
                    "title": postgres_text(doc.title, doc.language),
                    "body": postgres_text(doc.body, doc.language),
                }
                for doc in documents
            ],
        )
        # In a fixed order, so two writers adding the same new terms cannot deadlock.
        db.session.execute(
            sa.text(
                f"INSERT INTO {kind.terms_table} (term) "  # noqa: S608 - our table  # nosec B608
                f"SELECT DISTINCT lexeme FROM {kind.table}, unnest(document) "
                f"WHERE {kind.id_column} = ANY(:ids) AND length(lexeme) >= :least "
                "ORDER BY lexeme ON CONFLICT DO NOTHING"
            ),
            {"ids": ids, "least": TERM_MIN},
        )
        if old:
            self._prune(kind, _offered(old - self._lexemes(kind, ids)))

    def remove(self, kind: Kind, item_ids: Sequence[int]) -> None:
        if not item_ids:
            return
        old = self._lexemes(kind, item_ids)
        db.session.execute(
            sa.text(f"DELETE FROM {kind.table} WHERE {kind.id_column} = ANY(:ids)"),  # noqa: S608 - our table  # nosec B608
            {"ids": list(item_ids)},
        )
        self._prune(kind, _offered(old))

    def _prune(self, kind: Kind, terms: set[str]) -> None:
        if terms:
            db.session.execute(
                sa.text(
                    f"DELETE FROM {kind.terms_table} AS t WHERE t.term = ANY(:terms) "  # noqa: S608 - our table  # nosec B608
                    f"AND NOT EXISTS (SELECT 1 FROM {kind.table} "
                    "WHERE document @@ plainto_tsquery('simple', t.term))"
                ),
                {"terms": sorted(terms)},
            )

    @staticmethod
    def _alternative(alternative: Alternative) -> sa.ColumnElement | None:
        if not analyse(alternative.words, alternative.language):
            return None
        text = postgres_text(" ".join(alternative.words), alternative.language)
        config = _config(alternative.language)
        if len(alternative.words) > 1:
            return sa.func.phraseto_tsquery(config, sa.literal(text))
        return sa.func.to_tsquery(config, sa.literal(text + (":*" if alternative.prefix else "")))

    @classmethod
    def tsquery(cls, query: Query) -> sa.ColumnElement | None:
        combined = None
        for clause in query.clauses:
            either = None
            for alternative in clause.alternatives:
                part = cls._alternative(alternative)
                if part is not None:
                    either = part if either is None else either.op("||")(part)
            for term in clause.similar:
                part = sa.func.plainto_tsquery(_simple(), term)
                either = part if either is None else either.op("||")(part)
            if either is not None:
                combined = either if combined is None else combined.op("&&")(either)
        return combined

    @staticmethod
    def _table(kind: Kind) -> sa.TableClause:
        return sa.table(
            kind.table,
            sa.column(kind.id_column),
            sa.column(kind.group_column),
            sa.column("document"),
        )

    @classmethod
    def _tsquery_or_nothing(cls, query: Query) -> sa.ColumnElement:
        tsquery = cls.tsquery(query)
        return tsquery if tsquery is not None else sa.func.to_tsquery(_simple(), "")

    @staticmethod
    def _through_index(tsquery: sa.ColumnElement) -> sa.ColumnElement:
        """The tsquery as a one-row subquery, for the `@@` that selects rows.

        PostgreSQL costs `@@` as one cheap operator per row, but a query read in five
        languages and expanded through the glossary holds dozens of terms, and each
        costs a search in every document's lexemes: over 50,000 posts a sequential
        scan spent 250-550 ms where the GIN index, which looks each term up once,
        took 70-130 ms. Given a constant, the planner sees a common word matching
        most rows and scans them all; given a value known only when the statement
        runs (an InitPlan), it estimates a selective match and reads the index —
        the better plan for every query we make, from one rare word to thirty
        alternatives of a common one."""
        return sa.select(tsquery).scalar_subquery()

    def matches(self, kind: Kind, query: Query) -> sa.Select:
        table = self._table(kind)
        tsquery = self._tsquery_or_nothing(query)
        return (
            sa.select(
                table.c[kind.id_column].label("item_id"),
                table.c[kind.group_column].label("group_id"),
                sa.func.ts_rank(table.c.document, tsquery).label("score"),
            )
            .select_from(table)
            .where(table.c.document.op("@@")(self._through_index(tsquery)))
        )

    def best_per_group(self, kind: Kind, query: Query) -> sa.Select:
        """`(group_id, item_id, score)`: each group's first matching item (its lowest
        id: a thread's opening post when it matches) and that item's score. Only those
        items are ranked: ts_rank on every match cost more than the match itself."""
        table = self._table(kind)
        tsquery = self._tsquery_or_nothing(query)
        first = (
            sa.select(
                table.c[kind.group_column].label("group_id"),
                sa.func.min(table.c[kind.id_column]).label("item_id"),
            )
            .where(table.c.document.op("@@")(self._through_index(tsquery)))
            .group_by(table.c[kind.group_column])
            .subquery(f"{kind.name}_first")
        )
        ranked = self._table(kind).alias(f"{kind.name}_ranked")
        return sa.select(
            first.c.group_id,
            first.c.item_id,
            sa.func.ts_rank(ranked.c.document, tsquery).label("score"),
        ).join(ranked, ranked.c[kind.id_column] == first.c.item_id)

    def similar_terms(self, kind: Kind, word: str, languages: Sequence[str]) -> tuple[str, ...]:
        stems = _stems(word, languages)
        scored: dict[str, float] = {}
        for candidate in sorted(stems):
            rows = db.session.execute(
                sa.text(
                    f"SELECT term, similarity(term, :word) AS score FROM {kind.terms_table} "  # noqa: S608 - our table  # nosec B608
                    "WHERE term % :word ORDER BY score DESC, term LIMIT :limit"
                ),
                {"word": candidate, "limit": SIMILAR_PER_WORD * 2},
            )
            for term, score in rows:
                scored[term] = max(scored.get(term, 0.0), float(score))
        return _best(scored.items(), stems)

    def reconcile(self, kind: Kind) -> None:
        db.session.execute(
            sa.text(
                f"DELETE FROM {kind.terms_table} AS t WHERE NOT EXISTS "  # noqa: S608 - our table  # nosec B608
                f"(SELECT 1 FROM {kind.table} WHERE document @@ plainto_tsquery('simple', t.term))"
            )
        )
        db.session.execute(
            sa.text(
                f"INSERT INTO {kind.terms_table} (term) "  # noqa: S608 - our table  # nosec B608
                f"SELECT DISTINCT lexeme FROM {kind.table}, unnest(document) "
                "WHERE length(lexeme) >= :least ORDER BY lexeme ON CONFLICT DO NOTHING"
            ),
            {"least": TERM_MIN},
        )


def engine() -> Engine:
    dialect = db.session.get_bind().dialect.name
    return PostgresEngine() if dialect == "postgresql" else SqliteEngine()
