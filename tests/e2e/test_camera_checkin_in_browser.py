"""In a real browser: the desk scans a badge with the camera.

Chromium is started with a fake camera that plays a video of the badge's QR code
(`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file.y4m>`), so
the whole path runs as on a phone: the permission, getUserMedia, reading frames, the
decoder, the JSON check-in and the live count. Debian's Chromium has no BarcodeDetector
on Linux, so this exercises the vendored jsQR decoder served from our origin; a browser
with BarcodeDetector takes the same path after the decoding step.
"""

from __future__ import annotations

from playwright.sync_api import expect

from forum.events.registration.models import Registration
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.camera import browser_with_camera, qr_video
from tests.e2e.conftest import VIEWPORTS, browser_login
from tests.registration.factories import create_event


def test_scanning_a_badge_with_the_camera(
    live_server, browser, screenshot, db, make_user, tmp_path
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER])
    event = create_event(1, organizers=[organizer], title="Protection forum")
    amina = Registration(
        event_id=event.id,
        user_id=make_user("amina").id,
        status="approved",
        badge_name="Amina Diallo",
    )
    db.session.add(amina)
    db.session.commit()
    make_user("sofia", roles=[Role.STAFF])
    video = qr_video(amina.checkin_token, tmp_path / "badge.y4m")

    with browser_with_camera(browser, video) as camera_browser:
        context = camera_browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
        context.set_default_timeout(20_000)
        context.grant_permissions(["camera"], origin=live_server)
        page = context.new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(live_server) else outside.append(request.url)
            ),
        )
        browser_login(page, live_server, "sofia", PASSWORD)
        page.goto(f"{live_server}/events/{event.slug}/manage/check-in")
        count = page.locator("[data-arrivals-count]")
        expect(count).to_have_text("0 of 1 approved people have arrived.")
        native = page.evaluate("'BarcodeDetector' in window")

        start = page.get_by_role("button", name="Scan with the camera")
        start.click()
        expect(start).to_be_hidden()
        expect(page.locator("video.checkin-video")).to_be_visible()
        result = page.locator("[data-checkin-result]")
        expect(result).to_contain_text("Checked in. Welcome!")
        expect(result).to_contain_text("Amina Diallo")
        expect(count).to_have_text("1 of 1 approved people have arrived.")
        screenshot(page, "checkin-desk-camera")
        page.get_by_role("button", name="Stop the camera").click()
        expect(start).to_be_visible()
        expect(page.locator("video.checkin-video")).to_be_hidden()
        if not native:
            assert page.evaluate("typeof window.jsQR") == "function"
        assert outside == []

    db.session.expire_all()
    assert db.session.get(Registration, amina.id).checked_in_at is not None
