"""Exchanges' posts as a kind of searchable content (`forum.search`).

Each post is one document: the thread title (opening posts only) and the body's plain
text, analysed in the language the post is written in. Rows are written here whenever a
post is created, edited or deleted; visibility is never stored in the index but applied
when querying (`queries.py`), so hiding a post or changing who may read a thread takes
effect at once.

Index tables (created by the migrations, see `forum/dbschema.py`): SQLite FTS5
`search_posts(title, body)` (rowid = post id) with a trigger removing a post's row with
the post; PostgreSQL `search_posts(post_id, document tsvector)` with a GIN index and a
foreign key that does the same; and `search_post_terms` (+ SQLite's
`search_post_grams`) for typo tolerance.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import nh3
import sqlalchemy as sa

from forum.exchanges.models import Post, Thread
from forum.extensions import db
from forum.search import index as search_index
from forum.search.engines import Document
from forum.search.glossary.queries import glossary_index
from forum.search.kinds import Kind, register
from forum.search.query import Query, build

POSTS = register(
    Kind(
        name="posts",
        table="search_posts",
        id_column="post_id",
        group_column="thread_id",
        terms_table="search_post_terms",
        grams_table="search_post_grams",
    )
)


def html_to_text(body_html: str) -> str:
    """The words a reader sees in stored safe HTML (no URLs, no markup)."""
    return html.unescape(nh3.clean(body_html.replace("<", " <"), tags=set()))


def document_for(
    post_id: int, thread_id: int, body_html: str, language: str, title: str | None = None
) -> Document:
    return Document(post_id, thread_id, language, title or "", html_to_text(body_html))


def index(documents: Iterable[Document]) -> None:
    """Add or replace the index rows of these posts (call after flush, ids known)."""
    search_index.index(POSTS, documents)


def sync(post: Post, title: str | None = None) -> None:
    """Index a post readers may find (`title` for an opening post), or take it out of
    the index when it is deleted or hidden: the index holds nothing a reader may not
    find, so a hidden post's words stop matching at once."""
    if post.deleted_at is not None or post.hidden_at is not None:
        remove([post.id])
    else:
        index([document_for(post.id, post.thread_id, post.body_html, post.language, title)])


def remove(post_ids: Iterable[int]) -> None:
    search_index.remove(POSTS, post_ids)


def reindex_all(batch: int = 1000) -> int:
    """Index every post readers may find, again; remove the rest. Returns how many."""
    last, count = 0, 0
    while True:
        posts = list(
            db.session.scalars(sa.select(Post).where(Post.id > last).order_by(Post.id).limit(batch))
        )
        if not posts:
            break
        titles = dict(
            db.session.execute(
                sa.select(Thread.id, Thread.title).where(
                    Thread.id.in_({post.thread_id for post in posts})
                )
            ).all()
        )
        live = [p for p in posts if p.deleted_at is None and p.hidden_at is None]
        remove([p.id for p in posts if p not in live])
        index(
            document_for(
                p.id,
                p.thread_id,
                p.body_html,
                p.language,
                titles[p.thread_id] if p.is_opening else None,
            )
            for p in live
        )
        count += len(live)
        last = posts[-1].id
    search_index.reconcile(POSTS)
    return count


def reconcile() -> None:
    """Typo-tolerance terms exactly those the index holds (daily, `flask forum purge`)."""
    search_index.reconcile(POSTS)


def build_query(text: str | None, languages: Sequence[str], *, expand: bool = True) -> Query | None:
    """What the reader typed, read in their languages, expanded through the glossary
    unless they turned that off."""
    return build(text, languages, glossary_index() if expand else None)


def matching_posts(query: Query):  # noqa: ANN201 - a SQLAlchemy subquery
    """Subquery `(item_id, group_id, score)` of every post matching."""
    return search_index.matching(POSTS, query)


def best_posts(query: Query):  # noqa: ANN201 - a SQLAlchemy subquery
    """Subquery `(group_id, item_id, score)`: each matching thread's best post."""
    return search_index.best_per_group(POSTS, query)


def with_similar(query: Query) -> Query | None:
    return search_index.with_similar(POSTS, query)
