"""The baseline: the same framework, server and Redis as a save, and nothing else.

One endpoint, ``PUT /bare/<item_id>``, reads the JSON body and does one Redis write (HSET of
the item and its value under one key). Like wsgi.py this module is an entry point: it builds
``app`` on import, for ``gunicorn bench.bare_app:app`` with ``REDIS_URL`` set (the Redis
client connects lazily, on the first request).
"""

from __future__ import annotations

import os

from flask import Flask, current_app, jsonify, request

from assessment_app.store import connect

KEY = "bench:bare"


def create_app(redis_url: str | None = None) -> Flask:
    """Build the bare app around one Redis client (the app's own client settings)."""
    app = Flask(__name__)
    app.extensions["redis"] = connect(redis_url or os.environ["REDIS_URL"])
    app.add_url_rule("/bare/<item_id>", view_func=put_bare, methods=["PUT"])
    return app


def put_bare(item_id: str):
    """Store the body's choice for the item with one HSET; echo it."""
    body = request.get_json()
    choice = body.get("choice")
    current_app.extensions["redis"].hset(KEY, item_id, choice or "")
    return jsonify({"item_id": item_id, "choice": choice, "seq": body.get("seq")})


app = create_app()
