# ruff: noqa: E501
"""Files for the library's tests, made here (no binaries in the repository): real PDFs
from WeasyPrint, images from Pillow, documents as ZIPs, and hostile ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from weasyprint import HTML


def pdf(
    paragraphs: list[tuple[str, str]],
    *,
    title: str = "Secret title",
    author: str = "Jane Legal Name",
    pages: int = 1,
) -> bytes:
    """A PDF with document info naming an author, one paragraph per (language, text)."""
    body = "".join(
        f'<p lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">{text}</p>'
        for lang, text in paragraphs
    )
    filler = "".join(
        f'<h2 style="break-before: page">Chapter {n}</h2><p>Defenders document threats.</p>'
        for n in range(1, pages)
    )
    html = (
        f"<html><head><meta charset=utf-8><title>{title}</title>"
        f'<meta name="author" content="{author}"><meta name="keywords" content="Cauca safehouse">'
        f"</head><body>{body}{filler}</body></html>"
    )
    return HTML(string=html).write_pdf()


def pdf_with_javascript() -> bytes:
    """JavaScript on open (document and page), a launch action, XMP metadata, an author."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf([("en", "Harmless looking text")])))
    script = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('pwned')"),
            }
        )
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])}
            )
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})
    writer.add_metadata({"/Author": "Jane Legal Name", "/Creator": "Leaky Writer 1.0"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HTML_POLYGLOT = (
    b"<!doctype html><html><body><script>fetch('/account/data')</script>%PDF-1.7</body></html>"
)
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)


def docx(author: str = "Jane Legal Name", text: str = "Protection plan for the network") -> bytes:
    """A minimal Word document with an author in its core properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
        archive.writestr(
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>",
        )
    return out.getvalue()


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """A .docx whose document part unpacks to hundreds of megabytes of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx()), "r") as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                padding.write(block)
    return out.getvalue()


def docx_claiming_2gb() -> bytes:
    """A .docx whose central directory says one part unpacks to 2 GB."""
    data = bytearray(docx())
    end = data.rfind(b"PK\x05\x06")
    directory = struct.unpack("<I", data[end + 16 : end + 20])[0]
    # The first central-directory entry: uncompressed size lives at offset 24.
    data[directory + 24 : directory + 28] = struct.pack("<I", 2_000_000_000)
    return bytes(data)


def png_claiming_2gb() -> bytes:
    """A PNG whose header claims 46,341 × 46,341 pixels (over 2 billion), with a tiny body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 46_341, 46_341, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def jpeg_with_gps_and_author() -> bytes:
    """A JPEG whose EXIF names an author and a place (GPS)."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Jane Legal Name"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (4.0, 35.0, 56.0), 3: "W", 4: (74.0, 4.0, 51.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Legal Name")
    info.add_text("Location", "Cauca safehouse")
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue()
