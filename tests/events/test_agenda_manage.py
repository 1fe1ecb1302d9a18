"""Organizers build the agenda: sessions, their order, cancellations — and the rules."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from forum.events.models import Session
from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login
from tests.events.conftest import session_form

# The event runs 10–11 March 2027, 09:00–17:00 in Bogotá (14:00 UTC on day one).
EVENT_START = datetime(2027, 3, 10, 14, 0)


@pytest.fixture
def event(make_event):
    return make_event(
        texts={"en": "Collective protection", "es": "Protección colectiva"},
        starts_at=EVENT_START,
        hours=32,
    )


@pytest.fixture
def signed_in(client, event):
    login(client, "lucia")
    return client


def new_session_url(event) -> str:
    return f"/events/{event.slug}/manage/sessions/new"


def count_sessions(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Session))


def test_an_organizer_adds_a_session_in_the_events_timezone(signed_in, db, event):
    page = signed_in.get(new_session_url(event))
    assert page.status_code == 200
    assert "Colombia Time (UTC−05:00)" in page.get_data(as_text=True)
    assert_private_page(page.get_data(as_text=True))

    response = signed_in.post(new_session_url(event), data=session_form())
    assert response.status_code == 303
    session = db.session.scalar(sa.select(Session))
    assert session.starts_at == datetime(2027, 3, 10, 15, 0)  # 10:00 in Bogotá
    assert session.ends_at == datetime(2027, 3, 10, 16, 30)
    assert session.speakers == ["Doña Rosa", "J. P."]
    assert session.languages == ["es"]
    assert session.room == "Sala Magdalena"
    assert session.sequence == 0
    assert {text.locale for text in session.texts} == {"en", "es"}

    agenda = signed_in.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Mapping risks with the community" in agenda
    assert "Doña Rosa" in agenda


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2027-03-10T09:30"}, "The end must come after the start."),
        ({"starts_at": "2027-03-09T16:00", "ends_at": "2027-03-09T17:00"}, "within the event"),
        ({"starts_at": "2027-03-11T17:00", "ends_at": "2027-03-11T18:00"}, "within the event"),
        ({"starts_at": "tomorrow"}, "Enter a date and time, for example 2027-03-10 09:30."),
        # White space is no time: it once passed as present and crashed the save (500).
        ({"ends_at": " "}, "This field is required."),
        ({"starts_at": "\t"}, "This field is required."),
        ({"text_en-title": "", "text_es-title": ""}, "Give the session a title in at least one"),
        ({"text_en-title": "x" * 201}, "Use at most 200 characters."),
        ({"room": "x" * 101}, "Use at most 100 characters."),
        ({"speakers": "\n".join(f"Speaker {n}" for n in range(31))}, "List at most 30 speakers."),
        ({"speakers": "x" * 101}, "Each name may have at most 100 characters."),
        ({"kind": "party"}, "Choose one of the kinds offered."),
        ({"languages": ["xx"]}, "Choose only from the options offered."),
        ({"languages": ["es\x00"]}, "Choose only from the options offered."),
        (
            {"text_en-title": "", "text_en-description": "Orphan text"},
            "Give a title in this language, or leave its description empty.",
        ),
    ],
)
def test_bad_sessions_are_refused_and_nothing_saved(signed_in, db, event, overrides, message):
    response = signed_in.post(new_session_url(event), data=session_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert count_sessions(db) == 0


def test_two_sessions_cannot_share_a_room_at_the_same_time(signed_in, db, event):
    assert signed_in.post(new_session_url(event), data=session_form()).status_code == 303
    overlapping = session_form(
        starts_at="2027-03-10T11:00",
        ends_at="2027-03-10T12:00",
        room="  sala magdalena ",  # the same room, however it is typed
        **{"text_en-title": "Legal defence clinic", "text_es-title": ""},
    )
    response = signed_in.post(new_session_url(event), data=overlapping)
    assert response.status_code == 422
    assert "is already booked at that time for “Mapping risks with the community”" in (
        response.get_data(as_text=True)
    )
    assert count_sessions(db) == 1

    # Back to back is fine, and so is another room at the same time.
    for data in (
        session_form(starts_at="2027-03-10T11:30", ends_at="2027-03-10T12:30"),
        session_form(room="Sala Orinoco"),
        session_form(room=""),  # a whole-event item holds no room
    ):
        assert signed_in.post(new_session_url(event), data=data).status_code == 303
    assert count_sessions(db) == 4


def test_cancelled_sessions_free_their_room_and_stay_on_the_agenda(
    signed_in, db, event, make_session
):
    first = make_session(event, "Safe houses: what worked", start_hours=1, room="Sala 1")
    cancel = f"/events/{event.slug}/manage/sessions/{first.id}/cancel"
    assert signed_in.post(cancel).status_code == 303
    db.session.refresh(first)
    assert first.cancelled_at is not None and first.sequence == 1

    replacement = session_form(
        starts_at="2027-03-10T10:00", ends_at="2027-03-10T11:00", room="Sala 1"
    )
    assert signed_in.post(new_session_url(event), data=replacement).status_code == 303

    agenda = signed_in.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Safe houses: what worked" in agenda
    cancelled_block = agenda.split(f'id="session-{first.id}"', 1)[1].split("</article>", 1)[0]
    assert "Session cancelled" in cancelled_block and "is-cancelled" in agenda

    # Restoring would now double-book Sala 1: refused, with the reason.
    restore = f"/events/{event.slug}/manage/sessions/{first.id}/restore"
    response = signed_in.post(restore, follow_redirects=True)
    assert "Sala 1 is already booked at that time" in response.get_data(as_text=True)
    db.session.refresh(first)
    assert first.cancelled_at is not None

    assert signed_in.post(cancel).status_code == 303  # twice: refused politely
    db.session.refresh(first)
    assert first.sequence == 1


def test_every_edit_increments_the_sequence(signed_in, db, event, make_session):
    session = make_session(event, start_hours=1, room="Sala 1")
    url = f"/events/{event.slug}/manage/sessions/{session.id}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    assert 'value="2027-03-10T10:00"' in page  # back in Bogotá time
    for title in ("First fix", "Second fix"):
        data = session_form(
            starts_at="2027-03-10T10:00",
            ends_at="2027-03-10T11:00",
            room="Sala 1",  # its own room: no clash with itself
            **{"text_en-title": title, "text_es-title": ""},
        )
        assert signed_in.post(url, data=data).status_code == 303
    db.session.refresh(session)
    assert session.sequence == 2
    assert session.text_for("en", "en").title == "Second fix"


def test_an_edit_with_a_blank_end_is_refused_and_changes_nothing(
    signed_in, db, event, make_session
):
    session = make_session(event, start_hours=1, room="Sala 1")
    url = f"/events/{event.slug}/manage/sessions/{session.id}/edit"
    data = session_form(
        starts_at="2027-03-10T10:00", ends_at=" ", **{"text_en-title": "Moved", "text_es-title": ""}
    )
    response = signed_in.post(url, data=data)
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.sequence == 0
    assert session.text_for("en", "en").title != "Moved"


def test_parallel_sessions_move_up_and_down(signed_in, db, event, make_session):
    a = make_session(event, "A", start_hours=1, room="Sala 1")
    b = make_session(event, "B", start_hours=1, room="Sala 2")
    c = make_session(event, "C", start_hours=3, room="Sala 1")

    def order() -> list[str]:
        db.session.expire_all()
        rows = db.session.scalars(
            sa.select(Session).order_by(Session.starts_at, Session.position, Session.id)
        )
        return [row.text_for("en", "en").title for row in rows]

    move = f"/events/{event.slug}/manage/sessions/{{}}/move"
    assert signed_in.post(move.format(b.id), data={"direction": "up"}).status_code == 303
    assert order() == ["B", "A", "C"]
    assert (a.sequence, b.sequence, c.sequence) == (1, 1, 0)

    # C has no parallel session: it cannot move, and nothing changes.
    response = signed_in.post(move.format(c.id), data={"direction": "up"}, follow_redirects=True)
    assert "This session cannot move further that way." in response.get_data(as_text=True)
    assert order() == ["B", "A", "C"]
    assert signed_in.post(move.format(b.id), data={"direction": "sideways"}).status_code == 400

    # The first room column follows the order.
    agenda = signed_in.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    head = agenda.split('class="tt-row tt-head"', 1)[1].split("</div>", 1)[0]
    assert head.index("Sala 2") < head.index("Sala 1")


def test_staff_and_other_organizers_cannot_touch_the_agenda(
    client, db, event, make_session, make_user
):
    session = make_session(event, room="Sala 1")
    make_user("staffer", roles=[Role.STAFF])
    make_user("other", roles=[Role.ORGANIZER])
    for name in ("staffer", "other"):
        login(client, name)
        assert client.get(new_session_url(event)).status_code == 403
        assert client.post(new_session_url(event), data=session_form()).status_code == 403
        base = f"/events/{event.slug}/manage/sessions/{session.id}"
        assert client.post(base + "/cancel").status_code == 403
        assert client.post(base + "/move", data={"direction": "up"}).status_code == 403
        assert client.post(base + "/edit", data=session_form()).status_code == 403
        client.post("/auth/logout")
    db.session.refresh(session)
    assert session.cancelled_at is None and session.sequence == 0


def test_a_session_of_another_event_is_not_found(signed_in, db, event, make_event, make_session):
    elsewhere = make_event("Elsewhere")
    session = make_session(elsewhere)
    url = f"/events/{event.slug}/manage/sessions/{session.id}/edit"
    assert signed_in.get(url).status_code == 404
    assert signed_in.post(f"/events/{event.slug}/manage/sessions/999/cancel").status_code == 404
    assert signed_in.get(f"/events/{event.slug}/manage/sessions/abc/edit").status_code == 404
