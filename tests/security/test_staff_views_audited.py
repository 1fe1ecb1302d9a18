"""Every staff page that shows someone's personal data writes an audit entry first.

The routes come from the app's URL map and the roles from the authorization matrix, so a
page added later is walked too: a GET route that neither a visitor nor a member may open
is a staff page. Each privileged role that may open it opens it once; if the page shows
personal data of somebody else (a registrant's name or account, a registration answer,
a badge name, an incident's account) and no audit entry was written for that viewer
during the request, the test names the page.

Markers are values only the people they belong to put there, so one found on a page is
personal data shown, whatever the page's layout.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.extensions import db
from forum.models import AuditEntry
from forum.security import audit
from tests.registration.factories import enrol_user
from tests.security.expected import EXPECTED
from tests.security.test_authorization_matrix import path_for, route_keys
from tests.security.world import ROLES, People, Things, Visitors, build_people, build_things

BADGE_NAME = "Zeynep Kılıçdaroğlu-Badge"
ANSWER = "Kosher-and-no-sesame"
ACCOUNT = "Two men on a motorbike"

PRIVILEGED = tuple(role for role in ROLES if role not in {"anon", "member"})

# Pages a member cannot open for another reason than privilege, each with that reason.
NOT_STAFF_VIEWS = {
    # The member wrote the reply, and nobody reports their own; any other reader of the
    # thread sees the reply with its author's name.
    "exchanges.report GET": "shows a post its reader can already read in the thread",
}


@pytest.fixture(scope="module")
def world(module_app: Flask) -> Iterator[tuple[People, Things, Visitors]]:
    people = build_people()
    things = build_things(people)
    # A second registrant with an answer and a badge name only they gave.
    question_id = things.values["question_id"]
    # The team checked the registrant in: the audit pages name whom it was about.
    registration = enrol_user(
        things.event, people.author, {question_id: ANSWER}, badge_name=BADGE_NAME
    )
    audit(
        people.users["organizer"],
        "registration.check_in",
        target_type="registration",
        target_id=registration.id,
        event_id=things.event.id,
    )
    db.session.commit()
    yield people, things, Visitors(module_app, people)


def _markers(people: People, things: Things) -> dict[str, str]:
    """Marker → whose it is (a role name, or "" for data of people who never sign in here)."""
    markers = {BADGE_NAME: "", ANSWER: "", ACCOUNT: ""}
    for role in ("member",):
        user = people.users[role]
        markers[user.username] = role
        markers[user.display_name] = role
    markers[people.author.username] = ""
    markers[people.author.display_name] = ""
    markers[str(things.values["username"])] = ""
    return markers


def _staff_routes(app: Flask) -> list[str]:
    member, anon = ROLES.index("member"), ROLES.index("anon")
    return sorted(
        key
        for key in route_keys(app)
        if key.endswith(" GET")
        and key in EXPECTED
        and EXPECTED[key][member] != 200
        and EXPECTED[key][anon] != 200
        and key not in NOT_STAFF_VIEWS
    )


def _audit_count(user_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.actor_id == user_id)
    )


NAMED_PAGES = {
    "registration.manage GET",
    "registration.audit_log GET",
    "badges.index GET",
    "admin.audit_log GET",
    "admin.reset_link GET",
    "admin.roles GET",
    "attacks.record GET",
}


def test_the_walk_sees_staff_pages(module_app: Flask) -> None:
    """The walk is not empty: it reaches the pages the issue named."""
    assert set(_staff_routes(module_app)) >= NAMED_PAGES


def test_every_staff_view_of_personal_data_is_audited(module_app: Flask, world) -> None:
    people, things, visitors = world
    markers = _markers(people, things)
    keys = route_keys(module_app)
    unaudited: list[str] = []
    shown: set[str] = set()
    for key in _staff_routes(module_app):
        for role in PRIVILEGED:
            if EXPECTED[key][ROLES.index(role)] != 200:
                continue
            viewer = people.users[role]
            paths = [path_for(rule, things) for rule in keys[key]]
            # Searches too: a page may list nobody until asked for a name.
            for path in paths + [f"{path}?q=matrix" for path in paths]:
                before = _audit_count(viewer.id)
                response = visitors.request(role, "GET", path)
                if response.status_code != 200:
                    continue
                # A file (PDF, image, archive) is an export: audited by its own tests.
                textual = response.mimetype.startswith("text/") or response.is_json
                body = response.get_data(as_text=True) if textual else ""
                found = [m for m, owner in markers.items() if owner != role and m in body]
                if not found:
                    continue
                shown.add(key)
                if _audit_count(viewer.id) == before:
                    unaudited.append(f"{key} as {role}: shows {', '.join(found)}")
    # The markers reach the pages the issue named; otherwise the walk would prove nothing.
    assert NAMED_PAGES <= shown, f"Markers not found on {sorted(NAMED_PAGES - shown)}"
    assert not unaudited, "Personal data shown without an audit entry:\n" + "\n".join(unaudited)
