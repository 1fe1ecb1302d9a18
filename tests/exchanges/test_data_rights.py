"""Export and erasure of a member's exchanges, anonymous posts included."""

import json

import sqlalchemy as sa

from forum.exchanges import data_rights, services
from forum.exchanges.models import Endorsement, Flag, Post, Subscription, Thread
from forum.exchanges.moderation import services as moderation


def test_export_holds_signed_and_anonymous_posts_and_nothing_of_others(
    db, make_user, make_thread, make_reply
):
    me, other = make_user("amina"), make_user("joao")
    mine = make_thread(me, title="My thread", body="my opening")
    theirs = make_thread(other, title="Their thread")
    make_reply(me, theirs, body="my signed reply")
    make_reply(me, theirs, body="my anonymous reply", anonymous=True)
    make_reply(other, mine, body="their reply")
    make_reply(other, theirs, body="their anonymous reply", anonymous=True)
    services.endorse(me, services.opening_post(theirs))
    moderation.flag(me, services.opening_post(theirs), reason="spam", note="why")
    db.session.commit()

    exported = data_rights.export_for(me)
    json.dumps(exported)  # JSON-ready
    texts = {(p["text"], p["anonymous"]) for p in exported["posts"]}
    assert texts == {
        ("my opening", False),
        ("my signed reply", False),
        ("my anonymous reply", True),
    }
    assert [p["thread_title"] for p in exported["posts"] if p["opening"]] == ["My thread"]
    assert exported["marked_useful"] == [services.opening_post(theirs).id]
    assert exported["reports"][0]["note"] == "why"
    assert sorted(exported["following"]) == sorted([mine.id, theirs.id])
    assert "their" not in json.dumps(exported)


def test_erase_keeping_posts_leaves_former_member_and_unlinkable_anonymous_posts(
    client, db, make_user, make_thread, make_reply
):
    me, other = make_user("amina", display_name="Amina K."), make_user("joao")
    thread = make_thread(me, title="Kept thread", visibility="public")
    anonymous = make_reply(me, thread, body="anonymous words", anonymous=True)
    services.endorse(me, make_reply(other, thread))
    db.session.commit()
    data_rights.erase_for(me, keep_posts=True)
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Post).where(Post.author_id == me.id)
        )
        == 0
    )
    db.session.refresh(anonymous)
    assert anonymous.body == "anonymous words" and anonymous.anon_proof is None
    for model in (Endorsement, Subscription):
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.user_id == me.id)
            )
            == 0
        )
    endorsed = sa.select(Post.endorsement_count).where(Post.author_id == other.id)
    assert db.session.scalar(endorsed) == 0
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "Former member" in page and "Amina K." not in page and "anonymous words" in page
    assert data_rights.export_for(me)["posts"] == []


def test_erase_deleting_posts(db, make_user, make_thread, make_reply):
    me, other = make_user("amina"), make_user("joao")
    lonely = make_thread(me, title="Nobody answered", body="lonely words")
    make_reply(me, lonely, body="my own follow-up")
    answered = make_thread(me, title="Answered thread")
    kept = make_reply(other, answered, body="their answer stays")
    theirs = make_thread(other)
    anonymous = make_reply(me, theirs, body="anonymous words", anonymous=True)
    moderation.flag(me, kept, reason="spam")
    db.session.commit()

    data_rights.erase_for(me, keep_posts=False)
    db.session.commit()
    titles = set(db.session.scalars(sa.select(Thread.title)))
    assert "Nobody answered" not in titles
    db.session.refresh(answered)
    assert answered.deleted_at is not None and answered.title == ""
    db.session.refresh(kept)
    assert kept.body == "their answer stays"
    db.session.refresh(anonymous)
    assert anonymous.deleted_at is not None and anonymous.body == ""
    bodies = set(db.session.scalars(sa.select(Post.body)))
    assert not bodies & {"lonely words", "my own follow-up", "anonymous words"}
    assert db.session.scalar(sa.select(Flag.reporter_id)) is None  # the report still counts
    assert db.session.scalar(sa.select(Flag.status)) == "open"
