"""Signing up and in, one's own account and profile, and administration."""

from tests.security.outcomes import GO, LOGIN

# fmt: off
EXPECTED: dict[str, tuple] = {
    #                                           anon  membr  other    org  staff    mod  admin    doc  analy
    "account.change_password POST":           (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "account.confirm_two_factor_setup POST":  (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "account.disable_two_factor POST":        (LOGIN,    GO,   422,   422,   422,   422,   422,   422,   422),
    "account.end_all_sessions POST":          (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "account.index GET":                      (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "account.new_recovery_codes POST":        (LOGIN,    GO,   422,   422,   422,   422,   422,   422,   422),
    "account.save_settings POST":             (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "account.two_factor_setup GET":           (LOGIN,   200,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "admin.audit_log GET":                    (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403),
    "admin.change_role POST":                 (LOGIN,   403,   403,   403,   403,   403,    GO,   403,   403),
    "admin.reset_link GET":                   (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403),
    "admin.reset_link POST":                  (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403),
    "admin.roles GET":                        (LOGIN,   403,   403,   403,   403,   403,   200,   403,   403),
    "auth.forgot_password GET":               (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "auth.forgot_password POST":              (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "auth.login GET":                         (  200,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.login POST":                        (  422,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.login_code GET":                    (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.login_code POST":                   (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.logout POST":                       (   GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.reset_password GET":                (  200,   200,   200,   200,   200,   200,   200,   200,   200),
    "auth.reset_password POST":               (  422,   422,   422,   422,   422,   422,   422,   422,   422),
    "auth.signup GET":                        (  200,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "auth.signup POST":                       (  422,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "profiles.data GET":                      (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "profiles.edit GET":                      (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
    "profiles.edit POST":                     (LOGIN,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "profiles.erase POST":                    (LOGIN,   422,   422,   422,   422,   422,   422,   422,   422),
    "profiles.export GET":                    (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
