"""The reviewers' CSV: anonymous proposals in, bytes out (no column for a person)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from forum.downloads import csv_bytes, defuse
from forum.proposals.queries import AnonymousProposal

COLUMNS = (
    "id",
    "title",
    "abstract",
    "format",
    "language",
    "track",
    "status",
    "speaker_count",
    "average",
    "reviews",
)


def proposals_to_csv(rows: Iterable[AnonymousProposal], headings: Mapping[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([defuse(headings[key]) for key in COLUMNS])
    for row in rows:
        writer.writerow(
            [defuse("" if getattr(row, key) is None else str(getattr(row, key))) for key in COLUMNS]
        )
    return csv_bytes(buffer.getvalue())
