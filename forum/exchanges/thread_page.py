"""Reads for one thread page: its posts as plain rows, and what the viewer did to them.

A thread page reads hundreds of rows; plain rows are several times cheaper to load than
ORM entities, so posts are read as table columns and turned into `PostView`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from typing import Any

import sqlalchemy as sa

from forum.events.models import Event, Session
from forum.exchanges import anonymity, tree
from forum.exchanges.models import (
    Endorsement,
    Flag,
    Post,
    Subscription,
    Thread,
)
from forum.exchanges.queries import TagSet, tags_for
from forum.extensions import db
from forum.models import Role, User, UserRole
from forum.security import can

# Table columns, not ORM attributes: a thread page reads hundreds of rows, and plain rows
# are several times cheaper to load than ORM entities. Times are read as stored (SQLite
# keeps text) and turned into datetimes only when a page is rendered (`_when`): a cached
# rendering needs them only for its key.
_posts = Post.__table__.c
_TIMES = ("created_at", "edited_at", "deleted_at", "hidden_at")
# Roles that speak for the house in exchanges, and so carry a badge there.
BADGE_ROLES = (Role.ADMIN.value, Role.MODERATOR.value, Role.STAFF.value)
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
    author_role: str | None
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


def _author_role() -> sa.ColumnElement[str | None]:
    """The house role the author carries on their posts, shown as a badge beside the name
    (a name cannot imitate it: forum.names refuses names that read as roles). Never for an
    anonymous post. Administrator before moderator before staff: their alphabetical order."""
    roles = UserRole.__table__.c
    carried = (
        sa.select(sa.func.min(roles.role))
        .where(roles.user_id == _posts.author_id, roles.role.in_(BADGE_ROLES))
        .scalar_subquery()
    )
    return sa.case((_posts.is_anonymous, sa.null()), else_=carried).label("author_role")


@cache
def _records_statement() -> sa.Select:
    """Built once: the query is the same for every thread page, only the id changes."""
    users = User.__table__.c
    return (
        sa.select(*POST_COLUMNS, users.display_name, _author_role())
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
