"""The library: a participants-only work of the event (used as a session's slides and
cited in the event's exchange), uploaded by staff, and a built pack of the event for its
participants. Hidden things answer 404 to those outside their audience; curating is for
staff, administrators and documenters; members may upload (their works wait for review)."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "library.add_edition GET":                (  404,   403,   404,   403,   200,   404,   200,   200,   404),
    "library.add_edition POST":               (  404,   403,   404,   403,   422,   404,   422,   422,   404),
    "library.cite POST":                      (  404,    GO,   404,    GO,    GO,   404,    GO,    GO,   404),
    "library.download GET":                   (  404,   200,   404,   200,   200,   404,   200,   200,   404),
    "library.edit GET":                       (  404,   403,   404,   403,   200,   404,   200,   200,   404),
    "library.edit POST":                      (  404,   403,   404,   403,   422,   404,   422,   422,   404),
    "library.event_links GET":                (LOGIN,   403,   403,   200,   200,   403,   200,   200,   403),
    "library.event_links POST":               (LOGIN,   403,   403,   422,   422,   403,   422,   422,   403),
    "library.index GET":                      (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "library.links GET":                      (  404,   403,   404,   403,   200,   404,   200,   200,   404),
    "library.links POST":                     (  404,   403,   404,   403,   422,   404,   422,   422,   404),
    "library.pack_download GET":              (  404,   200,   404,   200,   200,   404,   200,   200,   404),
    "library.packs GET":                      (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "library.packs POST":                     (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "library.publish POST":                   (  404,   403,   404,   403,    GO,   404,    GO,    GO,   404),
    "library.remove POST":                    (  404,   403,   404,   403,    GO,   404,    GO,    GO,   404),
    "library.remove_edition POST":            (  404,   403,   404,   403,    GO,   404,    GO,    GO,   404),
    "library.review GET":                     (LOGIN,   403,   403,   403,   200,   403,   200,   200,   403),
    "library.thumbnail GET":                  (  404,   200,   404,   200,   200,   404,   200,   200,   404),
    "library.unlink POST":                    (  404,   403,   404,    GO,    GO,   404,    GO,    GO,   404),
    "library.upload GET":                     (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "library.upload POST":                    (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "library.work GET":                       (  404,   200,   404,   200,   200,   404,   200,   200,   404),
}
# fmt: on
