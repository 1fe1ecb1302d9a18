"""Every variable of every route is input too: slugs, tokens, keys, ids, file names.

For each rule of the URL map and each of its variables, the others keep their real
values (from the world of the authorization matrix) and this one takes hostile values:
NUL and other control characters, direction marks, very long text, bytes that are not
UTF-8, path tricks, numbers no column holds. Every method the rule takes is tried, by a
role its line in the authorization matrix lets in, so that the value reaches the view.
The answer is a refusal (400 or 404) or a redirect away (to sign in, or to the thing's
canonical address); never a server error and never a page (200).

Rules come from the URL map, so a route added later is fuzzed without a line here. Run
on both databases (FORUM_TEST_DATABASE_URL for PostgreSQL): NUL in text and integers
beyond 64 bits fail differently on each.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.security.expected import EXPECTED
from tests.security.outcomes import LOGIN
from tests.security.test_authorization_matrix import PARAMETERS, _methods
from tests.security.world import ROLES, People, Things, Visitors, build_people, build_things

HOSTILE: list[bytes] = [
    b"\x00",
    b"a\x00b",
    b"\x01\x1f\x7f",
    "\u202e\u200f".encode(),
    b"A" * 5_000,
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a surrogate, as CESU-8
    b"\xe2\x82",  # cut short
    b"..",
    b"../../../../etc/passwd",
    b"a/b",
    b"-1",
    b"0",
    b"99999999999999999999999999",
    b" ",
    b"<script>alert(1)</script>",
    "💥".encode(),
]
# What may answer a hostile variable: refused, or sent to sign in first.
REFUSALS = {400, 404}
# Each route is tried as the first of these its matrix line lets in, so the value reaches
# the view's code (the moderation pages are not the administrator's, for example).
REACHING = ("admin", "moderator", "documenter", "staff", "organizer", "member")


@pytest.fixture(scope="module")
def world(module_app: Flask) -> Iterator[tuple[Things, Visitors]]:
    people: People = build_people()
    yield build_things(people), Visitors(module_app, people)


def _rules(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.arguments),
        key=lambda rule: (rule.rule, rule.endpoint),
    )


def _path(rule: Rule, things: Things, hostile_name: str, hostile: bytes) -> str:
    values = {**things.values, **PARAMETERS.get(rule.endpoint, {})}
    values = {name: things.values.get(value, value) for name, value in values.items()}
    parts = []
    for is_variable, piece in rule._trace:  # noqa: SLF001 - the rule's own parse
        if not is_variable:
            parts.append(piece)
        elif piece == hostile_name:
            parts.append(quote_from_bytes(hostile, safe=""))
        else:
            parts.append(quote_from_bytes(str(values[piece]).encode(), safe="/"))
    # The trace starts with the host part ("|"): the path follows it.
    return "".join(parts).split("|", 1)[1]


#: Routes that only an account outside the matrix's columns reaches (tests/security/world.py
#: `EXTRA_ROLES`): the letter issuer's pages.
EXTRA_REACHING = {"letters.": "issuer"}


def _reaching_role(endpoint: str, method: str) -> str:
    row = EXPECTED.get(f"{endpoint} {method}")
    if row is None:
        return "admin"
    for role in REACHING:
        if row[ROLES.index(role)] not in (403, LOGIN):
            return role
    for prefix, role in EXTRA_REACHING.items():
        if endpoint.startswith(prefix):
            return role
    return "admin"


def _acceptable(response, path: str) -> bool:  # noqa: ANN001
    if response.status_code in REFUSALS:
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers["Location"]).path
        # To sign in first, or a redirect to the canonical address of the same thing.
        return target == "/auth/login" or target != urlsplit(path).path
    return response.status_code == 405


def test_the_walk_covers_every_variable(module_app: Flask) -> None:
    names = {name for rule in _rules(module_app) for name in rule.arguments}
    # The kinds of variable the issue names: slugs, tokens, keys, file names, ids.
    assert {"slug", "token", "key", "filename", "thread_id", "user_id"} <= names


def test_hostile_url_variables_are_refused_never_a_server_error(module_app: Flask, world) -> None:
    things, visitors = world
    wrong: list[str] = []
    tried = 0
    for rule in _rules(module_app):
        for name in sorted(rule.arguments):
            for hostile in HOSTILE:
                path = _path(rule, things, name, hostile)
                for method in _methods(rule):
                    role = _reaching_role(rule.endpoint, method)
                    tried += 1
                    response = visitors.request(role, method, path)
                    if not _acceptable(response, path):
                        wrong.append(
                            f"{rule.endpoint} {method} as {role}, {name}={hostile[:40]!r}:"
                            f" {response.status_code}"
                        )
    assert tried > 1000
    assert not wrong, f"{len(wrong)} answers out of {tried}:\n" + "\n".join(wrong[:80])
