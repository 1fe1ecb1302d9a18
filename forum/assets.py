"""Static files under versioned URLs, so browsers keep them for a year.

`url_for("static", filename=...)` gains `?v=<content hash>`; a request carrying the
current hash is answered with `Cache-Control: public, max-age=31536000, immutable`.
People on slow or metered connections then download the stylesheet and script once,
and a change to either reaches them at once because its URL changes with it.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600


class Versions:
    """Content hashes of static files, recomputed only when a file changes."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, filename: str) -> str | None:
        path = os.path.join(self.folder, filename)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known and known[0] == key:
            return known[1]
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        self._known[filename] = (key, digest)
        return digest


def init_app(app: Flask) -> None:
    versions = Versions(app.static_folder or "")

    @app.url_defaults
    def add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = versions.of(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        wanted = request.args.get("v")
        if wanted and wanted == versions.of((request.view_args or {}).get("filename", "")):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
