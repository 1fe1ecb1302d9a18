"""Logging that never writes an IP address.

The development server and some libraries put the client address at the start of
each access line; a filter on every handler replaces any IPv4 or IPv6 address with "-".
"""

from __future__ import annotations

import ipaddress
import logging
import re

from flask import Flask

# An address right after "://" is the host of a URL: the server's own (the development
# server's banner "Running on http://127.0.0.1:5000" read "http://-:5000"), never a
# client's, which starts an access line.
_IPV4 = r"(?<![\w.])(?<!://)(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
_IPV6 = r"(?<![\w:])(?<!://\[)(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])"
CANDIDATE = re.compile(f"{_IPV4}|{_IPV6}")


def _replace(match: re.Match[str]) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)  # a clock time or version number, not an address
    return "-"


def redact(text: str) -> str:
    return CANDIDATE.sub(_replace, text)


class RedactAddresses(logging.Filter):
    """Rewrites a record's message so no address survives formatting."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


def init_app(app: Flask) -> None:
    level = app.config["FORUM_LOG_LEVEL"]
    app.logger.setLevel(level)
    address_filter = RedactAddresses()
    for name in (
        "werkzeug",
        "gunicorn.access",
        "gunicorn.error",
        "flask_limiter",
        app.logger.name,
        "",
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactAddresses) for f in logger.filters):
            logger.addFilter(address_filter)
    for handler in [*logging.getLogger().handlers, *app.logger.handlers]:
        if not any(isinstance(f, RedactAddresses) for f in handler.filters):
            handler.addFilter(address_filter)
