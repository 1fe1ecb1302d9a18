"""What the home page shows. Each feature contributes a section through `home_section`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SECTIONS: list[Callable[[], dict[str, Any] | None]] = []


def home_section(build: Callable[[], dict[str, Any] | None]) -> Callable[[], Any]:
    """Register a function returning `{"template": ..., **context}` for the home page."""
    _SECTIONS.append(build)
    return build


def home_sections() -> list[dict[str, Any]]:
    return [section for build in _SECTIONS if (section := build()) is not None]
