"""The SPARQL 1.1 Protocol endpoint (``/sparql``), SPARQL Update (``/update``)
and the Graph Store Protocol (``/data``).

Protocol rules enforced here (the W3C protocol tests check them):

* a query comes as ``GET ?query=``, ``POST`` form-encoded ``query=``, or
  ``POST`` with ``Content-Type: application/sparql-query``; exactly one;
* ``default-graph-uri``/``named-graph-uri`` (repeatable) replace the dataset;
* an update comes only by POST (``update=`` form field or
  ``application/sparql-update``), and only when updates are enabled and the
  bearer token matches; ``using-graph-uri``/``using-named-graph-uri`` set the
  dataset of its WHERE clauses;
* bodies must be UTF-8; other media types get 415, oversized texts 413,
  malformed requests 400 with the parser's message (line and column).

A GET without ``query`` is the service description, or the query page for a
browser. Results are chosen by ``format=`` or ``Accept`` (see
:mod:`server.negotiation`); answers over ``KG_MAX_ROWS`` are cut there and
flagged with ``X-SPARQL-Truncated: true``.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kg import config as kg_config
from kg.results import Serialized
from kg.store import Backend
from kg.store_types import GraphResult, QueryResult, StoreError
from server import negotiation as n
from server import results as r
from server.errors import ApiError
from server.examples import load_examples
from server.service_description import service_description

bp = Blueprint("sparql", __name__)

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
TRUNCATED_HEADER = "X-SPARQL-Truncated"

DEFAULT_QUERY = "SELECT ?subject ?predicate ?object\nWHERE {\n  ?subject ?predicate ?object\n}\nLIMIT 25\n"


def backend() -> Backend:
    return current_app.extensions["kg_store"]


def setting(key: str) -> Any:
    return current_app.config[key]


_NAMESPACES = sorted(((str(ns), p) for p, ns in kg_config.PREFIXES.items()), key=lambda x: -len(x[0]))


@bp.app_template_filter("compact_iri")
def compact_iri(iri: str) -> str:
    """``kgo:Event`` for a known namespace, the IRI itself otherwise."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@bp.app_template_filter("local_href")
def local_href(iri: str) -> str:
    """Where a browser should go for ``iri``: IRIs under the dataset's base resolve on
    this server under the same path (so results link to our own pages); others as is."""
    base = kg_config.BASE
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    return iri


@bp.app_template_test("safe_link")
def safe_link(iri: str) -> bool:
    """Only http(s) IRIs become links (never javascript:, data:, file:...)."""
    return iri.lower().startswith(("http://", "https://"))


# --- CORS -----------------------------------------------------------------------------


@bp.after_request
def _cors(response: Response) -> Response:
    """Any origin may query (no cookies are used; writes need a bearer token)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = f"ETag, {TRUNCATED_HEADER}, Location"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ", ".join(
            m
            for m in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS")
            if m in response.headers.get("Allow", "GET, HEAD, POST, OPTIONS")
        )
        response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


# --- request parsing -----------------------------------------------------------------------


def _media_type() -> tuple[str, dict[str, str]]:
    return request.mimetype, request.mimetype_params


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ApiError(415, f"Only UTF-8 is accepted, not charset={charset}.")


def _body_text(limit: int) -> str:
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"The request body is larger than the limit of {limit} bytes.")
    data = request.get_data(cache=True)
    if len(data) > limit:
        raise ApiError(413, f"The request body is larger than the limit of {limit} bytes.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"The request body is not valid UTF-8 ({exc}).") from None


def _one(values: Sequence[str], name: str) -> str | None:
    if len(values) > 1:
        raise ApiError(400, f"Exactly one '{name}' parameter is allowed; got {len(values)}.")
    return values[0] if values else None


def _check_size(text: str, what: str) -> str:
    limit = setting("KG_MAX_QUERY_BYTES")
    if len(text.encode("utf-8")) > limit:
        raise ApiError(413, f"The {what} is larger than the limit of {limit} bytes; KG_MAX_QUERY_BYTES.")
    return text


class Operation:
    """A parsed protocol request: a query or an update, and its dataset."""

    def __init__(self, kind: str | None, text: str | None, params: MultiDict):
        self.kind = kind  # "query", "update" or None (no operation)
        self.text = text
        self.params = params

    def graphs(self, name: str) -> list[str] | None:
        values = self.params.getlist(name)
        return values or None


def parse_operation(allow_update: bool = True) -> Operation:
    """The operation of this request, following the SPARQL 1.1 Protocol."""
    if request.method in ("GET", "HEAD"):
        if request.args.getlist("update"):
            raise ApiError(400, "SPARQL Update must be sent with POST, never GET.", {"Allow": "POST"})
        query = _one(request.args.getlist("query"), "query")
        return Operation("query" if query is not None else None, query, request.args)
    if request.method != "POST":
        raise ApiError(405, f"{request.method} is not allowed here.", {"Allow": "GET, HEAD, POST, OPTIONS"})
    media_type = request.mimetype
    if not media_type:
        raise ApiError(
            415,
            f"A POST needs a Content-Type: {FORM_TYPE}, {QUERY_TYPE} or {UPDATE_TYPE}.",
        )
    _check_charset()
    if media_type == FORM_TYPE:
        if request.content_length is not None and request.content_length > setting("KG_MAX_QUERY_BYTES") * 4:
            raise ApiError(413, f"The form is larger than the limit ({setting('KG_MAX_QUERY_BYTES')} bytes per text).")
        form = request.form
        params = MultiDict(request.args)
        params.update(form)
        queries, updates = form.getlist("query"), form.getlist("update")
        if request.args.getlist("query") or request.args.getlist("update"):
            raise ApiError(400, "With a form POST, 'query'/'update' go in the body, not the URL.")
        if queries and updates:
            raise ApiError(400, "A request carries a query or an update, not both.")
        if updates:
            if not allow_update:
                raise ApiError(400, "Send updates to the update endpoint.")
            return Operation("update", _one(updates, "update"), params)
        query = _one(queries, "query")
        if query is None:
            raise ApiError(400, "The form has no 'query' (or 'update') field.")
        return Operation("query", query, params)
    if request.args.getlist("query") or request.args.getlist("update"):
        raise ApiError(400, "A direct POST carries the operation in its body, not in the URL.")
    if media_type == QUERY_TYPE:
        return Operation("query", _body_text(setting("KG_MAX_QUERY_BYTES")), request.args)
    if media_type == UPDATE_TYPE:
        if not allow_update:
            raise ApiError(400, "Send updates to the update endpoint.")
        return Operation("update", _body_text(setting("KG_MAX_QUERY_BYTES")), request.args)
    raise ApiError(
        415,
        f"Unsupported Content-Type {media_type}; use {FORM_TYPE}, {QUERY_TYPE} or {UPDATE_TYPE}.",
    )


# --- caching ----------------------------------------------------------------------------------


def _etag(*parts: str) -> str | None:
    version = backend().version
    if version is None:
        return None
    digest = hashlib.sha256("\0".join((version, *parts)).encode("utf-8")).hexdigest()[:32]
    return digest


def _not_modified(etag: str | None) -> Response | None:
    if etag is not None and request.method in ("GET", "HEAD") and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        _cache_headers(response, etag)
        return response
    return None


def _cache_headers(response: Response, etag: str | None) -> None:
    response.headers["Vary"] = "Accept"
    if request.method not in ("GET", "HEAD"):
        response.headers["Cache-Control"] = "no-store"
        return
    if etag is None:
        response.headers["Cache-Control"] = "no-cache"
        return
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={setting('KG_CACHE_MAX_AGE')}"


# --- auth ------------------------------------------------------------------------------------------


def require_writer() -> None:
    """Updates need KG_ENABLE_UPDATE and ``Authorization: Bearer <KG_UPDATE_TOKEN>``."""
    if not setting("KG_ENABLE_UPDATE"):
        raise ApiError(403, "This endpoint is read-only: SPARQL Update and Graph Store writes are disabled.")
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "Writes need an 'Authorization: Bearer <token>' header.",
            {"WWW-Authenticate": 'Bearer realm="kg"'},
        )
    expected = str(setting("KG_UPDATE_TOKEN") or "")
    if not expected or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise ApiError(403, "The bearer token is not valid for writes.")


# --- the endpoint ------------------------------------------------------------------------------------


def _endpoint_url() -> str:
    return url_for("sparql.endpoint", _external=True)


@bp.route("/sparql", methods=["GET", "HEAD", "POST"])
def endpoint() -> Response:
    operation = parse_operation()
    if operation.kind == "update":
        return run_update(operation)
    if operation.kind == "query":
        return run_query(operation)
    return describe_or_page()


@bp.route("/update", methods=["POST"])
def update_endpoint() -> Response:
    operation = parse_operation()
    if operation.kind != "update":
        raise ApiError(400, "This is the update endpoint: send 'update=' or application/sparql-update.")
    return run_update(operation)


def run_update(operation: Operation) -> Response:
    require_writer()
    assert operation.text is not None
    _check_size(operation.text, "update")
    backend().update(
        operation.text,
        using_graph_uris=operation.graphs("using-graph-uri"),
        using_named_graph_uris=operation.graphs("using-named-graph-uri"),
        timeout=setting("KG_QUERY_TIMEOUT"),
        base_iri=_endpoint_url(),
    )
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


def _format_param(params: MultiDict) -> str | None:
    return _one(params.getlist("format"), "format")


def _negotiate(offered: Sequence[n.Format], format_key: str | None) -> n.Format | None:
    try:
        return n.negotiate_header(request.headers.get("Accept", ""), tuple(offered), format_key)
    except n.UnknownFormat:
        known = ", ".join(sorted(n.BY_KEY))
        raise ApiError(400, f"Unknown format '{format_key}'; use one of: {known}.") from None


def _not_acceptable(offered: Sequence[n.Format]) -> ApiError:
    return ApiError(
        406,
        "None of the formats this answer can take is acceptable (Accept header or format parameter).",
        offered=[f"{f.media_type} (format={f.key})" for f in offered],
    )


def run_query(operation: Operation) -> Response:
    assert operation.text is not None
    text = _check_size(operation.text, "query")
    format_key = _format_param(operation.params)
    choice = {
        "select": _negotiate((*n.SELECT_FORMATS, n.HTML), format_key),
        "ask": _negotiate((*n.ASK_FORMATS, n.HTML), format_key),
        "graph": _negotiate((*n.GRAPH_FORMATS, n.HTML), format_key),
    }
    if not any(choice.values()):
        raise _not_acceptable((*n.SELECT_FORMATS, *n.GRAPH_FORMATS, n.HTML))
    default_graphs = operation.graphs("default-graph-uri")
    named_graphs = operation.graphs("named-graph-uri")
    etag = _etag(
        "query",
        text,
        *(f"d:{g}" for g in default_graphs or ()),
        *(f"n:{g}" for g in named_graphs or ()),
        *(f.key if f else "-" for f in choice.values()),
    )
    if (cached := _not_modified(etag)) is not None:
        return cached
    wants_html = all(f is n.HTML for f in choice.values() if f)
    try:
        result = backend().query(
            text,
            default_graph_uris=default_graphs,
            named_graph_uris=named_graphs,
            union_default=setting("KG_UNION_DEFAULT_GRAPH"),
            timeout=setting("KG_QUERY_TIMEOUT"),
            max_rows=setting("KG_MAX_ROWS"),
            base_iri=_endpoint_url(),
            # the answer comes back as bytes, written where the query ran
            formats={form: f.key for form, f in choice.items() if f is not None and f is not n.HTML},
        )
    except StoreError as exc:
        if wants_html:
            return render_page(text, operation.params, error=exc.message, status=exc.status)
        raise
    fmt = choice[result.form]
    if fmt is None:
        raise _not_acceptable(r.offered_formats(result.form))
    if isinstance(result, Serialized):
        response = Response(result.data, content_type=fmt.content_type)
    else:  # HTML: nothing else is left structured
        response = render_page(text, operation.params, result=result)
    if result.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
        response.headers["X-SPARQL-Max-Rows"] = str(setting("KG_MAX_ROWS"))
    _cache_headers(response, etag)
    return response


def describe_or_page() -> Response:
    """GET /sparql without a query: the service description, or the query page."""
    format_key = _format_param(request.args)
    fmt = _negotiate((*n.DESCRIPTION_FORMATS, n.HTML), format_key)
    if fmt is None:
        raise _not_acceptable((*n.DESCRIPTION_FORMATS, n.HTML))
    etag = _etag("description", fmt.key, _endpoint_url())
    if (cached := _not_modified(etag)) is not None:
        return cached
    if fmt is n.HTML:
        response = render_page(None, request.args)
    else:
        triples = service_description(
            _endpoint_url(),
            backend().named_graphs(timeout=setting("KG_QUERY_TIMEOUT")),
            union_default=setting("KG_UNION_DEFAULT_GRAPH"),
            update=setting("KG_ENABLE_UPDATE"),
            federated=bool(setting("KG_SERVICE_ALLOWLIST")),
        )
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", **r.PREFIXES}
        response = Response(r.serialize_graph(triples, fmt, prefixes), content_type=fmt.content_type)
    _cache_headers(response, etag)
    return response


# --- the query page ------------------------------------------------------------------------------------


def _link(query: str, params: MultiDict, format_key: str) -> str:
    args: list[tuple[str, str]] = [("query", query)]
    for name in ("default-graph-uri", "named-graph-uri"):
        args += [(name, g) for g in params.getlist(name)]
    args.append(("format", format_key))
    return url_for("sparql.endpoint") + "?" + urlencode(args)


def render_page(
    query: str | None,
    params: MultiDict,
    result: QueryResult | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    columns, rows, downloads = [], [], []
    if result is not None:
        columns, rows = r.table(result)
        downloads = [(f.label, _link(query or "", params, f.key)) for f in r.offered_formats(result.form)]
    examples = [(e, _link(e.query, MultiDict(), "html")) for e in load_examples(setting("KG_QUERIES_DIR"))]
    html = render_template(
        "sparql.html",
        query=query if query is not None else kg_config.sparql_prefixes() + "\n" + DEFAULT_QUERY,
        default_graphs=params.getlist("default-graph-uri"),
        named_graphs=params.getlist("named-graph-uri"),
        result=result,
        is_graph=isinstance(result, GraphResult),
        columns=columns,
        rows=rows,
        downloads=downloads,
        examples=examples,
        error=error,
        max_rows=setting("KG_MAX_ROWS"),
        timeout=setting("KG_QUERY_TIMEOUT"),
        description_links=[(f.label, url_for("sparql.endpoint", format=f.key)) for f in n.DESCRIPTION_FORMATS],
    )
    return Response(html, status=status, content_type=n.HTML.content_type)


# --- Graph Store Protocol ---------------------------------------------------------------------------------


#: ``_target_graph`` result for a POST that names no graph (graph creation)
NEW_GRAPH = "new"


def _target_graph() -> str | None:
    """The graph named by ``?graph=<IRI>`` or ``?default`` (None)."""
    graphs = request.args.getlist("graph")
    has_default = "default" in request.args
    if request.method == "POST" and not graphs and not has_default:
        return NEW_GRAPH
    if len(graphs) + int(has_default) != 1:
        raise ApiError(400, "Name exactly one graph: '?graph=<IRI>' or '?default'.")
    if has_default:
        return None
    graph = graphs[0]
    if ":" not in graph:
        raise ApiError(400, f"'{graph}' is not an absolute IRI.")
    return graph


def _upload_as_ntriples() -> bytes:
    """The RDF sent with a PUT/POST, as N-Triples: the body, or every file of a
    multipart/form-data body (each parsed by its own Content-Type)."""
    limit = setting("KG_MAX_UPLOAD_BYTES")
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"The body is larger than the limit of {limit} bytes (KG_MAX_UPLOAD_BYTES).")
    if not request.mimetype:
        raise ApiError(415, "The body needs a Content-Type (an RDF media type).")
    if request.mimetype == "multipart/form-data":
        documents = [(f.read(), f.mimetype) for name in request.files for f in request.files.getlist(name)]
        if not documents:
            raise ApiError(400, "The multipart/form-data body holds no file.")
    else:
        _check_charset()
        documents = [(request.get_data(cache=False), request.mimetype)]
    triples: list[bytes] = []
    for data, media_type in documents:
        fmt = ox.RdfFormat.from_media_type(media_type or "")
        if fmt is None or fmt.supports_datasets:
            raise ApiError(415, f"Unsupported media type {media_type!r}: send Turtle, N-Triples, RDF/XML or JSON-LD.")
        try:
            parsed = ox.parse(data, format=fmt, base_iri=request.url, rename_blank_nodes=True)
            triples.append(ox.serialize((q.triple for q in parsed), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise ApiError(400, f"Cannot parse the {fmt.name} body: {exc}") from None
    return b"".join(triples)


@bp.route("/data", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """SPARQL 1.1 Graph Store HTTP Protocol, indirect graph identification
    (``?graph=<IRI>`` or ``?default``); a POST naming no graph creates one."""
    graph = _target_graph()
    timeout = setting("KG_QUERY_TIMEOUT")
    if request.method in ("GET", "HEAD"):
        fmt = _negotiate(n.GRAPH_FORMATS, _one(request.args.getlist("format"), "format"))
        if fmt is None:
            raise _not_acceptable(n.GRAPH_FORMATS)
        etag = _etag("graph", graph or "", fmt.key)
        if (cached := _not_modified(etag)) is not None:
            return cached
        result = backend().get_graph(graph, timeout=timeout, max_rows=setting("KG_MAX_ROWS"))
        if result is None:
            raise ApiError(404, f"There is no graph <{graph}>.")
        response = Response(r.serialize_graph(result.triples, fmt), content_type=fmt.content_type)
        if result.truncated:
            response.headers[TRUNCATED_HEADER] = "true"
        _cache_headers(response, etag)
        return response
    require_writer()
    if request.method == "DELETE":
        if not backend().delete_graph(graph, timeout=timeout):
            raise ApiError(404, f"There is no graph <{graph}>.")
        return Response(status=204)
    data = _upload_as_ntriples()
    location = None
    if graph == NEW_GRAPH:
        graph = location = f"urn:uuid:{uuid.uuid4()}"
    created = backend().put_graph(
        graph, data, "application/n-triples", request.url, request.method == "PUT", timeout=timeout
    )
    response = Response(status=201 if created else 204)
    if location:
        response.headers["Location"] = location
    return response
