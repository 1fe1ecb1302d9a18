"""iCalendar downloads and the check-in search, as ratios against a bare Flask endpoint.

Builds a temporary SQLite database (migrated): a confidential conference with 300
sessions written in two languages, and a member approved for five events of 40 sessions
each. Serves it with gunicorn and measures:
* the agenda download of the 300-session conference, anonymous (no venue), next to the
  HTML agenda page of the same conference;
* the member's personal feed (200 sessions, venues included), without signing in.
Then, in-process, the check-in desk's search by badge name over 1,000 registrations
(badge names are encrypted, so each search decrypts them all). Bounded: about 3 s a page.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import gunicorn, measure, report  # noqa: E402

PASSWORD = "bench passphrase for calendars"  # noqa: S105 - throwaway accounts in a temp DB
SECONDS = 3.0
DESK_PEOPLE = 1000


def _event(slug: str, organizer, sessions: int, *, confidential: bool):  # noqa: ANN001, ANN202
    from datetime import timedelta

    from forum.events.models import Event, EventText, Session, SessionText
    from forum.extensions import db
    from forum.models import utcnow

    starts = (utcnow() + timedelta(days=30)).replace(hour=12, minute=0, second=0, microsecond=0)
    event = Event(
        slug=slug,
        kind="conference",
        status="published",
        timezone="America/Bogota",
        starts_at=starts,
        ends_at=starts + timedelta(days=5),
        venue_name="Casa Semilla de Paz",
        venue_address="Calle 45 # 12-30",
        city="Bogotá",
        country="CO",
        location_confidential=confidential,
    )
    event.texts = [EventText(locale="en", title=slug), EventText(locale="es", title=slug + " es")]
    event.organizers = [organizer]
    db.session.add(event)
    db.session.flush()
    for number in range(sessions):
        session = Session(
            event_id=event.id,
            starts_at=starts + timedelta(minutes=30 * number),
            ends_at=starts + timedelta(minutes=30 * number + 25),
            room=f"Room {number % 4}",
            speakers=["Doña Rosa", "J. P."],
            position=number,
        )
        session.texts = [
            SessionText(locale="en", title=f"Session {number}", description="Practical work."),
            SessionText(locale="es", title=f"Sesión {number}", description="Trabajo práctico."),
        ]
        db.session.add(session)
    db.session.flush()
    return event


def build_database(env: dict[str, str]) -> tuple[str, str, float]:
    """Fill the database; returns (conference slug, feed token, ms per desk search)."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.events.calendar.services import issue_feed
    from forum.events.checkin.services import search_by_name
    from forum.events.registration.models import Registration
    from forum.extensions import db
    from forum.models import Role

    app = create_app()
    with app.app_context(), app.test_request_context():
        upgrade()
        organizer = create_user("organizer", "Organizer", PASSWORD, roles=(Role.ORGANIZER,))
        conference = _event("bench-conference", organizer, 300, confidential=True)
        member = create_user("member", "Member", PASSWORD)
        for number in range(5):
            event = _event(f"bench-event-{number}", organizer, 40, confidential=number % 2 == 0)
            db.session.add(Registration(event_id=event.id, user_id=member.id, status="approved"))
        token = issue_feed(member)
        db.session.commit()
        people = [create_user(f"p{n}", f"Person {n}", PASSWORD) for n in range(DESK_PEOPLE)]
        db.session.add_all(
            Registration(
                event_id=conference.id,
                user_id=person.id,
                status="approved",
                badge_name=f"Badge Name {n}",
            )
            for n, person in enumerate(people)
        )
        db.session.commit()
        rounds = 10
        started = time.perf_counter()
        for _ in range(rounds):
            assert search_by_name(conference, "name 99")
        per_search = (time.perf_counter() - started) / rounds * 1000
        return conference.slug, token, per_search


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "FORUM_ENV": "development",
            "FORUM_INSTANCE_PATH": tmp,
            "FORUM_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "FORUM_SECRET_KEY": "bench-secret-key-not-for-production-use",
            "FORUM_DATA_KEYS": Fernet.generate_key().decode(),
            "FORUM_RATELIMIT_ENABLED": "0",
            "FORUM_PASSWORD_TIME_COST": "1",
            "FORUM_PASSWORD_MEMORY_KIB": "8",
            "FORUM_LOG_LEVEL": "WARNING",
            # Compare rendering with rendering: the HTML agenda is not served from memory.
            "FORUM_ANON_CACHE_SECONDS": "0",
        }
        slug, token, per_search = build_database(env)
        with gunicorn("bench.bare:app", env) as bare_url:
            baseline = measure(bare_url, "/", seconds=SECONDS)
        print(report("bare Flask", baseline))
        with gunicorn("wsgi:app", env) as url:
            pages = [
                ("agenda page, HTML (300 sessions)", f"/events/{slug}/agenda"),
                ("agenda.ics (300 sessions, anon)", f"/events/{slug}/agenda.ics?lang=es"),
                ("personal feed (200 sessions)", f"/calendar/{token}.ics"),
            ]
            for label, path in pages:
                print(report(label, measure(url, path, seconds=SECONDS), baseline))
        print(f"check-in search, {DESK_PEOPLE} encrypted badge names: {per_search:.1f} ms a search")
    return 0


if __name__ == "__main__":
    sys.exit(main())
