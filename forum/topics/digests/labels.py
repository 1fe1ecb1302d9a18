"""How often a digest comes, and the states of its email."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Frequency(enum.StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


FREQUENCY_LABELS = {
    Frequency.OFF.value: _l("No digest"),
    Frequency.DAILY.value: _l("Every day"),
    Frequency.WEEKLY.value: _l("Every week (on Mondays)"),
}
