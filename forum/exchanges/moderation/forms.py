"""Forms of the moderators: fixing a thread's tags."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    SubmitField,
)

from forum.exchanges.forms import TagFields


class TagsForm(TagFields):
    """Moderators correct the tags of a thread."""

    submit = SubmitField(_l("Save tags"))
