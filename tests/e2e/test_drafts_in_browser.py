"""Writing safely in a real browser: autosave keeps a draft while the author types, the
quick exit leaves at once and puts the draft away, and the next sign-in brings it back;
the preview shows the text as it will be published."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login

SECRET = "Zumbador: escort rota for the night of the hearing"


def test_autosave_then_quick_exit_then_the_next_sign_in(live_server, new_page, make_user):
    make_user("amina", display_name="Amina K.")
    page = new_page()
    browser_login(page, live_server, "amina", PASSWORD)
    page.route("https://www.bbc.com/**", lambda route: route.fulfill(body="Weather", status=200))
    page.goto(f"{live_server}/exchanges/new")
    page.get_by_label("Title").fill("Escort rota")
    page.locator("textarea[name=body]").fill(SECRET)
    expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved", timeout=15_000)

    # Type more, then leave by the quick exit before autosave fires: nothing more is
    # sent, the page is gone at once and Back does not return to it.
    page.locator("textarea[name=body]").fill(SECRET + " and the second car")
    with page.expect_request(lambda request: request.url.endswith("/exchanges/drafts/hold")):
        page.locator("[data-quick-exit]").click()
    page.wait_for_url("https://www.bbc.com/**")
    assert "second car" not in page.content()

    # The same browser, still signed in, does not open on the draft.
    again = page.context.new_page()
    again.goto(f"{live_server}/exchanges/new")
    expect(again.locator("textarea[name=body]")).to_have_value("")
    expect(again.get_by_text("your draft is kept for your next sign-in")).to_be_visible()
    again.goto(f"{live_server}/exchanges/drafts/")
    expect(again.get_by_text("You have no drafts.")).to_be_visible()

    # The next sign-in (another device, or after signing out) brings it back.
    later = new_page()
    browser_login(later, live_server, "amina", PASSWORD)
    expect(later.get_by_text("You have a saved draft: 1.")).to_be_visible()
    later.goto(f"{live_server}/exchanges/new")
    expect(later.locator("textarea[name=body]")).to_have_value(SECRET)


def test_preview_without_publishing(live_server, new_page, make_user):
    make_user("joao", display_name="João")
    page = new_page("phone")
    browser_login(page, live_server, "joao", PASSWORD)
    page.goto(f"{live_server}/exchanges/new")
    page.locator("textarea[name=body]").fill("**Casas** de acolhida\n\n- uma\n- duas")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("section.preview")
    expect(preview.locator("strong")).to_have_text("Casas")
    expect(preview.locator("li")).to_have_count(2)
    expect(page.locator("textarea[name=body]")).to_have_value(
        "**Casas** de acolhida\n\n- uma\n- duas"
    )
