import pytest


def test_404_page_is_in_the_layout_and_translated(client):
    response = client.get("/nowhere", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Página no encontrada" in page and 'class="quick-exit"' in page


def test_405_is_a_page_not_a_traceback(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "Traceback" not in response.get_data(as_text=True)


def test_413_for_oversized_bodies(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Page not found"


@pytest.mark.parametrize(
    "path", ["/admin/roles?page=abc", "/admin/roles?page=-4", "/admin/roles?q=" + "%ff" * 30]
)
def test_malformed_query_strings_never_cause_a_500(client, login_as, path):
    from forum.models import Role

    login_as("root", Role.ADMIN)
    assert client.get(path).status_code < 500


def test_malformed_form_bodies_are_a_4xx(client):
    response = client.post(
        "/auth/login", data=b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500
