"""Site settings an administrator changes at run time (not deployment configuration).

One row per setting, keyed by a stable name. Only insights uses it so far (whether
visitors who are not signed in see the public subset), so it lives here; a setting is
read with one primary-key lookup and every change is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.exchanges.models import Post
from forum.extensions import db
from forum.models import utcnow

#: Whether visitors who are not signed in see the public insights (off unless set).
INSIGHTS_PUBLIC = "insights_public"


class SiteSetting(db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


def _post_index() -> sa.Index:
    """Counting posts (and adding their keys) per thread and month reads only this index.

    Declared here, with the feature that needs it; it belongs to `exchange_posts`.
    """
    return sa.Index(
        "ix_exchange_posts_insights",
        Post.thread_id,
        Post.created_at,
        Post.hidden_at,
        Post.deleted_at,
        Post.stat_key,
    )


POST_INDEX = _post_index()
