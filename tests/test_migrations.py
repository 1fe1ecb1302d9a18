"""The migrations build exactly the schema the models describe, on this run's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum.dbschema import include_object as _include_object
from forum.extensions import db as _db


def test_no_pending_autogenerate_diff(app):
    with _db.engine.connect() as connection:
        migrate_config = app.extensions["migrate"].configure_args
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": migrate_config.get("compare_type", True),
                "include_object": _include_object,
            },
        )
        diff = compare_metadata(context, _db.metadata)
    assert diff == []


def test_schema_came_from_migrations(app):
    with _db.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version
