"""Metadata stripped before a file is stored: mat2, Debian's tool made for it.

mat2 (`/usr/bin/mat2`, package `mat2`) removes document info, XMP, EXIF and GPS,
authors and editing history from every format we accept. PDFs are cleaned in its
lightweight mode: Poppler draws each page into a new PDF with cairo, so only what a page
shows survives — the text stays searchable, while JavaScript, launch and open actions,
forms, annotations, attachments and metadata are left behind. Images are re-encoded
(PNG through cairo, JPEG through GdkPixbuf); EPUB, ODT and DOCX lose their metadata
files and editing history (revision ids, comments' authors).

mat2 is a Debian program, not a Python package of this environment, so it runs as a
subprocess: in a private temporary folder, on a copy named by us (never by the
uploader), with a time limit and a minimal environment. The result must be a file of
the same accepted kind (`sniffing.sniff`), or the upload is refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 - fixed program, arguments built here
import tempfile
from pathlib import Path

from flask_babel import lazy_gettext as _l

from forum.library.sniffing import FileKind, RefusedFile, sniff

MAT2 = "/usr/bin/mat2"


class CleanerMissing(RuntimeError):
    """mat2 is not installed: uploads cannot be accepted (see scripts/system-deps)."""


def mat2_path() -> str:
    found = shutil.which("mat2") or (MAT2 if os.path.exists(MAT2) else None)
    if found is None:
        raise CleanerMissing(
            "mat2 is not installed; install the Debian package mat2 (scripts/system-deps run)."
        )
    return found


def clean(data: bytes, kind: FileKind, timeout: float) -> bytes:
    """`data` without its metadata, as the same kind of file; RefusedFile when mat2
    cannot read it or takes longer than `timeout` seconds."""
    program = mat2_path()
    with tempfile.TemporaryDirectory(prefix="convene-clean-") as folder:
        source = Path(folder) / f"upload.{kind.extension}"
        source.write_bytes(data)
        arguments = [program, *(["--lightweight"] if kind.is_pdf else []), str(source)]
        try:
            result = subprocess.run(  # noqa: S603 # nosec B603 - no shell, fixed program, our path
                arguments,
                cwd=folder,
                capture_output=True,
                timeout=timeout,
                env={"PATH": "/usr/bin:/bin", "HOME": folder, "LANG": "C.UTF-8"},
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RefusedFile(
                _l("This file took too long to clean of its metadata; try a smaller file.")
            ) from None
        cleaned = Path(folder) / f"upload.cleaned.{kind.extension}"
        if result.returncode != 0 or not cleaned.is_file():
            raise RefusedFile(
                _l("This file could not be read to remove its metadata, so it is refused.")
            )
        output = cleaned.read_bytes()
    if sniff(output) != kind:
        raise RefusedFile(
            _l("This file could not be read to remove its metadata, so it is refused.")
        )
    return output
