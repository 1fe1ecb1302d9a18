"""The insights filters (read from the query string) and the administrator's switch."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField

from forum import taxonomy
from forum.forms import select_choices
from forum.i18n import LOCALES
from forum.insights.queries import DEFAULT_PERIOD, PERIODS, InsightFilters

CHOOSE_OFFERED = _l("Choose one of the options offered.")
ONE_FILTER = _l(
    "Choose one filter at a time: the tables already cross regions, risk types and months."
)


def _period_choices() -> list:
    labels = {6: _l("Last 6 months"), 12: _l("Last 12 months"), 24: _l("Last 24 months")}
    return select_choices((str(months), labels[months]) for months in PERIODS)


def _with_all(pairs: Any, everything: Any) -> list:
    return select_choices([("", everything), *pairs])


class InsightFilterForm(FlaskForm):
    """Filters for the insights page; no CSRF, since reading changes nothing."""

    class Meta:
        csrf = False

    period = SelectField(
        _l("Period"), choices=_period_choices, default=str(DEFAULT_PERIOD), validate_choice=False
    )
    region = SelectField(
        _l("Region"),
        choices=lambda: _with_all(taxonomy.REGIONS.items(), _l("All regions")),
        validate_choice=False,
    )
    country = SelectField(
        _l("Country"),
        choices=lambda: _with_all(taxonomy.country_choices(), _l("All countries")),
        validate_choice=False,
    )
    risk = SelectField(
        _l("Risk type"),
        choices=lambda: _with_all(taxonomy.RISK_TYPES.items(), _l("All risk types")),
        validate_choice=False,
    )
    group = SelectField(
        _l("Defender group"),
        choices=lambda: _with_all(taxonomy.DEFENDER_GROUPS.items(), _l("All defender groups")),
        validate_choice=False,
    )
    language = SelectField(
        _l("Language"),
        choices=lambda: _with_all(LOCALES.items(), _l("All languages")),
        validate_choice=False,
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        known = (
            (self.period, {str(months) for months in PERIODS}),
            (self.region, taxonomy.REGIONS),
            (self.country, taxonomy.COUNTRY_REGION),
            (self.risk, taxonomy.RISK_TYPES),
            (self.group, taxonomy.DEFENDER_GROUPS),
            (self.language, LOCALES),
        )
        for form_field, values in known:
            if form_field.data and form_field.data not in values:
                form_field.errors = [*form_field.errors, CHOOSE_OFFERED]
                valid = False
        chosen = [f for f in self.narrowing() if f.data]
        if valid and len(chosen) > 1:
            # One filter at a time (the period counts as one): the tables already cross
            # region, risk type, month, group and outcome, and every pair of filters would
            # be one more way to subtract published figures (see forum.statistics).
            self.form_errors.append(ONE_FILTER)
            valid = False
        region, country = self.region.data, self.country.data
        if valid and region and country and taxonomy.region_of(country) != region:
            self.country.errors = [
                *self.country.errors,
                _l("This country is not in the region chosen."),
            ]
            valid = False
        return valid

    def narrowing(self) -> list[Any]:
        """The fields that narrow what is counted (a period other than the default)."""
        period = [self.period] if self.period.data not in (None, "", str(DEFAULT_PERIOD)) else []
        return [*period, self.region, self.country, self.risk, self.group, self.language]

    def to_filters(self, allowed: tuple[str, ...] | None = None) -> InsightFilters:
        """The valid filters; fields outside `allowed` (the public subset) are ignored."""

        def value(name: str) -> str | None:
            if allowed is not None and name not in allowed:
                return None
            return getattr(self, name).data or None

        return InsightFilters(
            months=int(self.period.data or DEFAULT_PERIOD),
            region=value("region"),
            country=value("country"),
            risk=value("risk"),
            group=value("group"),
            language=value("language"),
        )


class PublicInsightsForm(FlaskForm):
    public = BooleanField(_l("Show the public insights to visitors who are not signed in"))
    submit = SubmitField(_l("Save"))
