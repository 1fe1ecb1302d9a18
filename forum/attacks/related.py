"""Attack patterns on other pages: an observatory country page shows the country's
published incidents by violation type, next to its laws (issue 18). Every figure comes
out of `forum.statistics` through `patterns.country_figures`, which counts the records
`published_clause` admits and nothing else; only readers who may see the patterns
(`attacks.patterns`) see the panel."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from forum.attacks import patterns
from forum.related import related_panel
from forum.security import can
from forum.statistics.display import adjusted_note


@related_panel("observatory_country")
def country_patterns(code: Any) -> dict[str, Any] | None:
    if not can(current_user, "attacks.patterns"):
        return None
    figures = patterns.country_figures(code)
    if figures is None:
        return None
    return {
        "template": "attacks/_country_panel.html",
        "figures": figures,
        "note": adjusted_note(),
        "country": code,
    }
