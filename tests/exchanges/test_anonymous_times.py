"""An anonymous post keeps only its day: no minute to pair it with a named post."""

import re
from datetime import time

import sqlalchemy as sa

from forum.exchanges import services
from forum.exchanges.models import Post, Thread
from forum.extensions import db as _db


def test_an_anonymous_reply_keeps_only_its_day_in_the_database(db, make_user, make_thread):
    author = make_user("sahelwriter")
    thread = make_thread(make_user("amina"), visibility="members")
    named = services.reply(author, thread, body="Named, at the same minute.", language="en")
    hidden = services.reply(
        author, thread, body="Anonymous, at the same minute.", language="en", anonymous=True
    )
    _db.session.commit()
    assert named.created_at.time() != time(0, 0)  # practically never exactly midnight
    stored = _db.session.scalar(sa.select(Post.created_at).where(Post.id == hidden.id))
    assert stored.time() == time(0, 0)
    services.edit_post(hidden, body="Anonymous, edited.", language="en")
    _db.session.commit()
    assert _db.session.get(Post, hidden.id).edited_at.time() == time(0, 0)


def test_an_anonymous_exchange_keeps_only_its_day(db, make_user, make_thread):
    thread = make_thread(make_user("sahelwriter"), visibility="members", anonymous=True)
    row = _db.session.get(Thread, thread.id)
    assert row.created_at.time() == time(0, 0)
    assert row.last_activity_at.time() == time(0, 0)


def test_the_page_shows_the_day_of_an_anonymous_post_and_no_time(
    client, db, make_user, make_thread, login_as
):
    author = make_user("sahelwriter")
    thread = make_thread(make_user("amina"), visibility="members")
    named = services.reply(author, thread, body="Named words.", language="en")
    hidden = services.reply(author, thread, body="Hidden words.", language="en", anonymous=True)
    _db.session.commit()
    login_as("reader")
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    anonymous_head = re.search(rf'id="post-{hidden.id}".*?</header>', page, re.S).group(0)
    named_head = re.search(rf'id="post-{named.id}".*?</header>', page, re.S).group(0)
    stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', anonymous_head)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp.group(1))
    assert ":" not in stamp.group(2)  # a day, no hour or minute
    assert re.search(r"\d:\d\d", named_head)  # named posts keep their time
