"""The desk's additions: a live count of arrivals, one person's badge reprinted, the
camera allowed on the desk page only, and the code under the QR code typed as printed."""

from __future__ import annotations

import sqlalchemy as sa

from forum.events.exports.badges.layouts import code_words
from forum.models import AuditEntry, Role
from tests.conftest import login
from tests.exports.helpers import pdf_pages_text, squash


def _desk(client, make_user):
    make_user("sofia", roles=[Role.STAFF], display_name="Sofía Staff")
    login(client, "sofia")
    return client


def test_arrivals_count_follows_check_ins(client, make_user, make_event, make_registration):
    desk = _desk(client, make_user)
    event = make_event("Regional protection forum")
    amina = make_registration(event, make_user("amina"), "approved", badge_name="Amina")
    make_registration(event, make_user("bilal"), "approved")
    make_registration(event, make_user("noor"), "pending")
    url = f"/events/{event.slug}/manage/check-in/arrivals.json"
    assert desk.get(url).get_json() == {
        "arrived": 0,
        "expected": 2,
        "text": "0 of 2 approved people have arrived.",
    }
    page = desk.get(f"/events/{event.slug}/manage/check-in").get_data(as_text=True)
    assert "0 of 2 approved people have arrived." in page
    # The code as printed under the QR code, groups and spaces included.
    desk.post(
        f"/events/{event.slug}/manage/check-in", data={"token": code_words(amina.checkin_token)}
    )
    assert desk.get(url).get_json()["arrived"] == 1
    page = desk.get(f"/events/{event.slug}/manage/check-in").get_data(as_text=True)
    assert "1 of 2 approved people have arrived." in page


def test_arrivals_count_is_translated(client, make_user, make_event):
    make_user("sofia", roles=[Role.STAFF], locale="ar")
    login(client, "sofia")
    event = make_event("Forum")
    page = client.get(f"/events/{event.slug}/manage/check-in").get_data(as_text=True)
    assert "من أصل" in page


def test_the_live_count_writes_numbers_the_readers_way(client, make_user, make_event, monkeypatch):
    """The script put the bare numbers in ("1234 sur 2000") where the page had written
    them in French ("1 234 sur 2 000"): it now puts in the server's sentence."""
    from forum.events.checkin import services

    make_user("sofia", roles=[Role.STAFF], locale="fr")
    login(client, "sofia")
    event = make_event("Forum")
    monkeypatch.setattr(services, "arrivals", lambda event: services.Arrivals(1234, 2000))
    page = client.get(f"/events/{event.slug}/manage/check-in").get_data(as_text=True)
    sentence = client.get(f"/events/{event.slug}/manage/check-in/arrivals.json").get_json()["text"]
    assert sentence.startswith("1\u202f234 ") and "2\u202f000" in sentence
    assert f'<strong data-arrivals-count aria-live="polite">{sentence}</strong>' in page


def test_camera_is_allowed_on_the_desk_only(client, make_user, make_event):
    desk = _desk(client, make_user)
    event = make_event("Forum")
    page = desk.get(f"/events/{event.slug}/manage/check-in")
    assert "camera=(self)" in page.headers["Permissions-Policy"]
    html = page.get_data(as_text=True)
    assert "/static/js/scan.js" in html and "data-camera" in html
    # The decoder is named for on-demand loading from our origin, not loaded with the page.
    assert '<script src="/static/js/vendor/jsQR.js' not in html
    assert 'data-decoder-src="/static/js/vendor/jsQR.js' in html
    assert "camera=()" in desk.get("/").headers["Permissions-Policy"]


def test_reprint_one_badge(client, db, make_user, make_event, make_registration):
    desk = _desk(client, make_user)
    event = make_event("Regional protection forum")
    amina = make_registration(event, make_user("amina"), "approved", badge_name="Amina Diallo")
    make_registration(event, make_user("bilal"), "approved", badge_name="Bilal Haddad")
    noor = make_registration(event, make_user("noor"), "pending", badge_name="Noor")
    search = desk.get(f"/events/{event.slug}/manage/check-in?q=amina").get_data(as_text=True)
    link = f"/events/{event.slug}/manage/badges/{amina.id}.pdf"
    assert link in search
    response = desk.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_pages_text(response.data)
    assert len(pages) == 1
    assert "Amina Diallo" in pages[0] and "Bilal" not in pages[0]
    assert squash(amina.checkin_token) in squash(pages[0])
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "badges.export")
    ).one()
    assert entry.detail == "layout=a6 count=1"
    # A pending registration has no badge; another event's id is unknown here.
    assert desk.get(f"/events/{event.slug}/manage/badges/{noor.id}.pdf").status_code == 404
    assert desk.get(f"/events/{event.slug}/manage/badges/999999.pdf").status_code == 404
