"""The printable agenda: data in, PDF bytes out.

The caller decides everything that depends on who reads it (language, whether the venue
may be printed) and passes finished strings: this module cannot leak what it is not
given. Rendering goes through :func:`html_to_pdf`, so only our fonts and static files can
be loaded, and the template escapes every user-written string.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from forum.events.display import AgendaDay
from forum.events.exports.pdf import TEMPLATES_DIR, html_to_pdf, template_env


@dataclass(frozen=True)
class AgendaDocument:
    """What one printed agenda shows, every string already in the reader's language."""

    title: str
    title_locale: str | None
    title_direction: str
    lang: str
    direction: str
    dates: str
    zone: str
    place: str
    days: Sequence[AgendaDay]
    labels: Mapping[str, str]
    cancelled: bool = False
    venue_name: str | None = None
    venue_address: str | None = None
    online_url: str | None = None
    confidential_note: str | None = None
    fallback_note: str | None = None


@lru_cache(maxsize=1)
def agenda_css() -> str:
    return (TEMPLATES_DIR / "agenda.css").read_text(encoding="utf-8")


def agenda_html(doc: AgendaDocument) -> str:
    return template_env().get_template("agenda.html").render(doc=doc)


def agenda_to_pdf(doc: AgendaDocument) -> bytes:
    """Render the agenda as an A4 PDF (fonts subsetted: the file stays small)."""
    return html_to_pdf(agenda_html(doc), agenda_css())
