"""Who may do what. Every permission decision in Convene goes through `can`.

Rules are small functions registered per action name. Views call `require`, templates
call `can`; nothing else inspects roles directly, so a rule changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy.orm import aliased

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
    """Whether the user holds `role` and may use it; the one place roles are read.

    Every role beyond membership opens other people's data, so it works only once the
    account has two-factor sign-in: until then the role is held but on hold.
    """
    return is_member(user) and role.value in user.role_names and user.two_factor_enabled


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


# --- events ----------------------------------------------------------------------------
# Organizers of an event and administrators edit it; staff see everything but edit nothing.


def is_event_organizer(user: Any, event: Any) -> bool:
    """One of the event's organizers, with two-factor sign-in (like every privilege)."""
    return uses_privileges(user) and any(org.id == user.id for org in event.organizers)


def is_approved_participant(user: Any, event: Any) -> bool:
    """Whether the user holds an approved registration for `event` (an Event or its id)."""
    if not is_member(user) or event is None:
        return False
    from forum.events.registration.models import Registration, RegistrationStatus

    event_id = event if isinstance(event, int) else event.id
    primed = _primed_participation().get((user.id, event_id))
    if primed is not None:
        return primed
    return (
        db.session.scalar(
            sa.select(Registration.id).where(
                Registration.event_id == event_id,
                Registration.user_id == user.id,
                Registration.status == RegistrationStatus.APPROVED.value,
            )
        )
        is not None
    )


def _primed_participation() -> dict[tuple[int, int], bool]:
    return g.setdefault("_approved_participation", {}) if has_request_context() else {}


def prime_approved_participation(user: Any, event_ids: Iterable[int]) -> None:
    """Answer `is_approved_participant` for many events with one query.

    A list of events asks for each one whether the viewer may see its location; without
    this, that would be one query per confidential event on the page. The answers live
    for the current request only.
    """
    ids = set(event_ids)
    if not is_member(user) or not ids or not has_request_context():
        return
    from forum.events.registration.models import Registration, RegistrationStatus

    approved = set(
        db.session.scalars(
            sa.select(Registration.event_id).where(
                Registration.event_id.in_(ids),
                Registration.user_id == user.id,
                Registration.status == RegistrationStatus.APPROVED.value,
            )
        )
    )
    cache = _primed_participation()
    for event_id in ids:
        cache[(user.id, event_id)] = event_id in approved


def remember_participation(user: Any, event_id: int, registration: Any) -> None:
    """Answer `is_approved_participant` from a registration the page has loaded anyway."""
    if is_member(user) and has_request_context():
        approved = registration is not None and registration.status == "approved"
        _primed_participation()[(user.id, event_id)] = approved


def visible_events_clause(user: Any) -> sa.ColumnElement[bool]:
    """The `event.view` rule as SQL, for lists: drafts only for the people who run them."""
    from forum.events.models import Event, EventStatus, event_organizers

    if has_role(user, Role.ADMIN) or has_role(user, Role.STAFF):
        return sa.true()
    not_draft = Event.status != EventStatus.DRAFT.value
    if not is_member(user):
        return not_draft
    organized = sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == user.id)
    return sa.or_(not_draft, Event.id.in_(organized))


def sees_all_of_event(user: Any, event: Any) -> bool:
    """Organizers of the event, staff and admins see everything about it."""
    return (
        has_role(user, Role.ADMIN) or has_role(user, Role.STAFF) or is_event_organizer(user, event)
    )


@rule("event.create")
def _create_event(user: Any, _: Any) -> bool:
    return has_role(user, Role.ORGANIZER) or has_role(user, Role.ADMIN)


@rule("event.edit")
def _edit_event(user: Any, event: Any) -> bool:
    return has_role(user, Role.ADMIN) or is_event_organizer(user, event)


@rule("event.view")
def _view_event(user: Any, event: Any) -> bool:
    """Drafts are invisible except to those who run the event."""
    from forum.events.models import EventStatus

    return event.status != EventStatus.DRAFT.value or sees_all_of_event(user, event)


@rule("event.manage")
def _see_event_management(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)


@rule("event.see_location")
def _see_confidential_location(user: Any, event: Any) -> bool:
    """A confidential venue or link is shown only to approved participants and the team."""
    if not event.location_confidential:
        return True
    return sees_all_of_event(user, event) or is_approved_participant(user, event)


# --- registrations ---------------------------------------------------------------------
# Organizers of an event (and admins) write its questions and vet requests; staff and
# organizers see its registrations and check people in; admins and the event's organizers
# read its audit log. The participant list is for approved participants and the team.


def runs_event(user: Any, event: Any) -> bool:
    """Organizers of this event and administrators: those who decide about it."""
    return has_role(user, Role.ADMIN) or is_event_organizer(user, event)


@rule("registration.register")
def _register(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("registration.questions")
def _edit_questions(user: Any, event: Any) -> bool:
    return runs_event(user, event)


@rule("registration.list")
def _see_registrations(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)


@rule("registration.vet")
def _vet_registrations(user: Any, event: Any) -> bool:
    return runs_event(user, event)


@rule("registration.check_in")
def _check_in(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)


@rule("event.participants")
def _see_participant_list(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event) or is_approved_participant(user, event)


@rule("event.audit")
def _read_event_audit_log(user: Any, event: Any) -> bool:
    return runs_event(user, event)


# --- exports ---------------------------------------------------------------------------
# Badges and the attendee list hold personal data: the event's team only (organizers of
# it, staff, admins), like the registrations page. A background export's file is fetched
# only by the person who asked for it, while they are still on the team.


@rule("event.badges")
def _print_badges(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)


@rule("event.attendees")
def _see_attendee_list(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)


@rule("export_job.fetch")
def _fetch_export(user: Any, job_and_event: Any) -> bool:
    job, event = job_and_event
    return (
        is_member(user)
        and job.event_id == event.id
        and job.requested_by_id == user.id
        and sees_all_of_event(user, event)
    )


def profile_reach(viewer: Any, owner_ids: Iterable[int]) -> dict[int, Any]:
    """For each profile owner, the narrowest audience the viewer belongs to (a
    `Visibility`), or nothing for a viewer who is not a signed-in member.

    Audiences nest (me < organizers < participants < members); a field is shown when its
    visibility is at least as wide as the viewer's reach. Relations counted:
    * organizers: the viewer runs or staffs an event (organizer of it, staff, admin) for
      which the owner holds a pending, approved or waitlisted registration;
    * participants: viewer and owner both hold an approved registration for one event.
    """
    from forum.events.models import event_organizers
    from forum.events.registration.models import (
        ACTIVE_STATUSES,
        Registration,
        RegistrationStatus,
    )
    from forum.profiles.models import Visibility

    owners = set(owner_ids)
    if not is_member(viewer) or not owners:
        return {}
    reach = dict.fromkeys(owners, Visibility.MEMBERS)
    others = owners - {viewer.id}
    if others:
        approved = RegistrationStatus.APPROVED.value
        mine = aliased(Registration)
        theirs = aliased(Registration)
        same_event = sa.select(theirs.user_id).join(mine, mine.event_id == theirs.event_id)
        fellow = same_event.where(
            mine.user_id == viewer.id,
            mine.status == approved,
            theirs.status == approved,
            theirs.user_id.in_(others),
        )
        for owner_id in db.session.scalars(fellow.distinct()):
            reach[owner_id] = Visibility.PARTICIPANTS
        registered = sa.select(Registration.user_id).where(
            Registration.user_id.in_(others), Registration.status.in_(ACTIVE_STATUSES)
        )
        if not (has_role(viewer, Role.ADMIN) or has_role(viewer, Role.STAFF)):
            registered = registered.join(
                event_organizers, event_organizers.c.event_id == Registration.event_id
            ).where(event_organizers.c.user_id == viewer.id)
        for owner_id in db.session.scalars(registered.distinct()):
            reach[owner_id] = Visibility.ORGANIZERS
    if viewer.id in owners:
        reach[viewer.id] = Visibility.ME
    return reach


def visible_profile(viewer: Any, profile: Any, reach: Any = None) -> dict[str, Any]:
    """The profile fields `viewer` may see, by name: the one place this is decided.

    Pass `reach` from `profile_reach` when showing many profiles (one query for all);
    without it, the viewer's relation to this one owner is looked up.
    """
    from forum.profiles.models import Visibility

    if profile is None or not is_member(viewer):
        return {}
    if reach is None:
        reach = profile_reach(viewer, [profile.user_id]).get(profile.user_id)
    if reach is None:
        return {}
    return _fields_for_reach(profile, Visibility(reach))


def badge_profile(profile: Any) -> dict[str, Any]:
    """The profile fields that may be printed on the person's badge.

    A badge is worn in the room, in front of every participant (and whoever passes by),
    whoever prints it: so a field is printed only if its owner shows it to the
    participants of their events, or wider; never because the printer (staff, an
    organizer) may read it on screen.
    """
    from forum.profiles.models import Visibility

    if profile is None:
        return {}
    return _fields_for_reach(profile, Visibility.PARTICIPANTS)


def _fields_for_reach(profile: Any, level: Any) -> dict[str, Any]:
    from forum.profiles.models import PROFILE_FIELDS

    shown = {}
    for name in PROFILE_FIELDS:
        value = profile.value_of(name)
        if value in (None, "", []):
            continue
        if profile.visibility_of(name).rank >= level.rank:
            shown[name] = value
    return shown


# --- exchanges -------------------------------------------------------------------------
# A thread is read by its audience: everyone (public), members, or the approved
# participants and organizers of its linked event. Moderators read every thread so that
# they can review reports. Hidden threads and posts are for moderators only. The same
# decision exists twice, for one thread (`exchange.view`) and as SQL for lists, search,
# counts, feeds and notifications (`readable_threads_clause`); tests check they agree.


def is_moderator(user: Any) -> bool:
    return has_role(user, Role.MODERATOR)


def _organizes_event(user: Any, event_id: int) -> bool:
    from forum.events.models import event_organizers

    return (
        db.session.scalar(
            sa.select(event_organizers.c.event_id).where(
                event_organizers.c.event_id == event_id, event_organizers.c.user_id == user.id
            )
        )
        is not None
    )


def in_thread_audience(user: Any, thread: Any) -> bool:
    """Whether `user` belongs to the audience the thread's visibility names."""
    from forum.exchanges.vocabulary import Visibility

    if thread.visibility == Visibility.PUBLIC.value:
        return True
    if not is_member(user):
        return False
    if thread.visibility == Visibility.MEMBERS.value or is_moderator(user):
        return True
    if thread.visibility != Visibility.PARTICIPANTS.value or thread.event_id is None:
        return False
    return is_approved_participant(user, thread.event_id) or _organizes_event(user, thread.event_id)


def readable_threads_clause(user: Any) -> sa.ColumnElement[bool]:
    """SQL condition on `exchange_threads` matching exactly the audience rule above."""
    from forum.events.models import event_organizers
    from forum.events.registration.models import Registration, RegistrationStatus
    from forum.exchanges.models import Thread
    from forum.exchanges.vocabulary import Visibility

    if not is_member(user):
        return Thread.visibility == Visibility.PUBLIC.value
    if is_moderator(user):
        return sa.true()
    approved = sa.select(Registration.event_id).where(
        Registration.user_id == user.id,
        Registration.status == RegistrationStatus.APPROVED.value,
    )
    organized = sa.select(event_organizers.c.event_id).where(event_organizers.c.user_id == user.id)
    return sa.or_(
        Thread.visibility.in_([Visibility.PUBLIC.value, Visibility.MEMBERS.value]),
        sa.and_(
            Thread.visibility == Visibility.PARTICIPANTS.value,
            sa.or_(Thread.event_id.in_(approved), Thread.event_id.in_(organized)),
        ),
    )


@rule("exchange.view")
def _view_thread(user: Any, thread: Any) -> bool:
    if thread.hidden_at is not None and not is_moderator(user):
        return False
    return in_thread_audience(user, thread)


@rule("exchange.create")
def _start_thread(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("exchange.reply")
def _reply_to_thread(user: Any, thread: Any) -> bool:
    open_thread = thread.locked_at is None and thread.deleted_at is None and not thread.hidden_at
    return is_member(user) and open_thread and _view_thread(user, thread)


@rule("exchange.edit")
def _edit_post(user: Any, post: Any) -> bool:
    """Authors edit their own posts, anonymous ones too (checked by the keyed hash)."""
    from forum.exchanges.anonymity import is_own

    live = post.deleted_at is None and post.hidden_at is None
    return is_member(user) and live and is_own(user, post)


@rule("exchange.delete")
def _delete_post(user: Any, post: Any) -> bool:
    from forum.exchanges.anonymity import is_own

    return is_member(user) and post.deleted_at is None and is_own(user, post)


@rule("exchange.flag")
def _flag_post(user: Any, post: Any) -> bool:
    from forum.exchanges.anonymity import is_own

    return is_member(user) and post.deleted_at is None and not is_own(user, post)


@rule("exchange.endorse")
def _endorse_post(user: Any, post: Any) -> bool:
    from forum.exchanges.anonymity import is_own

    live = post.deleted_at is None and post.hidden_at is None
    return is_member(user) and live and not is_own(user, post)


@rule("exchange.follow")
def _follow_thread(user: Any, thread: Any) -> bool:
    return is_member(user) and _view_thread(user, thread)


@rule("exchange.notifications")
def _read_notifications(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("exchange.see_hidden")
def _see_hidden_posts(user: Any, _: Any) -> bool:
    return is_moderator(user)


# --- moderation ------------------------------------------------------------------------
# Moderators review reported posts, hide and restore them, lock threads and fix tags.
# Every action is written to the audit log (`forum.exchanges.moderation`).


@rule("moderation.queue")
def _work_moderation_queue(user: Any, _: Any) -> bool:
    return is_moderator(user)


@rule("moderation.act")
def _moderate(user: Any, _: Any) -> bool:
    return is_moderator(user)


# --- insights --------------------------------------------------------------------------
# Members see the insights drawn from what they may read; visitors who are not signed in
# see the public subset only while an administrator allows it (off by default). An
# event's logistics counts are for the people who run or staff it.


@rule("insights.view")
def _see_insights(user: Any, _: Any) -> bool:
    from forum.insights.services import public_insights_enabled

    return is_member(user) or public_insights_enabled()


@rule("insights.configure")
def _configure_insights(user: Any, _: Any) -> bool:
    return has_role(user, Role.ADMIN)


@rule("event.logistics")
def _see_event_logistics(user: Any, event: Any) -> bool:
    return sees_all_of_event(user, event)
