"""Sending a stored file so that it can never run in our origin.

Every library file goes out as an attachment (images and thumbnails may be shown
inline, as pictures), with the media type we established by content, `nosniff`, and a
Content-Security-Policy of `sandbox; default-src 'none'`: even if a browser rendered
a hostile PDF or an HTML-in-disguise, it would do so in an opaque origin with no
script, no request and no access to our cookies. The name is built from the work's
title (RFC 6266/5987: an ASCII fallback and the UTF-8 name), never from the upload.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response

SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'none'; form-action 'none'"
_NOT_WORD = re.compile(r"[^\w\-]+")


def download_name(title: str, language: str, extension: str) -> tuple[str, str]:
    """(ASCII name, UTF-8 name) for Content-Disposition."""
    words = _NOT_WORD.sub("-", title).strip("-")[:80] or "work"
    unicode_name = f"{words}-{language}.{extension}"
    ascii_words = (
        unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().strip("-") or "work"
    )
    ascii_words = _NOT_WORD.sub("-", ascii_words).strip("-") or "work"
    return f"{ascii_words}-{language}.{extension}", unicode_name


def file_response(
    chunks: Iterator[bytes],
    media_type: str,
    names: tuple[str, str],
    size: int,
    *,
    inline: bool = False,
    private: bool = True,
) -> Response:
    response = Response(chunks, mimetype=media_type, direct_passthrough=True)
    ascii_name, unicode_name = names
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name)}"
    )
    response.headers["Content-Length"] = str(size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    return response
