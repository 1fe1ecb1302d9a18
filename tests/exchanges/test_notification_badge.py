"""The notification count in the header: it clears once the notifications are viewed
(issue 20), and each person sees only their own count (issue 19: the count is made cheap,
never shared)."""

import re

from forum.exchanges import notifications
from tests.conftest import login


def badge(page: str) -> int:
    """The number on the header's notification badge (0 when there is no badge)."""
    found = re.search(r'class="count-badge">(\d+)', page)
    return int(found.group(1)) if found else 0


def test_viewing_the_notifications_clears_the_count(
    client, db, login_as, make_user, make_thread, make_reply
):
    author = make_user("amina")
    thread = make_thread(author, title="Followed thread", visibility="public")
    reader = login_as("olena")
    client.post(f"/exchanges/{thread.id}/follow")
    make_reply(author, thread)
    make_reply(author, thread)
    assert badge(client.get("/").get_data(as_text=True)) == 2
    page = client.get("/exchanges/notifications").get_data(as_text=True)
    assert "2 new replies" in page and badge(page) == 0
    for path in ("/", "/exchanges/", "/account/"):
        assert badge(client.get(path).get_data(as_text=True)) == 0, path
    # Seen is not read: the list still leads to the replies until the thread is opened.
    assert "2 new replies" in client.get("/exchanges/notifications").get_data(as_text=True)
    assert notifications.unread_count(reader) == 2
    # A reply after the visit counts again, alone.
    make_reply(author, thread)
    assert badge(client.get("/").get_data(as_text=True)) == 1


def test_each_person_sees_only_their_own_count(
    app, client, db, login_as, make_user, make_thread, make_reply
):
    author = make_user("amina")
    first, second = make_thread(author), make_thread(author)
    login_as("olena")
    client.post(f"/exchanges/{first.id}/follow")
    other = app.test_client()
    make_user("joao")
    assert login(other, "joao").status_code == 302
    other.post(f"/exchanges/{second.id}/follow")
    make_reply(author, first)
    for _ in range(3):
        make_reply(author, second)
    # Alternating requests of two people, more than once each: every answer is the
    # asker's own number, whatever was counted or kept for the other just before.
    for _ in range(2):
        assert badge(client.get("/").get_data(as_text=True)) == 1
        assert badge(other.get("/").get_data(as_text=True)) == 3
    # One person viewing their notifications clears their count only.
    other.get("/exchanges/notifications")
    assert badge(other.get("/").get_data(as_text=True)) == 0
    assert badge(client.get("/").get_data(as_text=True)) == 1
    make_reply(author, first)
    assert badge(client.get("/").get_data(as_text=True)) == 2
    assert badge(other.get("/").get_data(as_text=True)) == 0
