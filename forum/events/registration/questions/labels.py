"""Translated names of the kinds and purposes of registration questions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.events.registration.models import QuestionKind, QuestionPurpose

KIND_LABELS = {
    QuestionKind.SHORT_TEXT.value: _l("Short text"),
    QuestionKind.LONG_TEXT.value: _l("Long text"),
    QuestionKind.SINGLE_CHOICE.value: _l("Single choice"),
    QuestionKind.MULTIPLE_CHOICE.value: _l("Multiple choice"),
    QuestionKind.YES_NO.value: _l("Yes or no"),
    QuestionKind.COUNTRY.value: _l("Country"),
}

PURPOSE_LABELS = {
    QuestionPurpose.DIETARY.value: _l("Dietary needs"),
    QuestionPurpose.ACCESSIBILITY.value: _l("Accessibility needs"),
    QuestionPurpose.INTERPRETATION.value: _l("Interpretation"),
    QuestionPurpose.EMERGENCY_CONTACT.value: _l("Emergency contact"),
    QuestionPurpose.OTHER.value: _l("Other"),
}
