"""Markdown to safe HTML, done once when text is written and stored beside the source.

markdown-it-py parses CommonMark with raw HTML and images switched off; nh3 (Ammonia)
then keeps only a short list of tags, attributes and URL schemes, and adds
`rel="nofollow noopener noreferrer"` to every link. Two independent layers, so a bug in
one does not open a hole.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    # No images at all: they would load from another origin and track the reader.
    parser.disable("image")
    return parser


def _demote_headings(html: str) -> str:
    """Authors' `#` headings become h2: the page already has its h1."""
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render(source: str) -> str:
    """Safe HTML for Markdown `source`, ready to store and to show unescaped."""
    if not source or not source.strip():
        return ""
    html = _demote_headings(_parser().render(source))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def plain_text(source: str, limit: int | None = None) -> str:
    """Text without markup, for previews, feeds and calendar descriptions."""
    text = nh3.clean(render(source), tags=set()).strip()
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text
