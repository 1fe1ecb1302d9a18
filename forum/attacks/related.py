"""Attack patterns on other pages: an observatory country page shows the country's
published incidents by violation type, next to its laws (issue 18); a search page lists
the views of the patterns page that match, each with the page's figure (issue 21).
Every figure comes out of `forum.statistics` (`patterns.country_figures`,
`patterns.build`), which count the records `published_clause` admits and nothing else;
only readers who may see the patterns (`attacks.patterns`) see either panel."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from forum.attacks import patterns, search
from forum.models import utcnow
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


@related_panel("search")
def pattern_results(searched: Any) -> dict[str, Any] | None:
    """Views of the patterns page matching a search (`forum.attacks.search`): for those
    who may see the page only, checked before anything is searched or counted."""
    if not can(current_user, "attacks.patterns"):
        return None
    query = search.build_query(searched.text, searched.languages, expand=searched.expand)
    if not query:
        return None
    results = search.search(query, utcnow().date())
    if not results:
        return None
    return {
        "template": "attacks/_search_results.html",
        "results": results,
        "note": adjusted_note(),
    }
