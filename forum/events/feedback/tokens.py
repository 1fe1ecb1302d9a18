"""The keyed token that lets a registration answer a survey once, and nothing more.

`HMAC-SHA256(key, "survey:<survey id>:registration:<registration id>")`, with a key
derived from `FORUM_ANON_KEY` (which is kept out of the database and its backups, like
the key of anonymous posts). The token is stored in the response row, unique per survey.
Without the key, a database dump cannot compute the token of a registration, so it
cannot find a person's answers; the survey id in the message makes one person's tokens
for two surveys unrelated.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from forum.keyed import hmac_hex


def _key() -> bytes:
    anon = current_app.config["FORUM_ANON_KEY"].encode()
    return hmac.new(anon, b"convene:survey-token", hashlib.sha256).digest()


def response_token(survey_id: int, registration_id: int) -> str:
    return hmac_hex(_key(), f"survey:{survey_id}:registration:{registration_id}")
