"""Read-only questions about exchanges, each answered in a fixed number of queries.

Every list goes through `_listable(viewer)`, the SQL form of the `exchange.view` rule,
so content a viewer may not read never reaches a list, a count, a search result, the
home page, the feed or a notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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
from forum.security import can, readable_threads_clause

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


def tags_for(thread_ids: list[int]) -> dict[int, TagSet]:
    """Every tag of these threads in one query (not four per page)."""
    if not thread_ids:
        return {}
    kinds = (
        ("region", ThreadRegion.__table__.c.region, ThreadRegion.__table__.c.thread_id),
        ("country", ThreadCountry.__table__.c.country, ThreadCountry.__table__.c.thread_id),
        ("risk", ThreadRisk.__table__.c.risk, ThreadRisk.__table__.c.thread_id),
        ("group", ThreadGroup.__table__.c.defender_group, ThreadGroup.__table__.c.thread_id),
    )
    union = sa.union_all(
        *(
            sa.select(
                thread_id.label("thread_id"), sa.literal(kind).label("kind"), code.label("code")
            ).where(thread_id.in_(thread_ids))
            for kind, code, thread_id in kinds
        )
    ).subquery()
    found: dict[int, dict[str, list[str]]] = {tid: {k: [] for k, _, _ in kinds} for tid in thread_ids}
    for thread_id, kind, code in db.session.execute(
        sa.select(union).order_by(union.c.thread_id, union.c.kind, union.c.code)
    ):
        found[thread_id][kind].append(code)
    return {
        tid: TagSet(tuple(k["region"]), tuple(k["country"]), tuple(k["risk"]), tuple(k["group"]))
        for tid, k in found.items()
    }


@dataclass
class ListItem:
    thread: Thread
    tags: TagSet
    author_name: str | None
    is_anonymous: bool
    excerpt: str
    match_post_id: int | None = None
    match_is_reply: bool = False


def list_threads(viewer: Any, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """A page of threads for `/exchanges/` with their opening author and an excerpt.

    With search text, each thread appears once, represented by its best-matching
    visible post; results are ranked by relevance unless another order is chosen.
    Three steps, each cheap: count, pick the page's thread ids (threads table only),
    then load those threads with their opening post and tags.
    """
    where = [_listable(viewer), *filters.conditions()]
    query = search.parse_query(filters.text)
    hits = _best_hits(query) if query is not None else None
    candidates = sa.select(Thread.id).where(*where)
    if hits is not None:
        candidates = candidates.join(hits, hits.c.thread_id == Thread.id)
    if filters.sort == "newest":
        order = (Thread.created_at.desc(), Thread.id.desc())
    elif filters.sort == "relevance" and hits is not None:
        order = (hits.c.score.desc(), Thread.last_activity_at.desc(), Thread.id.desc())
    else:
        order = (Thread.last_activity_at.desc(), Thread.id.desc())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(candidates.subquery()))
    page_ids = list(
        db.session.scalars(candidates.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    )
    if not page_ids:
        return Page([], page, per_page, total or 0)
    opening = aliased(Post, name="opening")
    shown = opening
    stmt = (
        sa.select(Thread, opening.is_anonymous, User.display_name)
        .join(opening, sa.and_(opening.thread_id == Thread.id, opening.is_opening.is_(True)))
        .outerjoin(User, User.id == opening.author_id)
        .where(Thread.id.in_(page_ids))
    )
    if hits is not None:
        shown = aliased(Post, name="shown")
        stmt = stmt.join(hits, hits.c.thread_id == Thread.id).join(
            shown, shown.id == hits.c.post_id
        )
    stmt = stmt.add_columns(shown.body_html, shown.id, shown.is_opening)
    rows = {row[0].id: row for row in db.session.execute(stmt)}
    tags = tags_for(page_ids)
    items = []
    for thread_id in page_ids:
        thread, is_anonymous, name, body_html, post_id, post_is_opening = rows[thread_id]
        items.append(
            ListItem(
                thread=thread,
                tags=tags[thread_id],
                author_name=name,
                is_anonymous=is_anonymous,
                excerpt=excerpt(body_html),
                match_post_id=post_id if hits is not None else None,
                match_is_reply=hits is not None and not post_is_opening,
            )
        )
    return Page(items, page, per_page, total or 0)


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
# are several times cheaper to load than ORM entities.
_posts = Post.__table__.c
POST_COLUMNS = (
    _posts.id,
    _posts.parent_id,
    _posts.is_opening,
    _posts.author_id,
    _posts.is_anonymous,
    _posts.anon_salt,
    _posts.anon_proof,
    _posts.body_html,
    _posts.language,
    _posts.created_at,
    _posts.edited_at,
    _posts.deleted_at,
    _posts.hidden_at,
    _posts.hidden_by,
    _posts.endorsement_count,
    _posts.open_flag_count,
)


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

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


@dataclass
class ThreadPage:
    thread: Thread
    tags: TagSet
    posts: list[PostView]
    opening: PostView
    rows: list[tree.TreeRow]
    event: Event | None
    session: Session | None
    subscription: Subscription | None
    can_see_hidden: bool

    @property
    def following(self) -> bool:
        return self.subscription is not None


def load_posts(thread: Thread, viewer: Any, *, can_see_hidden: bool) -> list[PostView]:
    """Every post of the thread in one query, marked with what the viewer did to them."""
    users = User.__table__.c
    rows = db.session.execute(
        sa.select(*POST_COLUMNS, users.display_name)
        .select_from(Post.__table__.outerjoin(User.__table__, users.id == _posts.author_id))
        .where(_posts.thread_id == thread.id)
        .order_by(_posts.id)
    ).all()
    endorsed: set[int] = set()
    flagged: set[int] = set()
    member = viewer is not None and viewer.is_authenticated
    if member:
        endorsed = set(
            db.session.scalars(
                sa.select(Endorsement.post_id)
                .join(Post, Post.id == Endorsement.post_id)
                .where(Post.thread_id == thread.id, Endorsement.user_id == viewer.id)
            )
        )
        flagged = set(
            db.session.scalars(
                sa.select(Flag.post_id)
                .join(Post, Post.id == Flag.post_id)
                .where(Post.thread_id == thread.id, Flag.reporter_id == viewer.id)
            )
        )
    posts = []
    for row in rows:
        post = PostView(*row)
        post.own = member and anonymity.is_own(viewer, post)
        post.endorsed = post.id in endorsed
        post.flagged = post.id in flagged
        if post.hidden_at is not None and not can_see_hidden:
            post.body_html = None
        posts.append(post)
    return posts


def thread_page(thread: Thread, viewer: Any, *, newest_first: bool = False) -> ThreadPage:
    can_see_hidden = can(viewer, "exchange.see_hidden")
    posts = load_posts(thread, viewer, can_see_hidden=can_see_hidden)
    opening, rows = tree.build(posts, newest_first=newest_first)
    event = db.session.get(Event, thread.event_id) if thread.event_id else None
    if event is not None and not can(viewer, "event.view", event):
        event = None
    session = db.session.get(Session, thread.session_id) if thread.session_id and event else None
    subscription = None
    if viewer is not None and viewer.is_authenticated:
        subscription = db.session.get(Subscription, (thread.id, viewer.id))
    tags = tags_for([thread.id])[thread.id]
    return ThreadPage(
        thread, tags, posts, opening, rows, event, session, subscription, can_see_hidden
    )


def read_mark(posts: list[PostView]) -> int:
    """The newest post the viewer has now seen, not counting their own anonymous posts.

    Moving the read mark past one's own anonymous post the moment it is written would
    single the author out among the followers, so that post does not move it.
    """
    return max((p.id for p in posts if not (p.is_anonymous and p.own)), default=0)


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
