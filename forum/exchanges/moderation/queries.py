"""Reads for the moderators: the queue of reported and hidden posts."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from forum.exchanges.models import (
    Flag,
    FlagStatus,
    HiddenBy,
    Post,
    Thread,
)
from forum.exchanges.queries import excerpt
from forum.extensions import db
from forum.models import User


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
