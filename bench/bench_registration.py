"""Registration pages under load, as ratios against a bare Flask endpoint.

Builds a temporary SQLite database (migrated, 60 registrations with four answers each, two
of them encrypted), then serves it with gunicorn and measures, signed in:
* the registration form of a member (questions in their language, privacy notice);
* the team's registrations list (decrypts answers and writes one audit entry per view);
* the participant list (profile visibility decided for every listed person).
Bounded: about 3 seconds per page.
"""

from __future__ import annotations

import http.client
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import gunicorn, measure, report  # noqa: E402

PASSWORD = "bench passphrase for registration"  # noqa: S105 - throwaway accounts in a temp DB
PEOPLE = 60
SECONDS = 3.0


def build_database(env: dict[str, str]) -> str:
    """Migrate and fill the database; returns the event's slug."""
    os.environ.update(env)
    from datetime import timedelta

    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.events.models import Event, EventText
    from forum.events.registration import services
    from forum.events.registration.questions import services as question_services
    from forum.events.registration.questions.services import ChoiceInput, QuestionInput
    from forum.extensions import db
    from forum.models import Role, utcnow
    from forum.profiles.services import save_profile

    app = create_app()
    with app.app_context():
        upgrade()
        organizer = create_user("organizer", "Organizer", PASSWORD, roles=(Role.ORGANIZER,))
        event = Event(
            slug="bench-seminar",
            kind="seminar",
            status="published",
            starts_at=utcnow() + timedelta(days=30),
            ends_at=utcnow() + timedelta(days=32),
            capacity=40,
        )
        event.texts = [EventText(locale="en", title="Bench seminar")]
        event.organizers = [organizer]
        db.session.add(event)
        db.session.flush()
        labels = {"en": "Dietary needs", "es": "Necesidades alimentarias"}
        diet = question_services.create_question(
            event,
            QuestionInput(
                "multiple_choice", "dietary", False, True, labels,
                [ChoiceInput(None, {"en": "Vegetarian"}), ChoiceInput(None, {"en": "Halal"})],
            ),
        )  # fmt: skip
        access = question_services.create_question(
            event, QuestionInput("long_text", "accessibility", False, True, {"en": "Access"})
        )
        country = question_services.create_question(
            event, QuestionInput("country", "other", True, False, {"en": "Country"})
        )
        note = question_services.create_question(
            event, QuestionInput("short_text", "other", False, False, {"en": "Anything else?"})
        )
        db.session.commit()
        for number in range(PEOPLE):
            user = create_user(f"person{number}", f"Person {number}", PASSWORD)
            save_profile(
                user,
                {
                    "legal_name": f"Legal Name {number}",
                    "legal_name_visibility": "organizers",
                    "country": "CO",
                    "country_visibility": "members",
                    "pronouns": "they",
                    "pronouns_visibility": "participants",
                },
            )
            db.session.commit()
            answers = {
                diet.id: ["c1"],
                access.id: "Step-free access",
                country.id: "CO",
                note.id: "Arriving late",
            }
            request = services.RegistrationRequest("", "en", "participants", True, answers)
            services.register(event.id, user, request)
            db.session.commit()
        return event.slug


def session_cookie(base_url: str, username: str) -> str:
    """Sign in through the real form (CSRF and all); returns the Cookie header."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
    connection.request(
        "POST",
        "/auth/login",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";", 1)[0]


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
        }
        slug = build_database(env)
        with gunicorn("bench.bare:app", env) as bare_url:
            baseline = measure(bare_url, "/", seconds=SECONDS)
        print(report("bare Flask", baseline))
        with gunicorn("wsgi:app", env) as url:
            member = {"Cookie": session_cookie(url, "person1")}
            organizer = {"Cookie": session_cookie(url, "organizer")}
            pages = [
                ("registration form (member)", f"/events/{slug}/register", member),
                ("participant list (40 listed)", f"/events/{slug}/participants", member),
                ("registrations list (50/page)", f"/events/{slug}/manage/registrations", organizer),
            ]
            for label, path, headers in pages:
                result = measure(url, path, seconds=SECONDS, headers=headers)
                print(report(label, result, baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
