"""The observatory's panel on other pages: a country's topic page lists its instruments
(laws are public, so every reader sees them)."""

from __future__ import annotations

from typing import Any

from forum.observatory import queries
from forum.related import related_panel


@related_panel("topic")
def country_instruments(topic: Any) -> dict[str, Any] | None:
    if getattr(topic, "kind", None) != "country":
        return None
    instruments = queries.instruments_of([topic.code])
    if not instruments:
        return None
    return {
        "template": "observatory/_topic_panel.html",
        "instruments": instruments,
        "country": topic.code,
    }
