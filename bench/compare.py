"""Normalised results, so that answers from different engines can be compared.

Engines differ in how they write the same answer: Virtuoso says
``typed-literal`` and writes ``1.0E1`` where Oxigraph writes ``10.0``; blank
node labels are arbitrary; row order is free without ORDER BY. A normalised
answer is a multiset of rows (or a set of triples) in which numbers are
compared by value, blank nodes are all alike, language tags are lower-cased
and ``xsd:string`` equals a plain literal. Anything else that differs is a
real difference and is reported.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}

Term = tuple
Answer = Counter  # of rows (tuples of (var, term)) or of triples


def number(value: str) -> Term:
    try:
        d = Decimal(value)
    except InvalidOperation:
        return ("s", value)
    return ("n", str(d.normalize()) if d == d.to_integral_value() else format(d.normalize(), "f"))


def literal(value: str, datatype: str | None, language: str | None) -> Term:
    if language:
        return ("l", value, language.lower())
    if datatype in NUMERIC:
        return number(value)
    if datatype in (None, XSD + "string"):
        return ("s", value)
    return ("t", value, datatype)


def json_term(term: dict[str, Any]) -> Term:
    kind = term.get("type")
    if kind == "uri":
        return ("u", term["value"])
    if kind == "bnode":
        return ("b",)
    return literal(term["value"], term.get("datatype"), term.get("xml:lang"))


def ox_term(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b",)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return ("?", str(term))


def select_answer(document: dict[str, Any]) -> Answer:
    if "boolean" in document:
        return Counter([("boolean", bool(document["boolean"]))])
    rows = document.get("results", {}).get("bindings", [])
    return Counter(tuple(sorted((var, json_term(value)) for var, value in row.items())) for row in rows)


def graph_format(content_type: str) -> ox.RdfFormat:
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/plain", "text/ntriples", ""):
        return ox.RdfFormat.N_TRIPLES
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {content_type!r}")
    return fmt


def graph_answer(content_type: str, body: bytes) -> Answer:
    fmt = graph_format(content_type)
    return Counter(
        {(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object)): 1 for q in ox.parse(body, format=fmt)}
    )


def http_answer(content_type: str, body: bytes) -> Answer:
    """Normalise an HTTP answer of any SPARQL result or RDF type."""
    media = content_type.split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        return select_answer(json.loads(body))
    return graph_answer(content_type, body)


def store_answer(result: Any) -> Answer:
    """Normalise a pyoxigraph query result (solutions, triples or a boolean)."""
    if isinstance(result, bool):
        return Counter([("boolean", result)])
    if isinstance(result, ox.QueryTriples):
        return Counter({(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)): 1 for t in result})
    variables = [v.value for v in result.variables]
    return Counter(
        tuple(sorted((var, ox_term(solution[var])) for var in variables if solution[var] is not None))
        for solution in result
    )


def difference(expected: Answer, actual: Answer, limit: int = 3) -> dict[str, Any]:
    """A short, readable account of how two answers differ."""
    missing, extra = expected - actual, actual - expected
    return {
        "expected_rows": sum(expected.values()),
        "actual_rows": sum(actual.values()),
        "missing": [repr(r)[:300] for r in list(missing)[:limit]],
        "extra": [repr(r)[:300] for r in list(extra)[:limit]],
    }
