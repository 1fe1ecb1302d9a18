"""Form helpers shared by every feature."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from flask import Flask, abort, current_app, request
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

P = ParamSpec("P")
R = TypeVar("R")


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


def init_app(app: Flask) -> None:
    app.before_request(refuse_json_bodies)
