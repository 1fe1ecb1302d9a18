"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

PASSWORD_MIN = 10
# argon2 work grows with input length; refuse absurd lengths before hashing.
PASSWORD_MAX = 256
# zxcvbn scores 0-4; 3 means "safely unguessable", and rejects every password on its
# frequency lists (common and breached passwords, names, keyboard walks, dates).
MIN_STRENGTH = 3


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["FORUM_PASSWORD_TIME_COST"],
        memory_cost=config["FORUM_PASSWORD_MEMORY_KIB"],
        parallelism=1,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, *, username: str = "", display_name: str = "") -> str | None:
    """Why a new password is unacceptable, as a translated sentence, or None if it is fine."""
    if len(password) < PASSWORD_MIN:
        return str(_l("Use at least %(count)d characters.", count=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        return str(_l("Use at most %(max)d characters.", max=PASSWORD_MAX))
    personal = [value for value in (username, display_name) if value]
    if any(password.casefold() == value.casefold() for value in personal):
        return str(_l("Your password must not be your username or display name."))
    if zxcvbn(password[:100], user_inputs=personal)["score"] < MIN_STRENGTH:
        return str(
            _l(
                "This password is too common or too easy to guess. A phrase of four or "
                "more unrelated words is strong and easy to remember."
            )
        )
    return None
