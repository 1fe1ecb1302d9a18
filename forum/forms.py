"""Form helpers shared by every feature: filters that clean typed text, validators with
translated messages, a checkbox list, and the rule that forms are not sent as JSON."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

P = ParamSpec("P")
R = TypeVar("R")


def strip_text(value: str | None) -> str | None:
    """Trim surrounding white space and drop invisible control characters (PostgreSQL
    refuses NUL in text; the others only hide things from readers)."""
    if value is None:
        return None
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc").strip()


def clean_multiline(value: str | None) -> str | None:
    """Like `strip_text`, but keeps line breaks and tabs (Markdown needs them)."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def required() -> DataRequired:
    """A text, choice or box that must be filled in or ticked."""
    return DataRequired(message=_l("This field is required."))


class _ValueRequired:
    """Required, judged on the value read from the form: white space alone is no answer
    (InputRequired let " " through as a date, leaving None to be saved), while 0 is one
    (DataRequired would refuse it). An unreadable value keeps its own message."""

    field_flags = {"required": True}

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.process_errors:
            raise StopValidation()
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(self.message)


def value_required() -> _ValueRequired:
    """A date, time or number that must be given (0 counts as given)."""
    return _ValueRequired(message=_l("This field is required."))


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


def known_choice(message: Any) -> Callable[[Any, SelectField], None]:
    """Refuse a value that is not among the field's choices, with `message`."""

    def check(form: Any, field: SelectField) -> None:
        if field.data not in {choice[0] for choice in field.iter_choices()}:
            raise ValidationError(message)

    return check


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes. Unless `validate_choice=False` (the form checks the
    values itself), a value not offered is refused with our own translated message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        if not self.validate_choice:
            return
        known = {choice[0] for choice in self.iter_choices()} if self.choices else set()
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose only from the options offered."))


class PickerWidget:
    """A long list (countries, languages) as checkboxes in a scrolling box, with a filter
    box our script shows (forum/static/js/app.js `picker`). A multi-select of 250 options
    needs Ctrl-click and fails on phones; checkboxes work by touch and keyboard, and
    without the script. Ticked options come first, so a saved choice is seen at once."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        described = kwargs.pop("aria-describedby", None)
        items = []
        options = list(field.iter_choices())
        options.sort(key=lambda option: not option[2])  # ticked first, order kept (stable)
        # The label wraps its box: no id per option, which a 250-country list pays for
        # on every page that filters by country (tests/test_page_weight.py).
        for value, label, checked, _render_kw in options:
            items.append(
                Markup(
                    '<li><label><input type="checkbox" name="{}" value="{}"{}> {}</label></li>'
                ).format(field.name, value, Markup(" checked") if checked else "", label)
            )
        filter_box = Markup(
            '<input type="search" class="picker-filter" data-picker-filter hidden'
            ' aria-controls="{}" aria-label="{}" placeholder="{}" autocomplete="off">'
        ).format(kwargs["id"], _l("Filter the list"), _l("Type to filter the list"))
        described_attr = (
            Markup(' aria-describedby="{}"').format(described) if described else Markup("")
        )
        # The list brings its own style and script (most pages have no list).
        assets = Markup('<link rel="stylesheet" href="{}"><script src="{}" defer></script>').format(
            url_for("static", filename="css/picker.css"),
            url_for("static", filename="js/picker.js"),
        )
        return Markup(
            '{}<div class="picker" data-picker>{}<ul class="picker-list" id="{}"{}>{}</ul></div>'
        ).format(assets, filter_box, kwargs["id"], described_attr, Markup("").join(items))


class PickerField(MultiCheckboxField):
    """Many choices from a long list: checkboxes with a filter box (see `PickerWidget`)."""

    widget = PickerWidget()


class WholeNumberField(IntegerField):
    """A whole number, with our own translated message when it is not one."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not raw:
            return
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise ValueError(_l("Enter a whole number."))
        self.data = int(raw)


def form_status(form: FlaskForm) -> int:
    """422 when a submitted form was rejected, so clients and tests can tell; else 200."""
    return 422 if form.is_submitted() and form.errors else 200


def select_choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


def takes_json(view: Callable[P, R]) -> Callable[P, R]:
    """Mark a view that reads its JSON body itself (and builds no FlaskForm from it)."""
    view.takes_json = True  # type: ignore[attr-defined]
    return view


def refuse_json_bodies() -> None:
    """Forms are the way to send data here: a JSON body is refused (415) unless the view
    is marked with :func:`takes_json`.

    Flask-WTF would read a JSON body as the form's data, and one that is not an object
    (`false`, `[null]`) breaks it; only views that read JSON themselves let it through.
    """
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "takes_json", False):
        abort(415)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def same_origin_signal() -> bool | None:
    """What the browser says about where a request comes from: True when it names this
    site, False when it names another, None when it says nothing (old browsers, tools).

    `Sec-Fetch-Site` (Fetch Metadata) and `Origin` are set by the browser itself; a page
    on another site cannot forge or remove them.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    return origin != "null" and urlsplit(origin).netloc == request.host


def refuse_cross_site_writes() -> None:
    """No form is meant to be sent from another site: such a request is refused (400)
    before any view, CSRF token or not — views exempt from the token included."""
    if request.method not in SAFE_METHODS and same_origin_signal() is False:
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site_writes)
    app.before_request(refuse_json_bodies)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""
