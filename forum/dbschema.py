"""Schema objects that migrations create by hand and the models do not describe.

Full-text search tables (SQLite FTS5 and their shadow tables) live here; Alembic's
autogenerate and the migrations-match-models test both skip them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

UNMANAGED_PREFIXES = ("search_",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ == "table" and name and name.startswith(UNMANAGED_PREFIXES):
        return False
    if type_ == "index" and name and name.startswith("ix_search_"):
        return False
    return True


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite ignores foreign keys unless asked on every connection; ask, so ON DELETE
    rules and references hold in development exactly as on PostgreSQL."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
