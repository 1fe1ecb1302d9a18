"""About 300 demo incidents of attacks across regions, settings and groups, with accounts
in five languages, so that the patterns show on the first run. Entered and verified by
the demo documenter; most consent to aggregate publication, a few do not, some are still
waiting for review. Invented: no real person, place or event."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa

from forum.attacks import services
from forum.attacks.labels import PERPETRATOR_BRANCHES, RESPONSES, SUBTYPES
from forum.attacks.models import Incident
from forum.attacks.services import IncidentData
from forum.demo.accounts import demo_user
from forum.extensions import db

COUNT = 300
# Countries per region, weighted towards where the organisation works most.
COUNTRIES = {
    "CO": 30, "GT": 18, "HN": 14, "MX": 20, "BR": 22, "PE": 10, "NI": 6,
    "KE": 14, "CD": 12, "UG": 10, "ZW": 6, "CM": 6,
    "PH": 16, "IN": 10, "MM": 8, "NP": 4, "KH": 5,
    "RU": 6, "TR": 8, "AZ": 4, "BY": 4,
    "EG": 8, "PS": 6, "TN": 4, "SA": 3,
}  # fmt: skip
ACCOUNTS = {
    "es": "Amenazas por la defensa del territorio; la comunidad activó su red de alerta.",
    "pt": "Ameaças após denunciar o desmatamento; a associação pediu proteção ao programa.",
    "fr": "Convocations répétées au commissariat après une conférence de presse.",
    "ar": "تهديدات عبر الهاتف بعد نشر تقرير عن الاعتقالات؛ طلبت المنظمة دعمًا قانونيًا.",
    "en": "Smear posts online followed by a visit from unidentified men at the office.",
}
LANGUAGE_BY_REGION = {"CO": "es", "GT": "es", "HN": "es", "MX": "es", "PE": "es", "NI": "es",
                      "BR": "pt", "CD": "fr", "CM": "fr", "TN": "ar", "EG": "ar", "PS": "ar",
                      "SA": "ar"}  # fmt: skip


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _data(rng: random.Random, today: date) -> IncidentData:
    country = _pick(rng, COUNTRIES)
    setting = _pick(rng, {"urban": 4, "rural": 5, "isolated": 2})
    violations = rng.sample(list(SUBTYPES), k=rng.choice((1, 1, 2)))
    acts = [(v, rng.choice(list(SUBTYPES[v]))) for v in violations]
    gender = _pick(rng, {"woman": 5, "man": 4, "mixed": 2, "non-binary": 1, "unknown": 1})
    groups = set(rng.sample(["land-environment-indigenous", "journalists", "lawyers",
                             "trade-unionists", "victims-witnesses", "lgbtiq",
                             "students-youth"], k=rng.choice((0, 1, 1, 2))))  # fmt: skip
    if gender == "woman":
        groups.add("women")
    if setting != "urban":
        groups.add("rural")
    kind = _pick(rng, {"state": 5, "non-state": 6, "unknown": 2})
    branch = rng.choice(list(PERPETRATOR_BRANCHES[kind]))
    occurred = today - timedelta(days=rng.randint(10, 720))
    language = LANGUAGE_BY_REGION.get(country, "en")
    return IncidentData(
        occurred_on=occurred,
        date_precision=_pick(rng, {"day": 7, "month": 3, "year": 1}),
        country=country,
        setting=setting,
        acts=acts,
        target_unit=_pick(rng, {"individual": 6, "group": 2, "organisation": 2, "community": 2}),
        target_size=_pick(rng, {"1": 6, "2-10": 3, "11-50": 2, "51+": 1}),
        target_gender=gender,
        target_age=_pick(rng, {"18-29": 3, "30-59": 5, "60+": 1, "unknown": 2}),
        previously_threatened=_pick(rng, {"yes": 4, "no": 3, "unknown": 2}),
        groups=sorted(groups),
        perpetrators=[(kind, branch, _pick(rng, {"direct": 5, "ordered": 2, "alleged": 2}))],
        source_kind=_pick(rng, {"victim": 5, "witness": 2, "organisation": 3, "media": 1}),
        source_reliability=_pick(rng, {"confirmed": 3, "probable": 5, "possible": 2}),
        account=ACCOUNTS[language],
        consents=["internal", "aggregate"] if rng.random() < 0.9 else ["internal"],
        consent_given_on=occurred,
    )


def seed() -> Iterable[str]:
    if db.session.scalar(sa.select(sa.func.count(Incident.id))):
        return
    documenter = demo_user("documenter")
    rng = random.Random(14)  # noqa: S311 - demo data, not secrets  # nosec B311
    today = date.today()
    for _ in range(COUNT):
        incident = services.create_incident(documenter, _data(rng, today))
        if rng.random() < 0.92:
            services.review(documenter, incident, "verified")
            for kind in rng.sample(list(RESPONSES), k=rng.choice((0, 1, 1, 2))):
                outcome = _pick(rng, {"worked": 4, "partly": 3, "did-not": 2, "pending": 1})
                services.add_response(documenter, incident, kind, outcome)
    db.session.flush()
    yield f"Attacks: {COUNT} demo incidents, entered and mostly verified by the documenter."
