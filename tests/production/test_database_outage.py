"""A database outage answers 503 with a translated page (or JSON), never a 500, and the
app recovers by itself when the database returns."""

from __future__ import annotations

import socket
import threading

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from forum.extensions import db
from tests.checks import assert_private_page
from tests.conftest import POSTGRES_URL, login, make_app
from tests.production.conftest import free_port


def unreachable_postgres() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/convene"


@pytest.fixture
def signed_in_cookie(app, make_user) -> str:
    """A real session cookie (same secret key), so a request must load the account."""
    make_user("amina")
    client = app.test_client()
    assert login(client, "amina").status_code == 302
    return client.get_cookie("forum_session").value


@pytest.fixture
def down_app(tmp_path):
    return make_app(unreachable_postgres(), tmp_path / "down")


def test_health_check_says_unavailable(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_pages_that_need_the_database_answer_503_in_the_visitors_language(down_app):
    client = down_app.test_client()
    response = client.post(
        "/auth/login",
        data={"username": "amina", "password": "whatever it is"},
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "No disponible por el momento" in page
    assert 'class="quick-exit"' in page and 'lang="es"' in page
    assert_private_page(page)


def test_a_signed_in_visitor_gets_the_503_page_too(down_app, signed_in_cookie):
    client = down_app.test_client()
    client.set_cookie("forum_session", signed_in_cookie)
    response = client.get("/account/", headers={"Accept-Language": "fr"})
    assert response.status_code == 503
    assert "Momentanément indisponible" in response.get_data(as_text=True)


def test_json_clients_get_json(down_app, signed_in_cookie):
    client = down_app.test_client()
    client.set_cookie("forum_session", signed_in_cookie)
    response = client.get("/account/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json()["error"] == "Temporarily unavailable"


def test_the_app_recovers_by_itself_when_the_database_comes_back(tmp_path):
    """SQLite in a folder that does not exist yet: down, then up, same app, no restart."""
    folder = tmp_path / "later"
    app = make_app(f"sqlite:///{folder / 'forum.sqlite3'}", tmp_path)
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "a", "password": "b"}).status_code == 503
    folder.mkdir()
    with app.app_context():
        upgrade()
    assert client.get("/healthz").status_code == 200
    response = client.post("/auth/login", data={"username": "amina", "password": "not right"})
    assert response.status_code == 422


def test_other_database_errors_are_still_a_500_and_logged(app, client, monkeypatch, caplog):
    from forum.auth import services

    def broken(_: str):
        raise sa.exc.IntegrityError("INSERT", {}, Exception("duplicate"))

    monkeypatch.setattr(services, "find_user", broken)
    response = client.post("/auth/login", data={"username": "amina", "password": "x" * 12})
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    assert any("Database error" in record.getMessage() for record in caplog.records)


def test_postgresql_gets_pool_settings_and_pre_ping(tmp_path):
    app = make_app(
        unreachable_postgres(),
        tmp_path,
        FORUM_DB_POOL_SIZE="7",
        FORUM_DB_MAX_OVERFLOW="3",
        FORUM_DB_POOL_RECYCLE="600",
        FORUM_DB_POOL_TIMEOUT="4",
    )
    with app.app_context():
        pool = db.engine.pool
        assert pool.size() == 7
        assert pool._max_overflow == 3
        assert pool._recycle == 600
        assert pool._timeout == 4
        assert pool._pre_ping is True


def test_default_pool_settings(tmp_path):
    app = make_app(unreachable_postgres(), tmp_path)
    with app.app_context():
        pool = db.engine.pool
        assert (pool.size(), pool._max_overflow, pool._recycle, pool._timeout) == (5, 10, 1800, 10)
        assert pool._pre_ping is True


class TcpForwarder:
    """A loopback TCP relay to PostgreSQL that can be cut and restored, like a restart."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.running = False
        self.listener: socket.socket | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.1)
        self.listener, self.running = listener, True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self.running = False
        if self.thread:
            self.thread.join(2)
        if self.listener:
            self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets.clear()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set FORUM_TEST_DATABASE_URL")
def test_postgresql_going_away_and_coming_back(database_url, tmp_path):
    url = sa.engine.make_url(POSTGRES_URL)
    relay = TcpForwarder(url.host or "127.0.0.1", url.port or 5432)
    relay.start()
    try:
        through_relay = url.set(host="127.0.0.1", port=relay.port)
        app = make_app(through_relay.render_as_string(hide_password=False), tmp_path)
        client = app.test_client()
        assert client.get("/healthz").status_code == 200  # a pooled connection exists now

        relay.stop()  # the database "restarts": pooled connections die, new ones fail
        assert client.get("/healthz").status_code == 503
        down = client.post("/auth/login", data={"username": "amina", "password": "x" * 12})
        assert down.status_code == 503

        relay.start()  # back: pre-ping replaces the dead connection, no restart needed
        assert client.get("/healthz").status_code == 200
        up = client.post("/auth/login", data={"username": "amina", "password": "x" * 12})
        assert up.status_code == 422
    finally:
        relay.stop()
