"""The home page's "upcoming events" section."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from forum.events import queries
from forum.events.display import event_cards
from forum.home import home_section
from forum.i18n import select_timezone
from forum.security.events import prime_approved_participation

HOME_EVENTS = 4


@home_section
def upcoming_events() -> dict[str, Any]:
    events = queries.upcoming_published(HOME_EVENTS)
    prime_approved_participation(current_user, [event.id for event in events])
    cards = event_cards(events, current_user, str(get_locale()), select_timezone())
    return {"template": "events/_home_section.html", "event_cards": cards}
