"""Translated names of the badge sheet layouts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LAYOUT_LABELS = {
    "a4-8": _l("A4, 8 badges a sheet, with cut marks"),
    "a6": _l("A6, one badge a page (badge printers, pre-cut cards)"),
    "letter-6": _l("US Letter, 6 badges a sheet, with cut marks"),
}
