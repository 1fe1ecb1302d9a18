"""Display names: no invisible or direction characters, NFKC form, no look-alike of
another account's name or of a role's, and a badge for the roles that no name can copy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.exchanges import services as exchanges
from forum.exchanges.labels import Visibility
from forum.extensions import db
from forum.models import Role, User
from forum.names import name_key

SIGNUP = {
    "username": "newcomer",
    "password": "river lantern cobalt mango",
    "confirm": "river lantern cobalt mango",
    "email": "",
}
SETTINGS = {"locale": "en", "timezone": "UTC", "email": ""}


def _users() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.mark.parametrize(
    "name",
    [
        "nimda\u202e",  # right-to-left override: reads "admin"
        "Lena\u2067Q\u2069",  # an isolate
        "An\u200ba",  # zero-width space
        "Ana\u200d",  # zero-width joiner
        "\u2066Marta\u2069",
        "Ana\u061c",  # Arabic letter mark
        "\u3164",  # Hangul filler: prints as nothing
        "Ana\u00ad",  # soft hyphen
    ],
)
def test_invisible_and_direction_characters_are_refused(client, db, name) -> None:
    response = client.post("/auth/signup", data={**SIGNUP, "display_name": name})
    assert response.status_code == 422
    assert "invisible or direction-changing characters" in response.get_data(as_text=True)
    assert _users() == 0


def test_names_are_stored_in_nfkc_form(client, db) -> None:
    response = client.post("/auth/signup", data={**SIGNUP, "display_name": "Ｌｅｎａ  𝐐uispe"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User.display_name)) == "Lena Quispe"


@pytest.mark.parametrize(
    "name",
    [
        "Admin",
        "аdmin",  # Cyrillic а
        "ＡＤＭＩＮ",
        "adm1n",
        "The Moderator",
        "Moderadora Ana",  # es
        "Modérateur",  # fr
        "Organizadora",  # es, pt
        "Administrateur",
        "organiser_lena",
        "Staff",
        "المشرف",  # ar: the moderator
        "مدير الموقع",  # ar: site manager
        "Mod",
    ],
)
def test_names_that_read_as_a_role_are_refused(client, db, name) -> None:
    response = client.post("/auth/signup", data={**SIGNUP, "display_name": name})
    assert response.status_code == 422, name
    assert "reads like a role of the forum" in response.get_data(as_text=True)
    assert _users() == 0


@pytest.mark.parametrize("name", ["Badminton fan", "Modesta", "Marta C.", "Zoë", "منظمات حقوقية"])
def test_ordinary_names_pass(client, db, name) -> None:
    assert client.post("/auth/signup", data={**SIGNUP, "display_name": name}).status_code == 302


@pytest.mark.parametrize(
    "lookalike", ["Lena Q", "lena q", "Lеna Q", "Ｌｅｎａ Ｑ", "Iena Q", "Lena-Q"]
)
def test_a_name_that_looks_like_another_accounts_is_refused(client, db, make_user, lookalike):
    make_user("lena", display_name="Lena Q")
    response = client.post("/auth/signup", data={**SIGNUP, "display_name": lookalike})
    assert response.status_code == 422
    assert "looks the same as the name of another account" in response.get_data(as_text=True)
    assert _users() == 1


def test_a_member_cannot_take_a_moderators_name_in_settings(client, db, login_as, make_user):
    make_user("rosa", roles=[Role.MODERATOR], display_name="Rosa Mwangi")
    me = login_as("amina", display_name="Amina")
    response = client.post("/account/", data={**SETTINGS, "display_name": "Rоsa Mwangі"})
    assert response.status_code == 422
    assert "looks the same" in response.get_data(as_text=True)
    db.session.refresh(me)
    assert me.display_name == "Amina"
    # One's own name, saved again, is no look-alike of anyone.
    assert client.post("/account/", data={**SETTINGS, "display_name": "Amina"}).status_code == 302


def test_every_way_a_name_is_set_keeps_its_key(db, make_user) -> None:
    user = make_user("lena", display_name="Lena Q")
    assert user.display_name_key == name_key("Lena Q")
    user.display_name = "Ｍａｒｔａ"
    db.session.flush()
    assert user.display_name_key == "marta"


def test_staff_carry_a_badge_a_name_cannot_imitate(client, db, login_as, make_user) -> None:
    moderator = make_user("rosa", roles=[Role.MODERATOR], display_name="Rosa")
    member = login_as("amina", display_name="Amina")
    thread = exchanges.create_thread(
        moderator,
        title="Guidelines",
        body="Be kind.",
        language="en",
        tags=exchanges.Tags(regions=["africa"], risks=["criminalisation"]),
        visibility=Visibility.MEMBERS.value,
    )
    db.session.flush()
    exchanges.reply(member, thread, body="Thanks.", language="en")
    exchanges.reply(moderator, thread, body="Quietly.", language="en", anonymous=True)
    db.session.commit()

    page = client.get(f"/exchanges/{thread.id}", follow_redirects=True).get_data(as_text=True)
    badge = '<span class="role-badge role-moderator">Moderator</span>'
    # Once, on the moderator's named post; not on the member's, not on the anonymous one.
    assert "<bdi>Rosa</bdi> " + badge in page
    assert "Quietly." in page and "Thanks." in page
    assert page.count(badge) == 1
