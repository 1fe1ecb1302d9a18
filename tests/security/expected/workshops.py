"""Workshop sign-up (`workshops`) and feedback surveys (`feedback`).

The world's session takes sign-ups (20 seats, no facilitator linked) and is in the future,
so its list of names is closed: the organizer and admins get the page with a count only.
The event has an open survey, but the event has not started: the member's answer is
refused with 409 (the page says when it opens). An empty sign-up settings form is valid:
it turns sign-up off (nobody has signed up yet).
"""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "feedback.answer GET":                    (LOGIN,   200,   403,   403,   403,   403,   403,   403,   403),
    "feedback.answer POST":                   (LOGIN,   409,   403,   403,   403,   403,   403,   403,   403),
    "feedback.index GET":                     (LOGIN,   200,   403,   403,   403,   403,   403,   403,   403),
    "feedback.manage GET":                    (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "feedback.manage POST":                   (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "feedback.new_question GET":              (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "feedback.new_question POST":             (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "feedback.remove_question POST":          (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "feedback.set_state POST":                (LOGIN,   403,   403,   400,   403,   403,   400,   403,   403),
    # Staff see the published figures, not the free text (organizers and admins only).
    "feedback.survey_results GET":            (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "workshops.attendees GET":                (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "workshops.configure GET":                (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "workshops.configure POST":               (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "workshops.index GET":                    (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "workshops.leave POST":                   (LOGIN,    GO,   403,   403,   403,   403,   403,   403,   403),
    "workshops.sign_up POST":                 (LOGIN,    GO,   403,   403,   403,   403,   403,   403,   403),
}
# fmt: on
