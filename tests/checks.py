"""Checks that every feature's tests apply to the pages they render."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {
    "src",
    "href",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "manifest",
}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.found.append((tag, value.strip(), attributes))
            if name == "style" and value and "url(" in value:
                self.found.append((tag, value, attributes))


def _is_external(url: str) -> bool:
    url = url.strip().lower()
    if url.startswith(("//", "\\\\", "/\\")):
        return True
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", url)) and not url.startswith(
        ("mailto:", "webcal://localhost", "http://localhost", "https://localhost")
    )


def external_references(html: str) -> list[str]:
    """URLs in the page that point at another origin, except the quick-exit link.

    The quick-exit link must leave for a neutral site; nothing else may reach out, and
    nothing (image, script, style, font, form target) may be *loaded* from elsewhere.
    """
    parser = _References()
    parser.feed(html)
    leaks = []
    for tag, url, attributes in parser.found:
        if tag == "a" and "data-quick-exit" in attributes:
            continue
        if _is_external(url):
            leaks.append(f"<{tag}> {url}")
    leaks += [f"css url() {m}" for m in re.findall(r"url\(\s*['\"]?(https?:|//)[^)]*\)", html)]
    return leaks


def assert_private_page(html: str) -> None:
    """No other origin referenced, and no inline script or style the CSP would block."""
    assert external_references(html) == []
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html, "inline <style>"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
