"""One app and one database for the whole folder: these tests only read the world they
build, or build a fresh part of it for each request that may change something."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from forum.extensions import db as _db
from tests.conftest import _CREATED_APPS, empty_tables, make_app


@pytest.fixture(scope="module")
def module_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance: Path = tmp_path_factory.mktemp("instance")
    app = make_app(database_url, instance)
    _CREATED_APPS.remove(app)  # kept for the module, disposed below
    with app.app_context():
        empty_tables(_db.engine)
        yield app
        _db.session.remove()
        empty_tables(_db.engine)
        _db.engine.dispose()
