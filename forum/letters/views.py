"""Invitation letters: the registrant's request page and download; the issuer's list,
request page and decisions. Every page showing passport details is audited."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.auth.limits import user_key
from forum.downloads import file_response
from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.registration.queries import registration_of
from forum.extensions import db, limiter
from forum.forms import ActionForm, form_status
from forum.letters import queries, services
from forum.letters.document import letter_document, letter_pdf
from forum.letters.forms import DeclineForm, LetterRequestForm
from forum.letters.labels import STATUS_LABELS
from forum.letters.models import LetterRequest
from forum.security import require
from forum.taxonomy import country_name

bp = Blueprint("letters", __name__)

#: A PDF costs a fraction of a second: plenty for a person, little for a loop.
LETTER_LIMIT = "10 per minute;50 per hour"


def _own_registration(event: Event):  # noqa: ANN202
    registration = registration_of(current_user, event.id)
    require("letter.request", registration)
    return registration


def _request_page(event: Event, form: LetterRequestForm, mine: LetterRequest | None):
    return render_template(
        "letters/request.html",
        event=event,
        form=form,
        mine=mine,
        status_labels=STATUS_LABELS,
        withdraw_form=ActionForm(formdata=None),
    ), form_status(form)


@bp.route("/events/<slug>/letter", methods=["GET", "POST"])
@login_required
def request_letter(slug: str):
    event = load_event(slug)
    registration = _own_registration(event)
    mine = queries.request_of(registration)
    form = LetterRequestForm(event_ends_on=event.ends_at.date())
    if not form.validate_on_submit():
        return _request_page(event, form, mine)
    details = services.PassportDetails(
        legal_name=form.legal_name.data,
        nationality=form.nationality.data,
        passport_number=form.passport_number.data,
        birth_date=form.birth_date.data,
        passport_expiry=form.passport_expiry.data,
        purpose=form.purpose.data or "",
    )
    services.request_letter(current_user, registration, details, str(get_locale()))
    db.session.commit()
    flash(_("Your request is saved. You will download the letter here once it is issued."))
    return redirect(url_for(".request_letter", slug=event.slug), 303)


@bp.post("/events/<slug>/letter/withdraw")
@login_required
def withdraw(slug: str):
    event = load_event(slug)
    registration = _own_registration(event)
    if not ActionForm().validate_on_submit():
        abort(400)
    mine = queries.request_of(registration)
    if mine is not None:
        services.withdraw(current_user, mine)
        db.session.commit()
        flash(_("Your request and your passport details are deleted."))
    return redirect(url_for(".request_letter", slug=event.slug), 303)


@bp.get("/events/<slug>/letter.pdf")
@login_required
@limiter.limit(LETTER_LIMIT, key_func=user_key)
def download(slug: str):
    """Downloaded by the person it invites, and never sent by email."""
    event = load_event(slug)
    mine = queries.request_of(registration_of(current_user, event.id))
    if mine is None:
        abort(404)
    require("letter.download", mine, hide=True)
    pdf = letter_pdf(letter_document(mine, current_app.config, date.today()))
    services.downloaded(current_user, mine)
    db.session.commit()
    return file_response(pdf, "application/pdf", f"invitation-{event.slug}.pdf")


# --- the issuer -----------------------------------------------------------------------


@bp.get("/letters/")
def requests():
    require("letter.issue")
    status = request.args.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    return render_template(
        "letters/requests.html",
        requests=queries.requests_for_issuer(status or None),
        status=status,
        status_labels=STATUS_LABELS,
    )


def _issuer_request(request_id: int) -> LetterRequest:
    require("letter.issue")
    found = queries.request_by_id(request_id)
    if found is None:
        abort(404)
    return found


def _review_page(found: LetterRequest, decline_form: DeclineForm, code: int = 200):
    services.viewed(current_user, found)
    db.session.commit()
    return render_template(
        "letters/review.html",
        letter=found,
        country_name=country_name,
        status_labels=STATUS_LABELS,
        issue_form=ActionForm(formdata=None),
        decline_form=decline_form,
    ), code


@bp.get("/letters/<int:request_id>")
def review(request_id: int):
    return _review_page(_issuer_request(request_id), DeclineForm(formdata=None))


@bp.post("/letters/<int:request_id>/issue")
def issue(request_id: int):
    found = _issuer_request(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.issue(current_user, found)
    except services.NotReady:
        db.session.rollback()
        flash(
            _("Only an approved registration can get a letter: ask the organizers first."), "error"
        )
        return redirect(url_for(".review", request_id=found.id), 303)
    db.session.commit()
    flash(_("Letter issued. The person can download it from the event's letter page."))
    return redirect(url_for(".requests"), 303)


@bp.post("/letters/<int:request_id>/decline")
def decline(request_id: int):
    found = _issuer_request(request_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _review_page(found, form, 422)
    services.decline(current_user, found, form.note.data)
    db.session.commit()
    flash(_("Request declined."))
    return redirect(url_for(".requests"), 303)
