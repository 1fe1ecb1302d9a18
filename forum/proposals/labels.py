"""Translated names for the vocabulary of calls for proposals (stored as codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.proposals.models import Format, Listing, Status, Step

FORMATS = {
    Format.TALK.value: _l("Talk"),
    Format.PANEL.value: _l("Panel"),
    Format.WORKSHOP.value: _l("Workshop"),
    Format.TESTIMONY.value: _l("Testimony"),
}

STATUSES = {
    Status.SUBMITTED.value: _l("Submitted"),
    Status.WITHDRAWN.value: _l("Withdrawn"),
    Status.ACCEPTED.value: _l("Accepted"),
    Status.REJECTED.value: _l("Not accepted"),
    Status.WAITLISTED.value: _l("Waiting list"),
}

DECISION_LABELS = {
    Status.ACCEPTED.value: _l("Accept"),
    Status.REJECTED.value: _l("Do not accept"),
    Status.WAITLISTED.value: _l("Put on the waiting list"),
}

LISTINGS = {
    Listing.PUBLIC.value: _l("Under their name"),
    Listing.PSEUDONYM.value: _l("Under the pseudonym"),
    Listing.WITHHELD.value: _l("Speaker withheld (no name at all)"),
}

STEPS = {
    Step.SUBMITTED.value: _l("Proposal sent"),
    Step.EDITED.value: _l("Proposal edited"),
    Step.WITHDRAWN.value: _l("Proposal withdrawn"),
    Step.SCORED.value: _l("Review given"),
    Step.DECIDED.value: _l("Decision taken"),
    Step.SCHEDULED.value: _l("Put on the agenda"),
}


def label(labels: dict, code: str) -> str:
    return str(labels.get(code, code))
