"""Reading a stored (clean) file: its words for search, its page count, a thumbnail.

PDF text and the first page's picture come from PDFium (pypdfium2), which reads Arabic
in logical order and is fast (a 200-page report in a fraction of a second). EPUB, ODT
and DOCX are ZIPs of XML: their words are read with defusedxml (no entity expansion,
no external references), only from the members that hold the text. Images have one
"page" and no words. Thumbnails are small WebP pictures (about 2 KB), so a list of
works stays light.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import defusedxml.ElementTree as SafeXML
import pypdfium2 as pdfium
from PIL import Image

THUMBNAIL_WIDTH = 96
THUMBNAIL_QUALITY = 45
#: Words kept per edition for search; a longer text is cut (the index stays bounded).
TEXT_MAX = 2_000_000
_TEXT_MEMBERS = {
    "docx": lambda name: name == "word/document.xml",
    "odt": lambda name: name == "content.xml",
    "epub": lambda name: name.lower().endswith((".xhtml", ".html", ".htm")),
}


@dataclass(frozen=True)
class Reading:
    text: str
    page_count: int | None
    thumbnail: bytes | None


def read(data: bytes, extension: str) -> Reading:
    if extension == "pdf":
        return _read_pdf(data)
    if extension in ("png", "jpg"):
        with Image.open(io.BytesIO(data)) as image:
            return Reading("", 1, _thumbnail(image))
    return Reading(_zip_text(data, _TEXT_MEMBERS[extension]), None, None)


def _read_pdf(data: bytes) -> Reading:
    document = pdfium.PdfDocument(data)
    try:
        pages: list[str] = []
        size = 0
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_bounded()
            pages.append(text)
            size += len(text)
            if size > TEXT_MAX:
                break
        first = document[0].render(scale=THUMBNAIL_WIDTH / document[0].get_width()).to_pil()
        return Reading("\n".join(pages)[:TEXT_MAX], len(document), _thumbnail(first))
    finally:
        document.close()


def _thumbnail(image: Image.Image) -> bytes:
    picture = image.convert("RGB")
    picture.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2))
    out = io.BytesIO()
    picture.save(out, "WEBP", quality=THUMBNAIL_QUALITY, method=6)
    return out.getvalue()


def _zip_text(data: bytes, wanted) -> str:  # noqa: ANN001
    words: list[str] = []
    size = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in sorted(archive.namelist()):
            if not wanted(member):
                continue
            root = SafeXML.fromstring(archive.read(member))
            text = " ".join(part.strip() for part in root.itertext() if part.strip())
            words.append(text)
            size += len(text)
            if size > TEXT_MAX:
                break
    return "\n".join(words)[:TEXT_MAX]
