"""Feedback surveys: organizers build, open and read them; participants answer once."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.events import queries as event_queries
from forum.events.feedback import results, services
from forum.events.feedback.forms import (
    SURVEY_KIND_LABELS,
    NewSurveyForm,
    OpenForm,
    SurveyQuestionForm,
    survey_answer_form,
)
from forum.events.feedback.models import Survey, SurveyQuestion
from forum.events.feedback.services import SurveyError
from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.registration.questions.answers import question_label
from forum.events.registration.questions.forms import blank_choice_rows
from forum.events.registration.questions.services import ChoiceInput, QuestionInput
from forum.extensions import db
from forum.forms import ActionForm, form_status, select_choices
from forum.security import audit, can
from forum.statistics.display import adjusted_note

bp = Blueprint("feedback", __name__)

NEW_CHOICE_ROWS = 4


def _survey(event: Event, survey_id: int) -> Survey:
    survey = services.survey_of(event, survey_id)
    if survey is None:
        abort(404)
    return survey


def _about(survey: Survey, locale: str) -> str:
    if survey.session is None:
        return _("The whole event")
    text = survey.session.text_for(locale, survey.event.default_locale)
    return text.title if text else ""


def _about_choices(event: Event, locale: str) -> list[tuple[str, str]]:
    choices = [("event", _("The whole event"))]
    for session in event_queries.agenda_of(event):
        text = session.text_for(locale, event.default_locale)
        choices.append((str(session.id), text.title if text else str(session.id)))
    return choices


# --- organizers -------------------------------------------------------------------------


@bp.route("/events/<slug>/manage/surveys", methods=["GET", "POST"])
def manage(slug: str):
    event = load_event(slug, "survey.manage")
    locale = str(get_locale())
    form = NewSurveyForm()
    form.about.choices = select_choices(_about_choices(event, locale))
    if request.method == "POST" and form.validate_on_submit():
        try:
            survey = services.create_survey(event, form.session_id())
        except SurveyError as refusal:
            db.session.rollback()
            form.about.errors = [*form.about.errors, str(refusal)]
        else:
            db.session.commit()
            flash(_("The survey is created. Add its questions, then open it."))
            return redirect(url_for("feedback.manage", slug=slug, _anchor=f"s-{survey.id}"), 303)
    surveys = services.surveys_of(event.id)
    return render_template(
        "feedback/manage.html",
        event=event,
        text=event.text_for(locale),
        surveys=[(survey, _about(survey, locale)) for survey in surveys],
        form=form,
        kinds=SURVEY_KIND_LABELS,
        question_label=question_label,
        action=ActionForm(),
    ), form_status(form)


@bp.route("/events/<slug>/manage/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
def new_question(slug: str, survey_id: int):
    event = load_event(slug, "survey.manage")
    survey = _survey(event, survey_id)
    form = SurveyQuestionForm()
    if form.validate_on_submit():
        data = QuestionInput(
            kind=form.kind.data,
            purpose="other",
            required=bool(form.required.data),
            sensitive=False,
            labels=form.labels(),
            choices=[
                ChoiceInput(
                    key=None, labels=entry.form.labels(), removed=bool(entry.form.removed.data)
                )
                for entry in form.choices.entries
            ],
        )
        try:
            services.add_question(survey, data)
        except SurveyError as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("The question is added."))
            return redirect(url_for("feedback.manage", slug=slug, _anchor=f"s-{survey.id}"), 303)
    if not form.is_submitted():
        blank_choice_rows(form, NEW_CHOICE_ROWS)
    return render_template(
        "feedback/question_form.html",
        event=event,
        survey=survey,
        about=_about(survey, str(get_locale())),
        form=form,
    ), form_status(form)


@bp.post("/events/<slug>/manage/surveys/<int:survey_id>/questions/<int:item_id>/remove")
def remove_question(slug: str, survey_id: int, item_id: int):
    event = load_event(slug, "survey.manage")
    survey = _survey(event, survey_id)
    question = db.session.get(SurveyQuestion, item_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.remove_question(survey, question)
    except SurveyError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("The question is removed."))
    return redirect(url_for("feedback.manage", slug=slug, _anchor=f"s-{survey.id}"), 303)


@bp.post("/events/<slug>/manage/surveys/<int:survey_id>/state")
def set_state(slug: str, survey_id: int):
    event = load_event(slug, "survey.manage")
    survey = _survey(event, survey_id)
    form = OpenForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_open(survey, form.state.data == "open")
    db.session.commit()
    flash(
        _("The survey is open: participants can answer it.")
        if survey.is_open
        else _("The survey is closed.")
    )
    return redirect(url_for("feedback.manage", slug=slug, _anchor=f"s-{survey.id}"), 303)


@bp.get("/events/<slug>/manage/surveys/<int:survey_id>/results")
def survey_results(slug: str, survey_id: int):
    event = load_event(slug, "survey.results")
    survey = _survey(event, survey_id)
    locale = str(get_locale())
    with_text = can(current_user, "survey.free_text", event)
    if with_text:
        audit(
            current_user,
            "survey.free_text_view",
            target_type="survey",
            target_id=survey.id,
            event_id=event.id,
        )
        db.session.commit()
    return render_template(
        "feedback/results.html",
        event=event,
        survey=survey,
        about=_about(survey, locale),
        results=results.survey_results(survey, locale, with_text=with_text),
        note=adjusted_note(),
    )


# --- participants -------------------------------------------------------------------------


@bp.get("/events/<slug>/surveys")
def index(slug: str):
    event = load_event(slug, "survey.answer")
    locale = str(get_locale())
    shown = []
    for survey in services.surveys_of(event.id):
        if services.can_answer_now(survey) is None:
            shown.append(
                (survey, _about(survey, locale), services.has_answered(current_user, survey))
            )
    return render_template(
        "feedback/index.html", event=event, text=event.text_for(locale), surveys=shown
    )


@bp.route("/events/<slug>/surveys/<int:survey_id>", methods=["GET", "POST"])
def answer(slug: str, survey_id: int):
    event = load_event(slug, "survey.answer")
    survey = _survey(event, survey_id)
    locale = str(get_locale())
    closed = services.can_answer_now(survey)
    answered = services.has_answered(current_user, survey)
    form = survey_answer_form(survey.questions, locale)
    status = 200
    if closed is None and not answered and form.validate_on_submit():
        try:
            services.answer(current_user, survey, form.rating_value(), form.answers())
        except SurveyError as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            status = 422
        else:
            db.session.commit()
            flash(_("Thank you. Your answers are saved without your name."))
            return redirect(url_for("feedback.index", slug=slug), 303)
    elif form.is_submitted():
        status = 409 if (closed or answered) else 422
    return render_template(
        "feedback/answer.html",
        event=event,
        survey=survey,
        about=_about(survey, locale),
        form=form,
        closed=closed,
        answered=answered,
    ), status
