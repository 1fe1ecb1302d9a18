"""What each role gets on each route, one module per feature, merged here.

A feature adds its module and a line below; a route listed twice is a mistake and fails.
See `tests/security/test_authorization_matrix.py` for the roles and the outcomes.
"""

from tests.security.expected import (
    accounts,
    attacks,
    drafts,
    events,
    exchanges,
    exports,
    insights,
    letters,
    library,
    main,
    messages,
    notices,
    observatory,
    proposals,
    registration,
    search,
    topics,
    workshops,
)

FEATURES = (
    main,
    accounts,
    events,
    registration,
    exports,
    exchanges,
    drafts,
    insights,
    library,
    notices,
    messages,
    observatory,
    proposals,
    search,
    topics,
    attacks,
    workshops,
    letters,
)


def merged() -> dict[str, tuple]:
    expected: dict[str, tuple] = {}
    for feature in FEATURES:
        clash = set(expected) & set(feature.EXPECTED)
        if clash:
            raise AssertionError(f"{feature.__name__} repeats {sorted(clash)}")
        expected.update(feature.EXPECTED)
    return expected


EXPECTED = merged()
