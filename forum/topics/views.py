"""Topic pages: `/topics/` and `/topics/<kind>/<code>` for regions, countries, risks and
groups of defenders. Anyone may open them; each section shows only what the viewer may
see (exchanges by their audience, events by their status)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import get_locale
from flask_login import current_user

from forum import taxonomy
from forum.related import related_panels
from forum.topics import queries
from forum.topics.labels import KIND_LABELS

bp = Blueprint("topics", __name__, url_prefix="/topics")


@bp.get("/")
def index():
    return render_template(
        "topics/index.html",
        regions=taxonomy.REGIONS,
        risks=taxonomy.RISK_TYPES,
        groups=taxonomy.DEFENDER_GROUPS,
        countries_by_region={code: taxonomy.countries_in(code) for code in taxonomy.REGIONS},
    )


@bp.get("/<kind>/<code>")
def topic(kind: str, code: str):
    found = queries.topic_for(kind, code)
    if found is None:
        abort(404)
    return render_template(
        "topics/topic.html",
        topic=found,
        kind_label=KIND_LABELS[found.kind],
        name=_name(found),
        threads=queries.threads_on(found, current_user),
        events=queries.events_in(found, current_user),
        countries=queries.countries_of(found),
        region=taxonomy.COUNTRY_REGION.get(found.code) if found.kind == "country" else None,
        panels=related_panels("topic", found),
    )


def _name(found: queries.Topic) -> str:
    if found.kind == "country":
        return taxonomy.country_name(found.code, str(get_locale()))
    vocabulary = {
        "region": taxonomy.REGIONS,
        "risk": taxonomy.RISK_TYPES,
        "group": taxonomy.DEFENDER_GROUPS,
    }[found.kind]
    return taxonomy.label(vocabulary, found.code)
