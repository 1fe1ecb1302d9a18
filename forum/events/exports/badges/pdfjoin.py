"""Join many small PDFs into one, streaming pages to a file as they come.

Big exports are rendered in chunks (in parallel); joining them with pypdf's
``PdfWriter`` would hold the whole result in memory until the end. Here each
chunk's pages are copied object by object straight to the output, so memory
stays at about one chunk, and identical objects (the same font file or image
in every chunk) are written once.

An *underlay* is a page drawn beneath other pages (a letterhead): it is written
once as a form XObject and every page that uses it refers to it, so what is
the same on every sheet is laid out by WeasyPrint once, not once per sheet.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

#: Page attributes a page may inherit from its parents in the page tree.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_PAGES_NUM = 2


class _Ref(PdfObject):
    """A reference to an object already written to the output."""

    def __init__(self, number: int) -> None:
        self.number = number

    def write_to_stream(self, stream: BinaryIO, *args: object) -> None:
        stream.write(b"%d 0 R" % self.number)


class _RawStream(PdfObject):
    """A stream whose bytes we already have in final (maybe compressed) form."""

    def __init__(self, data: bytes, flate: bool = False) -> None:
        self.data = data
        self.flate = flate

    def write_to_stream(self, stream: BinaryIO, *args: object) -> None:
        extra = b" /Filter /FlateDecode" if self.flate else b""
        stream.write(b"<< /Length %d%s >>\nstream\n" % (len(self.data), extra))
        stream.write(self.data)
        stream.write(b"\nendstream")


class PdfJoiner:
    """Append the pages of PDF documents to one output file, in order.

    Use as a context manager, or call :meth:`close` to write the page tree,
    cross-reference table and trailer.
    """

    def __init__(self, out: BinaryIO, title: str | None = None, lang: str | None = None) -> None:
        self._out = out
        self._start = out.tell()
        self._offsets: list[int] = [0, 0, 0]  # 0 is the free head; 1 Catalog, 2 Pages
        self._pages: list[int] = []
        self._written: dict[bytes, int] = {}
        self._title = title
        self._lang = lang
        self._closed = False
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def __enter__(self) -> PdfJoiner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is None:
            self.close()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def add_underlay(self, pdf: bytes) -> int:
        """Write the first page of ``pdf`` as a form XObject; return its object number."""
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        form = DecodedStreamObject()
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else ArrayObject()
        parts = contents if isinstance(contents, ArrayObject) else [contents]
        form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): _inherited(page, "/MediaBox"),
                NameObject("/Resources"): _inherited(page, "/Resources") or DictionaryObject(),
            }
        )
        return self._write_object(self._copy(form.flate_encode(), {}, set()), dedupe=True)

    def append(
        self,
        pdf: bytes,
        underlays: Sequence[int | None] = (),
        overlays: Sequence[bytes | None] = (),
    ) -> int:
        """Copy every page of ``pdf`` to the output; return how many pages were added.

        ``underlays[i]`` (from :meth:`add_underlay`) is drawn beneath page ``i``;
        ``overlays[i]`` (zlib-compressed content-stream operators, in the page's
        default coordinates) is drawn on top of it.
        """
        reader = PdfReader(io.BytesIO(pdf))
        memo: dict[int, int] = {}
        added = 0
        for index, page in enumerate(reader.pages):
            page_dict = DictionaryObject(page)
            for key in INHERITABLE:
                if key not in page_dict and (value := _inherited(page, key)) is not None:
                    page_dict[NameObject(key)] = value
            page_dict.pop("/Parent", None)
            page_dict.pop("/Annots", None)  # links to anchors in other chunks would dangle
            underlay = underlays[index] if index < len(underlays) else None
            overlay = overlays[index] if index < len(overlays) else None
            if underlay is not None or overlay is not None:
                self._add_layers(page_dict, underlay, overlay)
            copied = self._copy(page_dict, memo, set())
            copied[NameObject("/Parent")] = _Ref(_PAGES_NUM)
            self._pages.append(self._write_object(copied))
            added += 1
        return added

    def _add_layers(
        self, page: DictionaryObject, underlay: int | None, overlay: bytes | None
    ) -> None:
        """Wrap the page's content: underlay, then the page in its own graphics state, then overlay.

        Works on the source page before copying: the new pieces are plain
        references, and pages that shared resources still share them after
        copying (identical objects are written once).
        """
        name = NameObject(f"/ConveneUnderlay{underlay}")
        before = (b"q " + name.encode() + b" Do Q\n" if underlay is not None else b"") + b"q\n"
        contents = page.get("/Contents")
        parts = contents if isinstance(contents, ArrayObject) else [contents] if contents else []
        layers = [_Ref(self._write_object(_RawStream(before), dedupe=True)), *parts]
        layers.append(_Ref(self._write_object(_RawStream(b"\nQ\n"), dedupe=True)))
        if overlay is not None:
            layers.append(_Ref(self._write_object(_RawStream(overlay, flate=True))))
        page[NameObject("/Contents")] = ArrayObject(layers)
        if underlay is None:
            return
        resources = _direct(page.get("/Resources"))
        xobjects = DictionaryObject(_direct(resources.get("/XObject")))
        xobjects[name] = _Ref(underlay)
        resources = DictionaryObject(resources)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources

    def close(self) -> None:
        """Write the page tree, the catalog, the cross-references and the trailer."""
        if self._closed:
            return
        self._closed = True
        kids = b" ".join(b"%d 0 R" % number for number in self._pages)
        self._write_at(
            _PAGES_NUM, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self._pages), kids)
        )
        catalog = DictionaryObject(
            {NameObject("/Type"): NameObject("/Catalog"), NameObject("/Pages"): _Ref(_PAGES_NUM)}
        )
        if self._lang:
            catalog[NameObject("/Lang")] = TextStringObject(self._lang)
        self._write_at(1, _serialise(catalog))
        info = DictionaryObject({NameObject("/Producer"): TextStringObject("Convene")})
        if self._title:
            info[NameObject("/Title")] = TextStringObject(self._title)
        info_number = self._write_object(info)
        xref_at = self._tell()
        lines = [b"xref\n0 %d\n" % len(self._offsets), b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % offset for offset in self._offsets[1:]]
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self._offsets), info_number, xref_at)
        )

    # -- copying -----------------------------------------------------------------

    def _copy(self, obj: object, memo: dict[int, int], path: set[int]) -> object:
        """Deep-copy a direct object, writing what it references first (children first)."""
        if isinstance(obj, IndirectObject):
            return _Ref(self._copy_indirect(obj, memo, path))
        if isinstance(obj, StreamObject):
            clone = copy.copy(obj)  # keeps the encoded data as it is: no re-compression
            clone.clear()
            clone.update({key: self._copy(value, memo, path) for key, value in obj.items()})
            return clone
        if isinstance(obj, DictionaryObject):
            return DictionaryObject(
                {key: self._copy(value, memo, path) for key, value in obj.items()}
            )
        if isinstance(obj, ArrayObject):
            return ArrayObject(self._copy(value, memo, path) for value in obj)
        return obj

    def _copy_indirect(self, ref: IndirectObject, memo: dict[int, int], path: set[int]) -> int:
        if ref.idnum in memo:
            return memo[ref.idnum]
        if ref.idnum in path:
            raise ValueError("cannot join a PDF whose resources reference themselves")
        path.add(ref.idnum)
        copied = self._copy(ref.get_object(), memo, path)
        path.discard(ref.idnum)
        number = memo[ref.idnum] = self._write_object(copied, dedupe=True)
        return number

    # -- output ------------------------------------------------------------------

    def _write_object(self, obj: object, dedupe: bool = False) -> int:
        body = _serialise(obj)
        if dedupe:
            digest = hashlib.sha256(body).digest()
            if (number := self._written.get(digest)) is not None:
                return number
        self._offsets.append(0)
        number = len(self._offsets) - 1
        self._write_at(number, body)
        if dedupe:
            self._written[digest] = number
        return number

    def _write_at(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._tell()
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _tell(self) -> int:
        return self._out.tell() - self._start

    def _write(self, data: bytes) -> None:
        self._out.write(data)


def _direct(obj: object) -> DictionaryObject:
    """A dictionary value, following a reference; a missing value is an empty dictionary."""
    if isinstance(obj, IndirectObject):
        obj = obj.get_object()
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def _inherited(page: DictionaryObject, key: str) -> object | None:
    """Walk up the page tree (bounded: a malformed tree must not loop forever)."""
    node: DictionaryObject | None = page
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _serialise(obj: object) -> bytes:
    buffer = io.BytesIO()
    if isinstance(obj, PdfObject):
        obj.write_to_stream(buffer)
    else:  # pragma: no cover - pypdf always hands us PdfObjects
        raise TypeError(f"not a PDF object: {type(obj).__name__}")
    return buffer.getvalue()


def join_pdfs(documents: Iterable[bytes], title: str | None = None) -> bytes:
    """Join whole documents in order and return the bytes (for small joins and tests)."""
    out = io.BytesIO()
    with PdfJoiner(out, title=title) as joiner:
        for pdf in documents:
            joiner.append(pdf)
    return out.getvalue()
