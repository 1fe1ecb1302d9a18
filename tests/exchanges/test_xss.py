"""The issue's XSS payloads, sent through our own write paths: thread, reply, edit."""

import re

import pytest
import sqlalchemy as sa

from forum.exchanges.models import Post, Thread
from tests.checks import external_references
from tests.test_markdown import PAYLOADS, SAFE_TAGS, elements


def assert_safe(html: str) -> None:
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, (tag, html)
        for name, value in attributes.items():
            assert not name.startswith("on"), (name, html)
            assert name in {"href", "title", "rel", "start", "align"}, (name, html)
            if name == "href":
                scheme = value.replace("\t", "").split(":", 1)[0].lower().strip()
                assert ":" not in value or scheme in {"http", "https", "mailto"}, html
    assert "<script" not in html.lower() and "<img" not in html.lower()


def post_bodies(page: str) -> str:
    """The rendered Markdown of every post on the page (safe HTML has no <div>)."""
    found = re.findall(r'<div class="post-body"[^>]*>(.*?)</div>', page, re.S)
    assert found
    return "".join(found)


def loads_from_elsewhere(page: str) -> list[str]:
    """External references other than links: members may link out (rel=nofollow
    noopener noreferrer), but nothing may be loaded from another origin. (The checker's
    text search for `url(` also sees escaped payload text; real style attributes and
    elements are refused by `assert_no_active_content`.)"""
    return [ref for ref in external_references(page) if not ref.startswith(("<a> ", "css url()"))]


def assert_no_active_content(page: str) -> None:
    """Across the whole page, whatever the payload became: no handler, no foreign load."""
    for tag, attributes in elements(page):
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert "style" not in attributes, (tag, attributes)
        assert tag not in {
            "iframe",
            "object",
            "embed",
            "img",
            "svg",
            "math",
            "base",
            "style",
            "video",
        }, tag
        if tag == "script":
            assert attributes.get("src", "").startswith("/static/"), attributes
        if tag == "meta":
            assert "http-equiv" not in attributes, attributes
        for name in ("href", "action", "src"):
            value = attributes.get(name, "").replace("\t", "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), attributes


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_new_thread_and_a_reply(client, db, login_as, payload):
    login_as("amina")
    response = client.post(
        "/exchanges/new",
        data={
            "title": payload[:200],
            "body": payload,
            "language": "en",
            "regions": ["africa"],
            "risks": ["digital"],
            "visibility": "public",
            "for_whom": payload[:200],
            "resources": payload,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    thread = db.session.scalars(sa.select(Thread)).one()
    response = client.post(
        f"/exchanges/{thread.id}/reply", data={"body": payload, "language": "en"}
    )
    assert response.status_code == 303
    for post in db.session.scalars(sa.select(Post)):
        assert_safe(post.body_html)
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert_safe(post_bodies(page))
    assert_no_active_content(page)
    assert loads_from_elsewhere(page) == []
    listing = client.get("/exchanges/?q=click").get_data(as_text=True)
    assert_no_active_content(listing)
    assert loads_from_elsewhere(listing) == []


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_payload_through_an_edit(client, db, login_as, make_thread, make_reply, payload):
    author = login_as("amina")
    thread = make_thread(author, visibility="public")
    reply = make_reply(author, thread)
    response = client.post(
        f"/exchanges/posts/{reply.id}/edit", data={"body": payload, "language": "en"}
    )
    assert response.status_code == 303
    db.session.refresh(reply)
    assert_safe(reply.body_html)
    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    assert_safe(post_bodies(page))
    assert_no_active_content(page)
