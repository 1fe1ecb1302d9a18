"""The form staff use to add or change a glossary concept."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from forum.forms import at_most, clean_multiline, required, strip_text
from forum.search.glossary.models import KEY_MAX

TERMS_MAX = 2_000
TERMS_HINT = _l("One term per line: a word or a short phrase, as people write it.")


def _terms(label: object) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), at_most(TERMS_MAX)],
        filters=[clean_multiline],
        description=TERMS_HINT,
    )


class ConceptForm(FlaskForm):
    key = StringField(
        _l("Short name"),
        validators=[required(), at_most(KEY_MAX)],
        filters=[strip_text],
        description=_l("For staff only, e.g. “phone” or “early_warning”."),
    )
    en = _terms(_l("Terms in English"))
    es = _terms(_l("Terms in Spanish"))
    fr = _terms(_l("Terms in French"))
    pt = _terms(_l("Terms in Portuguese"))
    ar = _terms(_l("Terms in Arabic"))
    submit = SubmitField(_l("Save"))

    def term_fields(self) -> list:
        return [self.en, self.es, self.fr, self.pt, self.ar]
