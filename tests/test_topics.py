"""Topic pages: a region, a country, a risk or a group of defenders, with the exchanges
and events tagged with it that the viewer may see, and nothing else."""

from datetime import timedelta

from forum.events.models import Event, EventStatus, EventText
from forum.exchanges import services
from forum.library.models import WorkTag
from forum.models import utcnow
from tests.library.factories import create_work


def _event(db, slug, country, status=EventStatus.PUBLISHED.value):
    starts = utcnow() + timedelta(days=20)
    event = Event(
        slug=slug,
        status=status,
        country=country,
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
    )
    event.texts = [EventText(locale="en", title=f"Forum {slug}")]
    db.session.add(event)
    db.session.commit()
    return event


def _thread(db, author, title, visibility="public", **tags):
    thread = services.create_thread(
        author,
        title=title,
        body="A tactic.",
        language="en",
        tags=services.Tags(**{"regions": ["africa"], "risks": ["threats"], **tags}),
        visibility=visibility,
    )
    db.session.commit()
    return thread


def test_a_country_page_lists_its_exchanges_and_events(client, db, make_user):
    author = make_user("amina")
    _thread(db, author, "Senegal hotline", countries=["SN"])
    _thread(db, author, "Kenya hotline", countries=["KE"])
    _thread(db, author, "Members only in Senegal", visibility="members", countries=["SN"])
    _event(db, "dakar", "SN")
    _event(db, "draft-dakar", "SN", status=EventStatus.DRAFT.value)
    _event(db, "nairobi", "KE")
    page = client.get("/topics/country/SN")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Senegal hotline" in text and "Forum dakar" in text
    for hidden in (
        "Kenya hotline",
        "Members only in Senegal",
        "Forum draft-dakar",
        "Forum nairobi",
    ):
        assert hidden not in text
    assert "/exchanges/?country=SN" in text and "/events/?country=SN" in text


def test_a_region_page_gathers_its_countries_and_a_risk_page_its_exchanges(client, db, make_user):
    author = make_user("amina")
    _thread(db, author, "Regional alerts")
    _thread(db, author, "Raid drill", risks=["raids"])
    _event(db, "dakar", "SN")
    region = client.get("/topics/region/africa").get_data(as_text=True)
    assert "Regional alerts" in region and "Forum dakar" in region
    assert "/topics/country/SN" in region
    risk = client.get("/topics/risk/raids").get_data(as_text=True)
    assert "Raid drill" in risk and "Regional alerts" not in risk
    assert "Upcoming events" not in risk  # events carry no risk tags


def test_unknown_topics_are_not_found(client):
    for path in (
        "/topics/region/atlantis",
        "/topics/country/XX",
        "/topics/country/sn",
        "/topics/planet/earth",
        "/topics/risk/%00",
        "/topics/group/" + "a" * 500,
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/topics/").status_code == 200


def _work(db, title, visibility="public", **tags):
    work = create_work(title, visibility=visibility)
    for vocabulary, codes in tags.items():
        work.tags.extend(WorkTag(vocabulary=vocabulary, code=code) for code in codes)
    db.session.commit()
    return work


def test_a_topic_page_lists_the_works_with_its_tag_that_the_viewer_may_see(
    client, db, make_user, login_as
):
    _work(db, "Raid preparedness guide", risk=["raids"])
    _work(db, "Members' raid checklist", visibility="members", risk=["raids"])
    _work(db, "Land defenders handbook", risk=["land-environment"])
    _work(db, "Senegal legal guide", country=["SN"])
    visitor = client.get("/topics/risk/raids").get_data(as_text=True)
    assert "Raid preparedness guide" in visitor
    for hidden in ("Members' raid checklist", "Land defenders handbook", "Senegal legal guide"):
        assert hidden not in visitor
    assert "/library/?topic=risk:raids" in visitor
    assert "See the 1 work" in visitor
    login_as("amina")
    member = client.get("/topics/risk/raids").get_data(as_text=True)
    assert "Members&#39; raid checklist" in member and "See all 2 works" in member
    country = client.get("/topics/country/SN").get_data(as_text=True)
    assert "Senegal legal guide" in country and "Raid preparedness guide" not in country
    assert 'id="topic-works"' not in client.get("/topics/group/lawyers").get_data(as_text=True)
