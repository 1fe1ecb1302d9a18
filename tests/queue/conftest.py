"""Fixtures of the queue tests: a Redis database of our own, an event with many people."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis

from forum.events.registration.models import Registration
from forum.models import User
from tests.events.conftest import make_event, organizer  # noqa: F401

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "").strip()
needs_redis = pytest.mark.skipif(
    not REDIS_URL,
    reason="FORUM_TEST_REDIS_URL is not set (CI sets it; e.g. redis://127.0.0.1:6379/15)",
)


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # the test database number is ours alone
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture
def on_redis(app, shared_redis):
    """The app sends its tasks to the test Redis; dead workers are noticed after 2 s."""
    app.config.update(
        FORUM_QUEUE="redis",
        FORUM_QUEUE_URL=REDIS_URL,
        FORUM_QUEUE_HEARTBEAT_SECONDS=2,
        FORUM_QUEUE_MAINTENANCE_CHANCE=1_000_000,
    )
    return app


@pytest.fixture
def crowd(db, make_event):  # noqa: F811
    """`crowd(count)`: a published event with `count` approved people; returns the event."""

    def make(count: int):
        event = make_event()
        for number in range(count):
            user = User(
                username=f"person{number}",
                display_name=f"Person Number {number}",
                password_hash="not-a-hash",  # never signs in
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Registration(
                    event_id=event.id,
                    user_id=user.id,
                    status="approved",
                    badge_name=f"Badge Person {number}",
                )
            )
        db.session.commit()
        return event

    return make


def everything_stored(connection: redis.Redis) -> str:
    """Every key and value in the Redis database, as one text to search."""
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
        elif kind == "set":
            parts += [v.decode(errors="replace") for v in connection.smembers(key)]
        elif kind == "hash":
            for field, value in connection.hgetall(key).items():
                parts += [field.decode(errors="replace"), value.decode(errors="replace")]
    return "\n".join(parts)
