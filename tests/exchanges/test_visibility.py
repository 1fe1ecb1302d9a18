"""Content a viewer may not read never appears: lists, search, counts, home, feed,
notifications, thread pages and the pages around a post. Each channel is tried."""

import pytest
import sqlalchemy as sa

from forum.events.registration.models import RegistrationStatus
from forum.exchanges import services
from forum.exchanges.models import Thread
from forum.exchanges.moderation import services as moderation
from forum.models import Role
from forum.security import can
from forum.security.exchanges import readable_threads_clause
from tests.conftest import login


@pytest.fixture
def world(db, make_user, make_thread, make_reply, make_event, approve):
    """One thread per audience, a participant, a pending applicant and an outsider."""
    author = make_user("amina", display_name="Amina")
    participant = make_user("pat", display_name="Pat")
    pending = make_user("penny", display_name="Penny")
    outsider = make_user("olga", display_name="Olga")
    organizer = make_user("orla", display_name="Orla")
    moderator = make_user("nadia", roles=[Role.MODERATOR], display_name="Nadia")
    event = make_event()
    event.organizers.append(organizer)
    approve(author, event)
    approve(participant, event)
    approve(pending, event, RegistrationStatus.PENDING.value)
    threads = {
        "public": make_thread(
            author, title="Kestrel public", body="kestrel words", visibility="public"
        ),
        "members": make_thread(
            author, title="Kestrel members", body="kestrel words", visibility="members"
        ),
        "participants": make_thread(
            author,
            title="Kestrel participants",
            body="kestrel words",
            visibility="participants",
            event_id=event.id,
        ),
    }
    for thread in threads.values():
        make_reply(author, thread, body="kestrel reply")
    users = {
        "outsider": outsider,
        "participant": participant,
        "pending": pending,
        "organizer": organizer,
        "moderator": moderator,
    }
    db.session.commit()
    return {"threads": threads, "users": users, "author": author, "event": event}


READERS = {
    None: {"public"},
    "outsider": {"public", "members"},
    "pending": {"public", "members"},
    "participant": {"public", "members", "participants"},
    "organizer": {"public", "members", "participants"},
    "moderator": {"public", "members", "participants"},
}


@pytest.mark.parametrize("who", list(READERS))
def test_rule_and_sql_agree(db, world, who):
    user = world["users"].get(who)
    if user is None:
        from flask_login import AnonymousUserMixin

        user = AnonymousUserMixin()
    by_rule = {name for name, t in world["threads"].items() if can(user, "exchange.view", t)}
    by_sql = set(db.session.scalars(sa.select(Thread.title).where(readable_threads_clause(user))))
    assert by_rule == READERS[who]
    assert by_sql == {f"Kestrel {name}" for name in READERS[who]}


@pytest.mark.parametrize("who", list(READERS))
def test_every_channel_shows_only_what_the_viewer_may_read(client, db, world, who):
    if who is not None:
        assert login(client, world["users"][who].username).status_code == 302
    allowed = READERS[who]
    pages = {
        "list": client.get("/exchanges/").get_data(as_text=True),
        "search": client.get("/exchanges/?q=kestrel").get_data(as_text=True),
        "filtered": client.get("/exchanges/?region=africa&risk=criminalisation").get_data(
            as_text=True
        ),
        "home": client.get("/").get_data(as_text=True),
        "feed": client.get("/exchanges/feed.atom").get_data(as_text=True),
    }
    for channel, page in pages.items():
        for name in ("public", "members", "participants"):
            shown = f"Kestrel {name}" in page
            expected = name in allowed and (channel != "feed" or name == "public")
            assert shown == expected, (channel, name)
    count = len(allowed)
    assert f"{count} exchanges." in pages["list"] or (count == 1 and "1 exchange." in pages["list"])
    for name, thread in world["threads"].items():
        status = client.get(f"/exchanges/{thread.id}", follow_redirects=True).status_code
        assert (status == 200) == (name in allowed), (name, status)
        reply_id = thread.id * 2  # opening and reply per thread, in order
        for path in (
            f"/exchanges/{thread.id}/reply?to={reply_id}",
            f"/exchanges/posts/{reply_id}/report",
        ):
            status = client.get(path).status_code
            if name not in allowed:
                assert status in (302, 404), (path, status)


def test_losing_access_stops_everything_at_once(client, db, world):
    participant = world["users"]["participant"]
    thread = world["threads"]["participants"]
    services.follow(participant, thread, read_up_to=0)
    db.session.commit()
    login(client, "pat")
    assert "Notifications <span" in client.get("/exchanges/").get_data(as_text=True)
    from forum.events.registration.models import Registration

    registration = db.session.scalars(
        sa.select(Registration).where(Registration.user_id == participant.id)
    ).one()
    registration.status = RegistrationStatus.CANCELLED.value
    db.session.commit()
    assert client.get(f"/exchanges/{thread.id}").status_code == 404
    page = client.get("/exchanges/notifications").get_data(as_text=True)
    assert "Nothing new" in page and "count-badge" not in page
    assert "Kestrel participants" not in client.get("/exchanges/?q=kestrel").get_data(as_text=True)


def test_hidden_threads_vanish_for_members_but_not_for_moderators(client, db, world):
    thread = world["threads"]["public"]
    moderation.hide(world["users"]["moderator"], services.opening_post(thread))
    db.session.commit()
    assert client.get(f"/exchanges/{thread.id}", follow_redirects=True).status_code == 404
    assert "Kestrel public" not in client.get("/exchanges/").get_data(as_text=True)
    assert "Kestrel public" not in client.get("/exchanges/feed.atom").get_data(as_text=True)
    login(client, "nadia")
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True)
    assert page.status_code == 200 and "kestrel words" in page.get_data(as_text=True)
    assert "Kestrel public" in client.get("/moderation/").get_data(as_text=True)


def test_hidden_reply_text_never_reaches_members(client, db, world, make_reply):
    thread = world["threads"]["public"]
    secret = make_reply(world["author"], thread, body="a very secret pelican")
    moderation.hide(world["users"]["moderator"], secret)
    db.session.commit()
    login(client, "olga")
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "pelican" not in page and "hidden by the moderators" in page
    assert "pelican" not in client.get(f"/exchanges/posts/{secret.id}/report").get_data(
        as_text=True
    )
    assert "pelican" not in client.get(f"/exchanges/{thread.id}/reply?to={secret.id}").get_data(
        as_text=True
    )
    results = client.get("/exchanges/?q=pelican").get_data(as_text=True)
    assert "0 exchanges match." in results and "very secret" not in results


def test_reply_counts_do_not_count_what_members_cannot_see(client, db, world, make_reply):
    thread = world["threads"]["public"]
    hidden = make_reply(world["author"], thread, body="x")
    moderation.hide(world["users"]["moderator"], hidden)
    db.session.commit()
    page = client.get("/exchanges/").get_data(as_text=True)
    assert "1 reply" in page
    assert "2 replies" not in page


def test_member_only_titles_stay_out_of_notifications(client, db, world, make_reply):
    reader = world["users"]["outsider"]
    for name in ("public", "members"):
        services.follow(reader, world["threads"][name])
    db.session.commit()
    for name in ("public", "members"):
        make_reply(world["author"], world["threads"][name], body="news")
    login(client, "olga")
    page = client.get("/exchanges/notifications").get_data(as_text=True)
    assert "Kestrel public" in page
    assert "Kestrel members" not in page and "An exchange for members" in page
    assert "news" not in page
    assert f"/exchanges/{world['threads']['members'].id}#" in page
