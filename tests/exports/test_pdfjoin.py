"""Joining chunk PDFs: every page, in order, identical objects written once."""

from __future__ import annotations

import io
import zlib

import pytest
from pypdf import PdfReader

from forum.events.exports.badges.pdfjoin import PdfJoiner, join_pdfs
from forum.events.exports.pdf import PdfRenderer, html_to_pdf

from .helpers import pdf_pages_text, squash


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    return html_to_pdf('<p>one</p><p style="break-before: page">two</p>')


@pytest.fixture(scope="module")
def letterhead() -> bytes:
    return html_to_pdf("<p>Letterhead</p>")


def test_join_keeps_every_page_in_order(two_pages):
    joined = join_pdfs([two_pages, html_to_pdf("<p>three</p>")], title="Joined")
    reader = PdfReader(io.BytesIO(joined), strict=True)
    assert [page.extract_text() for page in reader.pages] == ["one", "two", "three"]
    assert reader.metadata is not None and reader.metadata.title == "Joined"


def test_identical_objects_are_written_once(two_pages):
    once = join_pdfs([two_pages])
    twice = join_pdfs([two_pages, two_pages])
    # The second copy adds only its page dictionaries, not fonts or content again.
    assert len(twice) - len(once) < len(once) / 4


def test_underlay_and_overlay_layers(two_pages, letterhead):
    out = io.BytesIO()
    with PdfJoiner(out) as joiner:
        underlay = joiner.add_underlay(letterhead)
        square = b"q 0 g 10 10 20 20 re f Q"
        joiner.append(two_pages, underlays=[underlay, None], overlays=[zlib.compress(square)])
    assert [squash(text) for text in pdf_pages_text(out.getvalue())] == ["Letterheadone", "two"]
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    assert square in page.get_contents().get_data()


def test_output_can_start_mid_stream(two_pages):
    out = io.BytesIO(b"ignored prefix")
    out.seek(0, io.SEEK_END)
    with PdfJoiner(out) as joiner:
        joiner.append(two_pages)
    assert pdf_pages_text(out.getvalue()[len(b"ignored prefix") :]) == ["one", "two"]


def test_whole_fonts_from_many_chunks_are_embedded_once():
    """Without fast subsetting, chunks embed whole fonts; the joined file has each once."""
    renderer = PdfRenderer(full_fonts=True)
    chunks = [renderer.render(f"<p>chunk {n} Zoë</p><p><b>مريم</b></p>") for n in range(3)]
    reader = PdfReader(io.BytesIO(join_pdfs(chunks)))
    font_files = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            name = str(font["/BaseFont"]).split("+")[1]
            font_files.setdefault(name, set()).add(descriptor.raw_get("/FontFile2").idnum)
    # Regular Latin and bold Arabic: each font file once, not once per chunk.
    assert font_files.keys() == {"Convene-Sans", "Convene-Arabic-Bold"}
    assert all(len(numbers) == 1 for numbers in font_files.values())
