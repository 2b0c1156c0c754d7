"""Query results to bytes, with pyoxigraph's serializers.

SELECT/ASK results arrive as SPARQL JSON structures (see
:mod:`kg.store_types`): JSON is written as is, XML/CSV/TSV by parsing that
JSON back with pyoxigraph and serializing it. Graphs are serialized by
pyoxigraph directly, with the project's prefixes where the format has them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from kg import config
from kg.store_types import AskResult, GraphResult, QueryResult, SelectResult, oxigraph_term_to_json
from server import negotiation as n

_RESULT_FORMATS = {
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}
PREFIXES = {prefix: str(ns) for prefix, ns in config.PREFIXES.items()}


def offered_formats(result: QueryResult) -> tuple[n.Format, ...]:
    if isinstance(result, SelectResult):
        return n.SELECT_FORMATS
    if isinstance(result, AskResult):
        return n.ASK_FORMATS
    return n.GRAPH_FORMATS


def used_prefixes(triples: Iterable[ox.Triple], prefixes: dict[str, str] = PREFIXES) -> dict[str, str]:
    """Only the prefixes whose namespace some IRI of the graph starts with."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def serialize_graph(triples: list[ox.Triple], fmt: n.Format, prefixes: dict[str, str] | None = None) -> bytes:
    rdf_format = _RDF_FORMATS[fmt.key]
    data: list = triples
    if rdf_format.supports_datasets:
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return ox.serialize(data, format=rdf_format, prefixes=used_prefixes(triples, prefixes or PREFIXES))
    return ox.serialize(data, format=rdf_format)


def serialize(result: QueryResult, fmt: n.Format) -> bytes:
    """``result`` in ``fmt`` (one of :func:`offered_formats`; not HTML)."""
    if isinstance(result, GraphResult):
        return serialize_graph(result.triples, fmt)
    document = json.dumps(result.to_json(), ensure_ascii=False).encode("utf-8")
    if fmt.key == "json":
        return document
    parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_FORMATS[fmt.key])


def table(result: QueryResult) -> tuple[list[str], list[dict]]:
    """Column names and rows (SPARQL JSON terms) for the HTML view."""
    if isinstance(result, SelectResult):
        return result.variables, result.bindings
    if isinstance(result, AskResult):
        return ["boolean"], [{"boolean": {"type": "literal", "value": str(result.boolean).lower()}}]
    rows = [
        {
            "subject": oxigraph_term_to_json(t.subject),
            "predicate": oxigraph_term_to_json(t.predicate),
            "object": oxigraph_term_to_json(t.object),
        }
        for t in result.triples
    ]
    return ["subject", "predicate", "object"], rows
