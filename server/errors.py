"""Errors a person can read: plain text, or JSON when the client prefers it.

Never a traceback and never an HTML error page with internals: unexpected
exceptions are logged server-side and answered with a short 500 message.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

from kg.store_types import StoreError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An HTTP error with a message for the client and optional extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.extra = extra


def _wants_json() -> bool:
    accept = request.accept_mimetypes
    best = accept.best_match(["text/plain", "application/json", "application/sparql-results+json"])
    return best in ("application/json", "application/sparql-results+json") and accept[best] > accept["text/plain"]


def error_response(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    from http import HTTPStatus

    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    if _wants_json():
        body = json.dumps({"status": status, "error": reason, "message": message, **extra})
        response = Response(body + "\n", status=status, mimetype="application/json")
    else:
        text = f"{status} {reason}: {message}\n"
        for key, value in extra.items():
            if isinstance(value, list | tuple):
                value = ", ".join(map(str, value))
            text += f"{key.replace('_', ' ')}: {value}\n"
        response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.headers, **exc.extra)

    @app.errorhandler(StoreError)
    def _store_error(exc: StoreError) -> Response:
        return error_response(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        if exc.code == 404 and "pages" in app.blueprints:
            from server.linkeddata import not_found

            return not_found(request.path)  # browsers get a page that offers a search
        headers = {}
        if exc.code == 405 and exc.response is None:
            allowed = getattr(exc, "valid_methods", None)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        return error_response(exc.code or 500, exc.description or exc.name, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "Internal error; it has been logged. Please report it if it persists.")
