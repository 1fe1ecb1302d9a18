"""Event pages (public), the organizers' pages (`events_manage`), and the iCalendar
downloads (public events; the personal feed by its token)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "calendar.agenda GET":                    (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "calendar.event GET":                     (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    # A token that is not a feed's (here: a password-reset token) finds nothing, for anyone.
    "calendar.feed GET":                      (  404,   404,   404,   404,   404,   404,   404,   404,   404),
    "calendar.issue_feed POST":               (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "calendar.session GET":                   (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "calendar.turn_off_feed POST":            (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "events.agenda GET":                      (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events.detail GET":                      (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events.index GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "events_manage.cancel POST":              (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "events_manage.cancel_session POST":      (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "events_manage.delete POST":              (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "events_manage.edit GET":                 (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "events_manage.edit POST":                (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "events_manage.edit_session GET":         (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "events_manage.edit_session POST":        (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "events_manage.move_session POST":        (LOGIN,   403,   403,   400,   403,   403,   400,   403,   403),
    "events_manage.new GET":                  (LOGIN,   403,   200,   200,   403,   403,   200,   403,   403),
    "events_manage.new POST":                 (LOGIN,   403,   422,   422,   403,   403,   422,   403,   403),
    "events_manage.new_session GET":          (LOGIN,   403,   403,   200,   403,   403,   200,   403,   403),
    "events_manage.new_session POST":         (LOGIN,   403,   403,   422,   403,   403,   422,   403,   403),
    "events_manage.overview GET":             (LOGIN,   403,   403,   200,   200,   403,   200,   403,   403),
    "events_manage.publish POST":             (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
    "events_manage.restore_session POST":     (LOGIN,   403,   403,    GO,   403,   403,    GO,   403,   403),
}
# fmt: on
