"""Pages of attacks on defenders: records (handlers and analysts), the incident form,
review, responses, links, consent, the member's report, and the patterns."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forum import tilegrid
from forum.attacks import exports, labels, patterns, queries, services
from forum.attacks.forms import (
    IncidentForm,
    LinkForm,
    PatternFilterForm,
    ReportForm,
    ResponseForm,
    ReviewForm,
    WithdrawForm,
)
from forum.attacks.labels import STATUS_LABELS
from forum.attacks.models import Incident
from forum.attacks.services import IncidentData, IncidentError
from forum.exchanges.models import Thread
from forum.extensions import db
from forum.forms import form_status
from forum.i18n import text_direction
from forum.models import utcnow
from forum.security import audit, can, require
from forum.statistics import charts
from forum.statistics.csv_export import table_to_csv
from forum.statistics.display import adjusted_note
from forum.taxonomy import country_name
from forum.urls import page_number

bp = Blueprint("attacks", __name__, url_prefix="/attacks")


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"attack_labels": labels, "attack_country": country_name}


def _incident_or_404(incident_id: int, action: str) -> Incident:
    require(action)
    incident = queries.incident(incident_id)
    if incident is None:
        abort(404)
    return incident


def _data(form: IncidentForm | ReportForm) -> IncidentData:
    data = IncidentData(
        occurred_on=form.occurred_on.data,
        date_precision=form.date_precision.data,
        country=form.country.data,
        setting=form.setting.data,
        acts=form.acts_data(),
        province=form.province.data,
        target_unit=form.target_unit.data,
        target_size=form.target_size.data,
        target_gender=form.target_gender.data,
        target_age=form.target_age.data,
        previously_threatened=form.previously_threatened.data,
        groups=list(form.groups.data or []),
        perpetrators=form.perpetrators_data(),
        source_kind=form.source_kind.data,
        account=form.account.data,
        consents=list(form.consents.data or []),
    )
    if isinstance(form, IncidentForm):
        data.source_reliability = form.source_reliability.data
        data.victim_names = form.victim_names.data
        data.consent_given_on = form.consent_given_on.data
        data.retain_until = form.retain_until.data
    return data


def _fill(form: IncidentForm, incident: Incident) -> None:
    """The form shows the record as it is (GET of the edit page)."""
    for name in (
        "occurred_on",
        "date_precision",
        "country",
        "setting",
        "target_unit",
        "target_size",
        "target_gender",
        "target_age",
        "previously_threatened",
        "source_kind",
        "source_reliability",
        "retain_until",
    ):
        getattr(form, name).data = getattr(incident, name)
    form.province.data = incident.province or ""
    form.account.data = incident.account or ""
    form.victim_names.data = incident.victim_names or ""
    form.acts.data = [f"{act.violation}:{act.subtype}" for act in incident.acts]
    form.groups.data = [group.group for group in incident.groups]
    rows = [
        (form.perpetrator, form.involvement),
        (form.perpetrator_2, form.involvement_2),
        (form.perpetrator_3, form.involvement_3),
    ]
    for (actor, involvement), known in zip(rows, incident.perpetrators, strict=False):
        actor.data = f"{known.kind}:{known.branch}"
        involvement.data = known.involvement
    form.consents.data = [c.use for c in incident.consents if c.withdrawn_on is None]


@bp.route("/")
def index():
    """Handlers and analysts land on the records; members on the patterns."""
    if can(current_user, "attacks.list"):
        return redirect(url_for("attacks.records"))
    require("attacks.patterns")
    return redirect(url_for("attacks.patterns_page"))


def _patterns_or_400() -> patterns.Patterns:
    form = PatternFilterForm(request.args)
    if not form.validate():
        abort(400)
    filters = patterns.Filters(
        response=form.response.data or "legal",
        group=form.group.data or None,
        setting=form.setting.data or None,
    )
    return patterns.build(filters, utcnow().date())


def _country_map(found: patterns.Patterns) -> tilegrid.Grid:
    """The shared tile grid of published counts by country: a hidden figure ("<5") is
    hatched, never coloured; the others take the tables' heat level as `tile-0`..`tile-5`."""
    fmt, countries = found.formatter, found.countries
    top = max((f.value or 0 for f in countries.values() if f.is_shown), default=0)
    return tilegrid.layout(
        classes={
            code: "tile-" + charts.heat_class(figure, top).removeprefix("heat-")
            for code, figure in countries.items()
            if figure.is_shown
        },
        labels={code: f"{country_name(code)}: {fmt.text(f)}" for code, f in countries.items()},
        urls={},
        empty_class="tile-0",
        empty_label=fmt.number(0),
        hatched={code for code, figure in countries.items() if figure.hidden},
    )


@bp.get("/patterns")
def patterns_page():
    """Every figure comes out of the disclosure-control layer (`forum.statistics`)."""
    require("attacks.patterns")
    found = _patterns_or_400()
    form = PatternFilterForm(request.args)
    rtl = text_direction(str(get_locale())) == "rtl"
    fmt = found.formatter
    common = {"rtl": rtl, "suppressed_label": fmt.small, "number": fmt.number}
    months = found.tables["months"]
    trend = charts.line_chart(
        {"": list(months.table.cells[0])},
        months.col_labels,
        title=months.title,
        chart_id="attack-trend",
        label_every=3,
        **common,
    )
    settings = found.tables["settings"]
    settings_chart = charts.bar_chart(
        list(settings.table.row_totals),
        settings.row_labels,
        title=settings.title,
        chart_id="attack-settings",
        **common,
    )
    perpetrators = found.tables["perpetrators"]
    perpetrators_chart = charts.bar_chart(
        list(perpetrators.table.row_totals),
        perpetrators.row_labels,
        title=perpetrators.title,
        chart_id="attack-perpetrators",
        **common,
    )
    country_map = _country_map(found)
    args = {k: v for k, v in request.args.items() if v}
    return render_template(
        "attacks/patterns.html",
        found=found,
        form=form,
        args=args,
        note=adjusted_note(),
        heat=charts.heat_classes(found.tables["regions"].table),
        country_map=country_map,
        # Charts escape every label themselves (forum.statistics.charts).
        trend=Markup(trend),  # noqa: S704  # nosec B704
        settings_chart=Markup(settings_chart),  # noqa: S704  # nosec B704
        perpetrators_chart=Markup(perpetrators_chart),  # noqa: S704  # nosec B704
    )


@bp.get("/patterns/<key>.csv")
def pattern_csv(key: str):
    """One table of the patterns page: exactly its published figures, and the note."""
    require("attacks.patterns")
    found = _patterns_or_400()
    shown = found.tables.get(key)
    if shown is None:
        abort(404)
    body = table_to_csv(
        shown.row_labels,
        shown.col_labels,
        shown.table,
        small_label=found.formatter.small,
        total_label=_("Total"),
        note=adjusted_note(),
        corner_label=shown.corner,
        number=str,
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="convene-attacks-{key}.csv"'},
    )


@bp.route("/records")
def records():
    require("attacks.list")
    status = request.args.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        abort(400)
    page = queries.records(page_number(), status)
    return render_template("attacks/records.html", page=page, status=status)


@bp.get("/records.csv")
def records_csv():
    """The de-identified records the figures count, with HURIDOCS-style codes."""
    require("attacks.list")
    body = exports.incidents_to_csv(queries.published_records())
    audit(current_user, "attacks.export", target_type="incident")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="convene-incidents.csv"'},
    )


@bp.route("/records/new", methods=["GET", "POST"])
def create():
    require("attacks.record")
    form = IncidentForm()
    if form.validate_on_submit():
        try:
            incident = services.create_incident(current_user, _data(form))
        except IncidentError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure))
        else:
            db.session.commit()
            flash(_("The incident is recorded. It is counted nowhere until it is verified."))
            return redirect(url_for("attacks.record", incident_id=incident.id), 303)
    return render_template("attacks/form.html", form=form, incident=None), form_status(form)


@bp.route("/records/<int:incident_id>")
def record(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.list")
    # Every read of a single record is written to the audit log, whoever reads it.
    audit(current_user, "attacks.read", target_type="incident", target_id=incident.id)
    db.session.commit()
    return render_template(
        "attacks/record.html",
        incident=incident,
        review_form=ReviewForm(status=incident.status),
        response_form=ResponseForm(),
        link_form=LinkForm(),
        withdraw_form=WithdrawForm(),
        threads=_threads(incident),
    )


def _threads(incident: Incident) -> list[Thread]:
    ids = [link.thread_id for link in incident.thread_links]
    if not ids:
        return []
    return list(db.session.scalars(db.select(Thread).where(Thread.id.in_(ids))))


@bp.route("/records/<int:incident_id>/edit", methods=["GET", "POST"])
def edit(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.record")
    form = IncidentForm()
    if request.method == "GET":
        # The form shows the whole record: a read like any other, recorded.
        audit(current_user, "attacks.read", target_type="incident", target_id=incident.id)
        db.session.commit()
        _fill(form, incident)
    elif form.validate_on_submit():
        try:
            services.update_incident(current_user, incident, _data(form))
        except IncidentError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure))
        else:
            db.session.commit()
            flash(_("The incident is saved."))
            return redirect(url_for("attacks.record", incident_id=incident.id), 303)
    return render_template("attacks/form.html", form=form, incident=incident), form_status(form)


def _back(incident: Incident):  # noqa: ANN202
    return redirect(url_for("attacks.record", incident_id=incident.id), 303)


@bp.route("/records/<int:incident_id>/review", methods=["POST"])
def review(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.record")
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision."), "error")
        return _back(incident)
    services.review(current_user, incident, form.status.data)
    db.session.commit()
    flash(_("The record is now: %(status)s.", status=STATUS_LABELS[form.status.data]))
    return _back(incident)


@bp.route("/records/<int:incident_id>/responses", methods=["POST"])
def add_response(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.record")
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(_("Choose a response and its outcome."), "error")
        return _back(incident)
    services.add_response(current_user, incident, form.kind.data, form.outcome.data)
    db.session.commit()
    flash(_("The response is added."))
    return _back(incident)


@bp.route("/records/<int:incident_id>/links", methods=["POST"])
def link(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.record")
    form = LinkForm()
    thread = None
    if form.validate_on_submit():
        thread = db.session.get(Thread, form.thread_id.data)
    if thread is None:
        flash(_("No exchange has that number."), "error")
        return _back(incident)
    services.link_thread(current_user, incident, thread.id)
    db.session.commit()
    flash(_("The exchange is linked."))
    return _back(incident)


@bp.route("/records/<int:incident_id>/withdraw", methods=["POST"])
def withdraw(incident_id: int):
    incident = _incident_or_404(incident_id, "attacks.record")
    form = WithdrawForm()
    try:
        if not form.validate_on_submit():
            raise IncidentError(_("Choose only from the options offered."))
        services.withdraw_consent(current_user, incident, form.use.data)
    except IncidentError as failure:
        db.session.rollback()
        flash(str(failure), "error")
        return _back(incident)
    db.session.commit()
    flash(_("The consent is withdrawn. The record has left every figure it was in."))
    return _back(incident)


@bp.route("/report", methods=["GET", "POST"])
def report():
    require("attacks.report")
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report(current_user, _data(form), anonymous=form.anonymous.data)
        except IncidentError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure))
        else:
            db.session.commit()
            flash(_("Thank you. A documenter will read your report."))
            return redirect(url_for("attacks.report"), 303)
    return render_template(
        "attacks/report.html", form=form, own=queries.own_reports(current_user)
    ), form_status(form)
