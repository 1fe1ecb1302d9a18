"""Event pages under load: the detail page and a 300-session agenda against bare Flask.

Builds a temporary SQLite database through the migrations and the services (200 events
written in all five languages, one of them with a three-day agenda of 300 sessions in
five rooms), serves the app and `bench/bare.py` with the same gunicorn settings, and
prints requests per second as a ratio to the bare endpoint. Goal: ≥ 0.3 for the detail
page. Pages and baseline are measured in turns, a few seconds each.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.agenda_data import LOCALES, add_sessions  # noqa: E402
from bench.serving import Result, gunicorn, measure, report  # noqa: E402 - needs the path above

SECONDS = float(os.environ.get("BENCH_SECONDS", "1.5"))
ROUNDS = 3
EVENTS = 200
SESSIONS = 300
DESCRIPTION = (
    "Two days for defenders to compare **what worked** in their protection plans.\n\n"
    "## Programme\n\n- risk analysis with communities\n- legal defence\n- digital care\n\n"
    "Interpretation is provided. Please do not photograph other participants."
)
GOAL = 0.3


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
    }


def build_data(env: dict[str, str]) -> tuple[str, str]:
    """Make the data through migrations and services; returns (detail slug, agenda slug)."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.events import services
    from forum.events.services import EventData, EventTextData
    from forum.extensions import db
    from forum.models import Role, utcnow

    app = create_app()
    with app.app_context():
        upgrade()
        organizer = create_user(
            "organizer", "Lucía", "bench organizer pass", roles=(Role.ORGANIZER,)
        )
        countries = ("CO", "SN", "LB", "BR", "KE", "PH", "MX", "UA", "NP", "GT")
        events = []
        for number in range(EVENTS):
            starts_at = (utcnow() + timedelta(days=10 + number)).replace(
                hour=14, minute=0, second=0, microsecond=0
            )
            event = services.create_event(
                organizer,
                EventData(
                    kind=("conference", "seminar", "forum", "workshop", "training")[number % 5],
                    default_locale="en",
                    texts={
                        code: EventTextData(
                            title=f"Collective protection seminar {number} ({code})",
                            summary="Two days on community early-warning networks.",
                            description=DESCRIPTION,
                        )
                        for code in LOCALES
                    },
                    timezone="America/Bogota",
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(days=3),
                    venue_name="Casa Semilla de Paz",
                    venue_address="Calle 45 # 12-30",
                    city="Bogotá",
                    country=countries[number % len(countries)],
                    location_confidential=number % 2 == 0,
                    capacity=80,
                    requires_approval=True,
                    interpretation_languages=["en", "es", "fr"],
                ),
            )
            services.publish_event(event)
            events.append(event)
        showcase = events[0]
        add_sessions(showcase, SESSIONS)
        db.session.commit()
        slug = showcase.slug
        db.session.remove()
        db.engine.dispose()
    return slug, slug


def combine(results: list[Result]) -> Result:
    return Result(
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        seconds=sum(r.seconds for r in results),
        latencies=[latency for r in results for latency in r.latencies],
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
        env = environment(Path(tmp))
        detail_slug, agenda_slug = build_data(env)
        pages = {
            "event detail": (f"/events/{detail_slug}/", None),
            "event detail (Spanish reader)": (f"/events/{detail_slug}/", {"Accept-Language": "es"}),
            f"agenda ({SESSIONS} sessions)": (f"/events/{agenda_slug}/agenda", None),
            "event list (20 of 200)": ("/events/", None),
            # The site's plainest page in the same layout: the floor under every page.
            "reference: sign-in page": ("/auth/login", None),
        }
        # Visitors who are not signed in get public pages from a short-lived cache
        # (forum/page_cache.py), as deployed; the same pages rendered on every request
        # are measured too, on a second server with the cache off.
        rendered = {f"{label}, rendered every time": spec for label, spec in pages.items()}
        runs: dict[str, list[Result]] = {
            "bare": [],
            **{label: [] for label in pages},
            **{label: [] for label in rendered},
        }
        # All servers stay up and are measured in turns, so a neighbour's load on this
        # shared machine weighs on the baseline and on our pages alike.
        uncached = {**env, "FORUM_ANON_CACHE_SECONDS": "0"}
        with (
            gunicorn("bench.bare:app") as bare_url,
            gunicorn("wsgi:app", env=env) as url,
            gunicorn("wsgi:app", env=uncached) as raw_url,
        ):
            for _ in range(ROUNDS):
                runs["bare"].append(measure(bare_url, "/", seconds=SECONDS))
                for label, (path, headers) in pages.items():
                    runs[label].append(measure(url, path, seconds=SECONDS, headers=headers))
                for label, (path, headers) in rendered.items():
                    runs[label].append(measure(raw_url, path, seconds=SECONDS, headers=headers))
        bare = combine(runs.pop("bare"))
        results = {label: combine(parts) for label, parts in runs.items()}
        print(report("bare Flask", bare))
        for label, result in results.items():
            print(report(label, result, bare))
        ratio = results["event detail"].rps / bare.rps if bare.rps else 0.0
        raw = results["event detail, rendered every time"].rps / bare.rps if bare.rps else 0.0
        verdict = "meets" if ratio >= GOAL else "misses"
        print(
            f"detail page ratio {ratio:.3f} {verdict} the goal of {GOAL} "
            f"(rendered on every request: {raw:.3f})"
        )
        return 1 if any(result.errors for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
