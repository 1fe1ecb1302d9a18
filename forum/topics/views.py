"""Topic pages: `/topics/` and `/topics/<kind>/<code>` for regions, countries, risks and
groups of defenders. Anyone may open them; each section shows only what the viewer may
see (exchanges by their audience, events by their status). Members follow topics
(`…/follow`, `…/unfollow`); the index lists the ones they follow with what is new."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum import taxonomy
from forum.errors import render_error
from forum.extensions import db
from forum.forms import ActionForm
from forum.related import related_panels
from forum.security import require
from forum.topics import queries, services
from forum.topics.digests import jobs as _digest_jobs  # noqa: F401  (the worker's tasks)
from forum.topics.digests import queries as digest_queries
from forum.topics.digests import services as digest_services
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
        followed=[(item, _name(item.topic)) for item in queries.followed_topics(current_user)],
    )


@bp.get("/digests/")
def digests():
    """The member's digests: for each day or week, how many new exchanges each followed
    topic had. Opening the page marks them read."""
    require("topic.follow")
    found = digest_queries.digests_of(current_user)
    rows = [
        (
            digest,
            [
                (topic, _name(topic), count)
                for kind, code, count in digest.counts
                if (topic := queries.topic_for(kind, code)) is not None
            ],
        )
        for digest in found
    ]
    digest_services.mark_read(current_user)
    db.session.commit()
    return render_template("topics/digests.html", rows=rows)


@bp.get("/<kind>/<code>")
def topic(kind: str, code: str):
    found = queries.topic_for(kind, code)
    if found is None:
        abort(404)
    follow = queries.follow_of(current_user, found)
    if follow is not None and services.mark_seen(follow):
        db.session.commit()
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
        following=follow is not None,
        can_follow=current_user.is_authenticated,
        action_form=ActionForm(),
    )


@bp.post("/<kind>/<code>/follow")
def follow(kind: str, code: str):
    return _follow_or_unfollow(kind, code, stop=False)


@bp.post("/<kind>/<code>/unfollow")
def unfollow(kind: str, code: str):
    return _follow_or_unfollow(kind, code, stop=True)


def _follow_or_unfollow(kind: str, code: str, *, stop: bool):
    require("topic.follow")
    if not ActionForm().validate_on_submit():
        abort(400)
    found = queries.topic_for(kind, code)
    if found is None:
        return render_error(404, _("There is no such topic to follow."))
    if stop:
        services.unfollow(current_user, found)
        flash(_("You no longer follow this topic."))
    else:
        services.follow(current_user, found)
        flash(_("You follow this topic: the topics page shows what is new here."))
    db.session.commit()
    return redirect(url_for("topics.topic", kind=found.kind, code=found.code), 303)


def _name(found: queries.Topic) -> str:
    if found.kind == "country":
        return taxonomy.country_name(found.code, str(get_locale()))
    vocabulary = {
        "region": taxonomy.REGIONS,
        "risk": taxonomy.RISK_TYPES,
        "group": taxonomy.DEFENDER_GROUPS,
    }[found.kind]
    return taxonomy.label(vocabulary, found.code)
