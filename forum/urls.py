"""Redirect targets taken from requests, checked so they never leave this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next_url(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or len(target) > 2000:
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
