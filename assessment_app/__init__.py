"""The assessment platform: the application factory."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the pure sub-packages (bank, tabular, ...) must not pull Flask in
    from flask import Flask

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

log = logging.getLogger(__name__)


def create_app(config: str | None = None, **overrides) -> Flask:
    """Build the app: config, extensions, store, blueprints, error handlers, CLI."""
    from flask import Flask

    from config import config_class

    config_cls = config_class(config)
    app = Flask(
        __name__,
        instance_path=overrides.pop("INSTANCE_PATH", None)
        or os.environ.get("INSTANCE_PATH")
        or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.from_object(config_cls)
    app.config.update(config_cls.from_environment())
    app.config.update(overrides)
    config_cls.validate(app.config)
    _apply_embedded_defaults(app)
    trust_proxies(app, app.config["TRUSTED_PROXIES"])

    _init_extensions(app)
    _init_store(app)
    from assessment_app.web.guards import register_guards

    register_guards(app)  # before the blueprints: their rules bind the bounded `int`
    _register_blueprints(app)
    from assessment_app import ops

    ops.init_app(app)  # probes, /metrics and the request timer; before the boundary wraps views
    from assessment_app.web.transaction import commit_every_view

    commit_every_view(app)  # after the blueprints: every view commits once, on return

    from assessment_app.web.errors import register_error_handlers

    register_error_handlers(app)

    from assessment_app.web import headers as http_headers

    http_headers.init_app(app)  # CSP, framing, no-store on every dynamic response

    from assessment_app.cli import register_cli

    register_cli(app)
    _register_template_helpers(app)
    return app


def trust_proxies(app: Flask, count: int) -> None:
    """Take the client's address and scheme from the `count` reverse proxies in front.

    With 0, X-Forwarded-For is ignored: a client could otherwise name any address and slip
    past the per-address login limits.
    """
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _apply_embedded_defaults(app: Flask) -> None:
    """Fill what the environment left open with the embedded, real defaults."""
    from assessment_app.security import load_or_create_secret

    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "asesmen.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    bank = app.config["QUESTION_BANK"]
    if not os.path.isabs(bank):
        app.config["QUESTION_BANK"] = os.path.join(ROOT, bank)


def _init_extensions(app: Flask) -> None:
    from assessment_app.database import configure_engine, engine_options
    from assessment_app.extensions import csrf, db, login_manager, migrate

    options = engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options | app.config.get(
        "SQLALCHEMY_ENGINE_OPTIONS_EXTRA", {}
    )
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from assessment_app import hooks  # noqa: F401  (after-commit callbacks)
    from assessment_app.auth import loaders  # noqa: F401  (registers the user loader)


def _init_store(app: Flask) -> None:
    from assessment_app.store import Store, connect, ensure_embedded

    url = app.config.get("REDIS_URL")
    if not url:
        url = ensure_embedded(app.instance_path)
        app.config["REDIS_URL"] = url
    app.extensions["store"] = Store(connect(url), app.config["REDIS_PREFIX"])


def _register_blueprints(app: Flask) -> None:
    from assessment_app import admin, panel
    from assessment_app.auth import bp as auth_bp
    from assessment_app.candidate import api, pages
    from assessment_app.proctor import api as proctor_api
    from assessment_app.proctor import pages as proctor_pages

    app.register_blueprint(auth_bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(panel.bp, url_prefix="/panel")
    app.register_blueprint(proctor_pages.bp, url_prefix="/pengawas")
    app.register_blueprint(proctor_api.bp, url_prefix="/api/v1/proctor")


def _register_template_helpers(app: Flask) -> None:
    from assessment_app.formatting import local_time, zone_label, zone_offset
    from assessment_app.vocabulary import statuses

    zone = ZoneInfo(app.config["TIMEZONE"])
    app.jinja_env.filters["local_time"] = lambda value, style="datetime": local_time(
        value, zone, style
    )
    # For headings and forms that speak of the zone without showing a time.
    app.jinja_env.globals["timezone_label"] = zone_label(zone)
    # Pages whose script reads or shows times in the zone, whatever the PC's own zone.
    app.jinja_env.globals["timezone_offset"] = lambda: zone_offset(zone)
    # Every status label, from the one vocabulary; pages embed it for their scripts.
    app.jinja_env.globals["status_labels"] = statuses.labels()
