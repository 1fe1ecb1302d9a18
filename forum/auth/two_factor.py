"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238) and recovery codes.

The TOTP secret is stored encrypted (`EncryptedText`). A code is accepted for the time
step it belongs to and the step either side (clock drift), and only for a step later
than the last one accepted: the claim is one conditional UPDATE, so a code seen over a
shoulder or replayed by a second request is refused, even by another app instance.

Recovery codes are shown once and stored as keyed hashes; using one deletes it.
Functions here flush but never commit.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Literal

import pyotp
import segno
import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm.attributes import set_committed_value

from forum.auth.models import RecoveryCode
from forum.extensions import db
from forum.keyed import keyed_digest, same_digest
from forum.models import User, utcnow

ISSUER = "Convene"
STEP_SECONDS = 30
DIGITS = 6
# Steps accepted either side of the current one (phones with a slightly wrong clock).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are copied by hand from paper. 31**12 is about 2**59.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 12
_TOTP_PATTERN = re.compile(rf"^\d{{{DIGITS}}}$")
_RECOVERY_PATTERN = re.compile(rf"^[{RECOVERY_ALPHABET}]{{{RECOVERY_CODE_LENGTH}}}$")

CodeKind = Literal["totp", "recovery"]


def new_secret() -> str:
    """A fresh 160-bit base32 secret, as authenticator apps expect."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, label: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=label, issuer_name=ISSUER
    )


def qr_svg(uri: str, title: str) -> Markup:
    """The QR code as inline SVG: drawn by our page, no image fetched, no `style`."""
    code = segno.make(uri, error="m")
    # A viewBox and no fixed size: the stylesheet scales it without cropping.
    svg = code.svg_inline(
        border=4, dark="#000", light="#fff", title=title, omitsize=True, svgclass="qr-code"
    )
    # segno escapes the title; the code itself is drawn as paths, so no input is echoed.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 - segno escapes the title  # nosec B704


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def normalise_code(raw: str | None) -> str:
    """Codes may be typed with spaces or hyphens, and recovery codes in any case."""
    return re.sub(r"[\s\-]", "", raw or "").lower()[:64]


def matching_step(secret: str, code: str, *, after: int | None = None) -> int | None:
    """The time step `code` belongs to (near now and later than `after`), or None."""
    if not _TOTP_PATTERN.match(code):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = current_step()
    for step in (now, now - DRIFT_STEPS, now + DRIFT_STEPS):
        if after is not None and step <= after:
            continue
        if same_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_digest(user_id: int, code: str) -> str:
    return keyed_digest("recovery-code", f"{user_id}:{code}")


def _make_recovery_codes(user: User) -> list[str]:
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_recovery_digest(user.id, code)) for code in codes
    )
    db.session.flush()
    return [format_recovery_code(code) for code in codes]


def format_recovery_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def turn_on(user: User, secret: str, step: int) -> list[str]:
    """Enable two-factor sign-in with a verified secret; returns new recovery codes."""
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    db.session.flush()
    return _make_recovery_codes(user)


def turn_off(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    user.totp_enabled_at = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def replace_recovery_codes(user: User) -> list[str]:
    return _make_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id)
        )
        or 0
    )


def _claim_step(user: User, step: int) -> bool:
    """Record `step` as used unless it (or a later one) was used already: one UPDATE."""
    result = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def use_code(user: User, raw: str | None) -> CodeKind | None:
    """Check a code typed at sign-in (or to confirm a change) and use it up.

    Six digits are a TOTP code; anything else is tried as a recovery code. Returns which
    kind matched, or None when the code is wrong, replayed or already used.
    """
    if not user.two_factor_enabled:
        return None
    code = normalise_code(raw)
    if _TOTP_PATTERN.match(code):
        step = matching_step(user.totp_secret or "", code, after=user.totp_last_step)
        return "totp" if step is not None and _claim_step(user, step) else None
    if _RECOVERY_PATTERN.match(code):
        result = db.session.execute(
            sa.delete(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _recovery_digest(user.id, code),
            )
        )
        return "recovery" if result.rowcount == 1 else None
    return None
