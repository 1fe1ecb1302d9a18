"""Notices: each member reads their own list (visitors are sent to sign in). The
unsubscribe link works for whoever holds it, signed in or not (a mail program posts it,
RFC 8058): its signed token is the proof, and it can only turn emails off."""

from tests.security.outcomes import LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin   docu  analy
    "notices.index GET":                      (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "notices.unsubscribe GET":                (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "notices.unsubscribe_now POST":           (  200,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
