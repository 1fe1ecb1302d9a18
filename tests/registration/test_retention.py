"""`flask forum purge`: registration data of past events is deleted; anonymous counts stay."""

from datetime import timedelta

import sqlalchemy as sa

from forum.events.registration import services
from forum.events.registration.models import Answer, Registration, RegistrationCount
from forum.models import Role, utcnow
from forum.security.profiles import visible_profile
from tests.rawdb import raw_database_text


def past_event(make_event, days_ago, **fields):
    starts = utcnow() - timedelta(days=days_ago + 2)
    return make_event(starts_at=starts, **fields)


def test_purge_deletes_past_registrations_and_keeps_counts(
    db, runner, make_event, make_user, make_question, enrol
):
    from forum.profiles.services import save_profile

    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    old = past_event(make_event, 40, purge_after_days=30, capacity=2, organizers=[organizer])
    recent = past_event(make_event, 10, purge_after_days=30)
    country = make_question(old, "country", label="Where do you live?")
    diet = make_question(old, label="Diet", sensitive=True)
    then = old.starts_at - timedelta(days=20)
    ana, ben, cai, dee = (make_user(name) for name in ("ana", "ben", "cai", "dee"))
    save_profile(
        cai,
        {
            "legal_name": "Cressida Ambervale",
            "legal_name_visibility": "organizers",
            "country": "PE",
            "country_visibility": "organizers",
        },
    )
    save_profile(dee, {"country": "BR", "country_visibility": "me"})
    db.session.commit()
    enrol(
        old, ana, {country.id: "CO", diet.id: "Vegan Marigold"}, badge_name="Ana Larkspur", now=then
    )
    enrol(old, ben, {country.id: "CO"}, badge_name="Ben Thistlewood", now=then)
    enrol(old, cai, badge_name="Cai Juniperro", now=then)  # waitlisted, then promoted
    enrol(old, dee, badge_name="Dee Foxglove", now=then)  # waitlisted
    services.cancel(old.id, ben, now=then)
    db.session.commit()
    enrol(recent, ana, badge_name="Ana Recent", now=recent.starts_at - timedelta(days=5))
    assert "legal_name" in visible_profile(organizer, _profile(db, cai))

    result = runner.invoke(args=["forum", "purge"])
    assert result.exit_code == 0, result.output
    assert f"{old.slug}: deleted 4 registrations" in result.output
    assert recent.slug not in result.output

    raw = raw_database_text(db.engine)
    for gone in ("Larkspur", "Thistlewood", "Juniperro", "Foxglove", "Marigold"):
        assert gone not in raw
    remaining = db.session.scalars(sa.select(Registration)).all()
    assert [(r.event_id, r.badge_name) for r in remaining] == [(recent.id, "Ana Recent")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0
    counts = {
        (c.status, c.country): c.count
        for c in db.session.scalars(
            sa.select(RegistrationCount).where(RegistrationCount.event_id == old.id)
        )
    }
    # Ana's country from her answer; Cai's from a profile shared with organizers; Dee's
    # profile country was for her alone, and Ben's answers went when he cancelled.
    assert counts == {
        ("approved", "CO"): 1,
        ("approved", "PE"): 1,
        ("waitlisted", ""): 1,
        ("cancelled", ""): 1,
    }
    # Profiles belong to people, not events: kept, but the organizers' window is closed.
    assert _profile(db, cai).legal_name == "Cressida Ambervale"
    assert "legal_name" not in visible_profile(organizer, _profile(db, cai))

    again = runner.invoke(args=["forum", "purge"])
    assert again.exit_code == 0 and "Nothing to purge." in again.output
    assert sum(c.count for c in db.session.scalars(sa.select(RegistrationCount))) == 4


def _profile(db, user):
    from forum.profiles.models import Profile

    db.session.expire_all()
    return db.session.get(Profile, user.id)


def test_nothing_is_purged_before_the_retention_ends(db, runner, make_event, make_user, enrol):
    event = past_event(make_event, 5, purge_after_days=30)
    enrol(event, make_user("ana"), now=event.starts_at - timedelta(days=1))
    result = runner.invoke(args=["forum", "purge"])
    assert "Nothing to purge." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1


def test_zero_days_purges_right_after_the_end(db, runner, make_event, make_user, enrol):
    event = past_event(make_event, 0, purge_after_days=0)
    enrol(event, make_user("ana"), now=event.starts_at - timedelta(days=1))
    assert "deleted 1 registrations" in runner.invoke(args=["forum", "purge"]).output
