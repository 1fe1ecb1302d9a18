"""The core of every permission decision: a registry of rules, `can` and `require`.

Rules are small functions registered per action name by the feature rule modules beside
this one (`forum.security.events`, `…exchanges`…). Views call `require`, templates call
`can`; nothing else inspects roles directly, so a rule changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user

from forum.extensions import login_manager
from forum.models import Role

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


def actions() -> list[str]:
    """Every registered action name, for tests that walk them all."""
    return sorted(_RULES)


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
    A visitor who is not signed in is sent to sign in first, unless the thing is hidden.
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
    """Whether the user holds `role` and may use it; the one place roles are read.

    Every role beyond membership opens other people's data, so it works only once the
    account has two-factor sign-in: until then the role is held but on hold.
    """
    return is_member(user) and role.value in user.role_names and user.two_factor_enabled


def roles_on_hold(user: Any) -> list[Role]:
    """Roles the user holds but cannot use until two-factor sign-in is on."""
    if not is_member(user) or user.two_factor_enabled:
        return []
    return [role for role in Role if role.value in user.role_names]


def uses_privileges(user: Any) -> bool:
    """Whether the user may act with more than a member's rights (two-factor sign-in on).

    Rules that grant power without a role (e.g. being one of an event's organizers)
    should require this too, so that no privilege works on a password alone.
    """
    return is_member(user) and user.two_factor_enabled
