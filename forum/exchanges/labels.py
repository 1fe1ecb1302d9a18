"""Fixed, translated lists the exchanges use besides the shared taxonomy.

Codes are stored in the database and appear in URLs, so they never change; labels are
lazy translations resolved in the viewer's language.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Visibility(enum.StrEnum):
    """Who may read a thread, from the widest audience to the narrowest."""

    PUBLIC = "public"
    MEMBERS = "members"
    PARTICIPANTS = "participants"


VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: _l("Public: anyone, even without an account"),
    Visibility.MEMBERS.value: _l("Members only"),
    Visibility.PARTICIPANTS.value: _l("Participants of the linked event only"),
}
VISIBILITY_SHORT = {
    Visibility.PUBLIC.value: _l("Public"),
    Visibility.MEMBERS.value: _l("Members only"),
    Visibility.PARTICIPANTS.value: _l("Event participants only"),
}

CONTEXTS = {
    "rural": _l("Rural area"),
    "urban": _l("Urban area"),
    "online": _l("Online"),
    "detention": _l("In detention"),
    "protest": _l("At a protest"),
    "exile": _l("In exile"),
    "court": _l("In court"),
    "community": _l("Within the community or family"),
    "travel": _l("Travelling or crossing borders"),
    "workplace": _l("At the workplace or office"),
}

OUTCOMES = {
    "worked": _l("Worked"),
    "partly": _l("Partly worked"),
    "failed": _l("Did not work"),
}

FLAG_REASONS = {
    "endangers": _l("Puts someone at risk (reveals a person, place or plan)"),
    "abuse": _l("Harassment, hate or threats"),
    "misleading": _l("False or dangerous advice"),
    "spam": _l("Spam or advertising"),
    "other": _l("Something else"),
}

SORTS_LIST = {
    "activity": _l("Latest activity"),
    "newest": _l("Newest"),
    "relevance": _l("Best match (when searching)"),
}
SORTS_REPLIES = {
    "oldest": _l("Oldest first"),
    "newest": _l("Newest first"),
}


def values(vocabulary: dict) -> tuple[str, ...]:
    return tuple(vocabulary)
