"""Members following a topic: a region, a country, a risk or a group of defenders.

`seen_thread_id` is a watermark, as for followed threads
(`forum.exchanges.models.Subscription`): the newest exchange there was when the member
last opened the topic page. What is "new" is an exchange with a higher id, so nothing
records *when* someone looked at a topic.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db

KIND_MAX = 10
CODE_MAX = 40


class Follow(db.Model):
    __tablename__ = "topic_follows"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "code", name="uq_topic_follows_topic"),
        sa.CheckConstraint("kind IN ('region', 'country', 'risk', 'group')", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(KIND_MAX))
    code: Mapped[str] = mapped_column(sa.String(CODE_MAX))
    seen_thread_id: Mapped[int] = mapped_column(default=0)
