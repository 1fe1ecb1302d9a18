"""The worker process (`flask forum worker`): Dramatiq's worker threads, plus the sweeps.

It runs next to gunicorn, on one machine or many: every worker consumes the same Redis
queues. SIGTERM (systemd's stop) lets running tasks finish and puts the fetched but
unstarted ones back; SIGKILL or a crash loses nothing either, since Redis keeps every
message until a worker acknowledges it done.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from flask import Flask

from forum.extensions import db
from forum.queue.runner import queue_of
from forum.queue.tasks import SWEEPS

log = logging.getLogger(__name__)

#: Seconds between sweeps for lost work (see `forum.queue.tasks.sweep`).
SWEEP_SECONDS = 60


def run_sweeps(app: Flask) -> int:
    """Every registered sweep once; a failing sweep is logged and the others still run."""
    sent = 0
    for sweep in SWEEPS:
        with app.app_context():
            try:
                sent += sweep()
            except Exception as error:  # noqa: BLE001 - the next sweep tries again
                db.session.rollback()
                log.warning("Sweep %s failed (%s).", sweep.__name__, type(error).__name__)
            finally:
                db.session.remove()
    if sent:
        log.info("Sweeps sent %d unfinished tasks again.", sent)
    return sent


def run_worker(app: Flask, threads: int, ready: Callable[[], None] = lambda: None) -> None:
    """Work until SIGTERM or SIGINT."""
    worker = queue_of(app).worker(threads)
    stop = threading.Event()

    def ask_to_stop(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, ask_to_stop)
    signal.signal(signal.SIGINT, ask_to_stop)
    worker.start()
    log.info("Worker started with %d threads.", threads)
    ready()
    run_sweeps(app)
    while not stop.wait(SWEEP_SECONDS):
        run_sweeps(app)
    log.info("Worker stopping: running tasks finish first.")
    worker.stop()
