"""Registering, the participant list, and the team's pages: registrations, questions,
the event's audit log and the check-in desk. The event is published, so a signed-in
outsider may know it and is refused (403); see `forum.events.loader`."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "checkin.arrivals_json GET":              (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "checkin.desk GET":                       (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "checkin.scan POST":                      (LOGIN,   403,   403,   422,   422,   403,   422,   403,   403),
    "checkin.scan_json POST":                 (LOGIN,   403,   403,   400,   400,   403,   400,   403,   403),
    # Walk-ins approve a person: the event's organizers and admins, like vetting.
    "checkin.walk_in POST":                   (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "questions.create GET":                   (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "questions.create POST":                  (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "questions.edit GET":                     (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "questions.edit POST":                    (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "questions.index GET":                    (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "questions.move POST":                    (LOGIN,   403,   403,   400,   403,   403,   400,   403,   403),
    "questions.remove POST":                  (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "questions.restore POST":                 (LOGIN,   403,   403,   400,   403,   403,   400,   403,   403),
    "registration.audit_log GET":             (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "registration.cancel POST":               (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "registration.change_listing POST":       (LOGIN,    GO,   404,   404,   404,   404,   404,   404,   404),
    "registration.check_in POST":             (LOGIN,   403,   403,   400,   400,   403,   400,   403,   403),
    "registration.decide POST":               (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "registration.bulk POST":                 (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "registration.manage GET":                (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "registration.participants GET":          (LOGIN,   200,   403,   200,   200,   403,   200,   403,   403),
    "registration.register GET":              (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "registration.register POST":             (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
}
# fmt: on
