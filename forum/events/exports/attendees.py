"""The attendee list as CSV: rows in, bytes out.

Rows arrive already limited to what the viewer may see (see `services.attendee_rows`);
this module only writes them, defusing every cell so a spreadsheet never runs a name
that starts with "=" as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from forum.downloads import csv_bytes, defuse


@dataclass(frozen=True)
class AttendeeRow:
    """One approved person, as the team may see them; `profile` holds shown fields only."""

    registration_id: int
    display_name: str
    badge_name: str
    role: str
    language: str
    checked_in: str
    profile: dict[str, str] = field(default_factory=dict)
    #: Answers to the questions asked for, keyed "q<question id>", as a person reads them.
    answers: dict[str, str] = field(default_factory=dict)

    def cell(self, key: str) -> str:
        if key in self.profile:
            return self.profile[key]
        if key in self.answers:
            return self.answers[key]
        value = getattr(self, key, "")
        return "" if value is None or isinstance(value, dict) else str(value)


def attendees_to_csv(columns: Sequence[tuple[str, str]], rows: Iterable[AttendeeRow]) -> bytes:
    """CSV with a heading row; UTF-8 with a byte-order mark for spreadsheet programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([defuse(heading) for _, heading in columns])
    for row in rows:
        writer.writerow([defuse(row.cell(key)) for key, _ in columns])
    return csv_bytes(buffer.getvalue())
