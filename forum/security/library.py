"""Rules for the library: who reads a work, who adds files, who curates.

Curators — staff, administrators and documenters (`CURATOR_ROLES`) — publish works
directly, edit any work, review members' uploads and link works to events. Members may
upload when `FORUM_LIBRARY_MEMBER_UPLOADS` is on; their works wait, seen by them and
curators only, until a curator publishes them. A published work is read by its
audience: everyone, members, or the approved participants and organizers of its event.
The same decision exists for one work (`library.view`) and as SQL for lists, search,
packs and "where it was used" (`readable_works_clause`); tests check they agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from forum.events.models import Event, event_organizers
from forum.events.registration.models import Registration, RegistrationStatus
from forum.exchanges.models import Thread
from forum.library.labels import Visibility, WorkStatus
from forum.library.models import Work, WorkUse
from forum.models import Role
from forum.security.core import has_role, is_member, rule, uses_privileges
from forum.security.events import is_approved_participant, is_event_organizer, organizes_event
from forum.security.exchanges import in_thread_audience

#: Roles that curate the library (staff and documenters upload and publish directly).
CURATOR_ROLES = (Role.STAFF, Role.ADMIN, Role.DOCUMENTER)


def is_curator(user: Any) -> bool:
    return any(has_role(user, role) for role in CURATOR_ROLES)


def in_work_audience(user: Any, work: Work) -> bool:
    if work.visibility == Visibility.PUBLIC.value:
        return True
    if not is_member(user):
        return False
    if work.visibility == Visibility.MEMBERS.value:
        return True
    if work.event_id is None:
        return False
    return is_approved_participant(user, work.event_id) or organizes_event(user, work.event_id)


def is_uploader(user: Any, work: Work) -> bool:
    return is_member(user) and work.uploaded_by_id == user.id


def readable_works_clause(user: Any) -> sa.ColumnElement[bool]:
    """SQL condition on `library_works` matching exactly `library.view`."""
    published = Work.status == WorkStatus.PUBLISHED.value
    if is_curator(user):
        return sa.true()
    if not is_member(user):
        return sa.and_(published, Work.visibility == Visibility.PUBLIC.value)
    approved = sa.select(Registration.event_id).where(
        Registration.user_id == user.id,
        Registration.status == RegistrationStatus.APPROVED.value,
    )
    organized = sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == user.id)
    audience = sa.or_(
        Work.visibility.in_([Visibility.PUBLIC.value, Visibility.MEMBERS.value]),
        sa.and_(
            Work.visibility == Visibility.PARTICIPANTS.value,
            sa.or_(Work.event_id.in_(approved), Work.event_id.in_(organized)),
        ),
    )
    return sa.or_(sa.and_(published, audience), Work.uploaded_by_id == user.id)


def widest_audience(user: Any, event_id: int | None = None) -> str:
    """The pack audience a reader belongs to: what a pack built for them may hold."""
    if not is_member(user):
        return "public"
    if event_id is not None and (
        is_curator(user)
        or is_approved_participant(user, event_id)
        or organizes_event(user, event_id)
    ):
        return "participants"
    return "members"


@rule("library.view")
def _view_work(user: Any, work: Work) -> bool:
    if is_curator(user):
        return True
    if work.status != WorkStatus.PUBLISHED.value:
        return is_uploader(user, work)
    return in_work_audience(user, work) or is_uploader(user, work)


@rule("library.upload")
def _upload(user: Any, _: Any) -> bool:
    if is_curator(user):
        return True
    return is_member(user) and bool(current_app.config["FORUM_LIBRARY_MEMBER_UPLOADS"])


@rule("library.curate")
def _curate(user: Any, _: Any) -> bool:
    return is_curator(user)


@rule("library.edit")
def _edit_work(user: Any, work: Work) -> bool:
    """Curators edit any work; a member edits their own upload while it waits for review."""
    if is_curator(user):
        return True
    return is_uploader(user, work) and work.status == WorkStatus.PENDING.value


@rule("library.link_event")
def _link_to_event(user: Any, event: Event) -> bool:
    """Curators, and the event's own organizers, put works on its curriculum and sessions."""
    return is_curator(user) or is_event_organizer(user, event)


@rule("library.cite")
def _cite_in_thread(user: Any, thread: Thread) -> bool:
    """A member who may reply in a thread may cite a work there."""
    open_thread = thread.locked_at is None and thread.deleted_at is None and not thread.hidden_at
    return is_member(user) and open_thread and in_thread_audience(user, thread)


@rule("library.cite_any")
def _cite_somewhere(user: Any, _: Any) -> bool:
    """Members may cite works in the exchanges they can reply to (checked per thread)."""
    return is_member(user)


@rule("library.unlink")
def _remove_link(user: Any, use: WorkUse) -> bool:
    """Curators; the event's organizers for its links; whoever cited a work in a thread."""
    if is_curator(user):
        return True
    if use.thread_id is not None:
        return is_member(user) and use.added_by_id == user.id
    return (
        uses_privileges(user) and use.event_id is not None and organizes_event(user, use.event_id)
    )
