"""Insights pages: the exchanges in numbers, an event's logistics, and the admin switch."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forum.events.loader import load_event
from forum.exchanges.presentation import cached_fragment
from forum.extensions import db
from forum.insights import logistics, services
from forum.insights.forms import InsightFilterForm, PublicInsightsForm
from forum.security import require
from forum.security.insights import public_insights_enabled
from forum.statistics.display import adjusted_note

bp = Blueprint("insights", __name__)


def _page(form: InsightFilterForm) -> services.InsightsPage:
    public = not current_user.is_authenticated
    filters = form.to_filters(services.PUBLIC_FILTERS if public else None)
    return services.build_insights(current_user, filters, str(get_locale()))


def _filters_panel(form: InsightFilterForm, *, valid: bool) -> Markup:
    """The filter form; valid choices render the same for everyone, so it is cached."""
    signed_in = current_user.is_authenticated

    def build() -> str:
        return render_template("insights/_filters.html", form=form, signed_in=signed_in)

    if not valid:
        return Markup(build())  # noqa: S704 - our own autoescaped template  # nosec B704
    chosen = tuple((field.name, field.data) for field in form)
    return cached_fragment(("insights-filters", signed_in, chosen), build)


@bp.get("/insights/")
def index():
    require("insights.view")
    form = InsightFilterForm(request.args)
    if not form.validate():
        panel = _filters_panel(form, valid=False)
        return render_template(
            "insights/index.html", filters_panel=panel, page=None, adjusted_note=adjusted_note()
        ), 400
    page = _page(form)
    args = {k: v for k, v in request.args.items() if v}
    panel = _filters_panel(form, valid=True)
    return render_template(
        "insights/index.html",
        filters_panel=panel,
        page=page,
        args=args,
        adjusted_note=adjusted_note(),
    )


@bp.get("/insights/<key>.csv")
def table_csv(key: str):
    """Exactly one table of the page, with the page's filters and published figures."""
    require("insights.view")
    form = InsightFilterForm(request.args)
    if not form.validate():
        abort(400)
    page = _page(form)
    if key not in page.tables:
        abort(404)
    return Response(
        services.table_csv(page, key),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="convene-insights-{key}.csv"'},
    )


@bp.get("/events/<slug>/manage/logistics")
def event_logistics(slug: str):
    event = load_event(slug, "event.logistics")
    locale = str(get_locale())
    data = logistics.event_logistics(current_user, event, locale)  # audits the view
    db.session.commit()
    return render_template(
        "insights/logistics.html",
        event=event,
        text=event.text_for(locale),
        data=data,
        adjusted_note=adjusted_note(),
    )


@bp.route("/admin/insights", methods=["GET", "POST"])
def configure():
    require("insights.configure")
    form = PublicInsightsForm()
    if form.validate_on_submit():
        changed = services.set_public_insights(current_user, bool(form.public.data))
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."))
        return redirect(url_for("insights.configure"), 303)
    if not form.is_submitted():
        form.public.data = public_insights_enabled()
    return render_template("insights/configure.html", form=form)
