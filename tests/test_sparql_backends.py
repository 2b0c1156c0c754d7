"""The same queries give the same answers on every backend: oxigraph (embedded),
memory (rdflib) and remote (a real Oxigraph server over HTTP).

Run over the published build when there is one (``make test`` builds it), and
over the example queries in queries/*.rq, else over the sample build.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import config
from kg.store import StoreSettings, load_store, open_backend
from kg.store_engines import UNION_GRAPH
from kg.store_types import EvaluationError, QueryResult, QueryTimeout, oxigraph_term_to_json
from tests.sparql_support import free_port, oxigraph_binary, stop, wait_for

XSD = "http://www.w3.org/2001/XMLSchema#"
#: pyoxigraph stores every xsd:integer-derived literal as xsd:integer, in canonical form
INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger "
        "unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger"
    ).split()
}
#: rdflib 7 fails on GROUP_CONCAT over an OPTIONAL variable left unbound
RDFLIB_UNBOUND_AGGREGATE = "NotBoundError"

GENERIC = {
    "ask": "ASK { ?s ?p ?o }",
    "count-union": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "types": "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "construct": "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } ",
    "labels": "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
}
EXAMPLES = {path.stem: path.read_text(encoding="utf-8") for path in sorted(config.QUERIES_DIR.glob("*.rq"))}
QUERIES = {**GENERIC, **EXAMPLES}


def _has_union_graph(store_dir: Path) -> bool:
    if not (store_dir / "CURRENT").exists():
        return False
    return ox.Store.read_only(str(store_dir)).contains_named_graph(ox.NamedNode(UNION_GRAPH))


@pytest.fixture(scope="module")
def dataset(sample_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published build if present (its store rebuilt if it predates the union graph), else the sample."""
    source = config.DIST / "dataset.nq"
    if not source.exists():
        return sample_dist
    if _has_union_graph(config.DIST / "store"):
        return config.DIST
    directory = tmp_path_factory.mktemp("published")
    (directory / "dataset.nq").symlink_to(source)
    load_store(source, directory / "store")
    return directory


@pytest.fixture(scope="module")
def remote_url(dataset: Path, tmp_path_factory: pytest.TempPathFactory):
    """Oxigraph server with the dataset and its union in the default graph.

    Oxigraph's --union-default-graph counts a triple once per graph it is in,
    so the union is materialised instead (a set, as SPARQL defines it).
    """
    binary = oxigraph_binary()
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(dataset / "dataset.nq")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            binary,
            "update",
            "--location",
            str(location),
            "--update",
            "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/query", process, headers={"Accept": "text/turtle"})
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)


@pytest.fixture(scope="module")
def backends(dataset: Path, remote_url: str):
    opened = {
        "oxigraph": open_backend(StoreSettings(backend="oxigraph", dist=dataset)),
        "memory": open_backend(StoreSettings(backend="memory", dist=dataset, processes=1)),
        "remote": open_backend(StoreSettings(backend="remote", remote_endpoint=remote_url)),
    }
    yield opened
    for backend in opened.values():
        backend.close()


def _term(term: dict) -> tuple:
    if term["type"] == "bnode":
        return ("bnode",)
    if term["type"] == "literal" and term.get("datatype") in INTEGER_TYPES:
        return ("literal", str(int(term["value"])), XSD + "integer")
    if term["type"] == "literal" and term.get("datatype") == XSD + "decimal":
        return ("literal", str(Decimal(term["value"]).normalize()), XSD + "decimal")
    return (term["type"], term["value"], term.get("datatype"), term.get("xml:lang"))


def normalise(result: QueryResult, compare_rows: bool) -> object:
    """Comparable form: a multiset of rows, blank node labels ignored."""
    if result.form == "ask":
        return result.boolean
    if result.form == "graph":
        rows = sorted(
            repr(tuple(_term(oxigraph_term_to_json(t)) for t in (tr.subject, tr.predicate, tr.object)))
            for tr in result.triples
        )
        return rows if compare_rows else len(rows)
    rows = sorted(repr(sorted((k, _term(v)) for k, v in b.items())) for b in result.bindings)
    return (sorted(result.variables), rows if compare_rows else len(rows))


@pytest.mark.parametrize("name", list(QUERIES))
def test_backends_agree(backends, name: str) -> None:
    query = QUERIES[name]
    # ORDER BY ... LIMIT with ties may keep different rows: compare counts then
    compare_rows = not re.search(r"\bLIMIT\b", query, re.IGNORECASE)
    expected = normalise(backends["oxigraph"].query(query, timeout=30), compare_rows)
    assert normalise(backends["remote"].query(query, timeout=30), compare_rows) == expected
    try:
        memory = backends["memory"].query(query, timeout=5)
    except QueryTimeout:
        pytest.skip("rdflib takes over 5 s on this query (it cannot plan multi-way joins)")
    except EvaluationError as exc:
        if RDFLIB_UNBOUND_AGGREGATE in exc.message:
            pytest.xfail("rdflib fails on an aggregate over an unbound OPTIONAL variable")
        raise
    assert normalise(memory, compare_rows) == expected
