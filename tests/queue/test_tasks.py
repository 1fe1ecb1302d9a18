"""The queue itself: what a task may carry, the four modes, retries, logs and sweeps."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest

from forum.events.exports.badges import jobs
from forum.events.exports.badges.models import ExportJob
from forum.models import utcnow
from forum.queue.runner import queue_of
from forum.queue.tasks import task
from forum.queue.worker import run_sweeps
from tests.queue.conftest import everything_stored, needs_redis

RUNS: list[tuple[int, str]] = []
SECRET_NAME = "Dora Quispe Mamani"


@task("tests.flaky", max_retries=3, min_backoff=timedelta(milliseconds=50))
def flaky(number: int, code: str) -> None:
    """Fails on its first two runs, then works: stands for an SMTP or storage outage."""
    RUNS.append((number, code))
    if len(RUNS) < 3:
        raise RuntimeError(f"could not reach the server for {SECRET_NAME}")


@task("tests.broken", max_retries=0)
def broken(number: int) -> None:
    raise ValueError(f"duplicate key value (display_name)=({SECRET_NAME})")


@pytest.fixture(autouse=True)
def _fresh_runs():
    RUNS.clear()
    yield
    RUNS.clear()


@pytest.mark.parametrize("argument", [{"name": "x"}, ["x"], 1.5, True, None, b"x"])
def test_a_task_carries_ids_and_codes_only(app, argument):
    with app.test_request_context(), pytest.raises(TypeError, match="ids and codes only"):
        flaky.send(argument)
    assert RUNS == [] and queue_of(app).pending == []


def test_tests_run_tasks_eagerly_and_see_their_errors(app):
    assert app.config["FORUM_QUEUE"] == "eager"
    with app.app_context():
        with pytest.raises(RuntimeError):
            flaky.send(1, "en")
        assert RUNS == [(1, "en")]


def test_manual_mode_records_until_the_test_runs_them(app):
    app.config["FORUM_QUEUE"] = "manual"
    queue = queue_of(app)
    with app.app_context():
        broken.send(7)
        assert queue.pending == [("tests.broken", (7,))]
        with pytest.raises(ValueError):
            queue.run_pending()
    assert queue.pending == []


def test_the_embedded_queue_works_without_redis(app):
    app.config["FORUM_QUEUE"] = "embedded"
    queue = queue_of(app)
    try:
        with app.app_context():
            flaky.send(2, "fr")
        queue.broker().join("default", timeout=30_000)
        assert RUNS == [(2, "fr")] * 3  # failed twice, retried with back-off, then worked
    finally:
        queue.stop()


def test_errors_reach_the_log_as_their_kind_only(app, caplog):
    app.config["FORUM_QUEUE"] = "embedded"
    queue = queue_of(app)
    caplog.set_level(logging.DEBUG)
    try:
        with app.app_context():
            broken.send(3)
        queue.broker().join("default", timeout=30_000, fail_fast=False)
    finally:
        queue.stop()
    assert "ValueError" in caplog.text
    assert SECRET_NAME not in caplog.text


def test_the_worker_command_needs_redis(runner):
    result = runner.invoke(args=["forum", "worker"])
    assert result.exit_code != 0
    assert "set FORUM_REDIS_URL" in result.output


@needs_redis
def test_on_redis_a_failing_task_is_retried_until_it_works(on_redis, shared_redis):
    queue = queue_of(on_redis)
    with on_redis.app_context():
        flaky.send(4, "ar")
    # Nothing runs until a worker takes it: the message waits in Redis.
    assert RUNS == []
    assert '"args":[4,"ar"]' in everything_stored(shared_redis).replace(" ", "")
    worker = queue.worker(1)
    worker.start()
    try:
        queue.broker().join("default", timeout=30_000)
        worker.join()
    finally:
        worker.stop()
    assert RUNS == [(4, "ar")] * 3
    assert SECRET_NAME not in everything_stored(shared_redis)


# --- badge jobs: claimed once, sent again when lost -----------------------------------


def _job(db, event, organizer, **values) -> int:
    now = utcnow()
    fields = {
        "event_id": event.id,
        "requested_by_id": organizer.id,
        "layout": "a4-8",
        "locale": "en",
        "registration_ids": [],
        "status": "queued",
        "done": 0,
        "total": 1,
        "created_at": now,
        "heartbeat_at": now,
        "expires_at": now + timedelta(hours=24),
    }
    fields.update(values)
    job = ExportJob(**fields)
    db.session.add(job)
    db.session.commit()
    return job.id


def test_a_job_is_claimed_once(app, db, make_event, organizer):
    job_id = _job(db, make_event(), organizer)
    assert jobs.claim(job_id) is True
    assert jobs.claim(job_id) is False  # a second copy of the task leaves it alone
    job = db.session.get(ExportJob, job_id)
    assert (job.status, job.attempts) == ("running", 1)


def test_the_same_message_delivered_again_takes_its_job_over(
    app, db, make_event, organizer, monkeypatch
):
    job_id = _job(db, make_event(), organizer)
    monkeypatch.setattr(jobs, "current_message_id", lambda: "message-1")
    assert jobs.claim(job_id) is True
    monkeypatch.setattr(jobs, "current_message_id", lambda: "message-2")
    assert jobs.claim(job_id) is False  # another copy, while the first worker is alive
    monkeypatch.setattr(jobs, "current_message_id", lambda: "message-1")
    assert jobs.claim(job_id) is True  # the queue redelivers only when its worker died
    assert db.session.get(ExportJob, job_id).attempts == 2


def test_sweeps_send_lost_jobs_again(app, db, make_event, organizer):
    app.config["FORUM_QUEUE"] = "manual"
    event = make_event()
    old = utcnow() - timedelta(minutes=15)
    waiting = _job(db, event, organizer, heartbeat_at=old)
    stalled = _job(db, event, organizer, status="running", heartbeat_at=old)
    _job(db, event, organizer)  # just queued: its task is on its way
    _job(db, event, organizer, status="done", heartbeat_at=old)
    _job(db, event, organizer, heartbeat_at=old, expires_at=utcnow() - timedelta(seconds=1))
    assert run_sweeps(app) == 2
    assert sorted(queue_of(app).pending) == [
        ("badges.render", (waiting,)),
        ("badges.render", (stalled,)),
    ]
    assert run_sweeps(app) == 0  # each waits again from now


def test_a_failing_sweep_does_not_stop_the_others(app, monkeypatch, caplog):
    from forum.queue import tasks

    def failing() -> int:
        raise RuntimeError(SECRET_NAME)

    monkeypatch.setattr(tasks, "SWEEPS", [failing, lambda: 1])
    monkeypatch.setattr("forum.queue.worker.SWEEPS", tasks.SWEEPS)
    assert run_sweeps(app) == 1
    assert "RuntimeError" in caplog.text and SECRET_NAME not in caplog.text


def test_a_worker_stops_cleanly(app):
    """The embedded worker's threads end with `stop`; nothing is left running."""
    app.config["FORUM_QUEUE"] = "embedded"
    queue = queue_of(app)
    before = threading.active_count()
    queue.start_embedded_worker()
    assert threading.active_count() > before
    queue.stop()
    assert threading.active_count() <= before + 1
