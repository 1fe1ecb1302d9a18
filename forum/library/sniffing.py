"""What an uploaded file really is, judged by its content, and whether it is safe to open.

The name and the type the browser claims are ignored: `filetype` reads the first bytes
(magic numbers, and the first members of a ZIP for EPUB, ODT and DOCX). Before anything
opens the file further, its size claims are checked, because a small file can claim to
be huge: a ZIP's central directory (a zip bomb, a member claiming 2 GB, names that climb
out of the folder) and an image's header (width × height). Only PDF, EPUB, ODT, DOCX,
PNG and JPEG pass; HTML, SVG and everything else are refused.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from flask_babel import lazy_gettext as _l
from PIL import Image

#: Largest total size a document's ZIP may unpack to, and its largest number of members.
ZIP_UNPACKED_MAX = 200 * 1024 * 1024
ZIP_MEMBERS_MAX = 5_000
#: A member compressed more than this many times is a bomb, not a document.
ZIP_RATIO_MAX = 200
#: Largest image, in pixels (a 2 GB header claim is refused before any decoding).
IMAGE_PIXELS_MAX = 60_000_000


@dataclass(frozen=True)
class FileKind:
    media_type: str
    extension: str

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def is_zip(self) -> bool:
        return self.extension in ("epub", "odt", "docx")


ACCEPTED = {
    kind.media_type: kind
    for kind in (
        FileKind("application/pdf", "pdf"),
        FileKind("application/epub+zip", "epub"),
        FileKind("application/vnd.oasis.opendocument.text", "odt"),
        FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        FileKind("image/png", "png"),
        FileKind("image/jpeg", "jpg"),
    )
}


class RefusedFile(Exception):
    """The file is not accepted; the message (translated) says why, for the uploader."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


NOT_ACCEPTED = _l(
    "This file is not a PDF, EPUB, ODT, DOCX, PNG or JPEG file (judged by its content, "
    "not its name), so it cannot be added."
)


def sniff(data: bytes) -> FileKind:
    """The accepted kind of `data`, or RefusedFile."""
    guessed = filetype.guess(data[:8192]) if data else None
    kind = ACCEPTED.get(guessed.mime) if guessed is not None else None
    if kind is None:
        raise RefusedFile(NOT_ACCEPTED)
    if kind.is_zip:
        check_zip(data)
    elif kind.is_image:
        check_image(data)
    return kind


def check_zip(data: bytes) -> None:
    """Refuse archives whose directory claims too much, or names that leave the folder."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise RefusedFile(_l("This document is damaged and cannot be opened.")) from None
    if len(members) > ZIP_MEMBERS_MAX:
        raise RefusedFile(_l("This document holds too many parts to be opened safely."))
    unpacked = 0
    for member in members:
        name = member.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or member.flag_bits & 0x1:
            raise RefusedFile(_l("This document is damaged and cannot be opened."))
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > ZIP_UNPACKED_MAX or (member.file_size > 1_000_000 and ratio > ZIP_RATIO_MAX):
            raise RefusedFile(
                _l("This document would unpack to far more than its size: it is refused.")
            )


def check_image(data: bytes) -> None:
    """Read only the header: a claimed size too large to decode safely is refused."""
    too_large = RefusedFile(_l("This image is too large (in pixels) to be opened safely."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (OSError, ValueError):
        raise RefusedFile(_l("This image is damaged and cannot be opened.")) from None
    if width * height > IMAGE_PIXELS_MAX:
        raise too_large
