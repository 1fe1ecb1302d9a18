"""Reports, the moderation queue, moderators' actions and their audit trail."""

import sqlalchemy as sa

from forum.exchanges import services
from forum.exchanges.models import Flag, Post, Thread
from forum.exchanges.moderation import services as moderation
from forum.models import AuditEntry, Role
from tests.checks import assert_private_page
from tests.conftest import login


def flags(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Flag))


def test_a_member_reports_a_post_once(client, db, login_as, make_user, make_thread, make_reply):
    thread = make_thread(make_user("amina"), visibility="public")
    reply = make_reply(make_user("joao"), thread, body="Doubtful advice")
    login_as("olena")
    page = client.get(f"/exchanges/posts/{reply.id}/report")
    assert page.status_code == 200 and "Doubtful advice" in page.get_data(as_text=True)
    assert_private_page(page.get_data(as_text=True))
    response = client.post(
        f"/exchanges/posts/{reply.id}/report",
        data={"reason": "misleading", "note": "Could get someone hurt"},
    )
    assert response.status_code == 303
    assert flags(db) == 1
    response = client.post(f"/exchanges/posts/{reply.id}/report", data={"reason": "spam"})
    assert response.status_code == 422
    assert "You have already reported this message." in response.get_data(as_text=True)
    assert flags(db) == 1
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert "Reported" in page


def test_a_report_needs_a_known_reason(client, db, login_as, make_user, make_thread):
    thread = make_thread(make_user("amina"))
    opening = services.opening_post(thread)
    login_as("olena", locale="pt")
    for data in ({}, {"reason": "boredom"}, {"reason": "spam", "note": "n" * 501}):
        response = client.post(f"/exchanges/posts/{opening.id}/report", data=data)
        assert response.status_code == 422
    assert "Escolha um motivo." in client.post(
        f"/exchanges/posts/{opening.id}/report", data={}
    ).get_data(as_text=True)
    assert flags(db) == 0


def test_three_open_reports_hide_a_post_until_review(db, make_user, make_thread, make_reply):
    thread = make_thread(make_user("amina"))
    reply = make_reply(make_user("joao"), thread)
    for n in range(2):
        moderation.flag(make_user(f"r{n}"), reply, reason="abuse")
    db.session.commit()
    assert reply.hidden_at is None and reply.open_flag_count == 2
    moderation.flag(make_user("r3"), reply, reason="spam")
    db.session.commit()
    db.session.refresh(reply)
    assert reply.hidden_by == "flags" and db.session.get(Thread, thread.id).reply_count == 0


def test_three_reports_on_the_opening_post_hide_the_thread(db, make_user, make_thread):
    thread = make_thread(make_user("amina"))
    for n in range(3):
        moderation.flag(make_user(f"r{n}"), services.opening_post(thread), reason="endangers")
    db.session.commit()
    assert db.session.get(Thread, thread.id).hidden_at is not None


def test_the_queue_and_every_action_is_audited(client, db, make_user, make_thread, make_reply):
    moderator = make_user("nadia", roles=[Role.MODERATOR], display_name="Nadia")
    thread = make_thread(make_user("amina"), visibility="public")
    reply = make_reply(make_user("joao", display_name="João"), thread, body="Flagged words")
    for n in range(3):
        reporter = make_user(f"reporter{n}", display_name=f"Zebulon Reporter {n}")
        moderation.flag(reporter, reply, reason="abuse", note=f"note {n}")
    db.session.commit()
    login(client, "nadia")
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "Flagged words" in queue and "note 1" in queue and "João" in queue
    assert "Hidden by reports" in queue
    assert "Zebulon" not in queue and "reporter1" not in queue  # reporters are never shown
    assert_private_page(queue)

    assert client.post(f"/moderation/posts/{reply.id}/restore").status_code == 303
    db.session.refresh(reply)
    assert reply.hidden_at is None and reply.open_flag_count == 0
    assert client.post(f"/moderation/posts/{reply.id}/hide").status_code == 303
    db.session.refresh(reply)
    assert reply.hidden_by == "moderator"
    assert client.post(f"/moderation/threads/{thread.id}/lock").status_code == 303
    db.session.refresh(thread)
    assert thread.locked_at is not None
    assert client.post(f"/moderation/threads/{thread.id}/unlock").status_code == 303
    response = client.post(
        f"/moderation/threads/{thread.id}/tags", data={"regions": ["mena"], "risks": ["digital"]}
    )
    assert response.status_code == 303
    db.session.refresh(thread)
    assert thread.region_codes == ["mena"] and thread.risk_codes == ["digital"]
    actions = list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.actor_id == moderator.id)
            .order_by(AuditEntry.id)
        )
    )
    assert actions == [
        "exchange.restore",
        "exchange.hide",
        "exchange.lock",
        "exchange.unlock",
        "exchange.fix_tags",
    ]


def test_dismissing_reports_shows_the_post_again(db, make_user, make_thread, make_reply):
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    thread = make_thread(make_user("amina"))
    reply = make_reply(make_user("joao"), thread)
    for n in range(3):
        moderation.flag(make_user(f"r{n}"), reply, reason="spam")
    moderation.dismiss_flags(moderator, reply)
    db.session.commit()
    db.session.refresh(reply)
    assert reply.hidden_at is None and reply.open_flag_count == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Flag).where(Flag.status == "dismissed")
        )
        == 3
    )
    assert db.session.get(Thread, thread.id).reply_count == 1


def test_bad_tag_fixes_are_refused(client, db, make_user, make_thread):
    make_user("nadia", roles=[Role.MODERATOR])
    thread = make_thread(make_user("amina"))
    login(client, "nadia")
    response = client.post(
        f"/moderation/threads/{thread.id}/tags",
        data={"regions": ["atlantis"], "risks": ["digital"]},
    )
    assert response.status_code == 422
    db.session.refresh(thread)
    assert thread.region_codes == ["africa"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_members_cannot_moderate(client, db, login_as, make_user, make_thread):
    thread = make_thread(make_user("amina"))
    opening = services.opening_post(thread)
    login_as("joao")
    assert client.get("/moderation/").status_code == 403
    for path in (f"/moderation/posts/{opening.id}/hide", f"/moderation/threads/{thread.id}/lock"):
        assert client.post(path).status_code == 403
    assert client.get(f"/moderation/threads/{thread.id}/tags").status_code == 403
    assert "/moderation/" not in client.get("/").get_data(as_text=True)
    db.session.refresh(thread)
    assert thread.locked_at is None


def test_unknown_moderation_actions_and_targets(client, db, make_user, make_thread):
    make_user("nadia", roles=[Role.MODERATOR])
    thread = make_thread(make_user("amina"))
    login(client, "nadia")
    assert client.post("/moderation/posts/999/hide").status_code == 404
    assert client.post(f"/moderation/posts/{thread.id}/explode").status_code == 400
    assert client.post(f"/moderation/threads/{thread.id}/burn").status_code == 400
    assert "/moderation/" in client.get("/").get_data(as_text=True)


def test_reports_on_deleted_posts_are_closed(db, make_user, make_thread, make_reply):
    thread = make_thread(make_user("amina"))
    reply = make_reply(make_user("joao"), thread)
    moderation.flag(make_user("r"), reply, reason="spam")
    services.delete_post(reply)
    db.session.commit()
    assert db.session.scalar(sa.select(Flag.status)) == "dismissed"
    assert db.session.get(Post, reply.id).open_flag_count == 0
