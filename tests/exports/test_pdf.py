"""The shared WeasyPrint plumbing: nothing outside forum/static, only our fonts."""

from __future__ import annotations

import pytest

from forum.events.exports.pdf import (
    FONTS_DIR,
    GENERATED_SCHEME,
    STATIC_DIR,
    FetchRefused,
    StaticOnlyFetcher,
    html_to_pdf,
    template_env,
)

from .helpers import pdf_font_names, pdf_pages_text, squash


@pytest.fixture
def fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher({f"{GENERATED_SCHEME}:qr.png": b"\x89PNG..."})


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (STATIC_DIR / "fonts" / ".." / ".." / "events" / "exports" / "pdf.py").as_uri(),
        STATIC_DIR.as_uri() + "/../events/exports/pdf.py",
        STATIC_DIR.as_uri() + "/%2e%2e/events/exports/pdf.py",
        "file://attacker.example/share/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{background:url(http://example.org/track)}",
        f"{GENERATED_SCHEME}:not-generated.png",
        STATIC_DIR.as_uri() + "/fonts",  # a folder, not a file
    ],
)
def test_fetcher_refuses_anything_outside_static(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_fetcher_serves_static_files(fetcher):
    font = FONTS_DIR / "NotoSans-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read() == font.read_bytes()


def test_fetcher_serves_what_we_generated(fetcher):
    assert fetcher.fetch(f"{GENERATED_SCHEME}:qr.png").read() == b"\x89PNG..."


def test_refused_resources_do_not_reach_the_pdf(caplog):
    html = (
        '<p>Safe</p><img src="http://example.org/pixel.png">'
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.org/x.css">'
    )
    pdf = html_to_pdf(html)
    assert pdf_pages_text(pdf) == ["Safe"]
    refused = [r.getMessage() for r in caplog.records if "FetchRefused" in r.getMessage()]
    assert len(refused) == 3


def test_html_to_pdf_uses_bundled_fonts_for_every_script():
    pdf = html_to_pdf("<p>Zoë مريم Анна</p>")  # no font named: ours are the default
    assert {name.split("+", 1)[1] for name in pdf_font_names(pdf)} == {
        "Convene-Sans",
        "Convene-Arabic",
    }
    assert [squash(text) for text in pdf_pages_text(pdf)] == ["ZoëمريمАнна"]


def test_templates_escape_user_text():
    env = template_env()
    assert env.from_string("{{ name }}").render(name="<b>X</b>") == "&lt;b&gt;X&lt;/b&gt;"
    assert env.loader is not None
    assert "badges.html" in env.list_templates()
