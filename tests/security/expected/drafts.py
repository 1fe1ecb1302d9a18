"""Drafts of exchanges and replies. The draft in the world is the member's: only they
delete it; for everyone else it does not exist (404). Saving and the quick exit's hold
act on one's own drafts only; the hold answers 204 to anyone (nothing to do when signed
out)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "drafts.delete POST":                     (LOGIN,    GO,   404,   404,   404,   404,   404,   404,   404),
    "drafts.hold POST":                       (  204,   204,   204,   204,   204,   204,   204,   204,   204),
    "drafts.index GET":                       (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "drafts.save POST":                       (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
