"""Pages of the observatory: the map and country index, the list of instruments, a
country, an instrument with its timeline and assessment, comparison, the feed of
changes; and the editors' pages (instruments, steps, assessments, the checklist, history).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum import taxonomy, tilegrid
from forum.exchanges.feed import FeedEntry, to_atom
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import LOCALES
from forum.observatory import queries, services
from forum.observatory.forms import (
    AssessmentForm,
    CompareForm,
    ElementForm,
    FilterForm,
    InstrumentForm,
    NewInstrumentForm,
    StatusForm,
    language_name,
)
from forum.observatory.labels import (
    KINDS,
    LEVELS,
    RATINGS,
    REVISION_LABELS,
    STATUSES,
    STRENGTH_LABELS,
    label,
)
from forum.observatory.models import Element, Instrument, StatusChange
from forum.related import related_panels
from forum.security import require
from forum.topics import queries as topics
from forum.urls import page_number

bp = Blueprint("observatory", __name__, url_prefix="/observatory")


def _register(state: BlueprintSetupState) -> None:
    """The observatory's labels, for its templates and the panels other pages include."""
    state.app.jinja_env.globals.update(
        obs_kind=lambda code: label(KINDS, code),
        obs_level=lambda code: label(LEVELS, code),
        obs_status=lambda code: label(STATUSES, code),
        obs_rating=lambda code: label(RATINGS, code),
        obs_language=language_name,
        obs_value=_shown,
        obs_revision=lambda code: label(REVISION_LABELS, code),
        obs_country=taxonomy.country_name,
        obs_region=lambda code: taxonomy.label(taxonomy.REGIONS, code),
    )


bp.record_once(_register)


def _shown(value: Any) -> str:
    """A value of a revision's copy as plain text for the history page."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(_shown(item) for item in value)
    return str(value)


def _locale() -> str:
    return str(get_locale())


def _instrument_or_404(instrument_id: int) -> Instrument:
    instrument = db.session.get(Instrument, instrument_id)
    if instrument is None:
        abort(404)
    return instrument


def _country_or_404(code: str) -> str:
    if not taxonomy.is_country(code):
        abort(404)
    return code


def _filter_args() -> dict[str, Any]:
    return {key: request.args.get(key) for key in request.args if key != "page"}


def _strength_class(strength: int) -> str:
    return f"tile-s{strength}" if strength >= 0 else "tile-none"


# --- public pages ------------------------------------------------------------------------------


@bp.get("/")
def index():
    summaries = queries.country_summaries()
    locale = _locale()
    grid = tilegrid.layout(
        classes={code: _strength_class(s.strongest) for code, s in summaries.items()},
        labels={
            code: _(
                "%(country)s: %(status)s",
                country=taxonomy.country_name(code, locale),
                status=STRENGTH_LABELS[max(s.strongest, 0)],
            )
            for code, s in summaries.items()
        },  # fmt: skip
        urls={code: url_for("observatory.country", code=code) for code in summaries},
        empty_label=_("nothing recorded"),
    )
    by_region: dict[str, list[queries.CountrySummary]] = {code: [] for code in taxonomy.REGIONS}
    for code, summary in sorted(
        summaries.items(), key=lambda pair: taxonomy.country_name(pair[0], locale)
    ):
        by_region[taxonomy.COUNTRY_REGION[code]].append(summary)
    return render_template(
        "observatory/index.html",
        grid=grid,
        by_region=by_region,
        strength_labels=STRENGTH_LABELS,
        changes=queries.latest_changes(),
        compare_form=CompareForm(formdata=None),
    )


@bp.get("/instruments")
def instruments():
    form = FilterForm(request.args)
    if not form.validate():
        return render_template("observatory/list.html", form=form, page=None), 400
    filters = queries.Filters(
        country=form.country.data or None,
        region=form.region.data or None,
        kind=form.kind.data or None,
        level=form.level.data or None,
        status=form.status.data or None,
    )
    page = queries.list_instruments(filters, page_number())
    return render_template("observatory/list.html", form=form, page=page, page_args=_filter_args())


@bp.get("/countries/<code>")
def country(code: str):
    code = _country_or_404(code)
    found = queries.instruments_of([code])
    ids = [instrument.id for instrument in found]
    topic = topics.topic_for("country", code)
    summary = queries.country_summaries().get(code)
    return render_template(
        "observatory/country.html",
        code=code,
        region=taxonomy.COUNTRY_REGION[code],
        instruments=found,
        strongest=summary.strongest if summary else -1,
        strength_labels=STRENGTH_LABELS,
        timelines=queries.timelines(ids),
        elements=queries.active_elements(),
        assessments=queries.assessments(ids),
        works=queries.works_for(current_user, ids),
        threads=topics.threads_on(topic, current_user, limit=5),
        events=topics.events_in(topic, current_user, limit=5),
        topic=topic,
        panels=related_panels("observatory_country", code),
        languages=LOCALES,
    )


@bp.get("/instruments/<int:instrument_id>")
def instrument(instrument_id: int):
    found = _instrument_or_404(instrument_id)
    return render_template(
        "observatory/instrument.html",
        instrument=found,
        timeline=queries.timelines([found.id]).get(found.id, []),
        elements=queries.active_elements(),
        assessments=queries.assessments([found.id]).get(found.id, {}),
        works=queries.works_for(current_user, [found.id]).get(found.id, []),
        action_form=ActionForm(),
        languages=LOCALES,
    )


@bp.get("/compare")
def compare():
    form = CompareForm(request.args)
    if not request.args:
        return render_template("observatory/compare.html", form=form, compared=None)
    if not form.validate():
        return render_template("observatory/compare.html", form=form, compared=None), 400
    chosen = list(dict.fromkeys(form.country.data))
    return render_template(
        "observatory/compare.html",
        form=form,
        compared=queries.compare(chosen),
        elements=queries.active_elements(),
        strength_labels=STRENGTH_LABELS,
    )


@bp.get("/feed.atom")
def atom_feed() -> Response:
    locale = _locale()
    entries = []
    for item in queries.latest_changes(queries.FEED_SIZE):
        text = item.instrument.text_for(locale)
        note = item.change.note_for(locale)
        title = text.title if text else item.instrument.original_title
        entries.append(
            FeedEntry(
                entry_id=f"urn:convene:observatory:step:{item.change.id}",
                title=_(
                    "%(country)s — %(title)s: %(status)s",
                    country=taxonomy.country_name(item.instrument.country, locale),
                    title=title,
                    status=label(STATUSES, item.change.status),
                ),
                url=url_for(
                    "observatory.instrument", instrument_id=item.instrument.id, _external=True
                ),
                author=_("Convene observatory"),
                summary=" ".join(
                    part
                    for part in (item.change.changed_on.isoformat(), note.note if note else "")
                    if part
                ),
                published=item.change.created_at,
                updated=item.change.created_at,
            )
        )
    body = to_atom(
        entries,
        title=_("Convene observatory: changes of status"),
        feed_url=url_for("observatory.atom_feed", _external=True),
        site_url=url_for("observatory.index", _external=True),
        feed_id="urn:convene:observatory",
    )
    return Response(body, mimetype="application/atom+xml")


# --- editors' pages ------------------------------------------------------------------------


def _instrument_input(form: InstrumentForm) -> services.InstrumentInput:
    return services.InstrumentInput(
        country=form.country.data,
        level=form.level.data,
        kind=form.kind.data,
        original_language=form.original_language.data,
        original_title=form.original_title.data,
        authority=form.authority.data or "",
        introduced_on=form.introduced_on.data,
        adopted_on=form.adopted_on.data,
        in_force_on=form.in_force_on.data,
        sources=form.source_pairs(),
        work_ids=form.work_ids(),
    )


def _text_input(form: InstrumentForm) -> services.TextInput:
    return services.TextInput(form.language.data, form.title.data, form.summary.data or "")


@bp.route("/instruments/new", methods=["GET", "POST"])
def create():
    require("observatory.edit")
    form = NewInstrumentForm()
    if not form.is_submitted():
        form.language.data = _locale()
        form.country.data = request.args.get("country", "")
    if form.validate_on_submit():
        try:
            created = services.create_instrument(
                current_user,
                _instrument_input(form),
                _text_input(form),
                status=form.status.data,
                status_on=form.status_on.data,
                note=form.note.data or "",
            )
        except services.ObservatoryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            db.session.commit()
            flash(_("The instrument is in the observatory."))
            return redirect(url_for("observatory.instrument", instrument_id=created.id), 303)
    return render_template("observatory/edit.html", form=form, instrument=None), form_status(form)


@bp.route("/instruments/<int:instrument_id>/edit", methods=["GET", "POST"])
def edit(instrument_id: int):
    found = _instrument_or_404(instrument_id)
    require("observatory.edit", found)
    form = InstrumentForm()
    if not form.is_submitted():
        language = request.args.get("language")
        language = language if language in LOCALES else _locale()
        text = next((t for t in found.texts if t.language == language), None)
        form.process(
            data={
                "country": found.country,
                "level": found.level,
                "kind": found.kind,
                "original_language": found.original_language,
                "original_title": found.original_title,
                "authority": found.authority,
                "introduced_on": found.introduced_on,
                "adopted_on": found.adopted_on,
                "in_force_on": found.in_force_on,
                "language": language,
                "title": text.title if text else "",
                "summary": text.summary if text else "",
                "sources": "\n".join(f"{s.url} {s.label}".strip() for s in found.sources),
                "works": "\n".join(str(i) for i in queries.linked_work_ids(found)),
            }
        )
    elif form.validate():
        try:
            services.update_instrument(
                current_user, found, _instrument_input(form), _text_input(form)
            )
        except services.ObservatoryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            db.session.commit()
            flash(_("Your changes are saved."))
            return redirect(url_for("observatory.instrument", instrument_id=found.id), 303)
    return render_template("observatory/edit.html", form=form, instrument=found), form_status(form)


@bp.post("/instruments/<int:instrument_id>/remove")
def remove(instrument_id: int):
    found = _instrument_or_404(instrument_id)
    require("observatory.edit", found)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("observatory.instrument", instrument_id=found.id), 303)
    country_code = found.country
    services.remove_instrument(current_user, found)
    db.session.commit()
    flash(_("The instrument is removed from the observatory."))
    return redirect(url_for("observatory.country", code=country_code), 303)


@bp.route("/instruments/<int:instrument_id>/status", methods=["GET", "POST"])
def add_status(instrument_id: int):
    found = _instrument_or_404(instrument_id)
    require("observatory.edit", found)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.add_status_change(
                current_user, found, form.status.data, form.changed_on.data, form.notes()
            )
        except services.ObservatoryError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure.message))
        else:
            db.session.commit()
            flash(_("The step is on the timeline."))
            return redirect(url_for("observatory.instrument", instrument_id=found.id), 303)
    return render_template(
        "observatory/status.html",
        form=form,
        instrument=found,
        timeline=queries.timelines([found.id]).get(found.id, []),
    ), form_status(form)


@bp.post("/steps/<int:change_id>/remove")
def remove_status(change_id: int):
    change = db.session.get(StatusChange, change_id)
    if change is None:
        abort(404)
    require("observatory.edit", change)
    instrument_id = change.instrument_id
    if ActionForm().validate_on_submit():
        try:
            services.remove_status_change(current_user, change)
        except services.ObservatoryError as failure:
            db.session.rollback()
            flash(str(failure.message))
        else:
            db.session.commit()
            flash(_("The step is removed from the timeline."))
    return redirect(url_for("observatory.instrument", instrument_id=instrument_id), 303)


@bp.route("/instruments/<int:instrument_id>/assess/<int:element_id>", methods=["GET", "POST"])
def assess(instrument_id: int, element_id: int):
    found = _instrument_or_404(instrument_id)
    element = db.session.get(Element, element_id)
    if element is None:
        abort(404)
    require("observatory.edit", found)
    current = queries.assessments([found.id]).get(found.id, {}).get(element.id)
    form = AssessmentForm()
    if not form.is_submitted():
        language = request.args.get("language")
        language = language if language in LOCALES else _locale()
        note = next((n for n in current.notes if n.language == language), None) if current else None
        form.process(
            data={
                "rating": current.rating if current else "",
                "source_url": current.source_url if current else "",
                "language": language,
                "note": note.note if note else "",
            }
        )
    elif form.validate():
        services.set_assessment(
            current_user,
            found,
            element,
            rating=form.rating.data or "",
            source_url=form.source_url.data or "",
            language=form.language.data,
            note=form.note.data or "",
        )
        db.session.commit()
        flash(_("The assessment is saved."))
        return redirect(url_for("observatory.instrument", instrument_id=found.id), 303)
    return render_template(
        "observatory/assess.html", form=form, instrument=found, element=element
    ), form_status(form)


@bp.get("/instruments/<int:instrument_id>/history")
def history(instrument_id: int):
    found = _instrument_or_404(instrument_id)
    require("observatory.edit", found)
    return render_template(
        "observatory/history.html", instrument=found, entries=queries.history(found)
    )


@bp.route("/checklist", methods=["GET", "POST"])
def checklist():
    require("observatory.edit")
    services.ensure_default_checklist()
    db.session.commit()
    form = ElementForm()
    if not form.is_submitted():
        form.language.data = _locale()
    if form.validate_on_submit():
        services.create_element(
            current_user, form.language.data, form.name.data, form.description.data or ""
        )
        db.session.commit()
        flash(_("The element is added to the checklist."))
        return redirect(url_for("observatory.checklist"), 303)
    return render_template(
        "observatory/checklist.html", form=form, elements=queries.all_elements()
    ), form_status(form)


@bp.route("/checklist/<int:element_id>", methods=["GET", "POST"])
def element(element_id: int):
    require("observatory.edit")
    found = db.session.get(Element, element_id)
    if found is None:
        abort(404)
    form = ElementForm()
    if not form.is_submitted():
        language = request.args.get("language")
        language = language if language in LOCALES else _locale()
        text = next((t for t in found.texts if t.language == language), None)
        form.process(
            data={
                "language": language,
                "name": text.name if text else "",
                "description": text.description if text else "",
                "position": found.position,
                "active": found.active,
            }
        )
    elif form.validate():
        services.update_element(
            current_user,
            found,
            language=form.language.data,
            name=form.name.data,
            description=form.description.data or "",
            position=form.position.data or 0,
            active=bool(form.active.data),
        )
        db.session.commit()
        flash(_("Your changes are saved."))
        return redirect(url_for("observatory.checklist"), 303)
    return render_template("observatory/element.html", form=form, element=found), form_status(form)
