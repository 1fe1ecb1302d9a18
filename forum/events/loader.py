"""The one way a view loads an event from its address, and the one refusal policy.

Every page under `/events/<slug>/…` starts here, so that every page answers a stranger
the same way:

* **404** when the viewer may not know the event exists: no such slug, a malformed one
  (a NUL byte, 300 characters), or a draft seen by anyone outside its team. Saying
  "forbidden" would confirm that the draft is there.
* **sign in** when the event is known (published or cancelled), the page needs a
  permission, and the visitor is not signed in.
* **403** when a signed-in viewer may know the event but may not do what the page does
  (a member on the registrations page of a published event).

Things inside an event (a session, a question, an export job) are looked up by the view
after this; a wrong id there is a 404 like any unknown address.
"""

from __future__ import annotations

from flask import abort

from forum.events.models import Event
from forum.events.queries import event_by_slug
from forum.security import require


def load_event(slug: str, action: str | None = None) -> Event:
    """The event at `slug`, if the viewer may know of it and, given `action`, do it."""
    event = event_by_slug(slug)
    if event is None:
        abort(404)
    require("event.view", event, hide=True)
    if action is not None:
        require(action, event)
    return event
