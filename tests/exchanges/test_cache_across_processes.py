"""A hide in one worker is effective in every worker's page cache at once."""

import pytest
import sqlalchemy as sa

from forum import page_cache
from forum.exchanges.models import Post
from forum.exchanges.moderation import services as moderation
from forum.extensions import db as _db
from forum.models import Role, User
from tests.conftest import make_app


@pytest.fixture
def workers(app, database_url, tmp_path):
    """Two apps with the cache on, as two gunicorn workers: this process's commits do
    not empty the reader's cache directly (it lives in "another process")."""
    reader = make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="60")
    writer = make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="60")
    page_cache._all_caches.discard(reader.extensions["forum_page_cache"])
    return reader, writer


def test_a_hidden_reply_leaves_every_worker_at_once(workers, make_user, make_thread, make_reply):
    reader, writer = workers
    author = make_user("amina")
    make_user("moderator", roles=[Role.MODERATOR])
    thread = make_thread(author, title="Rota of lawyers", visibility="public")
    reply = make_reply(author, thread, body="Call this number: insult goes here")
    visitor = reader.test_client()
    path = f"/exchanges/{thread.id}"
    first = visitor.get(path, follow_redirects=True).get_data(as_text=True)
    assert "insult goes here" in first
    with writer.app_context():
        moderator = _db.session.scalar(sa.select(User).where(User.username == "moderator"))
        moderation.hide(moderator, _db.session.get(Post, reply.id))
        _db.session.commit()
    again = visitor.get(path, follow_redirects=True).get_data(as_text=True)
    assert "insult goes here" not in again


def test_a_page_rendered_during_a_change_is_not_kept(workers):
    reader, _ = workers
    cache = reader.extensions["forum_page_cache"]
    visitor = reader.test_client()
    visitor.get("/exchanges/")
    assert len(cache) == 1
    # A version read before another worker's change never keeps a copy made after it.
    cache.sync(cache.version + 1)
    cache.put_if_current(cache.version - 1, ("stale",), b"old", [])
    assert len(cache) == 0
