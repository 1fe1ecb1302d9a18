"""In-app notifications of new replies in followed threads, computed when asked.

Nothing is written when someone replies: a notification is "a visible reply newer than
my read mark in a thread I follow and may still read". So there is no notification row
that could point at the author of an anonymous reply, a thread a person can no longer
read stops notifying at once, and a hidden or deleted reply stops counting.

Notices carry the title only for public threads: the title of a members-only or
participants-only thread appears nowhere outside the thread page itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from forum.exchanges import anonymity
from forum.exchanges.labels import Visibility
from forum.exchanges.models import Post, Subscription, Thread
from forum.extensions import db
from forum.security.exchanges import readable_threads_audience, readable_threads_clause_for


@dataclass
class Notice:
    thread_id: int
    new_replies: int
    first_unread_id: int
    title: str | None  # None unless the thread is public
    visibility: str
    newest_id: int = 0


@functools.cache
def _unread_statement(audience: str) -> sa.Select:
    """The unread-replies query for one audience of the reading rule, built once.

    It runs in the header of every signed-in page: building the statement took more time
    than running it. The viewer's id and seen mark are parameters (`viewer_id`, `seen`),
    so nothing of one person is kept in the statement shared by all.
    """
    viewer_id = sa.bindparam("viewer_id", type_=sa.Integer)
    anonymous_key = sa.case((Post.is_anonymous.is_(True), Post.id), else_=0)
    return (
        sa.select(
            Post.thread_id,
            sa.func.count(Post.id),
            sa.func.min(Post.id),
            sa.func.max(Post.id),
            sa.func.max(Post.anon_salt),
            sa.func.max(Post.anon_proof),
        )
        .join(
            Subscription,
            sa.and_(Subscription.thread_id == Post.thread_id, Subscription.user_id == viewer_id),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Post.id > Subscription.last_read_post_id,
            Post.id > sa.bindparam("seen", type_=sa.Integer),
            Post.is_opening.is_(False),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
            sa.or_(Post.author_id.is_(None), Post.author_id != viewer_id),
            readable_threads_clause_for(audience, viewer_id),
            Thread.hidden_at.is_(None),
            Thread.deleted_at.is_(None),
        )
        .group_by(Post.thread_id, anonymous_key)
    )


def _unread_by_thread(viewer: Any, seen: int = 0) -> dict[int, tuple[int, int, int]]:
    """{thread id: (new replies, first new post id, newest post id)} for the viewer, in
    one query, counting only replies after post `seen`.

    Rows are grouped per thread, except that each anonymous reply gets its own group
    so its keyed proof can be checked: the author is not notified of their own post.
    """
    statement = _unread_statement(readable_threads_audience(viewer))
    rows = db.session.connection().execute(statement, {"viewer_id": viewer.id, "seen": seen})
    unread: dict[int, tuple[int, int, int]] = {}
    for thread_id, count, first_id, last_id, salt, proof in rows:
        if salt is not None and anonymity.proves(viewer, salt, proof):
            continue
        known, first, last = unread.get(thread_id, (0, first_id, last_id))
        unread[thread_id] = (known + count, min(first, first_id), max(last, last_id))
    return unread


def unread_count(viewer: Any) -> int:
    """Replies not yet read in the threads the viewer follows."""
    if viewer is None or not viewer.is_authenticated:
        return 0
    return sum(count for count, _, _ in _unread_by_thread(viewer).values())


def new_count(viewer: Any) -> int:
    """The header's count: unread replies the viewer has not seen listed yet."""
    if viewer is None or not viewer.is_authenticated:
        return 0
    unread = _unread_by_thread(viewer, seen=viewer.notifications_seen_post_id)
    return sum(count for count, _, _ in unread.values())


def mark_seen(viewer: Any, listed: list[Notice]) -> bool:
    """The viewer saw `listed`: the header stops counting those replies (they stay unread
    until their thread is opened). True when the mark moved (the view commits)."""
    newest = max((notice.newest_id for notice in listed), default=0)
    if newest > viewer.notifications_seen_post_id:
        viewer.notifications_seen_post_id = newest
        db.session.flush()
        return True
    return False


def notices(viewer: Any) -> list[Notice]:
    """Followed threads with new replies, newest first."""
    unread = _unread_by_thread(viewer)
    if not unread:
        return []
    threads = db.session.execute(
        sa.select(Thread.id, Thread.title, Thread.visibility, Thread.last_activity_at).where(
            Thread.id.in_(list(unread))
        )
    ).all()
    threads = sorted(threads, key=lambda row: (row.last_activity_at, row.id), reverse=True)
    return [
        Notice(
            thread_id=row.id,
            new_replies=unread[row.id][0],
            first_unread_id=unread[row.id][1],
            newest_id=unread[row.id][2],
            title=row.title if row.visibility == Visibility.PUBLIC.value else None,
            visibility=row.visibility,
        )
        for row in threads
    ]


def followed_count(viewer: Any) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Subscription)
        .where(Subscription.user_id == viewer.id)
    )


def mark_read(subscription: Subscription, up_to: int) -> bool:
    """Move the read mark forward (never back); True when it moved."""
    if up_to > subscription.last_read_post_id:
        subscription.last_read_post_id = up_to
        db.session.flush()
        return True
    return False
