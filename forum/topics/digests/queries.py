"""A member's own digests, newest first, with nothing else (never another member's)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.extensions import db
from forum.topics.digests.models import Digest

SHOWN = 20


def digests_of(user: Any, limit: int = SHOWN) -> list[Digest]:
    return list(
        db.session.scalars(
            sa.select(Digest)
            .where(Digest.user_id == user.id, Digest.total > 0)
            .order_by(Digest.period_start.desc(), Digest.id.desc())
            .limit(limit)
        )
    )
