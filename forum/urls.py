"""Values taken from request URLs, checked: redirect targets that never leave this site,
page numbers within bounds, search words without control characters."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import abort, request

# The last page of any list. A larger `?page=` is a bad request: the database cannot take
# an offset that big (SQLite raises OverflowError) and no list is that long.
MAX_PAGE = 10_000

# NUL and the other C0 controls never belong in a search; PostgreSQL refuses NUL outright.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


def search_words(name: str, max_length: int) -> str:
    """`?name=` as typed search words: control characters dropped, trimmed, cut to length."""
    return _CONTROL.sub("", request.args.get(name) or "").strip()[:max_length]
