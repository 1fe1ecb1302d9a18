"""What a signed-in request costs beyond a visitor's, in queries (issue 19).

Most people who use Convene are signed in and get no anonymous page cache, so the work
every signed-in request adds (loading the person, the session checks, the unread count
in the header) is paid on every page. These tests pin it; benchmarks are in bench/.
"""

from __future__ import annotations

import pytest

from forum.models import Role


def test_loading_the_signed_in_person_is_one_query(client, login_as, count_queries):
    with count_queries() as visitor:
        assert client.get("/healthz").status_code == 200
    login_as("amina", Role.MODERATOR)
    with count_queries() as member:
        assert client.get("/healthz").status_code == 200
    # The account and its roles together: one statement, not one for each.
    assert member.count - visitor.count == 1, member.statements


@pytest.mark.parametrize("path", ["/", "/events/", "/exchanges/", "/account/"])
def test_signed_in_pages_add_a_fixed_few_queries(path, client, login_as, count_queries):
    client.get(path)
    with count_queries() as first:
        client.get(path)
    login_as("amina")
    client.get(path)
    with count_queries() as member:
        response = client.get(path)
    assert response.status_code == 200
    assert 'action="/auth/logout"' in response.get_data(as_text=True)
    if path == "/account/":  # visitors are sent to sign in: compare with a known figure
        assert member.count <= 9, member.statements
        return
    # The person (with roles), the unread count, and the person's own marks on the page.
    assert member.count - first.count <= 3, member.statements


def test_the_notifications_page_does_not_count_what_it_lists(
    client, login_as, make_user, count_queries
):
    """The list of notifications is the count: the header does not ask again."""
    from forum.exchanges import services
    from forum.extensions import db

    author = make_user("joao")
    thread = services.create_thread(
        author,
        title="Legal support",
        body="Who has a lawyer on call?",
        language="en",
        tags=services.Tags(regions=["americas"], countries=[], risks=["criminalisation"]),
        visibility="members",
    )
    db.session.commit()
    login_as("amina")
    client.post(f"/exchanges/{thread.id}/follow")
    services.reply(author, thread, body="We do.", language="en")
    db.session.commit()
    client.get("/exchanges/notifications")
    with count_queries() as member:
        response = client.get("/exchanges/notifications")
    assert "1 new reply" in response.get_data(as_text=True)
    # The person (with roles), the unread replies, their threads, how many are followed.
    assert member.count <= 4, member.statements
