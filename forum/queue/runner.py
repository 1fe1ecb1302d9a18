"""The queue of one app: where a sent task goes, as `FORUM_QUEUE` says.

- `redis` (production, and whenever `FORUM_REDIS_URL` is set): Dramatiq's Redis broker.
  A message stays in Redis until a worker has finished it (acknowledged late); when a
  worker dies, another worker's broker puts its unfinished messages back once the dead
  one's heartbeat is `FORUM_QUEUE_HEARTBEAT_SECONDS` old. `flask forum worker` runs them.
- `embedded` (`make run` without Redis): Dramatiq's in-memory broker and a worker thread
  in the web process, started at the first task. Nothing to install; a restart loses the
  tasks not yet done (the worker's sweeps send them again where the work is recorded).
- `eager` (tests): a task runs at once, in the request that sent it, and its errors rise.
- `manual` (tests): a task is only recorded; the test runs it with `run_pending()`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import dramatiq
import sqlalchemy as sa
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, default_middleware
from flask import Flask, current_app, has_app_context

from forum.extensions import db
from forum.queue.tasks import TASKS, Argument, Task

log = logging.getLogger(__name__)

MODES = ("redis", "embedded", "eager", "manual")

#: Threads of the worker inside the web process (`embedded`): enough for a demo.
EMBEDDED_THREADS = 2


class TaskFailed(Exception):
    """A task's error, reduced to its kind: the original text may quote personal data
    (a database error repeats the values it refused), and it would reach the log."""


def current_message_id() -> str | None:
    """The id of the message being worked on (the same on a retry or a redelivery), or
    None outside a worker (eager and manual modes)."""
    message = CurrentMessage.get_current_message()
    return message.message_id if message is not None else None


class Queue:
    """`app.extensions["forum.queue"]`: the broker, its actors, and where tasks go."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pending: list[tuple[str, tuple[Argument, ...]]] = []
        self._broker: dramatiq.Broker | None = None
        self._actors: dict[str, dramatiq.Actor] = {}
        self._embedded: dramatiq.Worker | None = None
        self._lock = threading.Lock()

    @property
    def mode(self) -> str:
        return self.app.config["FORUM_QUEUE"]

    # --- sending ---------------------------------------------------------------------

    def send(self, task: Task, args: tuple[Argument, ...]) -> None:
        mode = self.mode
        if mode == "eager":
            task(*args)
        elif mode == "manual":
            self.pending.append((task.name, args))
        else:
            if mode == "embedded":
                self.start_embedded_worker()
            self.actor(task.name).send(*args)

    def send_after_commit(self, task: Task, args: tuple[Argument, ...]) -> None:
        db.session.info.setdefault(_AFTER_COMMIT, []).append((task.name, args))

    def committed(self, sends: list[tuple[str, tuple[Argument, ...]]]) -> None:
        """Called once a transaction with `send_after_commit` tasks has committed. Eager
        tasks wait for the end of the request (a task commits, and the session is still
        finishing this commit)."""
        for name, args in sends:
            if self.mode in ("eager", "manual"):
                self.pending.append((name, args))
            else:
                self.send(TASKS[name], args)

    def run_pending(self) -> int:
        """Run what `manual` mode recorded, oldest first, until none is left."""
        count = 0
        while self.pending:
            name, args = self.pending.pop(0)
            TASKS[name](*args)
            count += 1
        return count

    # --- Dramatiq ----------------------------------------------------------------------

    def broker(self) -> dramatiq.Broker:
        with self._lock:
            if self._broker is None:
                self._broker = self._make_broker()
            return self._broker

    def actor(self, name: str) -> dramatiq.Actor:
        broker = self.broker()
        with self._lock:
            for task in TASKS.values():  # tasks declared since the broker was made
                if task.name not in self._actors:
                    self._actors[task.name] = self._declare(broker, task)
            return self._actors[name]

    def declare_all(self) -> dramatiq.Broker:
        """The broker with an actor for every task (the worker consumes all queues)."""
        for name in list(TASKS):
            self.actor(name)
        return self.broker()

    def _make_broker(self) -> dramatiq.Broker:
        middleware = [kind() for kind in default_middleware] + [CurrentMessage()]
        if self.mode == "redis":
            config = self.app.config
            return RedisBroker(
                url=config["FORUM_QUEUE_URL"],
                namespace="convene-queue",
                middleware=middleware,
                heartbeat_timeout=config["FORUM_QUEUE_HEARTBEAT_SECONDS"] * 1000,
                maintenance_chance=config["FORUM_QUEUE_MAINTENANCE_CHANCE"],
            )
        return StubBroker(middleware=middleware)

    def _declare(self, broker: dramatiq.Broker, task: Task) -> dramatiq.Actor:
        app = self.app

        def run(*args: Argument) -> None:
            with app.app_context():
                try:
                    task.fn(*args)
                except Exception as error:
                    db.session.rollback()
                    log.warning("Task %s failed (%s).", task.name, type(error).__name__)
                    raise TaskFailed(type(error).__name__) from None
                finally:
                    db.session.remove()

        run.__name__ = task.name.replace(".", "_")
        options: dict[str, Any] = {
            "max_retries": task.max_retries,
            "min_backoff": int(task.min_backoff.total_seconds() * 1000),
            "max_backoff": int(task.max_backoff.total_seconds() * 1000),
            "time_limit": int(task.time_limit.total_seconds() * 1000),
        }
        return dramatiq.Actor(
            run,
            broker=broker,
            actor_name=task.name,
            queue_name=task.queue,
            priority=0,
            options=options,
        )

    def worker(self, threads: int) -> dramatiq.Worker:
        return dramatiq.Worker(self.declare_all(), worker_threads=threads, worker_timeout=1000)

    def start_embedded_worker(self) -> None:
        if self._embedded is not None:
            return
        worker = self.worker(EMBEDDED_THREADS)
        with self._lock:
            if self._embedded is None:
                worker.start()
                self._embedded = worker
                log.info("Background tasks run in this process (embedded queue).")

    def stop(self) -> None:
        if self._embedded is not None:
            self._embedded.stop()
            self._embedded = None


_AFTER_COMMIT = "forum.queue.after_commit"


def _after_commit(session: sa.orm.Session) -> None:
    sends = session.info.pop(_AFTER_COMMIT, None)
    if sends and has_app_context():
        queue_of(current_app).committed(sends)


def _after_rollback(session: sa.orm.Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def init_app(app: Flask) -> None:
    app.extensions["forum.queue"] = Queue(app)
    if not sa.event.contains(sa.orm.Session, "after_commit", _after_commit):
        sa.event.listen(sa.orm.Session, "after_commit", _after_commit)
        sa.event.listen(sa.orm.Session, "after_rollback", _after_rollback)

    @app.after_request
    def run_eager_tasks(response):  # noqa: ANN001, ANN202
        queue = queue_of(app)
        if queue.mode == "eager" and queue.pending:
            queue.run_pending()
        return response


def queue_of(app: Flask) -> Queue:
    return app.extensions["forum.queue"]
