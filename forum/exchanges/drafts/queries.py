"""Reading an author's drafts: never anyone else's, and none a quick exit put away in
the current session (`signed_in_at` is when it began)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forum.exchanges.drafts.models import LIFETIME, Draft
from forum.extensions import db
from forum.models import User, utcnow

NEW = "new"


def slot_for(thread_id: int | None = None, parent_id: int | None = None) -> str:
    """Where a draft belongs: the new-exchange form, a thread's reply box, or the reply
    to one post."""
    if thread_id is None:
        return NEW
    return f"reply:{thread_id}" if parent_id is None else f"reply:{thread_id}:{parent_id}"


@dataclass(frozen=True)
class Saved:
    """A draft as its author sees it."""

    id: int
    slot: str
    thread_id: int | None
    fields: dict[str, Any]
    updated_at: datetime

    @property
    def is_reply(self) -> bool:
        return self.slot != NEW

    @property
    def parent_id(self) -> int | None:
        parts = self.slot.split(":")
        return int(parts[2]) if len(parts) == 3 else None


def saved(draft: Draft) -> Saved:
    return Saved(draft.id, draft.slot, draft.thread_id, json.loads(draft.content), draft.updated_at)


def _live(author: User) -> sa.ColumnElement[bool]:
    return sa.and_(Draft.author_id == author.id, Draft.updated_at > utcnow() - LIFETIME)


def _shown(signed_in_at: datetime) -> sa.ColumnElement[bool]:
    """Not put away by a quick exit since this session began."""
    return sa.or_(Draft.held_at.is_(None), Draft.held_at < signed_in_at)


def _find(author: User, slot: str) -> Draft | None:
    return db.session.scalar(sa.select(Draft).where(_live(author), Draft.slot == slot))


def load(author: User, slot: str, signed_in_at: datetime) -> Saved | None:
    """The author's draft in this place, unless a quick exit in this session put it away."""
    draft = _find(author, slot)
    if draft is None or not _visible(draft, signed_in_at):
        return None
    return saved(draft)


def _visible(draft: Draft, signed_in_at: datetime) -> bool:
    return draft.held_at is None or draft.held_at < signed_in_at


def is_held(author: User, slot: str, signed_in_at: datetime) -> bool:
    """Whether this place has a draft the quick exit put away in this session."""
    draft = _find(author, slot)
    return draft is not None and not _visible(draft, signed_in_at)


def drafts_of(author: User, signed_in_at: datetime) -> list[Saved]:
    """The author's drafts they may see now, newest first."""
    return [
        saved(draft)
        for draft in db.session.scalars(
            sa.select(Draft)
            .where(_live(author), _shown(signed_in_at))
            .order_by(Draft.updated_at.desc(), Draft.id.desc())
        )
    ]
