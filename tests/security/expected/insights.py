"""The exchanges in numbers (members; the public subset is off by default), an event's
logistics (its team), and the administrator's switch."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "insights.configure GET":                 (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403),
    "insights.configure POST":                (LOGIN,   403,   403,   403,   403,   403,    GO,   403,   403),
    "insights.event_logistics GET":           (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "insights.index GET":                     (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "insights.table_csv GET":                 (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
