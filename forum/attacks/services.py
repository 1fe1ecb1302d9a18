"""Rules that change incidents: enter, edit, review, consent, respond, link, report.

Every function flushes and never commits; the view commits once. Refusals raise
`IncidentError` with a translated message the view shows above the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.attacks import anonymity
from forum.attacks.labels import (
    OUTCOMES,
    PERPETRATOR_BRANCHES,
    RESPONSES,
    SUBTYPES,
    Origin,
    Status,
    Use,
)
from forum.attacks.models import (
    Act,
    Consent,
    Incident,
    Perpetrator,
    Response,
    TargetGroup,
    ThreadLink,
)
from forum.extensions import db
from forum.models import User, utcnow
from forum.security import audit
from forum.security.attacks import is_published, published_rule
from forum.taxonomy import is_country


class IncidentError(ValueError):
    """A change refused for a reason the person can fix."""


@dataclass
class IncidentData:
    occurred_on: date
    date_precision: str
    country: str
    setting: str
    acts: list[tuple[str, str]]
    province: str | None = None
    target_unit: str = "individual"
    target_size: str = "1"
    target_gender: str = "unknown"
    target_age: str = "unknown"
    previously_threatened: str = "unknown"
    groups: list[str] = field(default_factory=list)
    perpetrators: list[tuple[str, str, str]] = field(default_factory=list)
    source_kind: str = "victim"
    source_reliability: str = "probable"
    account: str | None = None
    victim_names: str | None = None
    consents: list[str] = field(default_factory=list)
    consent_given_on: date | None = None
    retain_until: date | None = None


def normalise_date(day: date, precision: str) -> date:
    """The first day of the period a date is known to: never more precise than known."""
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def _check(data: IncidentData) -> None:
    if not data.acts:
        raise IncidentError(_("Choose at least one act: what happened?"))
    for violation, subtype in data.acts:
        if subtype not in SUBTYPES.get(violation, {}):
            raise IncidentError(_("Choose only from the options offered."))
    for kind, branch, _involvement in data.perpetrators:
        if branch not in PERPETRATOR_BRANCHES.get(kind, {}):
            raise IncidentError(_("Choose only from the options offered."))
    if not is_country(data.country):
        raise IncidentError(_("Choose a country from the list."))
    if data.occurred_on > utcnow().date():
        raise IncidentError(_("The date of the incident cannot be in the future."))
    if data.victim_names and Use.NAMED.value not in data.consents:
        raise IncidentError(
            _("Names can be recorded only with consent to publication as a named case.")
        )
    if data.retain_until is not None and data.retain_until <= utcnow().date():
        raise IncidentError(_("The date to delete the record must be in the future."))


def _apply(incident: Incident, data: IncidentData) -> None:
    incident.occurred_on = normalise_date(data.occurred_on, data.date_precision)
    incident.date_precision = data.date_precision
    incident.country = data.country
    incident.province = data.province or None
    incident.setting = data.setting
    incident.target_unit = data.target_unit
    incident.target_size = data.target_size
    incident.target_gender = data.target_gender
    incident.target_age = data.target_age
    incident.previously_threatened = data.previously_threatened
    incident.source_kind = data.source_kind
    incident.source_reliability = data.source_reliability
    incident.account = data.account or None
    incident.victim_names = data.victim_names or None
    incident.retain_until = data.retain_until
    if incident.id is not None:
        # Replace the children: delete the old rows before the new ones are inserted.
        for model in (Act, TargetGroup, Perpetrator):
            db.session.execute(sa.delete(model).where(model.incident_id == incident.id))
        db.session.expire(incident, ["acts", "groups", "perpetrators"])
    incident.acts = [Act(violation=v, subtype=s) for v, s in dict.fromkeys(data.acts)]
    incident.groups = [TargetGroup(group=g) for g in dict.fromkeys(data.groups)]
    incident.perpetrators = [
        Perpetrator(kind=k, branch=b, involvement=i) for k, b, i in dict.fromkeys(data.perpetrators)
    ]


def _set_consents(incident: Incident, actor: User | None, uses: list[str], given: date) -> None:
    """Record consents newly given and withdraw those no longer given (dated both ways)."""
    today = utcnow().date()
    for use in Use:
        standing = incident.consent_for(use.value)
        if use.value in uses and standing is None:
            incident.consents.append(
                Consent(use=use.value, given_on=given, recorded_by_id=actor and actor.id)
            )
        elif use.value not in uses and standing is not None:
            standing.withdrawn_on = today
    if Use.NAMED.value not in uses:
        incident.victim_names = None


def _lock(incident: Incident) -> None:
    """Hold the record's row and read it afresh before a change of status or consent.

    The flag is computed here from what this transaction sees. Without the lock, a
    verification racing a withdrawal of consent on PostgreSQL could write "published"
    from a consent that had just been withdrawn. With it, the second change waits for
    the first and reads its consents after it (SQLite runs one writer at a time)."""
    db.session.refresh(incident, with_for_update=True)


def _republish(incident: Incident) -> None:
    """Write down whether the record now counts (`is_published`). Every change of status
    or consent ends here: the figures read only this flag."""
    incident.published = is_published(incident)


def refresh_published() -> int:
    """Set every record's flag from the rule in one statement, for records written in
    bulk outside these services (the benchmark's generator); returns the rows changed."""
    result = db.session.execute(
        sa.update(Incident)
        .where(Incident.published != published_rule())
        .values(published=published_rule())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return int(result.rowcount or 0)


def create_incident(actor: User, data: IncidentData) -> Incident:
    """An incident entered by a documenter or staff: reported until someone verifies it."""
    _check(data)
    incident = Incident(origin=Origin.STAFF.value, entered_by_id=actor.id)
    _apply(incident, data)
    db.session.add(incident)
    _set_consents(incident, actor, data.consents, data.consent_given_on or utcnow().date())
    _republish(incident)
    db.session.flush()
    audit(actor, "attacks.create", target_type="incident", target_id=incident.id)
    return incident


def update_incident(actor: User, incident: Incident, data: IncidentData) -> None:
    _check(data)
    _lock(incident)
    _apply(incident, data)
    _set_consents(incident, actor, data.consents, data.consent_given_on or utcnow().date())
    _republish(incident)
    db.session.flush()
    audit(actor, "attacks.edit", target_type="incident", target_id=incident.id)


def review(actor: User, incident: Incident, status: str) -> None:
    """Verify or reject a record; only a verified record can ever be counted."""
    if status not in (Status.VERIFIED.value, Status.REJECTED.value, Status.REPORTED.value):
        raise IncidentError(_("Choose only from the options offered."))
    _lock(incident)
    incident.status = status
    incident.reviewed_by_id = actor.id
    incident.reviewed_on = utcnow().date()
    _republish(incident)
    db.session.flush()
    audit(actor, f"attacks.{status}", target_type="incident", target_id=incident.id)


def withdraw_consent(actor: User | None, incident: Incident, use: str) -> None:
    _lock(incident)
    standing = incident.consent_for(use)
    if standing is None:
        raise IncidentError(_("There is no consent to withdraw for that use."))
    standing.withdrawn_on = utcnow().date()
    if use == Use.NAMED.value:
        incident.victim_names = None
    _republish(incident)
    db.session.flush()
    audit(actor, "attacks.consent_withdrawn", target_type="incident", target_id=incident.id)


def add_response(actor: User, incident: Incident, kind: str, outcome: str) -> Response:
    if kind not in RESPONSES or outcome not in OUTCOMES:
        raise IncidentError(_("Choose only from the options offered."))
    response = Response(kind=kind, outcome=outcome)
    incident.responses.append(response)
    db.session.flush()
    audit(actor, "attacks.response", target_type="incident", target_id=incident.id)
    return response


def link_thread(actor: User, incident: Incident, thread_id: int) -> None:
    if any(link.thread_id == thread_id for link in incident.thread_links):
        return
    incident.thread_links.append(ThreadLink(thread_id=thread_id))
    db.session.flush()
    audit(actor, "attacks.link", target_type="incident", target_id=incident.id)


def report(member: User, data: IncidentData, *, anonymous: bool) -> Incident:
    """A member's report of an attack they suffered or witnessed.

    It stays `reported` (in no figure) until a documenter verifies it. The member gives
    the consents; names are never taken from a member report. An anonymous report keeps
    no reporter and writes no audit entry (`forum.attacks.anonymity`).
    """
    data.victim_names = None
    _check(data)
    incident = Incident(origin=Origin.MEMBER.value, status=Status.REPORTED.value)
    _apply(incident, data)
    if anonymous:
        anonymity.seal(incident, member)
    else:
        incident.reporter_id = member.id
    db.session.add(incident)
    _set_consents(incident, None, data.consents, utcnow().date())
    _republish(incident)
    db.session.flush()
    return incident


def delete_incident(incident: Incident) -> None:
    db.session.delete(incident)
    db.session.flush()


def purge_expired(today: date) -> int:
    """Delete incidents whose retention date has passed (`flask forum purge`).

    Through the session, not one bulk DELETE: a flush that deletes published records is
    what tells every process to drop the tallies it shares (`forum.statistics.cache`),
    so a purged record leaves the figures at once, not a minute later."""
    expired = db.session.scalars(
        sa.select(Incident).where(Incident.retain_until.is_not(None), Incident.retain_until < today)
    ).all()
    for incident in expired:
        db.session.delete(incident)
    db.session.flush()
    return len(expired)
