"""The demo shows what the forum allows: every demo display name passes the sign-up rules
(forum.names: no role words in five languages, no look-alike of another account's name)."""

import html
import re

from forum.demo import DEMO_ACCOUNTS
from tests.conftest import login


def _refusal(page: str) -> str:
    found = re.search(r'<ul class="errors"[^>]*>\s*<li>([^<]+)</li>', page)
    return html.unescape(found.group(1)) if found else "refused"


def test_every_demo_display_name_would_be_accepted_at_sign_up(client, db):
    """Each name goes through the sign-up form in turn, as a new person would type it; the
    names already taken are the demo's earlier ones, so look-alikes among them count too."""
    refused = {}
    for number, (_, _, display_name, _, _, _) in enumerate(DEMO_ACCOUNTS):
        response = client.post(
            "/auth/signup",
            data={
                "username": f"probe{number}",
                "display_name": display_name,
                "password": "river lantern cobalt mango",
                "confirm": "river lantern cobalt mango",
                "email": "",
            },
        )
        if response.status_code != 302:
            refused[display_name] = _refusal(response.get_data(as_text=True))
        client.post("/auth/logout")
    assert refused == {}


def test_demo_accounts_can_save_their_own_name_on_the_account_page(runner, client):
    """The profile edit applies the same rules: a demo person who saves their settings
    unchanged is not told their own name is refused."""
    runner.invoke(args=["forum", "seed-demo"])
    refused = {}
    for _, username, display_name, locale, timezone, password in DEMO_ACCOUNTS:
        assert login(client, username, password).status_code == 302, username
        response = client.post(
            "/account/",
            data={"display_name": display_name, "locale": locale, "timezone": timezone},
        )
        if response.status_code not in (302, 303):
            refused[display_name] = _refusal(response.get_data(as_text=True))
        client.post("/auth/logout")
    assert refused == {}
