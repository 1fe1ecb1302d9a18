"""Read the whole database with plain SQL, as someone holding a dump would."""

from __future__ import annotations

import sqlalchemy as sa


def raw_database_text(engine: sa.Engine) -> str:
    """Every value of every column of every table, as one string (no ORM, no decryption)."""
    parts: list[str] = []
    with engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            # Table names come from the database's own catalogue, not from input.
            rows = connection.execute(sa.text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
            for row in rows:
                parts.extend(str(value) for value in row)
    return "\n".join(parts)
