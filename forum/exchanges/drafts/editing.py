"""What the writing pages share about drafts and previews: the fields a draft keeps
from each form, the time the current session began, and the preview itself.

A preview goes through `forum.markdown.render`, the very function that renders a post
when it is published, so what the author sees is what readers will see.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import session
from markupsafe import Markup

from forum.markdown import render
from forum.models import utcnow

THREAD_FIELDS = (
    "title",
    "body",
    "language",
    "regions",
    "countries",
    "risks",
    "groups",
    "perpetrator",
    "context",
    "for_whom",
    "outcome",
    "resources",
    "visibility",
    "event",
    "session",
    "anonymous",
)
REPLY_FIELDS = ("body", "language", "anonymous")
# The buttons of the writing forms besides "Publish"/"Send reply".
PREVIEW, SAVE_DRAFT = "preview", "draft"


def fields_of(form: Any, reply: bool) -> dict[str, Any]:
    """The values of a thread or reply form (already cleaned by its filters)."""
    return {name: form[name].data for name in (REPLY_FIELDS if reply else THREAD_FIELDS)}


def signed_in_at() -> datetime:
    """When the current session began (naive UTC); now if it cannot tell."""
    started = session.get("login_at")
    if isinstance(started, int):
        return datetime.fromtimestamp(started, UTC).replace(tzinfo=None)
    return utcnow()


def preview(body: str | None) -> Markup | None:
    """The body as it will be published, or None when there is nothing to show."""
    html = render(body or "")
    # Rendered and sanitised exactly as a published post (forum.markdown).
    return Markup(html) if html else None  # noqa: S704 - sanitised by nh3  # nosec B704
