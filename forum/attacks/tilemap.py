"""A map of published counts by country, drawn on the server as SVG.

A tile grid: every country is the same square, so small states stay visible, no border
(disputed or not) is drawn, and no third-party tiles or scripts are needed. Countries are
grouped in one block per region of the shared taxonomy and ordered by ISO code within it.
A country whose figure is hidden ("<5") is hatched, never coloured by a value; an empty
country is white. Colours follow the heat classes of the tables (five levels).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from markupsafe import escape

from forum.statistics.figures import Figure
from forum.taxonomy import REGIONS, countries_in

COLUMNS = 16
TILE = 40
GAP = 3
HEADING = 26
LEVEL_FILLS = ("#ffffff", "#e3eef8", "#c2dbf0", "#8fbbe2", "#4f90cc", "#1d5e9e")
LIGHT_TEXT_FROM = 4


def _level(figure: Figure, top: int) -> int:
    if not figure.value or top <= 0:
        return 0
    return min(5, max(1, math.ceil(5 * figure.value / top)))


def tile_map(
    figures: Mapping[str, Figure],
    *,
    names: Callable[[str], str],
    small: str,
    number: Callable[[int], str],
    title: str,
    rtl: bool,
) -> str:
    """The SVG markup (escaped piece by piece) for `figures` by ISO country code."""
    top = max((f.value or 0 for f in figures.values() if f.is_shown), default=0)
    width = COLUMNS * (TILE + GAP) + GAP
    parts: list[str] = []
    y = 0
    for region, region_label in REGIONS.items():
        codes = sorted(countries_in(region))
        parts.append(
            f'<text x="{width - GAP if rtl else GAP}" y="{y + 18}" font-weight="600" '
            f'text-anchor="{"end" if rtl else "start"}">{escape(str(region_label))}</text>'
        )
        y += HEADING
        for index, code in enumerate(codes):
            row, column = divmod(index, COLUMNS)
            if rtl:
                column = COLUMNS - 1 - column
            x = GAP + column * (TILE + GAP)
            ty = y + row * (TILE + GAP)
            figure = figures.get(code, Figure(0))
            text = figure.label(small=small, number=number)
            if figure.hidden:
                fill, ink, css = "url(#tile-hatch)", "#222222", "tile tile-suppressed"
            else:
                level = _level(figure, top)
                fill = LEVEL_FILLS[level]
                ink = "#ffffff" if level >= LIGHT_TEXT_FROM else "#222222"
                css = f"tile tile-{level}"
            parts.append(
                f'<g class="{css}"><title>{escape(names(code))}: {escape(text)}</title>'
                f'<rect x="{x}" y="{ty}" width="{TILE}" height="{TILE}" fill="{fill}" '
                f'stroke="#999999" stroke-width="1"/>'
                f'<text x="{x + TILE / 2}" y="{ty + TILE / 2 + 4}" text-anchor="middle" '
                f'font-size="11" fill="{ink}">{escape(code)}</text></g>'
            )
        y += math.ceil(len(codes) / COLUMNS) * (TILE + GAP) + GAP
    height = y
    defs = (
        '<defs><pattern id="tile-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#888888" stroke-width="2"/></pattern></defs>'
    )
    direction = ' direction="rtl"' if rtl else ""
    head = (
        f'<svg id="attack-map" class="chart chart-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="attack-map-title" '
        f'font-size="12" fill="#222222"{direction}>'
        f'<title id="attack-map-title">{escape(title)}</title>'
    )
    return head + defs + "".join(parts) + "</svg>"
