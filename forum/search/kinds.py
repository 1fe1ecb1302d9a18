"""Kinds of searchable content: one index per kind, one search interface for all.

Exchanges' posts are the first kind, library works the second, attack patterns' views
the third: each gets its own index tables (created by hand in a migration, named `search_…` so
`forum/dbschema.py` leaves them to the migration), registers a `Kind` here at import
time of its own search module, writes `Document`s when its rows change, and applies its
own visibility rule when it joins `forum.search.index.matching(kind, query)` to its rows.
docs/ARCHITECTURE.md ("Search") walks through adding one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """Where one kind's index lives. Table names are ours, never from input.

    - `table`: SQLite FTS5 `(title, body, <group_column> UNINDEXED)` whose rowid is
      the item id; PostgreSQL `(<id_column> integer primary key, <group_column>
      integer, document tsvector)` with a GIN index. It holds only what readers may
      find at all (a hidden post leaves it); who may read what is decided on querying;
    - `terms_table`: every index term of four letters or more, for typo tolerance
      (PostgreSQL: `term text primary key` with a pg_trgm GIN index; SQLite:
      `(id integer primary key, term text unique)` and `grams_table`, an FTS5
      `trigram` index of it kept by triggers).
    """

    name: str
    table: str
    id_column: str
    # The unit results are listed by (a post's thread): stored beside each item, so the
    # best item of each unit is found without joining the kind's own tables.
    group_column: str
    terms_table: str
    grams_table: str


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise RuntimeError(f"A search kind named {kind.name!r} is already registered.")
    KINDS[kind.name] = kind
    return kind
