"""The shared vocabulary: regions, countries, risk types, defender groups, perpetrators.

Used to tag exchanges, to filter events and to count in insights. Codes are stable
(stored in the database and in URLs); labels are translated at request time.
Sources: Front Line Defenders' Global Analysis regions and violation categories;
Protection International's work on criminalisation, women, rural defenders and witnesses.
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

REGIONS = {
    "africa": _l("Africa"),
    "americas": _l("Americas"),
    "asia-pacific": _l("Asia-Pacific"),
    "europe-central-asia": _l("Europe & Central Asia"),
    "mena": _l("Middle East & North Africa"),
}

RISK_TYPES = {
    "criminalisation": _l("Criminalisation & judicial harassment"),
    "physical-attacks": _l("Physical attacks"),
    "threats": _l("Threats & intimidation (including against family)"),
    "stigmatisation": _l("Stigmatisation & smear campaigns"),
    "digital": _l("Digital surveillance & online attacks"),
    "gender-based-violence": _l("Gender-based violence against women defenders"),
    "land-environment": _l("Land, territory & environment"),
    "raids": _l("Raids & seizure of information"),
    "restrictions": _l("Restrictions on organisations & funding"),
    "displacement": _l("Forced displacement"),
}

DEFENDER_GROUPS = {
    "women": _l("Women defenders"),
    "land-environment-indigenous": _l("Land, environmental & indigenous defenders"),
    "rural": _l("Rural and isolated communities"),
    "lgbtiq": _l("LGBTIQ+ defenders"),
    "journalists": _l("Journalists & communicators"),
    "lawyers": _l("Lawyers"),
    "victims-witnesses": _l("Victims & witnesses"),
    "trade-unionists": _l("Trade unionists"),
    "students-youth": _l("Students & youth"),
}

PERPETRATORS = {
    "state": _l("State"),
    "non-state": _l("Non-state"),
    "unknown": _l("Unknown"),
}

# ISO 3166-1 alpha-2 codes by region. Every code pycountry knows is in exactly one region
# (a test checks it), so any country a person picks can be counted under a region.
_REGION_COUNTRIES = {
    "africa": """
        AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MU MW
        MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW
    """,
    "americas": """
        AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GT GY
        HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UM UY VC VE VG VI
        GS
    """,
    "asia-pacific": """
        AF AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IO JP KH KI KP KR LA LK MH MM MN
        MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW VN VU WF WS
        AQ
    """,
    "europe-central-asia": """
        AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE
        IM IS IT JE KG KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TF
        TJ TM TR UA UZ VA BV XK
    """,
    "mena": """
        AE BH DZ EG EH IL IQ IR JO KW LB LY MA MR OM PS QA SA SD SY TN YE
    """,
}
COUNTRY_REGION: dict[str, str] = {
    code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


def countries_in(region: str) -> list[str]:
    return [code for code, owner in COUNTRY_REGION.items() if owner == region]


def is_country(code: str | None) -> bool:
    return bool(code) and code in COUNTRY_REGION


@cache
def _country_names(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    names = {}
    for code in COUNTRY_REGION:
        name = territories.get(code)
        if name is None:
            country = pycountry.countries.get(alpha_2=code)
            name = country.name if country else code
        names[code] = name
    return names


def country_name(code: str, locale: str | None = None) -> str:
    """The country's name in the viewer's language (CLDR via Babel)."""
    return _country_names(locale or str(get_locale())).get(code, code)


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in the viewer's language."""
    return list(_sorted_countries(locale or str(get_locale())))


@cache
def _sorted_countries(locale: str) -> tuple[tuple[str, str], ...]:
    """Sorted once per language and process: the names never change while it runs."""
    names = _country_names(locale)
    return tuple(sorted(names.items(), key=lambda pair: _sort_key(pair[1])))


def _sort_key(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def region_of(country: str | None) -> str | None:
    return COUNTRY_REGION.get(country or "")


def label(vocabulary: dict, code: str) -> str:
    """Translated label for a code, or the code itself if it is unknown."""
    value = vocabulary.get(code)
    return str(value) if value is not None else code
