"""Buttons of the account page's calendar feed section: only the CSRF token travels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class FeedIssueForm(FlaskForm):
    submit = SubmitField(_l("Create my calendar address"))


class FeedOffForm(FlaskForm):
    submit = SubmitField(_l("Turn the calendar feed off"))
