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
    for blank in ("%20", "%09", "+"):
        assert client.get(f"/attacks/patterns?response={blank}").status_code == 400
        assert client.get(f"/attacks/patterns/outcomes.csv?response={blank}").status_code == 400
    assert client.get("/attacks/patterns?response=").status_code == 200
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


def _nepal(documenter, member=None):  # noqa: ANN001, ANN202
    """A lone verified incident in Nepal, entered by the documenter or reported by `member`."""
    if member is None:
        return make_incident(documenter, country="NP", setting="isolated")
    from tests.attacks.factories import incident_data

    incident = services.report(
        member, incident_data(country="NP", setting="isolated"), anonymous=False
    )
    services.review(documenter, incident, "verified")
    from forum.extensions import db

    db.session.commit()
    return incident


def _reject(documenter, incident, member) -> None:  # noqa: ANN001
    services.review(documenter, incident, "rejected")


def _back_to_reported(documenter, incident, member) -> None:  # noqa: ANN001
    services.review(documenter, incident, "reported")


def _withdraw(documenter, incident, member) -> None:  # noqa: ANN001
    services.withdraw_consent(None, incident, "aggregate")


def _edit_without_consent(documenter, incident, member) -> None:  # noqa: ANN001
    from tests.attacks.factories import incident_data

    data = incident_data(country="NP", setting="isolated", consents=["internal"])
    services.update_incident(documenter, incident, data)


def _erase(documenter, incident, member) -> None:  # noqa: ANN001
    from forum.profiles.data_rights import erase_user

    erase_user(member, keep_posts=True)


def _purge(documenter, incident, member) -> None:  # noqa: ANN001
    from datetime import timedelta

    from forum.extensions import db
    from forum.models import utcnow

    # Its retention date was set, and has passed (no page change between).
    db.session.execute(
        sa.update(Incident)
        .where(Incident.id == incident.id)
        .values(retain_until=utcnow().date() - timedelta(days=1))
    )
    db.session.commit()
    assert services.purge_expired(utcnow().date()) == 1


def _delete(documenter, incident, member) -> None:  # noqa: ANN001
    services.delete_incident(incident)


@pytest.mark.parametrize(
    "change",
    [_reject, _back_to_reported, _withdraw, _edit_without_consent, _erase, _purge, _delete],
    ids=lambda change: change.__name__.strip("_"),
)
@pytest.mark.parametrize("cache_seconds", [0, 60], ids=["uncached", "tallies cached"])
def test_every_change_of_publication_leaves_every_figure_at_once(
    app, client, db, documenter, make_user, login_as, change, cache_seconds
) -> None:
    """Rejected, sent back to review, consent withdrawn or dropped on an edit, the
    reporter's account erased, purged past its retention date, deleted: after the one
    commit the record is in no figure, total, map tile or file, exactly as if it had
    never been (also while the tallies are shared for a minute)."""
    app.config["FORUM_INSIGHTS_CACHE_SECONDS"] = cache_seconds
    reporter = make_user("reporter")
    _many(documenter, 15)
    lone = _nepal(documenter, reporter).id
    login_as("amina")
    before = _everything(client)
    assert "Nepal: &lt;5" in before
    change(documenter, db.session.get(Incident, lone), reporter)
    db.session.commit()
    after = _everything(client)
    assert "Nepal: 0" in after
    assert after != before
    db.session.execute(sa.delete(Incident).where(Incident.id == lone))
    db.session.commit()
    assert _everything(client) == after


def test_verifying_or_consenting_again_brings_the_record_back(client, db, documenter) -> None:
    from tests.attacks.factories import incident_data

    login(client, "documenter")
    _many(documenter, 15)
    incident = make_incident(documenter, country="NP", status="rejected")
    assert "Nepal: 0" in _everything(client)
    services.review(documenter, incident, "verified")
    db.session.commit()
    assert "Nepal: &lt;5" in _everything(client)
    services.withdraw_consent(documenter, incident, "aggregate")
    db.session.commit()
    assert "Nepal: 0" in _everything(client)
    services.update_incident(documenter, incident, incident_data(country="NP"))
    db.session.commit()
    assert "Nepal: &lt;5" in _everything(client)


def _rule_and_flag() -> list[tuple[int, bool, bool]]:
    from forum.extensions import db
    from forum.security.attacks import published_rule

    rows = db.session.execute(
        sa.select(Incident.id, published_rule(), Incident.published).order_by(Incident.id)
    )
    return [(i, bool(rule), bool(flag)) for i, rule, flag in rows]


def test_the_published_flag_follows_the_rule_through_every_change(db, documenter, make_user):
    """The figures read the flag only; after every service that changes status or
    consent, it says what the rule (verified, standing aggregate consent) says."""
    from tests.attacks.factories import incident_data

    member = make_user("amina")
    steps = [
        lambda: make_incident(documenter),
        lambda: make_incident(documenter, status="reported"),
        lambda: make_incident(documenter, consents=["internal"]),
        lambda: services.report(member, incident_data(), anonymous=True),
        lambda: services.report(member, incident_data(), anonymous=False),
    ]
    made = [step() for step in steps]
    db.session.commit()
    assert [published for _, _, published in _rule_and_flag()] == [1, 0, 0, 0, 0]
    changes = [
        lambda: services.review(documenter, made[3], "verified"),
        lambda: services.review(documenter, made[1], "verified"),
        lambda: services.update_incident(documenter, made[2], incident_data()),
        lambda: services.withdraw_consent(None, made[0], "aggregate"),
        lambda: services.review(documenter, made[3], "rejected"),
        lambda: services.update_incident(documenter, made[0], incident_data()),
        lambda: services.withdraw_consent(documenter, made[1], "internal"),
        lambda: services.review(documenter, made[4], "verified"),
    ]
    for change in changes:
        change()
        db.session.commit()
        assert all(rule == flag for _, rule, flag in _rule_and_flag())
    assert [published for _, _, published in _rule_and_flag()] == [1, 1, 1, 0, 1]


def test_refresh_published_sets_rows_written_in_bulk(db, documenter) -> None:
    kept = make_incident(documenter).id
    dropped = make_incident(documenter).id
    db.session.execute(sa.update(Incident).values(published=False))
    db.session.execute(sa.update(Incident).where(Incident.id == dropped).values(status="rejected"))
    assert services.refresh_published() == 1
    db.session.commit()
    assert _rule_and_flag() == [(kept, True, True), (dropped, False, False)]


def test_no_figure_looks_up_consents(client, db, documenter, count_queries) -> None:
    """Every tally reads the indexed flag, not a consent look-up per record."""
    login(client, "documenter")
    _many(documenter, 6)
    with count_queries() as counter:
        client.get("/attacks/patterns")
    tallies = _tally_queries(counter.statements)
    assert tallies and not [s for s in tallies if "attack_consents" in s]


def _old_tallies():  # noqa: ANN202
    """The page's tallies as they were counted before the flag: six queries, each asking
    the rule (a consent look-up per record), months in a pass of their own."""
    from forum.attacks.models import Act, Perpetrator, TargetGroup
    from forum.attacks.patterns import Counts, _tallies
    from forum.extensions import db
    from forum.security.attacks import published_rule
    from forum.statistics.keys import key_sum

    count, keys = sa.func.count(), key_sum(Incident.stat_key)

    def run(query):  # noqa: ANN001, ANN202
        return _tallies(db.session.execute(query.where(published_rule())))

    base = run(
        sa.select(
            Incident.country, Incident.setting, Incident.previously_threatened, count, keys
        ).group_by(Incident.country, Incident.setting, Incident.previously_threatened)
    )
    y = sa.extract("year", Incident.occurred_on).label("y")
    m = sa.extract("month", Incident.occurred_on).label("m")
    by_month = run(
        sa.select(y, m, count, keys).where(Incident.date_precision != "year").group_by(y, m)
    )
    acts = sa.select(Act.incident_id, Act.violation).distinct().subquery("acts")
    violations = run(
        sa.select(Incident.country, Incident.setting, acts.c.violation, count, keys)
        .join(acts, acts.c.incident_id == Incident.id)
        .group_by(Incident.country, Incident.setting, acts.c.violation)
    )
    by_group_violation = run(
        sa.select(TargetGroup.group, acts.c.violation, count, keys)
        .join(TargetGroup, TargetGroup.incident_id == Incident.id)
        .join(acts, acts.c.incident_id == Incident.id)
        .group_by(TargetGroup.group, acts.c.violation)
    )
    by_group = run(
        sa.select(TargetGroup.group, count, keys)
        .join(TargetGroup, TargetGroup.incident_id == Incident.id)
        .group_by(TargetGroup.group)
    )
    perpetrators = sa.select(Perpetrator.incident_id, Perpetrator.kind, Perpetrator.branch)
    perpetrators = perpetrators.distinct().subquery("perpetrators")
    by_perpetrator = run(
        sa.select(Incident.country, perpetrators.c.kind, perpetrators.c.branch, count, keys)
        .join(perpetrators, perpetrators.c.incident_id == Incident.id)
        .group_by(Incident.country, perpetrators.c.kind, perpetrators.c.branch)
    )
    return Counts(base, by_month, violations, by_group_violation, by_group, by_perpetrator)


def test_the_figures_are_those_the_rule_gave_before_the_flag(app, db, documenter):
    """On varied records (every precision of date, an act twice with two sub-types,
    several groups, perpetrators and responses, records not published for each reason):
    the same true tallies as the old queries asking the rule row by row, outcomes
    included."""
    import random
    from datetime import date

    from forum.attacks import labels, patterns

    rng = random.Random(32)
    violations = list(labels.SUBTYPES)
    groups = list(labels.GROUPS)
    branches = [(k, b) for k, bs in labels.PERPETRATOR_BRANCHES.items() for b in bs]
    for n in range(60):
        violation = rng.choice(violations)
        acts = [(v, next(iter(labels.SUBTYPES[v]))) for v in rng.sample(violations, 2)]
        acts.append((violation, list(labels.SUBTYPES[violation])[-1]))
        incident = make_incident(
            documenter,
            status=rng.choice(["verified"] * 6 + ["reported", "rejected"]),
            occurred_on=date(2023 + n % 3, 1 + n % 12, 1 + n % 28),
            date_precision=rng.choice(["day", "month", "year"]),
            country=rng.choice(["CO", "GT", "KE", "NP", "PH"]),
            setting=rng.choice(list(labels.SETTINGS)),
            previously_threatened=rng.choice(list(labels.PREVIOUS_THREATS)),
            acts=acts[: rng.randint(1, 3)],
            groups=rng.sample(groups, rng.randint(0, 3)),
            perpetrators=[(k, b, "direct") for k, b in rng.sample(branches, rng.randint(1, 2))],
            consents=rng.choice([["internal", "aggregate"]] * 4 + [["internal"], []]),
        )
        for kind in rng.sample(list(labels.RESPONSES), rng.randint(0, 2)):
            services.add_response(documenter, incident, kind, rng.choice(list(labels.OUTCOMES)))
        if rng.random() < 0.3:  # the same response twice: the incident counts once
            services.add_response(documenter, incident, "legal", "pending")
            services.add_response(documenter, incident, "legal", rng.choice(["worked", "partly"]))
        if rng.random() < 0.1 and incident.consent_for("internal"):
            services.withdraw_consent(documenter, incident, "internal")
        if rng.random() < 0.1 and incident.consent_for("aggregate"):
            services.withdraw_consent(documenter, incident, "aggregate")
    db.session.commit()
    published = db.session.scalar(sa.select(sa.func.count()).where(Incident.published))
    assert 20 < published < 60
    new = patterns.tally_all()
    assert new == _old_tallies()
    assert sum(t.count for t in new.by_month.values()) < published  # years set apart
    filters = [
        patterns.Filters(),
        patterns.Filters("relocation", "women", "rural"),
        patterns.Filters("digital-security", None, "urban"),
    ]
    assert [patterns._outcomes(f) for f in filters] == [_old_outcomes(f) for f in filters]


def _old_outcomes(filters):  # noqa: ANN001, ANN202
    """The outcome table's tallies as counted before: the rule row by row, and each
    incident asked whether it has a response of the kind (EXISTS)."""
    from forum.attacks.models import Act, Response, TargetGroup
    from forum.attacks.patterns import _tallies
    from forum.extensions import db
    from forum.security.attacks import published_rule
    from forum.statistics.figures import Tally
    from forum.statistics.keys import key_sum

    count, keys = sa.func.count(), key_sum(Incident.stat_key)
    responses = (
        sa.select(Response.incident_id, Response.outcome)
        .where(Response.kind == filters.response)
        .distinct()
        .subquery("responses")
    )
    acts = sa.select(Act.incident_id, Act.violation).distinct().subquery("acts")

    def run(query):  # noqa: ANN001, ANN202
        query = query.where(published_rule())
        if filters.setting:
            query = query.where(Incident.setting == filters.setting)
        if filters.group:
            query = query.where(
                sa.exists().where(
                    TargetGroup.incident_id == Incident.id, TargetGroup.group == filters.group
                )
            )
        return _tallies(db.session.execute(query))

    responded = sa.exists().where(
        Response.incident_id == Incident.id, Response.kind == filters.response
    )
    cells = run(
        sa.select(acts.c.violation, responses.c.outcome, count, keys)
        .join(acts, acts.c.incident_id == Incident.id)
        .join(responses, responses.c.incident_id == Incident.id)
        .group_by(acts.c.violation, responses.c.outcome)
    )
    rows = run(
        sa.select(acts.c.violation, count, keys)
        .join(acts, acts.c.incident_id == Incident.id)
        .where(responded)
        .group_by(acts.c.violation)
    )
    cols = run(
        sa.select(responses.c.outcome, count, keys)
        .join(responses, responses.c.incident_id == Incident.id)
        .group_by(responses.c.outcome)
    )
    grand = run(sa.select(count, keys).where(responded))
    return (
        cells,
        {v: t for (v,), t in rows.items()},
        {o: t for (o,), t in cols.items()},
        grand.get((), Tally()),
    )
