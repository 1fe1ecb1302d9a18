"""Following a topic: members follow a region, a country, a risk or a group of defenders,
see on the topics page what is new there since their last visit, and nobody else sees
what they follow."""

import json

import pytest
import sqlalchemy as sa

from forum.exchanges import services
from forum.profiles import data_rights
from forum.topics.models import Follow
from tests.conftest import csrf_token_from
from tests.test_topics import _event


def _thread(db, author, title, visibility="public", event_id=None, **tags):
    thread = services.create_thread(
        author,
        title=title,
        body="A tactic.",
        language="en",
        tags=services.Tags(**{"regions": ["africa"], "risks": ["threats"], **tags}),
        visibility=visibility,
        event_id=event_id,
    )
    db.session.commit()
    return thread


def _follows(db, user=None):
    query = sa.select(Follow.kind, Follow.code).order_by(Follow.kind, Follow.code)
    if user is not None:
        query = query.where(Follow.user_id == user.id)
    return db.session.execute(query).all()


def test_a_member_follows_and_unfollows_a_country_from_its_page(client, db, login_as):
    amina = login_as("amina")
    page = client.get("/topics/country/SN").get_data(as_text=True)
    assert "Follow this topic" in page and 'action="/topics/country/SN/follow"' in page

    done = client.post("/topics/country/SN/follow", follow_redirects=True)
    text = done.get_data(as_text=True)
    assert done.request.path == "/topics/country/SN"
    assert "You follow this topic" in text and "Stop following" in text
    assert _follows(db, amina) == [("country", "SN")]

    index = client.get("/topics/").get_data(as_text=True)
    assert "Topics you follow" in index and 'href="/topics/country/SN"' in index

    done = client.post("/topics/country/SN/unfollow", follow_redirects=True)
    assert "You no longer follow this topic" in done.get_data(as_text=True)
    assert _follows(db, amina) == []
    assert "You follow no topic yet" in client.get("/topics/").get_data(as_text=True)


def test_following_twice_or_unfollowing_what_is_not_followed_changes_nothing(client, db, login_as):
    amina = login_as("amina")
    for _ in range(2):
        assert client.post("/topics/risk/raids/follow").status_code == 303
    assert _follows(db, amina) == [("risk", "raids")]
    for _ in range(2):
        assert client.post("/topics/group/journalists/unfollow").status_code == 303
    assert _follows(db, amina) == [("risk", "raids")]
    for _ in range(2):
        assert client.post("/topics/risk/raids/unfollow").status_code == 303
    assert _follows(db) == []


@pytest.mark.parametrize(
    "path",
    [
        "/topics/region/atlantis/follow",
        "/topics/country/XX/follow",
        "/topics/country/sn/follow",
        "/topics/planet/SN/follow",
        "/topics/risk/%3Cscript%3E/follow",
        "/topics/country/" + "A" * 300 + "/follow",
        "/topics/region/atlantis/unfollow",
    ],
)
def test_codes_outside_the_taxonomy_are_refused_and_nothing_is_saved(client, db, login_as, path):
    login_as("amina")
    response = client.post(path)
    assert response.status_code == 404
    assert "There is no such topic to follow." in response.get_data(as_text=True)
    assert _follows(db) == []


def test_the_refusal_is_translated(client, db, login_as):
    login_as("amina", locale="es")
    response = client.post("/topics/country/XX/follow")
    assert response.status_code == 404
    assert "No existe ese tema." in response.get_data(as_text=True)
    assert _follows(db) == []


def test_visitors_are_sent_to_sign_in_and_see_no_button(client, db):
    assert "Follow this topic" not in client.get("/topics/country/SN").get_data(as_text=True)
    response = client.post("/topics/country/SN/follow")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "Topics you follow" not in client.get("/topics/").get_data(as_text=True)
    assert _follows(db) == []


def test_the_form_needs_its_csrf_token(csrf_app, make_user):
    from forum.extensions import db
    from tests.conftest import PASSWORD

    make_user("amina")
    client = csrf_app.test_client()
    login_page = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login",
        data={
            "username": "amina",
            "password": PASSWORD,
            "csrf_token": csrf_token_from(login_page),
        },
    )
    assert client.post("/topics/country/SN/follow").status_code == 400
    assert _follows(db) == []
    token = csrf_token_from(client.get("/topics/country/SN").get_data(as_text=True))
    assert client.post("/topics/country/SN/follow", data={"csrf_token": token}).status_code == 303
    assert _follows(db) == [("country", "SN")]


def test_another_members_follows_are_invisible(client, db, login_as, make_user):
    omar = make_user("omar")
    db.session.add(Follow(user_id=omar.id, kind="country", code="KE"))
    db.session.commit()
    login_as("amina")
    index = client.get("/topics/").get_data(as_text=True)
    assert (
        "You follow no topic yet" in index
        and '/topics/country/KE">' not in index.split("Topics you follow")[1].split("</section>")[0]
    )
    assert "You follow this topic" not in client.get("/topics/country/KE").get_data(as_text=True)
    # Unfollowing only ever touches one's own follows.
    client.post("/topics/country/KE/unfollow")
    assert _follows(db, omar) == [("country", "KE")]


def test_the_topics_page_shows_what_is_new_since_the_last_visit(client, db, login_as, make_user):
    author = make_user("omar")
    _thread(db, author, "Old news", countries=["SN"])
    login_as("amina")
    client.post("/topics/country/SN/follow")
    client.post("/topics/risk/raids/follow")
    assert "new exchange" not in client.get("/topics/").get_data(as_text=True)

    _thread(db, author, "Dakar hotline", countries=["SN"])
    _thread(db, author, "Dakar shelter", countries=["SN"])
    event = _event(db, "dakar", "SN")
    event.organizers.append(author)
    db.session.commit()
    _thread(db, author, "For participants", "participants", event.id, countries=["SN"])
    _thread(db, author, "Elsewhere", countries=["KE"])
    index = client.get("/topics/").get_data(as_text=True)
    assert "2 new exchanges since your last visit" in index  # not the one she may not read

    client.get("/topics/country/SN")  # the visit
    assert "new exchange" not in client.get("/topics/").get_data(as_text=True)


def test_follows_are_in_the_export_and_go_with_the_account(db, make_user):
    amina = make_user("amina")
    omar = make_user("omar")
    held = ((amina, "country", "SN"), (amina, "risk", "raids"), (omar, "region", "asia"))
    for user, kind, code in held:
        db.session.add(Follow(user_id=user.id, kind=kind, code=code))
    db.session.commit()
    exported = json.loads(json.dumps(data_rights.export_user(amina)))
    assert exported["followed_topics"] == [
        {"kind": "country", "code": "SN"},
        {"kind": "risk", "code": "raids"},
    ]
    data_rights.erase_user(amina, keep_posts=False)
    db.session.commit()
    assert _follows(db) == [("region", "asia")]


def test_the_topic_page_costs_the_same_queries_whatever_is_followed(
    client, db, login_as, make_user, count_queries
):
    author = make_user("omar")
    login_as("amina")
    client.post("/topics/country/SN/follow")
    _thread(db, author, "First", countries=["SN"])
    client.get("/topics/country/SN")
    with count_queries() as few:
        client.get("/topics/country/SN")
    for number in range(6):
        _thread(db, author, f"More {number}", countries=["SN"])
    client.get("/topics/country/SN")  # marks them seen
    with count_queries() as many:
        assert client.get("/topics/country/SN").status_code == 200
    assert many.count == few.count


def test_the_topics_index_costs_the_same_queries_for_one_follow_or_many(
    client, db, login_as, count_queries
):
    login_as("amina")
    client.post("/topics/country/SN/follow")
    client.get("/topics/")
    with count_queries() as one:
        client.get("/topics/")
    for path in ("/topics/risk/raids", "/topics/region/asia", "/topics/group/journalists"):
        client.post(path + "/follow")
    with count_queries() as many:
        assert "Topics you follow" in client.get("/topics/").get_data(as_text=True)
    assert many.count == one.count
