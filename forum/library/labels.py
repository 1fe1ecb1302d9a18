"""Translated names of the library's codes (kinds of work, audiences, authors, links)."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Visibility(enum.StrEnum):
    """Who may find and read a work, from the widest audience to the narrowest."""

    PUBLIC = "public"
    MEMBERS = "members"
    PARTICIPANTS = "participants"


class WorkStatus(enum.StrEnum):
    PENDING = "pending"  # a member's upload, waiting for a curator
    PUBLISHED = "published"


class EditionState(enum.StrEnum):
    PROCESSING = "processing"  # stored clean; text and thumbnail not made yet
    READY = "ready"
    FAILED = "failed"  # stored and downloadable; no text or thumbnail could be made


class UseRole(enum.StrEnum):
    CURRICULUM = "curriculum"  # an event's curriculum (training events)
    SLIDES = "slides"  # a session's slides
    HANDOUT = "handout"  # a session's handout
    CITED = "cited"  # cited in an exchange


KINDS = {
    "manual": _l("Manual"),
    "study": _l("Study"),
    "report": _l("Report"),
    "guide": _l("Guide"),
    "training": _l("Training module"),
}

VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: _l("Public: anyone, even without an account"),
    Visibility.MEMBERS.value: _l("Members only"),
    Visibility.PARTICIPANTS.value: _l("Participants of the linked event only"),
}
VISIBILITY_SHORT = {
    Visibility.PUBLIC.value: _l("Public"),
    Visibility.MEMBERS.value: _l("Members only"),
    Visibility.PARTICIPANTS.value: _l("Event participants only"),
}

AUTHOR_KINDS = {
    "organisation": _l("Organisation"),
    "pseudonym": _l("Pseudonym"),
}

USE_LABELS = {
    UseRole.CURRICULUM.value: _l("Curriculum"),
    UseRole.SLIDES.value: _l("Slides"),
    UseRole.HANDOUT.value: _l("Handout"),
    UseRole.CITED.value: _l("Cited in an exchange"),
}

FORMAT_NAMES = {
    "application/pdf": "PDF",
    "application/epub+zip": "EPUB",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}

STATE_LABELS = {
    EditionState.PROCESSING.value: _l("Being prepared for search"),
    EditionState.READY.value: _l("Ready"),
    EditionState.FAILED.value: _l("Downloadable; its text could not be read for search"),
}

PACK_STATES = {
    "queued": _l("Waiting to be built"),
    "building": _l("Being built"),
    "ready": _l("Ready to download"),
    "failed": _l("Could not be built"),
}


def values(labels: dict) -> tuple[str, ...]:
    return tuple(labels)
