"""Markdown rendering must never let active content or outside resources through."""

import re
from html.parser import HTMLParser

import pytest

from forum.markdown import plain_text, render

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=10 /></svg>",
    '<svg><script xlink:href="data:text/javascript,alert(1)"></script></svg>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![tracker](https://evil.example/pixel.gif)",
    '![x](https://evil.example/a.png "title" onerror=alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    '<div style="background:url(https://evil.example/x)">x</div>',
    "<style>body{background:url(https://evil.example/x)}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "<!--<script>alert(1)</script>-->",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "[a]: javascript:alert(1)\n\n[link][a]",
    '<https://evil.example/"onmouseover=alert(1)>',
    '[x](https://ok.example/"onmouseover="alert(1))',
    "`<script>alert(1)</script>`",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


SAFE_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives(payload):
    html = render(payload)
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, (tag, html)
        for name, value in attributes.items():
            assert not name.startswith("on"), (name, html)
            assert name in {"href", "title", "rel", "start", "align"}, (name, html)
            if name == "href":
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower()
                assert ":" not in value or scheme in {"http", "https", "mailto"}, html
    # What cannot become an element may only appear as harmless, escaped text.
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_links_get_rel_and_keep_safe_schemes():
    html = render("[Front Line](https://www.frontlinedefenders.org/) and <mailto:x@example.org>")
    assert 'href="https://www.frontlinedefenders.org/"' in html
    assert html.count('rel="nofollow noopener noreferrer"') == 2


def test_ordinary_markdown_renders():
    html = render("# Title\n\nSome *emphasis* and **strong**.\n\n- one\n- two\n\n> quote")
    assert "<h2>Title</h2>" in html  # demoted below the page's own h1
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render("I wrote <b>bold</b> by hand")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_plain_text_strips_markup_and_truncates():
    assert plain_text("**Hello** [world](https://x.example)") == "Hello world"
    assert plain_text("word " * 100, limit=20).endswith("…")
    assert len(plain_text("word " * 100, limit=20)) == 20


def test_empty_input():
    assert render("") == "" and render("   \n") == ""
