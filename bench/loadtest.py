"""Load and fault test: gunicorn (our gunicorn.conf.py) + PostgreSQL on loopback.

`make loadtest` runs, in about two and a half minutes:

1. A private, throwaway PostgreSQL cluster (initdb in a temporary folder, its own port
   and socket; the machine's shared server is never touched), migrated and loaded with
   the demo data, plus LOADTEST_USERS members and four events with small capacities.
2. Load: LOADTEST_USERS simulated people (threads, each with its own keep-alive
   connection, cookies and CSRF tokens) for LOADTEST_SECONDS: they sign in, then browse
   events and exchanges, search, register for events (sometimes double-clicking, i.e.
   the same form sent twice at once) and post replies. Throughput, p50/p95 latency and
   errors are printed; the goal is no error at all.
3. Fault: one gunicorn worker killed with SIGKILL during load. Requests that were inside
   it fail with it (counted and shown); every later one must succeed.
4. Fault: PostgreSQL restarted during load. While it is down every answer must be 503
   with the error page in the visitor's language; afterwards the same gunicorn (no
   restart) must answer normally again by itself.
5. Invariants, read in the database: no event over capacity, no duplicate registration,
   every reply (and registration) answered with success is there exactly once, none
   answered with a failure (503, 500...) is there, each thread's reply counter matches
   its replies. A reply whose answer failed is sent again (up to REPLY_TRIES times), as a
   person would; the form's key (exchanges' `once`) makes that one reply even when the
   lost answer hid a saved reply, so one whose connection dropped is there at most once.

Exit status 0 only if the clean load had no error and every check held.

Rate limits are off for this run: all simulated people come from one loopback address
and would be throttled by design (the limits are tested in tests/production). Passwords
are hashed with argon2id at 19 MiB and 2 passes (the OWASP minimum) rather than the
default 64 MiB, so that fifty sign-ins at once fit any CI machine.

Settings (environment): LOADTEST_SECONDS (60), LOADTEST_USERS (50), LOADTEST_FAULT_SECONDS
(12 per fault), WEB_CONCURRENCY / GUNICORN_THREADS (gunicorn.conf.py's defaults).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
FAULT_SECONDS = float(os.environ.get("LOADTEST_FAULT_SECONDS", "12"))
PASSWORD = "load test passphrase, throwaway"  # noqa: S105 - accounts in a temporary cluster
LANGUAGES = ("en", "es", "fr", "pt", "ar")
SEARCH_WORDS = ("lawyers", "network", "protección", "surveillance", "réseau", "rota", "risk")
CAPACITIES = (3, 10, 25, 200)
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ONCE = re.compile(r'name="once" type="hidden" value="([^"]+)"')
# A reply whose answer failed (or never came) is sent again, as a person does, this many
# times at most, this many seconds apart: the form's key makes it one reply whatever happened.
REPLY_TRIES = 6
REPLY_RETRY_SECONDS = 2.0


# Events each person has registered for already, and their cookies: people stay signed
# in from one phase of the run to the next.
TRIED_EVENTS: dict[str, set[str]] = {}
COOKIES: dict[str, dict[str, str]] = {}


def say(text: str) -> None:
    print(text, flush=True)


# --- a private PostgreSQL cluster --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    if not pg_ctl:
        raise SystemExit("PostgreSQL server binaries (pg_ctl, initdb) not found.")
    return Path(pg_ctl).parent


class Cluster:
    """initdb in a temporary folder; started on its own port; removed at the end."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="convene-loadtest-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb refuses to run as root: the cluster belongs to postgres
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync")  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=64MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def url(self, database: str = "convene") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the app: data, then gunicorn ----------------------------------------------------------


def app_environment(database_url: str, instance: Path) -> dict[str, str]:
    return {
        "FORUM_ENV": "production",
        "FORUM_SECRET_KEY": secrets.token_hex(32),
        "FORUM_DATA_KEYS": Fernet.generate_key().decode(),
        "FORUM_ANON_KEY": secrets.token_hex(32),
        "FORUM_DATABASE_URL": database_url,
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_PASSWORD_MEMORY_KIB": "19456",
        "FORUM_PASSWORD_TIME_COST": "2",
        "FORUM_DB_POOL_TIMEOUT": "5",
        "FORUM_LOG_LEVEL": "ERROR",
    }


@dataclass
class Site:
    users: list[str]
    events: list[str]
    threads: list[int]


def build_site(env: dict[str, str]) -> Site:
    """Migrate, load the demo, add the load-test members and events."""
    os.environ.update(env)
    from datetime import timedelta

    from flask_migrate import upgrade

    from forum import create_app
    from forum.auth.services import create_user
    from forum.demo import seed
    from forum.events.models import Event, EventStatus, EventText
    from forum.exchanges.labels import Visibility
    from forum.exchanges.models import Thread
    from forum.extensions import db
    from forum.models import utcnow

    app = create_app({"FORUM_ENV": "development"})  # the demo refuses production
    with app.app_context():
        upgrade()
        seed()
        users = [f"load{n:03d}" for n in range(USERS)]
        for n, name in enumerate(users):
            create_user(name, f"Load {n}", PASSWORD)
        events = []
        for n, capacity in enumerate(CAPACITIES):
            starts = utcnow() + timedelta(days=20 + n)
            event = Event(
                slug=f"load-seminar-{n}",
                kind="seminar",
                status=EventStatus.PUBLISHED.value,
                starts_at=starts,
                ends_at=starts + timedelta(days=1),
                timezone="UTC",
                default_locale="en",
                published_at=utcnow(),
                capacity=capacity,
            )
            event.texts = [EventText(locale="en", title=f"Load seminar {n}", summary="")]
            db.session.add(event)
            events.append(event.slug)
        db.session.commit()
        open_to_members = [Visibility.PUBLIC.value, Visibility.MEMBERS.value]
        threads = list(
            db.session.scalars(
                sa.select(Thread.id).where(
                    Thread.visibility.in_(open_to_members),
                    Thread.hidden_at.is_(None),
                    Thread.locked_at.is_(None),
                    Thread.deleted_at.is_(None),
                )
            )
        )
        db.session.remove()
        db.engine.dispose()
    if not threads:
        raise SystemExit("The demo data has no open exchange to reply to.")
    return Site(users=users, events=events, threads=threads)


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        settings = {
            **{k: v for k, v in os.environ.items() if not k.startswith("FORUM_")},
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=settings,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.1)
        # Workers boot one after the other: wait until their number stops changing.
        count, steady = -1, 0
        while steady < 5 and time.monotonic() < deadline:
            now = len(self.workers())
            steady = steady + 1 if now == count else 0
            count = now
            time.sleep(0.2)

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- simulated people --------------------------------------------------------------------


@dataclass
class Record:
    at: float
    action: str
    status: int  # 0: no answer (connection failed)
    seconds: float
    body: str = ""


@dataclass
class Tally:
    records: list[Record] = field(default_factory=list)
    replies_ok: list[str] = field(default_factory=list)
    replies_failed: list[str] = field(default_factory=list)
    replies_unsure: list[str] = field(default_factory=list)
    registered: list[tuple[str, str]] = field(default_factory=list)
    unregistered_failed: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


class Person:
    """One browser: a keep-alive connection, cookies, a language."""

    def __init__(self, port: int, username: str, language: str, tally: Tally) -> None:
        self.port = port
        self.username = username
        self.language = language
        self.tally = tally
        self.cookies = COOKIES.setdefault(username, {})
        self.connection: http.client.HTTPConnection | None = None
        self.location = ""
        self.tried_events = TRIED_EVENTS.setdefault(username, set())
        self.resent = False  # the last request was sent again after its connection dropped

    def _send(self, method: str, path: str, body: str | None) -> tuple[int, str]:
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                # The server may close an idle keep-alive connection just as we reuse it;
                # a browser then sends again on a new one. A fresh connection failing is
                # a real failure.
                if reused and attempt == 1:
                    self.resent = True
                    continue
                raise
            self.location = urlsplit(response.getheader("Location", "")).path
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, text
        raise AssertionError("unreachable")

    def request(self, action: str, method: str, path: str, form: dict | None = None):
        """One request, timed and recorded; a GET answered with a permanent redirect is
        followed (e.g. to a public thread's address with its title), as a browser does."""
        status, text = self._timed(action, method, path, form)
        if method == "GET" and status in (301, 308) and self.location:
            status, text = self._timed(action, method, self.location, None)
        return status, text

    def _timed(self, action: str, method: str, path: str, form: dict | None):
        body = urlencode(form, doseq=True) if form is not None else None
        started = time.perf_counter()
        try:
            status, text = self._send(method, path, body)
        except OSError:
            status, text = 0, ""
            if self.connection is not None:
                self.connection.close()
            self.connection = None
        elapsed = time.perf_counter() - started
        self.tally.add(Record(time.monotonic(), action, status, elapsed, text if status else ""))
        return status, text

    def token(self, action: str, path: str) -> str | None:
        status, page = self.request(action, "GET", path)
        match = CSRF.search(page) if status == 200 else None
        return match.group(1) if match else None

    # -- what people do --

    def sign_in(self) -> bool:
        token = self.token("sign in", "/auth/login")
        if token is None:
            return False
        form = {"csrf_token": token, "username": self.username, "password": PASSWORD}
        status, _ = self.request("sign in", "POST", "/auth/login", form)
        return status == 302

    def browse_events(self, site: Site) -> None:
        self.request("events list", "GET", "/events/")
        self.request("event page", "GET", f"/events/{random.choice(site.events)}/")

    def browse_exchanges(self, site: Site) -> None:
        self.request("exchanges list", "GET", "/exchanges/")
        self.request("thread page", "GET", f"/exchanges/{random.choice(site.threads)}")

    def search(self, _site: Site) -> None:
        word = random.choice(SEARCH_WORDS)
        self.request("search", "GET", "/exchanges/?" + urlencode({"q": word}))

    def register(self, site: Site) -> None:
        left = [slug for slug in site.events if slug not in self.tried_events]
        if not left:
            return self.browse_events(site)
        slug = random.choice(left)
        self.tried_events.add(slug)
        path = f"/events/{slug}/register"
        token = self.token("registration form", path)
        if token is None:
            return None
        form = {"csrf_token": token, "locale": self.language, "badge_name": "",
                "listing": "nobody", "consent": "y", "submit": "Register"}  # fmt: skip
        if random.random() < 0.2:
            # A double click: the same form twice at once, on two connections.
            twin = Person(self.port, self.username, self.language, self.tally)
            twin.cookies = dict(self.cookies)  # (a copy: the twin's answer changes nothing)
            args = ("register twice", "POST", path, form)
            second = threading.Thread(target=twin.request, args=args)
            second.start()
            self.request("register twice", "POST", path, form)
            second.join()
            if twin.connection is not None:
                twin.connection.close()
        else:
            self.register_until_answered(path, slug, form)
        return None

    def register_until_answered(self, path: str, slug: str, form: dict) -> None:
        """Register; a failed answer is sent again, as a person does. "Already registered"
        (422) after a try whose answer was lost means that try registered."""
        unanswered = False
        for attempt in range(REPLY_TRIES):
            if attempt:
                time.sleep(REPLY_RETRY_SECONDS)
            action = "register" if attempt == 0 else "register again"
            status, _ = self.request(action, "POST", path, form)
            if status == 303 or (status == 422 and attempt):
                with self.tally.lock:
                    self.tally.registered.append((self.username, slug))
                return
            if status == 422:  # refused on the first try (e.g. the window closed)
                return
            unanswered = unanswered or not status or self.take_resent()
        if not unanswered:
            with self.tally.lock:
                self.tally.unregistered_failed.append((self.username, slug))

    def reply(self, site: Site) -> None:
        thread = random.choice(site.threads)
        status, page = self.request("thread page", "GET", f"/exchanges/{thread}")
        token, once = CSRF.search(page), ONCE.search(page)
        if status != 200 or token is None or once is None:
            return
        marker = f"loadtest-{secrets.token_hex(8)}"
        form = {"csrf_token": token.group(1), "once": once.group(1),
                "body": f"Same here: it worked for us. {marker}",
                "language": "en", "parent": "", "submit": "Send reply"}  # fmt: skip
        unanswered = False  # the request may have been processed: the outcome is unknown
        for attempt in range(REPLY_TRIES):
            if attempt:
                time.sleep(REPLY_RETRY_SECONDS)
            action = "reply" if attempt == 0 else "reply again"
            status, _ = self.request(action, "POST", f"/exchanges/{thread}/reply", form)
            unanswered = unanswered or not status or self.take_resent()
            if status in (302, 303):
                with self.tally.lock:
                    self.tally.replies_ok.append(marker)
                return
        with self.tally.lock:
            # Every try answered with a failure: nothing may be saved. If one of them lost
            # its connection it may have been saved, but at most once.
            (self.tally.replies_unsure if unanswered else self.tally.replies_failed).append(marker)

    def take_resent(self) -> bool:
        """Whether `_send` had to send the last request again on a new connection."""
        resent, self.resent = self.resent, False
        return resent


MIX = (
    (Person.browse_events, 25),
    (Person.browse_exchanges, 30),
    (Person.search, 15),
    (Person.register, 10),
    (Person.reply, 20),
)


def run_load(port: int, site: Site, users: list[str], seconds: float, tally: Tally,
             during: list[tuple[float, object]] | None = None) -> float:  # fmt: skip
    """Everyone signs in, then acts until the time is up; `during` runs (delay, fn) meanwhile.
    Returns the measured seconds (after sign-in)."""
    stop = threading.Event()
    signed_in = threading.Barrier(len(users) + 1)
    actions = [action for action, _ in MIX]
    weights = [weight for _, weight in MIX]

    def live(n: int, username: str) -> None:
        person = Person(port, username, LANGUAGES[n % len(LANGUAGES)], tally)
        ok = bool(person.cookies)
        if not ok:
            time.sleep(n * 0.02)  # people arrive over a second, not in one instant
            ok = person.sign_in()
        signed_in.wait()
        while ok and not stop.is_set():
            random.choices(actions, weights)[0](person, site)
            time.sleep(random.uniform(0, 0.2))  # reading time
        if person.connection is not None:
            person.connection.close()

    threads = [threading.Thread(target=live, args=(n, u), daemon=True) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    signed_in.wait()
    started = time.monotonic()
    for delay, action in during or []:
        time.sleep(max(0.0, started + delay - time.monotonic()))
        action()
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(60)
    return time.monotonic() - started


# --- figures -----------------------------------------------------------------------------

EXPECTED_STATUS = {
    # Browsing follows permanent redirects; the 301 itself is fine.
    "sign in": {200, 302},
    "register": {303},
    "register again": {303, 422},
    # Of a double click, one request registers and the other is told it is done already.
    "register twice": {303, 422},
    "reply": {303},
    "reply again": {303},
}


def is_error(record: Record) -> bool:
    return record.status not in EXPECTED_STATUS.get(record.action, {200, 301})


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def report(title: str, records: list[Record], seconds: float) -> int:
    errors = [r for r in records if is_error(r)]
    latencies = [r.seconds for r in records]
    say(f"\n== {title}")
    say(f"   requests      {len(records)} in {seconds:.1f} s = {len(records) / seconds:.1f} req/s")
    say(f"   latency       p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"mean {statistics.fmean(latencies) * 1000 if latencies else 0:.0f} ms")  # fmt: skip
    rate = len(errors) / len(records) * 100 if records else 0
    say(f"   errors        {len(errors)} ({rate:.2f} %)")
    by_action = Counter(r.action for r in records)
    say("   mix           " + ", ".join(f"{a} {n}" for a, n in by_action.most_common()))
    if errors:
        kinds = Counter((r.action, r.status) for r in errors)
        say("   error kinds   " + ", ".join(f"{a} → {s or 'no answer'}: {n}"
                                           for (a, s), n in kinds.most_common()))  # fmt: skip
    return len(errors)


# --- checks in the database --------------------------------------------------------------


def check_invariants(url: str, tally: Tally) -> list[str]:
    engine = sa.create_engine(url)
    problems = []
    with engine.connect() as conn:
        over = conn.execute(sa.text("""
            SELECT e.slug, e.capacity, count(r.id) FROM events e
            JOIN registrations r ON r.event_id = e.id AND r.status = 'approved'
            WHERE e.capacity IS NOT NULL GROUP BY e.id HAVING count(r.id) > e.capacity
        """)).all()  # fmt: skip
        problems += [f"event {slug} has {n} approved for {cap} seats" for slug, cap, n in over]
        doubles = conn.execute(sa.text("""
            SELECT event_id, user_id, count(*) FROM registrations
            GROUP BY event_id, user_id HAVING count(*) > 1
        """)).all()  # fmt: skip
        problems += [f"user {u} registered {n} times for event {e}" for e, u, n in doubles]
        bodies = Counter()
        for (body,) in conn.execute(
            sa.text("SELECT body FROM exchange_posts WHERE body LIKE '%loadtest-%'")
        ):
            for marker in re.findall(r"loadtest-[0-9a-f]{16}", body):
                bodies[marker] += 1
        lost = [m for m in tally.replies_ok if bodies[m] != 1]
        problems += [f"reply {m} answered 303 but stored {bodies[m]} times" for m in lost]
        half = [m for m in tally.replies_failed if bodies[m]]
        problems += [f"reply {m} answered with a failure but stored" for m in half]
        twice = [m for m in tally.replies_unsure if bodies[m] > 1]
        problems += [f"reply {m} sent again after a lost answer, stored twice" for m in twice]
        stored = {tuple(row) for row in conn.execute(sa.text("""
            SELECT u.username, e.slug FROM registrations r
            JOIN users u ON u.id = r.user_id JOIN events e ON e.id = r.event_id
        """))}  # fmt: skip
        problems += [f"{u} told registered for {e}, not stored" for u, e in tally.registered
                     if (u, e) not in stored]  # fmt: skip
        problems += [f"{u} told it failed for {e}, but registered"
                     for u, e in tally.unregistered_failed if (u, e) in stored]  # fmt: skip
        counters = conn.execute(sa.text("""
            SELECT t.id, t.reply_count, count(p.id) FROM exchange_threads t
            LEFT JOIN exchange_posts p ON p.thread_id = t.id AND NOT p.is_opening
                 AND p.deleted_at IS NULL AND p.hidden_at IS NULL
            GROUP BY t.id HAVING t.reply_count <> count(p.id)
        """)).all()  # fmt: skip
        problems += [f"thread {t} says {c} replies, has {n}" for t, c, n in counters]
        registered = conn.execute(sa.text("""
            SELECT e.slug, e.capacity, r.status, count(*) FROM registrations r
            JOIN events e ON e.id = r.event_id WHERE e.slug LIKE 'load-seminar-%'
            GROUP BY e.slug, e.capacity, r.status ORDER BY e.slug, r.status
        """)).all()  # fmt: skip
    engine.dispose()
    say("\n== Registrations per load-test event (capacity: status count)")
    for slug, capacity, status, count in registered:
        say(f"   {slug} ({capacity} seats): {status} {count}")
    say(f"   replies answered 303: {len(tally.replies_ok)}, "
        f"answered with a failure: {len(tally.replies_failed)}, "
        f"never answered: {len(tally.replies_unsure)}")  # fmt: skip
    say(f"   registrations answered 303: {len(tally.registered)}, "
        f"answered with a failure: {len(tally.unregistered_failed)}")  # fmt: skip
    return problems


def translated_unavailable() -> dict[str, str]:
    """The 503 page's title in each language, from our catalogs."""
    from babel.support import Translations

    titles = {}
    for language in LANGUAGES:
        catalog = Translations.load(str(ROOT / "translations"), [language])
        titles[language] = catalog.gettext("Temporarily unavailable")
    return titles


# --- the run -----------------------------------------------------------------------------


def main() -> int:
    failures: list[str] = []
    began = time.monotonic()
    cluster = Cluster()
    server = None
    instance = Path(tempfile.mkdtemp(prefix="convene-loadtest-instance-"))
    try:
        cluster.start()
        admin = sa.create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE convene"))
        admin.dispose()
        env = app_environment(cluster.url(), instance)
        site = build_site(env)
        server = Gunicorn(env, instance / "gunicorn.log")
        workers = len(server.workers())
        say(f"gunicorn (gunicorn.conf.py): {workers} workers × "
            f"{os.environ.get('GUNICORN_THREADS', '4')} threads; PostgreSQL "
            f"{cluster.bin.parts[-2]} (private cluster, port {cluster.port}); "
            f"{len(site.users)} people, {len(site.events)} events, "
            f"{len(site.threads)} open exchanges")  # fmt: skip
        say(f"ready in {time.monotonic() - began:.0f} s")

        # 1. Clean load.
        tally = Tally()
        seconds = run_load(server.port, site, site.users, SECONDS, tally)
        errors = report(f"Load: {len(site.users)} people for {SECONDS:.0f} s", tally.records,
                        seconds)  # fmt: skip
        if errors:
            failures.append(f"{errors} errors under load")

        # 2. A worker killed.
        fault_users = site.users[: max(10, len(site.users) // 2)]
        kill_tally = Tally()
        killed: dict[str, float] = {}

        def kill_a_worker() -> None:
            victim = random.choice(server.workers())
            killed["at"] = time.monotonic()
            os.kill(victim.pid, signal.SIGKILL)

        seconds = run_load(server.port, site, fault_users, FAULT_SECONDS, kill_tally,
                           during=[(FAULT_SECONDS / 3, kill_a_worker)])  # fmt: skip
        report("Fault: one gunicorn worker killed (SIGKILL)", kill_tally.records, seconds)
        # Requests inside the killed worker die with it; give them a second to surface.
        later = [r for r in kill_tally.records if r.at > killed["at"] + 1.0]
        later_errors = [r for r in later if is_error(r)]
        say(f"   after the kill: {len(later)} requests, {len(later_errors)} errors; "
            f"workers now {len(server.workers())} (was {workers})")  # fmt: skip
        if later_errors or not later:
            failures.append("requests failed after a worker was killed")

        # 3. PostgreSQL restarted.
        db_tally = Tally()
        window: dict[str, float] = {}

        def restart_postgres() -> None:
            window["down"] = time.monotonic()
            cluster.stop()
            time.sleep(3)
            cluster.start()
            window["up"] = time.monotonic()

        seconds = run_load(server.port, site, fault_users, FAULT_SECONDS + 5, db_tally,
                           during=[(FAULT_SECONDS / 3, restart_postgres)])  # fmt: skip
        report("Fault: PostgreSQL restarted (fast shutdown, 3 s down)", db_tally.records, seconds)
        titles = translated_unavailable()
        outage = [r for r in db_tally.records if window["down"] <= r.at <= window["up"] + 0.5]
        unavailable = [r for r in db_tally.records if r.status == 503]
        untranslated = [r for r in unavailable if not any(t in r.body for t in titles.values())]
        wrong = [r for r in db_tally.records if r.status >= 500 and r.status != 503
                 or r.status == 0]  # fmt: skip
        recovered = [r for r in db_tally.records if r.at > window["up"] + 0.5]
        first_ok = min((r.at for r in recovered if not is_error(r)), default=None)
        after_errors = [r for r in recovered if r.at > window["up"] + 5 and is_error(r)]
        say(
            f"   while down: {len(outage)} requests answered, {len(unavailable)} with 503 "
            f"({len(untranslated)} without the translated page); other failures {len(wrong)}"
        )
        say("   back to normal "
            + (f"{first_ok - window['up']:.1f} s after PostgreSQL was up, no restart"
               if first_ok else "never")
            + f"; errors from 5 s after: {len(after_errors)}")  # fmt: skip
        if not unavailable:
            failures.append("no 503 seen while PostgreSQL was down")
        if untranslated or wrong:
            failures.append("answers other than the translated 503 page during the outage")
        if first_ok is None or after_errors:
            failures.append("the app did not recover by itself after PostgreSQL came back")

        # 4. Invariants over everything that was done.
        everything = Tally(
            replies_ok=tally.replies_ok + kill_tally.replies_ok + db_tally.replies_ok,
            replies_failed=tally.replies_failed
            + kill_tally.replies_failed
            + db_tally.replies_failed,
            replies_unsure=tally.replies_unsure
            + kill_tally.replies_unsure
            + db_tally.replies_unsure,
            registered=tally.registered + kill_tally.registered + db_tally.registered,
            unregistered_failed=db_tally.unregistered_failed,
        )
        problems = check_invariants(cluster.url(), everything)
        say(
            "\n== Invariants: "
            + (
                "all hold (capacity, no duplicate, no lost or half-applied reply, reply counters)"
                if not problems
                else "BROKEN"
            )
        )
        for problem in problems[:20]:
            say(f"   {problem}")
        failures += problems
    finally:
        if server is not None:
            server.stop()
            if failures:
                kept = Path(tempfile.gettempdir()) / "convene-loadtest-gunicorn.log"
                shutil.copyfile(server.log, kept)
                say(f"\n== Server errors logged (last 40 lines; all in {kept})")
                lines = kept.read_text(errors="replace").splitlines()
                say("\n".join(lines[-40:]))
        cluster.remove()
        shutil.rmtree(instance, ignore_errors=True)
    say(f"\nWhole run: {time.monotonic() - began:.0f} s")
    say("\nRESULT: " + ("ok" if not failures else "FAILED: " + "; ".join(failures[:5])))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
