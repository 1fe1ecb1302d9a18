"""Rules for topics: anyone may read a topic page; members follow topics.

A member's follows are theirs alone: every read and write of them is scoped to the
signed-in member by the queries and services, so there is no rule letting anyone see
another member's follows.
"""

from __future__ import annotations

from typing import Any

from forum.security.core import is_member, rule


@rule("topic.follow")
def _follow_topic(user: Any, _: Any) -> bool:
    return is_member(user)
