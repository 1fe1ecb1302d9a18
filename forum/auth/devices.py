"""A coarse name for the device a session was started on, from its User-Agent.

The account page lists sessions so their owner can recognise and end one ("Firefox on
Android"). Only a browser family and a system family are kept — never the full
User-Agent, a version or an address — so the record tells a reader of the database
almost nothing they could use to single out a device.
"""

from __future__ import annotations

# Checked in order: the first match wins (Edge and Opera also say "Chrome", Chrome also
# says "Safari", Tor Browser says "Firefox").
BROWSERS = (
    ("edge", ("Edg/", "Edge/")),
    ("opera", ("OPR/", "Opera")),
    ("firefox", ("Firefox/", "FxiOS/")),
    ("chrome", ("Chrome/", "Chromium/", "CriOS/")),
    ("safari", ("Safari/",)),
)
SYSTEMS = (
    ("android", ("Android",)),
    ("ios", ("iPhone", "iPad", "iPod")),
    ("windows", ("Windows",)),
    ("macos", ("Macintosh", "Mac OS X")),
    ("linux", ("Linux", "X11")),
)
OTHER = "other"


def _family(user_agent: str, families: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    for code, markers in families:
        if any(marker in user_agent for marker in markers):
            return code
    return OTHER


def describe(user_agent: str | None) -> tuple[str, str]:
    """(browser, system) codes for a User-Agent; "other" for what is not recognised."""
    text = (user_agent or "")[:512]
    return _family(text, BROWSERS), _family(text, SYSTEMS)
