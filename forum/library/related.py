"""The library's panels on other pages: an event's curriculum and its sessions' slides and
handouts (event and agenda pages), the works an exchange cites (thread page), and the
works tagged with a topic (topic pages). Only works the reader may see are listed."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from forum.i18n import LOCALES
from forum.library import queries
from forum.related import related_panel


@related_panel("event")
def event_works(event: Any) -> dict[str, Any] | None:
    uses = queries.works_used(current_user, str(get_locale()), event_id=event.id)
    if not uses:
        return None
    return {"template": "library/_used_here.html", "uses": uses, "languages": LOCALES}


@related_panel("thread")
def cited_works(thread: Any) -> dict[str, Any] | None:
    uses = queries.works_used(current_user, str(get_locale()), thread_id=thread.id)
    if not uses:
        return None
    return {"template": "library/_used_here.html", "uses": uses, "languages": LOCALES}


TOPIC_SHOWN = 10


@related_panel("topic")
def topic_works(topic: Any) -> dict[str, Any] | None:
    """The latest works with this topic's tag (region, country, risk or group), with a
    link to all of them in the library's list."""
    filters = queries.Filters(tags=[(topic.kind, topic.code)])
    page, shelves = queries.list_works(current_user, filters, 1, str(get_locale()))
    if not shelves:
        return None
    return {
        "template": "library/_topic_works.html",
        "shelves": shelves[:TOPIC_SHOWN],
        "total": page.total,
        "scope": f"{topic.kind}:{topic.code}",
        "languages": LOCALES,
    }
