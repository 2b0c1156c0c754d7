"""Reading the W3C SPARQL 1.1 test manifests (../shared/w3c) and comparing results.

The manifests are parsed with the upstream test base
(``http://www.w3.org/2009/sparql/docs/tests/data-sparql11/<dir>/manifest``) so
that data files get their upstream IRIs, which is what expected results that
mention graph names contain; each such IRI maps back to a local file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from tests.sparql_support import SPARQL11

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UPSTREAM = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def local_path(iri: str) -> Path:
    """The local copy of an upstream test file."""
    assert iri.startswith(UPSTREAM), iri
    return SPARQL11 / iri[len(UPSTREAM) :]


def manifest(directory: str) -> Graph:
    return Graph().parse(
        SPARQL11 / directory / "manifest.ttl", format="turtle", publicID=f"{UPSTREAM}{directory}/manifest.ttl"
    )


def entries(graph: Graph) -> Iterator[URIRef]:
    for man in graph.subjects(RDF.type, MF.Manifest):
        for head in graph.objects(man, MF.entries):
            yield from Collection(graph, head)  # type: ignore[misc]


# --- query evaluation tests ------------------------------------------------------------------


@dataclass
class EvalTest:
    iri: str
    name: str
    approval: str
    query: str  # upstream IRI of the .rq
    data: list[str] = field(default_factory=list)  # default graph files (IRIs)
    graph_data: list[str] = field(default_factory=list)  # named graph files (IRIs)
    result: str = ""

    @property
    def id(self) -> str:
        return self.iri[len(UPSTREAM) :].replace("/manifest#", "/")


#: evaluation suites not run: entailment (needs a reasoner), service (remote endpoints)
EXCLUDED_DIRECTORIES = {"entailment", "service"}


def evaluation_tests() -> list[EvalTest]:
    """Every mf:QueryEvaluationTest of the SPARQL 1.1 query suites, minus the
    entailment and service ones (approved, proposed and the later, unclassified
    additions; none is withdrawn)."""
    tests = []
    for manifest_path in sorted(SPARQL11.glob("*/manifest.ttl")):
        directory = manifest_path.parent.name
        if directory in EXCLUDED_DIRECTORIES:
            continue
        graph = manifest(directory)
        for entry in entries(graph):
            if graph.value(entry, RDF.type) != MF.QueryEvaluationTest:
                continue
            approval = graph.value(entry, DAWGT.approval)
            if approval is not None and approval not in (DAWGT.Approved, DAWGT.Proposed):
                continue
            action = graph.value(entry, MF.action)
            tests.append(
                EvalTest(
                    iri=str(entry),
                    name=str(graph.value(entry, MF.name)),
                    approval=approval.split("#")[-1] if approval else "Unclassified",
                    query=str(graph.value(action, QT.query)),
                    data=sorted(str(d) for d in graph.objects(action, QT.data)),
                    graph_data=sorted(str(d) for d in graph.objects(action, QT.graphData)),
                    result=str(graph.value(entry, MF.result)),
                )
            )
    return tests


# --- comparing results -------------------------------------------------------------------------

Row = dict[str, object]

_RESULT_FORMATS = {
    "srx": ox.QueryResultsFormat.XML,
    "srj": ox.QueryResultsFormat.JSON,
    "tsv": ox.QueryResultsFormat.TSV,
}


def expected_result(test: EvalTest) -> tuple[str, object]:
    """('bindings', (variables, rows)) or ('boolean', bool) or ('graph', triples)."""
    path = local_path(test.result)
    extension = path.suffix.lstrip(".")
    if extension in _RESULT_FORMATS:
        parsed = ox.parse_query_results(path=str(path), format=_RESULT_FORMATS[extension])
        if isinstance(parsed, ox.QueryBoolean):
            return "boolean", bool(parsed)
        names = [v.value for v in parsed.variables]
        return "bindings", (names, [{n: s[n] for n in names if s[n] is not None} for s in parsed])
    fmt = ox.RdfFormat.from_extension(extension)
    triples = [q.triple for q in ox.parse(path=str(path), format=fmt, base_iri=test.result)]
    if any(t.object == RS_RESULT_SET for t in triples):
        return _rdf_result_set(triples)
    return "graph", triples


RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RS_RESULT_SET = ox.NamedNode(RS + "ResultSet")


def _rdf_result_set(triples: list[ox.Triple]) -> tuple[str, object]:
    """A result set written in RDF (the DAWG result-set vocabulary)."""

    def values(subject: object, predicate: str) -> list:
        return [t.object for t in triples if t.subject == subject and t.predicate.value == RS + predicate]

    result_set = next(t.subject for t in triples if t.object == RS_RESULT_SET)
    boolean = values(result_set, "boolean")
    if boolean:
        return "boolean", boolean[0].value == "true"
    names = [v.value for v in values(result_set, "resultVariable")]
    rows = []
    for solution in values(result_set, "solution"):
        row = {}
        for binding in values(solution, "binding"):
            row[values(binding, "variable")[0].value] = values(binding, "value")[0]
        rows.append(row)
    return "bindings", (names, rows)


def _is_blank(term: object) -> bool:
    return isinstance(term, ox.BlankNode)


_NUMERIC = {
    XSD + t: kind
    for kind, types in {
        "decimal": "integer decimal nonPositiveInteger negativeInteger long int short byte "
        "nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger",
        "float": "float double",
    }.items()
    for t in types.split()
}


def _numeric_value(term: ox.Literal) -> object:
    kind = _NUMERIC.get(term.datatype.value)
    try:
        return Decimal(term.value).normalize() if kind == "decimal" else float(term.value)
    except (InvalidOperation, ValueError):
        return None


def _term_equal(a: object, b: object, mapping: dict, by_value: bool = False) -> bool:
    """RDF term equality, blank nodes up to ``mapping``; with ``by_value``,
    numeric literals of one datatype are equal when their values are."""
    if (
        by_value
        and isinstance(a, ox.Literal)
        and isinstance(b, ox.Literal)
        and a.datatype == b.datatype
        and a.datatype.value in _NUMERIC
    ):
        value = _numeric_value(a)
        return value is not None and value == _numeric_value(b)
    if _is_blank(a) or _is_blank(b):
        if not (_is_blank(a) and _is_blank(b)):
            return False
        if a in mapping:
            return mapping[a] == b
        if b in mapping.values():
            return False
        mapping[a] = b
        return True
    if isinstance(a, ox.Triple) and isinstance(b, ox.Triple):
        return all(_term_equal(x, y, mapping, by_value) for x, y in zip(a, b, strict=True))
    return a == b


def _row_key(row: Row, by_value: bool) -> tuple:
    """A sort key that ignores blank node labels (and numeric lexical forms)."""

    def key(v: object) -> str:
        if _is_blank(v):
            return "_:"
        if by_value and isinstance(v, ox.Literal) and v.datatype.value in _NUMERIC:
            return f"{v.datatype.value}={_numeric_value(v)}"
        return str(v)

    return tuple(sorted((k, key(v)) for k, v in row.items()))


def rows_match(actual: list[Row], expected: list[Row], ordered: bool, by_value: bool = False) -> bool:
    """Multiset (or list) equality of solutions, blank nodes up to renaming."""
    if len(actual) != len(expected):
        return False
    if ordered:
        mapping: dict = {}
        return all(
            a.keys() == e.keys() and all(_term_equal(e[k], a[k], mapping, by_value) for k in e)
            for a, e in zip(actual, expected, strict=True)
        )
    if sorted(_row_key(r, by_value) for r in actual) != sorted(_row_key(r, by_value) for r in expected):
        return False
    if not any(_is_blank(v) for row in expected for v in row.values()):
        return True
    return _match_with_blanks(list(expected), list(actual), {}, by_value)


def _match_with_blanks(expected: list[Row], actual: list[Row], mapping: dict, by_value: bool) -> bool:
    """Backtracking search for a blank node renaming that pairs every row."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for index, candidate in enumerate(actual):
        if candidate.keys() != first.keys():
            continue
        trial = dict(mapping)
        if all(_term_equal(first[k], candidate[k], trial, by_value) for k in first):
            if _match_with_blanks(rest, actual[:index] + actual[index + 1 :], trial, by_value):
                return True
    return False


def graphs_match(actual: list[ox.Triple], expected: list[ox.Triple]) -> bool:
    """Graph isomorphism (sets of triples), via rdflib."""
    from rdflib.compare import isomorphic

    def to_rdflib(triples: list[ox.Triple]) -> Graph:
        data = ox.serialize(set(triples), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data.decode("utf-8"), format="nt")

    return isomorphic(to_rdflib(actual), to_rdflib(expected))


# --- protocol tests ------------------------------------------------------------------------------


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: list[str]  # hts terms: "StatusCode2xx", "OK", ...
    expected_format: str | None
    expected_boolean: bool | None
    expected_headers: dict[str, str] = field(default_factory=dict)
    expected_body: str | None = None  # Turtle the response must be isomorphic to
    expected_location: str | None = None  # template variable bound to the Location header


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[HttpRequest]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI)
    requires: set[str] = field(default_factory=set)

    @property
    def updates(self) -> bool:
        return any(
            "update" in r.headers.get("content-type", "")
            or (r.body or b"").startswith(b"update=")
            or "using-" in r.path
            for r in self.requests
        )


def _headers(graph: Graph, node: object) -> dict[str, str]:
    found = {}
    head = graph.value(node, HT.headers)
    if head is not None:
        for header in Collection(graph, head):
            found[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    return found


def http_tests(directory: str, filename: str = "manifest.ttl") -> list[ProtocolTest]:
    """Tests written as HTTP exchanges (protocol and graph store protocol)."""
    graph = Graph().parse(
        SPARQL11 / directory / filename, format="turtle", publicID=f"{UPSTREAM}{directory}/{filename}"
    )
    tests = []
    for entry in entries(graph):
        if graph.value(entry, RDF.type) not in (MF.ProtocolTest, MF.GraphStoreProtocolTest):
            continue
        connection = graph.value(entry, MF.action)
        requests_ = []
        for request in Collection(graph, graph.value(connection, HT.requests)):
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            expected_body = graph.value(response, HT.body)
            requests_.append(
                HttpRequest(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)),
                    headers=_headers(graph, request),
                    body=body,
                    expected_status=[str(s).split("#")[-1] for s in graph.objects(response, MF.expectedStatus)],
                    expected_format=(str(f) if (f := graph.value(response, MF.expectedFormat)) else None),
                    expected_boolean=None if boolean is None else bool(boolean.toPython()),
                    expected_headers=_headers(graph, response),
                    expected_body=None if expected_body is None else str(graph.value(expected_body, CNT.chars)),
                    expected_location=(str(v) if (v := graph.value(response, MF.expectedLocation)) else None),
                )
            )
        data = []
        for node in graph.objects(entry, UT.graphData):
            data.append((local_path(str(graph.value(node, UT.graph))), str(graph.value(node, RDFS.label))))
        requires = {str(r).split("#")[-1] for r in graph.objects(entry, MF.requires)}
        tests.append(
            ProtocolTest(str(entry).split("#")[-1], str(graph.value(entry, MF.name)), requests_, data, requires)
        )
    return tests


def protocol_tests() -> list[ProtocolTest]:
    return http_tests("protocol")


STATUS_CODES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
FORMATS = {
    "boolean": {"application/sparql-results+xml", "application/sparql-results+json"},
    "tabular": {
        "application/sparql-results+xml",
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"},
}


def status_ok(code: int, expected: list[str]) -> bool:
    for term in expected:
        if term.startswith("StatusCode") and term.endswith("xx") and str(code)[0] == term[len("StatusCode")]:
            return True
        if STATUS_CODES.get(term) == code:
            return True
    return False
