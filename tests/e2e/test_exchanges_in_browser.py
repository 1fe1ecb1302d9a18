"""Exchanges as people use them: a tactic in French, nested replies, search and filters,
a report and a moderator hiding the reported reply — on a desktop and a 360 px phone."""

import re

from playwright.sync_api import expect

from forum.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import browser_login

TITLE = "Permanence juridique pour les défenseures poursuivies"
BODY = (
    "Nous avons organisé une **permanence** d'avocates joignables jour et nuit. "
    "Dès la garde à vue, une avocate se déplace."
)


def signed_in(new_page, live_server, username, viewport="desktop"):
    page = new_page(viewport)
    browser_login(page, live_server, username, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def post_in(page, text):
    """The article of the post showing `text`."""
    return page.locator("article.post").filter(has_text=text)


def test_tactic_replies_search_filters_and_moderation(live_server, new_page, make_user, screenshot):
    make_user("amina", display_name="Amina K.")
    make_user("joao", display_name="João")
    make_user("olena", display_name="Olena")
    make_user("layla", display_name="Layla")
    make_user("nadia", roles=[Role.MODERATOR], display_name="Nadia")

    # A member posts a tactic in French, tagged Africa / criminalisation / women defenders.
    amina = signed_in(new_page, live_server, "amina")
    amina.get_by_role("link", name="Exchanges").first.click()
    amina.get_by_role("link", name="Start an exchange").click()
    amina.get_by_label("Title").fill(TITLE)
    amina.get_by_label("What happened, what you tried, what you learned").fill(BODY)
    amina.get_by_label("Language of your text").select_option("fr")
    amina.get_by_label("Africa", exact=True).check()
    amina.get_by_label("Criminalisation & judicial harassment").check()
    amina.get_by_label("Women defenders", exact=True).check()
    amina.get_by_label("Worked", exact=True).check()
    screenshot(amina, "new-exchange-desktop")
    amina.get_by_role("button", name="Publish").click()
    expect(amina.get_by_text("Your exchange is published.")).to_be_visible()
    expect(amina.get_by_role("heading", name=TITLE)).to_be_visible()
    thread_url = amina.url

    # Another member replies; a third replies to that reply.
    joao = signed_in(new_page, live_server, "joao")
    joao.goto(thread_url)
    joao.get_by_label("Your reply", exact=True).fill(
        "Au Brésil, nous faisons pareil avec des juristes."
    )
    joao.get_by_role("button", name="Send reply").click()
    expect(joao.get_by_text("Your reply is published.")).to_be_visible()

    olena = signed_in(new_page, live_server, "olena")
    olena.goto(thread_url)
    post_in(olena, "Au Brésil").get_by_role("link", name="Reply").click()
    expect(olena.get_by_role("heading", name="Reply to João")).to_be_visible()
    olena.get_by_label("Your reply", exact=True).fill("Comment financez-vous les déplacements ?")
    olena.get_by_role("button", name="Send reply").click()
    expect(olena.get_by_text("Your reply is published.")).to_be_visible()
    nested = post_in(olena, "Comment financez-vous")
    expect(nested).to_have_class(re.compile(r"\bindent-2\b"))
    expect(post_in(olena, "Au Brésil")).to_have_class(re.compile(r"\bindent-1\b"))
    screenshot(olena, "thread-desktop")

    # A third member finds it by a word from the body, then by the tags.
    layla = signed_in(new_page, live_server, "layla")
    layla.get_by_role("link", name="Exchanges").first.click()
    layla.get_by_label("Search titles and texts").fill("permanence")
    layla.get_by_role("button", name="Search").click()
    expect(layla.get_by_role("link", name=TITLE)).to_be_visible()
    expect(layla.get_by_text("1 exchange matches.")).to_be_visible()
    screenshot(layla, "search-desktop")
    layla.get_by_role("link", name="Exchanges").first.click()
    layla.get_by_text("Filter by tags, language and outcome").click()
    layla.get_by_label("Africa", exact=True).check()
    layla.get_by_label("Criminalisation & judicial harassment").check()
    layla.get_by_label("Women defenders", exact=True).check()
    layla.get_by_role("button", name="Apply filters").click()
    expect(layla.get_by_role("link", name=TITLE)).to_be_visible()
    assert "region=africa" in layla.url and "group=women" in layla.url
    screenshot(layla, "filtered-desktop")
    layla.get_by_label("Americas").check()
    layla.get_by_label("Africa", exact=True).uncheck()
    layla.get_by_role("button", name="Apply filters").click()
    expect(layla.get_by_role("link", name=TITLE)).to_have_count(0)

    # She reports João's reply; a moderator hides it.
    layla.goto(thread_url)
    post_in(layla, "Au Brésil").get_by_role("link", name="Report").click()
    layla.get_by_label("Spam or advertising").check()
    layla.get_by_label("Anything moderators should know (optional)").fill("Hors sujet.")
    layla.get_by_role("button", name="Report to moderators").click()
    expect(layla.get_by_text("Thank you. Moderators will look at it")).to_be_visible()

    nadia = signed_in(new_page, live_server, "nadia")
    nadia.get_by_role("link", name="Moderation").click()
    item = nadia.locator(".queue-item").filter(has_text="Au Brésil")
    expect(item).to_contain_text("Hors sujet.")
    expect(item).to_contain_text("João")
    screenshot(nadia, "moderation-queue-desktop")
    item.get_by_role("button", name="Hide").click()
    expect(nadia.get_by_text("This message is hidden.")).to_be_visible()

    layla.goto(thread_url)
    expect(layla.get_by_text("Au Brésil")).to_have_count(0)
    expect(layla.get_by_text("This message was hidden by the moderators.")).to_be_visible()
    expect(post_in(layla, "Comment financez-vous")).to_be_visible()  # the tree stays

    # The same pages on a 360 px phone.
    phone = signed_in(new_page, live_server, "olena", viewport="phone")
    phone.goto(thread_url)
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width  # nothing overflows sideways
    screenshot(phone, "thread-phone")
    phone.goto(live_server + "/exchanges/?region=africa")
    expect(phone.get_by_role("link", name=TITLE)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "list-phone")


def test_anonymous_reply_and_useful_in_the_browser(live_server, new_page, make_user, screenshot):
    make_user("amina", display_name="Amina K.")
    make_user("joao", display_name="João")
    amina = signed_in(new_page, live_server, "amina")
    amina.goto(live_server + "/exchanges/new")
    amina.get_by_label("Title").fill("Phone hygiene at checkpoints")
    amina.get_by_label("What happened, what you tried, what you learned").fill("Travel phones.")
    amina.get_by_label("Asia-Pacific").check()
    amina.get_by_label("Digital surveillance & online attacks").check()
    amina.get_by_label("Public: anyone, even without an account").check()
    amina.get_by_role("button", name="Publish").click()
    thread_url = amina.url

    joao = signed_in(new_page, live_server, "joao")
    joao.goto(thread_url)
    joao.get_by_role("button", name="Useful to us too").click()
    expect(joao.get_by_text("1 found this useful")).to_be_visible()
    joao.get_by_label("Your reply", exact=True).fill("We wipe the phone before the border.")
    joao.get_by_label("Reply as “Anonymous member”").check()
    joao.get_by_role("button", name="Send reply").click()
    reply = post_in(joao, "We wipe the phone")
    expect(reply).to_contain_text("Anonymous member")
    expect(reply).not_to_contain_text("João")
    expect(reply.get_by_role("link", name="Edit")).to_be_visible()  # the author can edit

    reader = new_page("phone")
    reader.goto(thread_url)
    expect(post_in(reader, "We wipe the phone")).to_contain_text("Anonymous member")
    screenshot(reader, "public-thread-signed-out-phone")
