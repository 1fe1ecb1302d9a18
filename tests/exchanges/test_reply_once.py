"""A reply form sent again stores one reply.

On a poor connection the answer to "Send reply" can be lost after the reply was saved:
the browser sends the form again, or the person does. Each form carries a random key;
the same form with the same text finds the reply it made. Found by bench/loadtest.py,
where a worker killed mid-request left a saved reply whose sender was told it failed.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from forum.exchanges.models import Post, Thread
from tests.conftest import login, make_app
from tests.registration.test_concurrency import _all_at_once

KEY = re.compile(r'name="once" type="hidden" value="([A-Za-z0-9_-]{22})"')


def form_key(client, thread_id: int) -> str:
    page = client.get(f"/exchanges/{thread_id}").get_data(as_text=True)
    found = KEY.search(page)
    assert found, "the reply form carries no submission key"
    return found.group(1)


def replies(db, thread_id: int) -> list[Post]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Post).where(Post.thread_id == thread_id, Post.is_opening.is_(False))
        )
    )


def test_the_same_form_sent_twice_makes_one_reply(
    client, db, login_as, make_user, make_thread
) -> None:
    thread = make_thread(make_user("amina"), visibility="members")
    login_as("joao")
    form = {"body": "The hotline answered within the hour.", "language": "en"}
    form["once"] = form_key(client, thread.id)
    first = client.post(f"/exchanges/{thread.id}/reply", data=form)
    again = client.post(f"/exchanges/{thread.id}/reply", data=form)
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    stored = replies(db, thread.id)
    assert [post.body for post in stored] == ["The hotline answered within the hour."]
    assert first.headers["Location"].endswith(f"#post-{stored[0].id}")
    assert db.session.get(Thread, thread.id).reply_count == 1


def test_each_page_gives_a_new_key(client, login_as, make_user, make_thread) -> None:
    thread = make_thread(make_user("amina"), visibility="members")
    login_as("joao")
    assert form_key(client, thread.id) != form_key(client, thread.id)


def test_a_new_text_from_an_old_page_is_a_new_reply(
    client, db, login_as, make_user, make_thread
) -> None:
    """Back to the page after replying, then a different reply: both are kept."""
    thread = make_thread(make_user("amina"), visibility="members")
    login_as("joao")
    key = form_key(client, thread.id)
    for body in ("First thought.", "Second thought."):
        response = client.post(
            f"/exchanges/{thread.id}/reply", data={"body": body, "language": "en", "once": key}
        )
        assert response.status_code == 303
    assert sorted(post.body for post in replies(db, thread.id)) == [
        "First thought.",
        "Second thought.",
    ]
    assert db.session.get(Thread, thread.id).reply_count == 2


def test_a_key_we_did_not_make_does_not_stop_the_reply(
    client, db, login_as, make_user, make_thread
) -> None:
    thread = make_thread(make_user("amina"), visibility="members")
    login_as("joao")
    for once in ("short", "x" * 200, "../../etc", "\x00" * 22):
        response = client.post(
            f"/exchanges/{thread.id}/reply",
            data={"body": f"Tried with {len(once)}", "language": "en", "once": once},
        )
        assert response.status_code == 303
    stored = replies(db, thread.id)
    assert len(stored) == 4
    assert all(post.submission_key is None for post in stored)


def test_an_anonymous_reply_sent_twice_is_stored_once(
    client, db, login_as, make_user, make_thread
) -> None:
    thread = make_thread(make_user("amina"), visibility="members")
    login_as("joao")
    form = {"body": "Said without my name.", "language": "en", "anonymous": "y"}
    form["once"] = form_key(client, thread.id)
    for _ in range(2):
        assert client.post(f"/exchanges/{thread.id}/reply", data=form).status_code == 303
    stored = replies(db, thread.id)
    assert len(stored) == 1 and stored[0].is_anonymous and stored[0].author_id is None


def test_the_same_form_sent_at_once_from_several_connections_makes_one_reply(
    db, database_url, tmp_path, make_user, make_thread
) -> None:
    """A double click, or a browser retrying on a new connection while the first runs."""
    thread_id = make_thread(make_user("amina"), visibility="members").id
    make_user("joao")
    app = make_app(
        database_url,
        tmp_path / "once",
        FORUM_DB_POOL_SIZE="5",
        FORUM_DB_MAX_OVERFLOW="6",
        FORUM_DB_POOL_TIMEOUT="60",
    )
    clients = [app.test_client() for _ in range(6)]
    for client in clients:
        assert login(client, "joao").status_code == 302
    form = {"body": "Sent with a trembling finger.", "language": "en"}
    form["once"] = form_key(clients[0], thread_id)

    def send(client):  # noqa: ANN001, ANN202
        response = client.post(f"/exchanges/{thread_id}/reply", data=form)
        return response.status_code, response.headers.get("Location")

    answers = _all_at_once(clients, send)
    stored = replies(db, thread_id)
    assert len(stored) == 1
    assert [status for status, _ in answers] == [303] * 6, answers
    assert all(location.endswith(f"#post-{stored[0].id}") for _, location in answers)
    assert db.session.get(Thread, thread_id).reply_count == 1
