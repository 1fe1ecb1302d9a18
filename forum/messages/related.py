"""The event page's panel "Messages from the organizers": the ones sent to the reader."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from forum.events.display import fallback_language
from forum.messages.queries import received_by
from forum.related import related_panel


@related_panel("event")
def messages_to_me(event: Any) -> dict[str, Any] | None:
    received = received_by(current_user, event.id)
    if not received:
        return None
    locale = str(get_locale())
    shown = []
    for message in received:
        text = message.text_for(locale)
        if text is not None:
            shown.append((message, text, fallback_language(text.locale, locale)))
    return {"template": "messages/_received.html", "messages": shown}
