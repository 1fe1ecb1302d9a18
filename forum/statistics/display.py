"""Published figures as text in the viewer's language, and the note that goes with them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from forum.statistics.figures import Figure


def adjusted_note() -> str:
    """What every page, chart and CSV file with published counts says about them."""
    return _(
        "To protect the people counted, figures are slightly adjusted and any count "
        "from 1 to 4 is shown as “<5”, so totals may not add up exactly."
    )


@dataclass
class DisplayCell:
    """A figure ready for a template: its text, CSS classes and whether it is hidden."""

    text: str
    css: str = ""
    hidden: bool = False


class Formatter:
    """The "<5" marker and numbers in the viewer's language, looked up once per page."""

    def __init__(self) -> None:
        self.small = _("<5")
        self._numbers: dict[int, str] = {}

    def number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_decimal(value)
        return text

    def text(self, figure: Figure) -> str:
        return figure.label(small=self.small, number=self.number)

    def cell(self, figure: Figure, css: str = "") -> DisplayCell:
        return DisplayCell(text=self.text(figure), css=css, hidden=figure.hidden)
