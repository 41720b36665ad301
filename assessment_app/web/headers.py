"""Security and caching headers on every response.

The Content-Security-Policy admits scripts and styles from this origin only: no inline
`<script>`, `<style>`, `style="..."` or `on...=` handler anywhere (a `<script
type="application/json">` data block is data, not script). Dynamic responses (pages, JSON,
downloads) are never stored by a browser or a proxy: many show PINs, tokens, results or
personal data, and one rule for all cannot forget a page. Static files keep their caching.
"""

from __future__ import annotations

import os

from flask import Flask, Response, current_app, request
from markupsafe import Markup

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # charts may embed small data: images
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Production runs behind HTTPS (ProductionConfig sets secure cookies): browsers keep to it.
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Add the headers to every response of `app` and the template helper for file pages."""
    app.after_request(add_headers)
    app.jinja_env.globals["inline_static"] = inline_static


def add_headers(response: Response) -> Response:
    """Set the security headers; forbid storing anything but static files."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("APP_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def inline_static(filename: str) -> Markup:
    """Return a static file's text, for a page written to disk and opened without a server.

    Such a page (`roster cards --out`) cannot reach /static; served pages link the same file
    instead, so the rule stays in one file and the CSP needs no inline exception.
    """
    path = os.path.join(current_app.static_folder, filename)
    with open(path, encoding="utf-8") as handle:
        return Markup(handle.read())  # noqa: S704 - our own static file, not user input
