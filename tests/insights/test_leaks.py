"""Attack what a member gets, as an attacker would: every CSV, every filter, alone and in pairs.

Known small counts are planted (threads with one tag of each kind, so every figure is a
sum of "atoms"). The attacker (tests/insights/attacker.py) downloads the four tables for
no filter, every filter value and every pair of filters, and solves for every count that
was ever shown as "<5": exactly (integer programming: is only one value possible?) and
as a best guess (the atoms that fit every published figure best).

The bound. A hidden count is known for certain only if every figure subtracted to reach
it sits at an end of the perturbation table (each end is 1 cell key in 256): for the few
dozen hidden counts here that is expected far less than once, so the test allows none.
With pairs of filters the same attacker pinned about half of them, so the page offers one
filter at a time (`test_pairs_of_filters_are_refused`).

What this does not promise: the attacker's *best guess* (the atoms that fit every figure
best) is still right more often than the 1 in 4 of guessing blind: between 7 and 18 of
23 over seven draws of record keys (mean 57%). The method gives doubt, not ignorance;
the test prints the rate so that a stronger method can be measured against it, and
fails if the guess is right for more than 80% of the hidden counts (exact publication:
all of them).
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
from collections import Counter
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from forum.models import User
from forum.statistics import keys
from tests.conftest import login
from tests.insights.attacker import TABLES, Attacker, atom_values, parse_csv
from tests.insights.conftest import published_counts

#: (country, risk, group, language, outcome) -> threads (one post each). Counts 1-4 are
#: the planted small cells; the large ones are what an attacker subtracts them from.
PLANTED = {
    ("SN", "threats", "women", "en", "worked"): 14,
    ("SN", "threats", "women", "pt", "worked"): 2,
    ("SN", "threats", "lawyers", "en", "failed"): 9,
    ("SN", "threats", "lawyers", "pt", "worked"): 1,
    ("SN", "digital", "women", "en", "worked"): 11,
    ("SN", "digital", "women", "pt", "failed"): 3,
    ("SN", "digital", "lawyers", "en", "worked"): 6,
    ("KE", "threats", "women", "en", "worked"): 8,
    ("KE", "threats", "women", "pt", "failed"): 1,
    ("KE", "digital", "lawyers", "en", "failed"): 4,
    ("KE", "digital", "women", "en", "worked"): 12,
    ("KE", "raids", "women", "en", "worked"): 7,
    ("KE", "raids", "lawyers", "pt", "worked"): 2,
    ("BR", "threats", "women", "pt", "worked"): 15,
    ("BR", "threats", "women", "en", "failed"): 3,
    ("BR", "threats", "lawyers", "pt", "worked"): 7,
    ("BR", "raids", "lawyers", "pt", "failed"): 10,
    ("BR", "raids", "lawyers", "en", "worked"): 4,
    ("BR", "digital", "women", "pt", "worked"): 2,
}
UNIVERSE = {
    "region": ["africa", "americas"],
    "country": ["SN", "KE", "BR"],
    "risk": ["threats", "digital", "raids"],
    "group": ["women", "lawyers"],
    "language": ["en", "pt"],
    "outcome": ["worked", "failed"],
}


def _atom(country: str, risk: str, group: str, language: str, outcome: str) -> dict:
    from forum import taxonomy

    region = taxonomy.region_of(country)
    return dict(
        region=region, country=country, risk=risk, group=group, language=language, outcome=outcome
    )


#: The record keys of the planted posts come from this seed, so the measurement below is
#: reproducible. How many hidden counts the best guess gets right depends on the keys
#: drawn: seeds 1-6 and 2026 gave 7, 18, 17, 12, 9, 16 and 13 of 23 (mean 57%), against
#: about 25% for a blind guess within the ranges (4 values). The method does not reach the
#: "no better than chance" bar yet (issue 13 stays open); what it guarantees is that no
#: hidden count is ever known for certain, and the bound below guards that the best guess
#: stays far from the exact publication's 100%.
KEY_SEED = int(os.environ.get("FORUM_TEST_KEY_SEED", "2026"))


@pytest.fixture
def planted(add_threads, monkeypatch):
    draw = random.Random(KEY_SEED)
    monkeypatch.setattr(keys, "secrets", SimpleNamespace(randbelow=draw.randrange))
    for (country, risk, group, language, outcome), n in PLANTED.items():
        region = _atom(country, risk, group, language, outcome)["region"]
        add_threads(
            n,
            region=region,
            country=country,
            risk=risk,
            group=group,
            language=language,
            outcome=outcome,
        )
    return [(_atom(*key), n) for key, n in PLANTED.items()]


def attack(attacker: Attacker, planted) -> dict:  # noqa: ANN001
    """Solve for every count shown as "<5": certain values and best guesses."""
    truth = atom_values(attacker, planted)
    targets = attacker.hidden_targets()
    true_small = [int(truth[list(t)].sum()) for t in targets]
    assert targets and all(1 <= v <= 4 for v in true_small)
    ranges = attacker.ranges(targets)
    assert all(lo <= v <= hi for (lo, hi), v in zip(ranges, true_small, strict=True))
    guess = attacker.best_guess()
    return {
        "targets": len(targets),
        "certain": sum(lo == hi for lo, hi in ranges),
        "hits": sum(
            int(guess[list(t)].sum()) == v for t, v in zip(targets, true_small, strict=True)
        ),
        "widths": Counter(hi - lo for lo, hi in ranges),
    }


def test_pairs_of_filters_are_refused(client, planted, login_as):
    """With pairs, the same attack pinned about half the hidden counts: the page offers
    one filter at a time (the tables themselves cross regions, risks and months)."""
    login_as("amina")
    for query in (
        "region=africa&risk=threats",
        "language=pt&group=women",
        "period=6&region=africa",
    ):
        assert client.get(f"/insights/regions.csv?{query}").status_code == 400
        html = client.get(f"/insights/?{query}").get_data(as_text=True)
        assert "Choose one filter at a time" in html


def test_combining_every_filter_recovers_no_small_count(client, planted, login_as):
    login_as("amina")
    attacker = Attacker(UNIVERSE)
    requests = attacker.collect(client, with_pairs=False)
    assert requests >= 60 and len(attacker.figures) > 1000
    # the same posts always publish the same figure, whatever query reached them
    assert attacker.inconsistencies() == []
    found = attack(attacker, planted)
    print(f"\nattack, adjusted figures: {requests} CSV downloads, {found}")
    assert found["certain"] == 0
    assert all(width >= 1 for width in found["widths"])
    assert found["hits"] <= 0.8 * found["targets"]


def test_without_adjustment_the_same_attack_would_succeed(client, planted, login_as):
    """The attacker is able: given exact figures (the old way), it recovers small cells."""
    login_as("amina")
    attacker = Attacker(UNIVERSE, adjusted=False)
    attacker.collect(client, with_pairs=False)
    truth = atom_values(attacker, planted)
    for figure in attacker.figures:
        if figure.text not in ("<5", "0"):
            figure.text = str(int(truth[list(figure.atoms)].sum()))
    found = attack(attacker, planted)
    print(f"\nattack, exact figures: {found}")
    assert found["certain"] >= found["targets"] // 2


def test_the_same_cell_by_two_routes_and_twice(client, planted, login_as):
    login_as("amina")
    whole = client.get("/insights/regions.csv").data
    assert client.get("/insights/regions.csv").data == whole  # repeating changes nothing
    _, rows, cells = parse_csv(whole.decode("utf-8-sig"))
    cols, _, africa = parse_csv(
        client.get("/insights/regions.csv?region=africa").data.decode("utf-8-sig")
    )
    assert africa[0] == cells[rows.index("Africa")]  # a filter or the full table: same
    _, _, threats = parse_csv(
        client.get("/insights/regions.csv?risk=threats").data.decode("utf-8-sig")
    )
    from forum import taxonomy

    j = cols.index(str(taxonomy.label(taxonomy.RISK_TYPES, "threats")))
    assert [row[0] for row in threats[:-1]] == [row[j] for row in cells[:-1]]
    page = published_counts(client.get("/insights/").get_data(as_text=True))
    assert cells[0][0] in page


def test_small_counts_never_appear_in_page_or_svg(client, planted, login_as):
    login_as("amina")
    html = client.get("/insights/?language=pt").get_data(as_text=True)
    cells = published_counts(html)
    assert "<5" in cells
    assert not set(cells) & {"1", "2", "3", "4"}
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert "slightly adjusted" in svg  # the chart carries the note
        for text in re.findall(r"<(?:text|title)[^>]*>([^<]*)<", svg):
            for number in re.findall(r"(?<![\w.])\d+(?![\w.])", text):
                assert number not in {"1", "2", "3", "4"}, text


def test_hidden_points_are_drawn_the_same_whatever_the_count(client, add_threads, login_as):
    """A "<5" of 1 and a "<5" of 4 give the same chart."""
    login_as("amina")
    add_threads(1, region="africa", risk="digital", group="women")
    one = client.get("/insights/").get_data(as_text=True)
    add_threads(3, region="africa", risk="digital", group="women")
    four = client.get("/insights/").get_data(as_text=True)
    charts = lambda html: re.findall(r"<svg.*?</svg>", html, re.S)  # noqa: E731
    assert charts(one) == charts(four)


def test_csv_is_exactly_the_page(client, planted, login_as):
    login_as("amina")
    page_cells = published_counts(client.get("/insights/").get_data(as_text=True))
    csv_cells = []
    for key in TABLES:
        text = client.get(f"/insights/{key}.csv").data.decode("utf-8-sig")
        cols, _, body = parse_csv(text)
        for row in body:
            csv_cells.extend(row if len(cols) > 1 else row[:1])
        assert "slightly adjusted" in text.splitlines()[-1]
    assert page_cells == csv_cells


def language_differencing(client, adjusted: bool = True) -> list[tuple[str, int, int]]:
    """Every table cell minus its other languages: (where, lowest, highest hidden value).

    Each exchange has one language, so a cell is the sum of its five language parts. When
    exactly one part is "<5" and the cell and the other parts are numbers, subtracting
    gives the hidden part: exactly if numbers are exact, within a range if adjusted.
    """
    from forum.i18n import LOCALES
    from tests.insights.attacker import bounds

    def table(key: str, query: str) -> list[list[str]]:
        return parse_csv(client.get(f"/insights/{key}.csv?{query}").data.decode("utf-8-sig"))[2]

    found = []
    for key in TABLES:
        whole = table(key, "")
        parts = [table(key, f"language={lang}") for lang in LOCALES]
        for i, row in enumerate(whole):
            for j, cell in enumerate(row):
                texts = [part[i][j] for part in parts]
                if cell in ("<5", "hidden") or texts.count("<5") != 1 or "hidden" in texts:
                    continue
                lo, hi = bounds(cell, adjusted=adjusted, total=False)
                others = [bounds(t, adjusted=adjusted, total=False) for t in texts if t != "<5"]
                low = max(1, lo - sum(h for _, h in others))
                high = min(4, hi - sum(lo for lo, _ in others))
                found.append((f"{key}[{i}][{j}]", low, high))
    return found


def test_demo_data_language_differencing_recovers_nothing(runner, client, db):
    """The attack of the issue on the demo data: a cell minus its other languages."""
    result = runner.invoke(args=["forum", "seed-demo"])
    assert result.exit_code == 0, result.output
    amina = db.session.scalar(sa.select(User).where(User.username == "amina"))
    amina.locale = "en"
    db.session.commit()
    assert login(client, "amina", "demo-member-passphrase").status_code == 302
    html = client.get("/insights/").get_data(as_text=True)
    assert not set(published_counts(html)) & {"1", "2", "3", "4"}
    for key in TABLES:
        text = client.get(f"/insights/{key}.csv").data.decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            assert not set(row[1:]) & {"1", "2", "3", "4"}
    found = language_differencing(client)
    certain = [f for f in found if f[1] == f[2]]
    print(f"\ndemo: {len(found)} cells with one '<5' language part, {len(certain)} pinned")
    assert certain == []
