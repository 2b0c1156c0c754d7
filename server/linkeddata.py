"""Cool URIs: every IRI under the dataset's base dereferences on this server.

The server answers for the base's paths: ``BASE + "id/azerbaijan"`` is
``/id/azerbaijan`` here. A thing's IRI is not a document, so it answers
``303 See Other`` (the httpRange-14 resolution, "Cool URIs for the Semantic
Web" §4.3) to one of two documents about it, chosen by ``Accept``:

* ``/page/<name>``: HTML for people (server/pages.py);
* ``/data/<name>.<ext>``: its data in Turtle, JSON-LD, N-Triples or RDF/XML.

Names: ``id/<x>`` becomes ``<x>`` (``/page/azerbaijan``, ``/page/doc/000``);
the vocabulary and dataset IRIs keep their first segment (``ontology/State``,
``concept/killed``, ``shapes/...``, ``dataset``, ``graph/doc/000``), which is
why those five words are reserved and never name an entity here.

Everything is read through SPARQL on the app's store backend (so every backend
works) with the resource's IRI bound in each query: the cost of a request
grows with what the resource touches, never with the whole graph.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for

from kg import config
from kg.store_engines import UNION_GRAPH
from kg.store_types import XSD_STRING, GraphResult, SelectResult, TermRows, oxigraph_term_to_json
from server import negotiation as n

bp = Blueprint("linkeddata", __name__)

#: first path segments that are not entity names (the vocabulary and the dataset)
RESERVED = ("ontology", "shapes", "concept", "dataset", "graph")
#: data formats of every description, in the order links list them
DATA_FORMATS: tuple[n.Format, ...] = (n.TURTLE, n.JSONLD, n.NTRIPLES, n.RDFXML)
BY_EXTENSION = {f.extension: f for f in DATA_FORMATS}
#: what an /id/ IRI offers; HTML first, so a browser's (or curl's) */* gets the page
PAGE_OR_DATA: tuple[n.Format, ...] = (n.HTML, *DATA_FORMATS)
#: the most triples one part of a description (outgoing, incoming, ...) may hold
DESCRIPTION_LIMIT = 2000
#: IRIs (under the base) whose description is a whole file of the build
WHOLE_FILES = {"ontology": "ontology.ttl", "shapes": "shapes.ttl", "dataset": "void.ttl"}


# --- the store and the dataset being served -----------------------------------------


def store() -> Any:
    """The app's store backend (kg.store.Backend), set up by server.create_app."""
    return current_app.extensions["kg_store"]


def dist_dir() -> Path:
    return Path(current_app.config.get("KG_DIST") or config.DIST)


def read_manifest(dist: Path) -> dict:
    try:
        return json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class Site:
    """The dataset being served: its base IRI and version, and the namespaces derived from the base.

    The base comes from the build's manifest (the data's own IRIs), so a
    server started without ``KG_BASE`` still serves a dataset built with one.
    """

    base: str
    version: str
    dist: Path

    @cached_property
    def kgo(self) -> str:
        return self.base + "ontology/"

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The project's prefixes, with the base-dependent ones rebased onto this base."""
        out = {}
        for prefix, ns in config.PREFIXES.items():
            ns = str(ns)
            out[prefix] = self.base + ns[len(config.BASE) :] if ns.startswith(config.BASE) else ns
        return out

    @cached_property
    def sparql_prefixes(self) -> str:
        lines = [f"PREFIX {p}: <{ns}>" for p, ns in self.prefixes.items()]
        lines.append("PREFIX gaf: <http://groundedannotationframework.org/gaf#>")
        return "\n".join(lines) + "\n"

    def term(self, name: str) -> str:
        """kgo:name as a full IRI."""
        return self.kgo + name

    def doc_iri(self, doc_id: str) -> str:
        return f"{self.base}id/doc/{doc_id}"


_SITE_LOCK = threading.Lock()


def site() -> Site:
    """The dataset being served now: read once per request, so a rebuild is seen by the next one."""
    found = g.get("kg_site")  # one lookup through the proxy: pages call this thousands of times
    if found is None:
        found = g.kg_site = _current_site()
    return found


def _current_site() -> Site:
    dist = dist_dir()
    backend_version = getattr(current_app.extensions.get("kg_store"), "version", None)
    manifest = read_manifest(dist)
    version = backend_version or manifest.get("version") or "unversioned"
    base = manifest.get("base") or config.BASE
    cached: Site | None = current_app.extensions.get("kg_site")
    if cached is None or cached.version != version or cached.base != base or cached.dist != dist:
        with _SITE_LOCK:
            cached = Site(base=base, version=version, dist=dist)
            current_app.extensions["kg_site"] = cached
    return cached


# --- terms ----------------------------------------------------------------------------


_new_tuple = tuple.__new__


class Term(NamedTuple):
    """An RDF term as it comes out of a SELECT (a SPARQL JSON results term), hashable.

    A named tuple rather than a dataclass: pages build thousands of them per
    request, and a tuple is made, hashed and compared several times faster.
    """

    kind: str  # "uri" | "literal" | "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def from_json(cls, term: dict) -> Term:
        kind = term["type"]
        if kind == "typed-literal":  # SPARQL 1.0 JSON, sent by some remote endpoints
            kind = "literal"
        return cls(kind, term["value"], term.get("datatype"), term.get("xml:lang"))

    @classmethod
    def from_ox(cls, term: Any) -> Term:
        """A pyoxigraph term, read directly (the same Term as its SPARQL JSON form would give)."""
        kind = type(term)
        if kind is ox.NamedNode:  # tuple.__new__: a named tuple's own __new__ is a slow Python function
            return _new_tuple(cls, ("uri", term.value, None, None))
        if kind is ox.Literal:
            language = term.language
            if language:
                return _new_tuple(cls, ("literal", term.value, None, language))
            datatype = term.datatype.value
            return _new_tuple(cls, ("literal", term.value, None if datatype == XSD_STRING else datatype, None))
        if kind is ox.BlankNode:
            return _new_tuple(cls, ("bnode", term.value, None, None))
        return cls.from_json(oxigraph_term_to_json(term))

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    def n3(self) -> str:
        """The term in SPARQL syntax, for VALUES blocks (IRIs only are ever bound here)."""
        if self.kind != "uri":
            raise ValueError(f"only IRIs are bound into queries, not {self!r}")
        return iri_ref(self.value)


#: characters that could end an <iri> early in a query, and control characters (one regex:
#: a page checks a few hundred IRIs, and a scan in Python cost it 0.2 ms)
UNSAFE_IRI = re.compile(r'[<>"{}|^`\\ \x00-\x1f]')


def is_safe_iri(iri: str) -> bool:
    """Whether an IRI can be written into a query as <iri>: no character could end it
    early, no control character, and the engine accepts it as an IRI."""
    if UNSAFE_IRI.search(iri):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def iri_ref(iri: str) -> str:
    """<iri> for a query, refusing characters that could break out of the IRI."""
    if not is_safe_iri(iri):
        raise ValueError(f"not a safe IRI: {iri!r}")
    return f"<{iri}>"


Row = dict[str, Term]


#: ``FILTER`` for a ``GRAPH ?g`` pattern of our own queries: the store's hidden union
#: graph is not a graph of the dataset (see ``kg.store_engines.OxigraphEngine.query``)
NOT_UNION_GRAPH = f"FILTER(?g != <{UNION_GRAPH}>)"


def select(query: str, max_rows: int | None = None) -> list[Row]:
    """Rows of a SELECT over the union of all graphs, as :class:`Term` values.

    Runs in process on the pyoxigraph store and reads its terms directly
    (``native``); other backends answer SPARQL JSON terms. Queries with
    ``GRAPH ?g`` must carry :data:`NOT_UNION_GRAPH`; a row that still binds
    the hidden union graph is dropped here all the same.
    """
    result = store().query(
        site().sparql_prefixes + query,
        union_default=True,
        timeout=current_app.config.get("KG_QUERY_TIMEOUT"),
        max_rows=max_rows,
        inline=True,  # our own queries, bound to a few resources: no worker round trip
        native=True,
    )
    if isinstance(result, TermRows):
        return _term_rows(result)
    if not isinstance(result, SelectResult):
        raise TypeError("expected a SELECT result")
    return [{k: Term.from_json(v) for k, v in b.items()} for b in result.bindings]


class _Terms(dict):
    """pyoxigraph term -> :class:`Term`, each converted once per result (predicates,
    types and the assertion IRIs repeat on most rows; a lookup is a sixth of a conversion)."""

    def __missing__(self, term: Any) -> Term:
        found = self[term] = Term.from_ox(term)
        return found


_UNION_NODE = ox.NamedNode(UNION_GRAPH)


def _term_rows(result: TermRows) -> list[Row]:
    """pyoxigraph rows as :class:`Term` rows, without the ones that name the union graph."""
    names, out, terms = result.variables, [], _Terms()
    for values_ in result.rows:
        if _UNION_NODE in values_:
            continue
        out.append({name: terms[term] for name, term in zip(names, values_, strict=True) if term is not None})
    return out


def construct(query: str, max_rows: int | None = None) -> list[ox.Triple]:
    """Triples of a CONSTRUCT over the union of all graphs (duplicates removed, order kept)."""
    result = store().query(
        site().sparql_prefixes + query,
        union_default=True,
        timeout=current_app.config.get("KG_QUERY_TIMEOUT"),
        max_rows=max_rows,
        inline=True,  # our own queries, bound to a few resources: no worker round trip
        native=True,  # no GRAPH ?g in our CONSTRUCTs: the union graph cannot show up
    )
    if not isinstance(result, GraphResult):
        raise TypeError("expected a graph result")
    return list(dict.fromkeys(result.triples))


def values(var: str, iris: Iterable[str]) -> str:
    """A VALUES block binding ``?var`` to IRIs (how a query is kept to what a page needs)."""
    return f"VALUES ?{var} {{ {' '.join(iri_ref(i) for i in sorted(set(iris)))} }}"


# --- IRIs and this server's URLs ------------------------------------------------------


def local_name(iri: str) -> str | None:
    """The path of an IRI under the base ("id/azerbaijan"), or None if it is not ours."""
    base = site().base
    if not iri.startswith(base):
        return None
    return iri[len(base) :]


def name_of(iri: str) -> str | None:
    """The page name of one of our IRIs: "azerbaijan", "doc/000", "ontology/State"."""
    rest = local_name(iri)
    if rest is None:
        return None
    if rest.startswith("id/"):
        return rest[3:]
    if rest.split("/", 1)[0].split("#", 1)[0] in RESERVED:
        return rest
    return None


def iri_of(name: str) -> str:
    """The inverse of :func:`name_of`."""
    first = name.split("/", 1)[0]
    return site().base + (name if first in RESERVED else "id/" + name)


def _quote(name: str) -> str:
    return quote(name, safe="/#=,;:@!$&'()*+-._~")


def page_url(iri: str) -> str | None:
    """Where the HTML page about an IRI is on this server (fragments kept), or None."""
    name = name_of(iri)
    return None if name is None else "/page/" + _quote(name)


def data_url(iri: str, extension: str) -> str | None:
    name = name_of(iri)
    if name is None or "#" in name:
        return None
    return f"/data/{_quote(name)}.{extension}"


def alternate_links(iri: str, html: bool = True) -> list[tuple[str, n.Format]]:
    """(url, format) of every document about ``iri``: the page and each data format."""
    name = name_of(iri)
    if name is None:
        return []
    links = [(f"/page/{_quote(name)}", n.HTML)] if html else []
    links += [(f"/data/{_quote(name)}.{f.extension}", f) for f in DATA_FORMATS]
    return links


def link_header(iri: str, current_url: str | None = None) -> str:
    """A Link header: rel="alternate" for every other format, and what the document is about."""
    parts = []
    for url, fmt in alternate_links(iri):
        rel = "self" if url == current_url else "alternate"
        parts.append(f'<{url}>; rel="{rel}"; type="{fmt.media_type}"')
    parts.append(f'<{iri}>; rel="about"')
    return ", ".join(parts)


def describe_headers(response: Response, iri: str, url: str) -> Response:
    """Vary, Content-Location and Link on every page and data document about ``iri``."""
    response.headers["Vary"] = "Accept"
    response.headers["Content-Location"] = url
    response.headers["Link"] = link_header(iri, url)
    return response


# --- content negotiation ----------------------------------------------------------------


def choose(offered: Sequence[n.Format]) -> n.Format | None:
    """The format ``Accept`` prefers (q-values honoured); ``format=`` may override it."""
    try:
        return n.negotiate_header(request.headers.get("Accept", ""), tuple(offered), request.args.get("format"))
    except n.UnknownFormat:
        return None


def wants_html() -> bool:
    """Whether the client prefers a page to plain text (browsers do; curl and programs don't)."""
    accept = request.accept_mimetypes
    return bool(accept) and accept["text/html"] > 0 and accept["text/html"] >= accept["text/plain"]


def not_acceptable(iri: str) -> Response:
    lines = [f"{fmt.media_type}: {url}" for url, fmt in alternate_links(iri)]
    body = "406 Not Acceptable: no format you accept describes this resource. It is available as:\n"
    response = Response(body + "\n".join(lines) + "\n", 406, mimetype="text/plain")
    response.headers["Vary"] = "Accept"
    return response


def not_found(what: str, iri: str | None = None) -> Response:
    """404: a page offering a search for browsers, a short text for programs."""
    query = (iri or what).rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    if wants_html():
        body = render_template("notfound.html", what=what, iri=iri, query=query)
        response = Response(body, 404, mimetype="text/html")
    else:
        text = f"404 Not Found: nothing is known about {iri or what}.\nSearch by name: /search.json?q={quote(query)}\n"
        response = Response(text, 404, mimetype="text/plain")
    response.headers["Vary"] = "Accept"
    return response


def see_other(iri: str) -> Response:
    """303 to the page or data document about ``iri`` that ``Accept`` prefers."""
    fmt = choose(PAGE_OR_DATA)
    if fmt is None:
        return not_acceptable(iri)
    target = page_url(iri) if fmt is n.HTML else data_url(iri, fmt.extension)
    response = redirect(target, code=303)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = link_header(iri)
    return response


# --- descriptions: the data documents ---------------------------------------------------


def exists(iri: str) -> bool:
    """Whether the store knows anything about ``iri`` (as subject or object)."""
    ref = iri_ref(iri)
    rows = select(f"SELECT ?x WHERE {{ {{ {ref} ?p ?x }} UNION {{ ?x ?p {ref} }} }} LIMIT 1")
    return bool(rows)


#: an entity's roles that do not make an assertion *about* it: who claims it, the document
#: it is stated in, what it contradicts; and mentions (which are not assertions)
NOT_ABOUT_ROLES = ("claimant", "statedIn", "contradicts", "denotes")
#: PROV-O's own axiom (hadPrimarySource is a wasDerivedFrom), which the inferences carry and
#: our ontology does not declare
PROV_WAS_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"


def not_about_filter(var: str = "role") -> str:
    """``FILTER(?role NOT IN (...))``: the NOT_ABOUT_ROLES and every super-property of them.

    The super-properties matter: ``kgo:claimant`` entails ``prov:wasAttributedTo``,
    so without them every claim a party makes counted as an assertion *about*
    that party, and its page fetched all of them (891 for one author of the
    seeds, growing with the graph).
    """
    from server.catalogue import catalogue

    onto = catalogue().ontology
    roles = {site().kgo + name for name in NOT_ABOUT_ROLES}
    roles |= {sup for role in list(roles) for sup in onto.closure(role, "supers")}
    roles |= {PROV_WAS_DERIVED_FROM, "http://groundedannotationframework.org/gaf#denotes"}
    return f"FILTER(?{var} NOT IN ({', '.join(iri_ref(r) for r in sorted(roles))}))"


class Triples(list):
    """Triples of a data document; ``truncated`` when a part of it reached DESCRIPTION_LIMIT."""

    truncated: bool = False


#: the header that says a data document was cut at DESCRIPTION_LIMIT (as the endpoint's
#: X-SPARQL-Truncated says of a query's answer)
TRUNCATED_HEADER = "X-Description-Truncated"


def describe_entity(iri: str) -> Triples:
    """The data document of a thing: a bounded, CBD-like description.

    Its outgoing and incoming triples in every graph (inferences included),
    plus the assertions about it (where it is subject, object or a role of an
    n-ary report, not merely their claimant or document: :func:`not_about_filter`)
    with all their triples, and those assertions' evidence
    nodes (offsets and quoted text). At most DESCRIPTION_LIMIT outgoing
    triples, incoming triples and assertions, so a hub cannot make the
    answer unbounded; a part that reached its limit marks the document
    ``truncated`` (and the response says so). The limit counts assertions,
    not their triples: a state's hundreds of assertions are all described.
    Unlike an entity's page, the document is never abridged below that.
    """
    ref = iri_ref(iri)
    limit = DESCRIPTION_LIMIT
    out = Triples()
    outgoing = construct(f"CONSTRUCT {{ {ref} ?p ?o }} WHERE {{ {ref} ?p ?o }} LIMIT {limit + 1}")
    incoming = construct(f"CONSTRUCT {{ ?s ?p {ref} }} WHERE {{ ?s ?p {ref} }} LIMIT {limit + 1}")
    listed = select(
        f"""SELECT DISTINCT ?a WHERE {{
  ?a ?role {ref} . {not_about_filter()}
  ?a kgo:statedIn ?doc .
}} LIMIT {limit + 1}"""
    )
    out.truncated = len(outgoing) > limit or len(incoming) > limit or len(listed) > limit
    assertions = [row["a"].value for row in listed[:limit]]
    out += outgoing[:limit] + incoming[:limit]
    if assertions:
        out += construct(
            f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {values("a", assertions)}
  {{ ?a ?p ?o BIND(?a AS ?s) }} UNION {{ ?a kgo:hasEvidence ?s . ?s ?p ?o }}
}}"""
        )
    out[:] = dict.fromkeys(out)
    return out


def describe_term(iri: str) -> list[ox.Triple]:
    """A vocabulary term: what every graph says of it, and what the ontology says about it.

    Incoming triples come from the ontology graph only: a class's thousands
    of ``rdf:type`` links belong to its HTML page (instances, counted), not to
    the description of the term.
    """
    ref = iri_ref(iri)
    ontology_graph = iri_ref(site().base + "graph/ontology")
    limit = DESCRIPTION_LIMIT
    query = f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT ({ref} AS ?s) ?p ?o WHERE {{ {ref} ?p ?o }} LIMIT {limit} }}
  UNION {{ SELECT ?s ?p ({ref} AS ?o) WHERE {{ GRAPH {ontology_graph} {{ ?s ?p {ref} }} }} LIMIT {limit} }}
}}"""
    return construct(query)


def file_triples(path: Path) -> list[ox.Triple]:
    """The triples of a Turtle file of the build (the ontology, the shapes, the VoID)."""
    try:
        stat = path.stat()
    except OSError:
        return []
    if stat.st_size == 0:
        return []
    return _parse_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _parse_file(path: str, _mtime: int, _size: int) -> list[ox.Triple]:
    """Parsed once per file version (a rebuild writes a new file)."""
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)]


def bounded_description(triples: list[ox.Triple], iri: str) -> list[ox.Triple]:
    """The Concise Bounded Description of ``iri`` in a small graph (blank nodes followed)."""
    by_subject: dict[Any, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    out, todo, seen = [], [ox.NamedNode(iri)], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in by_subject.get(node, []):
            out.append(t)
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
    out += [t for t in triples if t.object == ox.NamedNode(iri)]
    return list(dict.fromkeys(out))


def description(iri: str) -> list[ox.Triple]:
    """The data document of any IRI of ours; empty if nothing is known about it."""
    rest = local_name(iri) or ""
    first = rest.split("/", 1)[0]
    dist = site().dist
    if rest in WHOLE_FILES:
        return file_triples(dist / WHOLE_FILES[rest])
    if first in ("dataset", "graph"):
        return bounded_description(file_triples(dist / "void.ttl"), iri)
    if first == "shapes":
        return bounded_description(file_triples(dist / "shapes.ttl"), iri)
    if first in ("ontology", "concept"):
        return describe_term(iri)
    return describe_entity(iri)


def serialize(triples: list[ox.Triple], fmt: n.Format) -> bytes:
    """Triples in one of the data formats, with pyoxigraph's serialisers and the used prefixes."""
    from server.results import serialize_graph, used_prefixes

    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return serialize_graph(ordered, fmt, used_prefixes(ordered, site().prefixes))


# --- routes ----------------------------------------------------------------------------


@bp.route("/id/<path:name>")
def thing(name: str) -> Response:
    """A thing's IRI: 303 to its page or data, or 404 if the dataset does not know it."""
    iri = site().base + "id/" + name
    if not is_safe_iri(iri) or not exists(iri):
        return not_found(f"/id/{name}", iri)
    return see_other(iri)


@bp.route("/ontology")
@bp.route("/ontology/<path:term>")
@bp.route("/concept/<path:term>")
@bp.route("/shapes")
@bp.route("/shapes/<path:term>")
@bp.route("/dataset")
@bp.route("/dataset/<path:term>")
@bp.route("/graph/<path:term>")
def vocabulary(term: str | None = None) -> Response:
    """Ontology terms, concepts, shapes, the dataset and its graphs: 303 like entities."""
    rest = request.path.lstrip("/")
    iri = site().base + rest
    if not is_safe_iri(iri) or not description(iri):
        return not_found(request.path, iri)
    return see_other(iri)


@bp.route("/data/<path:filename>")
def data(filename: str) -> Response:
    """The data document of a resource in one format; the extension picks the format."""
    name, dot, extension = filename.rpartition(".")
    fmt = BY_EXTENSION.get(extension) if dot else None
    if fmt is None or not name:
        return not_found(request.path)
    iri = iri_of(name)
    if not is_safe_iri(iri):
        return not_found(request.path)
    triples = description(iri)
    if not triples:
        return not_found(request.path, iri)
    whole_file = WHOLE_FILES.get(local_name(iri) or "")
    if fmt is n.TURTLE and whole_file:
        body = (site().dist / whole_file).read_bytes()  # the build's own file, byte for byte
    else:
        body = serialize(triples, fmt)
    response = Response(body, mimetype=fmt.media_type)
    if fmt.charset:
        response.headers["Content-Type"] = fmt.content_type
    if getattr(triples, "truncated", False):
        response.headers[TRUNCATED_HEADER] = "true"
    response.set_etag(f"{site().version}-{fmt.extension}")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={current_app.config.get('KG_CACHE_MAX_AGE', 300)}"
    return describe_headers(response, iri, request.path).make_conditional(request)


@bp.app_template_global("page_url")
def _page_url_global(iri: str) -> str | None:
    return page_url(iri)


@bp.app_template_global("search_url")
def _search_url(q: str) -> str:
    return url_for("pages.search", q=q)
