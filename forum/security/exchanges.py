"""Rules for exchanges (threads and posts) and their moderation.

A thread is read by its audience: everyone (public), members, or the approved
participants and organizers of its linked event. Moderators read every thread so that
they can review reports. Hidden threads and posts are for moderators only. The same
decision exists twice, for one thread (`exchange.view`) and as SQL for lists, search,
counts, feeds and notifications (`readable_threads_clause`); tests check they agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.events.models import event_organizers
from forum.events.registration.models import Registration, RegistrationStatus
from forum.exchanges.anonymity import is_own
from forum.exchanges.labels import Visibility
from forum.exchanges.models import Post, Thread
from forum.models import Role
from forum.security.core import has_role, is_member, rule
from forum.security.events import is_approved_participant, organizes_event


def is_moderator(user: Any) -> bool:
    return has_role(user, Role.MODERATOR)


def in_thread_audience(user: Any, thread: Thread) -> bool:
    """Whether `user` belongs to the audience the thread's visibility names."""
    if thread.visibility == Visibility.PUBLIC.value:
        return True
    if not is_member(user):
        return False
    if thread.visibility == Visibility.MEMBERS.value or is_moderator(user):
        return True
    if thread.visibility != Visibility.PARTICIPANTS.value or thread.event_id is None:
        return False
    return is_approved_participant(user, thread.event_id) or organizes_event(user, thread.event_id)


def readable_threads_audience(user: Any) -> str:
    """Which form of `readable_threads_clause` applies to `user`: "public" (visitors and
    accounts without membership), "all" (moderators) or "member" (by the user's id).
    Queries built once and run with the id as a parameter are keyed by it."""
    if not is_member(user):
        return "public"
    if is_moderator(user):
        return "all"
    return "member"


def readable_threads_clause(user: Any) -> sa.ColumnElement[bool]:
    """SQL condition on `exchange_threads` matching exactly the audience rule above."""
    audience = readable_threads_audience(user)
    return readable_threads_clause_for(audience, user.id if audience == "member" else None)


def readable_threads_clause_for(audience: str, user_id: Any) -> sa.ColumnElement[bool]:
    """The clause for one audience of `readable_threads_audience`; `user_id` may be a
    bound parameter (`sa.bindparam`) so that the statement can be built once."""
    if audience == "public":
        return Thread.visibility == Visibility.PUBLIC.value
    if audience == "all":
        return sa.true()
    approved = sa.select(Registration.event_id).where(
        Registration.user_id == user_id,
        Registration.status == RegistrationStatus.APPROVED.value,
    )
    organized = sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == user_id)
    return sa.or_(
        Thread.visibility.in_([Visibility.PUBLIC.value, Visibility.MEMBERS.value]),
        sa.and_(
            Thread.visibility == Visibility.PARTICIPANTS.value,
            sa.or_(Thread.event_id.in_(approved), Thread.event_id.in_(organized)),
        ),
    )


@rule("exchange.view")
def _view_thread(user: Any, thread: Thread) -> bool:
    if thread.hidden_at is not None and not is_moderator(user):
        return False
    return in_thread_audience(user, thread)


@rule("exchange.create")
def _start_thread(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("exchange.reply")
def _reply_to_thread(user: Any, thread: Thread) -> bool:
    open_thread = thread.locked_at is None and thread.deleted_at is None and not thread.hidden_at
    return is_member(user) and open_thread and _view_thread(user, thread)


@rule("exchange.edit")
def _edit_post(user: Any, post: Post) -> bool:
    """Authors edit their own posts, anonymous ones too (checked by the keyed hash)."""
    live = post.deleted_at is None and post.hidden_at is None
    return is_member(user) and live and is_own(user, post)


@rule("exchange.delete")
def _delete_post(user: Any, post: Post) -> bool:
    return is_member(user) and post.deleted_at is None and is_own(user, post)


@rule("exchange.flag")
def _flag_post(user: Any, post: Post) -> bool:
    return is_member(user) and post.deleted_at is None and not is_own(user, post)


@rule("exchange.endorse")
def _endorse_post(user: Any, post: Post) -> bool:
    live = post.deleted_at is None and post.hidden_at is None
    return is_member(user) and live and not is_own(user, post)


@rule("exchange.follow")
def _follow_thread(user: Any, thread: Thread) -> bool:
    return is_member(user) and _view_thread(user, thread)


@rule("exchange.notifications")
def _read_notifications(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("exchange.see_hidden")
def _see_hidden_posts(user: Any, _: Any) -> bool:
    return is_moderator(user)


# --- moderation --------------------------------------------------------------------------
# Moderators review reported posts, hide and restore them, lock threads and fix tags.
# Every action is written to the audit log (`forum.exchanges.moderation.services`).


@rule("moderation.queue")
def _work_moderation_queue(user: Any, _: Any) -> bool:
    return is_moderator(user)


@rule("moderation.act")
def _moderate(user: Any, _: Any) -> bool:
    return is_moderator(user)
