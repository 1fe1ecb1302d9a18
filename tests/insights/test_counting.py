"""What is counted: only what the viewer may read; the database does the counting."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.events.registration.models import RegistrationStatus
from forum.exchanges.models import Post
from forum.insights import queries
from forum.models import Role
from tests.insights.conftest import posts_text, published_counts


def _heat(viewer) -> dict:
    """True counts (never shown: the page publishes figures made from these)."""
    heat = queries.count_exchanges(viewer, queries.InsightFilters()).heat
    return {key: tally.count for key, tally in heat.items()}


@pytest.fixture
def audiences(db, add_threads, make_user, make_event, approve):
    """Five threads of each audience, one reply each, one more hidden and one deleted."""
    event = make_event()
    organizer = make_user("orla")
    event.organizers.append(organizer)
    participant = make_user("pat")
    approve(participant, event)
    pending = make_user("penny")
    approve(pending, event, RegistrationStatus.PENDING.value)
    add_threads(5, replies=1, risk="digital", visibility="public", hidden_replies=1)
    add_threads(5, replies=1, risk="threats", visibility="members", hidden_replies=1)
    add_threads(5, replies=1, risk="raids", visibility="participants", event_id=event.id)
    deleted = db.session.scalars(sa.select(Post).where(Post.is_opening.is_(False))).first()
    deleted.deleted_at = deleted.created_at
    db.session.commit()
    return {"event": event, "organizer": organizer, "participant": participant, "pending": pending}


def test_members_count_only_what_they_may_read(db, audiences, make_user):
    outsider = make_user("olga")
    # public: 5 openings + 5 replies, one of them deleted; the hidden replies never count
    assert _heat(outsider) == {("africa", "digital"): 9, ("africa", "threats"): 10}
    for reader in (audiences["participant"], audiences["organizer"]):
        assert _heat(reader)[("africa", "raids")] == 10
    assert ("africa", "raids") not in _heat(audiences["pending"])


def test_anonymous_counts_public_threads_only(audiences):
    from flask_login import AnonymousUserMixin

    assert _heat(AnonymousUserMixin()) == {("africa", "digital"): 9}


def test_moderators_count_event_threads_but_never_hidden_posts(audiences, make_user):
    moderator = make_user("nadia", roles=[Role.MODERATOR])
    assert _heat(moderator) == {
        ("africa", "digital"): 9,
        ("africa", "threats"): 10,
        ("africa", "raids"): 10,
    }


def test_hidden_and_deleted_threads_are_not_counted(db, add_threads, make_user):
    from forum.exchanges.models import Thread

    ids = add_threads(6, risk="digital")
    db.session.get(Thread, ids[0]).hidden_at = db.session.get(Thread, ids[0]).created_at
    db.session.get(Thread, ids[1]).deleted_at = db.session.get(Thread, ids[1]).created_at
    db.session.commit()
    assert _heat(make_user("olga")) == {("africa", "digital"): 4}


def test_old_posts_fall_outside_the_period(add_threads, make_user):
    add_threads(5, days_ago=300)
    viewer = make_user("olga")
    assert _heat(viewer) == {("africa", "digital"): 5}
    assert queries.count_exchanges(viewer, queries.InsightFilters(months=6)).heat == {}


def test_months_are_bucketed_alike_on_both_databases(add_threads, make_user):
    from datetime import date

    add_threads(5, days_ago=0)
    today = date.today()
    counts = queries.count_exchanges(make_user("olga"), queries.InsightFilters(), today)
    assert counts.months[-1] == f"{today:%Y-%m}" and len(counts.months) == 24
    assert {k: t.count for k, t in counts.trend.items()} == {(f"{today:%Y-%m}", "digital"): 5}


def test_period_months_cross_the_year():
    from datetime import date

    assert queries.period_months(3, date(2026, 2, 10)) == ["2025-12", "2026-01", "2026-02"]


def test_query_count_stays_the_same_as_content_grows(client, add_threads, login_as, count_queries):
    login_as("amina")

    def queries_for_page() -> int:
        with count_queries() as counter:
            assert client.get("/insights/").status_code == 200
        return counter.count

    add_threads(5, replies=2)
    few = queries_for_page()
    for region in ("americas", "mena", "asia-pacific"):
        add_threads(40, replies=5, region=region, risk="threats", days_ago=100)
    many = queries_for_page()
    assert many == few
    # the signed-in account and its roles, then one query for the four tables
    assert few <= 4


def test_csv_query_count_is_constant_too(client, add_threads, login_as, count_queries):
    login_as("amina")
    add_threads(5)
    with count_queries() as few:
        client.get("/insights/trend.csv")
    add_threads(80, replies=3, risk="raids")
    with count_queries() as many:
        client.get("/insights/trend.csv")
    assert few.count == many.count


def test_portuguese_page_has_localized_months_and_numbers(client, add_threads, login_as):
    add_threads(1234, region="americas", risk="threats")
    login_as("joao", locale="pt")
    html = client.get("/insights/").get_data(as_text=True)
    assert 'lang="pt"' in html and 'dir="ltr"' in html
    assert "Trocas por região e tipo de risco" in html
    # Portuguese thousands separator (the figure is adjusted by at most 5)
    assert any(re.fullmatch(r"1\.2[23]\d", cell) for cell in published_counts(html))
    assert "nov. de" in html  # month names in Portuguese


def test_arabic_page_is_right_to_left_with_arabic_months(client, add_threads, login_as):
    add_threads(6, region="mena", risk="threats")
    login_as("layla", locale="ar")
    html = client.get("/insights/").get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert 'direction="rtl"' in html  # the SVG charts are mirrored
    assert "التبادلات حسب المنطقة ونوع الخطر" in html
    assert "نوفمبر" in html or "أكتوبر" in html or "ديسمبر" in html
    csv = client.get("/insights/regions.csv")
    assert csv.data.startswith("\ufeff".encode()) and "الشرق الأوسط".encode() in csv.data


def test_counts_are_cached_per_audience_and_forgotten_on_a_change(
    app, db, client, add_threads, login_as, make_user, count_queries
):
    from forum.exchanges.models import Thread

    app.config["FORUM_INSIGHTS_CACHE_SECONDS"] = 60
    ids = add_threads(6, visibility="members")
    login_as("amina")
    six = posts_text(db, ids)
    assert six in published_counts(client.get("/insights/").get_data(as_text=True))
    with count_queries() as again:
        client.get("/insights/")
    assert not any("per_thread_month" in s for s in again.statements)  # from the cache
    # another audience never gets the members' numbers
    services_enable = make_user("root", roles=[Role.ADMIN])
    from forum.insights import services

    services.set_public_insights(services_enable, True)
    db.session.commit()
    anonymous = app.test_client()
    assert six not in published_counts(anonymous.get("/insights/").get_data(as_text=True))
    # a change committed through the ORM empties the cache at once
    db.session.get(Thread, ids[0]).hidden_at = db.session.get(Thread, ids[0]).created_at
    db.session.commit()
    five = posts_text(db, ids[1:])
    assert five in published_counts(client.get("/insights/").get_data(as_text=True))


def test_posts_inserted_in_bulk_get_their_own_record_keys(db, add_threads):
    """Each row gets a key from the model's default, even in one bulk insert."""
    add_threads(40)
    keys = db.session.scalars(sa.select(Post.stat_key)).all()
    assert len(keys) == 40 and len(set(keys)) > 10
    assert all(0 <= key < 256 for key in keys)
