"""The event page's registration panel (a partial the event detail page includes) and the
"Your registrations" section of /account/."""

from datetime import timedelta

from flask import render_template
from flask_login import AnonymousUserMixin

from forum.events.registration.queries import panel_state, registration_of
from forum.models import utcnow
from tests.checks import assert_private_page
from tests.conftest import login


def panel(app, event, user, registration=None, with_state=False):
    context = {"event": event, "my_registration": registration, "current_user": user}
    if with_state:
        context["registration_state"] = panel_state(event, registration)
    with app.test_request_context(f"/events/{event.slug}/"):
        return render_template("registration/_event_panel.html", **context)


def test_visitors_are_invited_to_sign_in_first(app, make_event):
    event = make_event(capacity=2)
    html = panel(app, event, AnonymousUserMixin())
    assert "Sign in to register" in html
    assert f"/auth/login?next=/events/{event.slug}/register" in html
    assert "2 places. When all are taken, new requests join the waiting list." in html
    assert_private_page(html)


def test_members_see_places_left_and_whether_requests_are_reviewed(
    app, make_event, make_user, enrol
):
    event = make_event(capacity=2, requires_approval=True)
    member = make_user("amina")
    html = panel(app, event, member, with_state=True)
    assert "2 places left." in html and "The organizers review each request." in html
    assert f'href="/events/{event.slug}/register"' in html


def test_a_full_event_says_new_requests_join_the_waiting_list(app, make_event, make_user, enrol):
    event = make_event(capacity=1)
    enrol(event, make_user("first"))
    html = panel(app, event, make_user("second"), with_state=True)
    assert "The event is full: new requests join the waiting list." in html


def test_closed_and_future_windows_are_explained(app, make_event, make_user):
    member = make_user("amina")
    closed = make_event(registration_closes_at=utcnow() - timedelta(days=1))
    later = make_event(registration_opens_at=utcnow() + timedelta(days=3))
    assert "Registration for this event is closed." in panel(app, closed, member)
    html = panel(app, later, member)
    assert "Registration opens on" in html and 'class="button"' not in html


def test_my_status_rank_and_a_cancel_button(app, make_event, make_user, enrol):
    event = make_event(capacity=1)
    enrol(event, make_user("first"))
    me = make_user("amina")
    mine = enrol(event, me)
    html = panel(app, event, me, mine, with_state=True)
    assert "On the waiting list" in html and "Number 1 on the waiting list." in html
    assert f'action="/events/{event.slug}/register/cancel"' in html
    assert_private_page(html)


def test_no_cancel_button_once_the_event_is_over(app, make_event, make_user, enrol):
    event = make_event(starts_at=utcnow() - timedelta(days=5))
    me = make_user("amina")
    mine = enrol(event, me, now=event.starts_at - timedelta(days=3))
    html = panel(app, event, me, mine)
    assert "Approved" in html and "/register/cancel" not in html


def test_my_registrations_are_listed_on_my_account_and_can_be_cancelled_there(
    client, db, make_event, make_user, enrol
):
    event = make_event(capacity=1, title="Dakar convening")
    me = make_user("amina")
    enrol(event, me)
    waiting = make_user("joao")
    enrol(event, waiting)
    login(client, "amina")
    page = client.get("/account/").get_data(as_text=True)
    assert "Your registrations" in page and "Dakar convening" in page and "Approved" in page
    assert 'href="/account/profile"' in page and 'href="/account/data"' in page
    assert_private_page(page)
    response = client.post(f"/events/{event.slug}/register/cancel", data={"next": "/account/"})
    assert response.status_code == 303 and response.headers["Location"] == "/account/"
    page = client.get("/account/").get_data(as_text=True)
    assert "Cancelled" in page
    assert "Your place went to the next person on the waiting list." in page
    db.session.expire_all()
    assert registration_of(waiting, event.id).status == "approved"


def test_cancelling_redirects_only_within_the_site(client, make_event, make_user, enrol):
    event = make_event()
    enrol(event, make_user("amina"))
    login(client, "amina")
    response = client.post(
        f"/events/{event.slug}/register/cancel", data={"next": "https://evil.example/"}
    )
    assert response.headers["Location"] == f"/events/{event.slug}/register"
