"""Rules for attacks on defenders: who enters incidents, who reads a record, who sees
the patterns, and the one clause that decides which records any figure may count.

- *Handlers* (documenters and staff) enter, edit, verify and reject incidents, read the
  free-text account and, where a named-case consent stands, the names.
- *Analysts* read the de-identified records (never the account or names) and the
  patterns.
- Members (organizers included) see the patterns, drawn from published records only, and
  may report an attack they suffered or witnessed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forum.attacks.labels import Status, Use
from forum.attacks.models import Consent, Incident
from forum.models import Role
from forum.security.core import has_role, is_member, rule

HANDLER_ROLES = (Role.DOCUMENTER, Role.STAFF)


def is_handler(user: Any) -> bool:
    return any(has_role(user, role) for role in HANDLER_ROLES)


def is_analyst(user: Any) -> bool:
    return has_role(user, Role.ANALYST)


def is_published(incident: Incident) -> bool:
    """The rule: a record is counted in published figures and exports while it is
    verified and its consent to aggregate publication stands."""
    return (
        incident.status == Status.VERIFIED.value
        and incident.consent_for(Use.AGGREGATE.value) is not None
    )


def published_rule() -> sa.ColumnElement[bool]:
    """`is_published` in SQL, row by row (a consent look-up per record): what
    `forum.attacks.services.refresh_published` writes down after bulk changes."""
    return sa.and_(
        Incident.status == Status.VERIFIED.value,
        sa.exists().where(
            Consent.incident_id == Incident.id,
            Consent.use == Use.AGGREGATE.value,
            Consent.withdrawn_on.is_(None),
        ),
    )


def published_clause() -> sa.ColumnElement[bool]:
    """The records every published figure and export counts. Each asks this clause and
    nothing else, so withdrawing consent or rejecting a record takes it out of all of
    them at once. It reads the record's `published` flag, which the services set from
    `is_published` whenever the status or a consent changes (one indexed column, where
    the rule itself costs a consent look-up per record on every count)."""
    return Incident.published.is_(True)


@rule("attacks.record")
def _record(user: Any, _: Any) -> bool:
    """Enter, edit, verify or reject incidents."""
    return is_handler(user)


@rule("attacks.list")
def _list(user: Any, _: Any) -> bool:
    """The list of de-identified records and single records without the account."""
    return is_handler(user) or is_analyst(user)


@rule("attacks.read_account")
def _read_account(user: Any, _: Any) -> bool:
    """The free-text account and the encrypted province of a record."""
    return is_handler(user)


@rule("attacks.read_names")
def _read_names(user: Any, incident: Any) -> bool:
    """Names: handlers only, and only while the named-case consent stands."""
    return (
        is_handler(user)
        and incident is not None
        and incident.consent_for(Use.NAMED.value) is not None
    )


@rule("attacks.patterns")
def _patterns(user: Any, _: Any) -> bool:
    return is_member(user)


@rule("attacks.report")
def _report(user: Any, _: Any) -> bool:
    return is_member(user)
