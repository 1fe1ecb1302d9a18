"""Staff exports end to end, in-process: what a web worker spends, and what runs behind.

Builds a temporary SQLite database (migrated): one confidential event with a 300-session
agenda in five languages and 1,000 approved registrations with badge names and profiles.
Then, through the Flask test client, signed in as the organizer:

* badges for everyone: the request that queues the export (all a web worker spends) against
  the background job that renders them, as a ratio (goal: ≤ 0.05);
* the largest export rendered within a request (`INLINE_LIMIT` badges), against the
  30-second worker timeout;
* the printed agenda against the agenda page (same data, same viewer), first rendered and
  then from the rendered copies kept by content; an anonymous visitor's copy served from
  the page cache against rendering it;
* the attendee list as CSV (1,000 rows, every profile decided, one audit entry).

Ratios come from one run on this shared machine; absolute times are indicative only.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.agenda_data import LOCALES, add_sessions  # noqa: E402 - needs the path above

PEOPLE = int(os.environ.get("BENCH_EXPORT_PEOPLE", "1000"))
SESSIONS = 300
GOAL_QUEUE_RATIO = 0.05
WORKER_TIMEOUT = 30.0
NAMES = ("María José Ñúñez", "أحمد الحسيني", "Анна Петрова", "Ngozi Okonkwo", "João da Silva")


def environment(folder: Path) -> dict[str, str]:
    return {
        "FORUM_ENV": "production",
        "FORUM_SECRET_KEY": "bench-secret-key-not-for-real-use",
        "FORUM_DATA_KEYS": Fernet.generate_key().decode(),
        "FORUM_ANON_KEY": "bench-anonymous-posting-key-not-for-real-use",
        "FORUM_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "FORUM_INSTANCE_PATH": str(folder),
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_LOG_LEVEL": "WARNING",
        "FORUM_ANON_CACHE_SECONDS": "60",
        "FORUM_HTTPS": "0",
    }


def build(app) -> str:  # noqa: ANN001 - Flask app
    """Fill the database; returns the event's slug."""
    import pyotp
    from flask_migrate import upgrade

    from forum.auth.services import create_user
    from forum.auth.two_factor import turn_on
    from forum.events import services
    from forum.events.registration.models import Registration
    from forum.events.services import EventData, EventTextData
    from forum.extensions import db
    from forum.models import Role, User, utcnow
    from forum.profiles.models import Profile

    with app.app_context():
        upgrade()
        organizer = create_user(
            "lucia", "Lucía", "bench organizer passphrase", roles=(Role.ORGANIZER,)
        )
        turn_on(organizer, pyotp.random_base32(), step=0)
        starts_at = (utcnow() + timedelta(days=30)).replace(hour=13, minute=0, second=0)
        event = services.create_event(
            organizer,
            EventData(
                kind="conference",
                default_locale="en",
                texts={
                    code: EventTextData(title=f"Regional protection forum ({code})", summary="")
                    for code in LOCALES
                },
                timezone="America/Bogota",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(days=3),
                venue_name="Casa Semilla de Paz",
                venue_address="Calle 45 # 12-30",
                city="Bogotá",
                country="CO",
                location_confidential=True,
            ),
        )
        services.publish_event(event)
        add_sessions(event, SESSIONS)
        hashed = organizer.password_hash  # people never sign in here: one hash for all
        for number in range(PEOPLE):
            name = f"{NAMES[number % len(NAMES)]} {number}"
            user = User(username=f"person{number}", display_name=name[:60], password_hash=hashed)
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Profile(
                    user_id=user.id,
                    pronouns="she/her" if number % 3 == 0 else None,
                    pronouns_visibility="participants",
                    organisation="Defensoras del Territorio",
                    organisation_visibility="participants" if number % 2 else "organizers",
                    country="CO",
                    country_visibility="members",
                    legal_name=f"Legal {number}",
                    legal_name_visibility="organizers",
                )
            )
            db.session.add(
                Registration(
                    event_id=event.id,
                    user_id=user.id,
                    status="approved",
                    badge_name=name,
                    role="speaker" if number % 20 == 0 else "participant",
                )
            )
        db.session.commit()
        slug = event.slug
        db.session.remove()
    return slug


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def best(action: Callable[[], object], rounds: int = 3) -> float:
    return min(timed(action)[0] for _ in range(rounds))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        env = environment(Path(tmp))
        os.environ.update(env)
        from forum import create_app

        app = create_app(
            # Forms are posted directly here: no CSRF token to fetch first.
            {"SERVER_NAME": "localhost", "FORUM_QUEUE": "manual", "WTF_CSRF_ENABLED": False}
        )
        slug = build(app)

        import pyotp
        import sqlalchemy as sa

        from forum.events.exports.badges import jobs, services
        from forum.events.exports.badges.models import ExportJob
        from forum.extensions import db
        from forum.models import User

        client = app.test_client()
        client.post(
            "/auth/login", data={"username": "lucia", "password": "bench organizer passphrase"}
        )
        with app.app_context():
            secret = db.session.scalar(sa.select(User.totp_secret).where(User.username == "lucia"))
        client.post("/auth/login/code", data={"code": pyotp.TOTP(secret).now()})
        assert client.get(f"/events/{slug}/manage/badges").status_code == 200

        # 1. Everyone's badges: the request queues, a job renders.
        queue_time, response = timed(
            lambda: client.post(
                f"/events/{slug}/manage/badges",
                data={"layout": "a4-8", "scope": "all", "language": "es"},
            )
        )
        assert response.status_code == 303, response.status_code
        with app.app_context():
            job_id = db.session.scalar(sa.select(sa.func.max(ExportJob.id)))
            job_time, _ = timed(lambda: jobs.run_badge_job(job_id))
            job = db.session.get(ExportJob, job_id)
            assert job.status == "done", job.status
            size = job.size or 0
        ratio = queue_time / job_time
        print(f"badges for {PEOPLE:,} people (A4, Spanish)")
        print(f"  request that queues the export   {queue_time * 1000:8.0f} ms")
        print(f"  background job (render + store)  {job_time * 1000:8.0f} ms   {size / 1e6:.1f} MB")
        verdict = "meets" if ratio <= GOAL_QUEUE_RATIO else "misses"
        print(
            f"  ratio request / job              {ratio:8.3f}   "
            f"{verdict} the goal ≤ {GOAL_QUEUE_RATIO}"
        )

        # 2. The largest export rendered within a request.
        with app.app_context():
            ids = list(
                db.session.scalars(
                    sa.text("SELECT id FROM registrations ORDER BY id LIMIT :n"),
                    {"n": services.INLINE_LIMIT},
                )
            )
        inline_time, response = timed(
            lambda: client.post(
                f"/events/{slug}/manage/badges",
                data={"layout": "a4-8", "scope": "selected", "language": "en", "ids": ids},
            )
        )
        assert response.mimetype == "application/pdf"
        share = inline_time / WORKER_TIMEOUT
        print(
            f"  {services.INLINE_LIMIT} badges within the request  "
            f"    {inline_time * 1000:8.0f} ms   "
            f"{share:.2f} of the {WORKER_TIMEOUT:.0f} s worker timeout"
        )

        # 3. The printed agenda against the agenda page, for the organizer (venue shown).
        page = best(lambda: client.get(f"/events/{slug}/agenda"))
        first, _ = timed(lambda: client.get(f"/events/{slug}/agenda.pdf"))
        again = best(lambda: client.get(f"/events/{slug}/agenda.pdf"))
        print(f"agenda, {SESSIONS} sessions (organizer's copy, with the venue)")
        print(f"  agenda page (HTML)               {page * 1000:8.0f} ms")
        print(
            f"  agenda PDF, first render         {first * 1000:8.0f} ms   "
            f"ratio to the page {first / page:.0f}"
        )
        print(
            f"  agenda PDF, rendered copy kept   {again * 1000:8.0f} ms   "
            f"ratio to the page {again / page:.1f}"
        )
        visitor = app.test_client()
        rendered, _ = timed(lambda: visitor.get(f"/events/{slug}/agenda.pdf?lang=es"))
        cached = best(lambda: visitor.get(f"/events/{slug}/agenda.pdf?lang=es"), rounds=20)
        print(f"  visitor's copy (es), rendered    {rendered * 1000:8.0f} ms")
        print(
            f"  visitor's copy, page cache       {cached * 1000:8.2f} ms   "
            f"ratio {cached / rendered:.4f}"
        )

        # 4. The attendee list.
        csv_time = best(lambda: client.get(f"/events/{slug}/manage/attendees.csv"))
        screen = best(lambda: client.get(f"/events/{slug}/manage/attendees"))
        print(f"attendee list, {PEOPLE:,} people")
        print(f"  CSV                              {csv_time * 1000:8.0f} ms")
        print(f"  on screen                        {screen * 1000:8.0f} ms")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
