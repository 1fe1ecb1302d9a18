"""Translated names of the roles beyond membership."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.models import Role

ROLE_LABELS = {
    Role.ORGANIZER: _l("Organizer"),
    Role.STAFF: _l("Staff"),
    Role.MODERATOR: _l("Moderator"),
    Role.ADMIN: _l("Administrator"),
    Role.DOCUMENTER: _l("Documenter"),
    Role.ANALYST: _l("Analyst"),
    Role.LETTER_ISSUER: _l("Letter issuer"),
}

BROWSER_LABELS = {
    "edge": "Edge",
    "opera": "Opera",
    "firefox": "Firefox",
    "chrome": "Chrome",
    "safari": "Safari",
    "other": _l("another browser"),
}

SYSTEM_LABELS = {
    "android": "Android",
    "ios": "iOS",
    "windows": "Windows",
    "macos": "macOS",
    "linux": "Linux",
    "other": _l("another system"),
}
