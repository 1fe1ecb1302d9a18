"""What other features show on a page of events or exchanges ("related" panels).

A feature registers a function for a place (`"event"`, `"thread"`); the page's view calls
`related_panels(place, thing)` and its template includes each returned panel. This is how
the library lists an event's curriculum, its sessions' slides and the works an exchange
cites, without events or exchanges knowing the library exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any], dict[str, Any] | None]
_PANELS: dict[str, list[Panel]] = {}


def related_panel(place: str) -> Callable[[Panel], Panel]:
    def register(build: Panel) -> Panel:
        _PANELS.setdefault(place, []).append(build)
        return build

    return register


def related_panels(place: str, thing: Any) -> list[dict[str, Any]]:
    return [panel for build in _PANELS.get(place, []) if (panel := build(thing)) is not None]
