"""`/events/`: upcoming and past, filters, pagination, drafts, and bad query strings."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.models import Role
from tests.checks import assert_private_page
from tests.conftest import login
from tests.events.conftest import in_days


def titles(html: str) -> list[str]:
    return re.findall(r'class="event-card-title"><a [^>]*>([^<]+)</a>', html)


def test_upcoming_and_past_are_separate(client, make_event):
    make_event("Next month", starts_at=in_days(30))
    make_event("Next week", starts_at=in_days(7))
    make_event("Last year", starts_at=in_days(-365))
    make_event("Last month", starts_at=in_days(-30))
    make_event("Happening now", starts_at=in_days(-0.5), hours=48)

    upcoming = client.get("/events/")
    assert upcoming.status_code == 200
    assert titles(upcoming.get_data(as_text=True)) == ["Happening now", "Next week", "Next month"]
    assert_private_page(upcoming.get_data(as_text=True))

    past = client.get("/events/?when=past").get_data(as_text=True)
    assert titles(past) == ["Last month", "Last year"]  # most recent first
    assert 'aria-current="page">Past<' in past


def test_drafts_show_only_to_their_team(client, make_event, make_user):
    make_event("Public seminar")
    make_event("Draft plan", status="draft")
    make_event("Called off", status="cancelled")
    make_user("other", roles=[Role.ORGANIZER])
    make_user("staffer", roles=[Role.STAFF])

    assert set(titles(client.get("/events/").get_data(as_text=True))) == {
        "Public seminar",
        "Called off",
    }
    login(client, "other")
    assert "Draft plan" not in client.get("/events/").get_data(as_text=True)
    client.post("/auth/logout")
    for name in ("lucia", "staffer"):
        login(client, name)
        page = client.get("/events/").get_data(as_text=True)
        assert "Draft plan" in page and ">Draft</span>" in page
        client.post("/auth/logout")
    page = client.get("/events/").get_data(as_text=True)
    assert ">Cancelled</span>" in page


def test_filters_by_kind_region_country_language_and_month(client, make_event):
    make_event(
        "Bogotá seminar",
        kind="seminar",
        texts={"es": "Seminario en Bogotá"},
        default_locale="es",
        starts_at=in_days(40),
    )
    make_event(
        "Dakar forum",
        kind="forum",
        city="Dakar",
        country="SN",
        texts={"fr": "Forum de Dakar", "en": "Dakar forum"},
        default_locale="fr",
        interpretation_languages=["ar"],
        starts_at=in_days(70),
    )
    make_event(
        "Online conference",
        kind="conference",
        venue_name=None,
        venue_address=None,
        city=None,
        country=None,
        online_url="https://meet.example.org/conf",
        starts_at=in_days(100),
    )

    def shown(query: str) -> set[str]:
        response = client.get("/events/?" + query)
        assert response.status_code == 200, query
        return set(titles(response.get_data(as_text=True)))

    assert shown("kind=forum") == {"Dakar forum"}
    assert shown("region=americas") == {"Seminario en Bogotá"}
    assert shown("region=africa") == {"Dakar forum"}
    assert shown("region=mena") == set()  # the online event belongs to no region
    assert shown("country=SN") == {"Dakar forum"}
    # Language: written in it, or interpreted into it.
    assert shown("language=es") == {"Seminario en Bogotá"}
    assert shown("language=ar") == {"Dakar forum"}
    assert shown("language=en") == {"Dakar forum", "Online conference"}
    assert shown("language=pt") == set()
    month = in_days(70).strftime("%Y-%m")
    assert "Dakar forum" in shown(f"month={month}")
    assert "Online conference" not in shown(f"month={month}")
    assert shown("kind=seminar&region=africa") == set()


def test_pagination_keeps_the_filters(client, make_event):
    for number in range(25):
        make_event(f"Workshop {number:02d}", kind="workshop", starts_at=in_days(10 + number))
    make_event("Not a workshop", kind="forum", starts_at=in_days(5))
    first = client.get("/events/?kind=workshop").get_data(as_text=True)
    assert len(titles(first)) == 20
    assert "Page 1 of 2" in first
    assert 'href="/events/?when=upcoming&amp;kind=workshop&amp;page=2"' in first
    second = client.get("/events/?kind=workshop&page=2").get_data(as_text=True)
    assert titles(second) == [f"Workshop {n}" for n in range(20, 25)]
    beyond = client.get("/events/?kind=workshop&page=9")
    assert beyond.status_code == 200 and titles(beyond.get_data(as_text=True)) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=party", "Choose one of the kinds offered."),
        ("region=atlantis", "Choose one of the regions offered."),
        ("country=ZZ", "Choose a country from the list."),
        ("language=tlh", "Choose one of the languages offered."),
        ("month=2027-13", "Give the month as year and month, e.g. 2027-03."),
        ("month=march", "Give the month as year and month, e.g. 2027-03."),
        ("page=0", "There is no such page."),
        ("page=-3", "There is no such page."),
        ("page=abc", "Enter a whole number."),
        ("page=99999999999999999999", "Enter a whole number."),
        ("when=someday", "Choose upcoming or past events."),
        ("kind=%00", "Choose one of the kinds offered."),
    ],
)
def test_bad_filters_answer_400_with_a_message(client, make_event, query, message):
    make_event("Anything")
    response = client.get("/events/?" + query)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "These filters cannot be used." in page
    assert titles(page) == []


def test_home_page_lists_upcoming_published_events(client, make_event):
    make_event("Soon", starts_at=in_days(3))
    make_event("Unpublished", status="draft", starts_at=in_days(2))
    make_event("Already over", starts_at=in_days(-20))
    page = client.get("/").get_data(as_text=True)
    assert "Upcoming events" in page
    assert titles(page) == ["Soon"]
    assert 'href="/events/"' in page  # the nav link and "All events"
    assert_private_page(page)


def test_home_page_without_events_says_so(client):
    assert "No upcoming events yet." in client.get("/").get_data(as_text=True)


def test_the_list_in_every_language(client, make_event):
    make_event(texts={"en": "Protection", "es": "Protección", "ar": "الحماية"})
    for locale, title in (("es", "Protección"), ("ar", "الحماية"), ("fr", "Protection")):
        client.set_cookie("forum_locale", locale)
        page = client.get("/events/").get_data(as_text=True)
        assert titles(page) == [title]
        assert ("anglais" in page) is (locale == "fr")  # "shown in English", in French


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["when", "kind", "region", "country", "language", "month", "page"]),
        st.text(max_size=30),
        max_size=4,
    )
)
def test_no_query_string_breaks_the_list(client, params):
    response = client.get("/events/", query_string=params)
    assert response.status_code in (200, 400), params


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    slug=st.text(min_size=1, max_size=90).filter(lambda s: "/" not in s and s not in {".", ".."})
)
def test_no_address_breaks_the_event_pages(client, slug):
    for suffix in ("/", "/agenda", "/manage/"):
        response = client.get(f"/events/{quote(slug, safe='')}{suffix}")
        assert response.status_code in (302, 404), (slug, suffix)
