"""The web application: ``create_app()`` (Flask application factory).

One call opens the store once for the process (gunicorn calls it once per
worker via :mod:`server.wsgi`), registers the blueprints, and adds what every
response needs: security headers, readable errors. Run it with
``kg serve`` (gunicorn), never Flask's development server.
"""

from __future__ import annotations

import atexit
import importlib
import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

from kg.store import open_backend
from server import config as server_config
from server import errors

log = logging.getLogger(__name__)

#: Content-Security-Policy of HTML pages: no inline script or style, no frames.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

#: Blueprints always registered: (module, attribute).
CORE_BLUEPRINTS = [("server.sparql", "bp")]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Settings: server/config.py defaults < ``KG_*`` env < ``config``."""
    settings = server_config.load(config)
    app = Flask(__name__)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = max(settings["KG_MAX_UPLOAD_BYTES"], 4 * settings["KG_MAX_QUERY_BYTES"])
    app.config["MAX_FORM_MEMORY_SIZE"] = 4 * settings["KG_MAX_QUERY_BYTES"]
    app.json.sort_keys = False

    store = open_backend(server_config.store_settings(settings))
    app.extensions["kg_store"] = store
    atexit.register(store.close)

    errors.register(app)
    app.after_request(_security_headers)
    _register_blueprints(app, settings["KG_BLUEPRINTS"])
    app.config["KG_BLUEPRINT_NAMES"] = tuple(app.blueprints)
    if "pages" in app.blueprints:
        from server import catalogue

        catalogue.warm(app)  # labels, search index, timeline: built once per dataset version
    return app


def close_app(app: Flask) -> None:
    """Stop the app's query workers (tests and embedding code call this)."""
    store = app.extensions.pop("kg_store", None)
    if store is not None:
        store.close()


def _register_blueprints(app: Flask, optional: list[str]) -> None:
    """The core blueprints, then each optional module that imports and has ``bp``.

    Optional modules belong to other parts of the project (SHACL validation,
    linked-data pages, downloads); a missing one is skipped, one that fails to
    import is logged, neither stops the SPARQL endpoint.
    """
    for module_name, attribute in CORE_BLUEPRINTS:
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))
    for module_name in optional:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            log.exception("blueprint %s failed to import", module_name)
            continue
        except Exception:
            log.exception("blueprint %s failed to import", module_name)
            continue
        blueprint = getattr(module, "bp", None)
        if blueprint is not None and blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    if request.method == "OPTIONS":
        response.headers.setdefault("Cache-Control", "max-age=86400")
    return response
