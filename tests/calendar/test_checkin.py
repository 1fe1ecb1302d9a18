"""The check-in desk: what staff see when a badge is scanned, and what is recorded."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.events.registration.models import Registration
from forum.extensions import db as _db
from forum.models import AuditEntry, Role
from tests.conftest import csrf_token_from, login


@pytest.fixture
def desk(client, make_user):
    """The test client signed in as staff (with two-factor sign-in, as roles require)."""
    make_user("sofia", roles=[Role.STAFF], display_name="Sofía Staff")
    login(client, "sofia")
    return client


@pytest.fixture
def seminar(make_event):
    return make_event("Regional protection forum")


@pytest.fixture
def amina(make_user, make_registration, seminar):
    user = make_user("amina", display_name="Amina D.")
    return make_registration(seminar, user, "approved", badge_name="Amina Diallo", role="speaker")


def _checked_in_at(registration_id: int):
    _db.session.expire_all()
    return _db.session.get(Registration, registration_id).checked_in_at


def _audit(action: str) -> list[AuditEntry]:
    return list(
        _db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def test_desk_page_has_a_focused_scan_box(desk, seminar):
    response = desk.get(f"/events/{seminar.slug}/manage/check-in")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="token"' in html and "data-autofocus" in html
    assert 'autocomplete="off"' in html


def test_scanning_a_badge_checks_the_person_in(desk, seminar, amina):
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": amina.checkin_token + "\n"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Checked in. Welcome!" in html
    assert "Amina Diallo" in html and "Approved" in html and "Speaker" in html
    assert _checked_in_at(amina.id) is not None
    # The box is empty again for the next badge.
    assert amina.checkin_token not in html


def test_a_second_scan_warns_and_says_when(desk, seminar, amina):
    desk.post(f"/events/{seminar.slug}/manage/check-in", data={"token": amina.checkin_token})
    first = _checked_in_at(amina.id)
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": amina.checkin_token}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Already checked in, at" in html
    assert "Amina Diallo" in html
    assert _checked_in_at(amina.id) == first


def test_unknown_badge(desk, seminar, amina):
    for token in ("not-a-real-token-at-all", "x", "<script>", "A" * 500):
        response = desk.post(f"/events/{seminar.slug}/manage/check-in", data={"token": token})
        assert response.status_code in (404, 422), token
        assert "Amina" not in response.get_data(as_text=True)
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": "not-a-real-token-at-all"}
    )
    assert "Unknown badge" in response.get_data(as_text=True)
    assert _checked_in_at(amina.id) is None


def test_badge_of_another_event_names_nobody(
    desk, make_event, make_user, make_registration, seminar
):
    other = make_event("Another gathering")
    stranger = make_registration(
        other, make_user("karim", display_name="Karim"), "approved", badge_name="Karim B."
    )
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": stranger.checkin_token}
    )
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "This badge is for another event." in html
    assert "Karim" not in html
    assert _checked_in_at(stranger.id) is None


@pytest.mark.parametrize("status", ["pending", "waitlisted", "declined", "cancelled"])
def test_people_not_approved_are_not_checked_in(
    desk, make_user, make_registration, seminar, status
):
    registration = make_registration(seminar, make_user("noor"), status, badge_name="Noor")
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": registration.checkin_token}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Not approved" in html and "Noor" in html
    assert _checked_in_at(registration.id) is None


def test_empty_scan_asks_for_a_code(desk, seminar):
    response = desk.post(f"/events/{seminar.slug}/manage/check-in", data={"token": "  "})
    assert response.status_code == 422
    assert "Scan a badge or type its code." in response.get_data(as_text=True)


def test_search_by_badge_name_then_check_in(desk, seminar, amina, make_user, make_registration):
    make_registration(seminar, make_user("bea"), "approved", badge_name="Beatriz")
    response = desk.get(f"/events/{seminar.slug}/manage/check-in?q=diallo")
    html = response.get_data(as_text=True)
    assert "Amina Diallo" in html and "Beatriz" not in html
    assert f'name="registration_id" value="{amina.id}"' in html
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"registration_id": str(amina.id)}
    )
    assert response.status_code == 200
    assert _checked_in_at(amina.id) is not None
    nothing = desk.get(f"/events/{seminar.slug}/manage/check-in?q=zzzz").get_data(as_text=True)
    assert "Nobody registered for this event has that name." in nothing


def test_a_registration_of_another_event_cannot_be_picked(
    desk, seminar, make_event, make_user, make_registration
):
    other = make_registration(make_event("Elsewhere"), make_user("karim"), "approved")
    response = desk.post(
        f"/events/{seminar.slug}/manage/check-in", data={"registration_id": str(other.id)}
    )
    assert response.status_code == 404
    assert _checked_in_at(other.id) is None


def test_the_events_organizer_may_check_in(client, seminar, amina, organizer):
    login(client, organizer.username)
    response = client.post(
        f"/events/{seminar.slug}/manage/check-in", data={"token": amina.checkin_token}
    )
    assert response.status_code == 200


def test_members_and_other_organizers_are_kept_out(client, make_user, seminar, amina):
    login(client, make_user("member").username)
    assert client.get(f"/events/{seminar.slug}/manage/check-in").status_code == 403
    assert (
        client.post(
            f"/events/{seminar.slug}/manage/check-in", data={"token": amina.checkin_token}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/events/{seminar.slug}/manage/check-in.json", json={"token": amina.checkin_token}
        ).status_code
        == 403
    )
    client.post("/auth/logout")
    other = make_user("pablo", roles=[Role.ORGANIZER])
    login(client, other.username)
    assert client.get(f"/events/{seminar.slug}/manage/check-in").status_code == 403
    assert _checked_in_at(amina.id) is None


def test_anonymous_visitors_are_sent_to_sign_in(app, seminar):
    response = app.test_client().get(f"/events/{seminar.slug}/manage/check-in")
    assert response.status_code in (302, 401)


def test_json_endpoint_outcomes(desk, seminar, amina, make_user, make_registration, make_event):
    url = f"/events/{seminar.slug}/manage/check-in.json"
    first = desk.post(url, json={"token": amina.checkin_token})
    assert first.status_code == 200
    body = first.get_json()
    assert body["outcome"] == "checked_in" and body["ok"] is True
    assert body["person"]["badge_name"] == "Amina Diallo"
    assert body["person"]["status"] == "approved" and body["person"]["role"] == "speaker"
    assert body["person"]["checked_in_at"].endswith("+00:00")

    again = desk.post(url, json={"token": amina.checkin_token})
    assert again.status_code == 409
    assert again.get_json()["outcome"] == "already_checked_in"
    assert again.get_json()["person"]["checked_in_at"] == body["person"]["checked_in_at"]

    pending = make_registration(seminar, make_user("noor"), "pending")
    refused = desk.post(url, json={"token": pending.checkin_token})
    assert refused.status_code == 409 and refused.get_json()["outcome"] == "not_approved"

    other = make_registration(make_event("Elsewhere"), make_user("karim"), "approved")
    elsewhere = desk.post(url, json={"token": other.checkin_token})
    assert elsewhere.status_code == 404
    assert elsewhere.get_json() == {
        "outcome": "other_event",
        "ok": False,
        "message": "This badge is for another event.",
        "person": None,
    }

    unknown = desk.post(url, json={"token": "no-such-token-here"})
    assert unknown.status_code == 404 and unknown.get_json()["outcome"] == "unknown"

    picked = desk.post(url, json={"registration_id": pending.id})
    assert picked.status_code == 409 and picked.get_json()["outcome"] == "not_approved"

    for bad in ({}, {"token": ""}, {"token": 12}, {"registration_id": "3"}, ["x"]):
        assert desk.post(url, json=bad).status_code == 400, bad
    assert desk.post(url, data="not json", content_type="application/json").status_code == 400


def test_json_answers_in_the_desks_language(desk, seminar, amina, db):
    from forum.models import User

    staff = db.session.scalar(sa.select(User).where(User.username == "sofia"))
    staff.locale = "es"
    db.session.commit()
    url = f"/events/{seminar.slug}/manage/check-in.json"
    desk.post(url, json={"token": amina.checkin_token})
    body = desk.post(url, json={"token": amina.checkin_token}).get_json()
    assert body["message"].startswith("La llegada ya se registró")
    assert body["person"]["status_label"] == "Aprobada"


def test_every_attempt_is_audited_with_ids_only(
    desk, seminar, amina, make_user, make_registration, make_event
):
    url = f"/events/{seminar.slug}/manage/check-in.json"
    pending = make_registration(seminar, make_user("noor"), "pending", badge_name="Noor")
    other = make_registration(make_event("Elsewhere"), make_user("karim"), "approved")
    desk.post(url, json={"token": amina.checkin_token})
    desk.post(url, json={"token": amina.checkin_token})
    desk.post(url, json={"token": pending.checkin_token})
    desk.post(url, json={"token": other.checkin_token})
    desk.post(url, json={"token": "no-such-token-here"})
    entries = list(_db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))
    checkins = [e for e in entries if e.action.startswith("registration.check_in")]
    assert [(e.action, e.target_id) for e in checkins] == [
        ("registration.check_in", amina.id),
        ("registration.check_in_repeat", amina.id),
        ("registration.check_in_refused", pending.id),
        ("registration.check_in_other_event", None),
        ("registration.check_in_unknown", None),
    ]
    staff_id = checkins[0].actor_id
    assert {(e.actor_id, e.event_id, e.detail) for e in checkins} == {(staff_id, seminar.id, None)}


def test_json_endpoint_needs_the_csrf_token(csrf_app, make_user, make_event, make_registration):
    make_user("sofia", roles=[Role.STAFF])
    seminar = make_event("Regional protection forum")
    registration = make_registration(seminar, make_user("amina"), "approved")
    browser = csrf_app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    response = browser.post(
        "/auth/login",
        data={
            "username": "sofia",
            "password": "correct horse battery staple",
            "csrf_token": csrf_token_from(page),
        },
    )
    from tests.conftest import current_code

    code_page = browser.get(response.headers["Location"]).get_data(as_text=True)
    browser.post(
        "/auth/login/code",
        data={"code": current_code("sofia"), "csrf_token": csrf_token_from(code_page)},
    )
    desk_page = browser.get(f"/events/{seminar.slug}/manage/check-in")
    assert desk_page.status_code == 200
    token = csrf_token_from(desk_page.get_data(as_text=True))
    url = f"/events/{seminar.slug}/manage/check-in.json"
    refused = browser.post(url, json={"token": registration.checkin_token})
    assert refused.status_code == 400
    assert _checked_in_at(registration.id) is None
    accepted = browser.post(
        url, json={"token": registration.checkin_token}, headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200


def test_manage_pages_link_to_the_desk(desk, seminar):
    overview = desk.get(f"/events/{seminar.slug}/manage/").get_data(as_text=True)
    assert f"/events/{seminar.slug}/manage/check-in" in overview
    registrations = desk.get(f"/events/{seminar.slug}/manage/registrations")
    assert f"/events/{seminar.slug}/manage/check-in" in registrations.get_data(as_text=True)


def test_malformed_picks_are_refused_and_check_in_nobody(desk, seminar, amina):
    """White space, non-ASCII digits and ids no database column can hold are bad
    requests, not crashes; nobody is checked in by them."""
    url = f"/events/{seminar.slug}/manage/check-in"
    for bad in ("\t", "²", "٣", "9" * 40, "-1"):
        response = desk.post(url, data={"registration_id": bad})
        assert response.status_code == 422, bad
    for bad in (10**30, -5, 0):
        response = desk.post(f"{url}.json", json={"registration_id": bad})
        assert response.status_code == 400, bad
    assert _checked_in_at(amina.id) is None
