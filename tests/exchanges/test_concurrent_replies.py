"""Replies sent at the same moment are all counted.

Each reply recounts the thread's replies; without a lock, two replies at once each counted
without the other's (not yet committed) one and the counter lost a reply. Found by
bench/loadtest.py on PostgreSQL; SQLite has a single writer, so the test runs on both.
"""

from __future__ import annotations

import sqlalchemy as sa

from forum.exchanges.models import Post, Thread
from tests.conftest import login, make_app
from tests.registration.test_concurrency import _all_at_once

PEOPLE = 8
ROUNDS = 3


def test_simultaneous_replies_are_all_counted(
    db, database_url, tmp_path, make_user, make_thread
) -> None:
    author = make_user("amina")
    thread_id = make_thread(author, visibility="members").id
    people = [make_user(f"voice{n}").username for n in range(PEOPLE)]
    app = make_app(
        database_url,
        tmp_path / "concurrent",
        FORUM_DB_POOL_SIZE="5",
        FORUM_DB_MAX_OVERFLOW=str(PEOPLE),
        FORUM_DB_POOL_TIMEOUT="60",
    )
    clients = []
    for username in people:
        client = app.test_client()
        assert login(client, username).status_code == 302
        clients.append(client)

    def reply(client):  # noqa: ANN001, ANN202
        return client.post(
            f"/exchanges/{thread_id}/reply",
            data={"body": "We tried this too, and it held.", "language": "en"},
        ).status_code

    for _ in range(ROUNDS):
        assert _all_at_once(clients, reply) == [303] * PEOPLE

    db.session.expire_all()
    stored = db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(
            Post.thread_id == thread_id, Post.is_opening.is_(False)
        )
    )
    assert stored == PEOPLE * ROUNDS
    assert db.session.get(Thread, thread_id).reply_count == PEOPLE * ROUNDS
