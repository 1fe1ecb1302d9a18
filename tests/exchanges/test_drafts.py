"""Drafts and previews: kept encrypted for their author alone, across sign-outs, gone
when published, discarded or 30 days old; put away by the quick exit until the next
sign-in; never shown to anyone else, whatever their role or the page they look at."""

import time
from datetime import timedelta

import sqlalchemy as sa

from forum.exchanges import services
from forum.exchanges.drafts.models import Draft
from forum.exchanges.models import Post, Thread
from forum.models import Role
from forum.profiles.data_rights import erase_user
from tests.conftest import login

SECRET = "Zumbador plan for the night of the hearing"
NEW_THREAD = {
    "title": "Escort rota",
    "body": SECRET,
    "language": "es",
    "regions": ["americas"],
    "risks": ["threats"],
}


def save_new_draft(client, **fields):
    return client.post("/exchanges/new", data={**NEW_THREAD, **fields, "action": "draft"})


def drafts_in_database(db):
    db.session.rollback()
    return db.session.scalars(sa.select(Draft)).all()


def test_save_draft_keeps_the_form_encrypted_and_publishes_nothing(client, db, login_as):
    login_as("mariana")
    response = save_new_draft(client)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Your draft is saved. Only you can see it." in page
    assert SECRET in page  # the form comes back as written
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 0
    raw = db.session.execute(sa.text("SELECT content FROM exchange_drafts")).scalar_one()
    assert SECRET not in raw and "Zumbador" not in raw  # a Fernet token, not the text
    again = client.get("/exchanges/new").get_data(as_text=True)
    assert SECRET in again and 'value="Escort rota"' in again
    assert 'checked id="regions-1" name="regions" type="checkbox" value="americas"' in again


def test_a_draft_survives_signing_out_and_comes_back_at_the_next_sign_in(client, db, make_user):
    user = make_user("mariana")
    assert login(client, user.username).status_code == 302
    save_new_draft(client)
    client.post("/auth/logout")
    assert client.get("/exchanges/new").status_code == 302  # signed out: nothing shown
    response = login(client, user.username)
    assert response.status_code == 302
    welcome = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have a saved draft: 1." in welcome
    assert SECRET in client.get("/exchanges/new").get_data(as_text=True)
    listing = client.get("/exchanges/drafts/").get_data(as_text=True)
    assert "Escort rota" in listing and "Continue writing" in listing


def test_publishing_deletes_the_draft(client, db, login_as):
    login_as("mariana")
    save_new_draft(client)
    response = client.post("/exchanges/new", data={**NEW_THREAD, "visibility": "members"})
    assert response.status_code == 303
    assert drafts_in_database(db) == []
    assert SECRET not in client.get("/exchanges/new").get_data(as_text=True)


def test_an_empty_form_saves_no_draft_and_clears_the_old_one(client, db, login_as):
    login_as("mariana")
    save_new_draft(client)
    response = save_new_draft(client, title="", body="")
    assert "Nothing to save yet." in response.get_data(as_text=True)
    assert drafts_in_database(db) == []


def test_bad_drafts_are_refused_with_a_reason_and_save_nothing(client, db, login_as):
    login_as("mariana")
    for fields, message in (
        ({"risks": ["not-a-risk"]}, "Choose tags and countries from the lists offered."),
        ({"language": "xx"}, "Choose one of the languages offered."),
        ({"body": "x" * 20_001}, "Use at most 20000 characters."),
        ({"event": "1; DROP"}, "Choose an event from the list."),
    ):
        response = save_new_draft(client, **fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True)
        assert drafts_in_database(db) == []


def test_preview_renders_through_the_sanitiser_and_saves_nothing(client, db, login_as):
    login_as("mariana")
    body = "**Bold** plan\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1))"
    response = client.post("/exchanges/new", data={**NEW_THREAD, "body": body, "action": "preview"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<section class="preview"' in page and "<strong>Bold</strong>" in page
    assert "<script>alert(1)</script>" not in page  # only the escaped text in the textarea
    assert 'href="javascript' not in page  # the link was refused, as on publishing
    assert drafts_in_database(db) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 0
    empty = client.post("/exchanges/new", data={"action": "preview", "body": ""})
    assert empty.status_code == 422 and "Write something to preview." in empty.get_data(
        as_text=True
    )


def test_reply_drafts_on_the_thread_page_and_on_a_reply_to_a_post(
    client, db, make_user, make_thread, make_reply, login_as
):
    author = make_user("olena")
    thread = make_thread(author, visibility="members")
    post = make_reply(author, thread, body="First answer")
    login_as("mariana")
    saved = client.post(
        f"/exchanges/{thread.id}/reply", data={"body": SECRET, "language": "en", "action": "draft"}
    )
    assert saved.status_code == 200
    assert SECRET in client.get(f"/exchanges/{thread.id}").get_data(as_text=True)
    nested = client.post(
        f"/exchanges/{thread.id}/reply",
        data={"body": "Nested draft", "language": "en", "to": post.id, "action": "draft"},
    )
    assert nested.status_code == 200
    page = client.get(f"/exchanges/{thread.id}/reply?to={post.id}").get_data(as_text=True)
    assert "Nested draft" in page
    assert {d.slot for d in drafts_in_database(db)} == {
        f"reply:{thread.id}",
        f"reply:{thread.id}:{post.id}",
    }
    sent = client.post(f"/exchanges/{thread.id}/reply", data={"body": "Sent", "language": "en"})
    assert sent.status_code == 303
    assert {d.slot for d in drafts_in_database(db)} == {f"reply:{thread.id}:{post.id}"}


def test_autosave_answers_json_and_checks_where_the_reply_goes(
    client, db, make_user, make_thread, login_as
):
    login_as("mariana")
    done = client.post("/exchanges/drafts/save", data=NEW_THREAD)
    assert done.status_code == 200 and done.json["saved"] is True
    assert done.json["message"].startswith("Draft saved")
    refused = client.post("/exchanges/drafts/save", data={**NEW_THREAD, "outcome": "maybe"})
    assert refused.status_code == 422 and refused.json["error"]
    nothing = client.post("/exchanges/drafts/save", data={"title": " ", "body": ""})
    assert nothing.json == {"saved": False, "message": "Nothing to save yet."}
    assert drafts_in_database(db) == []  # the empty form cleared it
    other = make_thread(make_user("olena"), visibility="members")
    for data, status in (
        ({"thread": "999999", "body": "x"}, 404),
        ({"thread": "abc", "body": "x"}, 400),
        ({"thread": other.id, "to": "999999", "body": "x"}, 404),
        ({"thread": other.id, "to": "-1", "body": "x"}, 400),
    ):
        assert client.post("/exchanges/drafts/save", data=data).status_code == status, data
    assert drafts_in_database(db) == []


def test_the_quick_exit_puts_drafts_away_until_the_next_sign_in(client, db, make_user):
    user = make_user("mariana")
    login(client, user.username)
    save_new_draft(client)
    assert client.post("/exchanges/drafts/hold").status_code == 204
    page = client.get("/exchanges/new").get_data(as_text=True)
    assert SECRET not in page
    assert "your draft is kept for your next sign-in" in page
    assert "data-autosave" not in page  # autosave stays off on this device
    assert "Escort rota" not in client.get("/exchanges/drafts/").get_data(as_text=True)
    refused = client.post("/exchanges/drafts/save", data={**NEW_THREAD, "body": "new text"})
    assert refused.status_code == 422  # the kept draft is never overwritten
    client.post("/auth/logout")
    time.sleep(1.1)  # sessions begin at whole seconds: the next one starts after the exit
    login(client, user.username)
    assert SECRET in client.get("/exchanges/new").get_data(as_text=True)


def test_the_quick_exit_link_carries_the_hold_only_for_signed_in_people(client, login_as):
    page = client.get("/").get_data(as_text=True)
    assert "data-quick-exit" in page and "data-drafts-hold" not in page
    login_as("mariana")
    page = client.get("/").get_data(as_text=True)
    assert 'data-drafts-hold="/exchanges/drafts/hold"' in page


def test_drafts_expire_after_thirty_days(client, db, runner, login_as):
    login_as("mariana")
    save_new_draft(client)
    db.session.execute(
        sa.update(Draft).values(updated_at=Draft.updated_at - timedelta(days=30, minutes=1))
    )
    db.session.commit()
    assert SECRET not in client.get("/exchanges/new").get_data(as_text=True)
    result = runner.invoke(args=["forum", "purge"])
    assert "Deleted 1 drafts untouched for 30 days." in result.output
    assert drafts_in_database(db) == []


def test_discarding_a_draft(client, db, login_as):
    login_as("mariana")
    save_new_draft(client)
    draft_id = drafts_in_database(db)[0].id
    response = client.post(f"/exchanges/drafts/{draft_id}/delete")
    assert response.status_code == 303
    assert drafts_in_database(db) == []
    assert client.post(f"/exchanges/drafts/{draft_id}/delete").status_code == 404


def test_drafts_never_appear_to_anyone_else(client, db, make_user, make_thread, login_as):
    """Every other role, on every page that lists or exports things, and by guessing
    ids: the draft's text never shows, and its id opens nothing."""
    public = make_thread(make_user("olena"), visibility="public", title="Public thread")
    owner = login_as("mariana")
    save_new_draft(client)
    client.post(
        f"/exchanges/{public.id}/reply", data={"body": SECRET + " reply", "action": "draft"}
    )
    draft_ids = [draft.id for draft in drafts_in_database(db)]
    assert len(draft_ids) == 2
    client.post("/auth/logout")

    others = {
        "member": make_user("joao"),
        "moderator": make_user("nadia", roles=[Role.MODERATOR]),
        "admin": make_user("root", roles=[Role.ADMIN]),
        "staff": make_user("kwame", roles=[Role.STAFF]),
        "organizer": make_user("lucia", roles=[Role.ORGANIZER]),
    }
    pages = [
        "/",
        "/exchanges/",
        f"/exchanges/?q={SECRET.split()[0]}",
        "/exchanges/?q=zumbador&expand=0",
        f"/exchanges/{public.id}",
        "/exchanges/new",
        "/exchanges/drafts/",
        "/exchanges/feed.atom",
        "/account/data/export.json",
        "/admin/audit",
        "/admin/roles",
        "/moderation/",
        "/exchanges/notifications",
    ]
    for role, person in [("anon", None), *others.items()]:
        client.post("/auth/logout")
        if person is not None:
            assert login(client, person.username).status_code == 302, role
        for path in pages:
            response = client.get(path)
            body = response.get_data(as_text=True)
            # (search pages repeat the words searched; the rest of the text never shows)
            assert "plan for the night" not in body, (role, path)
            if "?q=" in path:
                assert "0 exchanges match." in body, (role, path)
        for draft_id in draft_ids:
            assert client.post(f"/exchanges/drafts/{draft_id}/delete").status_code in (
                302,
                404,
            ), role
    assert len(drafts_in_database(db)) == 2  # nobody else could delete them
    client.post("/auth/logout")
    login(client, owner.username)
    export = client.get("/account/data/export.json").get_data(as_text=True)
    assert SECRET in export  # the author's own export holds them


def test_erasing_the_account_deletes_its_drafts(client, db, login_as):
    user = login_as("mariana")
    save_new_draft(client)
    erase_user(user, keep_posts=True)
    db.session.commit()
    assert drafts_in_database(db) == []


def test_deleting_a_thread_entirely_deletes_reply_drafts(
    client, db, make_user, make_thread, login_as
):
    thread = make_thread(make_user("olena"), visibility="members")
    login_as("mariana")
    client.post(f"/exchanges/{thread.id}/reply", data={"body": SECRET, "action": "draft"})
    assert len(drafts_in_database(db)) == 1
    services.delete_thread_entirely(db.session.get(Thread, thread.id))
    db.session.commit()
    assert drafts_in_database(db) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0
