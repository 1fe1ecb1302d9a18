"""Redis backs the rate limiter across processes, and holds nothing personal."""

from __future__ import annotations

import os

import pytest
import redis

from tests.conftest import login, make_app
from tests.production.conftest import Browser, app_environment, free_port, gunicorn

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "").strip()
needs_redis = pytest.mark.skipif(
    not REDIS_URL,
    reason="FORUM_TEST_REDIS_URL is not set (CI sets it; e.g. redis://127.0.0.1:6379/15)",
)
LIMITED = "There were too many attempts in a short time."


@pytest.fixture
def shared_redis():
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # the test database number is ours alone
    yield connection
    connection.flushdb()
    connection.close()


def everything_stored(connection: redis.Redis) -> str:
    """Every key and value in the database, as one text to search."""
    parts = []
    for key in connection.scan_iter():
        parts.append(key.decode())
        kind = connection.type(key).decode()
        if kind == "string":
            parts.append(connection.get(key).decode(errors="replace"))
        elif kind == "list":
            parts += [v.decode(errors="replace") for v in connection.lrange(key, 0, -1)]
        elif kind == "zset":
            parts += [v.decode(errors="replace") for v in connection.zrange(key, 0, -1)]
        elif kind == "hash":
            for field, value in connection.hgetall(key).items():
                parts += [field.decode(errors="replace"), value.decode(errors="replace")]
    return "\n".join(parts)


@needs_redis
@pytest.mark.slow
def test_two_instances_share_one_sign_in_limit(
    database_url, app, make_user, tmp_path, shared_redis
):
    make_user("amina")
    env = app_environment(database_url, tmp_path, FORUM_REDIS_URL=REDIS_URL)
    guess = {"username": "nobody-here", "password": "a wrong guess of a password"}
    with gunicorn(env) as first, gunicorn(env) as second:
        one, two = Browser(first), Browser(second)
        # Five guesses for one account name, split between the two instances: allowed.
        statuses = [one.post_form("/auth/login", guess)[0] for _ in range(3)]
        statuses += [two.post_form("/auth/login", guess)[0] for _ in range(2)]
        assert statuses == [422] * 5
        # The sixth is refused by whichever instance gets it: they count together.
        status, page = two.post_form("/auth/login", guess)
        assert status == 429 and LIMITED in page
        status, page = one.post_form("/auth/login", guess)
        assert status == 429 and LIMITED in page
        # Another account is not affected.
        other = {"username": "amina", "password": "a wrong guess of a password"}
        assert one.post_form("/auth/login", other)[0] == 422

    stored = everything_stored(shared_redis)
    assert "auth.login" in stored  # the limits really are in Redis
    for personal in ("nobody-here", "amina", "127.0.0.1", "::1", "localhost"):
        assert personal not in stored


@needs_redis
def test_the_limiter_uses_redis_when_configured(database_url, tmp_path, make_user, shared_redis):
    limited = make_app(
        database_url, tmp_path, FORUM_RATELIMIT_ENABLED="1", FORUM_REDIS_URL=REDIS_URL
    )
    client = limited.test_client()
    client.post("/auth/login", data={"username": "someone", "password": "wrong guess here"})
    assert any(True for _ in shared_redis.scan_iter())
    assert "someone" not in everything_stored(shared_redis)


def test_sign_in_keeps_working_when_redis_is_down(app, database_url, tmp_path, make_user):
    """Rate limits fall back to per-process counting rather than failing every request."""
    make_user("amina")
    broken = make_app(
        database_url,
        tmp_path,
        FORUM_RATELIMIT_ENABLED="1",
        FORUM_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    client = broken.test_client()
    assert login(client, "amina").status_code == 302
    client.post("/auth/logout")
    guess = {"username": "nobody-here", "password": "a wrong guess of a password"}
    statuses = [client.post("/auth/login", data=guess).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]  # still limited, counting in memory
