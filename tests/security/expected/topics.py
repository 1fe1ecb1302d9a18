"""Topic pages are open to everyone; each section lists only what the viewer may see."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "topics.index GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "topics.topic GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Any member follows a topic, for themselves only; visitors are sent to sign in.
    "topics.follow POST":                     (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "topics.unfollow POST":                   (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    # Each member reads their own digests (no digest is fetched by id).
    "topics.digests GET":                     (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
