"""Driving pages by keyboard alone: Tab and Shift+Tab to move, Enter and Space to act,
arrows inside radio groups and selects. Nothing here clicks.

`tab_to` presses Tab until the element has the focus, so a field that the keyboard cannot
reach (or reaches only after the page's end) fails the test with its name.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

LIMIT = 250  # Tab presses before giving up: more than any of our pages needs


def has_focus(target: Locator) -> bool:
    return target.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Move the focus to `target` with Tab (or Shift+Tab) only."""
    target.wait_for(state="attached")
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(LIMIT):
        if has_focus(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"the keyboard never reaches {target}")


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and press Enter (or Space)."""
    tab_to(page, target)
    page.keyboard.press(key)


def follow(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a link or submit button, press Enter, and wait for the next page."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def tick(page: Page, target: Locator) -> None:
    """A checkbox or radio button: Tab to it and press Space."""
    tab_to(page, target)
    page.keyboard.press("Space")
    assert target.is_checked(), f"{target} is not checked after Space"


def choose(page: Page, select: Locator, label: str) -> None:
    """Pick an option of a closed <select> by typing its first letters, then arrows."""
    tab_to(page, select)
    # Type-ahead with the plain letters only: a key the keyboard layout lacks ("ç") is
    # inserted as text, which a <select> ignores and another field may receive.
    page.keyboard.type(re.split(r"[^A-Za-z0-9 /_-]", label, maxsplit=1)[0])
    current = "el => el.selectedOptions[0] && el.selectedOptions[0].textContent.trim()"
    for _ in range(LIMIT):
        if select.evaluate(current) == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} in {select}")


def pick_radio(page: Page, group: Locator, target: Locator) -> None:
    """A radio group: Tab enters it at its checked (or first) button, arrows move on."""
    checked = [i for i in range(group.count()) if group.nth(i).is_checked()]
    tab_to(page, group.nth(checked[0] if checked else 0))
    for _ in range(group.count() + 1):
        if has_focus(target):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert target.is_checked(), f"{target} is not checked"


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """The sign-in form (and its two-factor step) by keyboard."""
    from tests.conftest import current_code

    page.goto(base_url + "/auth/login")
    type_into(page, page.locator("main input[name=username]"), username)
    type_into(page, page.locator("main input[name=password]"), password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if "/auth/login/code" in page.url:
        type_into(page, page.locator("main input[name=code]"), current_code(username))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/auth/login" not in page.url, f"{username} is not signed in"


def type_datetime(page: Page, target: Locator, value: str) -> None:
    """A datetime-local field, typed segment by segment as the browser shows it (Chromium's
    en-US order: month, day, year, Tab, hour, minute, AM/PM). `value` is ISO: 2027-01-10T09:30.
    """
    day, time = value.split("T")
    year, month, date = day.split("-")
    hour, minute = (int(part) for part in time.split(":"))
    tab_to(page, target)
    page.keyboard.type(f"{month}{date}{year}")
    page.keyboard.press("Tab")
    page.keyboard.type(f"{(hour - 1) % 12 + 1:02d}{minute:02d}{'AM' if hour < 12 else 'PM'}")
    assert target.input_value() == value, (target.input_value(), value)
