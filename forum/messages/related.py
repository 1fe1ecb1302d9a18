"""The event page's panel "Messages from the organizers": the ones sent to the reader."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from forum.events.display import fallback_language
from forum.messages.queries import received_by
from forum.messages.services import names_venue
from forum.related import related_panel
from forum.security import can


@related_panel("event")
def messages_to_me(event: Any) -> dict[str, Any] | None:
    received = received_by(current_user, event.id)
    if not received:
        return None
    locale = str(get_locale())
    # Someone whose registration changed since (declined, cancelled) no longer sees the
    # confidential venue: a message naming it is withheld, and the page says so.
    entitled = can(current_user, "event.see_location", event)
    shown, withheld = [], 0
    for message in received:
        text = message.text_for(locale)
        if text is None:
            continue
        if not entitled and names_venue(event, [(t.subject, t.body) for t in message.texts]):
            withheld += 1
            continue
        shown.append((message, text, fallback_language(text.locale, locale)))
    return {"template": "messages/_received.html", "messages": shown, "withheld": withheld}
