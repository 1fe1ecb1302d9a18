"""Calls for proposals: a call open on the event, and a proposal sent by the member.

The call's page is as public as its event. Any member may propose and see their own
proposals; a proposal's edit and withdraw pages answer 404 to everyone but its
submitter (its existence is theirs). Reviewing, the call's settings, decisions and the
agenda slot are for those who run the event (its organizer and admins); staff, who see
everything else about an event, are refused (403): fewer readers of anonymous proposals.
POSTs carry no fields, so the reviewers' forms come back with their errors (422)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "proposals.call GET":                     (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "proposals.submit GET":                   (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "proposals.submit POST":                  (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "proposals.mine GET":                     (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "proposals.edit GET":                     (LOGIN,   200,   404,   404,   404,   404,   404,   404,   404),
    "proposals.edit POST":                    (LOGIN,   422,   404,   404,   404,   404,   404,   404,   404),
    "proposals.withdraw POST":                (LOGIN,    GO,   404,   404,   404,   404,   404,   404,   404),
    "proposals.edit_call GET":                (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "proposals.edit_call POST":               (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "proposals.review_list GET":              (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "proposals.review_csv GET":               (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "proposals.review GET":                   (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "proposals.history GET":                  (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "proposals.score POST":                   (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "proposals.decide POST":                  (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "proposals.schedule POST":                (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
}
# fmt: on
