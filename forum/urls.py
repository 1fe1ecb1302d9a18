"""Values taken from request URLs, checked: redirect targets that never leave this site,
page numbers within bounds, search words without control characters, row ids that fit
the database's integer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import abort, request
from werkzeug.routing import IntegerConverter

# The last page of any list. A larger `?page=` is a bad request: the database cannot take
# an offset that big (SQLite raises OverflowError) and no list is that long.
MAX_PAGE = 10_000

# Every primary key is an INTEGER: PostgreSQL refuses a larger number in a comparison
# ("integer out of range"), so such an id cannot name a row and is answered like any
# unknown one instead of reaching the database.
MAX_ROW_ID = 2**31 - 1

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


def is_row_id(value: object) -> bool:
    """Whether `value` (an int from JSON, or digits from a form) can be a row's id."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ROW_ID))):
            return False
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


class RowIdConverter(IntegerConverter):
    """`<int:…>` in every route: a number too large for an id is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)
