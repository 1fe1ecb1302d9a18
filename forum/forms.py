"""Form helpers shared by every feature."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, abort, request
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


def form_status(form: FlaskForm) -> int:
    """422 when a submitted form was rejected, so clients and tests can tell; else 200."""
    return 422 if form.is_submitted() and form.errors else 200


def select_choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


def refuse_json_bodies() -> None:
    """Forms are the only way to send data here: a JSON body is refused (415).

    Flask-WTF would read a JSON body as the form's data, and one that is not an object
    (`false`, `[null]`) breaks it; no route takes JSON, so none is let through.
    """
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.is_json:
        abort(415)


def init_app(app: Flask) -> None:
    app.before_request(refuse_json_bodies)
