"""Which profile fields a viewer may see: the one place this is decided.

Audiences nest (me < organizers < participants < members); a field is shown when its
visibility is at least as wide as the viewer's reach. Badges have their own rule: a
badge is worn in front of everyone in the room.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from forum.events.models import event_organizers
from forum.events.registration.models import ACTIVE_STATUSES, Registration, RegistrationStatus
from forum.extensions import db
from forum.models import Role
from forum.profiles.models import PROFILE_FIELDS, Profile, Visibility
from forum.security.core import has_role, is_member


def profile_reach(viewer: Any, owner_ids: Iterable[int]) -> dict[int, Visibility]:
    """For each profile owner, the narrowest audience the viewer belongs to, or nothing
    for a viewer who is not a signed-in member.

    Relations counted:
    * organizers: the viewer runs or staffs an event (organizer of it, staff, admin) for
      which the owner holds a pending, approved or waitlisted registration;
    * participants: viewer and owner both hold an approved registration for one event.
    """
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


def visible_profile(
    viewer: Any, profile: Profile | None, reach: Visibility | None = None
) -> dict[str, Any]:
    """The profile fields `viewer` may see, by name.

    Pass `reach` from `profile_reach` when showing many profiles (one query for all);
    without it, the viewer's relation to this one owner is looked up.
    """
    if profile is None or not is_member(viewer):
        return {}
    if reach is None:
        reach = profile_reach(viewer, [profile.user_id]).get(profile.user_id)
    if reach is None:
        return {}
    return _fields_for_reach(profile, Visibility(reach))


def badge_profile(profile: Profile | None) -> dict[str, Any]:
    """The profile fields that may be printed on the person's badge.

    A badge is worn in the room, in front of every participant (and whoever passes by),
    whoever prints it: so a field is printed only if its owner shows it to the
    participants of their events, or wider; never because the printer (staff, an
    organizer) may read it on screen.
    """
    if profile is None:
        return {}
    return _fields_for_reach(profile, Visibility.PARTICIPANTS)


def _fields_for_reach(profile: Profile, level: Visibility) -> dict[str, Any]:
    shown = {}
    for name in PROFILE_FIELDS:
        value = profile.value_of(name)
        if value in (None, "", []):
            continue
        if profile.visibility_of(name).rank >= level.rank:
            shown[name] = value
    return shown
