"""Starting, reading, editing and deleting exchanges through the pages."""

import pytest
import sqlalchemy as sa

from forum.exchanges.models import Post, Thread, ThreadCountry, ThreadRegion
from tests.checks import assert_private_page


def thread_form(**overrides):
    data = {
        "title": "Lawyers on call for women defenders",
        "body": "We keep a **rota** of lawyers reachable day and night.",
        "language": "en",
        "regions": ["africa"],
        "risks": ["criminalisation"],
        "groups": ["women"],
        "visibility": "public",
        "outcome": "worked",
        "context": "court",
        "for_whom": "Women defenders facing trial",
        "resources": "Volunteer lawyers",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_member_starts_an_exchange(client, db, login_as):
    login_as("amina", display_name="Amina K.")
    response = client.post("/exchanges/new", data=thread_form(countries=["SN"]))
    assert response.status_code == 303
    thread = db.session.scalars(sa.select(Thread)).one()
    slug = "lawyers-on-call-for-women-defenders"
    assert response.headers["Location"].endswith(f"/exchanges/{thread.id}-{slug}")
    assert thread.region_codes == ["africa"] and thread.country_codes == ["SN"]
    assert thread.outcome == "worked" and thread.context == "court"
    opening = db.session.scalars(sa.select(Post)).one()
    assert opening.is_opening and opening.body_html == (
        "<p>We keep a <strong>rota</strong> of lawyers reachable day and night.</p>\n"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lawyers on call for women defenders" in page and "Amina K." in page
    assert "Women defenders facing trial" in page and "Worked" in page
    assert_private_page(page)


def test_countries_add_their_region(client, db, login_as):
    login_as("amina")
    client.post("/exchanges/new", data=thread_form(regions=None, countries=["BR", "SN"]))
    assert sorted(db.session.scalars(sa.select(ThreadRegion.region))) == ["africa", "americas"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "   "}, "This field is required."),
        ({"title": "x" * 201}, "Use at most 200 characters."),
        ({"body": ""}, "This field is required."),
        ({"body": "x" * 20_001}, "Use at most 20000 characters."),
        ({"regions": ["atlantis"]}, "Choose regions from the list."),
        ({"regions": None}, "Choose at least one region or country."),
        ({"countries": ["XX"]}, "Choose countries from the list."),
        ({"countries": ["<script>"]}, "Choose countries from the list."),
        ({"risks": ["bad-luck"]}, "Choose risks from the list."),
        ({"risks": None}, "Choose at least one risk."),
        ({"groups": ["aliens"]}, "Choose groups of defenders from the list."),
        ({"perpetrator": "martians"}, "Choose one of the options offered."),
        ({"language": "xx"}, "Choose one of the languages offered."),
        ({"visibility": "secret"}, "Choose one of the options offered."),
        ({"visibility": "participants"}, "Choose the event whose participants may read it."),
        ({"outcome": "maybe"}, "Choose one of the options offered."),
        ({"context": "space"}, "Choose one of the options offered."),
        ({"event": "999"}, "Choose an event from the list."),
        ({"for_whom": "x" * 201}, "Use at most 200 characters."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, db, login_as, overrides, message
):
    login_as("amina")
    response = client.post("/exchanges/new", data=thread_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, Thread) == 0 and count(db, Post) == 0 and count(db, ThreadCountry) == 0


def test_bad_input_message_is_translated(client, db, login_as):
    login_as("amina", locale="fr")
    response = client.post("/exchanges/new", data=thread_form(title=""))
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)


def test_body_limit_counts_characters_not_bytes(client, db, login_as):
    login_as("layla")
    response = client.post("/exchanges/new", data=thread_form(body="ب" * 20_000, language="ar"))
    assert response.status_code == 303


def test_signing_in_is_needed_to_start_an_exchange(client, db):
    response = client.get("/exchanges/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.post("/exchanges/new", data=thread_form()).status_code == 302
    assert count(db, Thread) == 0


def test_participants_only_needs_an_event_the_author_takes_part_in(
    client, db, login_as, make_event, approve
):
    user = login_as("amina")
    event = make_event()
    response = client.post(
        "/exchanges/new", data=thread_form(visibility="participants", event=str(event.id))
    )
    assert response.status_code == 422
    assert "Only participants and organizers of an event" in response.get_data(as_text=True)
    approve(user, event)
    session_id = event.sessions[0].id
    response = client.post(
        "/exchanges/new",
        data=thread_form(
            visibility="participants", event=str(event.id), session=f"{event.id}:{session_id}"
        ),
    )
    assert response.status_code == 303
    thread = db.session.scalars(sa.select(Thread)).one()
    assert (thread.event_id, thread.session_id) == (event.id, session_id)


def test_a_session_must_belong_to_the_linked_event(client, db, login_as, make_event):
    login_as("amina")
    first, second = make_event(), make_event()
    response = client.post(
        "/exchanges/new",
        data=thread_form(event=str(first.id), session=f"{second.id}:{second.sessions[0].id}"),
    )
    assert response.status_code == 422
    assert "Choose a session of the linked event." in response.get_data(as_text=True)


def test_draft_events_are_not_offered(client, db, login_as, make_event):
    login_as("amina")
    draft = make_event(status="draft")
    page = client.get("/exchanges/new").get_data(as_text=True)
    assert f'value="{draft.id}"' not in page
    response = client.post("/exchanges/new", data=thread_form(event=str(draft.id)))
    assert response.status_code == 422


def test_public_threads_carry_their_title_in_the_url_others_do_not(
    client, db, make_user, make_thread, login_as
):
    author = make_user("amina")
    public = make_thread(author, title="Phone hygiene", visibility="public")
    members = make_thread(author, title="Secret tactic", visibility="members")
    response = client.get(f"/exchanges/{public.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/exchanges/{public.id}-phone-hygiene")
    assert client.get(f"/exchanges/{public.id}-wrong-slug").status_code == 301
    login_as("reader")
    assert client.get(f"/exchanges/{members.id}").status_code == 200
    response = client.get(f"/exchanges/{members.id}-secret-tactic")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/exchanges/{members.id}")


def test_arabic_titles_keep_a_working_address(client, db, make_user, make_thread):
    thread = make_thread(
        make_user("layla"), title="شبكة محامين", language="ar", visibility="public"
    )
    response = client.get(f"/exchanges/{thread.id}")
    assert response.status_code == 200
    assert 'dir="auto"' in response.get_data(as_text=True)


def test_author_edits_title_body_and_tags_and_an_edited_marker_appears(
    client, db, login_as, make_thread
):
    author = login_as("amina")
    thread = make_thread(author, visibility="public")
    opening = db.session.scalars(sa.select(Post)).one()
    page = client.get(f"/exchanges/posts/{opening.id}/edit")
    assert page.status_code == 200 and "Legal support network" in page.get_data(as_text=True)
    response = client.post(
        f"/exchanges/posts/{opening.id}/edit",
        data=thread_form(title="Better title", body="Updated *text*", regions=["mena"]),
    )
    assert response.status_code == 303
    db.session.refresh(thread)
    db.session.refresh(opening)
    assert thread.title == "Better title" and thread.region_codes == ["mena"]
    assert opening.body_html == "<p>Updated <em>text</em></p>\n" and opening.edited_at
    assert "edited" in client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(
        as_text=True
    )
    assert thread.visibility == "public"


def test_editing_refuses_bad_input_and_keeps_the_old_text(client, db, login_as, make_thread):
    author = login_as("amina")
    make_thread(author)
    opening = db.session.scalars(sa.select(Post)).one()
    response = client.post(f"/exchanges/posts/{opening.id}/edit", data=thread_form(title=""))
    assert response.status_code == 422
    db.session.refresh(opening)
    assert "rota" in opening.body


def test_only_the_author_may_edit_or_delete(client, db, make_user, login_as, make_thread):
    thread = make_thread(make_user("amina"))
    opening = db.session.scalars(sa.select(Post)).one()
    login_as("joao")
    assert client.get(f"/exchanges/posts/{opening.id}/edit").status_code == 404
    assert client.post(f"/exchanges/posts/{opening.id}/delete").status_code == 404
    db.session.refresh(thread)
    assert thread.deleted_at is None


def test_deleting_the_opening_post_deletes_the_exchange_but_keeps_replies(
    client, db, login_as, make_user, make_thread, make_reply
):
    author = login_as("amina")
    thread = make_thread(author, visibility="public")
    reply = make_reply(make_user("joao", display_name="João"), thread, body="Kept reply")
    opening = db.session.scalars(sa.select(Post).where(Post.is_opening.is_(True))).one()
    response = client.post(f"/exchanges/posts/{opening.id}/delete")
    assert response.status_code == 303
    db.session.refresh(thread)
    db.session.refresh(opening)
    assert thread.deleted_at and thread.title == ""
    assert opening.body == "" and opening.author_id is None
    assert thread.id not in [
        t.id for t in db.session.scalars(sa.select(Thread).where(Thread.deleted_at.is_(None)))
    ]
    page = client.get(f"/exchanges/{thread.id}").get_data(as_text=True)
    assert "deleted by its author" in page and "Kept reply" in page
    assert "Legal support network" not in client.get("/exchanges/").get_data(as_text=True)
    assert reply.id


def test_unknown_thread_and_bad_query_strings_are_4xx(client, db, make_user, make_thread):
    thread = make_thread(make_user("amina"), visibility="public")
    assert client.get("/exchanges/999").status_code == 404
    assert client.get(f"/exchanges/{thread.id}-x?sort=sideways").status_code in (301, 400)
    assert (
        client.get(
            f"/exchanges/{thread.id}", follow_redirects=True, query_string={"sort": "sideways"}
        ).status_code
        == 400
    )
    assert client.get("/exchanges/?page=abc").status_code == 400
    assert client.get("/exchanges/?page=0").status_code == 400
    assert client.get("/exchanges/?region=atlantis").status_code == 400
    assert client.get("/exchanges/?sort=random").status_code == 400
    assert client.get("/exchanges/?page=99").status_code == 200
