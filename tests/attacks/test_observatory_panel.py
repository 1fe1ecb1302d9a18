"""Attack patterns on an observatory country page (issue 18): the country's published
figures only ("<5" for 1-4 incidents, never the exact count), the same records as the
patterns page (verified, aggregate consent standing), for members only, and a fixed
number of queries whatever the data."""

from __future__ import annotations

import re

import sqlalchemy as sa

from forum.attacks import services
from forum.attacks.models import Incident
from forum.extensions import db
from tests.attacks.factories import make_incident

PANEL = re.compile(r'<h3 id="attack-patterns-here">.*?Patterns of attacks on defenders</a>', re.S)
CELL = re.compile(r'<td class="count[^"]*">([^<]*)</td>')
THREATS = "Threats &amp; intimidation (including against family)"


def _panel(client, code: str) -> str | None:  # noqa: ANN001
    response = client.get(f"/observatory/countries/{code}")
    assert response.status_code == 200
    found = PANEL.search(response.get_data(as_text=True))
    return found.group(0) if found else None


def _published(cells: list[str]) -> None:
    for text in cells:
        assert text == "&lt;5" or int(text.replace(",", "")) >= 5, text


def test_the_panel_shows_published_figures_only(client, documenter, login_as) -> None:  # noqa: ANN001
    for _ in range(3):
        make_incident(documenter, country="CO")
    for _ in range(12):
        make_incident(documenter, country="KE", acts=[("digital", "surveillance")])
    make_incident(documenter, country="PE", status="reported")
    make_incident(documenter, country="BO", status="rejected")
    make_incident(documenter, country="EC", consents=["internal"])
    login_as("amina")

    colombia = _panel(client, "CO")
    assert colombia is not None
    assert "Verified incidents published in aggregate: &lt;5" in colombia
    assert re.search(rf"<bdi>{re.escape(THREATS)}</bdi></th><td [^>]*>&lt;5</td>", colombia)
    assert "Digital" not in colombia  # a type with no incident is left out, not shown as 0
    _published(CELL.findall(colombia))
    assert "/attacks/patterns" in colombia

    kenya = _panel(client, "KE")
    assert kenya is not None
    cells = CELL.findall(kenya)
    _published(cells)
    # The same figure as Kenya's square on the patterns map: one set of records, one figure.
    total = re.search(r"published in aggregate: ([^<]+)</p>", kenya).group(1)
    patterns = client.get("/attacks/patterns").get_data(as_text=True)
    assert f"<title>Kenya: {total}</title>" in patterns
    # Unverified, rejected or not consented to aggregate use: nowhere.
    for code in ("PE", "BO", "EC", "NP"):
        assert _panel(client, code) is None


def test_people_who_may_not_see_patterns_do_not_see_the_panel(client, documenter, login_as) -> None:  # noqa: ANN001
    for _ in range(6):
        make_incident(documenter, country="CO")
    assert _panel(client, "CO") is None  # a visitor
    page = client.get("/observatory/countries/CO").get_data(as_text=True)
    assert "Attacks on defenders" not in page and "attack-patterns" not in page
    login_as("amina")
    assert _panel(client, "CO") is not None


def test_withdrawn_consent_leaves_the_panel(client, documenter, login_as) -> None:  # noqa: ANN001
    for _ in range(7):
        make_incident(documenter, country="GT")
    lone = make_incident(documenter, country="NP").id
    extra = make_incident(documenter, country="GT").id
    login_as("amina")
    assert "&lt;5" in (_panel(client, "NP") or "")
    guatemala = _panel(client, "GT")

    services.withdraw_consent(documenter, db.session.get(Incident, lone), "aggregate")
    services.withdraw_consent(documenter, db.session.get(Incident, extra), "aggregate")
    db.session.commit()
    assert _panel(client, "NP") is None
    withdrawn = _panel(client, "GT")
    # Exactly as if the records had never been.
    db.session.execute(sa.delete(Incident).where(Incident.id.in_([lone, extra])))
    db.session.commit()
    assert _panel(client, "NP") is None
    assert _panel(client, "GT") == withdrawn
    assert guatemala is not None and withdrawn is not None


def test_the_panel_takes_a_fixed_number_of_queries(
    client, documenter, login_as, count_queries
) -> None:  # noqa: ANN001
    for _ in range(6):
        make_incident(documenter, country="CO")
    login_as("amina")
    client.get("/observatory/countries/CO")
    with count_queries() as counter:
        assert _panel(client, "CO") is not None
    few = counter.count
    for i in range(25):
        make_incident(
            documenter,
            country="CO",
            acts=[("threats", "death-threat"), (("digital", "raids")[i % 2], "other")],
        )
    with count_queries() as counter:
        assert _panel(client, "CO") is not None
    assert counter.count == few
