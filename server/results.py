"""Query answers for the endpoint: which formats a form offers, the HTML table,
and bytes through :mod:`kg.results` (where the query workers serialise too)."""

from __future__ import annotations

from kg import results as kr
from kg.results import PREFIXES, used_prefixes
from kg.store_types import AskResult, GraphResult, QueryResult, SelectResult, oxigraph_term_to_json
from server import negotiation as n

__all__ = ["PREFIXES", "offered_formats", "serialize", "serialize_graph", "table", "used_prefixes"]

_OFFERED = {"select": n.SELECT_FORMATS, "ask": n.ASK_FORMATS, "graph": n.GRAPH_FORMATS}


def offered_formats(form: str) -> tuple[n.Format, ...]:
    """The formats an answer of a query form ("select", "ask", "graph") can take."""
    return _OFFERED[form]


def serialize_graph(triples: list, fmt: n.Format, prefixes: dict[str, str] | None = None) -> bytes:
    return kr.serialize_graph(triples, fmt.key, prefixes)


def serialize(result: QueryResult, fmt: n.Format) -> bytes:
    """``result`` in ``fmt`` (one of :func:`offered_formats`; not HTML)."""
    return kr.serialize(result, fmt.key)


def table(result: QueryResult) -> tuple[list[str], list[dict]]:
    """Column names and rows (SPARQL JSON terms) for the HTML view."""
    if isinstance(result, SelectResult):
        return result.variables, result.bindings
    if isinstance(result, AskResult):
        return ["boolean"], [{"boolean": {"type": "literal", "value": str(result.boolean).lower()}}]
    assert isinstance(result, GraphResult)
    rows = [
        {
            "subject": oxigraph_term_to_json(t.subject),
            "predicate": oxigraph_term_to_json(t.predicate),
            "object": oxigraph_term_to_json(t.object),
        }
        for t in result.triples
    ]
    return ["subject", "predicate", "object"], rows
