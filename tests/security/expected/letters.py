"""Invitation letters: the registrant's own request page and letter; the issuer's pages.

The member holds an approved registration and has asked for a letter (not yet issued, so
there is nothing to download). The issuer's pages are for the `letter_issuer` role only:
no column here holds it, so every role, administrators included, is refused — which is
the point (tests/letters/test_letters.py walks them as the issuer)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "letters.decline POST":                   (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403),
    # Not issued yet: nothing to download, for anyone (and nobody learns whose it is).
    "letters.download GET":                   (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404),
    "letters.issue POST":                     (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403),
    # Only a person with a pending or approved registration asks, for themselves.
    "letters.request_letter GET":             (LOGIN,   200,   403,   403,   403,   403,   403,   403,   403),
    "letters.request_letter POST":            (LOGIN,   422,   403,   403,   403,   403,   403,   403,   403),
    "letters.requests GET":                   (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403),
    "letters.review GET":                     (LOGIN,   403,   403,   403,   403,   403,   403,   403,   403),
    "letters.withdraw POST":                  (LOGIN,    GO,   403,   403,   403,   403,   403,   403,   403),
}
# fmt: on
