"""The printed agenda (public), the attendee list and badges (the event's team). A queued
badge job is seen by its requester only; the file is not ready yet in this world."""

from tests.security.outcomes import LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "badges.index GET":                       (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    # The organizer's queued job: only its requester sees it; the file is not ready yet.
    "badges.job GET":                         (LOGIN,   403,   403,   200,   404,   403,   404,   403,   403),
    "badges.job_file GET":                    (LOGIN,   403,   403,   404,   404,   403,   404,   403,   403),
    "badges.print_badges POST":               (LOGIN,   403,   403,   422,   422,   403,   422,   403,   403),
    # One person's badge again, from the desk (the member's approved registration).
    "badges.reprint GET":                     (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "event_exports.agenda_pdf GET":           (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "event_exports.attendees GET":            (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "event_exports.attendees_csv GET":        (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
}
# fmt: on
