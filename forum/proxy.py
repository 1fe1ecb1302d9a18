"""Trust the reverse proxy (nginx) for the client's scheme and address.

Behind a proxy every request comes from the proxy's own address; without this, the
per-address rate limits would count every visitor together. The address is used only
inside a keyed hash (`forum.ratelimit`) and never stored. Off by default: a server
reachable without the proxy would otherwise let clients forge X-Forwarded-For.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config["FORUM_PROXY_COUNT"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
