"""Organizers' messages to registrants: only the event's organizers (and administrators)
write and send; the event's team (staff too) reads what was sent; everyone else is
refused, and visitors are sent to sign in. A POST without fields shows the form again
with its errors (422): nothing is sent."""

from tests.security.outcomes import LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin   docu  analy
    "messages.index GET":                     (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "messages.compose GET":                   (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "messages.preview POST":                  (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "messages.send POST":                     (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
}
# fmt: on
