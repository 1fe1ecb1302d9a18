"""Visitors who are not signed in share the library list for a few seconds (the page
cache, `forum.page_cache`): a second visit reads only the shared version, and a new work
shows at once; members always get their own page."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.events.test_anonymous_cache import statements  # noqa: F401 - the fixture


@pytest.fixture
def cached_app(app, database_url, tmp_path):  # noqa: ANN001, ANN201
    """Made after `app` so both share the migrated database; the cache on, 30 s."""
    return make_app(database_url, tmp_path, FORUM_ANON_CACHE_SECONDS="30")


def test_visitors_share_the_list_until_a_work_is_added(cached_app, make_work, statements):  # noqa: ANN001, F811
    make_work(title="Holistic security manual")
    client = cached_app.test_client()
    with statements() as first_visit:
        first = client.get("/library/")
    with statements() as second_visit:
        second = client.get("/library/")
    assert len(first_visit) > 1
    assert len(second_visit) == 1 and "FROM cache_versions" in second_visit[0]
    assert second.get_data() == first.get_data()
    assert "Holistic security manual" in second.get_data(as_text=True)

    make_work(title="Digital care guide")
    assert "Digital care guide" in client.get("/library/").get_data(as_text=True)


def test_members_only_works_never_reach_a_visitors_copy(cached_app, make_work, make_user):  # noqa: ANN001
    from tests.conftest import login

    make_work(title="Members briefing", visibility="members")
    make_work(title="Public manual")
    make_user("amina")
    member = cached_app.test_client()
    assert login(member, "amina").status_code == 302
    assert "Members briefing" in member.get("/library/").get_data(as_text=True)
    visitor = cached_app.test_client().get("/library/").get_data(as_text=True)
    assert "Public manual" in visitor and "Members briefing" not in visitor
