"""Rules for organizers' messages to registrants.

Writing to registrants is deciding about the event: its organizers (with two-factor
sign-in) and administrators. The event's team (staff too) may read what was sent. A
member reads only the messages sent to them, through their own notices
(`forum.messages.queries.received_by`): no rule opens a message by id.
"""

from __future__ import annotations

from typing import Any

from forum.events.models import Event
from forum.security.core import rule
from forum.security.events import runs_event, sees_all_of_event


@rule("event_message.send")
def _send_message(user: Any, event: Event) -> bool:
    return runs_event(user, event)


@rule("event_message.list")
def _list_messages(user: Any, event: Event) -> bool:
    return sees_all_of_event(user, event)
