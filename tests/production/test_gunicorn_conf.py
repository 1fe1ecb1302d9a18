"""gunicorn.conf.py: sane defaults, and an access log without addresses or secrets."""

import multiprocessing
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest

from forum import ROOT
from tests.production.conftest import gunicorn

CONF = ROOT / "gunicorn.conf.py"


@pytest.fixture
def settings(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(CONF))


def test_defaults(settings):
    assert settings["worker_class"] == "gthread"
    assert settings["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert settings["threads"] == 4
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["timeout"] == 30 and settings["graceful_timeout"] == 30
    assert settings["max_requests"] == 1000 and settings["max_requests_jitter"] == 100
    assert settings["preload_app"] is False
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert settings["logger_class"].__name__ == "PrivateLogger"


def test_the_environment_overrides_the_defaults(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/convene.sock")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    settings = runpy.run_path(str(CONF))
    assert settings["workers"] == 3
    assert settings["bind"] == "unix:/run/convene.sock"
    assert settings["forwarded_allow_ips"] == "10.0.0.2"


def test_the_access_log_format_has_no_address_query_or_headers(settings):
    log_format = settings["access_log_format"]
    for forbidden in ("%(h)s", "%(r)s", "%(q)s", "%(f)s", "%(a)s", "}i)s", "}e)s"):
        assert forbidden not in log_format


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/auth/reset/" + "Ab3_-" * 8 + "xyz", "/auth/reset/…"),
        ("/calendar/9f86d081884c7d659a2feaa0c55ad015.ics", "/calendar/….ics"),
        (
            "/events/global-forum-on-digital-security-2026/",
            "/events/global-forum-on-digital-security-2026/",
        ),
        ("/exchanges/12-what-worked-for-us", "/exchanges/12-what-worked-for-us"),
        ("/healthz", "/healthz"),
    ],
)
def test_tokens_in_paths_are_masked(settings, path, logged):
    assert settings["mask_secrets"](path) == logged


def test_the_logger_offers_no_address_header_or_query_even_if_the_format_asks(settings):
    from gunicorn.config import Config

    logger = settings["PrivateLogger"](Config())
    token = "Q" * 43
    atoms = logger.atoms(
        SimpleNamespace(status="200 OK", headers=[("Set-Cookie", "forum_session=x")], sent=12),
        SimpleNamespace(headers=[("X-FORWARDED-FOR", "203.0.113.5"), ("COOKIE", "s=1")]),
        {
            "REMOTE_ADDR": "198.51.100.7",
            "REQUEST_METHOD": "GET",
            "PATH_INFO": f"/auth/reset/{token}",
            "QUERY_STRING": "next=/secret",
            "RAW_URI": f"/auth/reset/{token}?next=/secret",
            "SERVER_PROTOCOL": "HTTP/1.1",
        },
        timedelta(milliseconds=5),
    )
    flat = repr(atoms)
    for secret in ("198.51.100.7", "203.0.113.5", token, "next=", "forum_session", "s=1"):
        assert secret not in flat
    assert atoms["h"] == "-" and atoms["U"] == "/auth/reset/…" and atoms["s"] == "200"


@pytest.mark.slow
def test_a_real_gunicorn_logs_no_address_and_no_token(database_url, app, tmp_path):
    from tests.production.conftest import Browser, app_environment

    log = tmp_path / "access.log"
    token = "Zq9" * 14 + "x"
    with gunicorn(app_environment(database_url, tmp_path), access_log=log) as base:
        browser = Browser(base)
        assert browser.request("GET", "/healthz")[0] == 200
        assert browser.request("GET", f"/auth/reset/{token}?next=/private-query")[0] == 404
    text = log.read_text()
    assert "/healthz" in text and "/auth/reset/…" in text
    for secret in ("127.0.0.1", token, "private-query"):
        assert secret not in text
