"""A member's personal calendar feed: the secret in its address, never stored readable.

The feed address is `/calendar/<token>.ics`; whoever holds the token reads the member's
agenda, confidential venues included, without signing in (calendar apps cannot sign in).
So the database keeps:

* `token_hash`: SHA-256 of the token, the only thing a request is looked up by. The
  token has 256 random bits, so an unkeyed hash cannot be guessed backwards, and it keeps
  working when `SECRET_KEY` is rotated (a keyed hash would silently break every feed).
* `token`: the token encrypted with the data keys (`forum.crypto`), so the account page
  can show the address again — people subscribe on a phone and a laptop at different
  times, and "regenerate to see it again" would break the first subscription. A database
  dump without the keys (which live in the environment) reads no feed.

One row per member at most; regenerating replaces both columns, turning off deletes the
row, and either way the old address answers 404 at once.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.crypto import EncryptedText
from forum.extensions import db
from forum.models import utcnow

HASH_LENGTH = 64  # hex SHA-256


class CalendarFeed(db.Model):
    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), unique=True)
    token: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CalendarFeed {self.id}>"
