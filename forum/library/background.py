"""Handing library jobs to a worker, after the request's transaction has committed.

Until the shared task queue (`forum.queue`) is in this branch, a job runs in a daemon
thread of the web process with its own app context (as the badge exports did), or at
once when `FORUM_LIBRARY_EAGER` is set (tests). The jobs themselves (`jobs.py`) are
plain idempotent functions of ids, so moving them onto the queue changes only this
module.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import current_app

log = logging.getLogger(__name__)


def run_later(job: Callable[[int], None], item_id: int) -> None:
    """Run `job(item_id)` outside this request. Call after `db.session.commit()`."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("FORUM_LIBRARY_EAGER"):
        job(item_id)
        return

    def work() -> None:
        with app.app_context():
            try:
                job(item_id)
            except Exception:
                log.exception("Library job %s failed for %d.", job.__name__, item_id)

    threading.Thread(target=work, name=f"library-{job.__name__}", daemon=True).start()
