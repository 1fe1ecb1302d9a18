"""QR codes for check-in tokens: segno's symbols, with the mask search done faster.

A QR encoder tries eight data masks and keeps the one with the lowest penalty
score (ISO/IEC 18004, 7.8.3). segno scores them in pure-Python loops over every
module: about 2 of the 2.7 ms a badge's code takes, the biggest single cost of a
badge after WeasyPrint's layout. Here segno encodes the token once (mask 0); the
eight scores are computed on rows held as integers and strings; the chosen mask
is applied to the data modules and the matching format information (placed by
segno's own function) is put in. The result is segno's symbol bit for bit
(``tests/exports/test_qr.py`` compares thousands of tokens). If segno's internal
helpers ever change, we fall back to ``segno.make_qr``, slower but the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import segno

try:  # the helpers segno uses to lay out function patterns and format information
    from segno.consts import ERROR_MAPPING
    from segno.encoder import (
        add_alignment_patterns,
        add_finder_patterns,
        add_format_info,
        add_version_info,
        get_data_mask_functions,
        make_matrix,
    )
except ImportError:  # pragma: no cover - a future segno: take the slow path
    make_matrix = None

ERROR_LEVEL = "m"
_RUNS = re.compile(r"0{5,}|1{5,}")  # N1: five or more modules of one colour in a line
_FINDER_LIKE = "1011101"  # N3: dark-light-dark x3-light-dark
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def qr_rows(token: str) -> list[str]:
    """The token's QR code (error correction M), rows of "0" (light) and "1" (dark).

    It encodes the opaque check-in token and nothing else; no quiet zone.
    """
    if not token:
        raise ValueError("every badge needs a check-in token for its QR code")
    code = segno.make_qr(token, error=ERROR_LEVEL, mask=0)
    try:
        return _with_best_mask(code)
    except Exception:  # any surprise: let segno choose, slowly but surely
        code = segno.make_qr(token, error=ERROR_LEVEL)
        return ["".join(str(module) for module in row) for row in code.matrix]


def _with_best_mask(code: segno.QRCode) -> list[str]:
    if make_matrix is None or code.is_micro or code.mask != 0:
        raise ValueError("not a QR code made with mask 0")
    size = len(code.matrix)
    function_rows, data_rows, masks = _structure(size)
    rows = [_bits(row) for row in code.matrix]
    # What segno scores: function patterns as they are, format and version areas
    # still light, data modules under each mask in turn.
    unmasked = [(row ^ masks[0][i]) & data_rows[i] | function_rows[i] for i, row in enumerate(rows)]
    scores = [
        _penalty([row ^ mask_row for row, mask_row in zip(unmasked, mask, strict=True)], size)
        for mask in masks
    ]
    best = scores.index(min(scores))  # the first lowest, as segno keeps it
    reserved, format_rows = _format_rows(size, code.version, code.error, best)
    return [
        format((row ^ masks[0][i] ^ masks[best][i]) & ~reserved[i] | format_rows[i], f"0{size}b")
        for i, row in enumerate(rows)
    ]


@lru_cache(maxsize=16)
def _structure(size: int) -> tuple[list[int], list[int], list[list[int]]]:
    """Per row, as bits (column 0 most significant): dark function modules, data
    modules, and each mask pattern restricted to the data modules."""
    matrix = make_matrix(size, size)
    add_finder_patterns(matrix, size, size)
    add_alignment_patterns(matrix, size, size)
    function_rows = [_bits(bytes(value == 1 for value in row)) for row in matrix]
    data_rows = [_bits(bytes(value > 1 for value in row)) for row in matrix]
    masks = [
        [_bits(bytes(pattern(i, j) for j in range(size))) & data_rows[i] for i in range(size)]
        for pattern in get_data_mask_functions(False)
    ]
    return function_rows, data_rows, masks


@lru_cache(maxsize=256)
def _format_rows(size: int, version: int, error: str, mask: int) -> tuple[list[int], list[int]]:
    """Format and version areas (with the dark module), and their bits for ``mask``.

    (Light timing modules count as reserved too: they stay light either way.)
    """
    matrix = make_matrix(size, size)
    reserved = [_bits(bytes(value == 0 for value in row)) for row in matrix]
    add_format_info(matrix, version, ERROR_MAPPING[error], mask)
    add_version_info(matrix, version)
    dark = [_bits(bytes(value == 1 for value in row)) for row in matrix]
    return reserved, [bits & area for bits, area in zip(dark, reserved, strict=True)]


def _bits(row: bytes | bytearray) -> int:
    return int(bytes(row).translate(_DIGITS), 2)


def _penalty(rows: list[int], size: int) -> int:
    """Penalty score N1 + N2 + N3 + N4 of one masked symbol, as segno computes it.

    Rows and columns are joined into one string ("|" between lines, so nothing
    matches across them) and searched with C-speed string methods.
    """
    lines = [format(row, f"0{size}b") for row in rows]
    text = "|".join(lines + ["".join(column) for column in zip(*lines, strict=True)])
    runs = _RUNS.findall(text)
    score = sum(map(len, runs)) - 2 * len(runs)  # N1: 3 for five in a row, +1 per extra
    score += _finder_like(text, size)  # N3
    pairs = (1 << (size - 1)) - 1
    for above, row in zip(rows, rows[1:], strict=False):  # N2: 2 x 2 blocks of one colour
        same = ~(above ^ row)
        score += 3 * (same & (same >> 1) & ~(row ^ (row >> 1)) & pairs).bit_count()
    dark = sum(row.bit_count() for row in rows)
    return score + 10 * int(abs(float(dark) / size**2 * 100 - 50) / 5)  # N4


def _finder_like(text: str, size: int) -> int:
    """N3 as segno counts it in each line: 40 for a 1:1:3:1:1 pattern at a line's
    edge or with four light modules on either side."""
    count = 0
    index = text.find(_FINDER_LIKE)
    while index != -1:
        start = index - index % (size + 1)  # where this line begins in ``text``
        after = index + 7
        if (
            index - start in (0, size - 7)
            or "1" not in text[max(index - 4, start) : index]
            or "1" not in text[after : min(after + 4, start + size)]
        ):
            count += 40
        else:
            after = index + 4
        index = text.find(_FINDER_LIKE, after)
    return count
