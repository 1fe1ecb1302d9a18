"""End to end on the real Redis with a real worker process: the worker is killed in the
middle of a badge export, started again, and the export completes exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from forum.events.exports.badges.models import ExportJob
from forum.extensions import db as _db
from tests.conftest import login
from tests.production.conftest import app_environment
from tests.queue.conftest import REDIS_URL, everything_stored, needs_redis

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 600  # five chunks of badges: enough time to stop the worker between two


@contextmanager
def worker_process(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`flask forum worker` in its own process group (it starts render processes too)."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "forum", "worker", "--threads", "2"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(check, what: str, seconds: float = 180):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def job_row(app, job_id: int) -> ExportJob:
    with app.app_context():
        _db.session.expire_all()
        row = _db.session.get(ExportJob, job_id)
        _db.session.expunge(row)
        _db.session.remove()
        return row


@needs_redis
@pytest.mark.slow
def test_a_badge_export_survives_a_killed_worker_and_completes_once(
    app, db, client, on_redis, shared_redis, crowd, organizer, database_url, tmp_path
):
    event = crowd(PEOPLE)
    slug = event.slug
    assert login(client, organizer.username).status_code == 302
    # The request records the job and queues it; no worker runs yet.
    response = client.post(
        f"/events/{slug}/manage/badges", data={"layout": "a4-8", "scope": "all", "language": "en"}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    db.session.remove()
    assert job_row(app, job_id).status == "queued"
    stored = everything_stored(shared_redis)
    assert "badges.render" in stored and "Badge Person" not in stored  # ids, never names

    env = app_environment(
        database_url,
        tmp_path,
        FORUM_QUEUE="redis",
        FORUM_QUEUE_URL=REDIS_URL,
        FORUM_QUEUE_HEARTBEAT_SECONDS="2",
        FORUM_QUEUE_MAINTENANCE_CHANCE="1000000",
        FORUM_LOG_LEVEL="INFO",
    )
    log = tmp_path / "worker.log"
    with worker_process(env, log) as first:
        try:
            started = wait_for(
                lambda: (row := job_row(app, job_id)).status == "running" and row.done > 0 and row,
                "the first worker's progress",
            )
        except AssertionError as timeout:
            row = job_row(app, job_id)
            raise AssertionError(
                f"{timeout}: job {row.status}, {row.done}/{row.total}, "
                f"attempts {row.attempts}, queued in Redis "
                f"{shared_redis.llen('convene-queue:exports')}\n{log.read_text()[-3000:]}"
            ) from None
        assert started.done < started.total, "finished before it could be stopped"
        os.killpg(first.pid, signal.SIGKILL)  # no goodbye: as a power cut or an OOM kill
        first.wait()
    killed = job_row(app, job_id)
    assert killed.status == "running" and killed.done < killed.total and killed.attempts == 1

    with worker_process(env, log):
        done = wait_for(
            lambda: (row := job_row(app, job_id)).status in ("done", "failed") and row,
            "the second worker to finish",
        )
        assert done.status == "done", log.read_text()[-3000:]
        # Give a stray second delivery the time to show up: there is none.
        time.sleep(3)
        assert job_row(app, job_id).attempts == 2
        assert shared_redis.llen("convene-queue:exports") == 0
        unfinished = [
            key for key in shared_redis.scan_iter(match="*acks*") if shared_redis.scard(key)
        ]
        assert unfinished == []  # no message held by any worker, dead or alive

    finished = job_row(app, job_id)
    assert (finished.done, finished.total, finished.attempts) == (PEOPLE, PEOPLE, 2)
    pdf = client.get(f"/events/{slug}/manage/badges/jobs/{job_id}/badges.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with app.app_context():
        finished_count = _db.session.scalar(
            sa.select(sa.func.count()).select_from(ExportJob).where(ExportJob.status == "done")
        )
    assert finished_count == 1
    worker_log = log.read_text()
    assert "Badge Person" not in worker_log and "Person Number" not in worker_log
