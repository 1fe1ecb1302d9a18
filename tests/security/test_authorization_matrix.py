"""Every route × every role: who gets the page, who is sent to sign in, who is refused.

The routes come from the app's URL map, so a route added without a line in EXPECTED
(one module per feature in `tests/security/expected/`) fails
`test_every_route_has_an_entry`, naming it. Each line gives, for one endpoint and
method, what each role gets, in the order of `ROLES`:

    anon       not signed in
    member     a member with an approved registration for the event
    other_org  organizer of another event only
    organizer  organizer of the event (and author of the exchange linked to it)
    staff, moderator, admin,
    documenter, analyst      those roles, with two-factor sign-in on

Outcomes: 200; GO (a redirect elsewhere than sign-in: the action was done or the page
moved); LOGIN (a redirect to the sign-in page); 400, 403, 404, 405. POST requests carry
no form fields: a 200 there is the form shown again with its errors.

The event is published and run by `organizer`; the exchange is for the event's
participants; the reply in it is the member's (see tests/security/world.py). Requests
that may change something (every POST) get a fresh copy of those objects.

To see what the app answers now (e.g. to write the line for a new route), run
`FORUM_MATRIX_PRINT=1 pytest tests/security/test_authorization_matrix.py -s`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.security.expected import EXPECTED
from tests.security.outcomes import GO, LOGIN, REFUSED
from tests.security.world import ROLES, People, Things, Visitors, build_people, build_things

# URL parameters that differ per endpoint: a value, or the name of one of the world's.
PARAMETERS: dict[str, dict[str, str]] = {
    "attacks.pattern_csv": {"key": "regions"},
    # Nobody's session: ending one of another account's sessions is a 404 (see
    # tests/test_sessions.py for one's own).
    "account.end_one_session": {"sign_in_id": "2147483000"},
    "exchanges.thread": {"slug": "early-warning-networks"},
    "insights.table_csv": {"key": "regions"},
    "moderation.post_action": {"action": "hide"},
    "moderation.thread_action": {"action": "lock"},
    "topics.topic": {"kind": "region", "code": "africa"},
    "topics.follow": {"kind": "country", "code": "SN"},
    "topics.unfollow": {"kind": "country", "code": "SN"},
}
# Requests after which the role's client must sign in again (they end the session).
ENDS_SESSION = {"auth.logout POST", "account.end_all_sessions POST"}

_CONVERTER = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>")


def _methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def route_keys(app: Flask) -> dict[str, list[Rule]]:
    """`endpoint METHOD` → the rules answering it (one endpoint may have two paths)."""
    keys: dict[str, list[Rule]] = {}
    for rule in app.url_map.iter_rules():
        for method in _methods(rule):
            keys.setdefault(f"{rule.endpoint} {method}", []).append(rule)
    return keys


def path_for(rule: Rule, things: Things) -> str:
    values = {**things.values, **PARAMETERS.get(rule.endpoint, {})}
    values = {name: things.values.get(value, value) for name, value in values.items()}
    return _CONVERTER.sub(lambda m: str(values[m.group(1)]), rule.rule)


def outcome(response) -> object:  # noqa: ANN001
    if 300 <= response.status_code < 400:
        target = urlsplit(response.headers["Location"]).path
        return LOGIN if target == "/auth/login" else GO
    return response.status_code


@pytest.fixture(scope="module")
def world(module_app: Flask) -> Iterator[tuple[People, Things, Visitors]]:
    people = build_people()
    yield people, build_things(people), Visitors(module_app, people)


def test_every_route_has_an_entry(module_app: Flask) -> None:
    missing = sorted(set(route_keys(module_app)) - set(EXPECTED) - {"static GET"})
    assert not missing, (
        "Routes without a line in EXPECTED (tests/security/expected/<feature>.py): "
        + ", ".join(missing)
    )
    stale = sorted(set(EXPECTED) - set(route_keys(module_app)))
    assert not stale, "Lines in EXPECTED for routes that no longer exist: " + ", ".join(stale)
    for key, row in EXPECTED.items():
        assert len(row) == len(ROLES), f"{key}: one outcome per role ({len(ROLES)})"


def test_every_route_answers_each_role_as_expected(module_app: Flask, world) -> None:
    people, shared, visitors = world
    observed: dict[str, tuple] = {}
    wrong: list[str] = []
    for key, rules in sorted(route_keys(module_app).items()):
        endpoint, method = key.split(" ")
        if endpoint == "static":
            continue
        row = []
        things = shared if method == "GET" else build_things(people)
        for role in ROLES:
            got = {outcome(visitors.request(role, method, path_for(r, things))) for r in rules}
            row.append(got.pop() if len(got) == 1 else "/".join(sorted(map(str, got))))
            if key in ENDS_SESSION:
                visitors.sign_in(role)
            if method != "GET" and row[-1] not in REFUSED:
                # The request may have changed the objects: the next role gets new ones.
                things = build_things(people)
        observed[key] = tuple(row)
        expected = EXPECTED.get(key)
        if expected is not None and len(expected) != len(ROLES):
            wrong.append(f"{key}: {len(expected)} outcomes for {len(ROLES)} roles")
        elif expected is not None and tuple(row) != expected:
            diffs = [
                f"{role}: expected {want}, got {have}"
                for role, want, have in zip(ROLES, expected, row, strict=True)
                if want != have
            ]
            wrong.append(f"{key}: " + "; ".join(diffs))
    if os.environ.get("FORUM_MATRIX_PRINT"):
        for key, row in observed.items():
            cells = ", ".join(f"{c!s:>6}" if isinstance(c, int) else f"{c:>6}" for c in row)
            print(f'    "{key}":'.ljust(45) + f"({cells}),")
    assert not wrong, "Authorization outcomes differ:\n" + "\n".join(wrong)


def test_not_allowed_methods_answer_405(module_app: Flask, world) -> None:
    """A method a path does not take is refused before anything else, for everyone."""
    _, shared, visitors = world
    adapter = module_app.url_map.bind("localhost")
    wrong = []
    for rule in module_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = path_for(rule, shared)
        taken = set()
        for method in ("GET", "POST"):
            try:
                adapter.match(path, method)
                taken.add(method)
            except Exception:  # noqa: BLE001, S112 - a refused method is what we look for
                continue
        for method in {"GET", "POST"} - taken:
            for role in ("anon", "admin"):
                got = outcome(visitors.request(role, method, path))
                if got != 405:
                    wrong.append(f"{rule.endpoint} {method} as {role}: {got}")
    assert not wrong, "Expected 405:\n" + "\n".join(wrong)
