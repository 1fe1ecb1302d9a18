"""Schema objects that migrations create by hand and the models do not describe.

Full-text search tables (SQLite FTS5 and their shadow tables) live here; Alembic's
autogenerate and the migrations-match-models test both skip them.
"""

from __future__ import annotations

from typing import Any

UNMANAGED_PREFIXES = ("search_",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ == "table" and name and name.startswith(UNMANAGED_PREFIXES):
        return False
    if type_ == "index" and name and name.startswith("ix_search_"):
        return False
    return True
