"""The W3C SPARQL 1.1 Protocol and Service Description tests, over HTTP against
the endpoint under gunicorn (../shared/w3c; see docs/sparql-conformance.md).

Each protocol test runs twice: against the default, read-only server (the 7
tests whose updates must succeed do not apply there), and against a server
with updates enabled, to which every request carries the bearer token.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import requests

from tests.sparql_support import SPARQL11, kg_server
from tests.sparql_w3c import FORMATS, ProtocolTest, graphs_match, http_tests, protocol_tests, status_ok

pytestmark = pytest.mark.skipif(not SPARQL11.exists(), reason="../shared/w3c is not there")

TESTS = protocol_tests() if SPARQL11.exists() else []
TOKEN = "w3c-protocol-tests"


def _data_args() -> list[str]:
    files = sorted({(path, graph) for test in TESTS for path, graph in test.graph_data})
    return ["--data", *(f"{path}={graph}" for path, graph in files)]


@pytest.fixture(scope="module")
def read_only() -> str:
    with kg_server([*_data_args(), "--workers", "1"]) as base:
        yield base


@pytest.fixture(scope="module")
def writable() -> str:
    env = {"KG_ENABLE_UPDATE": "true", "KG_UPDATE_TOKEN": TOKEN}
    with kg_server([*_data_args(), "--workers", "1"], env=env) as base:
        yield base


def run(base: str, test: ProtocolTest, token: str | None) -> None:
    for number, request in enumerate(test.requests, 1):
        assert request.path.startswith("/sparql/")
        url = base + "/sparql" + request.path[len("/sparql/") :]
        headers = dict(request.headers)
        headers.setdefault("accept", "*/*")
        if token:
            headers["authorization"] = f"Bearer {token}"
        response = requests.request(request.method, url, data=request.body, headers=headers, timeout=30)
        where = f"request {number}: {request.method} {request.path} -> {response.status_code} {response.text[:300]}"
        assert status_ok(response.status_code, request.expected_status), where
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if request.expected_format:
            assert media_type in FORMATS[request.expected_format], where
        if request.expected_boolean is not None:
            if media_type == "application/sparql-results+json":
                value = json.loads(response.text)["boolean"]
            else:
                value = bool(ox.parse_query_results(response.content, ox.QueryResultsFormat.XML))
            assert value is request.expected_boolean, where


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_protocol_read_only(read_only: str, test: ProtocolTest) -> None:
    if test.updates and all(status_ok(200, r.expected_status) for r in test.requests[:1]):
        pytest.skip("needs SPARQL Update, disabled by default")
    run(read_only, test, token=None)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_protocol_with_updates(writable: str, test: ProtocolTest) -> None:
    run(writable, test, token=TOKEN)


def test_protocol_suite_is_complete() -> None:
    assert len(TESTS) == 34


# --- service description ---------------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: the vocabulary of the SPARQL 1.1 Service Description Recommendation (section 3)
SD_CLASSES = {
    "Service",
    "Feature",
    "Language",
    "Function",
    "Aggregate",
    "EntailmentRegime",
    "EntailmentProfile",
    "GraphCollection",
    "Dataset",
    "Graph",
    "NamedGraph",
}
SD_PROPERTIES = {
    # property: (domain class, range class or "IRI")
    "endpoint": ("Service", "IRI"),
    "feature": ("Service", "Feature"),
    "defaultEntailmentRegime": ("Service", "EntailmentRegime"),
    "defaultSupportedEntailmentProfile": ("Service", "EntailmentProfile"),
    "supportedEntailmentProfile": ("NamedGraph", "EntailmentProfile"),
    "entailmentRegime": ("NamedGraph", "EntailmentRegime"),
    "extensionFunction": ("Service", "Function"),
    "extensionAggregate": ("Service", "Aggregate"),
    "languageExtension": ("Service", "Feature"),
    "supportedLanguage": ("Service", "Language"),
    "propertyFeature": ("Service", "Feature"),
    "defaultDataset": ("Service", "Dataset"),
    "availableGraphs": ("Service", "GraphCollection"),
    "resultFormat": ("Service", "IRI"),
    "inputFormat": ("Service", "IRI"),
    "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"),
    "name": ("NamedGraph", "IRI"),
    "graph": ("NamedGraph", "Graph"),
}
SD_INSTANCES = {
    "SPARQL10Query": "Language",
    "SPARQL11Query": "Language",
    "SPARQL11Update": "Language",
    "DereferencesURIs": "Feature",
    "UnionDefaultGraph": "Feature",
    "RequiresDataset": "Feature",
    "EmptyGraphs": "Feature",
    "BasicFederatedQuery": "Feature",
}
SUBCLASSES = {"Dataset": {"GraphCollection"}, "NamedGraph": set(), "Graph": set()}


def description(base: str, accept: str = "text/turtle") -> tuple[requests.Response, list[ox.Triple]]:
    response = requests.get(base + "/sparql", headers={"Accept": accept}, timeout=10)
    fmt = ox.RdfFormat.from_media_type(response.headers["Content-Type"])
    return response, [q.triple for q in ox.parse(response.content, format=fmt)]


@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "application/ld+json", "*/*"])
def test_sd_returns_rdf(read_only: str, accept: str) -> None:
    response, triples = description(read_only, accept)
    assert response.status_code == 200 and triples


def test_sd_has_endpoint_triple(read_only: str) -> None:
    _, triples = description(read_only)
    endpoints = {t.object.value for t in triples if t.predicate.value == SD + "endpoint"}
    assert endpoints == {read_only + "/sparql"}


def test_sd_conforms_to_schema(read_only: str) -> None:
    _, triples = description(read_only)
    types: dict[object, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.object.value.startswith(SD):
            types.setdefault(t.subject, set()).add(t.object.value[len(SD) :])
    for name, cls in SD_INSTANCES.items():
        types.setdefault(ox.NamedNode(SD + name), set()).add(cls)
    assert all(cls in SD_CLASSES for classes in types.values() for cls in classes)
    services = [s for s, classes in types.items() if "Service" in classes]
    assert len(services) == 1
    for t in triples:
        if not t.predicate.value.startswith(SD):
            continue
        prop = t.predicate.value[len(SD) :]
        assert prop in SD_PROPERTIES, f"sd:{prop} is not in the vocabulary"
        domain, range_ = SD_PROPERTIES[prop]
        subject_types = types.get(t.subject, set())
        assert (
            domain in subject_types
            or subject_types & SUBCLASSES.get(domain, set())
            or (domain == "GraphCollection" and "Dataset" in subject_types)
        ), f"sd:{prop} on a {subject_types}"
        if range_ == "IRI":
            assert isinstance(t.object, ox.NamedNode), f"sd:{prop} needs an IRI"
        elif range_ in ("EntailmentRegime", "EntailmentProfile"):
            assert isinstance(t.object, ox.NamedNode)
        else:
            assert range_ in types.get(t.object, set()), f"sd:{prop} points to {t.object}, not an sd:{range_}"


# --- graph store protocol ----------------------------------------------------------------------------

GSP_TESTS = http_tests("graph-store-protocol", "manifest-indirect.ttl") if SPARQL11.exists() else []
#: features this endpoint claims (mf:requires); direct identification is not one (see the docs)
GSP_FEATURES = {"IndirectGraphIdentification", "POSTGraphCreation"}


@pytest.fixture(scope="module")
def graph_store() -> str:
    """An empty store with writes enabled; the default graph is the store's own."""
    env = {"KG_ENABLE_UPDATE": "true", "KG_UPDATE_TOKEN": TOKEN, "KG_UNION_DEFAULT_GRAPH": "false"}
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty.nt"
        empty.write_text("", encoding="utf-8")
        with kg_server(["--data", str(empty), "--workers", "1"], env=env) as base:
            yield base


def run_graph_store(base: str, test: ProtocolTest) -> None:
    """Run one test's requests in order, on an empty store."""
    cleared = requests.post(
        base + "/update", data={"update": "DROP ALL"}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    assert cleared.status_code == 204
    variables: dict[str, str] = {}
    for number, request in enumerate(test.requests, 1):
        path, body = request.path, request.body
        for name, value in variables.items():
            path = path.replace(name, quote(value, safe=""))
            body = body.replace(name.encode(), value.encode()) if body else body
        assert path.startswith("/gsp")
        headers = {**request.headers, "authorization": f"Bearer {TOKEN}"}
        response = requests.request(request.method, base + "/data" + path[4:], data=body, headers=headers, timeout=30)
        where = f"request {number}: {request.method} {path} -> {response.status_code} {response.text[:300]}"
        assert status_ok(response.status_code, request.expected_status), where
        for name, value in request.expected_headers.items():
            if name == "content-type":
                assert response.headers.get(name, "").split(";")[0] == value.split(";")[0], where
        if request.expected_body is not None:
            fmt = ox.RdfFormat.from_media_type(response.headers["Content-Type"])
            actual = [q.triple for q in ox.parse(response.content, format=fmt)]
            expected = [q.triple for q in ox.parse(request.expected_body.encode(), format=ox.RdfFormat.TURTLE)]
            assert graphs_match(actual, expected), where
        if request.expected_location:
            assert response.headers.get("Location"), where
            variables[request.expected_location] = response.headers["Location"]


@pytest.mark.parametrize("test", GSP_TESTS, ids=lambda t: t.name)
def test_graph_store_protocol(graph_store: str, test: ProtocolTest) -> None:
    missing = test.requires - GSP_FEATURES
    if missing:
        pytest.skip(f"needs {', '.join(sorted(missing))}")
    run_graph_store(graph_store, test)
