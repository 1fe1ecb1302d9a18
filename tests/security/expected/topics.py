"""Topic pages are open to everyone; each section lists only what the viewer may see."""

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "topics.index GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "topics.topic GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
