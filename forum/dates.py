"""Dates and times, in one place: stored as naive UTC, shown in the viewer's language.

Event times are entered and shown in the event's time zone (organizers type "09:00 in
Bogotá"); pages show the event's local time and, where it differs, the viewer's own.
`Clock` formats one event's times for a page; `DateLabels` formats the dates of posts and
notifications in the viewer's zone. Babel is slow (about 50 µs a date) and its answers
never change, so formatted values are remembered across requests: an agenda or a thread
repeats the same few hundred moments. `init_app` installs the template filters.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import cache, lru_cache
from typing import Any

import flask_babel
from babel import Locale
from babel import dates as babel_dates
from babel.dates import format_date, format_interval, format_time, get_timezone_location
from flask_babel import get_locale, get_timezone


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def to_utc(local: datetime, timezone: str) -> datetime:
    """Naive wall-clock time in `timezone` → naive UTC, the form stored."""
    return local.replace(tzinfo=zone(timezone)).astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime, timezone: str) -> datetime:
    """Naive UTC → naive wall-clock time in `timezone`, e.g. to refill a form."""
    return moment.replace(tzinfo=UTC).astimezone(zone(timezone)).replace(tzinfo=None)


def exists_locally(local: datetime, timezone: str) -> bool:
    """False for wall-clock times skipped when clocks go forward (they never happen)."""
    return to_local(to_utc(local, timezone), timezone) == local


def utc_offset(moment: datetime, timezone: str) -> timedelta:
    offset = moment.replace(tzinfo=UTC).astimezone(zone(timezone)).utcoffset()
    return offset or timedelta(0)


@cache
def timezone_label(timezone: str, locale: str) -> str:
    """A readable name for the zone, e.g. "Colombia Time" or "hora de Colombia"."""
    if timezone == "UTC":
        return "UTC"
    return get_timezone_location(zone(timezone), locale=locale)


def offset_label(offset: timedelta) -> str:
    """UTC+05:30 style, the same in every language."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


class Clock:
    """Formats a page's times in the event's zone and in the viewer's."""

    def __init__(self, event_timezone: str, viewer_timezone: str, locale: str) -> None:
        self.event_timezone = event_timezone
        self.viewer_timezone = viewer_timezone
        self.locale = locale
        self._differs: dict[datetime, bool] = {}

    def _local(self, moment: datetime, timezone: str) -> datetime:
        return moment.replace(tzinfo=UTC).astimezone(zone(timezone))

    def _format(self, kind: str, moment: datetime, timezone: str) -> str:
        return _formatted(kind, moment, timezone, self.locale)

    # In the event's zone.
    def time(self, moment: datetime) -> str:
        return self._format("time", moment, self.event_timezone)

    def date(self, moment: datetime) -> str:
        return self._format("date", moment, self.event_timezone)

    def datetime(self, moment: datetime) -> str:
        return self._format("datetime", moment, self.event_timezone)

    def local_date(self, moment: datetime) -> date:
        return self._local(moment, self.event_timezone).date()

    def day_heading(self, day: date) -> str:
        return _day_heading(day, self.locale)

    def span(self, start: datetime, end: datetime) -> str:
        """The dates a card shows, in the event's zone, e.g. "10–12 Mar 2027"."""
        return _date_span(self.local_date(start), self.local_date(end), self.locale)

    def range(self, start: datetime, end: datetime) -> str:
        """Start and end in the event's zone, e.g. "9:00–10:30"."""
        return f"{self.time(start)}–{self.time(end)}"

    def viewer_times(self, start: datetime, end: datetime) -> dict[str, str] | None:
        """Start and end in the viewer's zone, or None when their clock shows the same."""
        if not self.differs(start):
            return None
        return {"start": self.viewer_time(start), "end": self.viewer_time(end)}

    def stamp(self, moment: datetime) -> str:
        """Date and time in the event's zone, with the zone: "10 Mar 2027, 09:00 UTC−05:00"."""
        return f"{self.datetime(moment)} {zone_suffix(utc_offset(moment, self.event_timezone))}"

    def viewer_stamp(self, moment: datetime) -> str:
        """The same moment on the viewer's clock, with their zone."""
        offset = utc_offset(moment, self.viewer_timezone)
        return f"{self.viewer_datetime(moment)} {zone_suffix(offset)}"

    def zone_label(self, moment: datetime | None = None) -> str:
        name = timezone_label(self.event_timezone, self.locale)
        if moment is None:
            return name
        return f"{name} ({offset_label(utc_offset(moment, self.event_timezone))})"

    # In the viewer's zone.
    def differs(self, moment: datetime) -> bool:
        """Whether the viewer's clock shows another time than the event's at `moment`."""
        if self.viewer_timezone == self.event_timezone:
            return False
        answer = self._differs.get(moment)
        if answer is None:
            answer = utc_offset(moment, self.viewer_timezone) != utc_offset(
                moment, self.event_timezone
            )
            self._differs[moment] = answer
        return answer

    def viewer_time(self, moment: datetime) -> str:
        return self._format("time", moment, self.viewer_timezone)

    def viewer_datetime(self, moment: datetime) -> str:
        return self._format("datetime", moment, self.viewer_timezone)

    def viewer_zone_label(self) -> str:
        return timezone_label(self.viewer_timezone, self.locale)


@lru_cache(maxsize=16_384)
def _formatted(kind: str, moment: datetime, timezone: str, locale: str) -> str:
    """Babel formatting is slow and its answers never change: remember them across
    requests (an agenda shows the same few hundred moments again and again)."""
    local = moment.replace(tzinfo=UTC).astimezone(zone(timezone))
    if kind == "time":
        return format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
    if kind == "date":
        return format_date(local.date(), "full", locale=locale)
    day = format_date(local.date(), "medium", locale=locale)
    hour = format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
    return _datetime_pattern(locale).format(hour, day)


@cache
def _datetime_pattern(locale: str) -> str:
    """How the language joins a date and a time, e.g. "{1}, {0}" (Arabic uses "،")."""
    return str(Locale.parse(locale).datetime_formats["medium"])


@lru_cache(maxsize=4096)
def _day_heading(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


@lru_cache(maxsize=4096)
def _date_span(first: date, last: date, locale: str) -> str:
    if first == last:
        return format_date(first, "medium", locale=locale)
    return format_interval(first, last, "yMMMd", locale=locale)


def iso_utc(moment: datetime) -> str:
    """An unambiguous UTC instant, e.g. 2027-03-10T14:30:00Z: for `<time datetime>`,
    feeds and data exports."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_or_none(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment is not None else None


def short_datetime(moment: datetime | None) -> str:
    return DateLabels().short(moment) if moment is not None else ""


def zone_suffix(offset: timedelta) -> str:
    """The zone written after a time: "UTC", or "UTC+05:30" (the same in every language)."""
    return "UTC" if not offset else offset_label(offset)


# One convention for every date and time a page shows (DateLabels.short, the filters,
# Clock.stamp): the month written out, never M/D/YY, which readers across countries read
# differently; hours and minutes, no seconds; the zone after the time.
@lru_cache(maxsize=4096)
def _date_part(locale: str, day: date) -> str:
    return babel_dates.format_date(day, "medium", locale=locale)


@lru_cache(maxsize=8192)
def _time_part(locale: str, hour: int, minute: int) -> str:
    return babel_dates.format_time(clock(hour, minute), "short", locale=locale)


@lru_cache(maxsize=16)
def _glue(locale: str) -> str:
    return babel_dates.get_datetime_format("medium", locale=locale).replace("'", "")


class DateLabels:
    """Short local date-time labels for one request's locale and time zone."""

    def __init__(self, locale: str | None = None, timezone: Any = None) -> None:
        self.locale = locale or str(get_locale())
        self.timezone = timezone or get_timezone()

    def short(self, moment: datetime) -> str:
        local = moment.replace(tzinfo=UTC).astimezone(self.timezone)
        hour = _time_part(self.locale, local.hour, local.minute)
        suffix = zone_suffix(local.utcoffset() or timedelta(0))
        return (
            _glue(self.locale)
            .replace("{0}", f"{hour} {suffix}")
            .replace("{1}", _date_part(self.locale, local.date()))
        )


def datetime_local(moment: datetime | None, _fmt: str = "medium") -> str:
    """A stored moment in the viewer's zone, by the one convention (`_fmt` is ignored:
    a template asking for "short" gets no numeric date and no lost zone either)."""
    return short_datetime(moment)


def date_local(day: date | datetime | None, _fmt: str = "medium") -> str:
    """A date with its month written out ("short" would give 3/4/27: March or April?)."""
    if day is None:
        return ""
    return flask_babel.format_date(day, "long" if _fmt == "long" else "medium")


def init_app(app: Any) -> None:
    """Template filters formatting dates in the viewer's language and zone."""
    app.jinja_env.filters.update(
        iso_utc=iso_utc,
        short_datetime=short_datetime,
        datetime_local=datetime_local,
        date_local=date_local,
    )
