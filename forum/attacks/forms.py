"""Forms of the attacks feature: the incident form (documenters and staff), the member's
report, review, responses, links and consent withdrawal.

Every choice comes from `labels.py` and is checked here with our own translated message;
an act is sent as "violation:subtype" and a perpetrator as "kind:branch".
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from forum import taxonomy
from forum.attacks import labels
from forum.attacks.labels import Use
from forum.attacks.models import ACCOUNT_MAX, NAMES_MAX, PROVINCE_MAX
from forum.forms import (
    MultiCheckboxField,
    WholeNumberField,
    at_most,
    clean_multiline,
    required,
    select_choices,
    strip_text,
)

CHOICE_MESSAGE = _l("Choose only from the options offered.")


def act_choices() -> list[tuple[str, Any]]:
    return [
        (f"{violation}:{code}", label)
        for violation, subtypes in labels.SUBTYPES.items()
        for code, label in subtypes.items()
    ]


def perpetrator_choices() -> list[tuple[str, Any]]:
    return [
        (f"{kind}:{code}", label)
        for kind, branches in labels.PERPETRATOR_BRANCHES.items()
        for code, label in branches.items()
    ]


def _one_of(mapping: Any, *, blank: bool = False) -> Any:
    def check(form: Any, field: Any) -> None:
        if blank and not field.data:
            return
        if field.data not in mapping:
            raise ValidationError(CHOICE_MESSAGE)

    return check


def _all_of(known: Any) -> Any:
    def check(form: Any, field: Any) -> None:
        if any(value not in known for value in field.data or []):
            raise ValidationError(CHOICE_MESSAGE)

    return check


def _select(label: Any, mapping: dict[str, Any], default: str) -> SelectField:
    return SelectField(
        label,
        choices=lambda: select_choices(mapping.items()),
        validate_choice=False,
        default=default,
        validators=[_one_of(mapping)],
    )


def _radio(label: Any, mapping: dict[str, Any], default: str | None = None) -> RadioField:
    return RadioField(
        label,
        choices=lambda: select_choices(mapping.items()),
        validate_choice=False,
        default=default,
        validators=[_one_of(mapping)],
    )


def _optional_perpetrator(label: Any) -> SelectField:
    return SelectField(
        label,
        choices=lambda: [("", "—"), *select_choices(perpetrator_choices())],
        validate_choice=False,
        default="",
        validators=[_one_of(_Known(perpetrator_choices), blank=True)],
    )


class _Known:
    def __init__(self, choices: Any) -> None:
        self.choices = choices

    def __contains__(self, value: object) -> bool:
        return value in {code for code, _ in self.choices()}


class WhatWhereForm(FlaskForm):
    """What happened, when and where, to whom and by whom: shared by both forms."""

    acts = MultiCheckboxField(
        _l("What happened"),
        choices=lambda: select_choices(act_choices()),
        validate_choice=False,
        validators=[_all_of(_Known(act_choices))],
        description=_l("Tick every kind of act. Each is counted under its type."),
    )
    occurred_on = DateField(
        _l("Date of the incident"), validators=[required()], render_kw={"type": "date"}
    )
    date_precision = _radio(_l("How precisely is the date known?"), labels.PRECISIONS, "day")
    country = SelectField(
        _l("Country"),
        choices=lambda: [("", "—"), *taxonomy.country_choices()],
        validate_choice=False,
        validators=[_one_of(taxonomy.COUNTRY_REGION)],
    )
    province = StringField(
        _l("Province or department (optional)"),
        validators=[Optional(), at_most(PROVINCE_MAX)],
        filters=[strip_text],
        description=_l("Never a town, street or coordinates. Stored encrypted."),
    )
    setting = _radio(_l("Setting"), labels.SETTINGS)
    target_unit = _select(_l("Who was targeted"), labels.TARGET_UNITS, "individual")
    target_size = _select(_l("How many people"), labels.SIZE_BANDS, "1")
    target_gender = _select(_l("Gender"), labels.GENDERS, "unknown")
    target_age = _select(_l("Age"), labels.AGE_BANDS, "unknown")
    previously_threatened = _radio(
        _l("Had they been threatened before?"), labels.PREVIOUS_THREATS, "unknown"
    )
    groups = MultiCheckboxField(
        _l("Defender groups (optional)"),
        choices=lambda: select_choices(labels.GROUPS.items()),
        validate_choice=False,
        validators=[_all_of(labels.GROUPS)],
    )
    perpetrator = SelectField(
        _l("Perpetrator"),
        choices=lambda: select_choices(perpetrator_choices()),
        validate_choice=False,
        default="unknown:unknown",
        validators=[_one_of(_Known(perpetrator_choices))],
        description=_l("The kind of actor only, never a name."),
    )
    involvement = _select(_l("How were they involved?"), labels.INVOLVEMENT, "direct")
    # Attacks often have more than one author (police with a company's guards): up to
    # three kinds of actor without any script, each counted under its own type.
    perpetrator_2 = _optional_perpetrator(_l("Another perpetrator (optional)"))
    involvement_2 = _select(
        _l("How was the other perpetrator involved?"), labels.INVOLVEMENT, "direct"
    )
    perpetrator_3 = _optional_perpetrator(_l("A third perpetrator (optional)"))
    involvement_3 = _select(
        _l("How was the third perpetrator involved?"), labels.INVOLVEMENT, "direct"
    )
    account = TextAreaField(
        _l("What happened, in your words (optional)"),
        validators=[Optional(), at_most(ACCOUNT_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 6},
        description=_l(
            "Stored encrypted and read only by the documenters. Leave out names and places."
        ),
    )

    def acts_data(self) -> list[tuple[str, str]]:
        return [tuple(value.split(":", 1)) for value in self.acts.data or []]  # type: ignore[misc]

    def perpetrators_data(self) -> list[tuple[str, str, str]]:
        """Each chosen (kind, branch, involvement); the same one chosen twice counts once."""
        rows = [
            (self.perpetrator, self.involvement),
            (self.perpetrator_2, self.involvement_2),
            (self.perpetrator_3, self.involvement_3),
        ]
        chosen = []
        for actor, involvement in rows:
            if actor.data:
                kind, branch = actor.data.split(":", 1)
                chosen.append((kind, branch, involvement.data))
        return list(dict.fromkeys(chosen))

    def validate_acts(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one act: what happened?"))


class IncidentForm(WhatWhereForm):
    """The documenters' and staff's form: everything, on one page."""

    source_kind = _select(_l("Source"), labels.SOURCE_KINDS, "victim")
    source_reliability = _select(_l("Reliability"), labels.RELIABILITY, "probable")
    consents = MultiCheckboxField(
        _l("Consent given by the person concerned"),
        choices=lambda: select_choices(labels.USE_LABELS.items()),
        validate_choice=False,
        validators=[_all_of(labels.USE_LABELS)],
        description=_l(
            "Without consent to aggregate publication the record is in no published figure."
        ),
    )
    consent_given_on = DateField(
        _l("Date consent was given"), validators=[Optional()], render_kw={"type": "date"}
    )
    victim_names = TextAreaField(
        _l("Names (only with consent to a named case)"),
        validators=[Optional(), at_most(NAMES_MAX)],
        filters=[clean_multiline],
        render_kw={"rows": 2},
        description=_l("Stored encrypted; shown only to documenters and staff."),
    )
    retain_until = DateField(
        _l("Delete the record after (optional)"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    save = SubmitField(_l("Save the incident"))

    def validate_victim_names(self, field: TextAreaField) -> None:
        if field.data and Use.NAMED.value not in (self.consents.data or []):
            raise ValidationError(
                _l("Names can be recorded only with consent to publication as a named case.")
            )


class ReportForm(WhatWhereForm):
    """A member's report of an attack they suffered or witnessed."""

    source_kind = _radio(
        _l("You are"),
        {"victim": labels.SOURCE_KINDS["victim"], "witness": labels.SOURCE_KINDS["witness"]},
        "victim",
    )
    consents = MultiCheckboxField(
        _l("What may we use this report for?"),
        choices=lambda: select_choices(
            (code, label) for code, label in labels.USE_LABELS.items() if code != Use.NAMED.value
        ),
        validate_choice=False,
        validators=[_all_of((Use.INTERNAL.value, Use.AGGREGATE.value))],
        default=[Use.INTERNAL.value],
    )
    anonymous = BooleanField(
        _l("Report anonymously"),
        description=_l(
            "Nothing stored ties the report to your account; you will not be able to see it."
        ),
    )
    send = SubmitField(_l("Send the report"))


class ReviewForm(FlaskForm):
    status = _radio(
        _l("Decision"),
        {
            labels.Status.VERIFIED.value: labels.STATUS_LABELS["verified"],
            labels.Status.REJECTED.value: labels.STATUS_LABELS["rejected"],
            labels.Status.REPORTED.value: labels.STATUS_LABELS["reported"],
        },
    )


class ResponseForm(FlaskForm):
    kind = _select(_l("Response"), labels.RESPONSES, "legal")
    outcome = _select(_l("Outcome"), labels.OUTCOMES, "pending")


class LinkForm(FlaskForm):
    thread_id = WholeNumberField(
        _l("Exchange number"),
        validators=[required()],
        description=_l("The number in the exchange's address, e.g. 12 in /exchanges/12-…"),
    )


class WithdrawForm(FlaskForm):
    use = _select(_l("Consent to withdraw"), labels.USE_LABELS, Use.AGGREGATE.value)


class PatternFilterForm(FlaskForm):
    """The circumstances of the outcome table on the patterns page (GET)."""

    class Meta:
        csrf = False

    response = SelectField(
        _l("Response"),
        choices=lambda: select_choices(labels.RESPONSES.items()),
        validate_choice=False,
        default="legal",
        validators=[Optional(), _one_of(labels.RESPONSES)],
    )
    group = SelectField(
        _l("Defenders"),
        choices=lambda: [("", _l("All defenders")), *labels.GROUPS.items()],
        validate_choice=False,
        default="",
        validators=[_one_of(labels.GROUPS, blank=True)],
    )
    setting = SelectField(
        _l("Setting"),
        choices=lambda: [("", _l("All settings")), *labels.SETTINGS.items()],
        validate_choice=False,
        default="",
        validators=[_one_of(labels.SETTINGS, blank=True)],
    )
