"""The insights page: who sees it, what is counted, bad filters, languages."""

from __future__ import annotations

import re

import pytest

from forum.insights import services
from forum.models import Role
from forum.security.insights import public_insights_enabled
from tests.conftest import login
from tests.insights.conftest import posts_text, published_counts


@pytest.fixture
def data(add_threads):
    """Enough members-only and public content that some counts are shown."""
    return {
        "africa": add_threads(6, replies=1, region="africa", risk="digital"),
        "americas": add_threads(
            5, region="americas", risk="threats", visibility="public", outcome="worked"
        ),
        "mena": add_threads(
            2, region="mena", risk="threats", visibility="public", outcome="failed"
        ),
    }


def test_members_see_every_table(client, db, data, login_as):
    login_as("amina")
    response = client.get("/insights/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for table in ("table-regions", "table-trend", "table-groups", "table-outcomes"):
        assert f'id="{table}"' in html
    assert html.count("<svg") == 3
    # Africa x digital: 6 threads and 6 replies, published through the cell key method.
    cells = published_counts(html)
    assert posts_text(db, data["africa"]) in cells
    assert "<5" in cells  # MENA x threats: 2 posts
    assert not set(cells) & {"1", "2", "3", "4"}
    assert "slightly adjusted" in html


def test_anonymous_visitors_are_sent_to_sign_in_by_default(client, data):
    response = client.get("/insights/")
    assert response.status_code in (302, 401)
    assert client.get("/insights/regions.csv").status_code in (302, 401)


def test_public_subset_only_when_an_admin_allows_it(client, db, data, make_user):
    admin = make_user("ada", roles=[Role.ADMIN])
    services.set_public_insights(admin, True)
    db.session.commit()
    response = client.get("/insights/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="table-regions"' in html and 'id="table-trend"' in html
    assert 'id="table-groups"' not in html
    cells = published_counts(html)
    # members-only content is not counted: the Africa row is empty
    assert re.search(r"Africa</bdi></th>\s*(<td[^>]*>0</td>\s*)+</tr>", html)
    assert posts_text(db, data["americas"]) in cells  # five public threads
    assert client.get("/insights/groups.csv").status_code == 404


def test_admin_switch_is_audited_and_off_by_default(client, db, make_user):
    from forum.models import AuditEntry

    admin = make_user("ada", roles=[Role.ADMIN])
    login(client, "ada")
    page = client.get("/admin/insights").get_data(as_text=True)
    assert 'name="public"' in page and "checked" not in page
    response = client.post("/admin/insights", data={"public": "y"})
    assert response.status_code == 303
    assert public_insights_enabled()
    actions = [e.action for e in db.session.query(AuditEntry).all()]
    assert actions == ["insights.public_on"]
    assert admin.id == db.session.query(AuditEntry).one().actor_id


def test_members_cannot_flip_the_switch(client, login_as):
    login_as("amina")
    assert client.post("/admin/insights", data={"public": "y"}).status_code == 403
    assert not public_insights_enabled()


@pytest.mark.parametrize(
    "query",
    [
        "period=7",
        "region=atlantis",
        "risk=x",
        "group=1",
        "language=xx",
        "country=ZZ",
        "region=africa&country=BR",
    ],
)
def test_bad_filters_get_a_clear_message(client, login_as, query):
    login_as("amina")
    response = client.get(f"/insights/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    messages = ("Choose one of the options offered.", "Choose one filter at a time")
    assert any(message in html for message in messages)
    assert 'id="table-regions"' not in html
    assert client.get(f"/insights/regions.csv?{query}").status_code == 400


def test_bad_filter_message_is_translated(client, login_as):
    login_as("amina", locale="pt")
    html = client.get("/insights/?risk=x").get_data(as_text=True)
    assert "Choose one of the options offered." not in html


def test_filters_narrow_the_counts(client, db, data, login_as):
    login_as("amina")
    html = client.get("/insights/?region=americas").get_data(as_text=True)
    assert posts_text(db, data["americas"]) in published_counts(html)
    assert re.search(r'<th scope="row"><bdi>Americas</bdi></th>', html)
    assert "Africa</bdi>" not in html


def test_pages_reference_no_other_origin_and_no_inline_style(client, data, make_user):
    from tests.checks import assert_private_page

    make_user("root", roles=[Role.ADMIN])
    login(client, "root")
    for path in ("/insights/", "/admin/insights"):
        html = client.get(path).get_data(as_text=True)
        assert_private_page(html)
        assert "style=" not in html and "<style" not in html and "<script>" not in html
