"""People own their data: export everything held about them, or erase their account.

Each feature that holds personal data lists its module in `FEATURE_MODULES`; every listed
module provides

    export_for(user) -> dict                         # what the feature holds about them
    erase_for(user, *, keep_posts: bool) -> None     # delete it (flush, never commit)

The account itself, the profile and the audit trail are handled here. Modules are erased
in the order listed, before anything else is written: registrations come first because
freeing their seats needs the event lock, which must open the transaction.

The audit trail has two sides: what the person did ("actions_recorded", below) and what
others did with their data ("done_with_my_data", worded by
`forum.events.registration.data_rights`, which owns the labels). Erasure keeps of it only
what the organisation must be able to show; docs/DATA_RIGHTS.md says which, and why.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import sqlalchemy as sa

from forum.dates import iso_or_none
from forum.extensions import db
from forum.models import AuditEntry, AuditSubject, User, UserRole
from forum.profiles.models import Profile
from forum.profiles.services import profile_export, profile_of

FEATURE_MODULES: tuple[str, ...] = (
    "forum.events.registration.data_rights",
    # After registrations: their erasure takes the event lock, which must come first.
    "forum.events.workshops.data_rights",
    "forum.events.feedback.data_rights",
    "forum.exchanges.data_rights",
    "forum.exchanges.drafts.data_rights",
    "forum.events.calendar.data_rights",
    "forum.events.data_rights",
    "forum.library.data_rights",
    "forum.attacks.data_rights",
    "forum.messages.data_rights",
    "forum.notices.data_rights",
    "forum.observatory.data_rights",
    "forum.topics.data_rights",
    "forum.proposals.data_rights",
    "forum.letters.data_rights",
    "forum.topics.digests.data_rights",
)
EXPORT_FORMAT = "convene-personal-data/1"


def _modules() -> list[tuple[str, ModuleType]]:
    return [(name, importlib.import_module(name)) for name in FEATURE_MODULES]


def export_user(user: User) -> dict[str, Any]:
    """Everything Convene holds about `user`, as plain JSON-ready data."""
    actions = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.actor_id == user.id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "locale": user.locale,
            "timezone": user.timezone,
            "roles": sorted(user.role_names),
            "created_at": iso_or_none(user.created_at),
        },
        "profile": profile_export(profile_of(user)),
        "actions_recorded": [
            {
                "action": entry.action,
                "target": entry.target_type,
                "target_id": entry.target_id,
                "event_id": entry.event_id,
                "at": iso_or_none(entry.created_at),
            }
            for entry in actions
        ],
    }
    for name, module in _modules():
        part = module.export_for(user)
        clash = set(part) & set(data)
        if clash:
            raise RuntimeError(f"{name} exports keys already used: {sorted(clash)}")
        data.update(part)
    return data


def export_json(data: dict[str, Any]) -> bytes:
    """The download: pure, data in, bytes out."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str).encode()


def erase_user(user: User, *, keep_posts: bool) -> None:
    """Delete the account and everything about it. Flushes; the caller commits."""
    for _, module in _modules():
        module.erase_for(user, keep_posts=keep_posts)
    user_id = user.id
    db.session.execute(sa.delete(Profile).where(Profile.user_id == user_id))
    erase_audit_trail(user_id)
    db.session.execute(sa.delete(UserRole).where(UserRole.user_id == user_id))
    db.session.execute(sa.delete(User).where(User.id == user_id))
    db.session.expire_all()


def entries_about(user_id: int) -> sa.ColumnElement[bool]:
    """Audit entries about a person: they are a subject, or the target is their account."""
    subject = sa.select(AuditSubject.audit_entry_id).where(AuditSubject.user_id == user_id)
    return sa.or_(
        AuditEntry.id.in_(subject),
        sa.and_(AuditEntry.target_type == "user", AuditEntry.target_id == user_id),
    )


def erase_audit_trail(user_id: int) -> None:
    """What the audit log keeps of an erased person (docs/DATA_RIGHTS.md says why).

    Registration targets were cut by the registrations' own erasure, before the rows went.
    """
    own_account = sa.and_(AuditEntry.target_type == "user", AuditEntry.target_id == user_id)
    # Their own doings on their own account hold nobody else to account: deleted.
    db.session.execute(
        sa.delete(AuditEntry)
        .where(AuditEntry.actor_id == user_id, own_account)
        .execution_options(synchronize_session=False)
    )
    # Others' doings about them stay (who used a power, and when), pointing at nobody: an
    # account id may be used again and must not inherit this trail.
    db.session.execute(
        sa.update(AuditEntry)
        .where(entries_about(user_id))
        .values(target_id=sa.case((own_account, None), else_=AuditEntry.target_id), detail=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(AuditSubject).where(AuditSubject.user_id == user_id))
    # Their doings about others stay, with no actor.
    db.session.execute(
        sa.update(AuditEntry)
        .where(AuditEntry.actor_id == user_id)
        .values(actor_id=None)
        .execution_options(synchronize_session=False)
    )
