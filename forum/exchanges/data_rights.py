"""A member's exchanges data: export it, or erase it (called by the account data page).

Anonymous posts are included. The database cannot tell whose they are, but the
application can, with the keyed hash (`anonymity`), by checking every anonymous post
against this one member; nobody else can ask that question. We include them because
they are the member's own words and erasure must reach them too: an erased account must
not leave behind anonymous posts that its owner can no longer remove. In the export they
are marked `"anonymous": true`, so the file itself links the member to them — the page
offering the export should say so.

`erase_for(user, keep_posts=True)` keeps the texts as "Former member" (anonymous posts
stay anonymous, and their proof is dropped so nobody can ever tie them to anyone);
`keep_posts=False` deletes them: a thread that nobody else answered disappears entirely,
other posts become tombstones so others' replies keep their place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.exchanges import anonymity, services
from forum.exchanges.models import Endorsement, Flag, Post, Subscription, Thread
from forum.extensions import db
from forum.models import User

BATCH = 1000


def _anonymous_posts_of(user: User) -> Iterator[Post]:
    """Anonymous posts this member wrote, found by checking each proof with the key."""
    stmt = (
        sa.select(Post)
        .where(Post.is_anonymous.is_(True), Post.anon_proof.is_not(None))
        .order_by(Post.id)
        .execution_options(yield_per=BATCH)
    )
    for post in db.session.scalars(stmt):
        if anonymity.proves(user, post.anon_salt, post.anon_proof):
            yield post


def own_posts(user: User) -> list[Post]:
    signed = list(db.session.scalars(sa.select(Post).where(Post.author_id == user.id)))
    return sorted([*signed, *_anonymous_posts_of(user)], key=lambda post: post.id)


def export_for(user: User) -> dict[str, Any]:
    """Everything exchanges hold about `user`, as JSON-ready data."""
    posts = own_posts(user)
    threads = {
        thread.id: thread
        for thread in db.session.scalars(
            sa.select(Thread).where(Thread.id.in_({post.thread_id for post in posts}))
        )
    }
    reports = db.session.scalars(
        sa.select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id)
    )
    return {
        "posts": [
            {
                "id": post.id,
                "thread_id": post.thread_id,
                "thread_title": threads[post.thread_id].title if post.is_opening else None,
                "opening": post.is_opening,
                "anonymous": post.is_anonymous,
                "language": post.language,
                "text": post.body,
                "written_at": iso_or_none(post.created_at),
                "edited_at": iso_or_none(post.edited_at),
                "hidden_by_moderation": post.hidden_at is not None,
            }
            for post in posts
        ],
        "marked_useful": list(
            db.session.scalars(
                sa.select(Endorsement.post_id)
                .where(Endorsement.user_id == user.id)
                .order_by(Endorsement.post_id)
            )
        ),
        "reports": [
            {
                "post_id": report.post_id,
                "reason": report.reason,
                "note": report.note,
                "status": report.status,
                "reported_at": iso_or_none(report.created_at),
            }
            for report in reports
        ],
        "following": list(
            db.session.scalars(
                sa.select(Subscription.thread_id)
                .where(Subscription.user_id == user.id)
                .order_by(Subscription.thread_id)
            )
        ),
    }


def _withdraw_endorsements(user: User) -> None:
    post_ids = list(
        db.session.scalars(sa.select(Endorsement.post_id).where(Endorsement.user_id == user.id))
    )
    if post_ids:
        db.session.execute(sa.delete(Endorsement).where(Endorsement.user_id == user.id))
        db.session.execute(
            sa.update(Post)
            .where(Post.id.in_(post_ids))
            .values(endorsement_count=Post.endorsement_count - 1)
            .execution_options(synchronize_session=False)
        )


def _answered_by_others(thread_id: int, own_ids: set[int]) -> bool:
    replies = db.session.scalars(
        sa.select(Post.id).where(
            Post.thread_id == thread_id, Post.is_opening.is_(False), Post.deleted_at.is_(None)
        )
    )
    return any(post_id not in own_ids for post_id in replies)


def erase_for(user: User, *, keep_posts: bool) -> None:
    """Remove `user` from exchanges; their posts stay as "Former member" or go."""
    posts = own_posts(user)
    if keep_posts:
        for post in posts:
            post.author_id = None
            anonymity.forget(post)
    else:
        own_ids = {post.id for post in posts}
        for post in sorted(posts, key=lambda p: (p.is_opening, -p.id)):
            thread = db.session.get(Thread, post.thread_id)
            if post.is_opening and not _answered_by_others(thread.id, own_ids):
                services.delete_thread_entirely(thread)
            else:
                services.delete_post(post)
    _withdraw_endorsements(user)
    db.session.execute(sa.delete(Subscription).where(Subscription.user_id == user.id))
    db.session.execute(sa.update(Flag).where(Flag.reporter_id == user.id).values(reporter_id=None))
    db.session.flush()
