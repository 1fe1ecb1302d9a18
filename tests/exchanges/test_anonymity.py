"""Anonymous posts: nothing in the database ties them to their author, yet the author
can still edit and delete them, and flags and rate limits still work."""

import hashlib

import pytest
import sqlalchemy as sa

from forum.exchanges import anonymity, notifications, services
from forum.exchanges.models import Post, Subscription
from forum.exchanges.moderation import services as moderation
from forum.extensions import db as _db
from forum.models import Role
from tests.conftest import login, make_app

AUTHOR = "sahelwriter"
AUTHOR_NAME = "Sahel Writer"


def dump() -> dict[str, set[tuple]]:
    """Every row of every table in the database, read with plain SQL, all columns."""
    engine = _db.engine
    inspector = sa.inspect(engine)
    with engine.connect() as connection:
        names = inspector.get_table_names()
        if engine.dialect.name == "sqlite":
            names = [
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
        tables = {}
        for name in names:
            rows = connection.exec_driver_sql(f'SELECT * FROM "{name}"').all()  # noqa: S608
            tables[name] = {tuple(row) for row in rows}
    return tables


def changed_rows(before, after):
    return {
        name: rows - before.get(name, set())
        for name, rows in after.items()
        if rows - before.get(name, set())
    }


def forms_of(user):
    """Ways the author could be written down in a joinable form."""
    plain = [str(user.id), user.username, user.display_name]
    hashes = [
        getattr(hashlib, algorithm)(value.encode()).hexdigest()
        for algorithm in ("md5", "sha1", "sha256")
        for value in plain
    ]
    return plain[1:] + hashes


def assert_no_trace(rows_by_table, user):
    for table, rows in rows_by_table.items():
        for row in rows:
            for value in row:
                if isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, int):
                    assert value != user.id, (table, row)
                    continue
                text = value.decode(errors="ignore") if isinstance(value, bytes) else str(value)
                assert text != str(user.id), (table, row)
                for form in forms_of(user):
                    assert form.casefold() not in text.casefold(), (table, form, row)


@pytest.fixture
def author(make_user):
    # Enough other accounts that the author's id cannot be confused with a post id or count.
    for n in range(40):
        make_user(f"someone{n}")
    return make_user(AUTHOR, display_name=AUTHOR_NAME)


ALLOWED_TABLES = {
    "exchange_threads",
    "exchange_posts",
    "thread_regions",
    "thread_countries",
    "thread_risks",
    "thread_groups",
}


def allowed(table):
    # The search index and its terms (typo tolerance) hold the post's words, as the post
    # row itself does, and nothing about who wrote it.
    return table in ALLOWED_TABLES or table.startswith(("search_posts", "search_post_"))


def test_anonymous_thread_and_reply_leave_no_trace_of_their_author(
    client, db, author, make_user, make_thread, make_reply
):
    other = make_user("joao", display_name="João")
    elsewhere = make_thread(other, visibility="public", title="Open question")
    make_reply(author, elsewhere, body="A signed reply by the same person")
    before = dump()
    assert login(client, AUTHOR).status_code == 302
    logged_in = dump()
    response = client.post(
        "/exchanges/new",
        data={
            "title": "When the threat comes from inside",
            "body": "Posted without a name",
            "language": "en",
            "regions": ["mena"],
            "risks": ["threats"],
            "visibility": "members",
            "anonymous": "y",
        },
    )
    assert response.status_code == 303
    client.get(response.headers["Location"])
    response = client.post(
        f"/exchanges/{elsewhere.id}/reply",
        data={"body": "An anonymous answer", "language": "en", "anonymous": "y"},
    )
    assert response.status_code == 303
    client.get(response.headers["Location"])
    after = dump()

    # Signing in writes only the server-side session (a hash, a coarse device, its start):
    # written before any post, and no post keeps more than its day to line up with it.
    signed_in = changed_rows(before, logged_in)
    assert set(signed_in) == {"user_sessions"}
    assert not set(changed_rows(logged_in, after)) & {"user_sessions"}
    new = changed_rows(logged_in, after)
    assert {table for table in new if not allowed(table)} == set(), new.keys()
    assert_no_trace(new, author)

    anonymous = db.session.scalars(sa.select(Post).where(Post.is_anonymous.is_(True))).all()
    assert len(anonymous) == 2
    assert all(post.author_id is None and post.anon_proof for post in anonymous)
    assert len({post.anon_proof for post in anonymous}) == 2  # not linkable to each other
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Subscription)
            .where(Subscription.user_id == author.id)
        )
        == 1
    )  # only the earlier, signed follow
    for page in (
        client.get(f"/exchanges/{elsewhere.id}", follow_redirects=True),
        client.get("/exchanges/"),
    ):
        assert "Anonymous member" in page.get_data(as_text=True)


def test_the_author_edits_and_deletes_an_anonymous_post_others_cannot(
    client, db, author, make_user, make_thread, make_reply
):
    thread = make_thread(make_user("joao"), visibility="public")
    post = make_reply(author, thread, body="First version", anonymous=True)
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    for outsider in ("joao", moderator.username):
        login(client, outsider)
        assert client.get(f"/exchanges/posts/{post.id}/edit").status_code == 404
        assert client.post(f"/exchanges/posts/{post.id}/delete").status_code == 404
        client.post("/auth/logout")
    login(client, AUTHOR)
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert f"/exchanges/posts/{post.id}/edit" in page
    before = dump()
    response = client.post(
        f"/exchanges/posts/{post.id}/edit", data={"body": "Second version", "language": "en"}
    )
    assert response.status_code == 303
    assert_no_trace(changed_rows(before, dump()), author)
    db.session.refresh(post)
    assert post.body == "Second version" and post.is_anonymous and post.author_id is None
    assert client.post(f"/exchanges/posts/{post.id}/delete").status_code == 303
    db.session.refresh(post)
    assert post.deleted_at and post.anon_proof is None and post.body == ""


def test_moderators_see_anonymous_member_too(client, db, author, make_user, make_thread):
    thread = make_thread(author, title="Anonymous tactic", anonymous=True, visibility="members")
    opening = services.opening_post(thread)
    for n in range(3):
        reporter = make_user(f"reporter{n}")
        moderation.flag(reporter, opening, reason="other")
    db.session.commit()
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    login(client, moderator.username)
    for path in ("/moderation/", f"/exchanges/{thread.id}"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "Anonymous member" in page and AUTHOR_NAME not in page


def test_no_endorsing_or_reporting_ones_own_anonymous_post(
    client, db, author, make_user, make_thread, make_reply
):
    thread = make_thread(make_user("joao"), visibility="public")
    post = make_reply(author, thread, anonymous=True)
    login(client, AUTHOR)
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert f"/exchanges/posts/{post.id}/useful" not in page
    assert client.post(f"/exchanges/posts/{post.id}/useful").status_code == 403
    assert client.get(f"/exchanges/posts/{post.id}/report").status_code == 403
    with pytest.raises(services.ExchangeError):
        services.endorse(author, post)
    with pytest.raises(services.ExchangeError):
        moderation.flag(author, post, reason="spam")
    db.session.rollback()
    db.session.refresh(post)
    assert post.endorsement_count == 0 and post.open_flag_count == 0


def test_flags_still_hide_anonymous_posts(db, author, make_user, make_thread, make_reply):
    thread = make_thread(make_user("joao"))
    post = make_reply(author, thread, anonymous=True)
    for n in range(3):
        moderation.flag(make_user(f"r{n}"), post, reason="abuse")
    db.session.commit()
    db.session.refresh(post)
    assert post.hidden_by == "flags" and post.author_id is None


def test_authors_are_not_notified_of_their_own_anonymous_reply(
    db, author, make_user, make_thread, make_reply
):
    follower = make_user("olena")
    thread = make_thread(make_user("joao"), visibility="public")
    services.follow(author, thread)
    services.follow(follower, thread)
    db.session.commit()
    make_reply(author, thread, anonymous=True)
    assert notifications.unread_count(author) == 0
    assert notifications.unread_count(follower) == 1
    make_reply(follower, thread)
    assert notifications.unread_count(author) == 1


def test_reading_does_not_move_the_read_mark_past_ones_own_anonymous_post(
    client, db, author, make_user, make_thread, make_reply
):
    thread = make_thread(make_user("joao"), visibility="public")
    earlier = make_reply(make_user("olena"), thread)
    services.follow(author, thread)
    db.session.commit()
    login(client, AUTHOR)
    response = client.post(
        f"/exchanges/{thread.id}/reply",
        data={"body": "anonymous", "language": "en", "anonymous": "y"},
    )
    client.get(response.headers["Location"])
    mark = db.session.get(Subscription, (thread.id, author.id))
    db.session.refresh(mark)
    assert mark.last_read_post_id == earlier.id


def test_proofs_need_the_key(app, author, make_user, make_thread):
    thread = make_thread(author, anonymous=True)
    post = services.opening_post(thread)
    assert anonymity.is_own(author, post)
    assert not anonymity.is_own(make_user("joao"), post)
    app.config["FORUM_ANON_KEY"] = "another-key-another-key-another-key-0123"
    assert not anonymity.is_own(author, post)


def test_rate_limits_apply_to_anonymous_replies(database_url, tmp_path, make_user, make_thread):
    thread = make_thread(make_user("joao"), visibility="public")
    make_user("quick")
    limited = make_app(database_url, tmp_path / "limited", FORUM_RATELIMIT_ENABLED="1")
    client = limited.test_client()
    with limited.app_context():
        assert login(client, "quick").status_code == 302
        statuses = [
            client.post(
                f"/exchanges/{thread.id}/reply",
                data={"body": f"anon {n}", "language": "en", "anonymous": "y"},
            ).status_code
            for n in range(7)
        ]
    assert statuses == [303] * 6 + [429]
