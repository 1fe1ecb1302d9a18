"""An organizer's data: the events they organize are in their export, and erasing the
account takes them off every team while the events stay for the others."""

import sqlalchemy as sa

from forum.events.models import Event, event_organizers
from forum.models import Role
from forum.profiles.data_rights import erase_user, export_user


def test_the_export_lists_the_events_one_organizes(db, make_event, organizer):
    make_event("Rural protection networks")
    exported = export_user(organizer)
    assert [entry["title"] for entry in exported["events_organized"]] == [
        "Rural protection networks"
    ]


def test_erasing_an_organizer_keeps_the_event_for_the_rest_of_the_team(
    db, make_event, make_user, organizer
):
    colleague = make_user("kofi", roles=[Role.ORGANIZER])
    event = make_event()
    event.organizers.append(colleague)
    db.session.commit()
    event_id = event.id
    assert event.created_by_id == organizer.id
    erase_user(organizer, keep_posts=False)
    db.session.commit()
    remaining = db.session.scalars(
        sa.select(event_organizers.c.user_id).where(event_organizers.c.event_id == event_id)
    ).all()
    assert remaining == [colleague.id]
    kept = db.session.get(Event, event_id)
    assert kept is not None and kept.created_by_id is None
