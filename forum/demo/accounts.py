"""Demo accounts: one for each role and six members in five languages."""

from __future__ import annotations

from collections.abc import Iterable

from forum.auth import services, two_factor
from forum.models import Role, User
from forum.names import display_name_problem

# (role, username, display name, locale, timezone, password) — development only.
# Display names are ordinary names, as the sign-up rules require of everyone (forum.names):
# a role shows as the badge next to the name, never in the name itself.
DEMO_ACCOUNTS: tuple[tuple[Role | None, str, str, str, str, str], ...] = (
    (Role.ADMIN, "admin", "Grace Otieno", "en", "UTC", "demo-admin-passphrase"),
    (
        Role.ORGANIZER,
        "organizer",
        "Lucía Organiza",
        "es",
        "America/Bogota",
        "demo-organizer-passphrase",
    ),
    (Role.STAFF, "staff", "Kwame Boateng", "en", "Africa/Accra", "demo-staff-passphrase"),
    (
        Role.MODERATOR,
        "moderator",
        "Nadia Modère",
        "fr",
        "Europe/Paris",
        "demo-moderator-passphrase",
    ),
    (
        Role.DOCUMENTER,
        "documenter",
        "Sofía Documenta",
        "es",
        "America/Bogota",
        "demo-documenter-passphrase",
    ),
    (Role.ANALYST, "analyst", "محلل البيانات", "ar", "Africa/Cairo", "demo-analyst-passphrase"),
    (
        Role.LETTER_ISSUER,
        "letters",
        "Inés Cartas",
        "es",
        "Europe/Madrid",
        "demo-letters-passphrase",
    ),
    (None, "amina", "Amina K.", "fr", "Africa/Dakar", "demo-member-passphrase"),
    (None, "joao", "João da Mata", "pt", "America/Sao_Paulo", "demo-member-passphrase"),
    (None, "layla", "ليلى", "ar", "Asia/Beirut", "demo-member-passphrase"),
    (None, "mariana", "Mariana Q.", "es", "America/Guatemala", "demo-member-passphrase"),
    (None, "tenzin", "Tenzin", "en", "Asia/Kathmandu", "demo-member-passphrase"),
    (None, "olena", "Olena", "en", "Europe/Kyiv", "demo-member-passphrase"),
)

# Accounts with a role need two-factor sign-in, in the demo as everywhere; the demo ones
# share this secret (development only) so that anyone can add it to an authenticator app.
DEMO_TOTP_SECRET = "DEMOCONVENEDEMOCONVENEDEMOCONVEN"  # noqa: S105 - demo only, printed  # nosec B105


def demo_user(username: str) -> User:
    user = services.find_user(username)
    if user is None:
        raise LookupError(f"Demo account {username!r} is missing; run the accounts step first.")
    return user


def _check_name(display_name: str) -> None:
    """The demo may not show a name that sign-up refuses (a role word, another's look-alike)."""
    problem = display_name_problem(display_name)
    if problem is None and services.display_name_taken(display_name):
        problem = "it looks the same as the name of another account"
    if problem:
        raise ValueError(f"Demo display name {display_name!r} is refused at sign-up: {problem}")


def seed_accounts() -> Iterable[str]:
    yield "Demo accounts (development only — never use these passwords elsewhere):"
    for role, username, display_name, locale, timezone, password in DEMO_ACCOUNTS:
        if not services.username_taken(username):
            _check_name(display_name)
            user = services.create_user(
                username,
                display_name,
                password,
                locale=locale,
                timezone=timezone,
                roles=(role,) if role else (),
            )
            if role:
                two_factor.turn_on(user, DEMO_TOTP_SECRET, step=0)
        yield f"  {(role.value if role else 'member'):<10} {username:<10} {password}"
    yield (
        f"  Accounts with a role ask for a two-factor code: add the key {DEMO_TOTP_SECRET} "
        "to an authenticator app, or run"
    )
    yield f"  python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\""
