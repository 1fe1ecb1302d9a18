"""Full-text search over thread titles and post bodies: one interface, two engines.

SQLite uses an FTS5 virtual table, PostgreSQL a `tsvector` column with a GIN index; both
are named `search_posts` and created by the migration (the models do not describe them).
Rows are written here whenever a post is created, edited or deleted; visibility is never
stored in the index but applied when querying (`queries.py`), so hiding a post or
changing who may read a thread takes effect at once.

Text is normalised in Python before it reaches either engine, identically for documents
and queries: case-folded, accents and Arabic diacritics removed (NFKD, combining marks
dropped, so أ/إ/آ become ا), alif maqsura and ta marbuta folded, tatweel removed, and
split into words. Both engines then use language-neutral tokenisation (`simple`
configuration, `unicode61` tokenizer): posts come in five languages and a person searches
across all of them, so no per-language stemming; a trailing prefix match on every word
of three or more letters stands in for it ("defender" finds "defenders"). Nothing depends
on the `unaccent` extension, which a PostgreSQL server may not have.

User input never reaches an engine's query syntax: only normalised words are kept,
quoted phrases are rebuilt from words, and the query is cut at `MAX_QUERY_CHARS` and
`MAX_TERMS`, so quotes, operators or very long input cannot cause an error.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import nh3
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from forum.extensions import db

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PREFIX_MIN = 3
TITLE_WEIGHT = 3.0

_WORD = re.compile(r"[^\W_]+")
# Alif maqsura -> ya, ta marbuta -> ha, tatweel removed: common Arabic search folding.
_ARABIC_FOLD = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None})


def normalise(text: str) -> str:
    """Words of `text`, folded the same way for documents and queries."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped.translate(_ARABIC_FOLD)))


def html_to_text(body_html: str) -> str:
    """The words a reader sees in stored safe HTML (no URLs, no markup)."""
    return html.unescape(nh3.clean(body_html.replace("<", " <"), tags=set()))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: single words (prefix-matched) and quoted phrases (exact)."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        return [*self.terms, *(word for phrase in self.phrases for word in phrase)]


def parse_query(raw: str | None) -> SearchQuery | None:
    """Words and "quoted phrases" from what a person typed; None when nothing is left."""
    if not raw:
        return None
    pieces = raw[:MAX_QUERY_CHARS].split('"')
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_TERMS
    for position, piece in enumerate(pieces):
        words = normalise(piece).split()[:budget]
        quoted = position % 2 == 1 and position < len(pieces) - 1
        if quoted and len(words) > 1:
            if tuple(words) not in phrases:
                phrases.append(tuple(words))
        else:
            terms.extend(word for word in words if word not in terms)
        budget = MAX_TERMS - len(terms) - sum(len(p) for p in phrases)
        if budget <= 0:
            break
    if not terms and not phrases:
        return None
    return SearchQuery(tuple(terms), tuple(phrases))


@dataclass(frozen=True)
class Document:
    """What is indexed for one post: the thread title (opening posts only) and the body."""

    post_id: int
    title: str
    body: str


class Engine(Protocol):
    def index(self, documents: Sequence[Document]) -> None: ...

    def remove(self, post_ids: Sequence[int]) -> None: ...

    def matches(self, query: SearchQuery) -> sa.Select: ...


class SqliteEngine:
    """FTS5 virtual table `search_posts(title, body)`; rowid is the post id."""

    table = sa.table("search_posts", sa.column("rowid"), sa.column("title"), sa.column("body"))

    def index(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        self.remove([doc.post_id for doc in documents])
        db.session.execute(
            sa.text("INSERT INTO search_posts (rowid, title, body) VALUES (:id, :title, :body)"),
            [{"id": d.post_id, "title": d.title, "body": d.body} for d in documents],
        )

    def remove(self, post_ids: Sequence[int]) -> None:
        if post_ids:
            db.session.execute(
                sa.text("DELETE FROM search_posts WHERE rowid = :id"),
                [{"id": post_id} for post_id in post_ids],
            )

    @staticmethod
    def expression(query: SearchQuery) -> str:
        """FTS5 syntax built only from normalised words, each one quoted."""
        parts = [f'"{term}"*' if len(term) >= PREFIX_MIN else f'"{term}"' for term in query.terms]
        parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
        return " AND ".join(parts)

    def matches(self, query: SearchQuery) -> sa.Select:
        score = -sa.func.bm25(sa.literal_column("search_posts"), TITLE_WEIGHT, 1.0)
        return (
            sa.select(self.table.c.rowid.label("post_id"), score.label("score"))
            .select_from(self.table)
            .where(
                sa.text("search_posts MATCH :search_expression").bindparams(
                    search_expression=self.expression(query)
                )
            )
        )


class PostgresEngine:
    """Table `search_posts(post_id, document tsvector)` with a GIN index, 'simple' config."""

    table = sa.table("search_posts", sa.column("post_id"), sa.column("document", TSVECTOR))
    _simple = sa.literal_column("'simple'")

    def index(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        db.session.execute(
            sa.text(
                "INSERT INTO search_posts (post_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || "
                "setweight(to_tsvector('simple', :body), 'B')) "
                "ON CONFLICT (post_id) DO UPDATE SET document = excluded.document"
            ),
            [{"id": d.post_id, "title": d.title, "body": d.body} for d in documents],
        )

    def remove(self, post_ids: Sequence[int]) -> None:
        if post_ids:
            db.session.execute(
                sa.text("DELETE FROM search_posts WHERE post_id = ANY(:ids)"),
                {"ids": list(post_ids)},
            )

    @staticmethod
    def expression(query: SearchQuery) -> str:
        """`to_tsquery` syntax built only from normalised words."""
        parts = [f"{term}:*" if len(term) >= PREFIX_MIN else term for term in query.terms]
        parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
        return " & ".join(parts)

    def matches(self, query: SearchQuery) -> sa.Select:
        tsquery = sa.func.to_tsquery(
            self._simple, sa.bindparam("search_expression", self.expression(query))
        )
        document = self.table.c.document
        return (
            sa.select(
                self.table.c.post_id.label("post_id"),
                # Default weights: a word in the title (A) counts 2.5 times one in a body (B).
                sa.func.ts_rank(document, tsquery).label("score"),
            )
            .select_from(self.table)
            .where(document.op("@@")(tsquery))
        )


def engine() -> Engine:
    dialect = db.session.get_bind().dialect.name
    return PostgresEngine() if dialect == "postgresql" else SqliteEngine()


def document_for(post_id: int, body_html: str, title: str | None = None) -> Document:
    return Document(post_id, normalise(title or ""), normalise(html_to_text(body_html)))


def index(documents: Iterable[Document]) -> None:
    """Add or replace the index rows of these posts (call after flush, ids known)."""
    engine().index(list(documents))


def remove(post_ids: Iterable[int]) -> None:
    engine().remove(list(post_ids))


def matching_posts(query: SearchQuery) -> sa.Subquery:
    """Subquery `(post_id, score)` of every post matching; higher score ranks first."""
    return engine().matches(query).subquery("search_hits")
