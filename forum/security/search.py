"""Rules for search: who keeps the glossary of protection terms.

The glossary changes what every reader's search finds, in every language, so it is
kept by moderators and administrators (with two-factor sign-in, as every role).
"""

from __future__ import annotations

from typing import Any

from forum.models import Role
from forum.security.core import has_role, rule


@rule("glossary.manage")
def _manage_glossary(user: Any, _: Any) -> bool:
    return has_role(user, Role.MODERATOR) or has_role(user, Role.ADMIN)
