"""One lock per event, so seats are never handed out twice.

Registering, approving, declining, cancelling and promoting all read how many seats are
taken and then write; two requests doing that at once could both see the last free seat.
Each of them first calls `lock_event`, which serialises writers per event:

* PostgreSQL: `SELECT … FOR UPDATE` on the event's row. Concurrent writers for the same
  event wait for each other; other events are not affected. Under READ COMMITTED every
  later statement of the lock holder sees what the previous holder committed.
* SQLite: the database's single writer lock, taken at the *start* of the transaction with
  `BEGIN IMMEDIATE`. pysqlite never emits that on its own (it starts a deferred transaction
  just before the first write, too late: the seat count was read before), so, as SQLAlchemy
  documents for pysqlite, a `begin` event hook emits the BEGIN itself — here only for
  connections asked for with the `forum_sqlite_immediate` execution option, so the rest of
  the app keeps the driver's usual behaviour. A busy timeout makes concurrent writers wait
  their turn instead of failing with "database is locked".
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from forum.events.models import Event
from forum.extensions import db

IMMEDIATE_OPTION = "forum_sqlite_immediate"
# How long a SQLite writer waits for the lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000


class LockOrderError(RuntimeError):
    """The event lock was asked for after this transaction had already written."""


def init_app(app: Flask) -> None:
    """Attach the SQLite hooks to the app's engine (nothing to do on PostgreSQL)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    sa.event.listen(engine, "connect", _on_sqlite_connect)
    sa.event.listen(engine, "begin", _on_sqlite_begin)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS:d}")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: sa.Connection) -> None:
    if connection.get_execution_options().get(IMMEDIATE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_event(event_id: int) -> Event:
    """Hold the event's write lock until the transaction ends; returns the fresh event.

    Call it before writing anything in the transaction: on SQLite the lock can only be
    taken by starting a new transaction, and a write already made would be lost.
    """
    session = db.session()  # the Session itself, not the scoped proxy
    if session.get_bind().dialect.name == "sqlite":
        _hold_sqlite_writer_lock(session)
    else:
        session.execute(sa.select(Event.id).where(Event.id == event_id).with_for_update())
    event = session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise LookupError(f"Event {event_id} does not exist.")
    return event


def _hold_sqlite_writer_lock(session: Any) -> None:
    if session.in_transaction():
        connection = session.connection()
        if connection.get_execution_options().get(IMMEDIATE_OPTION):
            return  # this transaction holds the lock already
        if connection.connection.dbapi_connection.in_transaction:
            raise LockOrderError("lock_event() must come before the first write of a transaction.")
        # Only reads so far: end that transaction and start one holding the writer lock.
        session.rollback()
    session.connection(execution_options={IMMEDIATE_OPTION: True})
