"""Following and unfollowing topics. Each call is the member's own; the caller commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.topics.models import Follow
from forum.topics.queries import Topic, follow_of, newest_thread_id


def follow(user: Any, topic: Topic) -> Follow:
    """Follow `topic`; following it again changes nothing. What exists now counts as seen."""
    found = follow_of(user, topic)
    if found is not None:
        return found
    created = Follow(
        user_id=user.id, kind=topic.kind, code=topic.code, seen_thread_id=newest_thread_id()
    )
    try:
        with db.session.begin_nested():
            db.session.add(created)
    except IntegrityError:  # the same member's other request got there first
        existing = follow_of(user, topic)
        if existing is None:
            raise
        return existing
    return created


def unfollow(user: Any, topic: Topic) -> None:
    """Stop following `topic`; unfollowing a topic not followed changes nothing."""
    db.session.execute(
        sa.delete(Follow).where(
            Follow.user_id == user.id, Follow.kind == topic.kind, Follow.code == topic.code
        )
    )


def mark_seen(found: Follow) -> bool:
    """The member opened the topic page: everything there now is seen. True if it moved."""
    newest = newest_thread_id()
    if newest > found.seen_thread_id:
        found.seen_thread_id = newest
        db.session.flush()
        return True
    return False
