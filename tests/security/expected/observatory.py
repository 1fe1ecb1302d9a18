"""The observatory: an instrument of Colombia with two steps and the default checklist.
Laws and what we say about them are public, so every reading page answers 200 to
everyone; editing and the history of edits (which names editors) are for staff and
administrators, and refused (403) to every other signed-in role, sign-in for visitors."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "observatory.index GET":                  (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.instruments GET":            (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.country GET":                (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.instrument GET":             (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.compare GET":                (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.atom_feed GET":              (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "observatory.create GET":                 (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.create POST":                (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
    "observatory.edit GET":                   (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.edit POST":                  (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
    "observatory.remove POST":                (LOGIN,   403,   403,   403,    GO,   403,    GO,   403,   403),
    "observatory.add_status GET":             (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.add_status POST":            (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
    "observatory.remove_status POST":         (LOGIN,   403,   403,   403,    GO,   403,    GO,   403,   403),
    "observatory.assess GET":                 (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.assess POST":                (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
    "observatory.history GET":                (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.checklist GET":              (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.checklist POST":             (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
    "observatory.element GET":                (LOGIN,   403,   403,   403,   200,   403,   200,   403,   403),
    "observatory.element POST":               (LOGIN,   403,   403,   403,   422,   403,   422,   403,   403),
}
# fmt: on
