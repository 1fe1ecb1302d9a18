"""The languages a reader reads: the interface's, then those listed in their profile.

A query is analysed in each of them (a Spanish speaker browsing in English still types
"amenaza"), and results written in them come first.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.extensions import db
from forum.profiles.models import Profile
from forum.search.analysis import LANGUAGES
from forum.security import is_member


def reader_languages(user: Any, interface: str) -> tuple[str, ...]:
    """Interface language first, then profile languages Convene can analyse, no repeats."""
    found = [interface] if interface in LANGUAGES else []
    if is_member(user):
        listed = db.session.scalar(sa.select(Profile.languages).where(Profile.user_id == user.id))
        for code in listed or []:
            if code in LANGUAGES and code not in found:
                found.append(code)
    return tuple(found) or ("en",)
