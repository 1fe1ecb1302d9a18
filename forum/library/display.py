"""How the library shows sizes and topics, in the reader's language."""

from __future__ import annotations

from flask.blueprints import BlueprintSetupState
from flask_babel import format_decimal
from flask_babel import gettext as _

from forum import taxonomy
from forum.library.labels import (
    AUTHOR_KINDS,
    FORMAT_NAMES,
    KINDS,
    PACK_STATES,
    STATE_LABELS,
    USE_LABELS,
    VISIBILITY_SHORT,
)

_VOCABULARIES = (
    ("risk", taxonomy.RISK_TYPES),
    ("group", taxonomy.DEFENDER_GROUPS),
    ("region", taxonomy.REGIONS),
)


def filesize(size: int | None) -> str:
    """1.2 MB, 340 KB: decimal units, as phones and file managers show them."""
    if size is None:
        return ""
    if size >= 1_000_000:
        return _("%(size)s MB", size=format_decimal(round(size / 1_000_000, 1)))
    return _("%(size)s KB", size=format_decimal(max(1, round(size / 1000))))


def topic_choices() -> list[tuple[str, str]]:
    """Every taxonomy tag as `vocabulary:code`, labelled in the reader's language."""
    return [
        (f"{vocabulary}:{code}", str(label))
        for vocabulary, labels in _VOCABULARIES
        for code, label in labels.items()
    ]


def topic_label(scope: str) -> str | None:
    vocabulary, _sep, code = scope.partition(":")
    for name, labels in _VOCABULARIES:
        if name == vocabulary and code in labels:
            return str(labels[code])
    if vocabulary == "country" and taxonomy.is_country(code):
        return taxonomy.country_name(code)
    return None


def register(state: BlueprintSetupState) -> None:
    """The library's labels, for its templates and the fragments other pages include."""
    state.app.jinja_env.globals.update(
        library_kind=lambda code: KINDS.get(code, code),
        library_visibility=lambda code: VISIBILITY_SHORT.get(code, code),
        library_author_kind=lambda code: AUTHOR_KINDS.get(code, code),
        library_state=lambda code: STATE_LABELS.get(code, code),
        library_use=lambda code: USE_LABELS.get(code, code),
        library_format=lambda media_type: FORMAT_NAMES.get(media_type, ""),
        library_pack_state=lambda code: PACK_STATES.get(code, code),
        library_topic=lambda scope: topic_label(scope) or scope,
    )
    state.app.jinja_env.filters["filesize"] = filesize
