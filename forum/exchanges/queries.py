"""Read-only questions about exchanges, each answered in a fixed number of queries.

Every list goes through `_listable(viewer)`, the SQL form of the `exchange.view` rule,
so content a viewer may not read never reaches a list, a count, a search result, the
home page, the feed or a notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from forum.events.models import Event, EventStatus, Session
from forum.exchanges import anonymity, search, tree
from forum.exchanges.models import (
    Endorsement,
    Flag,
    FlagStatus,
    HiddenBy,
    Post,
    Subscription,
    Thread,
    ThreadCountry,
    ThreadGroup,
    ThreadRegion,
    ThreadRisk,
)
from forum.extensions import db
from forum.models import User
from forum.security import can
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

    @cached_property
    def excerpt(self) -> str:
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


MAX_SEARCH_RESULTS = 10_000


def list_threads(viewer: Any, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """A page of threads for `/exchanges/` with their opening author and an excerpt.

    Without search text: count, pick the page's thread ids (threads table only), then
    load those threads. With search text, the full-text match runs once: one query
    returns every matching thread the viewer may read with its best-matching visible
    post, in order (at most `MAX_SEARCH_RESULTS`); the page is a slice of it.
    """
    where = [_listable(viewer), *filters.conditions()]
    query = search.parse_query(filters.text)
    thread = _threads.c
    offset = (page - 1) * per_page
    quoted: dict[int, int] = {}
    if query is None:
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
        hits = _best_hits(query)
        if filters.sort == "newest":
            order = (thread.created_at.desc(), thread.id.desc())
        elif filters.sort == "relevance":
            order = (hits.c.score.desc(), thread.last_activity_at.desc(), thread.id.desc())
        else:
            order = (thread.last_activity_at.desc(), thread.id.desc())
        ranked = db.session.execute(
            sa.select(thread.id, hits.c.post_id)
            .join(hits, hits.c.thread_id == thread.id)
            .where(*where)
            .order_by(*order)
            .limit(MAX_SEARCH_RESULTS)
        ).all()
        total = len(ranked)
        quoted = dict(ranked[offset : offset + per_page])
        page_ids = list(quoted)
    if not page_ids:
        return Page([], page, per_page, total or 0)
    rows = {row.id: row for row in db.session.execute(_page_statement(), {"ids": page_ids})}
    matches = {}
    if quoted:
        matches = {
            row.id: row
            for row in db.session.execute(
                sa.select(_posts.id, _posts.body_html, _posts.is_opening).where(
                    _posts.id.in_(list(quoted.values()))
                )
            )
        }
    tags = tags_for(page_ids)
    items = []
    for thread_id in page_ids:
        row = rows[thread_id]
        match = matches.get(quoted.get(thread_id))
        items.append(
            ListItem(
                thread=row,
                tags=tags[thread_id],
                author_name=row.display_name,
                is_anonymous=row.is_anonymous,
                quoted_html=match.body_html if match is not None else row.quoted_html,
                match_post_id=match.id if match is not None else None,
                match_is_reply=match is not None and not match.is_opening,
            )
        )
    return Page(items, page, per_page, total or 0)


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


def _best_hits(query: search.SearchQuery) -> sa.Subquery:
    """Per thread, its best-matching visible post: `(thread_id, post_id, score)`."""
    matched = search.matching_posts(query)
    ranked = (
        sa.select(
            Post.thread_id.label("thread_id"),
            Post.id.label("post_id"),
            matched.c.score.label("score"),
            sa.func.row_number()
            .over(partition_by=Post.thread_id, order_by=(matched.c.score.desc(), Post.id))
            .label("place"),
        )
        .join(matched, matched.c.post_id == Post.id)
        .where(Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .subquery("ranked")
    )
    return (
        sa.select(ranked.c.thread_id, ranked.c.post_id, ranked.c.score)
        .where(ranked.c.place == 1)
        .subquery("hits")
    )


@dataclass
class Page:
    """One page of results, with what the shared `pagination` macro reads."""

    items: list[Any]
    page: int
    per_page: int
    total: int

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


# --- one thread --------------------------------------------------------------------------


# Table columns, not ORM attributes: a thread page reads hundreds of rows, and plain rows
# are several times cheaper to load than ORM entities. Times are read as stored (SQLite
# keeps text) and turned into datetimes only when a page is rendered (`_when`): a cached
# rendering needs them only for its key.
_posts = Post.__table__.c
_TIMES = ("created_at", "edited_at", "deleted_at", "hidden_at")
POST_COLUMNS = tuple(
    sa.type_coerce(_posts[name], sa.String).label(name) if name in _TIMES else _posts[name]
    for name in (
        "id",
        "parent_id",
        "is_opening",
        "author_id",
        "is_anonymous",
        "anon_salt",
        "anon_proof",
        "body_html",
        "language",
        "created_at",
        "edited_at",
        "deleted_at",
        "hidden_at",
        "hidden_by",
        "endorsement_count",
        "open_flag_count",
    )
)


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


@dataclass(slots=True)
class PostView:
    """A post as the thread page shows it to one viewer (labels set by `presentation`)."""

    id: int
    parent_id: int | None
    is_opening: bool
    author_id: int | None
    is_anonymous: bool
    anon_salt: str | None
    anon_proof: str | None
    body_html: str | None
    language: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    hidden_by: str | None
    endorsement_count: int
    open_flag_count: int
    author_name: str | None
    own: bool = False
    endorsed: bool = False
    flagged: bool = False
    author: str = ""
    when: str = ""
    iso: str = ""
    useful: str = ""
    parent_author: str = ""


@dataclass(frozen=True)
class ViewerMarks:
    """What the viewer did to the posts of a thread: wrote, found useful, reported."""

    own: frozenset[int] = frozenset()
    endorsed: frozenset[int] = frozenset()
    flagged: frozenset[int] = frozenset()


@dataclass
class ThreadPage:
    """Everything a thread page shows. Post views and the tree are built only when the
    replies must be rendered; a cached rendering needs just `records` and `marks`."""

    thread: Thread
    tags: TagSet
    records: list[Any]
    marks: ViewerMarks
    opening: PostView
    event: Event | None
    session: Session | None
    subscription: Subscription | None
    can_see_hidden: bool
    newest_first: bool

    @property
    def following(self) -> bool:
        return self.subscription is not None

    @cached_property
    def posts(self) -> list[PostView]:
        views = to_views(self.records, self.marks, can_see_hidden=self.can_see_hidden)
        return [self.opening if view.id == self.opening.id else view for view in views]

    @cached_property
    def rows(self) -> list[tree.TreeRow]:
        return tree.build(self.posts, newest_first=self.newest_first)[1]

    @property
    def read_mark(self) -> int:
        """The newest post the viewer has now seen, not counting their own anonymous posts.

        Moving the read mark past one's own anonymous post the moment it is written
        would single the author out among the followers, so that post does not move it.
        """
        own = self.marks.own
        return max((r.id for r in self.records if not (r.is_anonymous and r.id in own)), default=0)


@cache
def _records_statement() -> sa.Select:
    """Built once: the query is the same for every thread page, only the id changes."""
    users = User.__table__.c
    return (
        sa.select(*POST_COLUMNS, users.display_name)
        .select_from(Post.__table__.outerjoin(User.__table__, users.id == _posts.author_id))
        .where(_posts.thread_id == sa.bindparam("thread_id"))
        .order_by(_posts.id)
    )


def post_records(thread: Thread) -> list[Any]:
    """Every post of the thread, as plain rows, in one query."""
    return db.session.execute(_records_statement(), {"thread_id": thread.id}).all()


def viewer_marks(thread: Thread, records: list[Any], viewer: Any) -> ViewerMarks:
    if viewer is None or not viewer.is_authenticated:
        return ViewerMarks()
    endorsed = db.session.scalars(
        sa.select(Endorsement.post_id)
        .join(Post, Post.id == Endorsement.post_id)
        .where(Post.thread_id == thread.id, Endorsement.user_id == viewer.id)
    )
    flagged = db.session.scalars(
        sa.select(Flag.post_id)
        .join(Post, Post.id == Flag.post_id)
        .where(Post.thread_id == thread.id, Flag.reporter_id == viewer.id)
    )
    own = frozenset(record.id for record in records if anonymity.is_own(viewer, record))
    return ViewerMarks(own, frozenset(endorsed), frozenset(flagged))


def to_views(records: list[Any], marks: ViewerMarks, *, can_see_hidden: bool) -> list[PostView]:
    views = []
    for record in records:
        view = PostView(*record)
        view.created_at = _when(view.created_at)
        view.edited_at = _when(view.edited_at)
        view.deleted_at = _when(view.deleted_at)
        view.hidden_at = _when(view.hidden_at)
        view.own = view.id in marks.own
        view.endorsed = view.id in marks.endorsed
        view.flagged = view.id in marks.flagged
        if view.hidden_at is not None and not can_see_hidden:
            view.body_html = None
        views.append(view)
    return views


def post_view(post: Post, viewer: Any, *, can_see_hidden: bool) -> PostView:
    """One post as a page around it (reply, report) shows it."""
    record = db.session.execute(
        _records_statement().where(_posts.id == post.id), {"thread_id": post.thread_id}
    ).one()
    own = frozenset([post.id]) if anonymity.is_own(viewer, record) else frozenset()
    return to_views([record], ViewerMarks(own=own), can_see_hidden=can_see_hidden)[0]


def thread_page(thread: Thread, viewer: Any, *, newest_first: bool = False) -> ThreadPage:
    can_see_hidden = can(viewer, "exchange.see_hidden")
    records = post_records(thread)
    marks = viewer_marks(thread, records, viewer)
    opening_record = next(record for record in records if record.is_opening)
    opening = to_views([opening_record], marks, can_see_hidden=can_see_hidden)[0]
    event = db.session.get(Event, thread.event_id) if thread.event_id else None
    if event is not None and not can(viewer, "event.view", event):
        event = None
    session = db.session.get(Session, thread.session_id) if thread.session_id and event else None
    subscription = None
    if viewer is not None and viewer.is_authenticated:
        subscription = db.session.get(Subscription, (thread.id, viewer.id))
    tags = tags_for([thread.id])[thread.id]
    return ThreadPage(
        thread,
        tags,
        records,
        marks,
        opening,
        event,
        session,
        subscription,
        can_see_hidden,
        newest_first,
    )


def post_in_thread(thread: Thread, post_id: int) -> Post | None:
    post = db.session.get(Post, post_id)
    return post if post is not None and post.thread_id == thread.id else None


# --- choices for the new-thread form ------------------------------------------------------


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


# --- moderation ----------------------------------------------------------------------------


@dataclass
class QueueItem:
    post: Post
    thread: Thread
    author_name: str | None
    reasons: dict[str, int]
    notes: list[str]

    @property
    def excerpt(self) -> str:
        return excerpt(self.post.body_html, 600)


def moderation_queue(limit: int = 100) -> tuple[list[QueueItem], list[QueueItem]]:
    """(posts with open reports or hidden by reports, posts hidden by moderators)."""
    pending_clause = sa.or_(Post.open_flag_count > 0, Post.hidden_by == HiddenBy.FLAGS)
    hidden_clause = Post.hidden_by == HiddenBy.MODERATOR
    rows = db.session.execute(
        sa.select(Post, Thread, User.display_name)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(User, User.id == Post.author_id)
        .where(Post.deleted_at.is_(None), sa.or_(pending_clause, hidden_clause))
        .order_by(Post.open_flag_count.desc(), Post.id.desc())
        .limit(limit * 2)
    ).all()
    post_ids = [post.id for post, _, _ in rows]
    reasons: dict[int, dict[str, int]] = {pid: {} for pid in post_ids}
    notes: dict[int, list[str]] = {pid: [] for pid in post_ids}
    if post_ids:
        for post_id, reason, count in db.session.execute(
            sa.select(Flag.post_id, Flag.reason, sa.func.count())
            .where(Flag.post_id.in_(post_ids), Flag.status == FlagStatus.OPEN)
            .group_by(Flag.post_id, Flag.reason)
        ):
            reasons[post_id][reason] = count
        for post_id, note in db.session.execute(
            sa.select(Flag.post_id, Flag.note)
            .where(
                Flag.post_id.in_(post_ids), Flag.status == FlagStatus.OPEN, Flag.note.is_not(None)
            )
            .order_by(Flag.id)
        ):
            notes[post_id].append(note)
    pending, hidden = [], []
    for post, thread, author_name in rows:
        item = QueueItem(post, thread, author_name, reasons[post.id], notes[post.id])
        (hidden if post.hidden_by == HiddenBy.MODERATOR else pending).append(item)
    return pending[:limit], hidden[:limit]
