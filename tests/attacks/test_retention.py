"""Retention: `flask forum purge` deletes incidents past their own date; erasing an
account deletes the member's own reports and cannot find their anonymous ones."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from forum.attacks import services
from forum.attacks.models import Incident
from forum.models import utcnow
from forum.profiles.data_rights import erase_user, export_user
from tests.attacks.factories import incident_data, make_incident


def test_purge_deletes_incidents_past_their_retention_date(db, runner, documenter) -> None:
    keep = make_incident(documenter).id
    soon = make_incident(documenter, retain_until=utcnow().date() + timedelta(days=2)).id
    later = make_incident(documenter, retain_until=utcnow().date() + timedelta(days=2)).id
    # Time passes for one of them: its date is now yesterday.
    db.session.execute(
        sa.update(Incident)
        .where(Incident.id == soon)
        .values(retain_until=utcnow().date() - timedelta(days=1))
    )
    db.session.commit()
    result = runner.invoke(args=["forum", "purge"])
    assert "Deleted 1 incidents past their retention date." in result.output
    ids = set(db.session.scalars(sa.select(Incident.id)))
    assert ids == {keep, later}


def test_erasure_removes_own_reports_but_cannot_find_anonymous_ones(db, make_user) -> None:
    member = make_user("amina")
    own = services.report(member, incident_data(), anonymous=False)
    anonymous = services.report(member, incident_data(), anonymous=True)
    db.session.commit()
    exported = export_user(member)
    assert [r["id"] for r in exported["attack_reports"]] == [own.id]
    erase_user(member, keep_posts=True)
    db.session.commit()
    assert set(db.session.scalars(sa.select(Incident.id))) == {anonymous.id}


def test_retention_date_must_be_in_the_future(db, documenter) -> None:
    import pytest

    with pytest.raises(services.IncidentError):
        services.create_incident(documenter, incident_data(retain_until=date(2020, 1, 1)))
