"""Reading PDFs the way a person (or a printer) would see them."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def squash(text: str) -> str:
    """Text without whitespace: line breaks in extracted text vary with pypdf versions."""
    return "".join(text.split())


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Text of each page, as a person searching in a PDF viewer would match it.

    NFKC folds Arabic presentation forms (initial, medial, final glyph shapes) to
    letters, as viewers do for search: with whole fonts embedded (no HarfBuzz
    subsetting), extracted Arabic comes back in those forms.
    """
    return [
        unicodedata.normalize("NFKC", page.extract_text())
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def pdf_font_names(pdf: bytes) -> set[str]:
    """Base font names used anywhere in the document (pages and form XObjects)."""
    names: set[str] = set()

    def walk(resources: object) -> None:
        resources = resources.get_object()  # type: ignore[attr-defined]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), "font not embedded"
            names.add(str(font["/BaseFont"]))
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page["/Resources"])
    return names
