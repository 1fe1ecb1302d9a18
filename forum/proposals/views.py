"""Pages of a call for proposals.

Members: the call, proposing, their own proposals (edit until the call closes, withdraw).
Reviewers (those who run the event): the call's settings, the anonymous list with
search, sort and CSV, a proposal with scores, comments and its history, the decision,
and the agenda slot of an accepted proposal. Every reviewer page is built from
`queries.AnonymousProposal`, which holds no person.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from forum.dates import Clock, to_local
from forum.downloads import file_response
from forum.events.loader import load_event
from forum.events.models import Event
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import LOCALES, select_timezone
from forum.models import utcnow
from forum.proposals import exports, queries, services
from forum.proposals.forms import (
    SORTS,
    CallForm,
    DecisionForm,
    ProposalForm,
    ReviewFilterForm,
    ReviewForm,
    ScheduleForm,
)
from forum.proposals.labels import FORMATS, LISTINGS, STATUSES, STEPS, label
from forum.proposals.models import Proposal, ProposalCall, Status
from forum.proposals.services import ProposalError
from forum.security import can, require

bp = Blueprint("proposals", __name__, url_prefix="/events")


def _labels() -> dict:
    return {
        "format": lambda code: label(FORMATS, code),
        "status": lambda code: label(STATUSES, code),
        "listing": lambda code: label(LISTINGS, code),
        "step": lambda code: label(STEPS, code),
        "language": lambda code: LOCALES.get(code, code),
    }


def _clock(event: Event) -> Clock:
    return Clock(event.timezone, select_timezone(), str(get_locale()))


def _call(event: Event) -> ProposalCall:
    call = queries.call_of(event.id)
    if call is None:
        abort(404)
    return call


def _mark(form: FlaskForm, error: ProposalError) -> None:
    target = form
    name = error.field
    if name and "-" in name:
        sub, name = name.split("-", 1)
        target = getattr(form, sub).form if hasattr(form, sub) else form
    field = getattr(target, name, None) if name else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


# --- members ---------------------------------------------------------------------------


@bp.get("/<slug>/call")
def call(slug: str):
    event = load_event(slug)
    found = _call(event)
    return render_template(
        "proposals/call.html",
        event=event,
        call=found,
        open=found.is_open(utcnow()),
        clock=_clock(event),
        labels=_labels(),
    )


def _own(event: Event, proposal_id: int) -> Proposal:
    proposal = queries.proposal_in(event.id, proposal_id)
    if proposal is None:
        abort(404)
    require("proposals.own", proposal, hide=True)
    return proposal


def _proposal_page(event: Event, call: ProposalCall, form: ProposalForm, proposal=None):  # noqa: ANN001, ANN202
    return render_template(
        "proposals/proposal_form.html",
        event=event,
        call=call,
        form=form,
        proposal=proposal,
        clock=_clock(event),
    ), form_status(form)


@bp.route("/<slug>/proposals/new", methods=["GET", "POST"])
def submit(slug: str):
    event = load_event(slug, "proposals.submit")
    found = _call(event)
    form = ProposalForm(call=found)
    if not form.is_submitted():
        form.language.data = str(get_locale())
    if form.is_submitted() and not found.is_open(utcnow()):
        form.form_errors.append(_("The call for proposals is closed."))
    elif form.validate_on_submit():
        try:
            services.submit(found, current_user, form.to_data())
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("Your proposal is sent. You can edit it until the call closes."))
            return redirect(url_for("proposals.mine", slug=event.slug), 303)
    return _proposal_page(event, found, form)


@bp.get("/<slug>/proposals/mine")
def mine(slug: str):
    event = load_event(slug, "proposals.submit")
    found = queries.call_of(event.id)
    proposals = queries.proposals_of(current_user, event.id)
    return render_template(
        "proposals/mine.html",
        event=event,
        call=found,
        open=found is not None and found.is_open(utcnow()),
        proposals=proposals,
        withdraw_form=ActionForm(),
        labels=_labels(),
        accounts=queries.speaker_accounts(proposals),
    )


@bp.route("/<slug>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.submit")
    proposal = _own(event, proposal_id)
    found = _call(event)
    if request.method == "GET":
        data = {
            "title": proposal.title,
            "abstract": proposal.abstract,
            "format": proposal.format,
            "language": proposal.language,
            "track": proposal.track,
        }
        accounts = queries.speaker_accounts([proposal])
        for number, speaker in enumerate(proposal.speakers, start=1):
            account = accounts.get(speaker.user_id) if speaker.user_id else None
            data[f"speaker_{number}"] = {
                "name": speaker.name or "",
                "member": account.username if account is not None else "",
                "pseudonym": speaker.pseudonym or "",
                "listing": speaker.listing,
            }
        form = ProposalForm(call=found, data=data)
    else:
        form = ProposalForm(call=found)
    if form.is_submitted() and not found.is_open(utcnow()):
        form.form_errors.append(_("The call for proposals is closed."))
    elif form.validate_on_submit():
        try:
            services.edit(found, proposal, form.to_data())
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("Your proposal is saved."))
            return redirect(url_for("proposals.mine", slug=event.slug), 303)
    return _proposal_page(event, found, form, proposal)


@bp.post("/<slug>/proposals/<int:proposal_id>/withdraw")
def withdraw(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.submit")
    proposal = _own(event, proposal_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.withdraw(proposal)
    except ProposalError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Your proposal is withdrawn."))
    return redirect(url_for("proposals.mine", slug=event.slug), 303)


# --- organizers and reviewers ----------------------------------------------------------


@bp.route("/<slug>/manage/call", methods=["GET", "POST"])
def edit_call(slug: str):
    event = load_event(slug, "proposals.call_edit")
    found = queries.call_of(event.id)
    if request.method == "POST":
        form = CallForm(event=event)
    else:
        form = CallForm.for_call(event, found, queries.reviewer_usernames(event.id))
    if form.validate_on_submit():
        try:
            services.save_call(event, found, form.to_data())
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The call for proposals is saved."))
            return redirect(url_for("proposals.review_list", slug=event.slug), 303)
    page = render_template("proposals/call_form.html", event=event, form=form, call=found)
    return page, form_status(form)


def _filters() -> tuple[ReviewFilterForm, dict]:
    form = ReviewFilterForm(MultiDict(request.args))
    form.status.choices = [("", _("All"))] + [
        (code, str(name)) for code, name in STATUSES.items() if code != Status.WITHDRAWN.value
    ]
    sort = form.sort.data if form.sort.data in SORTS else "newest"
    status = form.status.data if form.status.data in STATUSES else ""
    return form, {"search": (form.q.data or "")[:200], "status": status, "sort": sort}


@bp.get("/<slug>/manage/proposals")
def review_list(slug: str):
    event = load_event(slug, "proposals.review")
    form, filters = _filters()
    return render_template(
        "proposals/review_list.html",
        event=event,
        call=queries.call_of(event.id),
        form=form,
        rows=queries.review_rows(event.id, **filters),
        labels=_labels(),
        filters=filters,
    )


@bp.get("/<slug>/manage/proposals.csv")
def review_csv(slug: str):
    event = load_event(slug, "proposals.review")
    filters = _filters()[1]
    headings = {
        "id": _("Number"),
        "title": _("Title"),
        "abstract": _("Abstract"),
        "format": _("Format"),
        "language": _("Language"),
        "track": _("Track"),
        "status": _("Status"),
        "speaker_count": _("Speakers"),
        "average": _("Average score"),
        "reviews": _("Reviews"),
    }
    body = exports.proposals_to_csv(queries.review_rows(event.id, **filters), headings)
    return file_response(body, "text/csv", f"proposals-{event.slug}.csv")


def _reviewed(event: Event, proposal_id: int) -> tuple[Proposal, queries.AnonymousProposal]:
    shown = queries.review_detail(event.id, proposal_id)
    proposal = queries.proposal_in(event.id, proposal_id)
    if shown is None or proposal is None:
        abort(404)
    return proposal, shown


def _review_page(
    event: Event,
    proposal: Proposal,
    shown: queries.AnonymousProposal,
    *,
    review_form: ReviewForm | None = None,
    decision_form: DecisionForm | None = None,
    schedule_form: ScheduleForm | None = None,
    status: int = 200,
):  # noqa: ANN202
    mine = queries.my_review(proposal.id, current_user)
    if review_form is None:
        review_form = ReviewForm(
            formdata=None,
            data={"score": str(mine.score), "comment": mine.comment} if mine else None,
        )
    if decision_form is None:
        decision_form = DecisionForm(formdata=None)
    if schedule_form is None:
        schedule_form = ScheduleForm(
            formdata=None,
            event=event,
            data={
                "starts_at": to_local(event.starts_at, event.timezone),
                "ends_at": to_local(event.starts_at + services.SESSION_LENGTH, event.timezone),
                "kind": services.session_kind_for(shown.format),
            },
        )
    page = render_template(
        "proposals/review.html",
        event=event,
        proposal=shown,
        own=proposal.submitter_id == current_user.id,
        decides=can(current_user, "proposals.decide", (event, proposal)),
        reviews=queries.reviews_of(proposal.id, current_user),
        review_form=review_form,
        decision_form=decision_form,
        schedule_form=schedule_form,
        labels=_labels(),
    )
    return page, status


@bp.get("/<slug>/manage/proposals/<int:proposal_id>")
def review(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.review")
    proposal, shown = _reviewed(event, proposal_id)
    return _review_page(event, proposal, shown)


@bp.post("/<slug>/manage/proposals/<int:proposal_id>/score")
def score(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.review")
    proposal, shown = _reviewed(event, proposal_id)
    require("proposals.score", (event, proposal))
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.score(proposal, current_user, int(form.score.data), form.comment.data or "")
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("Your review is saved."))
            return redirect(url_for("proposals.review", slug=slug, proposal_id=proposal.id), 303)
    return _review_page(event, proposal, shown, review_form=form, status=422)


@bp.post("/<slug>/manage/proposals/<int:proposal_id>/decide")
def decide(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.review")
    proposal, shown = _reviewed(event, proposal_id)
    require("proposals.score", (event, proposal))
    require("proposals.decide", (event, proposal))
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide(proposal, current_user, form.decision.data, form.message.data or "")
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The decision is saved, and the submitter is told."))
            return redirect(url_for("proposals.review", slug=slug, proposal_id=proposal.id), 303)
    return _review_page(event, proposal, shown, decision_form=form, status=422)


@bp.post("/<slug>/manage/proposals/<int:proposal_id>/schedule")
def schedule(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.review")
    proposal, shown = _reviewed(event, proposal_id)
    require("proposals.score", (event, proposal))
    require("proposals.decide", (event, proposal))
    form = ScheduleForm(event=event)
    if form.validate_on_submit():
        try:
            session_id = services.schedule(event, proposal, current_user, form.to_data())
        except ProposalError as error:
            db.session.rollback()
            _mark(form, error)
        else:
            db.session.commit()
            flash(_("The proposal is on the agenda."))
            return redirect(url_for("events.agenda", slug=slug) + f"#session-{session_id}", 303)
    return _review_page(event, proposal, shown, schedule_form=form, status=422)


@bp.get("/<slug>/manage/proposals/<int:proposal_id>/history")
def history(slug: str, proposal_id: int):
    event = load_event(slug, "proposals.review")
    shown = _reviewed(event, proposal_id)[1]
    return render_template(
        "proposals/history.html",
        event=event,
        proposal=shown,
        lines=queries.history_of(shown.id),
        clock=_clock(event),
        labels=_labels(),
    )
