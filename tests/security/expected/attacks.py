"""Attacks on defenders: records for documenters and staff (analysts read them without
the account), reports and published patterns for every member."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "attacks.add_response POST":              (LOGIN,   403,   403,   403,    GO,   403,   403,    GO,   403),
    "attacks.create GET":                     (LOGIN,   403,   403,   403,   200,   403,   403,   200,   403),
    "attacks.create POST":                    (LOGIN,   403,   403,   403,   422,   403,   403,   422,   403),
    "attacks.edit GET":                       (LOGIN,   403,   403,   403,   200,   403,   403,   200,   403),
    "attacks.edit POST":                      (LOGIN,   403,   403,   403,   422,   403,   403,   422,   403),
    "attacks.index GET":                      (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "attacks.link POST":                      (LOGIN,   403,   403,   403,    GO,   403,   403,    GO,   403),
    "attacks.pattern_csv GET":                (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "attacks.patterns_page GET":              (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "attacks.record GET":                     (LOGIN,   403,   403,   403,   200,   403,   403,   200,   200),
    "attacks.records_csv GET":                (LOGIN,   403,   403,   403,   200,   403,   403,   200,   200),
    "attacks.records GET":                    (LOGIN,   403,   403,   403,   200,   403,   403,   200,   200),
    "attacks.report GET":                     (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "attacks.report POST":                    (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "attacks.review POST":                    (LOGIN,   403,   403,   403,    GO,   403,   403,    GO,   403),
    "attacks.withdraw POST":                  (LOGIN,   403,   403,   403,    GO,   403,   403,    GO,   403),
}
# fmt: on
