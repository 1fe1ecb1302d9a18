"""No route takes JSON: a JSON body is refused with 415 and a translated message."""

from __future__ import annotations


def test_a_json_body_is_refused_in_the_visitors_language(client, db) -> None:
    from forum.models import User

    response = client.post(
        "/auth/signup",
        data="false",
        content_type="application/json",
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 415
    assert response.get_json()["message"].startswith("Esta dirección solo acepta los formularios")
    assert db.session.query(User).count() == 0


def test_a_json_object_with_valid_fields_is_refused_too(client, db) -> None:
    from forum.models import User

    response = client.post(
        "/auth/signup",
        json={"username": "amina", "display_name": "Amina", "password": "a long passphrase 2027"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "Format non accepté"
    assert db.session.query(User).count() == 0
