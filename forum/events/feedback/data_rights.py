"""Survey answers are not personal data we can find: nothing to export or erase.

A response keeps no person or registration id (see `feedback.models`); the only link is
a keyed token, and computing a person's tokens to look their answers up would be exactly
the re-linking the design forbids. So the export says that answers exist anonymously,
and erasure leaves them: they cannot be told apart from anyone else's.
"""

from __future__ import annotations

from typing import Any

from forum.models import User


def export_for(user: User) -> dict[str, Any]:
    return {}


def erase_for(user: User, *, keep_posts: bool) -> None:
    return None
