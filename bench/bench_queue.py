"""The task queue: 1,000 notices queued, then delivered to a local SMTP server.

Builds a temporary SQLite database (migrated) with an event and 1,000 members who asked
for notice emails, starts a real SMTP server (aiosmtpd) on loopback, and measures:

* enqueue alone: 1,000 tasks sent to the broker (latency per task, throughput);
* "a message to 1,000 people": 1,000 notices written in one transaction and their email
  tasks queued on commit — what a web worker would spend (goal: under 100 ms for the
  queueing part);
* delivery: a worker (Dramatiq threads in this process) sends all 1,000 emails, one SMTP
  session each; time per message, and a check that the server got each exactly once.

The broker is Redis when `BENCH_REDIS_URL` is set (a database the run may wipe, e.g.
redis://127.0.0.1:6379/4), else the in-memory broker of the embedded mode. One run on a
shared machine: absolute times are indicative only.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PEOPLE = int(os.environ.get("BENCH_QUEUE_PEOPLE", "1000"))
THREADS = int(os.environ.get("BENCH_QUEUE_THREADS", "8"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "").strip()
GOAL_QUEUE_MS = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collect:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.received.append(envelope.content)
        return "250 Message accepted for delivery"


def environment(folder: Path, smtp_port: int) -> dict[str, str]:
    env = {
        "FORUM_ENV": "production",
        "FORUM_SECRET_KEY": "bench-secret-key-not-for-real-use",
        "FORUM_DATA_KEYS": Fernet.generate_key().decode(),
        "FORUM_ANON_KEY": "bench-anonymous-posting-key-not-for-real-use",
        "FORUM_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "FORUM_INSTANCE_PATH": str(folder),
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_LOG_LEVEL": "WARNING",
        "FORUM_MAIL_SERVER": "127.0.0.1",
        "FORUM_MAIL_PORT": str(smtp_port),
        "FORUM_MAIL_SENDER": "no-reply@forum.example.org",
        "FORUM_MAIL_BASE_URL": "https://forum.example.org",
        "FORUM_MAIL_STARTTLS": "0",
        "FORUM_QUEUE": "redis" if REDIS_URL else "embedded",
    }
    if REDIS_URL:
        env["FORUM_QUEUE_URL"] = REDIS_URL
    return env


def main() -> int:
    from aiosmtpd.controller import Controller

    collect = Collect()
    port = free_port()
    controller = Controller(collect, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
            os.environ.update(environment(Path(tmp), port))
            return run(collect)
    finally:
        controller.stop()


def run(collect: Collect) -> int:
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.events import services as events
    from forum.events.services import EventData, EventTextData
    from forum.extensions import db
    from forum.models import User, utcnow
    from forum.notices.jobs import email_notice
    from forum.notices.labels import NoticeKind
    from forum.notices.models import Notice
    from forum.notices.services import notify_many
    from forum.queue.runner import queue_of

    app = create_app()
    queue = queue_of(app)
    with app.app_context():
        upgrade()
        organizer = create_user("lucia", "Lucía", "bench organizer passphrase")
        starts_at = utcnow() + timedelta(days=30)
        event = events.create_event(
            organizer,
            EventData(
                kind="conference",
                default_locale="en",
                texts={"en": EventTextData(title="A gathering", summary="")},
                timezone="UTC",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(days=1),
                city="Bogotá",
                country="CO",
            ),
        )
        events.publish_event(event)
        users = [
            User(
                username=f"person{n}",
                display_name=f"Person {n}",
                password_hash="x",  # noqa: S106 - never signs in
                email=f"person{n}@example.org",
                notice_emails=True,
                locale=("en", "es", "fr", "pt", "ar")[n % 5],
            )
            for n in range(PEOPLE)
        ]
        db.session.add_all(users)
        db.session.commit()
        user_ids = [user.id for user in users]
        event_id = event.id
        if REDIS_URL:
            queue.broker().flush_all()

        # 0. The round trip to Redis on this machine now (it varies with the load).
        rtt = 0.0
        if REDIS_URL:
            client = queue.broker().client
            start = time.perf_counter()
            for _ in range(200):
                client.ping()
            rtt = (time.perf_counter() - start) / 200

        # 1. Enqueue alone: tasks for notices that do not exist (each is a no-op).
        start = time.perf_counter()
        for n in range(PEOPLE):
            email_notice.send(10_000_000 + n)
        enqueue = time.perf_counter() - start
        queue.broker().flush_all()
        queue.stop()

        # 2. A message to everyone: the notices and their email tasks, one commit.
        start = time.perf_counter()
        notify_many(user_ids, event_id, NoticeKind.APPROVED)
        written = time.perf_counter()
        db.session.commit()  # the tasks are sent here, after the commit
        committed = time.perf_counter()
        queued = db.session.scalar(
            sa.select(sa.func.count()).select_from(Notice).where(Notice.email_state == "pending")
        )

        # 3. Delivery by a worker.
        start_delivery = time.perf_counter()
        worker = queue.worker(THREADS)
        worker.start()
        try:
            while True:
                db.session.remove()
                sent = db.session.scalar(
                    sa.select(sa.func.count())
                    .select_from(Notice)
                    .where(Notice.email_state == "sent")
                )
                if sent >= PEOPLE or time.perf_counter() - start_delivery > 600:
                    break
                time.sleep(0.05)
            delivery = time.perf_counter() - start_delivery
        finally:
            worker.stop()

    print(f"task queue: {'Redis ' + REDIS_URL if REDIS_URL else 'embedded (in-memory)'}")
    if REDIS_URL:
        print(f"  Redis PING round trip            {rtt * 1000:8.2f} ms   (an enqueue is one trip)")
    print(
        f"  enqueue {PEOPLE:,} tasks            {enqueue * 1000:8.1f} ms"
        f"   {enqueue / PEOPLE * 1e6:6.0f} µs each   {PEOPLE / enqueue:8.0f} per second"
    )
    write_ms = (written - start) * 1000
    commit_ms = (committed - written) * 1000
    print(f"  {PEOPLE:,} notices written (flush)    {write_ms:8.1f} ms")
    verdict = "meets" if commit_ms <= GOAL_QUEUE_MS else "misses"
    print(
        f"  commit + queue their emails      {commit_ms:8.1f} ms   {verdict} the goal ≤ "
        f"{GOAL_QUEUE_MS} ms for the queueing ({queued:,} pending)"
    )
    print(
        f"  delivery to SMTP ({THREADS} threads)     {delivery * 1000:8.0f} ms"
        f"   {delivery / PEOPLE * 1000:6.1f} ms per message"
    )
    received = len(collect.received)
    print(
        f"  emails received                  {received:8,}   "
        f"{'each exactly once' if received == PEOPLE else 'MISMATCH'}"
    )
    return 0 if received == PEOPLE else 1


if __name__ == "__main__":
    sys.exit(main())
