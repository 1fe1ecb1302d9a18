"""Registering for an event, the participant list, and the team's registration pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from forum.dates import DateLabels
from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.registration import queries, services, table
from forum.events.registration.capacity import waitlist_rank
from forum.events.registration.forms import (
    BulkForm,
    CheckInForm,
    DecisionForm,
    ListingChangeForm,
    registration_form,
)
from forum.events.registration.labels import (
    AUDIT_ACTION_LABELS,
    EVENT_ROLE_LABELS,
    LISTING_LABELS,
    STATUS_LABELS,
)
from forum.events.registration.models import (
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from forum.events.registration.questions.answers import (
    display_value,
    question_label,
    shown_answers,
)
from forum.events.registration.retention import purge_due_at
from forum.events.registration.services import (
    Decision,
    DecisionResult,
    RegistrationError,
    RegistrationRequest,
)
from forum.events.registration.table import Filters, Sort
from forum.events.registration.window import registration_window
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import LOCALES
from forum.models import utcnow
from forum.security import audit, require
from forum.security.profiles import profile_reach, visible_profile
from forum.taxonomy import country_choices, country_name
from forum.urls import page_number, safe_next_url

bp = Blueprint("registration", __name__)


@bp.app_template_global("registration_window")
def _window_now(event: Event) -> str:
    return registration_window(event, utcnow()).value


@bp.app_template_global("registration_problem")
def _problem_now(event: Event) -> str | None:
    return services.window_problem(event, utcnow())


@bp.app_template_global("registration_status_label")
def _status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global("listing_label")
def _listing_label(listing: str) -> str:
    return str(LISTING_LABELS.get(listing, listing))


@bp.app_template_global("event_role_label")
def _event_role_label(role: str) -> str:
    return str(EVENT_ROLE_LABELS.get(role, role))


@bp.app_template_global("audit_action_label")
def _audit_action_label(action: str) -> str:
    return str(AUDIT_ACTION_LABELS.get(action, action))


@bp.app_template_global("registration_purge_date")
def _purge_date(event: Event) -> Any:
    return purge_due_at(event)


# --- registering -----------------------------------------------------------------------


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
def register(slug: str):
    event = load_event(slug)
    require("registration.register", event)
    mine = queries.registration_of(current_user, event.id)
    locale = str(get_locale())
    questions = services.active_questions(event.id)
    form = registration_form(questions, locale, badge_name=current_user.display_name, locale=locale)
    problem = services.window_problem(event, utcnow())
    error = None
    if form.is_submitted():
        error = problem or _existing_problem(mine)
        if error is None and not form.validate():
            error = _("Please correct the highlighted fields.")
        elif error is None:
            request_data = RegistrationRequest(
                badge_name=form.badge_name.data or "",
                locale=form.locale.data,
                listing=form.listing.data,
                consent=bool(form.consent.data),
                answers=form.answers(),
            )
            try:
                registration = services.register(event.id, current_user, request_data)
            except RegistrationError as failure:
                db.session.rollback()
                error = str(failure)
            else:
                # Message and address before the commit, which expires the objects: an
                # outage just after it must not report a saved registration as failed.
                message = _registered_message(registration)
                target = url_for("registration.register", slug=event.slug)
                db.session.commit()
                flash(message)
                return redirect(target, 303)
    return render_template(
        "registration/register.html",
        event=event,
        form=form,
        mine=mine,
        problem=problem,
        error=error,
        state=queries.panel_state(event, None) if mine is None or not mine.active else None,
        **_my_registration_context(event, mine, locale),
    ), (422 if error else 200)


def _existing_problem(mine: Registration | None) -> str | None:
    if mine is not None and mine.active:
        return _("You are already registered for this event.")
    if mine is not None and mine.status == RegistrationStatus.DECLINED.value:
        return _("The organizers declined your request to attend this event.")
    return None


def _registered_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.APPROVED.value:
        return _("You are registered. See you there!")
    if registration.status == RegistrationStatus.PENDING.value:
        return _("Your request is sent. The organizers will review it.")
    return _(
        "The event is full: you are on the waiting list, number %(rank)d.",
        rank=waitlist_rank(registration) or 0,
    )


def _my_registration_context(
    event: Event, mine: Registration | None, locale: str
) -> dict[str, Any]:
    if mine is None:
        return {"my_answers": [], "rank": None, "listing_form": None, "cancel_form": None}
    return {
        "my_answers": shown_answers(mine.answers, queries.all_questions(event.id), locale),
        "rank": waitlist_rank(mine),
        "listing_form": ListingChangeForm(formdata=None, listing=mine.listing),
        "cancel_form": ActionForm(formdata=None),
    }


@bp.post("/events/<slug>/register/cancel")
def cancel(slug: str):
    event = load_event(slug)
    require("registration.register", event)
    back = safe_next_url(
        request.form.get("next"), url_for("registration.register", slug=event.slug)
    )
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = services.cancel(event.id, current_user)
    except RegistrationError as failure:
        db.session.rollback()
        flash(str(failure), "error")
        return redirect(back, 303)
    db.session.commit()
    flash(_("Your registration is cancelled."))
    if result.promoted:
        flash(_("Your place went to the next person on the waiting list."))
    return redirect(back, 303)


@bp.post("/events/<slug>/register/listing")
def change_listing(slug: str):
    event = load_event(slug)
    require("registration.register", event)
    mine = queries.registration_of(current_user, event.id)
    form = ListingChangeForm()
    if mine is None or not form.validate_on_submit():
        abort(400 if mine is not None else 404)
    try:
        services.set_listing(mine, form.listing.data)
    except RegistrationError as failure:
        db.session.rollback()
        flash(str(failure), "error")
    else:
        db.session.commit()
        flash(_("Your choice for the participant list is saved."))
    return redirect(url_for("registration.register", slug=event.slug), 303)


# --- the participant list ------------------------------------------------------------


@bp.get("/events/<slug>/participants")
def participants(slug: str):
    event = load_event(slug)
    require("event.participants", event)
    people = queries.listed_participants(event.id)
    profiles = queries.profiles_of(person.user_id for person in people)
    reach = profile_reach(current_user, profiles)
    rows = [
        (
            person,
            visible_profile(current_user, profiles.get(person.user_id), reach.get(person.user_id)),
        )
        for person in people
    ]
    return render_template("registration/participants.html", event=event, rows=rows)


# --- the team's pages ----------------------------------------------------------------


def _status_filter() -> str | None:
    status = request.args.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        abort(400)
    return status


def _table_filters(questions: list[Question], args: Any = None) -> Filters:
    try:
        return table.parse_filters(request.args if args is None else args, questions)
    except table.BadFilter:
        abort(400)


_STATUS_CLASSES = {
    "approved": "badge-ok",
    "pending": "badge-warn",
    "declined": "badge-danger",
    "cancelled": "badge-muted",
}


@dataclass(frozen=True, slots=True)
class _TableRow:
    """One row of the team's table, every word ready: attributes, not a dict, because a
    template reads `row.x` as an attribute first (a dict would fail that first for each)."""

    registration: table.Row
    answers: list[table.ShownAnswer]
    profile: dict[str, Any]
    rank: str
    country_name: str
    registered: str
    checked_in: str
    decided: str
    status_label: str
    status_class: str
    listing_label: str
    language: str


def _render_manage(
    event: Event,
    decision: DecisionForm,
    code: int = 200,
    bulk: BulkForm | None = None,
    bulk_error: str | None = None,
    filter_source: Any = None,
):
    questions = queries.all_questions(event.id)
    filters = _table_filters(questions, filter_source)
    number = page_number()
    narrowed = sorted(filters.args(with_sort=False).keys() - {"status"})
    detail = f"status={filters.status or 'all'} page={number}"
    if narrowed:
        detail += " filters=" + ",".join(narrowed)  # which filters, never what was typed
    audit(
        current_user,
        "registrations.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=detail,
    )
    # Recorded before anything is read; what follows reads in a fresh transaction. The
    # event and the viewer, read a moment ago, are kept rather than read again.
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
    matching = table.matching_ids(event.id, filters, questions)
    page = table.page_of(matching, number)
    locale = str(get_locale())
    profiles = queries.profiles_of(r.user_id for r in page.items)
    reach = profile_reach(current_user, profiles)
    waiting = [r for r in page.items if r.waitlist_position is not None]
    ranks = queries.waitlist_ranks(event.id) if waiting else {}
    country_q = table.country_question(questions)
    countries = table.countries_of(page.items, country_q)
    answers = table.AnswerTexts(questions, locale)
    when = DateLabels(locale).short
    status_labels = {code: str(label) for code, label in STATUS_LABELS.items()}
    listing_labels = {code: str(label) for code, label in LISTING_LABELS.items()}
    # Each row's words as plain strings, so the template only places them.
    rows = [
        _TableRow(
            registration=registration,
            answers=answers.of(registration),
            profile=visible_profile(
                current_user,
                profiles.get(registration.user_id),
                reach.get(registration.user_id),
            ),
            rank=_("Number %(rank)s on the waiting list.", rank=format_number(rank))
            if (rank := ranks.get(registration.id))
            else "",
            country_name=country_name(countries[registration.id], locale)
            if registration.id in countries
            else "",
            registered=when(registration.created_at),
            checked_in=when(registration.checked_in_at) if registration.checked_in_at else "",
            decided=when(registration.decided_at) if registration.decided_at else "",
            status_label=status_labels.get(registration.status, registration.status),
            status_class=_STATUS_CLASSES.get(registration.status, ""),
            listing_label=listing_labels.get(registration.listing, registration.listing),
            language=LOCALES.get(registration.locale, registration.locale),
        )
        for registration in page.items
    ]
    # One link per row to check a person in: built from one URL, not one url_for each.
    marker = str(_URL_MARKER)
    check_in_url = url_for(
        "registration.check_in", slug=event.slug, registration_id=_URL_MARKER, status=filters.status
    ).rsplit(marker, 1)
    return render_template(
        "registration/manage.html",
        event=event,
        page=page,
        rows=rows,
        status=filters.status,
        filters=filters,
        filter_args=filters.args(),
        matching=len(matching),
        counts=queries.status_counts(event.id),
        decision=decision,
        bulk=bulk or BulkForm(formdata=None),
        bulk_error=bulk_error,
        answer_filters=_answer_filter_choices(questions, locale),
        countries=country_choices(locale) if country_q is not None else [],
        sorts=_sort_labels(),
        check_in_url=check_in_url,
    ), code


#: Stands for a registration's id in a URL built once per page (never a real id).
_URL_MARKER = 987_654_321_987_654_321


def _answer_filter_choices(questions: list[Question], locale: str) -> list[tuple[str, str]]:
    """("question id:value", "Question: answer") for every answer one can filter on."""
    options = []
    for question in table.filterable_questions(questions):
        if question.archived_at is not None or question.kind == QuestionKind.COUNTRY.value:
            continue
        label = question_label(question, locale)
        for value in table.answer_values(question):
            shown = display_value(question, value, locale)
            options.append((f"{question.id}:{value}", f"{label}: {shown}"))
    return options


def _sort_labels() -> list[tuple[str, str]]:
    return [
        (Sort.REGISTERED.value, _("Date of registration")),
        (Sort.NAME.value, _("Name on the badge")),
        (Sort.STATUS.value, _("Status")),
        (Sort.COUNTRY.value, _("Country")),
        (Sort.CHECKED_IN.value, _("Check-in")),
    ]


@bp.get("/events/<slug>/manage/registrations")
def manage(slug: str):
    event = load_event(slug, "registration.list")
    return _render_manage(event, DecisionForm(formdata=None))


@bp.post("/events/<slug>/manage/registrations/decide")
def decide(slug: str):
    event = load_event(slug, "registration.vet")
    form = DecisionForm()
    if not form.validate_on_submit() or not (form.approve.data or form.decline.data):
        if not form.errors:
            form.form_errors.append(_("Choose to approve or to decline."))
        return _render_manage(event, form, form_status(form) if form.errors else 422)
    decision = Decision.APPROVE if form.approve.data else Decision.DECLINE
    result = services.decide(
        event.id, form.ids.data, decision, actor=current_user, note=form.note.data or ""
    )
    db.session.commit()
    for message in _decision_messages(result):
        flash(message)
    return redirect(url_for("registration.manage", slug=event.slug, status=_status_filter()), 303)


@bp.post("/events/<slug>/manage/registrations/bulk")
def bulk(slug: str):
    """One decision for the ticked people, or for all that match the table's filters."""
    event = load_event(slug, "registration.vet")
    form = BulkForm()
    questions = queries.all_questions(event.id)
    try:
        filters = table.parse_filters(request.form, questions)
    except table.BadFilter:
        filters = None
    if not form.validate_on_submit() or filters is None:
        error = (
            _("The selection is not valid. Please try again.")
            if filters is None
            else _first_error(form)
        )
        # The table as it was, unless its filters are what was wrong.
        source = request.form if filters is not None else {}
        return _render_manage(event, DecisionForm(formdata=None), 422, form, error, source)
    if form.scope.data == "matching":
        ids = table.matching_ids(event.id, filters, questions)
        expected = int(form.expected.data)
        if len(ids) != expected:
            error = _(
                "The list changed since you loaded it: %(now)s people match now, not "
                "%(then)s. Nothing was changed; check the list and try again.",
                now=format_number(len(ids)),
                then=format_number(expected),
            )
            return _render_manage(
                event, DecisionForm(formdata=None), 409, form, error, request.form
            )
    else:
        ids = form.ids.data
    decision = Decision(form.action.data)
    result = services.decide(event.id, ids, decision, actor=current_user, note=form.note.data or "")
    audit(
        current_user,
        "registrations.bulk",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=(
            f"action={decision.value} scope={form.scope.data} count={len(ids)} "
            f"changed={len(ids) - len(result.skipped)}"
        ),
    )
    db.session.commit()
    for message in _decision_messages(result, decision):
        flash(message)
    return redirect(url_for("registration.manage", slug=event.slug, **filters.args()), 303)


def _first_error(form: BulkForm) -> str:
    for errors in (form.form_errors, *form.errors.values()):
        for error in errors:
            if isinstance(error, str):
                return error
    return _("The selection is not valid. Please try again.")


def _decision_messages(result: DecisionResult, decision: Decision = Decision.APPROVE) -> list[str]:
    parts = [
        (
            len(result.approved),
            ngettext("%(num)d approved.", "%(num)d approved.", len(result.approved)),
        ),
        (
            len(result.waitlisted),
            ngettext(
                "%(num)d approved but the event is full: on the waiting list.",
                "%(num)d approved but the event is full: on the waiting list.",
                len(result.waitlisted),
            )
            if decision is Decision.APPROVE
            else ngettext(
                "%(num)d put on the waiting list.",
                "%(num)d put on the waiting list.",
                len(result.waitlisted),
            ),
        ),
        (
            len(result.declined),
            ngettext("%(num)d declined.", "%(num)d declined.", len(result.declined)),
        ),
        (
            len(result.skipped),
            ngettext(
                "%(num)d left unchanged (cancelled, or decided already).",
                "%(num)d left unchanged (cancelled, or decided already).",
                len(result.skipped),
            ),
        ),
        (
            len(result.promoted),
            ngettext(
                "%(num)d moved up from the waiting list.",
                "%(num)d moved up from the waiting list.",
                len(result.promoted),
            ),
        ),
    ]
    messages = [text for count, text in parts if count]
    return messages or [_("Nothing changed.")]


@bp.post("/events/<slug>/manage/registrations/<int:registration_id>/check-in")
def check_in(slug: str, registration_id: int):
    event = load_event(slug, "registration.check_in")
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    form = CheckInForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_checked_in(
            event, registration, actor=current_user, arrived=form.arrived.data == "1"
        )
    except RegistrationError as failure:
        db.session.rollback()
        flash(str(failure), "error")
    else:
        db.session.commit()
        flash(_("Checked in.") if form.arrived.data == "1" else _("Check-in undone."))
    return redirect(
        url_for("registration.manage", slug=event.slug, status=_status_filter())
        + f"#registration-{registration.id}",
        303,
    )


@bp.get("/events/<slug>/manage/audit")
def audit_log(slug: str):
    event = load_event(slug, "event.audit")
    number = page_number()
    audit(
        current_user,
        "event_audit.view",
        target_type="event",
        target_id=event.id,
        event_id=event.id,
        detail=f"page={number}",
    )
    db.session.commit()
    page = queries.event_audit_page(event.id, number)
    names = queries.audit_targets(page.items, str(get_locale()))
    return render_template("registration/audit.html", event=event, page=page, names=names)
