"""A member's drafts in their data export, and gone with their account.

The export holds the drafts' text: it is the member's own writing, and the export goes
to the member alone (`forum.profiles.data_rights`).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.exchanges.drafts.models import Draft
from forum.extensions import db
from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    drafts = db.session.scalars(
        sa.select(Draft).where(Draft.author_id == user.id).order_by(Draft.id)
    )
    return {
        "drafts": [
            {
                "place": draft.slot,
                "thread_id": draft.thread_id,
                "content": json.loads(draft.content),
                "saved_at": iso_or_none(draft.updated_at),
            }
            for draft in drafts
        ]
    }


def erase_for(user: User, *, keep_posts: bool) -> None:
    """Drafts were never published: they go whatever happens to the posts."""
    db.session.execute(sa.delete(Draft).where(Draft.author_id == user.id))
