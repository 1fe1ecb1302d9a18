"""The home page's "recent exchanges" section: only threads the viewer may read."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from forum.home import home_section

RECENT_ON_HOME = 5
_registered = False


def recent_exchanges() -> dict[str, Any] | None:
    from forum.exchanges.queries import recent_threads

    return {
        "template": "exchanges/_home.html",
        "recent_exchanges": recent_threads(current_user, RECENT_ON_HOME),
    }


def register() -> None:
    """Add the section once, however many apps are created (tests make many)."""
    global _registered
    if not _registered:
        home_section(recent_exchanges)
        _registered = True
