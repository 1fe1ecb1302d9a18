"""An id too large for the database's INTEGER is an unknown id: answered 404 or refused
with a message, never 500, on every route and in every form or JSON field that takes one.

PostgreSQL refuses such a number in a comparison ("integer out of range"); SQLite does
not, so these matter most in the PostgreSQL run. CI's fuzzing found it at the check-in
desk (`{"registration_id": 2147483648}`); these tests try it everywhere on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from forum.events.registration.models import Registration
from forum.exchanges.models import Post
from forum.extensions import db
from forum.urls import MAX_ROW_ID
from tests.security.world import People, Things, Visitors, build_people, build_things

TOO_LARGE = (MAX_ROW_ID + 1, 10**20)
# Path parts that are words, not ids, by endpoint.
WORDS = {"action": "hide"}


@dataclass
class World:
    app: Flask
    people: People
    things: Things
    visitors: Visitors


@pytest.fixture(scope="module")
def world(module_app: Flask) -> Iterator[World]:
    people = build_people()
    yield World(module_app, people, build_things(people), Visitors(module_app, people))


def _id_rules(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(conv, IntegerConverter) for conv in rule._converters.values())
    ]


def _path(rule: Rule, things: Things, number: int) -> str:
    """The rule's path with every integer part set to `number` and the rest real."""

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            return str(number)
        return str(things.values.get(name, WORDS.get(name)))

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)


def test_every_route_with_an_id_answers_404_to_one_too_large(world: World) -> None:
    rules = _id_rules(world.app)
    assert len(rules) > 20  # the routes with ids were all found
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for number in TOO_LARGE:
                path = _path(rule, world.things, number)
                response = world.visitors.request("admin", method, path)
                assert response.status_code == 404, f"{method} {path}"


def test_the_largest_id_still_reaches_the_view(world: World) -> None:
    """The bound is the column's own, not lower: 2**31 - 1 is routed, and not found."""
    adapter = world.app.url_map.bind("localhost")
    for rule in _id_rules(world.app):
        path = _path(rule, world.things, MAX_ROW_ID)
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        endpoint, values = adapter.match(path, method=method)
        assert endpoint == rule.endpoint
        assert MAX_ROW_ID in values.values()
    response = world.visitors.request("admin", "GET", f"/exchanges/{MAX_ROW_ID}")
    assert response.status_code == 404


def _post(world: World, role: str, path: str, **kwargs):  # noqa: ANN202
    client = world.app.test_client()
    client._cookies = dict(world.visitors.clients[role]._cookies)
    return client.post(path, **kwargs)


@pytest.mark.parametrize("number", [*TOO_LARGE, 0, -1])
def test_the_check_in_desk_refuses_impossible_registration_ids(world: World, number: int) -> None:
    slug = world.things.values["slug"]
    scanned = _post(
        world, "organizer", f"/events/{slug}/manage/check-in.json", json={"registration_id": number}
    )
    assert scanned.status_code == 400
    typed = _post(
        world,
        "organizer",
        f"/events/{slug}/manage/check-in",
        data={"registration_id": str(number)},
    )
    assert typed.status_code == 422
    assert "The request is not valid. Please try again." in typed.get_data(as_text=True)
    arrived = db.session.scalar(
        sa.select(sa.func.count()).where(Registration.checked_in_at.is_not(None))
    )
    assert arrived == 0


def test_organizers_deciding_on_impossible_ids_are_refused(world: World) -> None:
    slug = world.things.values["slug"]
    response = _post(
        world,
        "organizer",
        f"/events/{slug}/manage/registrations/decide",
        data={"ids": [str(TOO_LARGE[0])], "approve": "Approve"},
    )
    assert response.status_code == 422
    assert "The selection is not valid. Please try again." in response.get_data(as_text=True)


def test_a_reply_to_an_impossible_post_is_not_found(world: World) -> None:
    thread_id = world.things.values["thread_id"]
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Post))
    for number in TOO_LARGE:
        response = _post(
            world,
            "member",
            f"/exchanges/{thread_id}/reply",
            data={"parent": str(number), "body": "Same here.", "language": "en"},
        )
        assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == before
