"""Badge PDFs as the people printing and wearing them would check them."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from forum.events.checkin.services import normalise_token
from forum.events.exports.badges.layouts import LAYOUTS, code_words, get_layout
from forum.events.exports.badges.render import (
    badges_html,
    cut_marks_svg,
    qr_drawing,
    text_direction,
)
from forum.events.exports.badges.sheets import (
    Badge,
    BadgeEvent,
    render_badges,
    render_badges_to_file,
)

from .helpers import pdf_font_names, pdf_pages_text, squash

MakeBadge = Callable[..., Badge]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("layout", "count", "pages"),
    [("a4-8", 9, 2), ("a4-8", 8, 1), ("a6", 3, 3), ("letter-6", 7, 2), ("letter-6", 6, 1)],
)
def test_sheets_per_layout(layout, count, pages, event, make_badges):
    pdf = render_badges(event, make_badges(count), layout, workers=0)
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == pages


def test_layouts_are_exactly_the_three_we_print():
    assert set(LAYOUTS) == {"a4-8", "a6", "letter-6"}
    assert (LAYOUTS["a4-8"].columns, LAYOUTS["a4-8"].rows) == (2, 4)
    assert (LAYOUTS["letter-6"].columns, LAYOUTS["letter-6"].rows) == (2, 3)
    assert LAYOUTS["a6"].per_sheet == 1


def test_page_sizes(event, make_badges):
    sizes = {}
    for layout in ("a4-8", "a6", "letter-6"):
        page = PdfReader(io.BytesIO(render_badges(event, make_badges(1), layout))).pages[0]
        sizes[layout] = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    assert sizes == {"a4-8": (595, 842), "a6": (298, 420), "letter-6": (612, 792)}


def test_badge_shows_what_the_person_allowed(event, make_badge):
    badge = make_badge(
        name="Zoë Ñúñez-Çelik",
        pronouns="she/her",
        organisation="Defensoras del Territorio",
        country="Colombia",
        role="Speaker",
    )
    [text] = pdf_pages_text(render_badges(event, [badge], "a6"))
    text = " ".join(text.split())  # the event title may wrap onto two lines
    for shown in (
        "Zoë Ñúñez-Çelik",
        "she/her",
        "Defensoras del Territorio",
        "Colombia",
        "Speaker",
        "Regional Protection Forum 2025",
        "12–14 May 2025 · Bogotá",
    ):
        assert shown in text
    # Under the QR code, the code the desk types: the token in groups of four.
    assert code_words(badge.token) in text
    assert normalise_token(code_words(badge.token)) == badge.token


def test_omitted_fields_are_not_printed(event, make_badge):
    badge = make_badge(name="Anonymous Defender", pronouns=None, organisation=None, country=None)
    [text] = pdf_pages_text(render_badges(event, [badge], "a4-8"))
    printed = ["Regional Protection Forum 2025", "12–14 May 2025 · Bogotá"]
    printed += [badge.token, "Anonymous Defender", "Participant"]
    assert squash(text) == squash("".join(printed))


def test_markup_in_names_is_printed_as_text(event, make_badge):
    names = ["<b>X</b>", "<script>alert(1)</script>", "A & B <img src=x onerror=y>"]
    badges = [make_badge(name=name, organisation="<i>Org</i>") for name in names]
    text = "\n".join(pdf_pages_text(render_badges(event, badges, "a4-8")))
    for name in names:
        assert name in text
    assert text.count("<i>Org</i>") == 3


def test_markup_is_escaped_in_the_html(event, make_badge):
    html, _ = badges_html(event, [make_badge(name="<b>X</b>")], get_layout("a6"), part="people")
    assert "&lt;b&gt;X&lt;/b&gt;" in html
    assert "<b>X</b>" not in html


def test_scripts_render_and_extract(event, make_badge):
    names = ["Zoë Ñúñez-Çelik", "مريم الحسيني", "Анна Петрова"]
    badges = [make_badge(name=name, organisation="مرصد الحريات") for name in names]
    pdf = render_badges(event, badges, "a4-8")
    [text] = pdf_pages_text(pdf)
    for name in names:
        assert name in text  # Arabic comes back as Arabic letters, in reading order


def test_embeds_only_our_fonts(event, make_badge):
    badges = [make_badge(name="مريم الحسيني", pronouns="هي"), make_badge(name="Анна Петрова")]
    fonts = pdf_font_names(render_badges(event, badges, "a4-8"))
    families = {name.split("+", 1)[1] for name in fonts}  # drop the subset tag
    assert families == {
        "Convene-Sans",
        "Convene-Sans-Bold",
        "Convene-Arabic",
        "Convene-Arabic-Bold",
    }


def test_text_direction_follows_first_strong_character():
    assert text_direction("مريم الحسيني") == "rtl"
    assert text_direction("Анна") == "ltr"
    assert text_direction("2025 – مريم") == "rtl"
    assert text_direction("12345", default="rtl") == "rtl"


def test_arabic_name_is_rtl_on_an_english_badge(event, make_badge):
    badges = [make_badge(name="مريم الحسيني", pronouns="she/her")]
    html, _ = badges_html(event, badges, get_layout("a6"), part="people")
    assert '<div class="name n1" dir="rtl">مريم الحسيني</div>' in html
    assert '<div class="pronouns" dir="ltr">she/her</div>' in html
    assert '<html lang="en" dir="ltr">' in html


def test_rtl_event_puts_first_badge_top_right(make_badge):
    event = BadgeEvent("المنتدى", "١٢ أيار", direction="rtl", lang="ar")
    layout = get_layout("a4-8")
    html, _ = badges_html(event, [make_badge()], layout, part="people")
    assert '<html lang="ar" dir="rtl">' in html
    assert layout.slot_origin(0, rtl=True)[0] > layout.slot_origin(1, rtl=True)[0]
    # The QR code sits in the badge's outer corner: left on RTL badges, right otherwise.
    assert layout.qr_origin(0, rtl=True)[0] == layout.slot_origin(0, rtl=True)[0] + layout.pad


def test_qr_code_encodes_only_the_token(monkeypatch, event, make_badge):
    encoded: set[object] = set()
    real = segno.make_qr

    def spy(content: object, *args: object, **kwargs: object) -> segno.QRCode:
        encoded.add(content)
        return real(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make_qr", spy)
    badges = [make_badge(name="Zoë"), make_badge(name="مريم")]
    render_badges(event, badges, "a4-8", workers=0)
    assert encoded == {badges[0].token, badges[1].token}


def test_qr_drawing_matches_the_tokens_matrix():
    token = "tok-0001-Xk3p9Qm2ZrT8"
    matrix = segno.make_qr(token, error="m").matrix
    size = len(matrix)
    drawing = qr_drawing(token, left=0, bottom=0, size=size)  # one point per module
    dark = set()
    for line in drawing.splitlines():
        if line.endswith(b" re"):
            x, y, width, _ = (round(float(value)) for value in line.split()[:4])
            dark |= {(size - 1 - y, column) for column in range(x, x + width)}
    expected = {(row, col) for row in range(size) for col in range(size) if matrix[row][col]}
    assert dark == expected


def test_badge_without_token_is_refused(event, make_badge):
    with pytest.raises(ValueError, match="token"):
        render_badges(event, [make_badge(token="")], "a6")


def test_unknown_layout_is_refused(event, make_badges):
    with pytest.raises(ValueError, match="unknown badge layout"):
        render_badges(event, make_badges(1), "a3-16")


def test_no_badges_is_refused(event):
    with pytest.raises(ValueError, match="no badges"):
        render_badges(event, [], "a4-8")


def test_cut_marks_on_sheets_not_on_single_badges():
    a4 = cut_marks_svg(get_layout("a4-8")).decode()
    # A line at each of 3 column edges (top and bottom) and 5 row edges (left and right).
    assert a4.count("<line") == 3 * 2 + 5 * 2
    assert not get_layout("a6").cut_marks


def test_metadata_carries_no_personal_data(event, make_badge):
    badge = make_badge(name="Zoë Ñúñez-Çelik")
    reader = PdfReader(io.BytesIO(render_badges(event, [badge], "a6")))
    metadata = dict(reader.metadata or {})
    assert metadata == {"/Producer": "Convene", "/Title": "Regional Protection Forum 2025"}


def test_chunks_in_process_match_one_chunk(event, make_badges):
    badges = make_badges(21)
    chunked = render_badges(event, badges, "a4-8", workers=0, chunk_size=8)
    whole = render_badges(event, badges, "a4-8", workers=0)
    assert pdf_pages_text(chunked) == pdf_pages_text(whole)
    assert page_count(chunked) == 3


def test_worker_processes_give_the_same_pages(event, make_badges):
    badges = make_badges(40)
    parallel = render_badges(event, badges, "a4-8", workers=2, chunk_size=8)
    assert pdf_pages_text(parallel) == pdf_pages_text(
        render_badges(event, badges, "a4-8", workers=0)
    )


def test_last_partial_sheet_has_headers_only_where_badges_are(event, make_badges):
    pages = pdf_pages_text(render_badges(event, make_badges(11), "a4-8", chunk_size=8))
    assert pages[0].count("Regional Protection Forum 2025") == 8
    assert pages[1].count("Regional Protection Forum 2025") == 3


def test_render_to_file_streams_with_progress(tmp_path: Path, event, make_badges):
    target = tmp_path / "badges.pdf"
    seen: list[tuple[int, int]] = []
    render_badges_to_file(
        event, make_badges(20), "a4-8", target, progress=lambda *p: seen.append(p), chunk_size=8
    )
    assert seen == [(0, 20), (8, 20), (16, 20), (20, 20)]
    assert page_count(target.read_bytes()) == 3
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # personal data: owner only
    assert [p.name for p in tmp_path.iterdir()] == ["badges.pdf"]


def test_render_to_file_leaves_nothing_on_failure(tmp_path: Path, event):
    target = tmp_path / "badges.pdf"
    with pytest.raises(ValueError):
        render_badges_to_file(event, [], "a4-8", target)
    assert list(tmp_path.iterdir()) == []


def test_qr_codes_scan_back_to_the_tokens(event, make_badges):
    """Decode the printed QR codes from a rendered page (when a decoder is installed)."""
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    badges = make_badges(8)
    pdf = render_badges(event, badges, "a4-8")
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    decoded = sorted(result.text for result in zxingcpp.read_barcodes(image))
    assert decoded == sorted(badge.token for badge in badges)
