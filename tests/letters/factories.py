"""Passport details for letter tests: plausible, and easy to search a database dump for."""

from __future__ import annotations

from datetime import date, timedelta

from forum.letters.services import PassportDetails

PASSPORT = "XK7731904"
LEGAL_NAME = "Amaru Quispe Mamani"


def letter_details(**overrides: object) -> PassportDetails:
    values: dict[str, object] = {
        "legal_name": LEGAL_NAME,
        "nationality": "PE",
        "passport_number": PASSPORT,
        "birth_date": date(1987, 3, 14),
        "passport_expiry": date.today() + timedelta(days=3 * 365),
        "purpose": "Arriving 3 May, leaving 9 May; speaking on a panel.",
    }
    values.update(overrides)
    return PassportDetails(**values)  # type: ignore[arg-type]
