"""An event's organizers put library works on their event, from the event's management:
the curriculum, and a session's slides or handouts. The event and work pages show it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.events import agenda
from forum.events.services import SessionData, SessionTextData
from forum.library.models import WorkUse
from forum.models import Role
from tests.registration.factories import create_event


@pytest.fixture
def event_with_session(db, make_user):  # noqa: ANN001, ANN201
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = create_event(1, [organizer], title="Digital security school")
    starts = event.starts_at + timedelta(hours=1)
    session = agenda.add_session(
        event,
        SessionData(
            texts={"en": SessionTextData(title="Risk mapping")},
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        ),
    )
    other = create_event(2, [], title="Another seminar")
    other_starts = other.starts_at + timedelta(hours=1)
    other_session = agenda.add_session(
        other,
        SessionData(
            texts={"en": SessionTextData(title="Elsewhere")},
            starts_at=other_starts,
            ends_at=other_starts + timedelta(hours=1),
        ),
    )
    db.session.commit()
    return organizer, event, session, other_session


def uses(db) -> list[tuple[str, int | None]]:  # noqa: ANN001
    return [(u.role, u.session_id) for u in db.session.scalars(sa.select(WorkUse))]


def test_an_organizer_links_curriculum_and_slides_from_the_event_management(
    client, db, make_work, event_with_session
):  # noqa: ANN001
    from tests.conftest import login

    organizer, event, session, _ = event_with_session
    curriculum = make_work(title="Holistic security manual")
    slides = make_work(title="Slides on risk mapping")
    assert login(client, "lucia").status_code == 302

    overview = client.get(f"/events/{event.slug}/manage/").get_data(as_text=True)
    assert f"/library/events/{event.slug}" in overview
    page = client.get(f"/library/events/{event.slug}")
    assert page.status_code == 200
    assert "Risk mapping" in page.get_data(as_text=True)

    response = client.post(
        f"/library/events/{event.slug}",
        data={"work": f"http://localhost/library/{curriculum.id}", "role": "curriculum"},
    )
    assert response.status_code == 303
    response = client.post(
        f"/library/events/{event.slug}",
        data={"work": str(slides.id), "role": "slides", "session": str(session.id)},
    )
    assert response.status_code == 303
    assert sorted(uses(db), key=str) == sorted(
        [("curriculum", None), ("slides", session.id)], key=str
    )

    detail = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Holistic security manual" in detail and "Curriculum" in detail
    agenda_page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Slides on risk mapping" in agenda_page
    work_page = client.get(f"/library/{slides.id}").get_data(as_text=True)
    assert "Slides" in work_page and "Risk mapping" in work_page

    # The same link twice is refused, and so is removing it back from the same page.
    again = client.post(
        f"/library/events/{event.slug}", data={"work": str(curriculum.id), "role": "curriculum"}
    )
    assert again.status_code == 422
    assert "already linked there" in again.get_data(as_text=True)
    use = db.session.scalar(sa.select(WorkUse).where(WorkUse.role == "curriculum"))
    removed = client.post(f"/library/links/{use.id}/remove", data={"back": "event"})
    assert removed.status_code == 303
    assert removed.headers["Location"].endswith(f"/library/events/{event.slug}")
    assert uses(db) == [("slides", session.id)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"work": "", "role": "curriculum"}, "This field is required"),
        ({"work": "/library/editions/3/file", "role": "curriculum"}, "number or its address"),
        ({"work": "999999", "role": "curriculum"}, "no work with that number"),
        ({"work": "WORK", "role": "cited"}, "Choose one of the options offered"),
        ({"work": "WORK", "role": "slides", "session": ""}, "Choose the session"),
        ({"work": "WORK", "role": "handout", "session": "OTHER"}, "sessions offered"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, db, make_work, event_with_session, fields, message
):  # noqa: ANN001
    from tests.conftest import login

    _, event, _, other_session = event_with_session
    work = make_work(title="Manual")
    assert login(client, "lucia").status_code == 302
    data = {
        key: value.replace("WORK", str(work.id)).replace("OTHER", str(other_session.id))
        for key, value in fields.items()
    }
    response = client.post(f"/library/events/{event.slug}", data=data)
    assert response.status_code in (400, 422)
    page = response.get_data(as_text=True)
    if message == "This field is required":
        assert "required" in page.lower() or "Please fill" in page
    else:
        assert message in page
    assert uses(db) == []


def test_organizers_cannot_link_works_they_may_not_read(client, db, make_work, event_with_session):  # noqa: ANN001
    from tests.conftest import login

    _, event, _, _ = event_with_session
    other_event = create_event(3, [])
    hidden = make_work(title="Closed briefing", visibility="participants", event_id=other_event.id)
    assert login(client, "lucia").status_code == 302
    response = client.post(
        f"/library/events/{event.slug}", data={"work": str(hidden.id), "role": "curriculum"}
    )
    assert "no work with that number" in response.get_data(as_text=True)
    assert uses(db) == []


def test_only_the_events_organizers_and_curators_reach_the_page(
    client, db, make_user, event_with_session, login_as
):  # noqa: ANN001
    _, event, _, _ = event_with_session
    assert client.get(f"/library/events/{event.slug}").status_code in (302, 401, 403, 404)
    login_as("amina")
    assert client.get(f"/library/events/{event.slug}").status_code == 403
    assert (
        client.post(
            f"/library/events/{event.slug}", data={"work": "1", "role": "curriculum"}
        ).status_code
        == 403
    )
    assert uses(db) == []
