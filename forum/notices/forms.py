"""The one-click unsubscribe form (its token is in the URL)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class UnsubscribeForm(FlaskForm):
    """Posted by the person's button or by their mail program (RFC 8058), which sends
    `List-Unsubscribe=One-Click` and no CSRF token: the signed token is the proof."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Stop these emails"))
