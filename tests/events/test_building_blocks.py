"""Time-zone conversion, slugs, language names and the timetable layout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from forum.dates import Clock, exists_locally, offset_label, to_local, to_utc
from forum.events import services
from forum.events.display import agenda_days
from forum.events.languages import language_choices, language_name
from forum.events.models import Event, Session, SessionText


def test_local_times_round_trip_through_utc():
    local = datetime(2027, 3, 10, 9, 0)
    assert to_utc(local, "America/Bogota") == datetime(2027, 3, 10, 14, 0)
    assert to_local(datetime(2027, 3, 10, 14, 0), "America/Bogota") == local
    assert to_utc(local, "Asia/Kathmandu") == datetime(2027, 3, 10, 3, 15)
    # Beirut is on summer time in July: UTC+3.
    assert to_utc(datetime(2027, 7, 1, 9, 0), "Asia/Beirut") == datetime(2027, 7, 1, 6, 0)


def test_skipped_wall_clock_times_are_recognised():
    assert exists_locally(datetime(2027, 3, 28, 1, 30), "Europe/Paris")
    assert not exists_locally(datetime(2027, 3, 28, 2, 30), "Europe/Paris")
    assert exists_locally(datetime(2027, 3, 28, 2, 30), "America/Bogota")


def test_offsets_are_labelled_the_same_in_every_language():
    assert offset_label(timedelta(hours=-5)) == "UTC−05:00"
    assert offset_label(timedelta(hours=5, minutes=45)) == "UTC+05:45"
    assert offset_label(timedelta(0)) == "UTC+00:00"


def test_the_clock_knows_when_the_viewers_time_differs():
    moment = datetime(2027, 3, 10, 14, 0)
    assert not Clock("America/Bogota", "America/Lima", "en").differs(moment)  # both UTC−5
    clock = Clock("America/Bogota", "Europe/Madrid", "es")
    assert clock.differs(moment)
    assert clock.time(moment) == "9:00" and clock.viewer_time(moment) == "15:00"
    assert clock.span(moment, moment + timedelta(days=1)) == "10–11 mar 2027"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Protección Colectiva 2027", "proteccion-colectiva-2027"),
        ("  Forum — Dakar / Thiès  ", "forum-dakar-thies"),
        ("ورشة الحماية الرقمية", ""),
        ("São Paulo: formação", "sao-paulo-formacao"),
        ("x" * 120, "x" * 80),
    ],
)
def test_slugify(title, slug):
    assert services.slugify(title) == slug


def test_unique_slug_counts_up(db, make_event):
    make_event(slug="forum")
    make_event(slug="forum-2")
    make_event(slug="forum-and-more")
    assert services.unique_slug("forum") == "forum-3"
    assert services.unique_slug("fresh") == "fresh"
    assert services.unique_slug("") == "event"


def test_language_names_come_in_the_viewers_language(app):
    with app.test_request_context():
        assert language_name("fr", "es") == "francés"
        assert language_name("sw", "ar") == "السواحلية"
        assert language_name("ils", "en") == "International Sign"
        codes = [code for code, _ in language_choices("en")]
        assert codes[:5] == ["en", "es", "fr", "pt", "ar"]
        assert "qu" in codes and len(codes) == len(set(codes))


def make(event: Event, title: str, hour: float, hours: float = 1, room: str = "") -> Session:
    starts_at = event.starts_at + timedelta(hours=hour)
    session = Session(
        id=int(hour * 100) + len(room),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        room=room,
        kind="panel",
        speakers=[],
        languages=[],
    )
    session.texts = [SessionText(locale="en", title=title)]
    return session


def test_timetable_groups_by_local_day_time_and_room(app):
    # 18:00 UTC on 10 March is still 10 March in Bogotá, but 11 March at 02:00 UTC is not.
    event = Event(starts_at=datetime(2027, 3, 10, 13, 0), default_locale="en")
    sessions = [
        make(event, "Welcome", 0),
        make(event, "Maps", 1, room="Sala 1"),
        make(event, "Law", 1, room="Sala 2"),
        make(event, "Care", 3, room=" sala 1"),  # the same room, typed differently
        make(event, "Late talk", 12, room="Sala 2"),  # 01:00 UTC next day, 20:00 Bogotá
        make(event, "Next day", 22, room="Sala 1"),
    ]
    with app.test_request_context():
        days = agenda_days(sessions, event, Clock("America/Bogota", "UTC", "en"))
    assert [day.day.isoformat() for day in days] == ["2027-03-10", "2027-03-11"]
    first = days[0]
    assert first.rooms == ["Sala 1", "Sala 2"]
    assert [row.span for row in first.rows] == [True, False, False, False]
    cells = [[[item.title for item in cell] for cell in row.cells] for row in first.rows]
    assert cells == [[["Welcome"]], [["Maps"], ["Law"]], [["Care"], []], [[], ["Late talk"]]]
    nbsp = "\u202f"  # CLDR puts a narrow no-break space before AM/PM
    times = [row.time.replace(nbsp, " ") for row in first.rows]
    assert times == ["8:00 AM", "9:00 AM", "11:00 AM", "8:00 PM"]
    maps = first.rows[1].cells[0][0]
    assert maps.times.replace(nbsp, " ") == "9:00 AM–10:00 AM"
    assert maps.viewer_times.replace(nbsp, " ") == "your time 2:00 PM–3:00 PM"
    assert days[1].rooms == ["Sala 1"]
