"""Time-zone pickers offer each place once, by its current name; legacy aliases typed or
saved before are accepted and become that name."""

from __future__ import annotations

import pytest

from forum.i18n import canonical_timezone, timezone_names

SETTINGS = {"display_name": "Amina", "locale": "en", "email": ""}


@pytest.mark.parametrize(
    ("legacy", "canonical"),
    [
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("US/Eastern", "America/New_York"),
        ("Africa/Asmera", "Africa/Asmara"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Asia/Rangoon", "Asia/Yangon"),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("GB", "Europe/London"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_legacy_aliases_map_to_the_name_offered(legacy: str, canonical: str) -> None:
    assert legacy not in timezone_names()
    assert canonical in timezone_names()
    assert canonical_timezone(legacy) == canonical


# Zones of no place: fixed offsets and the POSIX rule names, which no picker offers.
NO_PLACE = {"Factory", "localtime", "CST6CDT", "EST5EDT", "MST7MDT", "PST8PDT", "EST", "MST"}
NO_PLACE |= {"HST", "CET", "EET", "MET", "WET", "ROC"}


def test_every_known_zone_of_a_place_has_an_offered_name() -> None:
    import zoneinfo

    names = zoneinfo.available_timezones() - NO_PLACE
    unknown = {n for n in names if not n.startswith("Etc/GMT") and not canonical_timezone(n)}
    assert not unknown


def test_the_picker_offers_no_legacy_alias(client, login_as) -> None:
    login_as("amina")
    page = client.get("/account/").get_data(as_text=True)
    assert '<option value="Africa/Asmara">' in page
    for legacy in ("Africa/Asmera", "Asia/Calcutta", "US/Eastern", "Europe/Kiev"):
        assert f'value="{legacy}"' not in page


def test_a_legacy_alias_sent_is_saved_as_the_canonical_name(client, db, login_as) -> None:
    user = login_as("amina")
    response = client.post("/account/", data={**SETTINGS, "timezone": "Asia/Calcutta"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.timezone == "Asia/Kolkata"


def test_a_legacy_alias_saved_before_is_shown_selected(client, db, login_as) -> None:
    user = login_as("amina")
    user.timezone = "US/Eastern"
    db.session.commit()
    page = client.get("/account/").get_data(as_text=True)
    assert '<option value="America/New_York" selected>' in page
