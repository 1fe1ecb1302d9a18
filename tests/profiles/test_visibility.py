"""`forum.security.visible_profile` is the one place deciding what a viewer sees of a
profile. These tests try every relation that should *not* open a field."""

import pytest

from forum.events.registration import services
from forum.events.registration.services import Decision
from forum.models import Role
from forum.profiles.models import PROFILE_FIELDS
from forum.security.profiles import profile_reach, visible_profile

EVERY_FIELD = {
    "legal_name": "Zenobia Quartermaine",
    "organisation": "Red de Defensoras",
    "country": "GT",
    "languages": ["es", "qu"],
    "pronouns": "she/her",
    "contact": "+502 5555 0000",
    "bio": "Land defender.",
}


@pytest.fixture
def owner(make_user, make_profile):
    """A person sharing one field at each level."""
    person = make_user("owner", display_name="Owner")
    make_profile(
        person,
        legal_name=(EVERY_FIELD["legal_name"], "organizers"),
        organisation=(EVERY_FIELD["organisation"], "participants"),
        country=(EVERY_FIELD["country"], "members"),
        languages=(EVERY_FIELD["languages"], "members"),
        pronouns=(EVERY_FIELD["pronouns"], "participants"),
        contact=(EVERY_FIELD["contact"], "me"),
        bio=(EVERY_FIELD["bio"], "organizers"),
    )
    return person


def seen(viewer, owner):
    from forum.profiles.services import profile_of

    return set(visible_profile(viewer, profile_of(owner)))


MEMBERS_SEE = {"country", "languages"}
PARTICIPANTS_SEE = MEMBERS_SEE | {"organisation", "pronouns"}
ORGANIZERS_SEE = PARTICIPANTS_SEE | {"legal_name", "bio"}


def test_defaults_are_the_most_private(db, make_user, make_profile):
    from forum.profiles.services import save_profile

    person = make_user("quiet")
    profile = save_profile(person, {"legal_name": "Q", "pronouns": "they"})
    db.session.commit()
    assert {profile.visibility_of(name).value for name in PROFILE_FIELDS} == {"me"}
    assert seen(make_user("nosy", roles=[Role.ADMIN]), person) == set()


def test_the_owner_sees_everything(owner):
    assert seen(owner, owner) == set(PROFILE_FIELDS)


def test_signed_out_visitors_see_nothing(owner):
    from flask_login import AnonymousUserMixin

    assert seen(AnonymousUserMixin(), owner) == set()
    assert seen(None, owner) == set()


def test_any_member_sees_only_member_fields(owner, make_user):
    assert seen(make_user("someone"), owner) == MEMBERS_SEE


def test_disabled_accounts_see_nothing(db, owner, make_user):
    from forum.models import utcnow

    ghost = make_user("ghost")
    ghost.disabled_at = utcnow()
    db.session.commit()
    assert seen(ghost, owner) == set()


def test_organizers_of_an_event_the_owner_registered_for(owner, make_user, make_event, enrol):
    lucia = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(organizers=[lucia])
    assert seen(lucia, owner) == MEMBERS_SEE  # no registration yet: just a member
    enrol(event, owner)
    assert seen(lucia, owner) == ORGANIZERS_SEE


def test_organizers_of_another_event_see_member_fields_only(owner, make_user, make_event, enrol):
    enrol(make_event(), owner)
    other_organizer = make_user("other", roles=[Role.ORGANIZER])
    make_event(organizers=[other_organizer])
    assert seen(other_organizer, owner) == MEMBERS_SEE


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_and_admins_see_organizer_fields_of_registered_people_only(
    owner, make_user, make_event, enrol, role
):
    viewer = make_user("team", roles=[role])
    assert seen(viewer, owner) == MEMBERS_SEE
    enrol(make_event(), owner)
    assert seen(viewer, owner) == ORGANIZERS_SEE


def test_moderators_get_nothing_more_than_members(owner, make_user, make_event, enrol):
    enrol(make_event(), owner)
    assert seen(make_user("mod", roles=[Role.MODERATOR]), owner) == MEMBERS_SEE


def test_fellow_approved_participants(owner, make_user, make_event, enrol):
    event = make_event()
    fellow = make_user("fellow")
    enrol(event, owner)
    enrol(event, fellow)
    assert seen(fellow, owner) == PARTICIPANTS_SEE


def test_pending_and_waitlisted_people_are_not_fellow_participants_yet(
    db, owner, make_user, make_event, enrol
):
    vetted = make_event(requires_approval=True)
    full = make_event(capacity=1)
    enrol(vetted, owner)
    enrol(vetted, pending := make_user("pending"))
    enrol(full, owner)
    enrol(full, waiting := make_user("waiting"))
    assert seen(pending, owner) == MEMBERS_SEE
    assert seen(waiting, owner) == MEMBERS_SEE


def test_cancelling_or_being_declined_ends_the_organizers_view(
    db, owner, make_user, make_event, enrol
):
    lucia = make_user("lucia", roles=[Role.ORGANIZER])
    event = make_event(requires_approval=True, organizers=[lucia])
    registration = enrol(event, owner)
    assert seen(lucia, owner) == ORGANIZERS_SEE
    services.decide(event.id, [registration.id], Decision.DECLINE, actor=lucia)
    db.session.commit()
    assert seen(lucia, owner) == MEMBERS_SEE
    second = make_event(organizers=[lucia])
    enrol(second, owner)
    services.cancel(second.id, owner)
    db.session.commit()
    assert seen(lucia, owner) == MEMBERS_SEE


def test_reach_is_computed_for_many_owners_at_once(
    owner, make_user, make_event, enrol, count_queries
):
    event = make_event()
    viewer = make_user("viewer")
    others = [make_user(f"o{i}") for i in range(5)]
    for person in [owner, viewer, *others]:
        enrol(event, person)
    ids = [owner.id, viewer.id, *(o.id for o in others)]
    viewer.role_names  # noqa: B018 - loaded before counting, as in a request
    with count_queries() as counter:
        reach = profile_reach(viewer, ids)
    assert counter.count == 2
    assert reach[viewer.id].value == "me"
    assert {reach[o.id].value for o in [owner, *others]} == {"participants"}


def test_an_unknown_or_empty_profile_shows_nothing(owner, make_user):
    assert visible_profile(make_user("x"), None) == {}
