"""Where files live: outside the web root, on disk under `instance/library/` or in an
S3-compatible bucket, behind one small interface.

Keys are made here (`new_key`), random and never derived from what an uploader typed, so
a file name cannot climb out of the folder or guess another file's name; every key is
checked against the same pattern again before it touches a disk or a bucket.
`FORUM_LIBRARY_STORAGE` chooses the backend (`filesystem`, the default, or `s3`, which
needs the `boto3` package: `pip install -e '.[s3]'`).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)

EXTENSION = "forum_library_storage"
CHUNK = 256 * 1024
_KEY = re.compile(
    r"^(editions|thumbnails|packs)/[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|epub|odt|docx|png|jpg|webp|zip)$"
)


class StorageError(RuntimeError):
    pass


class FileMissing(StorageError):
    """A key the database names has no file behind it (lost, or removed by hand): the
    pages answer 404 with a message saying so, never a 500 or a truncated download."""


def new_key(folder: str, extension: str) -> str:
    token = secrets.token_hex(16)
    return checked(f"{folder}/{token[:2]}/{token}.{extension}")


def checked(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise StorageError("Not a storage key made by Convene.")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def read(self, key: str) -> bytes: ...

    def chunks(self, key: str) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


class FilesystemStorage:
    """Files under one folder (mode 0600, folders 0700), written whole or not at all."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def path(self, key: str) -> Path:
        path = (self.root / checked(key)).resolve()
        if self.root not in path.parents:
            raise StorageError("A storage key left the storage folder.")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(partial, 0o600)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError as error:
            raise FileMissing(key) from error

    def chunks(self, key: str) -> Iterator[bytes]:
        """Opened now (a missing file raises `FileMissing` before any answer starts),
        read block by block as the answer is sent."""
        try:
            handle = self.path(key).open("rb")
        except FileNotFoundError as error:
            raise FileMissing(key) from error
        return _blocks(handle)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def _blocks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while block := handle.read(CHUNK):
            yield block


# Files follow the transaction that mentions them: a file written for rows that are
# rolled back is deleted, and a file whose rows are deleted goes once the delete commits.
_WRITTEN = "forum_library_written"
_DOOMED = "forum_library_doomed"


def put_in_transaction(key: str, data: bytes) -> None:
    """Write now; delete again if the current transaction rolls back."""
    storage().put(key, data)
    db.session.info.setdefault(_WRITTEN, []).append((storage(), key))


def delete_after_commit(key: str) -> None:
    db.session.info.setdefault(_DOOMED, []).append((storage(), key))


def _forget(session: Session, name: str) -> None:
    for backend, key in session.info.pop(name, []):
        try:
            backend.delete(key)
        except Exception:  # a file left behind is reported, never an error for the reader
            log.warning("Library: a stored file could not be deleted.")


def _after_commit(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    _forget(session, _DOOMED)


def _after_rollback(session: Session) -> None:
    session.info.pop(_DOOMED, None)
    _forget(session, _WRITTEN)


sa.event.listen(Session, "after_commit", _after_commit)
sa.event.listen(Session, "after_soft_rollback", lambda session, _: _after_rollback(session))


def build(config: dict) -> Storage:
    backend = config["FORUM_LIBRARY_STORAGE"]
    if backend == "s3":
        # Imported only when chosen: boto3 is an optional dependency.
        s3 = importlib.import_module("forum.library.s3")
        return s3.S3Storage.from_config(config)
    return FilesystemStorage(config["FORUM_LIBRARY_PATH"])


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = build(app.config)


def storage() -> Storage:
    return current_app.extensions[EXTENSION]
