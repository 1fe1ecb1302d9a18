"""'Useful to us too', following threads and the notifications they bring."""

import sqlalchemy as sa

from forum.exchanges import notifications, services
from forum.exchanges.models import Endorsement, Subscription
from forum.exchanges.moderation import services as moderation
from forum.models import Role
from tests.checks import assert_private_page


def endorsements(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Endorsement))


def test_useful_once_per_member_with_a_count(
    client, db, login_as, make_user, make_thread, make_reply
):
    thread = make_thread(make_user("amina"), visibility="public")
    reply = make_reply(make_user("joao"), thread)
    login_as("olena")
    assert client.post(f"/exchanges/posts/{reply.id}/useful").status_code == 303
    db.session.refresh(reply)
    assert reply.endorsement_count == 1
    response = client.post(f"/exchanges/posts/{reply.id}/useful", follow_redirects=True)
    assert "You have already marked this as useful." in response.get_data(as_text=True)
    db.session.refresh(reply)
    assert reply.endorsement_count == 1 and endorsements(db) == 1
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "1 found this useful" in page and "Withdraw" in page
    client.post(f"/exchanges/posts/{reply.id}/useful", data={"withdraw": "1"})
    db.session.refresh(reply)
    assert reply.endorsement_count == 0 and endorsements(db) == 0


def test_no_useful_on_ones_own_hidden_or_deleted_posts(
    client, db, login_as, make_user, make_thread, make_reply
):
    me = login_as("olena")
    thread = make_thread(make_user("amina"))
    mine = make_reply(me, thread)
    gone = make_reply(make_user("joao"), thread)
    hidden = make_reply(make_user("joao2"), thread)
    services.delete_post(gone)
    moderation.hide(make_user("nadia", roles=[Role.MODERATOR]), hidden)
    db.session.commit()
    for post in (mine, gone, hidden):
        assert client.post(f"/exchanges/posts/{post.id}/useful").status_code == 403
    assert endorsements(db) == 0


def test_signed_out_visitors_see_counts_but_no_buttons(client, db, make_user, make_thread):
    thread = make_thread(make_user("amina"), visibility="public")
    services.endorse(make_user("joao"), services.opening_post(thread))
    db.session.commit()
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "1 found this useful" in page and "/useful" not in page and "Report" not in page
    assert (
        client.post(f"/exchanges/posts/{services.opening_post(thread).id}/useful").status_code
        == 302
    )


def test_follow_notify_and_read(client, db, login_as, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author, title="Followed thread", visibility="public")
    reader = login_as("olena")
    response = client.post(f"/exchanges/{thread.id}/follow")
    assert response.status_code == 303
    assert db.session.get(Subscription, (thread.id, reader.id)) is not None
    reply = make_reply(author, thread, body="New reply")
    make_reply(author, thread, reply, body="Another")
    home = client.get("/").get_data(as_text=True)
    assert 'class="count-badge">2' in home
    page = client.get("/exchanges/notifications").get_data(as_text=True)
    assert "Followed thread" in page and "2 new replies" in page
    assert f"#post-{reply.id}" in page
    assert_private_page(page)
    client.get(f"/exchanges/{thread.id}", follow_redirects=True)
    assert notifications.unread_count(reader) == 0
    assert "count-badge" not in client.get("/").get_data(as_text=True)
    client.post(f"/exchanges/{thread.id}/follow", data={"stop": "1"})
    assert db.session.get(Subscription, (thread.id, reader.id)) is None
    make_reply(author, thread)
    assert notifications.unread_count(reader) == 0


def test_authors_follow_their_threads_and_are_not_notified_of_their_own_replies(
    db, make_user, make_thread, make_reply
):
    author, other = make_user("amina"), make_user("joao")
    thread = make_thread(author)
    make_reply(author, thread)
    assert notifications.unread_count(author) == 0
    make_reply(other, thread)
    assert notifications.unread_count(author) == 1
    assert notifications.unread_count(other) == 0  # replying followed it, up to their reply


def test_hidden_and_deleted_replies_do_not_notify(db, make_user, make_thread, make_reply):
    author = make_user("amina")
    thread = make_thread(author)
    bad = make_reply(make_user("joao"), thread)
    gone = make_reply(make_user("olena"), thread)
    moderation.hide(make_user("nadia", roles=[Role.MODERATOR]), bad)
    services.delete_post(gone)
    db.session.commit()
    assert notifications.unread_count(author) == 0


def test_notifications_need_an_account(client, db):
    assert client.get("/exchanges/notifications").status_code == 302
