"""The check-in desk's two forms: a scan (or a pick from the search) and a name search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from forum.forms import strip_text
from forum.urls import is_row_id


class ScanForm(FlaskForm):
    """A badge code typed by a scanner (ending with Enter) or by hand; or the id of a
    registration picked from the search results (hidden field of each result's button)."""

    token = StringField(
        _l("Badge code"),
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
        description=_l("Scan the QR code on the badge, or type the code under it."),
    )
    registration_id = HiddenField(filters=[strip_text], validators=[Optional()])
    submit = SubmitField(_l("Check in"))

    def validate_registration_id(self, field: HiddenField) -> None:
        if field.data and not is_row_id(str(field.data)):
            raise ValidationError(_l("The request is not valid. Please try again."))

    def validate(self, extra_validators: dict | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.token.data or self.registration_id.data):
            self.token.errors = [*self.token.errors, _l("Scan a badge or type its code.")]
            return False
        return True


class NameSearchForm(FlaskForm):
    """A GET search: nothing changes, so no CSRF token (and the address can be shared)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search by badge name"),
        filters=[strip_text],
        validators=[Optional(), Length(max=100)],
    )
