"""Rules for notices: each member reads their own, and only their own (the page lists the
signed-in person's notices; no notice is fetched by id)."""

from __future__ import annotations

from typing import Any

from forum.security.core import is_member, rule


@rule("notices.read")
def _read_own_notices(user: Any, _: Any) -> bool:
    return is_member(user)
