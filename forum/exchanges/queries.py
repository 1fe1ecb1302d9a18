"""Read-only questions about exchanges, each answered in a fixed number of queries.

Every list goes through `_listable(viewer)`, the SQL form of the `exchange.view` rule,
so content a viewer may not read never reaches a list, a count, a search result, the
home page, the feed or a notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import aliased

from forum.events.models import Event, EventStatus, Session
from forum.exchanges import search
from forum.exchanges.models import (
    Post,
    Thread,
    ThreadCountry,
    ThreadGroup,
    ThreadRegion,
    ThreadRisk,
)
from forum.extensions import db
from forum.i18n import LOCALES
from forum.models import User, utcnow
from forum.search.highlight import Marker, passage
from forum.search.query import Query
from forum.security.exchanges import readable_threads_clause

PER_PAGE = 20
EXCERPT_CHARS = 240


def _listable(viewer: Any) -> sa.ColumnElement[bool]:
    """Threads the viewer may read that are neither hidden nor deleted."""
    return sa.and_(
        readable_threads_clause(viewer), Thread.hidden_at.is_(None), Thread.deleted_at.is_(None)
    )


def excerpt(body_html: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(search.html_to_text(body_html or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Filters:
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    text: str = ""
    sort: str = "activity"
    # The languages the reader reads (`forum.search.readers`), and whether the query
    # goes through the glossary.
    reader_languages: tuple[str, ...] = ("en",)
    expand: bool = True

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """Any value within a kind of tag, every kind chosen."""
        found: list[sa.ColumnElement[bool]] = []
        for values, table, column in (
            (self.regions, ThreadRegion, ThreadRegion.region),
            (self.countries, ThreadCountry, ThreadCountry.country),
            (self.risks, ThreadRisk, ThreadRisk.risk),
            (self.groups, ThreadGroup, ThreadGroup.defender_group),
        ):
            if values:
                found.append(Thread.id.in_(sa.select(table.thread_id).where(column.in_(values))))
        if self.languages:
            found.append(Thread.language.in_(self.languages))
        if self.outcomes:
            found.append(Thread.outcome.in_(self.outcomes))
        return found


@dataclass(frozen=True)
class TagSet:
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@cache
def _tags_statement() -> sa.Select:
    """Built once: the four tag tables as (thread_id, kind, code), for a list of ids."""
    kinds = (
        ("region", ThreadRegion.__table__.c.region, ThreadRegion.__table__.c.thread_id),
        ("country", ThreadCountry.__table__.c.country, ThreadCountry.__table__.c.thread_id),
        ("risk", ThreadRisk.__table__.c.risk, ThreadRisk.__table__.c.thread_id),
        ("group", ThreadGroup.__table__.c.defender_group, ThreadGroup.__table__.c.thread_id),
    )
    ids = sa.bindparam("thread_ids", expanding=True)
    union = sa.union_all(
        *(
            sa.select(thread_id.label("thread_id"), sa.literal(kind).label("kind"), code).where(
                thread_id.in_(ids)
            )
            for kind, code, thread_id in kinds
        )
    ).subquery()
    return sa.select(union).order_by(*union.c)


def tags_for(thread_ids: list[int]) -> dict[int, TagSet]:
    """Every tag of these threads in one query (not four per page)."""
    if not thread_ids:
        return {}
    found: dict[int, dict[str, list[str]]] = {
        thread_id: {"region": [], "country": [], "risk": [], "group": []}
        for thread_id in thread_ids
    }
    for thread_id, kind, code in db.session.execute(
        _tags_statement(), {"thread_ids": list(thread_ids)}
    ):
        found[thread_id][kind].append(code)
    return {
        tid: TagSet(tuple(k["region"]), tuple(k["country"]), tuple(k["risk"]), tuple(k["group"]))
        for tid, k in found.items()
    }


@dataclass
class ListItem:
    """A thread in a list: its row (the columns lists show), tags, opening author and the
    text to quote (the opening post, or the best-matching post when searching)."""

    thread: Any
    tags: TagSet
    author_name: str | None
    is_anonymous: bool
    quoted_html: str
    match_post_id: int | None = None
    match_is_reply: bool = False
    # The matched passage with the matching words marked, when searching, and the
    # language of the post it comes from.
    highlighted: Markup | None = None
    passage_language: str | None = None

    @cached_property
    def excerpt(self) -> str:
        if self.highlighted is not None:
            return self.highlighted
        return excerpt(self.quoted_html)

    @property
    def state(self) -> tuple:
        """Everything a rendering of this item depends on."""
        return (
            tuple(self.thread),
            self.tags,
            self.author_name,
            self.is_anonymous,
            self.quoted_html,
            self.match_post_id,
            self.match_is_reply,
            self.highlighted,
            self.passage_language,
        )


# Core tables, not ORM entities: lists read only the columns they show.
_threads = Thread.__table__
LIST_COLUMNS = tuple(
    _threads.c[name]
    for name in (
        "id",
        "title",
        "language",
        "visibility",
        "outcome",
        "locked_at",
        "reply_count",
        "last_activity_at",
        "created_at",
    )
)


# Fewer matching threads than this and words spelled like the typed ones are tried too.
FEW_RESULTS = 3


@dataclass(frozen=True)
class SearchInfo:
    """What the reader is told about their search: the glossary expansions used, whether
    similar spellings were added, and the languages the query was read in."""

    query: Query | None
    expanded: bool
    similar_used: bool = False

    @property
    def expansions(self) -> tuple:
        return self.query.expansions if self.query is not None else ()

    @property
    def languages(self) -> tuple[str, ...]:
        return self.query.languages if self.query is not None else ()

    @property
    def language_names(self) -> list[str]:
        return [LOCALES.get(code, code) for code in self.languages]


def list_threads(viewer: Any, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """A page of threads for `/exchanges/` with their opening author and an excerpt.

    Without search text: count, pick the page's thread ids (threads table only), then
    load those threads. With search text, one query matches, ranks (`_ranked`) and
    counts every thread the viewer may read, and returns the page's threads with their
    best-matching post; it runs again with similar spellings when exact matches are few.
    """
    where = [_listable(viewer), *filters.conditions()]
    thread = _threads.c
    offset = (page - 1) * per_page
    quoted: dict[int, int] = {}
    info = None
    query = None
    if not filters.text:
        candidates = sa.select(thread.id).where(*where)
        if filters.sort == "newest":
            order = (thread.created_at.desc(), thread.id.desc())
        else:
            order = (thread.last_activity_at.desc(), thread.id.desc())
        total = db.session.scalar(sa.select(sa.func.count()).select_from(candidates.subquery()))
        page_ids = list(
            db.session.scalars(candidates.order_by(*order).limit(per_page).offset(offset))
        )
    else:
        query = search.build_query(filters.text, filters.reader_languages, expand=filters.expand)
        info = SearchInfo(query, filters.expand)
        found, total = _search(query, where, filters, offset, per_page) if query else ([], 0)
        if query and total < FEW_RESULTS:
            broader = search.with_similar(query)
            if broader is not None:
                wider, wider_total = _search(broader, where, filters, offset, per_page)
                if wider_total > total:
                    query, found, total = broader, wider, wider_total
                    info = SearchInfo(broader, filters.expand, similar_used=True)
        quoted = dict(found)
        page_ids = list(quoted)
    if not page_ids:
        return Page([], page, per_page, total or 0, info)
    rows = {row.id: row for row in db.session.execute(_page_statement(), {"ids": page_ids})}
    matches = {}
    if quoted:
        matches = {
            row.id: row
            for row in db.session.execute(
                sa.select(Post.id, Post.body_html, Post.is_opening, Post.language).where(
                    Post.id.in_(list(quoted.values()))
                )
            )
        }
    marker = Marker(query) if query else None
    tags = tags_for(page_ids)
    items = []
    for thread_id in page_ids:
        row = rows[thread_id]
        match = matches.get(quoted.get(thread_id))
        quoted_html = match.body_html if match is not None else row.quoted_html
        highlighted = None
        language = match.language if match is not None else row.language
        if marker is not None:
            text = search.html_to_text(quoted_html or "")
            highlighted = passage(text, marker, language, EXCERPT_CHARS)
        items.append(
            ListItem(
                thread=row,
                tags=tags[thread_id],
                author_name=row.display_name,
                is_anonymous=row.is_anonymous,
                quoted_html=quoted_html,
                match_post_id=match.id if match is not None else None,
                match_is_reply=match is not None and not match.is_opening,
                highlighted=highlighted,
                passage_language=language,
            )
        )
    return Page(items, page, per_page, total or 0, info)


def _search(
    query: Query, where: list[sa.ColumnElement[bool]], filters: Filters, offset: int, limit: int
) -> tuple[list[tuple[int, int]], int]:
    """The page's `(thread id, best post id)` among the matching threads the viewer may
    read, in the order asked for, and how many match in all — one query."""
    hits = search.best_posts(query)
    thread = _threads.c
    ranked = (
        sa.select(thread.id, hits.c.item_id, sa.func.count().over().label("total"))
        .join(hits, hits.c.group_id == thread.id)
        .where(*where)
    )
    if filters.sort == "relevance":
        ranked = _ranked(ranked, hits, filters.reader_languages)
    elif filters.sort == "newest":
        ranked = ranked.order_by(thread.created_at.desc(), thread.id.desc())
    else:
        ranked = ranked.order_by(thread.last_activity_at.desc(), thread.id.desc())
    rows = db.session.execute(ranked.limit(limit).offset(offset)).all()
    if rows:
        return [(row[0], row[1]) for row in rows], rows[0].total
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            sa.select(thread.id).join(hits, hits.c.group_id == thread.id).where(*where).subquery()
        )
    )
    return [], total or 0


OUTCOME_BOOST = {"worked": 1.15, "partly": 1.07}


def _days_since(moment: Any) -> sa.ColumnElement[float]:
    """Days from `moment` (a column) to now, on either engine."""
    now = sa.literal(utcnow(), sa.DateTime)
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.extract("epoch", now - moment) / 86_400.0
    return sa.func.julianday(now) - sa.func.julianday(moment)


def _ranked(ranked: sa.Select, hits: Any, languages: tuple[str, ...]) -> sa.Select:
    """Relevance order: threads in the reader's languages first; within each, the text
    score raised by endorsements of the opening post ("useful"), the tactic's outcome
    and recent activity — text relevance stays the larger part of it."""
    thread = _threads.c
    opening = Post.__table__.alias("opening_post")
    useful = sa.cast(opening.c.endorsement_count, sa.Float)
    boost = (
        (1.0 + 0.6 * useful / (useful + 3.0))
        * sa.case(
            *((thread.outcome == outcome, factor) for outcome, factor in OUTCOME_BOOST.items()),
            else_=1.0,
        )
        * (1.0 + 0.1 / (1.0 + _days_since(thread.last_activity_at) / 30.0))
    )
    in_languages = sa.case((thread.language.in_(languages), 0), else_=1)
    # `= true` (not `IS true`) so both engines use the partial index of opening posts.
    return ranked.join(
        opening, sa.and_(opening.c.thread_id == thread.id, opening.c.is_opening == sa.true())
    ).order_by(
        in_languages,
        (sa.cast(hits.c.score, sa.Float) * boost).desc(),
        thread.last_activity_at.desc(),
        thread.id.desc(),
    )


@cache
def _page_statement() -> sa.Select:
    """Built once: the threads of one page with their opening post's author and text."""
    opening = Post.__table__.alias("opening")
    users = User.__table__
    return (
        sa.select(
            *LIST_COLUMNS,
            opening.c.is_anonymous,
            users.c.display_name,
            opening.c.body_html.label("quoted_html"),
        )
        .select_from(
            _threads.join(
                opening,
                sa.and_(opening.c.thread_id == _threads.c.id, opening.c.is_opening.is_(True)),
            ).outerjoin(users, users.c.id == opening.c.author_id)
        )
        .where(_threads.c.id.in_(sa.bindparam("ids", expanding=True)))
    )


@dataclass
class Page:
    """One page of results, with what the shared `pagination` macro reads."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    search: SearchInfo | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def recent_threads(viewer: Any, limit: int = 5) -> list[Thread]:
    return list(
        db.session.scalars(
            sa.select(Thread)
            .where(_listable(viewer))
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
            .limit(limit)
        )
    )


def public_threads_for_feed(limit: int = 30) -> list[tuple[Thread, str, str | None, bool]]:
    """Newest public threads with their opening text: what a logged-out reader sees."""
    opening = aliased(Post)
    rows = db.session.execute(
        sa.select(Thread, opening.body_html, User.display_name, opening.is_anonymous)
        .join(opening, sa.and_(opening.thread_id == Thread.id, opening.is_opening.is_(True)))
        .outerjoin(User, User.id == opening.author_id)
        .where(_listable(None))
        .order_by(Thread.created_at.desc(), Thread.id.desc())
        .limit(limit)
    ).all()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def linkable_events(limit: int = 60) -> tuple[list[Event], list[Session]]:
    """Published events (newest first) and their sessions, for the optional link."""
    events = list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.status == EventStatus.PUBLISHED.value)
            .order_by(Event.starts_at.desc())
            .limit(limit)
        )
    )
    if not events:
        return [], []
    sessions = list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.event_id.in_([event.id for event in events]))
            .order_by(Session.event_id, Session.starts_at, Session.id)
        )
    )
    return events, sessions
