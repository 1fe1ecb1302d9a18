"""Every page of the demo, as each kind of person sees it, at 1440 and 360 px, in English and
Arabic: it loads, nothing spills sideways on a phone, Arabic runs right to left, and a
screenshot of each is kept for a person to look at."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import VIEWPORTS, demo_login, first_thread_id, set_everyones_locale

EVENT = "proteccion-colectiva-bogota"

# Elements that stick out of the screen (and are not inside a scrolling box): the culprits.
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return (box.right > width + 1 || box.left < -1) && !inScroller(el)
      && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1);
  }).slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
}"""

# (who, path): who is a demo account, or None for a visitor who is not signed in.
PAGES: dict[str | None, list[str]] = {
    None: [
        "/",
        "/events/",
        f"/events/{EVENT}/",
        f"/events/{EVENT}/agenda",
        "/exchanges/",
        "/topics/",
        "/topics/region/africa",
        "/observatory/",
        "/observatory/countries/CO",
        "/auth/login",
        "/auth/signup",
        "/auth/forgot",
        "/no-such-page",
    ],
    "mariana": [
        "/",
        "/events/",
        "/events/?when=past",
        f"/events/{EVENT}/",
        f"/events/{EVENT}/agenda",
        f"/events/{EVENT}/register",
        "/exchanges/",
        "/exchanges/?q=abogadas",
        "/exchanges/?q=tel%C3%A9fono",
        "/exchanges/drafts/",
        "{thread}",
        "{thread_reply}",
        "/exchanges/new",
        "/exchanges/notifications",
        "/account/",
        "/account/profile",
        "/account/data",
    ],
    "organizer": [
        "/events/new",
        f"/events/{EVENT}/manage/",
        f"/events/{EVENT}/manage/edit",
        f"/events/{EVENT}/manage/sessions/new",
        f"/events/{EVENT}/manage/questions",
        f"/events/{EVENT}/manage/questions/new",
        f"/events/{EVENT}/manage/registrations",
        f"/events/{EVENT}/manage/audit",
    ],
    "moderator": ["/moderation/", "{thread}", "/glossary/", "/glossary/new"],
    "admin": ["/admin/roles", "/admin/audit"],
}


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_page_at_both_widths(demo_server, new_page, screenshot, locale):
    set_everyones_locale(locale)
    thread = first_thread_id()
    paths = {"thread": f"/exchanges/{thread}", "thread_reply": f"/exchanges/{thread}/reply"}
    problems: dict[str, str] = {}
    for who, pages in PAGES.items():
        page = new_page("desktop", locale=locale)
        if who:
            demo_login(page, demo_server, who)
        for template in pages:
            path = template.format(**paths)
            for viewport in ("desktop", "phone"):
                page.set_viewport_size(VIEWPORTS[viewport])
                response = page.goto(demo_server + path)
                expected = 404 if path == "/no-such-page" else 200
                if response.status != expected:
                    problems[f"{who} {path}"] = f"status {response.status}"
                    break
                assert page.locator("html").get_attribute("dir") == (
                    "rtl" if locale == "ar" else "ltr"
                )
                if viewport == "phone":
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > VIEWPORTS["phone"]["width"]:
                        culprits = page.evaluate(WIDER_THAN_SCREEN)
                        problems[f"{who} {path}"] = f"{width}px wide on a phone: {culprits}"
                name = (who or "visitor") + path.replace("/", "_").replace("?", "_")
                screenshot(page, f"{name}-{viewport}")
    assert problems == {}
