"""Forms of the staff export pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from forum.events.exports.badges.labels import LAYOUT_LABELS
from forum.events.registration.forms import IdListField
from forum.forms import select_choices
from forum.i18n import LOCALES


class BadgeForm(FlaskForm):
    """What to print. Choices are checked here, the selection by the service (which
    knows the event), so both kinds of mistake get a clear message."""

    layout = RadioField(
        _l("Layout"),
        choices=lambda: select_choices(LAYOUT_LABELS.items()),
        default="a4-8",
        validate_choice=False,
    )
    # Sent by the button pressed: "all" (the form's own) or "selected" (below the list).
    scope = StringField(default="all")
    language = SelectField(
        _l("Language of the badges"),
        choices=lambda: select_choices(LOCALES.items()),
        validate_choice=False,
        description=_l("For the event's title, dates, roles and countries."),
    )
    ids = IdListField()

    def validate_layout(self, field: RadioField) -> None:
        if field.data not in LAYOUT_LABELS:
            raise ValidationError(_l("Choose one of the badge layouts offered."))

    def validate_scope(self, field: StringField) -> None:
        if not field.data:
            field.data = "all"
        if field.data not in ("all", "selected"):
            raise ValidationError(_l("Choose everyone approved, or the people ticked."))

    def validate_language(self, field: SelectField) -> None:
        if field.data not in LOCALES:
            raise ValidationError(_l("Choose one of the languages offered."))
