"""Organizers write, reorder and remove the questions of an event's registration form."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.events.loader import load_event
from forum.events.models import Event
from forum.events.registration.models import Question
from forum.events.registration.questions import services
from forum.events.registration.questions.answers import (
    question_label,
)
from forum.events.registration.questions.forms import QuestionForm, blank_choice_rows
from forum.events.registration.questions.labels import KIND_LABELS, PURPOSE_LABELS
from forum.events.registration.questions.services import (
    ChoiceInput,
    QuestionError,
    QuestionInput,
)
from forum.extensions import db
from forum.forms import ActionForm, form_status
from forum.i18n import LOCALES

bp = Blueprint("questions", __name__)

NEW_CHOICE_ROWS = 6
EXTRA_CHOICE_ROWS = 3


def _question_of(event: Event, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    return question


@bp.get("/events/<slug>/manage/questions")
def index(slug: str):
    event = load_event(slug, "registration.questions")
    return render_template(
        "registration/questions.html",
        event=event,
        questions=services.event_questions(event.id),
        archived=services.event_questions(event.id, archived=True),
        kinds=KIND_LABELS,
        purposes=PURPOSE_LABELS,
        question_label=question_label,
    )


def _input_from(form: QuestionForm) -> QuestionInput:
    return QuestionInput(
        kind=form.kind.data,
        purpose=form.purpose.data,
        required=bool(form.required.data),
        sensitive=bool(form.sensitive.data),
        labels=form.labels(),
        choices=[
            ChoiceInput(
                key=entry.form.key.data or None,
                labels=entry.form.labels(),
                removed=bool(entry.form.removed.data),
            )
            for entry in form.choices.entries
        ],
    )


def _render_form(event: Event, form: QuestionForm, question: Question | None, code: int):
    return render_template(
        "registration/question_form.html", event=event, form=form, question=question
    ), code


@bp.route("/events/<slug>/manage/questions/new", methods=["GET", "POST"])
def create(slug: str):
    event = load_event(slug, "registration.questions")
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.create_question(event, _input_from(form))
        except QuestionError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure))
        else:
            db.session.commit()
            flash(_("The question is added."))
            return redirect(url_for("questions.index", slug=event.slug), 303)
    if not form.is_submitted():
        blank_choice_rows(form, NEW_CHOICE_ROWS)
    return _render_form(event, form, None, form_status(form))


def _form_data(question: Question) -> dict:
    data = {
        "kind": question.kind,
        "purpose": question.purpose,
        "required": question.required,
        "sensitive": question.sensitive,
        "choices": [
            {
                "key": choice["key"],
                "removed": bool(choice.get("removed")),
                **{f"label_{code}": choice["labels"].get(code, "") for code in LOCALES},
            }
            for choice in question.choices or []
        ],
    }
    data.update({f"label_{code}": (question.labels or {}).get(code, "") for code in LOCALES})
    return data


@bp.route("/events/<slug>/manage/questions/<int:question_id>", methods=["GET", "POST"])
def edit(slug: str, question_id: int):
    event = load_event(slug, "registration.questions")
    question = _question_of(event, question_id)
    if request.method == "GET":
        form = QuestionForm(formdata=None, data=_form_data(question))
        blank_choice_rows(form, EXTRA_CHOICE_ROWS)
        return _render_form(event, form, question, 200)
    form = QuestionForm()
    if form.validate():
        try:
            services.update_question(question, _input_from(form))
        except QuestionError as failure:
            db.session.rollback()
            form.form_errors.append(str(failure))
        else:
            db.session.commit()
            flash(_("The question is saved."))
            return redirect(url_for("questions.index", slug=event.slug), 303)
    return _render_form(event, form, question, form_status(form))


@bp.post("/events/<slug>/manage/questions/<int:question_id>/move")
def move(slug: str, question_id: int):
    event = load_event(slug, "registration.questions")
    question = _question_of(event, question_id)
    offsets = {"up": -1, "down": 1}
    direction = request.form.get("direction", "")
    if direction not in offsets or not ActionForm().validate_on_submit():
        abort(400)
    if question.archived_at is not None:
        abort(404)
    services.move_question(question, offsets[direction])
    db.session.commit()
    return redirect(url_for("questions.index", slug=event.slug) + f"#question-{question.id}", 303)


@bp.post("/events/<slug>/manage/questions/<int:question_id>/remove")
def remove(slug: str, question_id: int):
    event = load_event(slug, "registration.questions")
    question = _question_of(event, question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    archived = services.remove_question(question)
    db.session.commit()
    flash(
        _("People had answered it, so the question is archived: their answers stay readable.")
        if archived
        else _("The question is deleted.")
    )
    return redirect(url_for("questions.index", slug=event.slug), 303)


@bp.post("/events/<slug>/manage/questions/<int:question_id>/restore")
def restore(slug: str, question_id: int):
    event = load_event(slug, "registration.questions")
    question = _question_of(event, question_id)
    if not ActionForm().validate_on_submit() or question.archived_at is None:
        abort(400)
    try:
        services.restore_question(question)
    except QuestionError as failure:
        db.session.rollback()
        flash(str(failure), "error")
    else:
        db.session.commit()
        flash(_("The question is back on the form."))
    return redirect(url_for("questions.index", slug=event.slug), 303)
