"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
#: The check-in desk scans badges with the phone's camera, on our own origin only.
CAMERA_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def add_security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # A page that needs the camera (the check-in desk) sets its own, with camera=(self).
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if config["FORUM_NOINDEX"]:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if config["FORUM_HTTPS"]:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if config["FORUM_ONION_URL"]:
        headers["Onion-Location"] = config["FORUM_ONION_URL"].rstrip(
            "/"
        ) + request.full_path.rstrip("?")
    # Pages for a signed-in person must not linger in shared caches or the back button
    # history of a borrowed device. Read from the session cookie, not from the account:
    # after a commit the account object is expired and reading it needs the database,
    # which may have just gone away, turning a saved change into an error page.
    if request.endpoint != "static" and session.get("_user_id"):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
