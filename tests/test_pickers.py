"""Long lists (countries, languages) are checkboxes with a filter box, not multi-selects
that need Ctrl-click and fail on phones; they work without the script."""

from __future__ import annotations

import re

import pytest

from forum.profiles.models import Profile

CHECKBOX = re.compile(r'<input type="checkbox" name="(\w+)" value="([^"]+)"( checked)?>')


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/account/profile", "languages"),
        ("/exchanges/new", "countries"),
        ("/observatory/compare", "country"),
    ],
)
def test_long_lists_are_checkboxes_with_a_filter(client, login_as, path, name) -> None:
    login_as("amina")
    page = client.get(path).get_data(as_text=True)
    assert "<select multiple" not in page and " multiple" not in page
    boxes = [m for m in CHECKBOX.findall(page) if m[0] == name]
    assert len(boxes) > 50
    # The filter box is there for the script to show; hidden without it.
    assert 'data-picker-filter hidden aria-controls="' in page
    assert "Ctrl" not in page


def test_ticked_languages_come_first_and_stay_ticked(client, db, login_as) -> None:
    user = login_as("amina")
    response = client.post(
        "/account/profile", data={"languages": ["sw", "es"], "languages_visibility": "members"}
    )
    assert response.status_code == 303
    assert db.session.get(Profile, user.id).languages == ["es", "sw"]
    page = client.get("/account/profile").get_data(as_text=True)
    boxes = [m for m in CHECKBOX.findall(page) if m[0] == "languages"]
    assert [(value, ticked) for _, value, ticked in boxes[:2]] == [
        ("es", " checked"),
        ("sw", " checked"),
    ] or [(value, ticked) for _, value, ticked in boxes[:2]] == [
        ("sw", " checked"),
        ("es", " checked"),
    ]
    assert all(not ticked for _, _, ticked in boxes[2:])
