"""Charts must never show a hidden count, in text, tooltips or geometry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.statistics.charts import (
    HEAT_SUPPRESSED,
    bar_chart,
    grouped_bar_chart,
    heat_class,
    heat_classes,
    line_chart,
    series_style,
)
from forum.statistics.figures import SMALL as PRIMARY
from forum.statistics.figures import Figure
from forum.statistics.tables import PublishedTable

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
RISKS = ["Menaces & <intimidation>", "مراقبة رقمية", 'Criminalisation "judiciaire"']
LABELS = {"suppressed_label": "<5"}


def figure(value: int) -> Figure:
    return PRIMARY if 1 <= value <= 4 else Figure(value)


def suppress_table(grid: list[list[int]]) -> PublishedTable:
    """Figures without adjustment, so that geometry can be checked exactly."""
    cols = len(grid[0])
    return PublishedTable(
        rows=tuple(range(len(grid))),
        cols=tuple(range(cols)),
        cells=tuple(tuple(figure(v) for v in row) for row in grid),
        row_totals=tuple(figure(sum(row)) for row in grid),
        col_totals=tuple(figure(sum(row[j] for row in grid)) for j in range(cols)),
        grand_total=figure(sum(map(sum, grid))),
    )


def line(table, *, rtl: bool = False, **kw) -> str:
    series = dict(zip(RISKS, table.cells, strict=False))
    return line_chart(series, MONTHS, rtl=rtl, title="Tendances", **LABELS, **kw)


def bars(table, *, rtl: bool = False) -> str:
    series = {"worked": table.cells[0][:3], "partly": table.cells[1][:3]}
    return grouped_bar_chart(RISKS, series, rtl=rtl, title="Outcomes", **LABELS)


def parse(svg: str) -> ET.Element:
    # Our own markup, never outside input.
    return ET.fromstring(svg)  # noqa: S314


def texts(root: ET.Element) -> list[str]:
    """Text content without the bidi isolates that wrap each label."""
    return [
        "".join(e.itertext()).replace("\u2068", "").replace("\u2069", "")
        for e in root.iter()
        if e.tag in ("text", "title", "desc")
    ]


TABLE = suppress_table([[0, 3, 7, 12, 30, 2], [9, 9, 1, 0, 6, 8], [5, 6, 7, 8, 9, 10]])


def assert_csp_safe(svg: str) -> None:
    lowered = svg.lower()
    for forbidden in ("style=", "<style", "http", "href", "url(", "<script", "<image", "@import"):
        assert forbidden not in lowered, forbidden
    root = parse(svg)
    assert root.tag == "svg"
    assert root.get("role") == "img"
    title_id = root.get("aria-labelledby").split()[0]
    assert root.find("title").get("id") == title_id


@pytest.mark.parametrize("rtl", [False, True])
def test_charts_are_csp_safe_and_accessible(rtl: bool) -> None:
    assert_csp_safe(line(TABLE, rtl=rtl, desc="Les mêmes chiffres figurent dans le tableau."))
    assert_csp_safe(bars(TABLE, rtl=rtl))
    labels = ["Femmes défenseures", "نقابيون", "=HYPERLINK()"]
    assert_csp_safe(bar_chart(TABLE.cells[2][:3], labels, rtl=rtl, title="Groupes", **LABELS))


def test_labels_are_escaped() -> None:
    svg = line(TABLE, chart_id="evil")
    assert "<intimidation>" not in svg and "&lt;intimidation&gt;" in svg
    assert '"judiciaire"' not in svg
    assert "Menaces & " not in svg
    with pytest.raises(ValueError):
        line(TABLE, chart_id='x" onload="alert(1)')


def no_small_numbers(svg: str) -> None:
    """No text node is, or ends with, a bare count from 1 to 4."""
    for text in texts(parse(svg)):
        assert not re.search(r"(^|[\s:])[1-4]$", text.strip()), text


@pytest.mark.parametrize("rtl", [False, True])
def test_no_count_from_one_to_four_in_any_text(rtl: bool) -> None:
    no_small_numbers(line(TABLE, rtl=rtl))
    no_small_numbers(bars(TABLE, rtl=rtl))


def test_small_points_sit_on_the_same_spot_whatever_their_value() -> None:
    """Tables differing only in a "<5" count give byte-identical charts."""
    charts = set()
    for small in (1, 2, 3, 4):
        table = suppress_table([[0, small, 7, 12, 30, 9], [9, 9, 6, 0, 6, 8]])
        charts.add(line(table) + bars(table))
    assert len(charts) == 1
    root = parse(line(suppress_table([[5, 1, 9, 2, 40, 3]])))
    ys = {e.get("cy") for e in root.iter("circle") if "point-suppressed" in e.get("class", "")}
    assert len(ys) == 1


def band_centre_and_points(svg: str) -> tuple[float, list[float]]:
    root = parse(svg)
    band = next(e for e in root.iter("rect") if e.get("class") == "band-suppressed")
    centre = float(band.get("y")) + float(band.get("height")) / 2
    points = [
        float(e.get("cy")) for e in root.iter("circle") if "point-suppressed" in e.get("class", "")
    ]
    return centre, points


cell = st.one_of(
    st.just(PRIMARY),
    st.sampled_from([0, 5, 6, 17, 250]).map(Figure),
)


@settings(max_examples=30, deadline=None)
@given(values=st.lists(cell, min_size=6, max_size=6), rtl=st.booleans())
def test_random_series_never_plot_hidden_values(values: list[Figure], rtl: bool) -> None:
    svg = line_chart({"a": values}, MONTHS, rtl=rtl, title="t", **LABELS)
    assert_csp_safe(svg)
    no_small_numbers(svg)
    if PRIMARY in values:
        centre, points = band_centre_and_points(svg)
        assert points and all(abs(y - centre) < 0.05 for y in points)
    # A marker for every "<5" and every non-zero count; none for a zero, which the line
    # draws on the axis.
    marked = sum(1 for v in values if v == PRIMARY or (v.is_shown and v.value))
    shown_markers = [
        e
        for e in parse(svg).iter("circle")
        if e.get("class") in ("point", "point point-suppressed")
    ]
    assert len(shown_markers) == marked


def x_label_positions(svg: str) -> list[float]:
    return [float(e.get("x")) for e in parse(svg).iter("text") if e.get("class") == "x-label"]


def test_rtl_mirrors_the_time_axis() -> None:
    ltr, rtl = line(TABLE), line(TABLE, rtl=True)
    xs_ltr, xs_rtl = x_label_positions(ltr), x_label_positions(rtl)
    assert xs_ltr == sorted(xs_ltr) and xs_rtl == sorted(xs_rtl, reverse=True)
    assert xs_rtl[0] > xs_rtl[-1]
    width = float(parse(ltr).get("width"))
    assert [round(width - x, 1) for x in xs_ltr] == [round(x, 1) for x in xs_rtl]
    root = parse(rtl)
    assert all(e.get("direction") == "rtl" for e in root.iter("text"))
    assert not any(e.get("direction") for e in parse(ltr).iter("text"))
    # Value labels move to the other side; with direction="rtl" the same anchor
    # keyword ("end") names the opposite physical edge, so the text still hugs the axis.
    ticks_ltr = [e for e in parse(ltr).find("g[@class='axis axis-y']").iter("text")]
    ticks_rtl = [e for e in root.find("g[@class='axis axis-y']").iter("text")]
    assert all(float(e.get("x")) < min(xs_ltr) for e in ticks_ltr)
    assert all(float(e.get("x")) > max(xs_rtl) for e in ticks_rtl)
    assert {e.get("text-anchor") for e in ticks_ltr} == {"end"}  # right edge at x
    assert {e.get("text-anchor") for e in ticks_rtl} == {"end"}  # left edge at x in RTL
    legend_ltr = [e for e in parse(ltr).find("g[@class='legend']").iter("text")]
    legend_rtl = [e for e in root.find("g[@class='legend']").iter("text")]
    assert float(legend_ltr[0].get("x")) < float(legend_ltr[1].get("x"))
    assert float(legend_rtl[0].get("x")) > float(legend_rtl[1].get("x"))


def test_rtl_bars_grow_leftwards() -> None:
    def bar_edges(svg: str) -> list[tuple[float, float]]:
        return [
            (float(e.get("x")), float(e.get("x")) + float(e.get("width")))
            for e in parse(svg).iter("rect")
            if e.get("class") == "bar" and float(e.get("width")) > 0
        ]

    ltr, rtl = bar_edges(bars(TABLE)), bar_edges(bars(TABLE, rtl=True))
    assert len({left for left, _ in ltr}) == 1  # all start at the same baseline
    assert len({right for _, right in rtl}) == 1
    assert rtl[0][1] > ltr[0][0]


def test_small_bars_are_the_whole_band() -> None:
    values = [PRIMARY, Figure(20)]
    root = parse(bar_chart(values, ["a", "c"], rtl=False, title="t", **LABELS))
    small = [e for e in root.iter("rect") if "bar-suppressed" in e.get("class", "")]
    full = [e for e in root.iter("rect") if e.get("class") == "bar"]
    assert len(small) == 1 and len(full) == 1
    # 20 is the axis top here, so the 0-5 band is a quarter of the full bar.
    assert float(small[0].get("width")) * 4 == pytest.approx(float(full[0].get("width")), abs=0.5)
    assert "<5" in texts(root)


def test_labels_are_bidi_isolated() -> None:
    svg = bar_chart([PRIMARY], ["LGBTIQ+"], rtl=True, title="t", **LABELS)
    assert "\u2068LGBTIQ+\u2069" in svg


def test_series_differ_without_colour() -> None:
    styles = [series_style(i) for i in range(10)]
    assert len({(dash, marker) for _, dash, marker in styles}) == 10


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        line_chart({"a": [PRIMARY]}, MONTHS, rtl=False, title="t", **LABELS)
    with pytest.raises(ValueError):
        grouped_bar_chart(["a"], {"x": []}, rtl=False, title="t", **LABELS)


def test_heat_classes_hide_magnitude_of_hidden_cells() -> None:
    assert heat_class(PRIMARY, 100) == HEAT_SUPPRESSED
    assert heat_class(Figure(0), 100) == "heat-0"
    assert heat_class(Figure(5), 100) == "heat-1"
    assert heat_class(Figure(100), 100) == "heat-5"
    table = suppress_table([[0, 3, 50], [5, 100, 2]])
    assert heat_classes(table) == [
        ["heat-0", HEAT_SUPPRESSED, "heat-3"],
        ["heat-1", "heat-5", HEAT_SUPPRESSED],
    ]
    # The scale comes from shown cells only: a hidden cell cannot move it.
    assert heat_classes(suppress_table([[0, 4, 50], [5, 100, 1]])) == heat_classes(table)
