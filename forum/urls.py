"""Values taken from request URLs, checked: redirect targets that never leave this site,
page numbers within bounds."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, request

# The last page of any list. A larger `?page=` is a bad request: the database cannot take
# an offset that big (SQLite raises OverflowError) and no list is that long.
MAX_PAGE = 10_000


def safe_next_url(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or len(target) > 2000:
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def page_number() -> int:
    """`?page=` of a list: 1 when absent, 400 when it is not a number from 1 to MAX_PAGE."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(400)
    return int(raw)
