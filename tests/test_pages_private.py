from forum.models import Role
from tests.checks import assert_private_page, external_references

PUBLIC = ["/", "/auth/login", "/auth/signup", "/no-such-page"]
SIGNED_IN = ["/", "/account/", "/admin/roles", "/admin/audit"]


def test_public_pages_reference_no_other_origin(client):
    for path in PUBLIC:
        assert_private_page(client.get(path).get_data(as_text=True))


def test_signed_in_pages_reference_no_other_origin(client, login_as):
    login_as("root", Role.ADMIN)
    for path in SIGNED_IN:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_private_page(response.get_data(as_text=True))


def test_the_checker_catches_external_assets():
    page = (
        '<a data-quick-exit href="https://weather.example">x</a>'
        '<img src="https://tracker.example/p.gif"><link href="//cdn.example/x.css">'
        '<form action="http://evil.example/"></form>'
    )
    assert external_references(page) == [
        "<img> https://tracker.example/p.gif",
        "<link> //cdn.example/x.css",
        "<form> http://evil.example/",
    ]


def test_quick_exit_is_the_first_focusable_element(client):
    page = client.get("/").get_data(as_text=True)
    body = page.split("<body>", 1)[1]
    first_link = body.split("<a ", 1)[1]
    assert "data-quick-exit" in first_link.split(">", 1)[0]
    assert body.index("data-quick-exit") < body.index("<button")
    assert body.index("data-quick-exit") < body.index("<input")
