"""Every exchanges and moderation page: private (nothing from elsewhere), in five languages."""

import pytest

from forum.exchanges import services
from forum.exchanges.moderation import services as moderation
from forum.i18n import LOCALES
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login


@pytest.fixture
def site(db, make_user, make_thread, make_reply):
    author = make_user("amina", display_name="Amina")
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    thread = make_thread(author, visibility="public", title="A public tactic")
    reply = make_reply(make_user("joao"), thread)
    moderation.flag(make_user("olena"), reply, reason="spam")
    services.follow(moderator, thread, read_up_to=0)
    own = make_thread(moderator, title="The moderator's own tactic")
    db.session.commit()
    return {"thread": thread, "reply": reply, "own_opening": services.opening_post(own)}


def paths(site):
    thread, reply, opening = site["thread"], site["reply"], site["own_opening"]
    return [
        "/",
        "/exchanges/",
        "/exchanges/?q=tactic&region=africa",
        "/exchanges/new",
        f"/exchanges/{thread.id}-a-public-tactic",
        f"/exchanges/{thread.id}/reply?to={reply.id}",
        f"/exchanges/posts/{reply.id}/report",
        "/exchanges/notifications",
        "/moderation/",
        f"/moderation/threads/{thread.id}/tags",
        f"/exchanges/posts/{opening.id}/edit",
    ]


@pytest.mark.parametrize("locale", list(LOCALES))
def test_pages_are_private_in_every_language(client, db, site, locale):
    login(client, "nadia")
    client.post("/locale", data={"locale": locale, "next": "/"})
    for path in paths(site):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.get_data(as_text=True)
        assert f'lang="{locale}"' in html
        assert_private_page(html)


def test_signed_out_pages_are_private(client, db, site):
    for path in ("/exchanges/", f"/exchanges/{site['thread'].id}-a-public-tactic", "/"):
        assert_private_page(client.get(path).get_data(as_text=True))


def test_the_feed_is_valid_atom_of_public_threads(client, db, site):
    from xml.etree import ElementTree  # noqa: S405 - parsing our own output

    response = client.get("/exchanges/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.data)  # noqa: S314
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}title").text for e in entries] == [
        "A public tactic"
    ]
    assert (
        entries[0]
        .find("{http://www.w3.org/2005/Atom}author/{http://www.w3.org/2005/Atom}name")
        .text
        == "Amina"
    )


def test_nav_links(client, db, site):
    assert 'href="/exchanges/"' in client.get("/").get_data(as_text=True)
    login(client, "nadia")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/moderation/"' in page and 'href="/exchanges/notifications"' in page
