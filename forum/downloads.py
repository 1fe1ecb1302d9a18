"""Files sent to the browser (PDF, CSV, iCalendar, JSON): one way to name them.

A download carries its own name and says whether the browser should show it (`inline`)
or save it. Names are built by the caller from slugs and codes, never from what a person
typed, so they need no quoting beyond the double quotes.
"""

from __future__ import annotations

from flask import Response

#: First characters that make spreadsheets evaluate a cell (ASCII and full-width).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def defuse(field: str) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of running it."""
    stripped = field.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS):
        return "'" + field
    return field


def csv_bytes(text: str) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Arabic correctly."""
    return text.encode("utf-8-sig")


def file_response(body: bytes, mimetype: str, filename: str, *, inline: bool = False) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
