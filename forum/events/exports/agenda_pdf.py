"""The printable agenda: data in, PDF bytes out.

The caller decides everything that depends on who reads it (language, whether the venue
may be printed) and passes finished strings: this module cannot leak what it is not
given. Rendering goes through :func:`html_to_pdf`, so only our fonts and static files can
be loaded, and the template escapes every user-written string.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from forum.events.display import AgendaDay
from forum.events.exports.pdf import TEMPLATES_DIR, PdfRenderer, template_env

#: Rendered agendas kept per process, by the hash of their HTML. A long agenda takes
#: WeasyPrint seconds, and almost every reader of one language gets the same copy.
CACHED_AGENDAS = 32


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


class _RenderedAgendas:
    """A small LRU of PDFs keyed by the SHA-256 of the HTML they were rendered from.

    Keyed by content, it can never serve a stale or another viewer's copy: any change
    to the agenda, the language or what the viewer may see changes the HTML, hence the
    key. Copies with a confidential venue are kept only in this process's memory.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            pdf = self._pdfs.get(key)
            if pdf is not None:
                self._pdfs.move_to_end(key)
            return pdf

    def put(self, key: str, pdf: bytes) -> None:
        with self._lock:
            self._pdfs[key] = pdf
            while len(self._pdfs) > self._size:
                self._pdfs.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pdfs.clear()


rendered_agendas = _RenderedAgendas(CACHED_AGENDAS)
_local = threading.local()


def _renderer() -> PdfRenderer:
    """One renderer per thread: fonts and stylesheet are parsed once, not per agenda."""
    renderer = getattr(_local, "renderer", None)
    if renderer is None:
        renderer = _local.renderer = PdfRenderer(agenda_css(), full_fonts=False)
    return renderer


def agenda_to_pdf(doc: AgendaDocument) -> bytes:
    """Render the agenda as an A4 PDF (fonts subsetted: the file stays small)."""
    html = agenda_html(doc)
    key = hashlib.sha256(html.encode()).hexdigest()
    pdf = rendered_agendas.get(key)
    if pdf is None:
        pdf = _renderer().render(html)
        rendered_agendas.put(key, pdf)
    return pdf
