"""Form helpers shared by every feature."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


def form_status(form: FlaskForm) -> int:
    """422 when a submitted form was rejected, so clients and tests can tell; else 200."""
    return 422 if form.is_submitted() and form.errors else 200


def select_choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]
