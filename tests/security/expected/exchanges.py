"""Threads, replies and their actions; moderation. The exchange is for the event's
participants (member and organizer are in its audience); the reply is the member's."""

from tests.security.outcomes import GO, LOGIN, SHOWN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "exchanges.atom_feed GET":                (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "exchanges.delete POST":                  (  404,    GO,   404,   404,   404,   404,   404,   404,   404),
    "exchanges.edit GET":                     (  404,   200,   404,   404,   404,   404,   404,   404,   404),
    "exchanges.edit POST":                    (  404,   422,   404,   404,   404,   404,   404,   404,   404),
    "exchanges.endorse POST":                 (  404,   403,   404,    GO,   404,    GO,   404,   404,   404),
    "exchanges.follow POST":                  (  404,    GO,   404,    GO,   404,    GO,   404,   404,   404),
    "exchanges.index GET":                    (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "exchanges.new GET":                      (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "exchanges.new POST":                     (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "exchanges.notification_list GET":        (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "exchanges.reply GET":                    (  404,    GO,   404,    GO,   404,    GO,   404,   404,   404),
    "exchanges.reply POST":                   (  404,   422,   404,   422,   404,   422,   404,   404,   404),
    "exchanges.report GET":                   (  404,   403,   404,   200,   404,   200,   404,   404,   404),
    "exchanges.report POST":                  (  404,   403,   404,   422,   404,   422,   404,   404,   404),
    "exchanges.thread GET":                   (  404, SHOWN,   404, SHOWN,   404, SHOWN,   404,   404,   404),
    "moderation.post_action POST":            (LOGIN,   403,   403,   403,   403,    GO,   403,   403,   403),
    "moderation.queue GET":                   (LOGIN,   403,   403,   403,   403,   200,   403,   403,   403),
    "moderation.tags GET":                    (LOGIN,   403,   403,   403,   403,   200,   403,   403,   403),
    "moderation.tags POST":                   (LOGIN,   403,   403,   403,   403,   422,   403,   403,   403),
    "moderation.thread_action POST":          (LOGIN,   403,   403,   403,   403,    GO,   403,   403,   403),
}
# fmt: on
