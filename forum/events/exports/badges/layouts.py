"""What a badge export is made of: the caller's data and the sheet geometry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["ltr", "rtl"]

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True, slots=True)
class BadgeEvent:
    """Event header printed on every badge; strings arrive already localised."""

    title: str
    dates: str
    direction: Direction = "ltr"
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class Badge:
    """One person's badge, already filtered by what they allowed to show.

    ``token`` is the opaque check-in token: the QR code encodes it and nothing else, and
    it is printed under the QR code in groups of four for a desk that types it.
    """

    name: str
    pronouns: str | None
    organisation: str | None
    country: str | None
    role: str
    token: str


def code_words(token: str, size: int = 4) -> str:
    """The check-in code as the desk types it: groups of four characters.

    Printed under the QR code for a desk without a camera or a scanner. The desk drops
    the spaces (`forum.events.checkin.services.normalise_token`), so a person types the
    groups as printed.
    """
    return " ".join(token[i : i + size] for i in range(0, len(token), size))


@dataclass(frozen=True, slots=True)
class Layout:
    """Sheet geometry in millimetres; badges sit edge to edge in a centred grid.

    ``scale`` sizes type and spacing; the QR code is a ``qr_size`` square, ``pad``
    in from the badge's top and outer edge (right, or left for right-to-left).
    """

    page_width: float
    page_height: float
    columns: int
    rows: int
    badge_width: float
    badge_height: float
    cut_marks: bool
    scale: float
    qr_size: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        return (self.page_width - self.columns * self.badge_width) / 2

    @property
    def margin_y(self) -> float:
        return (self.page_height - self.rows * self.badge_height) / 2

    @property
    def pad(self) -> float:
        return 4 * self.scale

    def slot_origin(self, position: int, rtl: bool = False) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of a badge; RTL fills from the right."""
        column, row = position % self.columns, position // self.columns
        if rtl:
            column = self.columns - 1 - column
        return (self.margin_x + column * self.badge_width, self.margin_y + row * self.badge_height)

    def qr_origin(self, position: int, rtl: bool = False) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of a badge's QR code."""
        left, top = self.slot_origin(position, rtl)
        if not rtl:
            left += self.badge_width - self.pad - self.qr_size
        else:
            left += self.pad
        return left, top + self.pad


LAYOUTS: dict[str, Layout] = {
    # 95 x 68 mm badges, 2 x 4 on A4, cut marks in the margins.
    "a4-8": Layout(210, 297, 2, 4, 95, 68, cut_marks=True, scale=1.0, qr_size=16),
    # One A6 badge per page, for badge printers and pre-cut stock.
    "a6": Layout(105, 148, 1, 1, 105, 148, cut_marks=False, scale=1.3, qr_size=34),
    # 4 x 3 in badges (common pre-perforated stock), 2 x 3 on US Letter.
    "letter-6": Layout(215.9, 279.4, 2, 3, 101.6, 76.2, cut_marks=True, scale=1.07, qr_size=17),
}


def get_layout(name: str) -> Layout:
    """Look a layout up by name; an unknown name is a caller bug, not a silent default."""
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown badge layout {name!r}; use one of {sorted(LAYOUTS)}") from None
