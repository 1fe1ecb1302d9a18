"""iCalendar output parsed back: the properties calendar apps rely on."""

from datetime import datetime

from icalendar import Calendar

from forum.events.exports.ics import CalendarEntry, calendar_bytes


def entry(**overrides):
    values = {
        "uid": "session-7@convene.test",
        "title": "Seguridad digital",
        "description": "Taller práctico",
        "starts_at": datetime(2026, 5, 12, 14, 0),  # naive UTC
        "ends_at": datetime(2026, 5, 12, 15, 30),
        "timezone": "America/Bogota",
        "sequence": 3,
        "changed_at": datetime(2026, 4, 1, 9, 0),
    }
    values.update(overrides)
    return CalendarEntry(**values)


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT")), list(calendar.walk("VTIMEZONE"))


def test_event_properties_survive_a_round_trip():
    calendar, events, zones = parse(calendar_bytes([entry(location="Sala 2")], name="Agenda"))
    (vevent,) = events
    assert str(vevent["uid"]) == "session-7@convene.test"
    start = vevent.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "America/Bogota"
    assert (start.hour, start.minute) == (9, 0)  # 14:00 UTC is 09:00 in Bogotá
    assert vevent["dtstart"].params["TZID"] == "America/Bogota"
    assert vevent.decoded("dtend").hour == 10
    assert [str(z["tzid"]) for z in zones] == ["America/Bogota"]
    assert int(vevent["sequence"]) == 3
    assert str(vevent["summary"]) == "Seguridad digital"
    assert str(vevent["description"]) == "Taller práctico"
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["location"]) == "Sala 2"
    assert "dtstamp" in vevent


def test_cancelled_entries_stay_in_the_feed_marked_cancelled():
    _, events, _ = parse(calendar_bytes([entry(cancelled=True)], name="Agenda"))
    assert str(events[0]["status"]) == "CANCELLED"


def test_no_location_property_when_the_caller_withholds_it():
    data = calendar_bytes([entry(location=None)], name="Agenda")
    assert b"LOCATION" not in data


def test_one_timezone_block_per_zone_used():
    data = calendar_bytes(
        [entry(), entry(uid="b", timezone="Africa/Dakar"), entry(uid="c")], name="Feed"
    )
    _, events, zones = parse(data)
    assert len(events) == 3
    assert sorted(str(z["tzid"]) for z in zones) == ["Africa/Dakar", "America/Bogota"]


def test_text_is_escaped_not_interpreted():
    _, events, _ = parse(calendar_bytes([entry(title="A; B, C\nD")], name="x"))
    assert str(events[0]["summary"]) == "A; B, C\nD"


def test_zones_with_zero_offset_keep_their_tzid():
    _, events, zones = parse(calendar_bytes([entry(timezone="Europe/London")], name="x"))
    assert events[0]["dtstart"].params["TZID"] == "Europe/London"
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
    assert events[0].decoded("dtstart").hour == 15  # BST in May


def test_utc_events_use_utc_times_without_a_timezone_block():
    data = calendar_bytes([entry(timezone="UTC")], name="x")
    assert b"DTSTART:20260512T140000Z" in data and b"VTIMEZONE" not in data
