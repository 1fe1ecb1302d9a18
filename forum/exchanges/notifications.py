"""In-app notifications of new replies in followed threads, computed when asked.

Nothing is written when someone replies: a notification is "a visible reply newer than
my read mark in a thread I follow and may still read". So there is no notification row
that could point at the author of an anonymous reply, a thread a person can no longer
read stops notifying at once, and a hidden or deleted reply stops counting.

Notices carry the title only for public threads: the title of a members-only or
participants-only thread appears nowhere outside the thread page itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from forum.exchanges import anonymity
from forum.exchanges.labels import Visibility
from forum.exchanges.models import Post, Subscription, Thread
from forum.extensions import db
from forum.security.exchanges import readable_threads_clause


@dataclass
class Notice:
    thread_id: int
    new_replies: int
    first_unread_id: int
    title: str | None  # None unless the thread is public
    visibility: str


def _unread_by_thread(viewer: Any) -> dict[int, tuple[int, int]]:
    """{thread id: (new replies, first new post id)} for the viewer, in one query.

    Rows are grouped per thread, except that each anonymous reply gets its own group
    so its keyed proof can be checked: the author is not notified of their own post.
    """
    anonymous_key = sa.case((Post.is_anonymous.is_(True), Post.id), else_=0)
    rows = db.session.execute(
        sa.select(
            Post.thread_id,
            sa.func.count(Post.id),
            sa.func.min(Post.id),
            sa.func.max(Post.anon_salt),
            sa.func.max(Post.anon_proof),
        )
        .join(
            Subscription,
            sa.and_(Subscription.thread_id == Post.thread_id, Subscription.user_id == viewer.id),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Post.id > Subscription.last_read_post_id,
            Post.is_opening.is_(False),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
            sa.or_(Post.author_id.is_(None), Post.author_id != viewer.id),
            readable_threads_clause(viewer),
            Thread.hidden_at.is_(None),
            Thread.deleted_at.is_(None),
        )
        .group_by(Post.thread_id, anonymous_key)
    ).all()
    unread: dict[int, tuple[int, int]] = {}
    for thread_id, count, first_id, salt, proof in rows:
        if salt is not None and anonymity.proves(viewer, salt, proof):
            continue
        known_count, known_first = unread.get(thread_id, (0, first_id))
        unread[thread_id] = (known_count + count, min(known_first, first_id))
    return unread


def unread_count(viewer: Any) -> int:
    if viewer is None or not viewer.is_authenticated:
        return 0
    return sum(count for count, _ in _unread_by_thread(viewer).values())


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
