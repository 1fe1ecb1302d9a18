"""Browser tests: the real app served on 127.0.0.1, driven by Debian's Chromium.

Playwright drives Debian's `/usr/bin/chromium` (installed by `scripts/system-deps`, which
`make test` and CI run first); no browser is ever downloaded. Screenshots go to
`test-artifacts/screenshots/`, printed at the end of the run.

Each test module has one app served on one loopback port (`live_server`, `demo_server`);
every test still starts from empty tables (on the demo server, from freshly loaded demo
data) and with the rate limits cleared.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from forum import ROOT
from tests.conftest import _CREATED_APPS, current_code, empty_tables, make_app

CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 360, "height": 740}}
# Chromium's own background traffic is refused by this closed network; turn it off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `scripts/system-deps test` installs Debian's chromium "
            "(make test runs it first), or as root: apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@contextmanager
def _module_app(instance: Path, **overrides: object) -> Iterator[Flask]:
    """An app kept for the whole module (its engine is disposed at the end)."""
    from forum.extensions import db

    app = make_app(str(overrides.pop("database_url")), instance, **overrides)
    _CREATED_APPS.remove(app)  # kept for the module, disposed below
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def _each_test(app: Flask) -> Iterator[Flask]:
    """The module's app for one test: its settings back as they were and the rate limits
    cleared afterwards (the limiter is shared by every app of the process)."""
    from forum.extensions import db, limiter

    settings = dict(app.config)
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    if limiter.enabled:
        limiter.reset()
    try:
        with app.app_context():
            yield app
            db.session.remove()
    finally:
        app.config.clear()
        app.config.update(settings)


@pytest.fixture(scope="module")
def _live_module_app(database_url: str, tmp_path_factory) -> Iterator[Flask]:  # noqa: ANN001
    with _module_app(
        tmp_path_factory.mktemp("live"),
        database_url=database_url,
        WTF_CSRF_ENABLED=True,
        FORUM_RATELIMIT_ENABLED="1",
        SERVER_NAME=None,
    ) as app:
        yield app


@pytest.fixture(scope="module")
def _live_module_url(_live_module_app: Flask) -> Iterator[str]:
    yield from serve(_live_module_app)


@pytest.fixture
def live_app(_live_module_app: Flask) -> Iterator[Flask]:
    """The app as in production: CSRF on, rate limits on, on a fresh database."""
    with _each_test(_live_module_app) as app:
        from forum.extensions import db

        empty_tables(db.engine)
        yield app


def serve(app: Flask) -> Iterator[str]:
    """Run the app on a free loopback port in a thread for as long as the test needs it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def live_server(live_app: Flask, _live_module_url: str) -> str:
    """The module's server of `live_app` (one port per module, fresh tables per test)."""
    return _live_module_url


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., object]]:
    """Open a fresh browser context (no shared cookies): `new_page("phone", locale="es")`."""
    contexts = []

    def open_page(viewport: str = "desktop", locale: str = "en-US", **options: object):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """Save a full-page screenshot under test-artifacts/screenshots/<test>/<name>.png."""
    folder = SCREENSHOTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:  # noqa: ANN001
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if SCREENSHOTS.exists() and any(SCREENSHOTS.rglob("*.png")):
        terminalreporter.write_line(f"Browser screenshots: {SCREENSHOTS}")


def browser_login(page, base_url: str, username: str, password: str) -> None:  # noqa: ANN001
    """Sign in through the real form, as a person would (and through 2FA where needed).

    Fields are found by name, so this works whatever the page's language.
    """
    page.goto(base_url + "/auth/login")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    if "/auth/login/code" in page.url:
        page.locator("main input[name=code]").fill(current_code(username))
        with page.expect_navigation():
            page.locator("main form [type=submit]").click()


@pytest.fixture(scope="module")
def _demo_module_app(database_url: str, tmp_path_factory) -> Iterator[Flask]:  # noqa: ANN001
    with _module_app(
        tmp_path_factory.mktemp("demo"),
        database_url=database_url,
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
    ) as app:
        yield app


@pytest.fixture(scope="module")
def _demo_module_url(_demo_module_app: Flask) -> Iterator[str]:
    yield from serve(_demo_module_app)


@pytest.fixture
def demo_app(_demo_module_app: Flask) -> Iterator[Flask]:
    """The app with the demo data (`flask forum seed-demo`); rate limits off, as the
    tours sign many people in within a minute."""
    with _each_test(_demo_module_app) as app:
        from forum.demo import seed
        from forum.extensions import db

        empty_tables(db.engine)
        for _ in seed():
            pass
        db.session.commit()
        yield app


@pytest.fixture
def demo_server(demo_app: Flask, _demo_module_url: str) -> str:
    return _demo_module_url


def demo_login(page, base_url: str, username: str) -> None:  # noqa: ANN001
    """Sign a demo account in (its password and shared two-factor secret are public)."""
    import pyotp

    from forum.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET

    password = next(p for _, name, _, _, _, p in DEMO_ACCOUNTS if name == username)
    page.goto(base_url + "/auth/login")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    if "/auth/login/code" in page.url:
        page.locator("main input[name=code]").fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
        with page.expect_navigation():
            page.locator("main form [type=submit]").click()
    assert "/auth/login" not in page.url, f"{username} could not sign in"


def set_everyones_locale(locale: str) -> None:
    """Signed-in people see their account's language: switch every demo account."""
    import sqlalchemy as sa

    from forum.extensions import db
    from forum.models import User

    db.session.execute(sa.update(User).values(locale=locale))
    db.session.commit()


def first_thread_id() -> int:
    """The first demo exchange that has replies."""
    import sqlalchemy as sa

    from forum.exchanges.models import Post, Thread
    from forum.extensions import db

    return db.session.scalars(
        sa.select(Thread.id).join(Post, Post.thread_id == Thread.id).order_by(Thread.id)
    ).first()
