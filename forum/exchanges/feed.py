"""An Atom feed of public exchanges: data in, bytes out.

Feed readers fetch without signing in, so the feed holds only what a logged-out visitor
may read (public threads, neither hidden nor deleted), with a short plain-text summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - we only write XML, never parse  # nosec B405

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str
    title: str
    url: str
    author: str
    summary: str
    published: datetime
    updated: datetime


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def to_atom(
    entries: Sequence[FeedEntry], *, title: str, feed_url: str, site_url: str, feed_id: str
) -> bytes:
    feed = Element("feed", xmlns=ATOM)
    SubElement(feed, "id").text = feed_id
    SubElement(feed, "title").text = title
    SubElement(feed, "link", rel="self", href=feed_url)
    SubElement(feed, "link", rel="alternate", href=site_url)
    newest = max((entry.updated for entry in entries), default=datetime(2000, 1, 1))
    SubElement(feed, "updated").text = _stamp(newest)
    for entry in entries:
        node = SubElement(feed, "entry")
        SubElement(node, "id").text = entry.entry_id
        SubElement(node, "title").text = entry.title
        SubElement(node, "link", rel="alternate", href=entry.url)
        SubElement(SubElement(node, "author"), "name").text = entry.author
        SubElement(node, "published").text = _stamp(entry.published)
        SubElement(node, "updated").text = _stamp(entry.updated)
        SubElement(node, "summary").text = entry.summary
    return tostring(feed, encoding="utf-8", xml_declaration=True)
