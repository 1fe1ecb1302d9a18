"""Rules for insights: who reads the exchanges in numbers, and who switches them on.

Members see the insights drawn from what they may read; visitors who are not signed in
see the public subset only while an administrator allows it (off by default). An
event's logistics counts are for its team (`forum.security.events`).
"""

from __future__ import annotations

from typing import Any

from forum.extensions import db
from forum.insights.models import INSIGHTS_PUBLIC, SiteSetting
from forum.models import Role
from forum.security.core import has_role, is_member, rule


def public_insights_enabled() -> bool:
    """Whether visitors who are not signed in may see the public subset (off by default)."""
    value = db.session.get(SiteSetting, INSIGHTS_PUBLIC)
    return value is not None and value.value == "on"


@rule("insights.view")
def _see_insights(user: Any, _: Any) -> bool:
    return is_member(user) or public_insights_enabled()


@rule("insights.configure")
def _configure_insights(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)
