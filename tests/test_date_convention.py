"""One convention for dates and times: month written out, no seconds, the zone after the
time; event times in the event's zone with the viewer's own beside them; the registration
deadline said once."""

from __future__ import annotations

import re
from datetime import datetime

from forum.models import Role
from forum.security import audit
from tests.registration.factories import create_event

SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
TAG = re.compile(r"<[^>]*>")


def _text(page: str) -> str:
    """What a reader sees (machine-readable datetime attributes keep their seconds)."""
    return TAG.sub(" ", page)


def test_event_deadline_once_in_the_events_zone_with_mine_beside(client, db, login_as, make_user):
    viewer = login_as("amina", timezone="Europe/Paris")
    organizer = make_user("olu", roles=[Role.ORGANIZER])
    event = create_event(
        1,
        [organizer],
        timezone="America/Bogota",
        registration_closes_at=datetime(2031, 3, 1, 14, 0),  # stored UTC: 09:00 in Bogotá
        starts_at=datetime(2031, 3, 10, 14, 0),
    )
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert page.count("Closes ") == 1
    assert "Registration closes on" not in page
    assert "Closes Mar 1, 2031, 9:00\u202fAM UTC−05:00" in page
    assert "your time: Mar 1, 2031, 3:00\u202fPM UTC+01:00" in page
    assert not SECONDS.search(_text(page)) and not NUMERIC_DATE.search(_text(page))
    del viewer


def test_audit_pages_show_no_seconds_and_the_zone(client, db, login_as) -> None:
    admin = login_as("ada", Role.ADMIN, timezone="Asia/Kolkata")
    audit(admin, "role.grant", target_type="user", target_id=admin.id)
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "UTC+05:30" in page
    assert not SECONDS.search(_text(page)) and not NUMERIC_DATE.search(_text(page))


def test_thread_lists_write_the_month_out(client, db, login_as) -> None:
    from forum.dates import DateLabels

    labels = DateLabels(locale="en", timezone=__import__("zoneinfo").ZoneInfo("UTC"))
    assert labels.short(datetime(2027, 3, 4, 9, 5)) == "Mar 4, 2027, 9:05\u202fAM UTC"
    fr = DateLabels(locale="fr", timezone=__import__("zoneinfo").ZoneInfo("America/Bogota"))
    assert fr.short(datetime(2027, 3, 4, 14, 5)) == "4 mars 2027, 09:05 UTC−05:00"
