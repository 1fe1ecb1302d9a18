"""The three iCalendar downloads of an event, parsed back as a calendar app would."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.events import agenda
from forum.events.services import SessionData, SessionTextData
from forum.models import Role
from tests.calendar.conftest import parse
from tests.conftest import login, make_app
from tests.events.conftest import ADDRESS, ONLINE, VENUE


@pytest.fixture
def bilingual(make_event, make_session):
    """A published seminar in Bogotá with two sessions written in English and Spanish."""
    event = make_event(
        "Collective protection", texts={"en": "Collective protection", "es": "Protección colectiva"}
    )
    first = make_session(
        event,
        texts={"en": "Mapping risks", "es": "Mapa de riesgos"},
        start_hours=1,
        room="Sala Magdalena",
        speakers=["Doña Rosa"],
    )
    second = make_session(event, texts={"en": "Closing plenary"}, start_hours=3)
    return event, first, second


def test_agenda_download_is_a_calendar_with_a_sensible_name(client, bilingual):
    event, first, second = bilingual
    response = client.get(f"/events/{event.slug}/agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}-agenda.ics"' in response.headers["Content-Disposition"]
    calendar, events, zones = parse(response.data)
    assert len(events) == 2
    assert str(calendar["version"]) == "2.0"


def test_each_entry_has_stable_uid_local_times_and_a_matching_timezone(client, bilingual):
    event, first, _ = bilingual
    once = parse(client.get(f"/events/{event.slug}/agenda.ics").data)
    again = parse(client.get(f"/events/{event.slug}/agenda.ics").data)
    assert [str(e["uid"]) for e in once[1]] == [str(e["uid"]) for e in again[1]]
    assert len({str(e["uid"]) for e in once[1]}) == 2
    vevent = once[1][0]
    assert vevent["dtstart"].params["TZID"] == "America/Bogota"
    assert vevent["dtend"].params["TZID"] == "America/Bogota"
    assert [str(zone["tzid"]) for zone in once[2]] == ["America/Bogota"]
    # Bogotá is UTC-5 all year: the stored UTC start shows five hours earlier.
    local_start = vevent.decoded("dtstart").replace(tzinfo=None)
    assert local_start == first.starts_at - timedelta(hours=5)
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == timedelta(hours=1)
    assert "dtstamp" in vevent
    assert str(vevent["status"]) == "CONFIRMED"


def test_text_in_the_language_asked_for_and_fallback_to_the_events_language(client, bilingual):
    event, _, _ = bilingual
    _, spanish, _ = parse(client.get(f"/events/{event.slug}/agenda.ics?lang=es").data)
    assert [str(e["summary"]) for e in spanish] == ["Mapa de riesgos", "Closing plenary"]
    assert "Ponentes: Doña Rosa" in str(spanish[0]["description"])
    _, french, _ = parse(client.get(f"/events/{event.slug}/agenda.ics?lang=fr").data)
    assert str(french[0]["summary"]) == "Mapping risks"  # no French text: the event's own
    _, unknown, _ = parse(
        client.get(
            f"/events/{event.slug}/agenda.ics?lang=xx", headers={"Accept-Language": "es"}
        ).data
    )
    assert str(unknown[0]["summary"]) == "Mapa de riesgos"  # like the page: the reader's


def test_editing_a_session_raises_its_sequence(client, db, bilingual):
    event, first, _ = bilingual
    before = parse(client.get(f"/events/{event.slug}/sessions/{first.id}.ics").data)[1][0]
    agenda.update_session(
        first,
        SessionData(
            texts={"en": SessionTextData(title="Mapping risks, moved")},
            starts_at=first.starts_at + timedelta(hours=1),
            ends_at=first.ends_at + timedelta(hours=1),
            room=first.room,
        ),
    )
    db.session.commit()
    after = parse(client.get(f"/events/{event.slug}/sessions/{first.id}.ics").data)[1][0]
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["summary"]) == "Mapping risks, moved"


def test_cancelled_sessions_stay_in_the_agenda_marked_cancelled(client, db, bilingual):
    event, first, second = bilingual
    agenda.cancel_session(second)
    db.session.commit()
    _, events, _ = parse(client.get(f"/events/{event.slug}/agenda.ics").data)
    statuses = {str(e["uid"]): str(e["status"]) for e in events}
    assert sorted(statuses.values()) == ["CANCELLED", "CONFIRMED"]
    cancelled = next(e for e in events if str(e["status"]) == "CANCELLED")
    assert f"session-{second.id}@" in str(cancelled["uid"])


def test_single_session_download(client, bilingual, make_event, make_session):
    event, first, _ = bilingual
    response = client.get(f"/events/{event.slug}/sessions/{first.id}.ics?lang=es")
    assert response.status_code == 200
    assert (
        f'filename="{event.slug}-session-{first.id}.ics"' in response.headers["Content-Disposition"]
    )
    _, events, _ = parse(response.data)
    assert [str(e["summary"]) for e in events] == ["Mapa de riesgos"]
    other = make_session(make_event("Another event"), "Elsewhere")
    assert client.get(f"/events/{event.slug}/sessions/{other.id}.ics").status_code == 404
    assert client.get(f"/events/{event.slug}/sessions/999999.ics").status_code == 404


def test_event_download(client, db, bilingual):
    event, _, _ = bilingual
    response = client.get(f"/events/{event.slug}/event.ics?lang=es")
    assert response.status_code == 200
    assert f'filename="{event.slug}.ics"' in response.headers["Content-Disposition"]
    _, events, zones = parse(response.data)
    (vevent,) = events
    assert str(vevent["summary"]) == "Protección colectiva"
    assert vevent.decoded("dtstart").replace(tzinfo=None) == event.starts_at - timedelta(hours=5)
    assert [str(zone["tzid"]) for zone in zones] == ["America/Bogota"]
    assert str(vevent["location"]) == f"{VENUE}, {ADDRESS}"  # not confidential: for all


def test_cancelled_event_is_cancelled_in_every_download(client, db, bilingual, organizer):
    from forum.events import services

    event, _, _ = bilingual
    before = parse(client.get(f"/events/{event.slug}/agenda.ics").data)[1]
    services.cancel_event(organizer, event)
    db.session.commit()
    _, sessions, _ = parse(client.get(f"/events/{event.slug}/agenda.ics").data)
    assert {str(e["status"]) for e in sessions} == {"CANCELLED"}
    assert [int(e["sequence"]) for e in sessions] > [int(e["sequence"]) for e in before]
    _, (whole,), _ = parse(client.get(f"/events/{event.slug}/event.ics").data)
    assert str(whole["status"]) == "CANCELLED"


def test_drafts_and_unknown_events_are_not_found(client, make_event, make_session):
    draft = make_event("Quiet planning", status="draft")
    session = make_session(draft, "Closed door")
    for path in (
        f"/events/{draft.slug}/agenda.ics",
        f"/events/{draft.slug}/event.ics",
        f"/events/{draft.slug}/sessions/{session.id}.ics",
        "/events/no-such-event/agenda.ics",
    ):
        assert client.get(path).status_code == 404, path


# --- confidential venues -------------------------------------------------------------------


@pytest.fixture
def hidden_venue(make_event, make_session):
    event = make_event("Safe house meeting", confidential=True, online_url=ONLINE)
    session = make_session(event, "Closed session", room="Room 2")
    return event, session


def _paths(event, session) -> list[str]:
    return [
        f"/events/{event.slug}/agenda.ics",
        f"/events/{event.slug}/event.ics",
        f"/events/{event.slug}/sessions/{session.id}.ics",
    ]


def _assert_withheld(client, event, session) -> None:
    for path in _paths(event, session):
        response = client.get(path)
        assert response.status_code == 200, path
        for secret in (VENUE, ADDRESS, ONLINE, "Calle 45"):
            assert secret.encode() not in response.data, (path, secret)
        assert b"LOCATION" not in response.data, path


def _assert_revealed(client, event, session) -> None:
    for path in _paths(event, session):
        response = client.get(path)
        _, events, _ = parse(response.data)
        assert VENUE in str(events[0]["location"]), path
        assert ONLINE in str(events[0]["description"]), path
        # A copy with a confidential venue must not be kept by any shared cache.
        assert "no-store" in response.headers["Cache-Control"], path


def test_confidential_venue_absent_for_anonymous_visitors(client, hidden_venue):
    _assert_withheld(client, *hidden_venue)


def test_confidential_venue_absent_for_members_not_approved(
    client, make_user, make_registration, hidden_venue
):
    event, session = hidden_venue
    for status in ("pending", "waitlisted", "declined", "cancelled"):
        user = make_user(f"member-{status}")
        make_registration(event, user, status)
        login(client, user.username)
        _assert_withheld(client, event, session)
        client.post("/auth/logout")


def test_confidential_venue_shown_to_approved_participants_and_the_team(
    client, app, make_user, make_registration, hidden_venue
):
    event, session = hidden_venue
    member = make_user("amina")
    make_registration(event, member, "approved")
    login(client, "amina")
    _assert_revealed(client, event, session)
    staff_client = app.test_client()
    make_user("sofia", roles=[Role.STAFF])
    login(staff_client, "sofia")
    _assert_revealed(staff_client, event, session)


def test_public_venue_copies_may_be_revalidated_by_caches(client, bilingual):
    event, _, _ = bilingual
    response = client.get(f"/events/{event.slug}/agenda.ics")
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_anonymous_page_cache_never_keeps_a_calendar(
    app, database_url, tmp_path, make_user, make_registration, hidden_venue
):
    """An approved member's copy (with the venue) must never reach the next visitor."""
    event, session = hidden_venue
    cached = make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="30")
    member = make_user("amina")
    make_registration(event, member, "approved")
    reader = cached.test_client()
    login(reader, "amina")
    assert VENUE.encode() in reader.get(f"/events/{event.slug}/agenda.ics").data
    stranger = cached.test_client()
    assert VENUE.encode() not in stranger.get(f"/events/{event.slug}/agenda.ics").data
    with cached.app_context():
        assert len(cached.extensions["forum_page_cache"]) == 0


def test_event_and_agenda_pages_link_to_the_downloads(client, bilingual):
    event, _, _ = bilingual
    detail = client.get(f"/events/{event.slug}/", headers={"Accept-Language": "es"})
    html = detail.get_data(as_text=True)
    assert f"/events/{event.slug}/event.ics?lang=es" in html
    assert f"/events/{event.slug}/agenda.ics?lang=es" in html
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert f"/events/{event.slug}/agenda.ics?lang=en" in page


def test_agenda_download_costs_the_same_queries_for_few_or_many_sessions(
    client, make_event, make_session, count_queries
):
    event = make_event("Long conference", confidential=True)
    url = f"/events/{event.slug}/agenda.ics"
    counts = []
    for batch in range(3):
        for hour in range(10):
            make_session(
                event,
                texts={"en": f"S{batch}-{hour}", "es": f"E{batch}-{hour}"},
                start_hours=hour * 3 + batch,
            )
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts == [counts[0]] * 3
    assert counts[0] <= 3  # the event with texts and organizers; sessions; their texts


def test_editing_the_event_raises_the_sequence_of_event_ics(client, db, bilingual, organizer):
    from forum.events import services
    from forum.events.services import EventData, EventTextData

    event, _, _ = bilingual
    before = parse(client.get(f"/events/{event.slug}/event.ics").data)[1][0]
    services.update_event(
        organizer,
        event,
        EventData(
            kind=event.kind,
            default_locale="en",
            texts={"en": EventTextData(title="Collective protection, renamed")},
            timezone=event.timezone,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue_name=event.venue_name,
            venue_address=event.venue_address,
            city=event.city,
            country=event.country,
        ),
    )
    db.session.commit()
    after = parse(client.get(f"/events/{event.slug}/event.ics").data)[1][0]
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["summary"]) == "Collective protection, renamed"
    assert str(after["uid"]) == str(before["uid"])
