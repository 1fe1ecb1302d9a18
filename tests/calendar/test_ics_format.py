"""The hand-written iCalendar text: folding, escaping and zones, parsed back by icalendar."""

from __future__ import annotations

from datetime import datetime

from forum.events.exports.ics import CalendarEntry, calendar_bytes
from tests.calendar.conftest import parse


def entry(**overrides) -> CalendarEntry:
    values = {
        "uid": "convene-session-7@convene.test",
        "title": "Seguridad digital",
        "description": "",
        "starts_at": datetime(2026, 5, 12, 14, 0),
        "ends_at": datetime(2026, 5, 12, 15, 30),
        "timezone": "Asia/Beirut",
        "sequence": 2,
        "changed_at": datetime(2026, 4, 1, 9, 0),
    }
    values.update(overrides)
    return CalendarEntry(**values)


def test_long_lines_in_any_script_fold_within_75_octets_and_read_back_whole():
    arabic = "الحماية الجماعية للمدافعات عن حقوق الإنسان في المناطق الريفية " * 6
    text = "Protección colectiva — ñandú, “comillas”; y más\n" * 5 + arabic
    data = calendar_bytes([entry(description=text, location=arabic)], name="Agenda")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # never a character cut in two
    _, (vevent,), _ = parse(data)
    assert str(vevent["description"]) == text
    assert str(vevent["location"]) == arabic


def test_control_characters_are_dropped_and_lines_stay_lines():
    data = calendar_bytes([entry(title="A\x00B\x1b C\r\nD\rE\tF")], name="x")
    _, (vevent,), _ = parse(data)
    assert str(vevent["summary"]) == "AB C\nD\nE\tF"


def test_calendar_name_and_headers():
    calendar, _, zones = parse(calendar_bytes([entry()], name="Agenda: A, B; C"))
    assert str(calendar["x-wr-calname"]) == "Agenda: A, B; C"
    assert str(calendar["method"]) == "PUBLISH"
    assert [str(zone["tzid"]) for zone in zones] == ["Asia/Beirut"]


def test_stamp_and_last_modified_are_utc():
    data = calendar_bytes([entry()], name="x", stamp=datetime(2026, 4, 2, 8, 30))
    assert b"DTSTAMP:20260402T083000Z\r\n" in data
    assert b"LAST-MODIFIED:20260401T090000Z\r\n" in data
    assert b"DTSTART;TZID=Asia/Beirut:20260512T170000\r\n" in data


def test_an_empty_calendar_is_still_a_calendar():
    calendar, events, zones = parse(calendar_bytes([], name="Nothing yet"))
    assert events == [] and zones == []
    assert str(calendar["version"]) == "2.0"
