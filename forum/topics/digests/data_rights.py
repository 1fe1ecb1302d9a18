"""A member's digests and their choice of digest in "my data"; gone with the account."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.models import User
from forum.topics.digests.models import Digest


def export_for(user: User) -> dict[str, Any]:
    digests = db.session.scalars(
        sa.select(Digest).where(Digest.user_id == user.id).order_by(Digest.id)
    )
    return {
        "digest": {"frequency": user.digest, "by_email": bool(user.digest_emails)},
        "digests": [
            {
                "frequency": digest.frequency,
                "period_start": iso_or_none(digest.period_start),
                "period_end": iso_or_none(digest.period_end),
                "counts": digest.counts,
                "email": digest.email_state,
            }
            for digest in digests
        ],
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    db.session.execute(sa.delete(Digest).where(Digest.user_id == user.id))
    user.digest = "off"
    user.digest_emails = False
    db.session.flush()
