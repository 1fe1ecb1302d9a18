"""Organizers write to their event's registrants: `/events/<slug>/manage/messages/`.

`compose` shows the form (prefilled from `?status=…&checked_in=…&answer=…`, so the
registrations table can link to it) and, posted, a preview: how many people and the text
each language will read. `send` writes the message and its notices and queues the emails;
it is rate-limited per account.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_login import current_user

from forum.auth.limits import user_key
from forum.events.loader import load_event
from forum.events.models import Event
from forum.extensions import db, limiter
from forum.forms import form_status
from forum.i18n import LOCALES
from forum.messages import queries, services
from forum.messages import related as _related  # noqa: F401  (the event page's panel)
from forum.messages.forms import MessageForm
from forum.messages.labels import CHECKED_IN_LABELS, EVERYONE_COMING, STATUS_LABELS

bp = Blueprint("messages", __name__, url_prefix="/events")

#: Sending is rare and reaches many people: a few a minute, a handful of dozens a day.
SEND_LIMIT = "5 per minute;30 per hour;100 per day"


def _form(event: Event, **kwargs) -> MessageForm:
    questions = queries.choosable_questions(event.id)
    return MessageForm(answers=queries.answer_options(questions, str(get_locale())), **kwargs)


def _mark(form: MessageForm, error: services.MessageRuleError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _page(event: Event, form: MessageForm, preview: dict | None = None):
    return render_template(
        "messages/compose.html",
        event=event,
        form=form,
        preview=preview,
        locales=LOCALES,
    ), form_status(form)


@bp.get("/<slug>/manage/messages/")
def index(slug: str):
    event = load_event(slug, "event_message.list")
    sent = queries.sent_by_event(event)
    return render_template(
        "messages/index.html",
        event=event,
        sent=sent,
        senders=queries.senders_of(sent),
        status_labels=STATUS_LABELS,
        checked_in_labels=CHECKED_IN_LABELS,
        everyone=EVERYONE_COMING,
        answers=dict(
            queries.answer_options(queries.choosable_questions(event.id), str(get_locale()))
        ),
    )


@bp.get("/<slug>/manage/messages/new")
def compose(slug: str):
    event = load_event(slug, "event_message.send")
    form = _form(event, formdata=None)
    form.default_locale.data = event.default_locale
    # Prefill from the registrations table's links; unknown values are simply not chosen.
    for name in ("status", "checked_in", "answer"):
        value = request.args.get(name, "")
        field = form[name]
        if value in {choice[0] for choice in field.iter_choices()}:
            field.data = value
    return _page(event, form)


@bp.post("/<slug>/manage/messages/new")
def preview(slug: str):
    event = load_event(slug, "event_message.send")
    form = _form(event)
    shown = None
    if form.validate():
        data = form.to_data()
        try:
            count = services.check(event, data)
        except services.MessageRuleError as error:
            _mark(form, error)
        else:
            shown = {
                "count": count,
                "texts": [(code, *data.texts[code]) for code in LOCALES if code in data.texts],
                "fallback": ", ".join(
                    name for code, name in LOCALES.items() if code not in data.texts
                ),
                "main": data.default_locale,
            }
    return _page(event, form, shown)


@bp.post("/<slug>/manage/messages/send")
@limiter.limit(SEND_LIMIT, key_func=user_key)
def send(slug: str):
    event = load_event(slug, "event_message.send")
    form = _form(event)
    if form.validate():
        try:
            message = services.send_message(current_user, event, form.to_data())
        except services.MessageRuleError as error:
            _mark(form, error)
        else:
            db.session.commit()
            flash(
                ngettext(
                    "The message is on its way to %(num)d person.",
                    "The message is on its way to %(num)d people.",
                    message.recipient_count,
                )
            )
            return redirect(url_for("messages.index", slug=event.slug), 303)
    return _page(event, form)
