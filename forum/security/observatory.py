"""Rules for the observatory: everyone reads it, editors keep it.

Laws, policies and mechanisms are public documents, and so is what the organisation says
about them: every page of the observatory is open to visitors who are not signed in.
Editing — instruments, their timelines, assessments and the checklist — is for staff and
administrators (documenters join with one line, `EDITOR_ROLES`, when that role exists),
and so is the history of edits, which names the editor.
"""

from __future__ import annotations

from typing import Any

from forum.models import Role
from forum.security.core import has_role, rule

#: Roles that edit the observatory.
EDITOR_ROLES = (Role.STAFF, Role.ADMIN)


def is_editor(user: Any) -> bool:
    return any(has_role(user, role) for role in EDITOR_ROLES)


@rule("observatory.edit")
def _edit(user: Any, _: Any) -> bool:
    return is_editor(user)
