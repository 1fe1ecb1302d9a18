"""How exchanges appear in pages: thread URLs, author labels, tag labels.

Registered as Jinja globals by the blueprint, so templates never compute these.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from forum import taxonomy
from forum.exchanges.vocabulary import (
    CONTEXTS,
    FLAG_REASONS,
    OUTCOMES,
    VISIBILITY_SHORT,
    Visibility,
)
from forum.i18n import LOCALES

ANONYMOUS_MEMBER = _l("Anonymous member")
FORMER_MEMBER = _l("Former member")

VOCABULARIES = {
    "region": taxonomy.REGIONS,
    "risk": taxonomy.RISK_TYPES,
    "group": taxonomy.DEFENDER_GROUPS,
    "perpetrator": taxonomy.PERPETRATORS,
    "context": CONTEXTS,
    "outcome": OUTCOMES,
    "visibility": VISIBILITY_SHORT,
    "reason": FLAG_REASONS,
}


def slugify(title: str, limit: int = 60) -> str:
    """ASCII words of the title for readable URLs; empty when none are left."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-")


def thread_url(thread: Any, _anchor: str | None = None, **params: Any) -> str:
    """The thread's address. Only public threads carry their title in the URL: the
    address of a members-only thread must not reveal its subject (history, notices)."""
    slug = slugify(thread.title) if thread.visibility == Visibility.PUBLIC.value else ""
    if slug:
        return url_for(
            "exchanges.thread", thread_id=thread.id, slug=slug, _anchor=_anchor, **params
        )
    return url_for("exchanges.thread", thread_id=thread.id, _anchor=_anchor, **params)


def author_label(post: Any, name: str | None = None) -> str:
    """What everyone, moderators included, sees as the author of a post."""
    if post.is_anonymous:
        return str(ANONYMOUS_MEMBER)
    display = name if name is not None else getattr(post, "author_name", None)
    return display or str(FORMER_MEMBER)


def tag_label(kind: str, code: str) -> str:
    if kind == "country":
        return taxonomy.country_name(code)
    if kind == "language":
        return LOCALES.get(code, code)
    return taxonomy.label(VOCABULARIES[kind], code)


def register(state: Any) -> None:
    """Make the helpers available to every template."""
    env = state.app.jinja_env
    env.globals.update(thread_url=thread_url, author_label=author_label, tag_label=tag_label)
