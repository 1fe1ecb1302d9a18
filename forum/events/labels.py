"""Translated names for the events vocabulary (kinds and statuses stored as codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.events.models import EventKind, EventStatus, SessionKind

EVENT_KINDS = {
    EventKind.CONFERENCE.value: _l("Conference"),
    EventKind.SEMINAR.value: _l("Seminar"),
    EventKind.FORUM.value: _l("Forum"),
    EventKind.WORKSHOP.value: _l("Workshop"),
    EventKind.TRAINING.value: _l("Training"),
}

EVENT_STATUSES = {
    EventStatus.DRAFT.value: _l("Draft"),
    EventStatus.PUBLISHED.value: _l("Published"),
    EventStatus.CANCELLED.value: _l("Cancelled"),
}

SESSION_KINDS = {
    SessionKind.PLENARY.value: _l("Plenary"),
    SessionKind.PANEL.value: _l("Panel"),
    SessionKind.WORKSHOP.value: _l("Workshop"),
    SessionKind.BREAK.value: _l("Break"),
    SessionKind.SOCIAL.value: _l("Social"),
}
