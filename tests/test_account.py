import sqlalchemy as sa

from forum.models import User
from tests.conftest import PASSWORD

SETTINGS = {"display_name": "Amina", "locale": "fr", "timezone": "Africa/Dakar", "email": ""}


def test_account_page_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_change_display_name_language_and_timezone(client, db, login_as):
    user = login_as("amina")
    response = client.post("/account/", data={**SETTINGS, "display_name": "La Rose"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.locale, user.timezone) == ("La Rose", "fr", "Africa/Dakar")
    # The interface follows the saved language from now on.
    assert 'lang="fr"' in client.get("/account/").get_data(as_text=True)


def test_the_time_zone_list_marks_the_saved_zone_only(client, login_as):
    """The zone list is built once for everyone; each person still sees their own zone."""
    from forum.i18n import timezone_names

    login_as("amina", timezone="America/Argentina/Buenos_Aires")
    page = client.get("/account/").get_data(as_text=True)
    select = page[page.index('<select id="timezone"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option ") == len(timezone_names())
    assert select.count("selected") == 1
    assert '<option value="America/Argentina/Buenos_Aires" selected>' in select
    assert ">America/Argentina/Buenos Aires</option>" in select
    client.post("/account/", data={**SETTINGS, "timezone": "Asia/Beirut"})
    page = client.get("/account/").get_data(as_text=True)
    assert '<option value="Asia/Beirut" selected>' in page
    assert page.count('" selected>') == 1


def test_bad_settings_are_refused_and_nothing_changes(client, db, login_as):
    user = login_as("amina", display_name="Amina")
    for bad, message in [
        ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list."),
        ({"locale": "xx"}, "Choose one of the languages offered."),
        ({"display_name": ""}, "This field is required."),
        ({"email": "nope"}, "Enter a valid email address"),
    ]:
        response = client.post("/account/", data={**SETTINGS, **bad})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert (user.locale, user.timezone, user.display_name) == (None, "UTC", "Amina")


def test_password_change_needs_the_current_password(client, db, login_as):
    user = login_as("amina")
    old_hash = user.password_hash
    response = client.post(
        "/account/password",
        data={
            "current": "not my password",
            "password": "fresh cobalt lantern",
            "confirm": "fresh cobalt lantern",
        },
    )
    assert response.status_code == 422
    assert "Your current password is not right." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_new_password_must_meet_the_rules(client, db, login_as):
    login_as("amina")
    response = client.post(
        "/account/password",
        data={"current": PASSWORD, "password": "iloveyou12", "confirm": "iloveyou12"},
    )
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


def test_email_can_be_added_and_removed(client, db, login_as):
    user = login_as("amina")
    client.post("/account/", data={**SETTINGS, "email": "a@example.org"})
    assert db.session.scalar(sa.select(User.email).where(User.id == user.id)) == "a@example.org"
    client.post("/account/", data=SETTINGS)
    assert db.session.scalar(sa.select(User.email).where(User.id == user.id)) is None
