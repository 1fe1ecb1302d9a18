"""Server-drawn SVG charts and heat-table classes for suppressed counts.

Every function returns markup that is safe to inline under the page's CSP:
no ``style`` attributes or elements, no links, fonts or images, every label
escaped. Charts take published figures only (`Figure`): a hidden count has no
value, so neither text, tooltips nor coordinates can encode it: a "<5" point or
bar is drawn at the same place whatever the true count, and every other point is
the published (adjusted) figure the table beside the chart shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from markupsafe import escape

from forum.statistics.figures import Figure
from forum.statistics.ptable import SMALL_MAX
from forum.statistics.tables import PublishedTable

#: Okabe-Ito colours minus yellow (too light on white); safe for colour-blind readers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
#: Dash patterns and markers combine so that up to 20 series differ without colour.
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
BAND_FILL = "#BBBBBB"
TEXT_FILL = "#222222"
GRID_STROKE = "#DDDDDD"
CHAR_WIDTH = 7.0  # rough average advance at font-size 12, for layout only

Number = Callable[[int], str]
Side = Literal["left", "right", "middle"]


# --- small SVG helpers ----------------------------------------------------------------


def _f(x: float) -> str:
    """Compact coordinate: one decimal, no trailing zeros."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(**attrs: object) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value == "":
            continue
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def isolate(text: str) -> str:
    """Bidi-isolate a label so "LGBTIQ+" keeps its "+" in an Arabic chart and vice versa."""
    return f"\u2068{text}\u2069"


def _el(tag: str, **attrs: object) -> str:
    return f"<{tag} {_attrs(**attrs)}/>"


def _text(x: float, y: float, text: str, side: Side, *, rtl: bool, **attrs: object) -> str:
    """Text whose `side` edge sits at x; anchors flip with the writing direction."""
    if side == "middle":
        anchor = "middle"
    else:
        anchor = "start" if (side == "left") != rtl else "end"
    direction = "rtl" if rtl else None
    attributes = _attrs(x=_f(x), y=_f(y), text_anchor=anchor, direction=direction, **attrs)
    return f"<text {attributes}>{escape(isolate(text))}</text>"


def _chart_id(chart_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,63}", chart_id):
        raise ValueError("chart_id must be a short HTML id (letters, digits, - and _)")
    return chart_id


def _open_svg(
    chart_id: str, width: float, height: float, title: str, desc: str | None, kind: str, rtl: bool
) -> list[str]:
    cid = _chart_id(chart_id)
    labelled = f"{cid}-title {cid}-desc" if desc else f"{cid}-title"
    root = _attrs(
        id=cid,
        class_=f"chart chart-{kind}",
        viewBox=f"0 0 {_f(width)} {_f(height)}",
        width=_f(width),
        height=_f(height),
        role="img",
        aria_labelledby=labelled,
        font_size=12,
        fill=TEXT_FILL,
        direction="rtl" if rtl else None,
    )
    out = [f"<svg {root}>", f'<title id="{cid}-title">{escape(title)}</title>']
    if desc:
        out.append(f'<desc id="{cid}-desc">{escape(desc)}</desc>')
    return out


def _nice_max(largest: int, max_ticks: int = 5) -> tuple[int, int]:
    """Axis top and step; steps are multiples of 5 so "<5" aligns with the first tick."""
    largest = max(largest, SMALL_MAX + 1)
    scale = 1
    while True:
        for mantissa in (5, 10, 20, 25, 50):
            step = mantissa * scale
            if math.ceil(largest / step) <= max_ticks:
                return step * math.ceil(largest / step), step
        scale *= 10


def _marker(shape: str, x: float, y: float, colour: str, *, hollow: bool, cls: str) -> str:
    fill = "#FFFFFF" if hollow else colour
    common = {"fill": fill, "stroke": colour, "stroke_width": 1.5, "class_": cls}
    r = 4.0
    if shape == "circle":
        return _el("circle", cx=_f(x), cy=_f(y), r=_f(r), **common)
    if shape == "square":
        return _el("rect", x=_f(x - r), y=_f(y - r), width=_f(2 * r), height=_f(2 * r), **common)
    if shape == "triangle":
        pts = f"{_f(x)},{_f(y - r - 1)} {_f(x + r + 1)},{_f(y + r)} {_f(x - r - 1)},{_f(y + r)}"
        return _el("polygon", points=pts, **common)
    if shape == "diamond":
        d = r + 1
        pts = f"{_f(x)},{_f(y - d)} {_f(x + d)},{_f(y)} {_f(x)},{_f(y + d)} {_f(x - d)},{_f(y)}"
        return _el("polygon", points=pts, **common)
    path = (
        f"M{_f(x - r)},{_f(y - r)}L{_f(x + r)},{_f(y + r)}"
        f"M{_f(x - r)},{_f(y + r)}L{_f(x + r)},{_f(y - r)}"
    )
    return _el("path", d=path, fill="none", stroke=colour, stroke_width=2, class_=cls)


def series_style(index: int) -> tuple[str, str, str]:
    """Colour, dash pattern and marker of the index-th series (also for HTML legends)."""
    return PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]


def _point_title(series: str, x_label: str, cell: Figure, small: str, number: Number) -> str:
    value = cell.label(small=small, number=number)
    return f"<title>{escape(series)} · {escape(x_label)}: {escape(value)}</title>"


def _legend(
    items: Sequence[tuple[str, str]],
    left: float,
    right: float,
    top: float,
    *,
    rtl: bool,
    band_label: str | None,
) -> tuple[list[str], float]:
    """Legend rows below the plot; items are (label, swatch markup at 0,0)."""
    out: list[str] = ['<g class="legend">']
    x, y = 0.0, top
    entries = list(items)
    if band_label:
        swatch = _el(
            "rect",
            x=0,
            y=-5,
            width=24,
            height=10,
            fill=BAND_FILL,
            fill_opacity=0.35,
            class_="band-suppressed",
        )
        entries.append((band_label, swatch))
    for label, swatch in entries:
        item_width = 24 + 6 + CHAR_WIDTH * len(label) + 18
        if x > 0 and x + item_width > right - left:
            x, y = 0.0, y + 20
        anchor_x = left + x if not rtl else right - x - 24
        out.append(f'<g transform="translate({_f(anchor_x)},{_f(y)})">{swatch}</g>')
        text_x = anchor_x + 30 if not rtl else anchor_x - 6
        out.append(_text(text_x, y + 4, label, "left" if not rtl else "right", rtl=rtl))
        x += item_width
    out.append("</g>")
    return out, y + 20


# --- line chart -----------------------------------------------------------------------


def line_chart(
    series: Mapping[str, Sequence[Figure]],
    x_labels: Sequence[str],
    *,
    rtl: bool,
    title: str,
    suppressed_label: str,
    chart_id: str = "trend",
    desc: str | None = None,
    width: int = 720,
    height: int = 300,
    label_every: int | None = None,
    number: Number = str,
) -> str:
    """Trend lines (e.g. months x risk types) with "<5" points on a fixed band.

    Lines break at hidden points rather than guess a value. A "<5" point is a
    hollow marker in the middle of a shaded 0-5 band, identical for 1, 2, 3
    and 4. With `rtl` the time axis runs from right to left.
    """
    n = len(x_labels)
    if n == 0 or any(len(values) != n for values in series.values()):
        raise ValueError("every series needs one value per x label")
    shown = [c.value for values in series.values() for c in values if c.is_shown]
    y_top, y_step = _nice_max(max((v for v in shown if v is not None), default=0))
    pad_start, pad_end = 52.0, 16.0
    left, right = (pad_start, width - pad_end) if not rtl else (pad_end, width - pad_start)
    top, bottom = 12.0, height - 40.0

    def x_at(i: int) -> float:
        span = right - left
        offset = span / 2 if n == 1 else span * i / (n - 1)
        return right - offset if rtl else left + offset

    def y_at(v: float) -> float:
        return bottom - (bottom - top) * v / y_top

    every = label_every or max(1, math.ceil(n / 12))
    legend_items: list[tuple[str, str]] = []
    body: list[str] = []
    band_y = y_at(SMALL_MAX + 1)
    has_band = any(c.hidden for values in series.values() for c in values)
    if has_band:
        body.append(
            _el(
                "rect",
                x=_f(left),
                y=_f(band_y),
                width=_f(right - left),
                height=_f(bottom - band_y),
                fill=BAND_FILL,
                fill_opacity=0.35,
                class_="band-suppressed",
            )
        )
    body.append('<g class="axis axis-y">')
    for tick in range(0, y_top + 1, y_step):
        y = y_at(tick)
        body.append(_el("line", x1=_f(left), x2=_f(right), y1=_f(y), y2=_f(y), stroke=GRID_STROKE))
        label_x = left - 6 if not rtl else right + 6
        body.append(_text(label_x, y + 4, number(tick), "right" if not rtl else "left", rtl=rtl))
    body.append("</g>")
    body.append('<g class="axis axis-x">')
    body.append(
        _el("line", x1=_f(left), x2=_f(right), y1=_f(bottom), y2=_f(bottom), stroke=TEXT_FILL)
    )
    for i, label in enumerate(x_labels):
        if i % every == 0:
            body.append(_text(x_at(i), bottom + 16, label, "middle", rtl=rtl, class_="x-label"))
    body.append("</g>")
    band_centre = y_at((SMALL_MAX + 1) / 2)
    for index, (name, values) in enumerate(series.items()):
        colour, dash, shape = series_style(index)
        body.append(f'<g class="series series-{index}">')
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, cell in enumerate(values):
            if cell.is_shown:
                segment.append(f"{_f(x_at(i))},{_f(y_at(cell.value or 0))}")
            elif segment:
                segments.append(segment)
                segment = []
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    _el(
                        "polyline",
                        points=" ".join(points),
                        fill="none",
                        stroke=colour,
                        stroke_width=2,
                        stroke_dasharray=dash or None,
                        class_="line",
                    )
                )
        for i, cell in enumerate(values):
            # A zero is drawn by the line on the axis; a marker and tooltip for each would
            # double the page's weight (the table beside the chart holds every number).
            if cell.is_shown and not cell.value:
                continue
            primary = cell.hidden
            y = band_centre if primary else y_at(cell.value or 0)
            cls = "point point-suppressed" if primary else "point"
            body.append(
                f"<g>{_point_title(name, x_labels[i], cell, suppressed_label, number)}"
                f"{_marker(shape, x_at(i), y, colour, hollow=primary, cls=cls)}</g>"
            )
        body.append("</g>")
        swatch = _el(
            "line",
            x1=0,
            x2=24,
            y1=0,
            y2=0,
            stroke=colour,
            stroke_width=2,
            stroke_dasharray=dash or None,
        ) + _marker(shape, 12, 0, colour, hollow=False, cls="legend-marker")
        legend_items.append((name, swatch))
    legend, legend_bottom = _legend(
        legend_items,
        left,
        right,
        bottom + 36,
        rtl=rtl,
        band_label=suppressed_label if has_band else None,
    )
    total_height = max(height, legend_bottom)
    out = _open_svg(chart_id, width, total_height, title, desc, "line", rtl)
    return "".join([*out, *body, *legend, "</svg>"])


# --- bar charts -----------------------------------------------------------------------


def grouped_bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[Figure]],
    *,
    rtl: bool,
    title: str,
    suppressed_label: str,
    chart_id: str = "bars",
    desc: str | None = None,
    width: int = 720,
    number: Number = str,
) -> str:
    """Horizontal bars, one group per category and one bar per series.

    Grouped rather than stacked on purpose: in a stack a hidden segment would
    shift every segment after it, so its length could be read off. A "<5" bar
    is a dashed outline of the whole 0-5 range, the same for 1 to 4.
    """
    n_series = len(series)
    if n_series == 0 or any(len(v) != len(categories) for v in series.values()):
        raise ValueError("every series needs one value per category")
    shown = [c.value for values in series.values() for c in values if c.is_shown]
    x_top, x_step = _nice_max(max((v for v in shown if v is not None), default=0))
    longest = max((len(c) for c in categories), default=0)
    label_width = min(width * 0.4, CHAR_WIDTH * longest + 12)
    bar_h, bar_gap, group_gap = 14.0, 3.0, 12.0
    group_h = n_series * bar_h + (n_series - 1) * bar_gap
    top = 12.0
    bottom = top + len(categories) * (group_h + group_gap)
    left, right = (label_width, width - 48.0) if not rtl else (48.0, width - label_width)

    def x_len(v: float) -> float:
        return (right - left) * v / x_top

    def base_x() -> float:
        return right if rtl else left

    body: list[str] = ['<g class="axis axis-x">']
    for tick in range(0, x_top + 1, x_step):
        x = right - x_len(tick) if rtl else left + x_len(tick)
        body.append(_el("line", x1=_f(x), x2=_f(x), y1=_f(top), y2=_f(bottom), stroke=GRID_STROKE))
        body.append(_text(x, bottom + 16, number(tick), "middle", rtl=rtl))
    body.append("</g>")
    names = list(series)
    for gi, category in enumerate(categories):
        gy = top + gi * (group_h + group_gap)
        label_x = left - 6 if not rtl else right + 6
        body.append(
            _text(
                label_x,
                gy + group_h / 2 + 4,
                category,
                "right" if not rtl else "left",
                rtl=rtl,
                class_="category",
            )
        )
        for si, name in enumerate(names):
            cell = series[name][gi]
            colour = PALETTE[si % len(PALETTE)] if n_series > 1 else PALETTE[0]
            y = gy + si * (bar_h + bar_gap)
            text = cell.label(small=suppressed_label, number=number)
            if name:
                tooltip = _point_title(name, category, cell, suppressed_label, number)
            else:
                tooltip = f"<title>{escape(category)}: {escape(text)}</title>"
            if cell.hidden:
                length = x_len(SMALL_MAX + 1)
                rx = base_x() - length if rtl else base_x()
                rect = _el(
                    "rect",
                    x=_f(rx),
                    y=_f(y),
                    width=_f(length),
                    height=_f(bar_h),
                    fill=colour,
                    fill_opacity=0.15,
                    stroke=colour,
                    stroke_dasharray="3 2",
                    class_="bar bar-suppressed",
                )
            else:
                length = x_len(cell.value or 0)
                rx = base_x() - length if rtl else base_x()
                rect = _el(
                    "rect",
                    x=_f(rx),
                    y=_f(y),
                    width=_f(length),
                    height=_f(bar_h),
                    fill=colour,
                    class_="bar",
                )
            value_x = base_x() - length - 4 if rtl else base_x() + length + 4
            side: Side = "right" if rtl else "left"
            value = _text(value_x, y + bar_h - 3, text, side, rtl=rtl, class_="value")
            body.append(f"<g>{tooltip}{rect}{value}</g>")
    height = bottom + 28
    legend: list[str] = []
    if n_series > 1 or names[0]:
        items = [
            (
                name,
                _el("rect", x=0, y=-5, width=24, height=10, fill=PALETTE[i % len(PALETTE)]),
            )
            for i, name in enumerate(names)
        ]
        legend, height = _legend(items, left, right, bottom + 36, rtl=rtl, band_label=None)
    out = _open_svg(chart_id, width, height, title, desc, "bars", rtl)
    return "".join([*out, *body, *legend, "</svg>"])


def bar_chart(
    values: Sequence[Figure],
    labels: Sequence[str],
    *,
    rtl: bool,
    title: str,
    suppressed_label: str,
    chart_id: str = "bars",
    desc: str | None = None,
    width: int = 720,
    number: Number = str,
) -> str:
    """One bar per label (e.g. defender groups); see `grouped_bar_chart`."""
    return grouped_bar_chart(
        labels,
        {"": values},
        rtl=rtl,
        title=title,
        suppressed_label=suppressed_label,
        chart_id=chart_id,
        desc=desc,
        width=width,
        number=number,
    )


# --- heat table -----------------------------------------------------------------------

HEAT_LEVELS = 5
HEAT_SUPPRESSED = "heat-suppressed"


def heat_scale(table: PublishedTable) -> int:
    """Largest shown cell: the top of the colour scale (hidden cells never count)."""
    return max((c.value or 0 for row in table.cells for c in row if c.is_shown), default=0)


def heat_class(cell: Figure, scale_max: int, *, levels: int = HEAT_LEVELS) -> str:
    """CSS class `heat-0`..`heat-<levels>` for a shown count; one class for any hidden one."""
    if not cell.is_shown:
        return HEAT_SUPPRESSED
    if not cell.value or scale_max <= 0:
        return "heat-0"
    return f"heat-{min(levels, max(1, math.ceil(levels * cell.value / scale_max)))}"


def heat_classes(table: PublishedTable, *, levels: int = HEAT_LEVELS) -> list[list[str]]:
    """Classes for every cell of a table (totals are left to the template)."""
    top = heat_scale(table)
    return [[heat_class(c, top, levels=levels) for c in row] for row in table.cells]
