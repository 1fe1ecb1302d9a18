"""The call's panel on an event's page and agenda: open or not, a link to propose, and
the organizers' links to the call and the review."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from forum.dates import Clock
from forum.i18n import select_timezone
from forum.models import utcnow
from forum.proposals import queries
from forum.related import related_panel
from forum.security import can


@related_panel("event")
def call_panel(event: Any) -> dict[str, Any] | None:
    call = queries.call_of(event.id)
    runs = can(current_user, "proposals.call_edit", event)
    if call is None and not runs:
        return None
    reviews = call is not None and can(current_user, "proposals.review", event)
    clock = Clock(event.timezone, select_timezone(), str(get_locale()))
    return {
        "template": "proposals/_event_panel.html",
        "event": event,
        "call": call,
        "open": call is not None and call.is_open(utcnow()),
        "closes": clock.datetime(call.closes_at) if call is not None else None,
        "runs": runs,
        "reviews": reviews,
    }
