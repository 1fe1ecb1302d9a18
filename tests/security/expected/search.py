"""The glossary of protection terms search expands queries through: moderators and
administrators keep it (the posted forms are empty, hence 422)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "glossary.create GET":                    (LOGIN,   403,   403,   403,   403,   200,   200,   403,   403),
    "glossary.create POST":                   (LOGIN,   403,   403,   403,   403,   422,   422,   403,   403),
    "glossary.delete POST":                   (LOGIN,   403,   403,   403,   403,    GO,    GO,   403,   403),
    "glossary.edit GET":                      (LOGIN,   403,   403,   403,   403,   200,   200,   403,   403),
    "glossary.edit POST":                     (LOGIN,   403,   403,   403,   403,   422,   422,   403,   403),
    "glossary.index GET":                     (LOGIN,   403,   403,   403,   403,   200,   200,   403,   403),
}
# fmt: on
