"""A new member signs up in Arabic, registers for a full event that vets requests, waits,
moves up when someone cancels, and is approved by the organizer — in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from forum.events.registration import services
from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login
from tests.registration.factories import create_event, create_question, enrol_user

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}


def test_arabic_member_waitlisted_then_promoted_then_approved(
    live_server, new_page, screenshot, db, make_user
):
    organizer = make_user("lucia", roles=[Role.ORGANIZER], display_name="Lucía")
    event = create_event(
        1, organizers=[organizer], title="Protection seminar", capacity=1, requires_approval=True
    )
    interpretation = create_question(
        event,
        "single_choice",
        label={"en": "Interpretation", "ar": "لغة المتابعة"},
        choices=[{"en": "Arabic", "ar": "العربية"}, {"en": "English", "ar": "الإنجليزية"}],
        required=True,
        purpose="interpretation",
    )
    create_question(
        event,
        label={"en": "Accessibility needs", "ar": "احتياجات إمكانية الوصول"},
        sensitive=True,
        purpose="accessibility",
    )
    seated = enrol_user(event, make_user("first", display_name="First"), {interpretation.id: "c2"})
    services.decide(event.id, [seated.id], services.Decision.APPROVE, actor=organizer)
    db.session.commit()
    register_url = f"{live_server}/events/{event.slug}/register"

    # 1. A new member signs up; the browser asks for Arabic, so everything is in Arabic.
    member = new_page("desktop", locale="ar")
    member.on("dialog", lambda dialog: dialog.accept())
    member.goto(live_server + "/auth/signup")
    expect(member.locator("html")).to_have_attribute("dir", "rtl")
    member.locator("#username").fill("nour")
    member.locator("#display_name").fill("نور")
    member.locator("#password").fill("olive harbour lantern cedar")
    member.locator("#confirm").fill("olive harbour lantern cedar")
    member.locator("#submit").click()
    expect(member.get_by_role("link", name="نور")).to_be_visible()

    # 2. The event is full: the request joins the waiting list.
    member.goto(register_url)
    expect(member.get_by_role("heading", name="إشعار الخصوصية لهذه الفعالية")).to_be_visible()
    expect(
        member.get_by_text("الفعالية مكتملة: تنضم الطلبات الجديدة إلى قائمة الانتظار.")
    ).to_be_visible()
    member.get_by_label("العربية", exact=True).check()
    member.get_by_label("احتياجات إمكانية الوصول").fill("مقعد قرب المخرج")
    member.get_by_label("قرأت إشعار الخصوصية أعلاه وأوافق عليه.").check()
    screenshot(member, "register-form-arabic-desktop")
    member.get_by_role("button", name="سجّلني").click()
    expect(member.get_by_text("الفعالية مكتملة: أنت في قائمة الانتظار، برقم 1.")).to_be_visible()
    expect(member.locator(".my-registration .badge").first).to_have_text("في قائمة الانتظار")
    screenshot(member, "waitlisted-arabic-desktop")
    member.set_viewport_size(PHONE)
    member.goto(live_server + "/account/")
    expect(member.locator(".my-registrations")).to_contain_text("في قائمة الانتظار")
    screenshot(member, "account-waitlisted-arabic-phone")

    # 3. The seated person cancels from their account page; the seat moves on.
    first = new_page("phone")
    first.on("dialog", lambda dialog: dialog.accept())
    browser_login(first, live_server, "first", PASSWORD)
    first.goto(live_server + "/account/")
    first.get_by_role("button", name="Cancel registration").click()
    expect(first.get_by_text("Your registration is cancelled.")).to_be_visible()
    expect(
        first.get_by_text("Your place went to the next person on the waiting list.")
    ).to_be_visible(timeout=5_000)

    # 4. The event vets requests: promoted means "awaiting approval", not yet seated.
    member.goto(register_url)
    expect(member.locator(".my-registration .badge").first).to_have_text("بانتظار الموافقة")
    screenshot(member, "promoted-arabic-phone")

    # 5. The organizer approves the request.
    desk = new_page("desktop")
    browser_login(desk, live_server, "lucia", PASSWORD)
    desk.goto(f"{live_server}/events/{event.slug}/manage/registrations?status=pending")
    card = desk.locator(".registration-table tbody tr").filter(has_text="نور")
    expect(card).to_contain_text("مقعد قرب المخرج")  # the sensitive answer, for the team
    card.get_by_text("Decide").click()
    card.get_by_role("button", name="Approve").click()
    expect(desk.get_by_text("1 approved.")).to_be_visible()
    screenshot(desk, "organizer-approved-desktop")

    # 6. The member is in.
    member.set_viewport_size(DESKTOP)
    member.goto(register_url)
    expect(member.locator(".my-registration .badge").first).to_have_text("مقبول")
    expect(member.get_by_text("تأكّد مكانك.")).to_be_visible()
    screenshot(member, "approved-arabic-desktop")
    member.set_viewport_size(PHONE)
    screenshot(member, "approved-arabic-phone")
