"""Tasks: plain, idempotent functions of ids, registered by name and sent to the queue.

A task's arguments are ids and short codes only, never a name, an address or a text
someone wrote: they sit in Redis and appear in the worker's log lines. A task may run more
than once (a retry after a failure, a redelivery after its worker died mid-way) and must
then do the same thing again, or nothing when its work is done. Features declare tasks
next to the work (`forum/library/jobs.py`, `forum/events/exports/badges/jobs.py`) and send
them after the request's transaction has committed:

    @task("library.process_edition", max_retries=3)
    def process_edition(edition_id: int) -> None: ...

    db.session.commit()
    process_edition.send(edition.id)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

#: What a task may take: ids and short codes.
Argument = int | str


@dataclass(frozen=True)
class Task:
    name: str
    fn: Callable[..., None]
    max_retries: int
    min_backoff: timedelta
    max_backoff: timedelta
    time_limit: timedelta
    queue: str

    def __call__(self, *args: Argument) -> None:
        """Run the work here and now (the worker does this; so can a test or the CLI)."""
        self.fn(*args)

    def send(self, *args: Argument) -> None:
        """Queue the work. Call after `db.session.commit()`: the worker must find the rows."""
        current_app.extensions["forum.queue"].send(self, _checked(self, args))

    def send_after_commit(self, *args: Argument) -> None:
        """Queue the work once the current transaction commits; nothing if it rolls back.

        For services, which flush but never commit (the view commits once).
        """
        current_app.extensions["forum.queue"].send_after_commit(self, _checked(self, args))


def _checked(declared: Task, args: tuple[Argument, ...]) -> tuple[Argument, ...]:
    for arg in args:
        if not isinstance(arg, int | str) or isinstance(arg, bool):
            raise TypeError(f"task {declared.name}: arguments are ids and codes only")
    return args


#: Every task, by name. Modules declaring tasks are imported by the app factory (through
#: the views that send them), so the worker knows them all.
TASKS: dict[str, Task] = {}


def task(
    name: str,
    *,
    max_retries: int = 5,
    min_backoff: timedelta = timedelta(seconds=5),
    max_backoff: timedelta = timedelta(minutes=10),
    time_limit: timedelta = timedelta(minutes=10),
    queue: str = "default",
) -> Callable[[Callable[..., None]], Task]:
    """Declare `fn` a task. Retries back off exponentially from `min_backoff`."""

    def register(fn: Callable[..., None]) -> Task:
        declared = Task(name, fn, max_retries, min_backoff, max_backoff, time_limit, queue)
        TASKS[name] = declared
        return declared

    return register


#: Functions the worker calls every minute to send again work that was lost: a task sent
#: while Redis was away, or a job whose worker died before the broker noticed. Each returns
#: how many it sent again; sending twice is harmless, since tasks are idempotent.
SWEEPS: list[Callable[[], int]] = []


def sweep(fn: Callable[[], int]) -> Callable[[], int]:
    SWEEPS.append(fn)
    return fn
