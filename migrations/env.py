"""Alembic environment for Flask-Migrate: the app's engine and metadata."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from forum.dbschema import include_object

config = context.config
# Only configure logging when run from the command line, and never silence the app's loggers.
if config.config_file_name is not None and not current_app.testing:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):  # noqa: ANN001, ANN201
    """Render our column types as the plain SQL types they store, so migrations never
    import application code."""
    if type_ == "type" and hasattr(obj, "impl_instance"):
        return f"sa.{obj.impl_instance!r}"
    return False


def run_migrations_online() -> None:
    def process_revision_directives(context_, revision, directives):  # noqa: ANN001
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    connectable = target_db.engine
    with connectable.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations rebuild SQLite tables (copy, drop, rename); with foreign
            # keys enforced, dropping a parent would cascade-delete its children's rows.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the implicit transaction; Alembic begins its own
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            include_object=include_object,
            render_item=render_item,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `flask db upgrade`.")
run_migrations_online()
