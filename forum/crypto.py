"""Field-level encryption at rest with Fernet keys that live outside the database.

`FORUM_DATA_KEYS` holds one or more keys, newest first. Values are encrypted with the
newest and decrypted with any, so keys can be rotated with `flask forum rotate-keys`.
A database dump alone reveals nothing stored in an `EncryptedText` column.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app


class DecryptionError(RuntimeError):
    """A stored value cannot be read with any configured key."""


def init_app(app: Flask) -> None:
    keys = app.config["FORUM_DATA_KEYS"]
    app.extensions["forum_keyring"] = MultiFernet([Fernet(key) for key in keys])


def keyring() -> MultiFernet:
    return current_app.extensions["forum_keyring"]


def encrypt(value: str) -> str:
    return keyring().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return keyring().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "A value could not be decrypted: is FORUM_DATA_KEYS missing the key it was "
            "written with?"
        ) from None


class EncryptedText(sa.TypeDecorator[str]):
    """Text stored as a Fernet token; empty strings are stored as NULL."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None or value == "":
            return None
        return encrypt(str(value))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        return decrypt(value)


def rotate_all(session: Any, metadata: sa.MetaData) -> int:
    """Re-encrypt every `EncryptedText` value under the newest key; returns how many."""
    ring = keyring()
    rotated = 0
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText)]
        if not columns:
            continue
        pk = list(table.primary_key.columns)
        raw = sa.table(table.name, *(sa.column(c.name) for c in pk + columns))
        rows = session.execute(sa.select(*raw.c)).all()
        for row in rows:
            values = {}
            for column in columns:
                token = getattr(row, column.name)
                if token:
                    values[column.name] = ring.rotate(token.encode()).decode()
            if values:
                where = sa.and_(*(raw.c[c.name] == getattr(row, c.name) for c in pk))
                session.execute(sa.update(raw).where(where).values(**values))
                rotated += len(values)
    return rotated


class EncryptedBytes(sa.TypeDecorator[bytes]):
    """Binary data (e.g. a finished badge PDF) stored as a Fernet token.

    For short-lived files only: `rotate_all` leaves these alone, as they expire long
    before a key is retired.
    """

    impl = sa.LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> bytes | None:
        if value is None:
            return None
        return keyring().encrypt(bytes(value))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> bytes | None:
        if value is None:
            return None
        try:
            return keyring().decrypt(bytes(value))
        except InvalidToken:
            raise DecryptionError("A stored file could not be decrypted.") from None
