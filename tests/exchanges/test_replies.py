"""Nested replies, the tree, counters and the rules about where one may reply."""

import sqlalchemy as sa

from forum.exchanges import services, tree
from forum.exchanges.models import Post, Thread
from forum.exchanges.moderation import services as moderation
from forum.models import Role


def reply_form(**overrides):
    data = {"body": "We tried this too.", "language": "en"}
    data.update(overrides)
    return data


def posts(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Post))


def test_reply_to_thread_and_to_a_reply(client, db, login_as, make_user, make_thread):
    thread = make_thread(make_user("amina"), visibility="public")
    login_as("joao", display_name="João")
    response = client.post(f"/exchanges/{thread.id}/reply", data=reply_form(body="First"))
    assert response.status_code == 303
    first = db.session.scalars(sa.select(Post).where(Post.body == "First")).one()
    assert response.headers["Location"].endswith(f"#post-{first.id}")
    page = client.get(f"/exchanges/{thread.id}/reply?to={first.id}")
    assert page.status_code == 200 and "First" in page.get_data(as_text=True)
    response = client.post(
        f"/exchanges/{thread.id}/reply", data=reply_form(body="Second", parent=str(first.id))
    )
    assert response.status_code == 303
    second = db.session.scalars(sa.select(Post).where(Post.body == "Second")).one()
    assert second.parent_id == first.id
    db.session.refresh(thread)
    assert thread.reply_count == 2


def test_a_parent_from_another_thread_is_refused(
    client, db, login_as, make_user, make_thread, make_reply
):
    author = make_user("amina")
    one, other = make_thread(author), make_thread(author)
    elsewhere = make_reply(author, other)
    login_as("joao")
    before = posts(db)
    response = client.post(f"/exchanges/{one.id}/reply", data=reply_form(parent=str(elsewhere.id)))
    assert response.status_code == 404
    assert posts(db) == before
    try:
        services.reply(author, one, body="x", language="en", parent_id=elsewhere.id)
    except services.ExchangeError as error:
        assert "not part of this exchange" in str(error)
    else:
        raise AssertionError("a parent from another thread was accepted")


def test_malformed_parent_is_a_bad_request(client, db, login_as, make_user, make_thread):
    thread = make_thread(make_user("amina"))
    login_as("joao")
    response = client.post(f"/exchanges/{thread.id}/reply", data=reply_form(parent="1 OR 1=1"))
    assert response.status_code == 400


def test_empty_and_overlong_replies_are_refused(client, db, login_as, make_user, make_thread):
    thread = make_thread(make_user("amina"))
    login_as("joao", locale="es")
    for body, message in (("", "Este campo es obligatorio."), ("y" * 20_001, "20000")):
        response = client.post(f"/exchanges/{thread.id}/reply", data=reply_form(body=body))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert posts(db) == 1


def test_no_reply_to_locked_hidden_or_deleted_threads(client, db, login_as, make_user, make_thread):
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    author = make_user("amina")
    locked, hidden, deleted = make_thread(author), make_thread(author), make_thread(author)
    moderation.lock(moderator, locked)
    moderation.hide(moderator, services.opening_post(hidden))
    services.delete_post(services.opening_post(deleted))
    db.session.commit()
    login_as("joao")
    response = client.post(f"/exchanges/{locked.id}/reply", data=reply_form())
    assert response.status_code == 422
    assert "This exchange is locked" in response.get_data(as_text=True)
    assert client.post(f"/exchanges/{hidden.id}/reply", data=reply_form()).status_code == 404
    response = client.post(f"/exchanges/{deleted.id}/reply", data=reply_form())
    assert response.status_code == 422
    assert "was deleted" in response.get_data(as_text=True)
    assert posts(db) == 3
    for thread, text in ((hidden, "hidden pending review"),):
        try:
            services.reply(author, thread, body="x", language="en")
        except services.ExchangeError as error:
            assert text in str(error)
        else:
            raise AssertionError("reply accepted")
    page = client.get(f"/exchanges/{locked.id}").get_data(as_text=True)
    assert "locked by moderators" in page
    assert f'action="/exchanges/{locked.id}/reply"' not in page


def test_no_reply_to_a_deleted_or_hidden_message(
    client, db, login_as, make_user, make_thread, make_reply
):
    author = make_user("amina")
    thread = make_thread(author)
    gone = make_reply(author, thread)
    services.delete_post(gone)
    db.session.commit()
    login_as("joao")
    response = client.post(f"/exchanges/{thread.id}/reply", data=reply_form(parent=str(gone.id)))
    assert response.status_code == 422
    assert "was removed" in response.get_data(as_text=True)


def test_tree_indents_five_levels_then_names_whom_it_answers(
    client, db, login_as, make_user, make_thread, make_reply
):
    amina, joao = make_user("amina", display_name="Amina"), make_user("joao", display_name="João")
    thread = make_thread(amina, visibility="public")
    parent = None
    for depth in range(1, 9):
        parent = make_reply(amina if depth % 2 else joao, thread, parent, body=f"Level {depth}")
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert page.count("indent-5") == 4  # levels 5 to 8
    assert "indent-6" not in page
    assert page.count("replying to") == 3  # levels 6 to 8
    assert "replying to Amina" in page and "replying to João" in page


def test_tree_order_and_sorting():
    class P:
        def __init__(self, id, parent_id, is_opening=False):
            self.id, self.parent_id, self.is_opening = id, parent_id, is_opening

    items = [P(1, None, True), P(2, 1), P(3, 1), P(4, 2), P(5, 4), P(6, 3), P(7, 2)]
    _, rows = tree.build(items)
    assert [(r.post.id, r.depth) for r in rows] == [(2, 1), (4, 2), (5, 3), (7, 2), (3, 1), (6, 2)]
    _, rows = tree.build(items, newest_first=True)
    assert [r.post.id for r in rows] == [3, 6, 2, 4, 5, 7]


def test_deep_chains_do_not_recurse():
    class P:
        def __init__(self, id, parent_id):
            self.id, self.parent_id, self.is_opening = id, parent_id, parent_id is None

    items = [P(1, None)] + [P(n, n - 1) for n in range(2, 5002)]
    _, rows = tree.build(items)
    assert len(rows) == 5000 and rows[-1].depth == 5000 and rows[-1].indent == tree.MAX_INDENT


def test_newest_first_page(client, db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, visibility="public")
    make_reply(author, thread, body="Older reply")
    make_reply(author, thread, body="Newer reply")
    oldest = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    newest = client.get(f"/exchanges/{thread.id}?sort=newest", follow_redirects=True).get_data(
        as_text=True
    )
    assert oldest.index("Older reply") < oldest.index("Newer reply")
    assert newest.index("Newer reply") < newest.index("Older reply")


def test_permalink_anchors(client, db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, visibility="public")
    reply = make_reply(author, thread)
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert f'id="post-{reply.id}"' in page and f'href="#post-{reply.id}"' in page


def test_counters_follow_writes_deletes_and_hiding(db, make_user, make_thread, make_reply):
    author, moderator = make_user("amina"), make_user("nadia", roles=[Role.MODERATOR])
    thread = make_thread(author)
    first = make_reply(author, thread)
    second = make_reply(author, thread, first)
    db.session.refresh(thread)
    assert thread.reply_count == 2 and thread.last_activity_at == second.created_at
    services.delete_post(second)
    db.session.commit()
    db.session.refresh(thread)
    assert thread.reply_count == 1 and thread.last_activity_at == first.created_at
    moderation.hide(moderator, first)
    db.session.commit()
    db.session.refresh(thread)
    assert thread.reply_count == 0 and thread.last_activity_at == thread.created_at
    moderation.restore(moderator, first)
    db.session.commit()
    db.session.refresh(thread)
    assert thread.reply_count == 1


def test_deleting_a_reply_leaves_a_tombstone_that_keeps_the_tree(
    client, db, login_as, make_thread, make_user, make_reply
):
    author = login_as("amina")
    thread = make_thread(make_user("joao"), visibility="public")
    mine = make_reply(author, thread, body="My words")
    child = make_reply(make_user("olena"), thread, mine, body="An answer to it")
    response = client.post(f"/exchanges/posts/{mine.id}/delete")
    assert response.status_code == 303
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "My words" not in page and "This message was deleted." in page
    assert "An answer to it" in page
    db.session.refresh(child)
    assert child.parent_id == mine.id
    assert db.session.get(Thread, thread.id).reply_count == 1


def test_editing_a_reply_marks_it_edited(client, db, login_as, make_user, make_thread, make_reply):
    author = login_as("amina")
    thread = make_thread(make_user("joao"), visibility="public")
    mine = make_reply(author, thread, body="Typo")
    assert client.get(f"/exchanges/posts/{mine.id}/edit").status_code == 200
    response = client.post(
        f"/exchanges/posts/{mine.id}/edit", data={"body": "Fixed", "language": "fr"}
    )
    assert response.status_code == 303
    db.session.refresh(mine)
    assert mine.body == "Fixed" and mine.language == "fr" and mine.edited_at is not None
    response = client.post(f"/exchanges/posts/{mine.id}/edit", data={"body": "", "language": "fr"})
    assert response.status_code == 422
    db.session.refresh(mine)
    assert mine.body == "Fixed"
