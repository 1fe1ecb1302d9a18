"""Translated names of the profile fields and of who may see each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.profiles.models import (
    Visibility,
)

FIELD_LABELS = {
    "legal_name": _l("Legal name"),
    "organisation": _l("Organisation"),
    "country": _l("Country"),
    "languages": _l("Languages spoken"),
    "pronouns": _l("Pronouns"),
    "contact": _l("Contact"),
    "bio": _l("Short bio"),
}


VISIBILITY_LABELS = {
    Visibility.ME.value: _l("Only me"),
    Visibility.ORGANIZERS.value: _l("Organizers of events I register for"),
    Visibility.PARTICIPANTS.value: _l("Participants of the same events"),
    Visibility.MEMBERS.value: _l("All members"),
}
