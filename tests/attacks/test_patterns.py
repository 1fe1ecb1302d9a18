"""The patterns page: every figure through the disclosure-control layer, only verified
records with a standing aggregate consent, the same answer as if a withdrawn record had
never existed, a fixed number of queries, CSV of the published figures only."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from forum.attacks import services
from forum.attacks.models import Incident
from forum.models import Role
from forum.security.audit import audit
from tests.attacks.factories import make_incident
from tests.conftest import login

KEYS = ("months", "regions", "groups", "settings", "perpetrators", "threatened", "outcomes")


def _many(documenter, n: int, **overrides):  # noqa: ANN001, ANN202
    made = []
    for i in range(n):
        incident = make_incident(
            documenter,
            country=("CO", "GT", "KE")[i % 3],
            setting=("urban", "rural", "isolated")[i % 3],
            **overrides,
        )
        services.add_response(documenter, incident, "legal", ("worked", "partly")[i % 2])
        made.append(incident.id)
    from forum.extensions import db

    db.session.commit()
    return made


def _everything(client) -> str:  # noqa: ANN001
    page = client.get("/attacks/patterns").get_data(as_text=True)
    page = page.split("<h1>", 1)[1]  # the figures, not the per-request tokens above them
    files = [client.get(f"/attacks/patterns/{key}.csv").get_data(as_text=True) for key in KEYS]
    return "\n".join([page, *files])


def _figures(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return [cell for row in rows[1:] for cell in row[1:] if cell]


def test_members_see_published_figures_only(client, db, documenter, login_as) -> None:
    _many(documenter, 12)
    make_incident(documenter, country="PE", status="reported")
    make_incident(documenter, country="BO", status="rejected")
    make_incident(documenter, country="EC", consents=["internal"])
    login_as("amina")
    response = client.get("/attacks/patterns")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Patterns of attacks on defenders" in page
    assert "<svg" in page and 'id="attack-map"' in page
    # Records not verified, rejected or without aggregate consent are nowhere.
    for code in ("PE", "BO", "EC"):
        assert re.search(rf'<g class="tile tile-0"><title>[^<]*: 0</title>.*?>{code}<', page)
    # Colombia holds 4 incidents: hatched, never a value.
    assert re.search(r'<g class="tile tile-suppressed"><title>Colombia: &lt;5</title>', page)


def test_every_published_count_is_zero_hidden_or_at_least_five(client, db, documenter) -> None:
    _many(documenter, 14)
    login(client, "documenter")
    for key in KEYS:
        response = client.get(f"/attacks/patterns/{key}.csv")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        for cell in _figures(response.get_data(as_text=True)):
            if cell in ("<5", "0") or not cell[0].isdigit():
                continue
            assert int(cell.replace(",", "")) >= 5, f"{key}: {cell}"


@pytest.mark.parametrize("cache_seconds", [0, 60], ids=["uncached", "tallies cached"])
def test_withdrawn_consent_leaves_every_figure_at_once(
    app, client, db, documenter, login_as, cache_seconds
) -> None:
    """Also with the tallies kept for a minute: the withdrawal's commit drops them."""
    app.config["FORUM_INSIGHTS_CACHE_SECONDS"] = cache_seconds
    _many(documenter, 15)
    lone = make_incident(documenter, country="NP", setting="isolated").id
    login_as("amina")
    before = _everything(client)
    assert "Nepal: &lt;5" in before
    incident = db.session.get(Incident, lone)
    services.withdraw_consent(documenter, incident, "aggregate")
    db.session.commit()
    withdrawn = _everything(client)
    assert "Nepal: 0" in withdrawn
    # Exactly as if the record had never been: no figure, total or file remembers it.
    db.session.execute(sa.delete(Incident).where(Incident.id == lone))
    db.session.commit()
    assert _everything(client) == withdrawn


def test_the_page_takes_a_fixed_number_of_queries(client, db, documenter, count_queries) -> None:
    login(client, "documenter")
    _many(documenter, 6)
    client.get("/attacks/patterns")
    with count_queries() as counter:
        client.get("/attacks/patterns")
    few = counter.count
    _many(documenter, 30, groups=["women", "rural", "lawyers"])
    with count_queries() as counter:
        client.get("/attacks/patterns")
    assert counter.count == few


def test_cached_tallies_serve_every_viewer_and_every_language(
    app, client, db, documenter, login_as, count_queries
) -> None:
    """The ten counting queries run once a minute, not once a page; each language
    still gets its own page from the same tallies."""
    app.config["FORUM_INSIGHTS_CACHE_SECONDS"] = 60
    _many(documenter, 9)
    login_as("amina")
    first = client.get("/attacks/patterns").get_data(as_text=True)
    with count_queries() as counter:
        again = client.get("/attacks/patterns").get_data(as_text=True)
    assert not _tally_queries(counter.statements)
    assert _figures_of(again) == _figures_of(first)
    arabic = client.get("/attacks/patterns", headers={"Accept-Language": "ar"})
    assert 'dir="rtl"' in arabic.get_data(as_text=True)
    # Another filter is other tallies.
    with count_queries() as counter:
        client.get("/attacks/patterns?response=relocation")
    assert _tally_queries(counter.statements)


def test_an_audited_view_keeps_the_tallies_and_a_change_drops_them(
    app, client, db, documenter, login_as, count_queries
) -> None:
    """Every read of a record writes an audit entry; that shows on no published figure,
    so it must not throw the shared tallies away. A new verified incident does."""
    app.config["FORUM_INSIGHTS_CACHE_SECONDS"] = 60
    _many(documenter, 9)
    login_as("amina")
    client.get("/attacks/patterns")
    audit(documenter, "attacks.record.read", target_type="incident", target_id=1)
    db.session.commit()
    with count_queries() as counter:
        client.get("/attacks/patterns")
    assert not _tally_queries(counter.statements)
    _many(documenter, 1)
    with count_queries() as counter:
        client.get("/attacks/patterns")
    assert _tally_queries(counter.statements)


def _tally_queries(statements: list[str]) -> list[str]:
    return [s for s in statements if "attack_incidents" in s and "GROUP BY" in s]


def _figures_of(page: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", page.split("<h1>", 1)[1])


def test_filters_are_checked(client, db, make_user) -> None:
    make_user("analyst", roles=[Role.ANALYST])
    login(client, "analyst")
    assert client.get("/attacks/patterns?response=relocation&group=women").status_code == 200
    assert client.get("/attacks/patterns?response=bribe").status_code == 400
    assert client.get("/attacks/patterns?setting=moon").status_code == 400
    assert client.get("/attacks/patterns/secret.csv").status_code == 404


def test_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/attacks/patterns")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_same_records_give_the_same_figure_in_every_table(db, documenter, app) -> None:
    """An attacker who reaches one set of records by several tables (or filters) learns
    nothing new: every route gives the same published figure, so nothing averages out
    and no difference of two routes exposes a hidden count."""
    from forum.attacks.patterns import Filters, build
    from forum.models import utcnow

    _many(documenter, 40, groups=["women", "rural"])
    make_incident(documenter, country="SN")  # a lone incident, hidden wherever it is alone
    with app.test_request_context():
        found = build(Filters(), utcnow().date())
        again = build(Filters(group="women", setting="rural"), utcnow().date())
    t = found.tables
    grand = t["regions"].table.grand_total
    for key in ("groups", "settings", "perpetrators", "threatened"):
        assert t[key].table.grand_total == grand, key
    assert t["groups"].table.row_totals[0] == grand  # "all incidents" is the grand total
    assert list(t["regions"].table.row_totals) == list(t["perpetrators"].table.col_totals)
    for key in ("groups", "settings"):
        assert list(t[key].table.col_totals) == list(t["regions"].table.col_totals), key
    assert found.countries["SN"].hidden
    # Other filters change the outcome table only; every other figure stays as it was.
    for key in ("months", "regions", "groups", "settings", "perpetrators", "threatened"):
        assert again.tables[key].table == t[key].table, key


def test_members_land_on_the_patterns_and_handlers_on_the_records(
    client, db, documenter, login_as
) -> None:
    login_as("amina")
    assert client.get("/attacks/").headers["Location"].endswith("/attacks/patterns")
    client.post("/auth/logout")
    login(client, "documenter")
    assert client.get("/attacks/").headers["Location"].endswith("/attacks/records")
