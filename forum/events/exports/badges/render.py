"""Turning badges into PDF pieces: HTML for WeasyPrint, QR codes, cut marks.

A badge sheet is drawn in three layers, so each part of it is computed where it
is cheapest (measured with ``bench/bench_badges.py``):

* the *underlay*: what every badge repeats (event title, dates, cut marks),
  laid out once per export and drawn beneath every sheet;
* the *people* pages: what differs per badge (name, pronouns, organisation,
  country, role), laid out by WeasyPrint in worker processes;
* the *QR overlay*: each token's QR code as filled rectangles written straight
  into the page's content stream: vector-sharp, and about 0.2 ms a badge to
  draw, where WeasyPrint spends about 6 ms parsing and drawing an inline SVG,
  or 1.5 ms on a PNG (the QR code itself comes from :mod:`.qr`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import segno
from markupsafe import Markup

from forum.events.exports.badges.layouts import (
    MM,
    Badge,
    BadgeEvent,
    Direction,
    Layout,
    code_words,
    get_layout,
)
from forum.events.exports.badges.qr import qr_rows
from forum.events.exports.pdf import (
    FONT_STACK,
    GENERATED_SCHEME,
    PdfRenderer,
    html_to_pdf,
    template_env,
)

Part = Literal["full", "people", "underlay"]
CUT_MARKS_URL = f"{GENERATED_SCHEME}:cut-marks.svg"
TEXT_FIELDS = ("name", "pronouns", "organisation", "country", "role")


def text_direction(text: str, default: Direction = "ltr") -> Direction:
    """Direction of the first strong character, like HTML's ``dir="auto"``.

    WeasyPrint ignores ``dir="auto"``, so we decide per field: an Arabic name on
    an English badge must still read right to left.
    """
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            return "ltr"
        if bidi in ("R", "AL"):
            return "rtl"
    return default


def name_size(name: str) -> str:
    """A size class by length, so long names shrink rather than spill off the badge."""
    for limit, css_class in ((14, "n1"), (22, "n2"), (32, "n3")):
        if len(name) <= limit:
            return css_class
    return "n4"


_DARK_RUN = re.compile("1+")


def qr_drawing(token: str, left: float, bottom: float, size: float) -> bytes:
    """PDF operators filling the dark modules of the token's QR code (points, y up).

    Each run of dark modules in a row is one rectangle, all filled at once.
    """
    rows = qr_rows(token)
    unit = size / len(rows)
    parts = [b"q 0 g"]
    for number, row in enumerate(rows):
        y = bottom + size - (number + 1) * unit
        for run in _DARK_RUN.finditer(row):
            start, width = run.start() * unit, (run.end() - run.start()) * unit
            parts.append(b"%.3f %.3f %.3f %.3f re" % (left + start, y, width, unit))
    parts.append(b"f Q\n")
    return b"\n".join(parts)


def qr_overlays(event: BadgeEvent, badges: Sequence[Badge], layout: Layout) -> list[bytes]:
    """One compressed content stream per sheet, drawing its badges' QR codes."""
    rtl = event.direction == "rtl"
    page_height = layout.page_height * MM
    size = layout.qr_size * MM
    sheets = []
    for start in range(0, len(badges), layout.per_sheet):
        drawings = []
        for position, badge in enumerate(badges[start : start + layout.per_sheet]):
            left, top = layout.qr_origin(position, rtl)
            drawings.append(qr_drawing(badge.token, left * MM, page_height - top * MM - size, size))
        sheets.append(zlib.compress(b"".join(drawings)))
    return sheets


def cut_marks_svg(layout: Layout) -> bytes:
    """Short lines in the page margins where the guillotine cuts between badges."""
    mx, my = layout.margin_x, layout.margin_y
    width, height = layout.page_width, layout.page_height
    gap = 1.5  # keep marks off the badge edge, so a slightly-off cut shows no line
    lines = []
    for i in range(layout.columns + 1):
        x = mx + i * layout.badge_width
        for y1, y2 in (
            (max(my - 8, 1.0), my - gap),
            (height - my + gap, min(height - my + 8, height - 1.0)),
        ):
            lines.append(f'<line x1="{x:.2f}" y1="{y1:.2f}" x2="{x:.2f}" y2="{y2:.2f}"/>')
    for i in range(layout.rows + 1):
        y = my + i * layout.badge_height
        for x1, x2 in (
            (max(mx - 8, 1.0), mx - gap),
            (width - mx + gap, min(width - mx + 8, width - 1.0)),
        ):
            lines.append(f'<line x1="{x1:.2f}" y1="{y:.2f}" x2="{x2:.2f}" y2="{y:.2f}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}"><g stroke="#000" stroke-width="0.25">'
        + "".join(lines)
        + "</g></svg>"
    ).encode()


def badge_css(layout: Layout) -> str:
    """The print stylesheet for one layout (a template: the sizes come from the layout)."""
    font_stack = Markup(FONT_STACK)  # noqa: S704 - our constant; quotes stay quotes  # nosec B704
    return template_env().get_template("badges.css").render(layout=layout, font_stack=font_stack)


@dataclass(frozen=True, slots=True)
class _Slot:
    css_class: str
    badge: Badge | None = None
    name_size: str = ""
    dirs: dict[str, Direction] | None = None
    qr_svg: Markup | None = None
    code: str = ""


def _slot(position: int, layout: Layout, badge: Badge | None, event: BadgeEvent) -> _Slot:
    css_class = f"c{position % layout.columns} r{position // layout.columns}"
    if badge is None:
        return _Slot(css_class)
    return _Slot(
        css_class,
        badge,
        name_size(badge.name),
        {
            field: text_direction(getattr(badge, field) or "", event.direction)
            for field in TEXT_FIELDS
        },
        code=code_words(badge.token),
    )


def badges_html(
    event: BadgeEvent,
    badges: Sequence[Badge],
    layout: Layout,
    *,
    part: Part = "full",
    slots: int = 0,
) -> tuple[str, dict[str, bytes]]:
    """Build the HTML for whole sheets and the in-memory resources it refers to.

    ``part`` is ``"people"`` (what differs per badge, no QR code: that is the
    overlay), ``"underlay"`` (one sheet of what every badge repeats, for the first
    ``slots`` positions) or ``"full"`` (everything, QR codes as inline SVG: the
    obvious way, kept as the benchmark's baseline).
    """
    generated: dict[str, bytes] = {}
    with_marks = layout.cut_marks and part != "people"
    if with_marks:
        generated[CUT_MARKS_URL] = cut_marks_svg(layout)
    sheets: list[list[_Slot]] = []
    if part == "underlay":
        sheets.append([_slot(position, layout, None, event) for position in range(slots)])
    else:
        for number, badge in enumerate(badges):
            if number % layout.per_sheet == 0:
                sheets.append([])
            slot = _slot(number % layout.per_sheet, layout, badge, event)
            if part == "full":  # the obvious way: segno's SVG, parsed by WeasyPrint
                svg = segno.make_qr(badge.token, error="m").svg_inline(scale=1, border=0)
                slot = _Slot(
                    slot.css_class,
                    badge,
                    slot.name_size,
                    slot.dirs,
                    Markup(svg),  # noqa: S704 - segno path data, no user text  # nosec B704
                    slot.code,
                )
            sheets[-1].append(slot)
    html = (
        template_env()
        .get_template("badges.html")
        .render(
            event=event,
            sheets=sheets,
            with_header=part != "people",
            cut_marks_url=CUT_MARKS_URL if with_marks else None,
        )
    )
    return html, generated


_local = threading.local()


def _renderer(layout_name: str) -> PdfRenderer:
    """One renderer per layout per thread: fonts and CSS are parsed once, not per chunk."""
    cache: dict[str, PdfRenderer] = _local.__dict__.setdefault("renderers", {})
    if layout_name not in cache:
        cache[layout_name] = PdfRenderer(badge_css(get_layout(layout_name)))
    return cache[layout_name]


def render_people(
    event: BadgeEvent, badges: Sequence[Badge], layout_name: str
) -> tuple[bytes, list[bytes]]:
    """The people pages of whole sheets and their QR overlays (a worker's unit of work)."""
    layout = get_layout(layout_name)
    overlays = qr_overlays(event, badges, layout)
    html, generated = badges_html(event, badges, layout, part="people")
    return _renderer(layout_name).render(html, generated), overlays


def render_underlay(event: BadgeEvent, layout_name: str, slots: int) -> bytes:
    """One sheet of what every badge repeats, for the first ``slots`` positions."""
    layout = get_layout(layout_name)
    html, generated = badges_html(event, (), layout, part="underlay", slots=slots)
    return _renderer(layout_name).render(html, generated)


def render_naive(event: BadgeEvent, badges: Sequence[Badge], layout_name: str) -> bytes:
    """One document, inline SVG QR codes, one ``write_pdf``: the benchmark's baseline."""
    layout = get_layout(layout_name)
    html, generated = badges_html(event, badges, layout, part="full")
    return html_to_pdf(html, badge_css(layout), generated.items())
