"""Helpers to run the real app under gunicorn (with our gunicorn.conf.py) on loopback,
and a small HTTP client that keeps cookies and the CSRF token like a browser."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from forum import ROOT
from tests.conftest import TEST_DATA_KEYS, TEST_SECRET


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, instance: Path, **more: str) -> dict[str, str]:
    """The environment a deployed instance reads (CSRF and rate limits on, as in production)."""
    return {
        "FORUM_ENV": "testing",
        "FORUM_SECRET_KEY": TEST_SECRET,
        "FORUM_DATA_KEYS": ",".join(TEST_DATA_KEYS),
        "FORUM_DATABASE_URL": database_url,
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_PASSWORD_TIME_COST": "1",
        "FORUM_PASSWORD_MEMORY_KIB": "8",
        "FORUM_RATELIMIT_ENABLED": "1",
        **more,
    }


@contextmanager
def gunicorn(env: dict[str, str], access_log: Path | None = None) -> Iterator[str]:
    """`gunicorn -c gunicorn.conf.py wsgi:app` with one worker on a free port."""
    port = free_port()
    settings = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FORUM_")},
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": str(access_log) if access_log else "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=settings,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start within 60 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stderr:
            process.stderr.close()


class Browser:
    """Keeps the session cookie between requests; never follows redirects."""

    def __init__(self, base_url: str) -> None:
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, text

    def post_form(self, path: str, form: dict[str, str]):
        """GET the page for its CSRF token, then POST the form with it."""
        _, page = self.request("GET", path)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
        return self.request("POST", path, {**form, "csrf_token": token.group(1) if token else ""})
