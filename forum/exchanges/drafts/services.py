"""Keeping, finding and removing drafts; every function acts for one author only.

There is no way to name someone else's draft: every function takes the author and
looks the draft up by author and slot (or author and id), so a wrong id is simply not
found. Functions flush, never commit, and raise `DraftError` with a translated sentence
when what was sent cannot be kept, having saved nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from forum import taxonomy
from forum.exchanges.drafts.models import LIFETIME, Draft
from forum.exchanges.drafts.queries import NEW, Saved, saved
from forum.exchanges.labels import CONTEXTS, OUTCOMES, Visibility
from forum.exchanges.models import (
    BODY_MAX,
    FOR_WHOM_MAX,
    LANGUAGE_CODES,
    RESOURCES_MAX,
    TITLE_MAX,
)
from forum.extensions import db
from forum.models import User, utcnow

# What each kind of draft keeps: text fields with their limits, lists of codes, choices.
THREAD_TEXTS = {"title": TITLE_MAX, "body": BODY_MAX, "for_whom": FOR_WHOM_MAX}
THREAD_TEXTS["resources"] = RESOURCES_MAX
REPLY_TEXTS = {"body": BODY_MAX}
THREAD_LISTS = {
    "regions": taxonomy.REGIONS,
    "countries": taxonomy.COUNTRY_REGION,
    "risks": taxonomy.RISK_TYPES,
    "groups": taxonomy.DEFENDER_GROUPS,
}
THREAD_CHOICES = {
    "perpetrator": taxonomy.PERPETRATORS,
    "context": CONTEXTS,
    "outcome": OUTCOMES,
    "visibility": {v.value: v for v in Visibility},
}
LINK_MAX = 24  # "event id" or "event id:session id", checked again on publishing


class DraftError(ValueError):
    """What was sent cannot be kept as a draft; the message says why."""


def _checked(fields: Mapping[str, Any], reply: bool) -> dict[str, Any]:
    """The fields worth keeping, checked like the form checks them (but none required)."""
    kept: dict[str, Any] = {}
    for name, limit in (REPLY_TEXTS if reply else THREAD_TEXTS).items():
        value = fields.get(name) or ""
        if not isinstance(value, str):
            raise DraftError(_("This draft could not be read. Please try again."))
        if len(value) > limit:
            raise DraftError(_("Use at most %(max)d characters.", max=limit))
        kept[name] = value
    language = fields.get("language") or ""
    if language and language not in LANGUAGE_CODES:
        raise DraftError(_("Choose one of the languages offered."))
    kept["language"] = language
    kept["anonymous"] = bool(fields.get("anonymous"))
    if reply:
        return kept
    for name, known in THREAD_LISTS.items():
        values = [value for value in fields.get(name) or [] if value]
        if any(not isinstance(value, str) or value not in known for value in values):
            raise DraftError(_("Choose tags and countries from the lists offered."))
        kept[name] = sorted(set(values))
    for name, known in THREAD_CHOICES.items():
        value = fields.get(name) or ""
        if value and value not in known:
            raise DraftError(_("Choose one of the options offered."))
        kept[name] = value
    for name in ("event", "session"):
        value = fields.get(name) or ""
        if len(value) > LINK_MAX or not all(part.isdigit() for part in value.split(":") if value):
            raise DraftError(_("Choose an event from the list."))
        kept[name] = value
    return kept


def _is_empty(kept: Mapping[str, Any]) -> bool:
    return not any(kept.get(name) for name in ("title", "body", "for_whom", "resources"))


def save(
    author: User,
    slot: str,
    fields: Mapping[str, Any],
    *,
    signed_in_at: datetime,
    thread_id: int | None = None,
) -> Saved | None:
    """Keep what was written in `slot`; None (and no draft) when nothing was written.

    A draft a quick exit put away in this session is never overwritten: the author
    gets it back at their next sign-in.
    """
    kept = _checked(fields, reply=slot != NEW)
    draft = db.session.scalar(
        sa.select(Draft).where(Draft.author_id == author.id, Draft.slot == slot)
    )
    if draft is not None and draft.updated_at <= utcnow() - LIFETIME:
        db.session.delete(draft)  # expired: as if it were gone already
        db.session.flush()
        draft = None
    if draft is not None and draft.held_at is not None and draft.held_at >= signed_in_at:
        raise DraftError(
            _("Your earlier draft is kept for your next sign-in; this text was not saved.")
        )
    if _is_empty(kept):
        if draft is not None:
            db.session.delete(draft)
            db.session.flush()
        return None
    if draft is None:
        draft = Draft(author_id=author.id, slot=slot, thread_id=thread_id)
        db.session.add(draft)
    draft.content = json.dumps(kept, ensure_ascii=False)
    draft.held_at = None
    draft.updated_at = utcnow()
    db.session.flush()
    return saved(draft)


def posted(author: User, slot: str) -> None:
    """The text was published: its draft goes."""
    db.session.execute(sa.delete(Draft).where(Draft.author_id == author.id, Draft.slot == slot))


def discard(author: User, draft_id: int) -> bool:
    result = db.session.execute(
        sa.delete(Draft).where(Draft.author_id == author.id, Draft.id == draft_id)
    )
    return bool(result.rowcount)


def hold_all(author: User) -> int:
    """Quick exit: put the author's drafts away for the rest of this session."""
    result = db.session.execute(
        sa.update(Draft).where(Draft.author_id == author.id).values(held_at=utcnow())
    )
    return result.rowcount or 0


def purge_expired(now: datetime | None = None) -> int:
    """Delete drafts untouched for `LIFETIME` (daily, from `flask forum purge`)."""
    limit = (now or utcnow()) - LIFETIME
    result = db.session.execute(sa.delete(Draft).where(Draft.updated_at <= limit))
    return result.rowcount or 0
