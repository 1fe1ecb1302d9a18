"""Unlinkable anonymous posts that their author can still edit or delete.

An anonymous post stores no author. It stores a random salt and
`HMAC-SHA256(FORUM_ANON_KEY, "post:<user id>:<salt>")`. Whoever holds the database but not
the key cannot tell who wrote it, nor whether two anonymous posts share an author (each
salt is different). The application, holding the key, can answer one question only:
"did *this* signed-in member write *this* post?".

Time is a link too: the exact minute next to an anonymous post lets a reader pair it with
a named post from the same minute. So an anonymous post keeps only its day (midnight
UTC), in the database as on the page (`coarse_time`), for when it was written and edited.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from forum.exchanges.models import Post
from forum.keyed import anon_digest, same_digest
from forum.models import User, utcnow


def _proof(user_id: int, salt: str) -> str:
    return anon_digest(f"post:{user_id}:{salt}")


def coarse_time(moment: datetime) -> datetime:
    """The day only (midnight UTC): all an anonymous post keeps of a moment."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def seal(post: Post, author: User) -> None:
    """Make `post` anonymous: no author column, only a keyed proof of authorship, and
    only the day it was written."""
    post.author_id = None
    post.author = None
    post.is_anonymous = True
    post.anon_salt = secrets.token_hex(16)
    post.anon_proof = _proof(author.id, post.anon_salt)
    post.created_at = coarse_time(post.created_at or utcnow())


def edit_time(post: Any) -> datetime:
    """When `post` is marked edited: now, or only today for an anonymous post."""
    now = utcnow()
    return coarse_time(now) if post.is_anonymous else now


def proves(user: Any, salt: str | None, proof: str | None) -> bool:
    """Whether the signed-in `user` wrote the anonymous post with this salt and proof."""
    if not salt or not proof or user is None or not getattr(user, "is_authenticated", False):
        return False
    return same_digest(_proof(user.id, salt), proof)


def is_own(user: Any, post: Any) -> bool:
    """Whether `user` wrote `post` (a Post or a row with the same fields)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if post.is_anonymous:
        return proves(user, post.anon_salt, post.anon_proof)
    return post.author_id is not None and post.author_id == user.id


def forget(post: Post) -> None:
    """Drop the proof: afterwards nobody, not even the author, can be tied to the post."""
    post.anon_salt = None
    post.anon_proof = None
