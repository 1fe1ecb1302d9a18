"""Rules for one's own account and for administration."""

from __future__ import annotations

from typing import Any

from forum.models import Role
from forum.security.core import has_role, is_member, rule


@rule("account.manage")
def _manage_own_account(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("admin.roles")
def _manage_roles(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)


@rule("admin.audit")
def _read_audit_log(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)


@rule("admin.reset_password")
def _issue_reset_links(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)
