"""Two desks scan the same badge at the same moment: one welcomes, the other warns."""

from __future__ import annotations

import pytest

from forum.models import Role
from tests.registration.test_concurrency import _all_at_once, _app_with_room, _signed_in_clients


@pytest.mark.parametrize("desks", [2, 6])
def test_simultaneous_scans_of_one_badge_check_in_once(
    database_url, tmp_path, make_user, make_event, make_registration, desks
):
    event = make_event("Busy morning")
    registration = make_registration(event, make_user("amina"), "approved", badge_name="Amina")
    names = [make_user(f"desk{n}", roles=[Role.STAFF]).username for n in range(desks)]
    app = _app_with_room(database_url, tmp_path, desks)
    clients = _signed_in_clients(app, names)
    url = f"/events/{event.slug}/manage/check-in.json"
    token = registration.checkin_token
    results = _all_at_once(clients, lambda client: client.post(url, json={"token": token}))
    assert not [r for r in results if isinstance(r, Exception)]
    outcomes = sorted(r.get_json()["outcome"] for r in results)
    assert outcomes == ["already_checked_in"] * (desks - 1) + ["checked_in"]
    times = {r.get_json()["person"]["checked_in_at"] for r in results}
    assert len(times) == 1  # everyone is told the same moment of arrival
