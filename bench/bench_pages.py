"""Every page people use, signed in and not, on SQLite and PostgreSQL, measured with wrk.

For each engine: a database built through the migrations and the demo seed, plus a thread
with 200 replies, an event with a 300-session agenda and 2,000 registrations. It is served
by gunicorn (2 gthread workers x 4 threads, as `bench/serving.py`), next to `bench/bare.py`
served the same way; `wrk -t2 -c8` (a compiled driver, so the load does not eat the
server's CPU) measures each page for a couple of seconds, and the bare endpoint between
every few pages. Each page is reported as a ratio of its requests per second to the bare
endpoint's, measured in the same run: this machine is shared and absolute figures are
noise.

Signed-in pages are read with a real session (the sign-in form, and the two-factor code for
the organizer), so they pay what a person pays: loading the account, the session checks,
the unread count, and no anonymous page cache. Visitors' pages are measured with the page
cache off ("uncached") and, for two pages, on ("cached").

    python bench/bench_pages.py [--seconds 2] [--sqlite-only] [--only WORD]

About two minutes with the defaults. Goals (issue 19): signed-in pages >= 0.10, visitors'
pages uncached >= 0.15, staff pages >= 0.05.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import psutil
import sqlalchemy as sa
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402
from bench.agenda_data import add_sessions  # noqa: E402
from bench.serving import gunicorn  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get(
    "FORUM_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REPLIES = 200
SESSIONS = 300
REGISTRATIONS = 2000
MEMBER, ORGANIZER = "tenzin", "organizer"
GOALS = {"member": 0.10, "organizer": 0.10, "visitor": 0.15, "visitor cached": 0.15}
STAFF_GOAL = 0.05
FEWEST = 20  # requests a page needs in its run for its figures to count
SECONDS_IF_BUSY = 6
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    who: str  # member, organizer, visitor, visitor cached
    label: str
    path: str
    staff: bool = False


def settings(url: str, instance: Path, keys: dict[str, str]) -> dict[str, str]:
    return {
        **keys,
        "FORUM_DATABASE_URL": url,
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_LOG_LEVEL": "WARNING",
        # Sign-ins are not what is measured; keep the few of the set-up quick.
        "FORUM_PASSWORD_TIME_COST": "1",
        "FORUM_PASSWORD_MEMORY_KIB": "8",
    }


def build(env: dict[str, str]) -> dict[str, str]:
    """Migrate, load the demo and the large pieces; returns the paths the pages need."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from forum import create_app
    from forum.demo import STEPS, library
    from forum.events import services as events
    from forum.events.registration.models import Answer, Question, Registration
    from forum.exchanges import services as exchanges
    from forum.extensions import db
    from forum.models import User, utcnow

    app = create_app({**env, "FORUM_ENV": "development"})
    with app.app_context():
        upgrade()
        for step in STEPS:  # the demo, without the library's files (slow, not measured)
            if step.__module__ != library.__name__:
                list(step())
                db.session.commit()
        users = {u.username: u for u in db.session.scalars(sa.select(User))}
        member, organizer = users[MEMBER], users[ORGANIZER]
        # The member's own long thread: 200 replies from the other demo members.
        thread = exchanges.create_thread(
            member,
            title="Rotating legal support for defenders held at checkpoints",
            body="How do your networks keep a lawyer on call for people stopped at night?",
            language="en",
            tags=exchanges.Tags(regions=["americas"], countries=[], risks=["criminalisation"]),
            visibility="members",
        )
        others = [u for name, u in users.items() if name not in (MEMBER, "admin")]
        for number in range(REPLIES):
            exchanges.reply(
                others[number % len(others)],
                thread,
                body=f"Reply {number}: our rota has two lawyers a night and a phone tree.",
                language="en",
            )
        db.session.commit()
        # An event of the organizer's with a busy agenda and 2,000 registrations.
        starts_at = utcnow().replace(hour=14, minute=0, second=0, microsecond=0)
        event = events.create_event(
            organizer,
            events.EventData(
                kind="conference",
                default_locale="es",
                texts={
                    code: events.EventTextData(
                        title=f"Encuentro regional de protección ({code})",
                        summary="Tres días sobre redes comunitarias de alerta temprana.",
                        description="## Programa\n\n- análisis de riesgo\n- defensa legal",
                    )
                    for code in ("en", "es", "fr", "pt", "ar")
                },
                timezone="America/Bogota",
                starts_at=starts_at + timedelta(days=20),
                ends_at=starts_at + timedelta(days=23),
                venue_name="Casa Semilla de Paz",
                city="Bogotá",
                country="CO",
                capacity=None,
                requires_approval=True,
            ),
        )
        events.publish_event(event)
        add_sessions(event, SESSIONS)
        hashed = member.password_hash
        people = [
            User(username=f"person{n}", display_name=f"Person {n}", password_hash=hashed)
            for n in range(REGISTRATIONS)
        ]
        db.session.add_all(people)
        db.session.flush()
        # Two questions for the table's filters: the country (plain) and a sensitive one
        # (encrypted), answered by everyone.
        country_q = Question(event_id=event.id, kind="country", labels={"en": "Country"})
        needs_q = Question(
            event_id=event.id,
            kind="yes_no",
            sensitive=True,
            labels={"en": "Do you need step-free access?"},
            position=1,
        )
        db.session.add_all([country_q, needs_q])
        db.session.flush()
        countries = ("CO", "SN", "LB", "BR", "KE", "PH", "MX", "UA")
        registrations = [
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=("approved", "pending", "approved", "declined")[n % 4],
                badge_name=f"Person {n}" if n % 3 == 0 else None,
                locale=("en", "es", "fr", "pt", "ar")[n % 5],
                answers=[
                    Answer(question_id=country_q.id, value=f'"{countries[n % 8]}"'),
                    Answer(question_id=needs_q.id, secret='"yes"' if n % 7 else '"no"'),
                ],
            )
            for n, person in enumerate(people)
        ]
        db.session.add_all(registrations)
        db.session.commit()
        paths_extra = {"yes_no": f"{needs_q.id}:yes"}
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        paths = {"event": event.slug, "thread": f"{thread.id}", **paths_extra}
        db.session.remove()
        db.engine.dispose()
    return paths


def pages(paths: dict[str, str]) -> list[Page]:
    event, thread = paths["event"], paths["thread"]
    signed_in = [
        ("home", "/"),
        ("events", "/events/"),
        ("event page", f"/events/{event}/"),
        (f"agenda ({SESSIONS} sessions)", f"/events/{event}/agenda"),
        ("exchanges list", "/exchanges/"),
        (f"thread ({REPLIES} replies)", f"/exchanges/{thread}"),
        ("search (?q=phone)", "/exchanges/?q=phone"),
        ("notifications", "/exchanges/notifications"),
        ("account", "/account/"),
        ("insights", "/insights/"),
    ]
    staff = [
        (f"registrations ({REGISTRATIONS})", f"/events/{event}/manage/registrations"),
        # The table at scale: a badge-name search (decrypts 2,000 names), a country filter
        # sorted by name, a sensitive answer (decrypts 2,000 answers), a deep page.
        ("registrations ?q=person 1", f"/events/{event}/manage/registrations?q=person+1"),
        (
            "registrations ?country=CO&sort=name",
            f"/events/{event}/manage/registrations?country=CO&sort=name",
        ),
        (
            "registrations ?answer=(sensitive)",
            f"/events/{event}/manage/registrations?answer={paths['yes_no']}",
        ),
        ("registrations ?page=20", f"/events/{event}/manage/registrations?page=20"),
        ("badges", f"/events/{event}/manage/badges"),
        ("check-in", f"/events/{event}/manage/check-in"),
    ]
    visitor = [
        ("home", "/"),
        ("events", "/events/"),
        ("event page", f"/events/{event}/"),
        (f"agenda ({SESSIONS} sessions)", f"/events/{event}/agenda"),
        ("exchanges list", "/exchanges/"),
        ("sign-in page", "/auth/login"),
    ]
    return [
        *(Page("member", label, path) for label, path in signed_in),
        *(Page("organizer", label, path) for label, path in signed_in[:5]),
        *(Page("organizer", label, path, staff=True) for label, path in staff),
        *(Page("visitor", label, path) for label, path in visitor),
        *(Page("visitor cached", label, path) for label, path in visitor[2:5]),
    ]


# --- signing in ---------------------------------------------------------------------------


def _request(
    base: str, method: str, path: str, cookie: str, body: dict[str, str] | None = None
) -> tuple[int, str, str]:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=urlencode(body) if body else None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    for set_cookie in response.headers.get_all("Set-Cookie") or ():
        if set_cookie.startswith("forum_session="):
            cookie = set_cookie.split(";", 1)[0]
    connection.close()
    return response.status, text, cookie


def sign_in(base: str, username: str) -> str:
    """The Cookie header of a fresh session, through the real forms (and the code)."""
    import pyotp

    from forum.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET

    password = next(p for _, name, *_, p in DEMO_ACCOUNTS if name == username)
    _, page, cookie = _request(base, "GET", "/auth/login", "")
    token = CSRF.search(page).group(1)
    form = {"username": username, "password": password, "csrf_token": token}
    status, _, cookie = _request(base, "POST", "/auth/login", cookie, form)
    if status != 302:
        raise RuntimeError(f"sign-in of {username} answered {status}")
    _, page, cookie = _request(base, "GET", "/auth/login/code", cookie)
    match = CSRF.search(page)
    if match and 'name="code"' in page:
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        form = {"code": code, "csrf_token": match.group(1)}
        status, _, cookie = _request(base, "POST", "/auth/login/code", cookie, form)
        if status != 302:
            raise RuntimeError(f"two-factor step of {username} answered {status}")
    return cookie


def check(base: str, page: Page, cookie: str) -> None:
    """Each page answers 200 and, signed in, as that person: else the figure lies."""
    status, text, _ = _request(base, "GET", page.path, cookie)
    if status != 200:
        raise RuntimeError(f"{page.who} {page.label} ({page.path}) answered {status}")
    if cookie and 'action="/auth/logout"' not in text:
        raise RuntimeError(f"{page.who} {page.label}: not signed in")


# --- measuring ----------------------------------------------------------------------------


def server_processes(base: str) -> list[psutil.Process]:
    """The gunicorn master and workers serving `base` (found by their --bind address)."""
    bind = base.removeprefix("http://")
    found = []
    for process in psutil.process_iter(["cmdline"]):
        line = " ".join(process.info["cmdline"] or ())
        if "gunicorn" in line and f"--bind {bind}" in line:
            found.append(process)
    return found


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def measure(
    base: str, path: str, seconds: float, headers: dict[str, str]
) -> tuple[wrk.Result, float]:
    """wrk's result and the server's CPU milliseconds per request: on a machine shared
    with other work, CPU per request moves much less than requests per second."""
    processes = server_processes(base)
    before = cpu_seconds(processes)
    result = wrk.run(f"{base}{path}", seconds=seconds, headers=headers)
    spent = cpu_seconds(processes) - before
    return result, spent * 1000 / max(result.requests, 1)


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    name = f"forum_bench_pages_{os.getpid()}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL not reachable ({error.__class__.__name__}): skipped.")
        admin.dispose()
        yield None
        return
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def measure_engine(
    name: str,
    url: str,
    instance: Path,
    keys: dict[str, str],
    seconds: float,
    only: str,
    pick: Callable[[Page], bool] | None = None,
) -> list[tuple[Page, float, wrk.Result, float, float]]:
    """Build the data, serve it and measure the pages whose "who page" holds `only` (and
    that `pick` keeps, when given), with the bare endpoint in the same run."""
    env = settings(url, instance, keys)
    started = time.perf_counter()
    paths = build(env)
    print(f"{name}: data built in {time.perf_counter() - started:.0f} s", flush=True)
    # No worker recycling during the run (gunicorn.conf.py's max_requests): a restart in
    # the middle of a page's few seconds would be measured as that page's cost.
    os.environ["GUNICORN_MAX_REQUESTS"] = "0"
    served = {**env, "FORUM_ENV": "production", "FORUM_ANON_CACHE_SECONDS": "0"}
    cached = {**served, "FORUM_ANON_CACHE_SECONDS": "10"}
    chosen = [p for p in pages(paths) if only in f"{p.who} {p.label}" and (pick is None or pick(p))]
    rows: list[tuple[Page, float, wrk.Result, float, float]] = []
    with (
        gunicorn("bench.bare:app") as bare_url,
        gunicorn("wsgi:app", env=served) as app_url,
        gunicorn("wsgi:app", env=cached) as cached_url,
    ):
        for base in (bare_url, app_url, cached_url):  # every worker has booted
            for _ in range(4):
                _request(base, "GET", "/", "")
        cookies = {"visitor": "", "visitor cached": ""}
        cookies["member"] = sign_in(app_url, MEMBER)
        cookies["organizer"] = sign_in(app_url, ORGANIZER)
        bare_runs: list[float] = []
        bare_cpu: list[float] = []

        def bare() -> None:
            result, cpu = measure(bare_url, "/", seconds, {})
            bare_runs.append(result.rps)
            bare_cpu.append(cpu)

        for number, page in enumerate(chosen):
            base = cached_url if page.who == "visitor cached" else app_url
            check(base, page, cookies[page.who])
            if number % 4 == 0:
                bare()
            headers = {"Cookie": cookies[page.who]} if cookies[page.who] else {}
            result, cpu = measure(base, page.path, seconds, headers)
            rows.append((page, bare_runs[-1], result, cpu, bare_cpu[-1]))
        bare()
    spread = (max(bare_runs) - min(bare_runs)) / statistics.mean(bare_runs)
    print(
        f"{name}: bare Flask {statistics.mean(bare_runs):.0f} req/s "
        f"(over {len(bare_runs)} runs, spread {spread:.0%}: the noise of this machine), "
        f"{statistics.median(bare_cpu):.2f} ms of server CPU per request"
    )
    return rows


def table(name: str, rows: list[tuple[Page, float, wrk.Result, float, float]]) -> bool:
    """Prints one engine's table; True when every goal holds."""
    print(f"\n{name}")
    print(f"{'who':<15} {'page':<26} {'ratio':>6} {'goal':>5} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'err':>4} {'CPU ms':>7} "
          f"{'CPU ratio':>9}")  # fmt: skip
    held = True
    for page, bare, result, cpu, bare_cpu in rows:
        if result.requests < FEWEST:
            # Slower than the run is long: a figure from a handful of requests is noise.
            print(
                f"{page.who:<15} {page.label:<26} only {result.requests} requests: the "
                f"machine is too busy; run again with --seconds {SECONDS_IF_BUSY}"
            )
            held = False
            continue
        ratio = result.rps / bare if bare else 0.0
        goal = STAFF_GOAL if page.staff else GOALS[page.who]
        ok = ratio >= goal and not result.errors
        held &= ok
        print(
            f"{page.who:<15} {page.label:<26} {ratio:6.3f} {goal:5.2f} {result.rps:7.1f} "
            f"{result.p50_ms:7.1f} {result.p95_ms:7.1f} {result.p99_ms:7.1f} "
            f"{result.errors:4d} {cpu:7.1f} {bare_cpu / cpu if cpu else 0:9.3f}"
            f"{'' if ok else '  <- misses'}"
        )
    return held


def bench_keys() -> dict[str, str]:
    """Throwaway secrets for one benchmark run (a fresh data key each time)."""
    return {
        "FORUM_SECRET_KEY": "bench-secret-key-not-for-real-use",
        "FORUM_DATA_KEYS": Fernet.generate_key().decode(),
        "FORUM_ANON_KEY": "bench-anonymous-posting-key-not-for-real-use",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 2)))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--only", default="", help="only pages whose 'who page' has this")
    args = parser.parse_args()
    if not wrk.available():
        print("wrk is missing: `scripts/system-deps bench` installs it.")
        return 1
    keys = bench_keys()
    held = True
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        results = {
            "SQLite": measure_engine("SQLite", sqlite_url, Path(tmp), keys, args.seconds, args.only)
        }
        if not args.sqlite_only:
            with scratch_postgres() as postgres_url:
                if postgres_url:
                    results["PostgreSQL"] = measure_engine(
                        "PostgreSQL", postgres_url, Path(tmp), keys, args.seconds, args.only
                    )
        for name, rows in results.items():
            held &= table(name, rows)
    print("\nevery goal holds" if held else "\nsome goals are missed (marked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
