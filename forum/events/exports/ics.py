"""iCalendar (RFC 5545) for agendas, single sessions, events and personal feeds.

Pure functions: `CalendarEntry` values in, bytes out. What an entry may contain — the
language of its text, whether it carries a location — is decided by the caller, which
asks `forum.security` first; nothing here knows who is looking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDatetime
from icalendar import Event as VEvent

PRODUCT_ID = "-//Convene//Convene agenda//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. Times are naive UTC as stored; `timezone` is the IANA zone to show."""

    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    sequence: int
    changed_at: datetime
    cancelled: bool = False
    location: str | None = None
    url: str | None = None


def _local_time(moment: datetime, timezone: str) -> vDatetime:
    """Wall-clock time in `timezone` with an explicit TZID.

    icalendar would write zones with a zero offset (Africa/Dakar, Europe/London in
    winter) as UTC; calendar apps then lose the zone, so the TZID is set by hand.
    """
    if timezone == "UTC":
        return vDatetime(moment.replace(tzinfo=UTC))
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    value = vDatetime(local)
    value.params["TZID"] = timezone
    return value


def _vevent(entry: CalendarEntry, stamp: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", entry.changed_at.replace(tzinfo=UTC))
    vevent["dtstart"] = _local_time(entry.starts_at, entry.timezone)
    vevent["dtend"] = _local_time(entry.ends_at, entry.timezone)
    vevent.add("summary", entry.title)
    if entry.description:
        vevent.add("description", entry.description)
    vevent.add("sequence", entry.sequence)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.location:
        vevent.add("location", entry.location)
    if entry.url:
        vevent.add("url", entry.url)
    return vevent


def calendar_bytes(
    entries: Iterable[CalendarEntry], *, name: str, stamp: datetime | None = None
) -> bytes:
    """A VCALENDAR with one VEVENT per entry and a VTIMEZONE for every zone used."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    now = stamp.replace(tzinfo=UTC) if stamp else datetime.now(UTC)
    for entry in entries:
        calendar.add_component(_vevent(entry, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
