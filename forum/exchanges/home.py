"""The home page's "recent exchanges" section: only threads the viewer may read."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from forum.exchanges.queries import recent_threads
from forum.home import home_section

RECENT_ON_HOME = 5


@home_section
def recent_exchanges() -> dict[str, Any]:
    return {
        "template": "exchanges/_home.html",
        "recent_exchanges": recent_threads(current_user, RECENT_ON_HOME),
    }
