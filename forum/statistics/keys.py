"""Record keys: a fixed random number stored with every record that is ever counted.

The cell key method (see `ptable`) needs each counted record to carry a key that never
changes and is never shown. It is drawn once, when the record is created, uniformly from
0 to `KEY_RANGE - 1`, and stored in the record's own row (`stat_key`), so the database
can add the keys of a cell's records in the same GROUP BY that counts them.

A cell's key is the sum of its records' keys modulo `KEY_RANGE`: the same records always
give the same key, whatever query gathered them, and a cell one record larger or smaller
has an unrelated key. Keys are not secret from the database (a dump already holds the
records themselves); they are kept out of every page, export and log.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

#: Record keys and cell keys lie in 0 .. KEY_RANGE - 1.
KEY_RANGE = 256


def new_record_key() -> int:
    """A fresh record key (the column default of every counted table)."""
    return secrets.randbelow(KEY_RANGE)


def record_key_column() -> Mapped[int]:
    """The `stat_key` column a counted model declares: `stat_key = record_key_column()`."""
    return mapped_column(sa.SmallInteger, default=new_record_key)


def cell_key(key_sum: int) -> int:
    """The key of a cell whose records' keys add up to `key_sum`."""
    return key_sum % KEY_RANGE


def key_sum(column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    """SQL for the sum of a group's record keys (0 for an empty group)."""
    return sa.func.coalesce(sa.func.sum(column), 0)
