"""Demo data for development and trying Convene out. Never loaded in production.

Nothing in the feature packages imports this package: it only calls their services, as an
organizer or a member would. Each module has a `seed()` generator of lines to print;
`seed` runs them in order (accounts, events, registrations, exchanges) and is idempotent:
running it again adds nothing that is already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from forum.demo import (
    accounts,
    attacks,
    events,
    exchanges,
    glossary,
    library,
    observatory,
    registration,
)
from forum.demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, seed_accounts
from forum.extensions import db

__all__ = ["DEMO_ACCOUNTS", "DEMO_TOTP_SECRET", "seed", "seed_accounts"]

STEPS: tuple[Callable[[], Iterable[str]], ...] = (
    accounts.seed_accounts,
    events.seed,
    registration.seed,
    exchanges.seed,
    library.seed,
    glossary.seed,
    attacks.seed,
    observatory.seed,
)


def seed() -> list[str]:
    lines: list[str] = []
    for step in STEPS:
        lines.extend(step())
        db.session.commit()
    return lines
