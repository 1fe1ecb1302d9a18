"""Accounts: sign-up, sign-in (with two-factor codes), sessions and personal settings."""

from __future__ import annotations

from typing import Any

from flask import Flask


def init_app(app: Flask) -> None:
    from forum.auth import services, sessions
    from forum.auth.labels import ROLE_LABELS
    from forum.security import roles_on_hold

    sessions.init_app(app)
    services.make_dummy_hash(app)

    def roles_on_hold_labels(user: Any) -> list[str]:
        return [str(ROLE_LABELS[role]) for role in roles_on_hold(user)]

    @app.context_processor
    def two_factor_context() -> dict[str, Any]:
        """For the banner telling holders of a role to turn two-factor sign-in on."""
        return {"roles_on_hold_labels": roles_on_hold_labels}
