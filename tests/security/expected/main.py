"""The home page, health check, robots.txt and the language switch: open to everyone."""

from tests.security.outcomes import GO

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "main.healthz GET":                       (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "main.home GET":                          (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "main.robots GET":                        (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "main.set_locale POST":                   (   GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
}
# fmt: on
