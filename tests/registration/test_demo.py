"""The registration demo step: profiles always; questions and registrations on events."""

import sqlalchemy as sa

from forum.events.registration.models import Question, Registration
from forum.profiles.models import Profile


def test_demo_without_events_adds_profiles_only(db):
    from forum.demo import registration as demo
    from forum.demo import seed_accounts

    list(seed_accounts())
    output = "\n".join(demo.seed())
    db.session.commit()
    assert "no published events yet" in output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_demo_attaches_questions_and_registrations_to_published_events(
    runner, db, make_event, make_user
):
    runner.invoke(args=["forum", "seed-demo"])
    from forum.auth.services import find_user

    organizer = find_user("organizer")
    open_event = make_event(capacity=3, organizers=[organizer])
    vetted = make_event(requires_approval=True, organizers=[organizer])
    first = runner.invoke(args=["forum", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert f"{open_event.slug}: 4 questions" in first.output
    assert f"{vetted.slug}: 2 requests approved by the organizer" in first.output
    statuses = db.session.scalars(
        sa.select(Registration.status).where(Registration.event_id == open_event.id)
    ).all()
    assert sorted(statuses) == ["approved"] * 3 + ["waitlisted"] * 2
    counts = [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Question, Registration, Profile)
    ]
    again = runner.invoke(args=["forum", "seed-demo"])
    assert again.exit_code == 0
    assert [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Question, Registration, Profile)
    ] == counts
