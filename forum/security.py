"""Who may do what. Every permission decision in Convene goes through `can`.

Rules are small functions registered per action name. Views call `require`, templates
call `can`; nothing else inspects roles directly, so a rule changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user

from forum.extensions import db, login_manager
from forum.models import AuditEntry, Role, User

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the rule deciding `action`; each action has exactly one."""

    def register(check: Rule) -> Rule:
        if action in _RULES:
            raise RuntimeError(f"A rule for {action!r} is already registered.")
        _RULES[action] = check
        return check

    return register


def can(user: Any, action: str, thing: Any = None) -> bool:
    """Whether `user` (possibly anonymous) may perform `action` on `thing`."""
    try:
        check = _RULES[action]
    except KeyError:
        raise LookupError(f"No permission rule for {action!r}.") from None
    return bool(check(user, thing))


def require(action: str, thing: Any = None, *, hide: bool = False) -> None:
    """Abort the request unless the current user may act; `hide` answers 404, not 403.

    Use `hide` where even the existence of the thing is private (drafts, hidden posts).
    """
    if can(current_user, action, thing):
        return
    if hide:
        abort(404)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def is_member(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user: Any, role: Role) -> bool:
    """Whether the user holds `role`; the one place roles are read."""
    return is_member(user) and role.value in user.role_names


def audit(
    actor: User | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: int | None = None,
    event_id: int | None = None,
    detail: str | None = None,
) -> AuditEntry:
    """Record an action on personal data or on roles. No address is ever recorded."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        event_id=event_id,
        detail=(detail or None) and detail[:500],
    )
    db.session.add(entry)
    return entry


# --- accounts and administration -------------------------------------------------------


@rule("account.manage")
def _manage_own_account(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("admin.roles")
def _manage_roles(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)


@rule("admin.audit")
def _read_audit_log(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)
