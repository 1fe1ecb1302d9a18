"""Shared fixtures: an app on a migrated database, clients, users and a query counter.

The schema is built once per run by the migrations (never `create_all`), on SQLite by
default or on PostgreSQL when FORUM_TEST_DATABASE_URL is set. Every test starts from
empty tables.

Under pytest-xdist (`-n 2`, as `make test` runs) every worker has a database of its own:
on SQLite a file in its own temporary folder, on PostgreSQL the database named by
FORUM_TEST_DATABASE_URL with the worker's name appended (`test_gw0`, `test_gw1`: created
when missing, on the same server, with the same credentials). Tests that use the Redis
database FORUM_TEST_REDIS_URL (which they empty) all run on one worker.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient

from forum import create_app
from forum.extensions import db as _db
from forum.models import Role, User
from forum.search.kinds import KINDS

# The xdist worker running this process ("gw0", "gw1"…), or "" without xdist.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_database_url(url: str, worker: str) -> str:
    """The worker's own database beside the one named: `…/test` → `…/test_gw0`."""
    if not url or not worker:
        return url
    parsed = sa.engine.make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


def _worker_redis_url(url: str, worker: str) -> str:
    """The worker's own Redis database below the one named: `/15` → gw0 `/15`, gw1 `/14`.

    Redis tests empty their database; two workers sharing one emptied each other's queue
    and rate limits (seen on PostgreSQL runs). Set before any test module reads it."""
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) - int(worker[2:])
    return urlunsplit(parts._replace(path=f"/{number % 16}"))


if os.environ.get("FORUM_TEST_REDIS_URL", "").strip():
    os.environ["FORUM_TEST_REDIS_URL"] = _worker_redis_url(
        os.environ["FORUM_TEST_REDIS_URL"].strip(), WORKER
    )
GIVEN_POSTGRES_URL = os.environ.get("FORUM_TEST_DATABASE_URL", "").strip()
POSTGRES_URL = _worker_database_url(GIVEN_POSTGRES_URL, WORKER)
WORKER_DATABASE_NOTE = "Made by the Convene tests for one xdist worker: wiped at every run."
TEST_SECRET = "test-secret-key-for-the-suite-only"
TEST_DATA_KEYS = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
TEST_ANON_KEY = "test-anonymity-key-for-the-suite-only-0123456789"
PASSWORD = "correct horse battery staple"
# Every privileged user made by `make_user` has two-factor sign-in with this secret;
# `login` and `browser_login` type its current code when the sign-in asks for one.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _database_url(tmp_dir: Path) -> str:
    if POSTGRES_URL:
        if POSTGRES_URL != GIVEN_POSTGRES_URL:
            _create_worker_database(GIVEN_POSTGRES_URL, POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_dir / 'test.sqlite3'}"


def _create_worker_database(given_url: str, worker_url: str) -> None:
    """Create the worker's database when missing, connected through the given one."""
    name = sa.engine.make_url(worker_url).database
    engine = sa.create_engine(given_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            found = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not found:
                # The name is the given database's (a URL the tester chose) plus "_gw<n>".
                quoted = conn.dialect.identifier_preparer.quote(name)
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
                conn.execute(sa.text(f"COMMENT ON DATABASE {quoted} IS '{WORKER_DATABASE_NOTE}'"))
    finally:
        engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in a fresh context, as in production.

    Tests keep an app context pushed for direct database access; without this, Flask
    would reuse it for every request, sharing `g` (and the signed-in user cached there)
    and the database session between requests, which hides real bugs.
    """

    def open(self, *args: Any, **kwargs: Any):  # noqa: ANN201
        return contextvars.Context().run(super().open, *args, **kwargs)

    def session_transaction(self, *args: Any, **kwargs: Any):  # noqa: ANN201
        return _isolated_cm(super().session_transaction(*args, **kwargs))


@contextmanager
def _isolated_cm(manager):  # noqa: ANN001, ANN202
    context = contextvars.Context()
    value = context.run(manager.__enter__)
    try:
        yield value
    except BaseException as error:
        if not context.run(manager.__exit__, type(error), error, error.__traceback__):
            raise
    else:
        context.run(manager.__exit__, None, None, None)


def make_app(database_url: str, instance: Path, **overrides: Any) -> Flask:
    settings: dict[str, Any] = {
        "TESTING": True,
        "FORUM_ENV": "testing",
        "FORUM_SECRET_KEY": TEST_SECRET,
        "FORUM_DATA_KEYS": ",".join(TEST_DATA_KEYS),
        "FORUM_ANON_KEY": TEST_ANON_KEY,
        "FORUM_DATABASE_URL": database_url,
        "FORUM_RATELIMIT_ENABLED": "0",
        "FORUM_PASSWORD_TIME_COST": "1",
        "FORUM_PASSWORD_MEMORY_KIB": "8",
        "FORUM_INSTANCE_PATH": str(instance),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
    }
    settings.update(overrides)
    os.environ["FORUM_INSTANCE_PATH"] = str(instance)
    app = create_app(settings)
    app.test_client_class = IsolatedClient
    _CREATED_APPS.append(app)
    return app


_CREATED_APPS: list[Flask] = []


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Close the connection pools of every app a test made, so none leaks into the next."""
    yield
    while _CREATED_APPS:
        made = _CREATED_APPS.pop()
        with made.app_context():
            _db.session.remove()
            _db.engine.dispose()


def reset_schema(engine: sa.Engine) -> None:
    """Drop everything so migrations start from nothing (the PostgreSQL DB is shared)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        else:
            tables = conn.execute(
                sa.text("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
            ).all()
            for name, _ in tables:
                if not name.startswith("sqlite_"):
                    conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}"'))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to the newest revision, once per test run (and worker)."""
    from flask_migrate import upgrade

    tmp = tmp_path_factory.mktemp("db")
    url = _database_url(tmp)
    app = make_app(url, tmp)
    with app.app_context():
        reset_schema(_db.engine)
        upgrade()
        _db.engine.dispose()
    yield url


def _uses_test_redis(module: object) -> bool:
    path = getattr(module, "__file__", None)
    return bool(path) and "FORUM_TEST_REDIS_URL" in Path(path).read_text(encoding="utf-8")


# tryfirst: xdist's own hook reads the group marks, so they must be there before it runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist (`--dist loadgroup`), the tests that empty the one test Redis database
    run on the same worker, one after the other: those whose module names the setting,
    and those that use the `shared_redis` fixture (which empties it)."""
    seen: dict[object, bool] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module not in seen:
            seen[module] = _uses_test_redis(module)
        # A module may reach Redis only through a fixture of its conftest (tests/queue):
        # the fixture's name counts as much as the setting's.
        if seen[module] or "shared_redis" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("redis"))


def empty_tables(engine: sa.Engine) -> None:
    """Empty every table a test may have filled; the same result as emptying them all.

    Most tests fill a handful of the tables, so one query first asks which hold rows and
    only those are emptied (PostgreSQL's TRUNCATE costs about the same for an empty table
    as for a full one, and it is most of a test's set-up time); on PostgreSQL every
    sequence that was used starts again at 1, as `TRUNCATE … RESTART IDENTITY` of all of
    them did.
    """
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    # Search kinds' typo-tolerance terms follow their index, which the rows of the tables
    # above empty (by foreign key or trigger); the migrations made these tables by hand.
    terms = [kind.terms_table for kind in KINDS.values()]
    # Table names come from our own metadata and search kinds, not from input.
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")"  # noqa: S608
        for name in tables + terms
    )
    with engine.begin() as conn:
        filled = set(conn.scalars(sa.text(probe)))
        if engine.dialect.name == "postgresql":
            truncate = [name for name in tables if name in filled]
            if truncate:
                quoted = ", ".join(f'"{name}"' for name in truncate)
                conn.execute(sa.text(f"TRUNCATE {quoted} CASCADE"))
            used = conn.scalars(
                sa.text(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)"
                    " FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
                )
            ).all()
            for sequence in used:
                conn.execute(sa.text(f"ALTER SEQUENCE {sequence} RESTART"))
        else:
            for name in tables:
                if name in filled:
                    conn.execute(sa.text(f'DELETE FROM "{name}"'))  # noqa: S608
        for name in terms:
            if name in filled:
                conn.execute(sa.text(f"DELETE FROM {name}"))  # noqa: S608


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        empty_tables(_db.engine)
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask):
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a user: `make_user("amina", roles=[Role.ADMIN])`.

    Users with a role get two-factor sign-in (secret `TOTP_SECRET`), as the roles
    require; `two_factor=False` makes one without it (to test that requirement), and
    `two_factor=True` gives it to a member.
    """
    from forum.auth.services import create_user
    from forum.auth.two_factor import turn_on

    counter = {"n": 0}

    def make(
        username: str | None = None,
        *,
        roles: tuple[Role, ...] | list[Role] = (),
        display_name: str | None = None,
        password: str = PASSWORD,
        two_factor: bool | None = None,
        **fields: Any,
    ) -> User:
        counter["n"] += 1
        name = username or f"user{counter['n']}"
        user = create_user(
            name, display_name or name.title(), password, roles=tuple(roles), **fields
        )
        if two_factor if two_factor is not None else bool(roles):
            turn_on(user, TOTP_SECRET, step=0)
        _db.session.commit()
        return user

    return make


def current_code(username: str) -> str:
    """The code the user's authenticator app shows now; the account may use it again.

    Tests sign the same person in several times within one 30-second step, which the
    app refuses as a replay; forgetting the last used step here keeps them simple.
    """
    import pyotp

    from forum.auth.services import normalise_username

    with _db.engine.begin() as conn:
        users = User.__table__
        conn.execute(
            sa.update(users)
            .where(users.c.username == normalise_username(username))
            .values(totp_last_step=None)
        )
    secret = _db.session.scalar(
        sa.select(User.totp_secret).where(User.username == normalise_username(username))
    )
    assert secret, f"{username} has no two-factor sign-in"
    return pyotp.TOTP(secret).now()


def login(client: FlaskClient, username: str, password: str = PASSWORD):
    """Sign in through the form, typing the current two-factor code when asked."""
    response = client.post(
        "/auth/login", data={"username": username, "password": password}, follow_redirects=False
    )
    if response.status_code == 302 and response.headers["Location"].startswith("/auth/login/code"):
        response = client.post("/auth/login/code", data={"code": current_code(username)})
    return response


@pytest.fixture
def login_as(client: FlaskClient, make_user) -> Callable[..., User]:
    """Create a user with the given roles and sign the test client in as them."""

    def sign_in(username: str | None = None, *roles: Role, **fields: Any) -> User:
        user = make_user(username, roles=roles, **fields)
        response = login(client, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """`with count_queries() as counter: ...; counter.count` — SQL statements issued."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK)", statement, re.I):
                counter.statements.append(statement)

        engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def csrf_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app with CSRF protection on, as in production."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        empty_tables(_db.engine)
        yield app
        _db.session.remove()
        _db.engine.dispose()


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)
