"""Our QR codes are segno's, bit for bit, only found faster."""

from __future__ import annotations

import random
import string

import pytest
import segno

from forum.events.exports.badges import qr
from forum.events.exports.badges.qr import qr_rows

ALPHABET = string.ascii_letters + string.digits + "-_.~"


def segno_rows(token: str) -> list[str]:
    return [
        "".join(str(module) for module in row) for row in segno.make_qr(token, error="m").matrix
    ]


def tokens() -> list[str]:
    """Lengths from 1 to 150 characters: QR versions 1 to 10, every mask segno picks."""
    rnd = random.Random(20250512)
    lengths = [*range(1, 60), 70, 84, 100, 120, 150]
    return ["".join(rnd.choice(ALPHABET) for _ in range(n)) for n in lengths for _ in range(4)]


def test_same_symbols_as_segno():
    for token in tokens():
        assert qr_rows(token) == segno_rows(token), token


def test_covers_every_mask_and_versions_with_version_information():
    codes = [segno.make_qr(token, error="m") for token in tokens()]
    assert {code.mask for code in codes} == set(range(8))
    assert max(code.version for code in codes) >= 7


def test_falls_back_to_segno_when_its_internals_change(monkeypatch):
    def broken(code: object) -> list[str]:
        raise AttributeError("segno changed")

    monkeypatch.setattr(qr, "_with_best_mask", broken)
    assert qr_rows("tok-0001-Xk3p9Qm2ZrT8") == segno_rows("tok-0001-Xk3p9Qm2ZrT8")


def test_empty_token_is_refused():
    with pytest.raises(ValueError, match="token"):
        qr_rows("")
