"""The library's panels on other pages: an event's curriculum and its sessions' slides and
handouts (event and agenda pages), and the works an exchange cites (thread page). Only
works the reader may see are listed."""

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
