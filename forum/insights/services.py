"""The insights page put together: tallies, published figures, labels, charts and CSV.

The view parses the filters and checks access; everything the page and its CSV files
show comes from `build_insights`, so the page, the SVG, the tables and the CSV cannot
disagree: they all read the same tables published by `forum.statistics`. Each table is
published on its own from true tallies; the cell key method makes a cell the same
wherever it appears, so no table needs to know what another shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_skeleton
from flask_babel import gettext as _
from markupsafe import Markup

from forum import taxonomy
from forum.exchanges.labels import OUTCOMES
from forum.extensions import db
from forum.i18n import text_direction
from forum.insights import cache
from forum.insights.models import INSIGHTS_PUBLIC, SiteSetting
from forum.insights.queries import OUTCOME_CODES, Counts, InsightFilters, count_exchanges
from forum.models import User, utcnow
from forum.security import audit
from forum.statistics import charts
from forum.statistics.csv_export import table_to_csv
from forum.statistics.display import DisplayCell, Formatter, adjusted_note
from forum.statistics.tables import PublishedTable, publish_series, publish_table

TABLE_KEYS = ("regions", "trend", "groups", "outcomes")
#: Visitors who are not signed in see these tables only, and filter by these fields only:
#: fewer, coarser slices of what is public anyway.
PUBLIC_TABLES = ("regions", "trend")
PUBLIC_FILTERS = ("period", "region", "risk")


# --- the administrator's switch --------------------------------------------------------


def set_public_insights(actor: User, enabled: bool) -> bool:
    """Turn the public subset on or off; audited. Returns whether anything changed."""
    setting = db.session.get(SiteSetting, INSIGHTS_PUBLIC)
    wanted = "on" if enabled else "off"
    if (setting.value if setting else "off") == wanted:
        return False
    if setting is None:
        setting = SiteSetting(key=INSIGHTS_PUBLIC, value=wanted)
        db.session.add(setting)
    setting.value = wanted
    setting.updated_by_id = actor.id
    audit(actor, "insights.public_on" if enabled else "insights.public_off")
    db.session.flush()
    return True


# --- composition ------------------------------------------------------------------------


@dataclass
class ShownTable:
    """One table as published: labels, display text per figure, and its chart."""

    key: str
    title: str
    corner: str
    row_labels: list[str]
    col_labels: list[str]
    table: PublishedTable
    rows: list[list[DisplayCell]] = field(default_factory=list)
    row_totals: list[DisplayCell] = field(default_factory=list)
    col_totals: list[DisplayCell] = field(default_factory=list)
    grand_total: DisplayCell | None = None
    chart: Markup | None = None


@dataclass
class InsightsPage:
    filters: InsightFilters
    public: bool
    locale: str
    tables: dict[str, ShownTable]
    months: list[str]


def month_label(month: str, locale: str) -> str:
    """ "2026-03" as the locale writes a month and year (e.g. "mar. de 2026", "مارس ٢٠٢٦")."""
    year, number = month.split("-")
    return format_skeleton("yMMM", date(int(year), int(number), 1), locale=locale)


def _publish(counts: Counts, filters: InsightFilters, keys: tuple[str, ...]) -> dict:
    """Each table published from its tallies (totals as cells of their own)."""
    regions, risks, groups = filters.regions, filters.risks, filters.groups
    makers = {
        "regions": lambda: publish_table(counts.heat, regions, risks),
        "trend": lambda: publish_table(counts.trend, counts.months, risks),
        "groups": lambda: publish_series(counts.groups, groups),
        "outcomes": lambda: publish_table(counts.outcomes, risks, OUTCOME_CODES),
    }
    return {key: makers[key]() for key in keys}


def build_insights(
    viewer: Any, filters: InsightFilters, locale: str, today: date | None = None
) -> InsightsPage:
    """Every table of the page, published, with labels and charts."""
    public = not (viewer is not None and viewer.is_authenticated)
    keys = PUBLIC_TABLES if public else TABLE_KEYS
    today = today or utcnow().date()
    counts = cache.cached(
        viewer, ("counts", filters, today), lambda: count_exchanges(viewer, filters, today)
    )
    published = _publish(counts, filters, keys)
    rtl = text_direction(locale) == "rtl"
    risk_labels = [taxonomy.label(taxonomy.RISK_TYPES, r) for r in filters.risks]
    months = [month_label(m, locale) for m in counts.months]
    titles = {
        "regions": (
            _("Exchanges by region and risk type"),
            _("Region"),
            [taxonomy.label(taxonomy.REGIONS, r) for r in filters.regions],
            risk_labels,
        ),
        "trend": (_("Exchanges per month and risk type"), _("Month"), months, risk_labels),
        "groups": (
            _("Exchanges by defender group"),
            "",
            [_("Exchanges")],
            [taxonomy.label(taxonomy.DEFENDER_GROUPS, g) for g in filters.groups],
        ),
        "outcomes": (
            _("Tactic outcomes by risk type"),
            _("Risk type"),
            risk_labels,
            [str(OUTCOMES[o]) for o in OUTCOME_CODES],
        ),
    }
    tables: dict[str, ShownTable] = {}
    fmt = Formatter()
    for key, table in published.items():
        title, corner, row_labels, col_labels = titles[key]
        shown = ShownTable(key, title, corner, row_labels, col_labels, table)
        heat = charts.heat_classes(table) if key == "regions" else None
        shown.rows = [
            [fmt.cell(c, heat[i][j] if heat else "") for j, c in enumerate(row)]
            for i, row in enumerate(table.cells)
        ]
        shown.row_totals = [fmt.cell(c) for c in table.row_totals]
        shown.col_totals = [fmt.cell(c) for c in table.col_totals]
        shown.grand_total = fmt.cell(table.grand_total)
        shown.chart = _chart(key, shown, rtl, fmt)
        tables[key] = shown
    return InsightsPage(filters, public, locale, tables, counts.months)


def _chart(key: str, shown: ShownTable, rtl: bool, fmt: Formatter) -> Markup | None:
    """The SVG drawn from the same published figures as the table beside it."""
    common = {
        "rtl": rtl,
        "title": shown.title,
        "suppressed_label": fmt.small,
        "desc": adjusted_note(),
        "chart_id": f"chart-{key}",
        "number": fmt.number,
    }
    table = shown.table
    # The chart functions escape every label themselves and take no markup from outside.
    if key == "trend":
        series = {
            label: [row[j] for row in table.cells] for j, label in enumerate(shown.col_labels)
        }
        every = max(1, math.ceil(len(shown.row_labels) / 6))  # month names are long
        return Markup(  # noqa: S704 - escaped in charts  # nosec B704
            charts.line_chart(series, shown.row_labels, label_every=every, **common)
        )
    if key == "groups":
        return Markup(charts.bar_chart(list(table.cells[0]), shown.col_labels, **common))  # noqa: S704 - escaped in charts  # nosec B704
    if key == "outcomes":
        series = {
            label: [row[j] for row in table.cells] for j, label in enumerate(shown.col_labels)
        }
        return Markup(charts.grouped_bar_chart(shown.row_labels, series, **common))  # noqa: S704 - escaped in charts  # nosec B704
    return None  # the heat table is its own chart


def table_csv(page: InsightsPage, key: str) -> bytes:
    """One table of the page as CSV: the same figures, markers and totals, and the note."""
    shown = page.tables[key]
    fmt = Formatter()
    return table_to_csv(
        shown.row_labels,
        shown.col_labels,
        shown.table,
        small_label=fmt.small,
        total_label=_("Total"),
        note=adjusted_note(),
        corner_label=shown.corner,
        number=fmt.number,
    )
