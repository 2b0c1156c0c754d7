"""SHACL validation as a service: ``GET /shacl`` and ``POST /shacl``.

``GET /shacl`` answers the published report of the dataset
(``<dist>/shacl-report.ttl``, written by the build) as Turtle, JSON-LD or an
HTML page with a form, by ``Accept``; its ETag is the dataset version from
``<dist>/manifest.json``.

``POST /shacl`` validates the caller's data against our shapes, with our
ontology mixed in, and answers the report (Turtle by default, JSON-LD or
HTML by ``Accept``). The body is RDF with its media type (Turtle,
N-Triples, JSON-LD, RDF/XML, TriG, N-Quads), or the HTML form: a pasted
``data`` field or an uploaded ``file``, with ``format``. ``inference`` is
``none`` (default), ``rdfs`` or ``owlrl``.

Limits (Flask config, with or without the ``KG_`` prefix):
``SHACL_MAX_BYTES`` (default 2 MB, 413 past it) and ``SHACL_TIMEOUT``
(default 20 s; validation runs in a worker process that is killed at the
deadline, 503). Bad syntax is a 400 naming line and column, an unknown
media type a 415. Validation itself is :func:`kg.validate.validate`, the
same as `kg validate` and the build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from rdflib import Graph
from rdflib.namespace import SH
from werkzeug.exceptions import RequestEntityTooLarge

from kg import config
from kg import validate as kv

log = logging.getLogger(__name__)

bp = Blueprint("shacl", __name__, template_folder="templates")

DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_TIMEOUT = 20.0
REPORT_FILE = "shacl-report.ttl"
MANIFEST_FILE = "manifest.json"
#: Results shown on an HTML page at most (the RDF answers always hold all of them).
HTML_RESULT_LIMIT = 500

TURTLE = "text/turtle"
JSONLD = "application/ld+json"
HTML = "text/html"
#: Answer formats, the first being the default for clients that accept anything.
ANSWER_TYPES = (TURTLE, JSONLD, HTML)
FORMAT_PARAMETER = {"turtle": TURTLE, "ttl": TURTLE, "json-ld": JSONLD, "jsonld": JSONLD, "html": HTML}

#: The form's format choices: (rdflib format, label).
FORM_FORMATS = [
    ("auto", "by file extension (Turtle if none)"),
    ("turtle", "Turtle"),
    ("nt", "N-Triples"),
    ("json-ld", "JSON-LD"),
    ("xml", "RDF/XML"),
    ("trig", "TriG"),
    ("nquads", "N-Quads"),
]
SEVERITY_CLASS = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


class ShaclError(Exception):
    """An answer other than a report: status and a message a person can act on."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


# --- settings -----------------------------------------------------------------------


def setting(name: str, default: Any) -> Any:
    """A config value, as ``NAME`` or ``KG_NAME`` (the app factory uses the prefix)."""
    for key in (name, f"KG_{name}"):
        value = current_app.config.get(key)
        if value is not None:
            return value
    return default


def dist_dir() -> Path:
    return Path(setting("DIST", config.DIST))


def max_bytes() -> int:
    return int(setting("SHACL_MAX_BYTES", DEFAULT_MAX_BYTES))


def timeout() -> float:
    return float(setting("SHACL_TIMEOUT", DEFAULT_TIMEOUT))


# --- the published report -------------------------------------------------------------

_published_lock = threading.Lock()
_published: dict[str, tuple[tuple[float, int], kv.Report]] = {}


def published_report() -> kv.Report:
    """The build's report, parsed once per file version."""
    path = dist_dir() / REPORT_FILE
    try:
        stat = path.stat()
    except OSError:
        raise ShaclError(404, "No validation report has been published: the dataset was built without one.") from None
    stamp = (stat.st_mtime, stat.st_size)
    with _published_lock:
        cached = _published.get(str(path))
        if cached and cached[0] == stamp:
            return cached[1]
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
        report = kv.report_from_graph(graph)
    except Exception as exc:  # noqa: BLE001 - a broken file is the build's fault, said plainly
        log.error("cannot read %s: %s", path, exc)
        raise ShaclError(503, "The published validation report cannot be read.") from None
    with _published_lock:
        _published[str(path)] = (stamp, report)
    return report


def dataset_version() -> str:
    """The dataset version (manifest.json), else a digest of the report file."""
    try:
        version = json.loads((dist_dir() / MANIFEST_FILE).read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        version = None
    if version:
        return str(version)
    path = dist_dir() / REPORT_FILE
    stat = path.stat() if path.exists() else None
    return hashlib.sha256(f"{stat and stat.st_mtime}:{stat and stat.st_size}".encode()).hexdigest()[:16]


# --- negotiation ----------------------------------------------------------------------


def answer_type() -> str:
    """The media type to answer in: ``format=`` parameter, else ``Accept`` (Turtle if anything goes)."""
    wanted = request.args.get("format")
    if wanted:
        if wanted.lower() not in FORMAT_PARAMETER:
            raise ShaclError(400, f"Unknown format {wanted!r}; use turtle, json-ld or html.")
        return FORMAT_PARAMETER[wanted.lower()]
    if not request.accept_mimetypes:
        return TURTLE
    best = request.accept_mimetypes.best_match(ANSWER_TYPES)
    if best is None:
        raise ShaclError(406, "The report is available as text/turtle, application/ld+json or text/html.")
    return best


def wants_html() -> bool:
    try:
        return answer_type() == HTML
    except ShaclError:
        return False


# --- views ------------------------------------------------------------------------------


@bp.route("/shacl", methods=["GET"])
def shacl_report() -> Response:
    """The published report, or the form with it."""
    try:
        media_type = answer_type()
        version = dataset_version()
        etag = f"{version}-{media_type.split('/')[1]}"
        if request.if_none_match.contains(etag):
            response = Response(status=304)
        else:
            response = _published_response(media_type)
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={int(setting('CACHE_MAX_AGE', 300))}"
        response.vary.add("Accept")
        return response
    except ShaclError as exc:
        if exc.status == 404 and wants_html():
            return _page(None, status=200, notice=exc.message)
        return error(exc)


def _published_response(media_type: str) -> Response:
    report = published_report()
    if media_type == HTML:
        return _page(report, published=True)
    return _rdf_response(report, media_type)


@bp.route("/shacl", methods=["POST"])
def shacl_validate() -> Response:
    """Validate the caller's data; the report in the format asked for."""
    try:
        media_type = answer_type()
        source, inference = _submitted()
        report = kv.validate([source], inference=inference, timeout=timeout())
    except ShaclError as exc:
        return error(exc, form_values=_form_values())
    except RequestEntityTooLarge:
        return error(_too_large(), form_values=_form_values())
    except kv.RdfSyntaxError as exc:
        where = f" at line {exc.line}, column {exc.column}" if exc.line else ""
        return error(ShaclError(400, f"The data is not valid RDF{where}: {exc.message}"), form_values=_form_values())
    except kv.ValidationTimeout as exc:
        message = f"Validation took longer than {exc.seconds:g} s and was stopped; send less data."
        return error(ShaclError(503, message, {"Retry-After": "60"}), form_values=_form_values())
    except kv.ValidationError as exc:
        return error(ShaclError(422, f"The data could not be validated: {exc}"), form_values=_form_values())
    except Exception as exc:  # noqa: BLE001 - never a traceback to the client
        log.exception("SHACL validation failed")
        return error(ShaclError(503, f"Validation is unavailable ({type(exc).__name__})."))
    if media_type == HTML:
        response = _page(report, form_values=_form_values())
    else:
        response = _rdf_response(report, media_type)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- reading the submission ----------------------------------------------------------------


def _too_large() -> ShaclError:
    return ShaclError(413, f"The data is larger than {max_bytes():,} bytes; validate it with `kg validate` instead.")


def _submitted() -> tuple[kv.Source, str]:
    """The data, its rdflib format and the inference mode, from a form or a raw body."""
    limit = max_bytes()
    # Room for the form's other fields and multipart boundaries around the data.
    request.max_content_length = limit + 64_000
    request.max_form_memory_size = limit + 1024
    if request.content_length is not None and request.content_length > request.max_content_length:
        raise _too_large()
    inference = request.values.get("inference", "none") or "none"
    if inference not in kv.INFERENCE_MODES:
        raise ShaclError(400, f"Unknown inference {inference!r}; use {', '.join(kv.INFERENCE_MODES)}.")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return _from_form(limit), inference
    fmt = kv.format_for_media_type(request.mimetype or "")
    if fmt is None:
        raise ShaclError(
            415,
            f"Unsupported media type {request.mimetype or '(none)'!r}; send text/turtle, application/n-triples, "
            "application/ld+json, application/rdf+xml, application/trig or application/n-quads.",
        )
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large()
    return kv.Source(data, fmt, "the request body"), inference


def _from_form(limit: int) -> kv.Source:
    upload = request.files.get("file")
    chosen = request.form.get("format", "auto") or "auto"
    if upload is not None and upload.filename:
        data = upload.stream.read(limit + 1)
        name = f"the uploaded file {upload.filename}"
        guessed = kv.format_for_path(upload.filename)
    else:
        data = request.form.get("data", "").encode("utf-8")
        name = "the pasted data"
        guessed = None
    if len(data) > limit:
        raise _too_large()
    if not data.strip():
        raise ShaclError(400, "No data: paste RDF into the text box or choose a file.")
    if chosen == "auto":
        fmt = guessed or "turtle"
    elif chosen in dict(FORM_FORMATS):
        fmt = chosen
    else:
        fmt = kv.format_for_media_type(chosen)
        if fmt is None:
            raise ShaclError(415, f"Unsupported format {chosen!r}.")
    return kv.Source(data, fmt, name)


def _form_values() -> dict[str, str]:
    """What the form held, to show it again with the answer (nothing if it cannot be read)."""
    values = {"data": "", "format": "auto", "inference": "none"}
    if request.method != "POST":
        return values
    try:
        form = request.form
        data = form.get("data", "")
        values["data"] = data if len(data) <= 200_000 else ""
        values["format"] = form.get("format", "auto")
        values["inference"] = request.values.get("inference", "none")
    except Exception:  # noqa: BLE001 - e.g. a body too large to parse: show an empty form
        pass
    return values


# --- answers ---------------------------------------------------------------------------------


def _rdf_response(report: kv.Report, media_type: str) -> Response:
    body = kv.to_turtle(report) if media_type == TURTLE else kv.to_jsonld(report)
    charset = "; charset=utf-8" if media_type == TURTLE else ""
    return Response(body, status=200, content_type=media_type + charset)


def _page(
    report: kv.Report | None,
    published: bool = False,
    status: int = 200,
    notice: str | None = None,
    error_message: str | None = None,
    form_values: dict[str, str] | None = None,
) -> Response:
    body = render_template(
        "shacl.html",
        report=report,
        published=published,
        view=_view(report) if report is not None else None,
        notice=notice,
        error=error_message,
        form=form_values or {"data": "", "format": "auto", "inference": "none"},
        formats=FORM_FORMATS,
        inference_modes=kv.INFERENCE_MODES,
        max_bytes=max_bytes(),
        timeout=timeout(),
        version=dataset_version() if published else None,
        has_base="sparql" in current_app.blueprints,
    )
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def _view(report: kv.Report) -> dict[str, Any]:
    """The report as the page shows it: results grouped by focus node, then shape."""
    graph = report.graph
    shown = report.results[:HTML_RESULT_LIMIT]
    by_node: dict[str, list[kv.ValidationResult]] = defaultdict(list)
    for result in shown:
        by_node[kv.term_text(result.focus_node, graph)].append(result)
    nodes = []
    for node, results in by_node.items():
        worst = min(kv.SEVERITY_ORDER.get(r.severity, 3) for r in results)
        rows = [
            {
                "shape": kv.term_text(r.shape, graph),
                "severity": kv.SEVERITY_NAMES.get(r.severity, kv.term_text(r.severity)),
                "severity_class": SEVERITY_CLASS.get(r.severity, "other"),
                "path": kv.term_text(r.path, graph),
                "value": kv.term_text(r.value, graph, limit=120) if r.value != r.focus_node else "",
                "message": r.message,
            }
            for r in sorted(results, key=lambda r: (kv.SEVERITY_ORDER.get(r.severity, 3), str(r.shape)))
        ]
        nodes.append({"node": node, "worst": worst, "rows": rows})
    nodes.sort(key=lambda n: (n["worst"], n["node"]))
    return {
        "headline": kv.headline(report),
        "nodes": nodes,
        "hidden": len(report.results) - len(shown),
    }


def error(exc: ShaclError, form_values: dict[str, str] | None = None) -> Response:
    """An error as the client wants it: the form page with the message, JSON, or plain text."""
    if wants_html():
        response = _page(None, status=exc.status, error_message=exc.message, form_values=form_values)
    elif request.accept_mimetypes.best_match(["text/plain", "application/json"]) == "application/json":
        body = json.dumps({"status": exc.status, "message": exc.message})
        response = Response(body + "\n", status=exc.status, content_type="application/json")
    else:
        response = Response(exc.message + "\n", status=exc.status, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    for key, value in exc.headers.items():
        response.headers[key] = value
    return response
