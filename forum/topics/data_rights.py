"""A member's followed topics in their data export, and gone with their account."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.extensions import db
from forum.models import User
from forum.topics.models import Follow


def export_for(user: User) -> dict[str, Any]:
    follows = db.session.scalars(
        sa.select(Follow).where(Follow.user_id == user.id).order_by(Follow.kind, Follow.code)
    )
    return {"followed_topics": [{"kind": f.kind, "code": f.code} for f in follows]}


def erase_for(user: User, *, keep_posts: bool) -> None:
    db.session.execute(sa.delete(Follow).where(Follow.user_id == user.id))
