"""Files sent to the browser (PDF, CSV, iCalendar, JSON): one way to name them.

A download carries its own name and says whether the browser should show it (`inline`)
or save it. Names are built by the caller from slugs and codes, never from what a person
typed, so they need no quoting beyond the double quotes.
"""

from __future__ import annotations

from flask import Response


def file_response(body: bytes, mimetype: str, filename: str, *, inline: bool = False) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
