"""Query answers to bytes, with pyoxigraph's serialisers.

In the pipeline package, not the server, because the query workers
(:mod:`kg.store_pool`) serialise an answer themselves when the endpoint has
already chosen its format: one ``bytes`` object then crosses the process
boundary instead of a Python object per term, and the serving process neither
unpickles nor encodes it (the round trip was a quarter of a small query's time).

Two ways in. An engine-neutral result (:mod:`kg.store_types`: rdflib, a remote
endpoint, or the HTML page's rows) is written as SPARQL 1.1 JSON, and XML, CSV
and TSV by parsing that JSON back with pyoxigraph. A pyoxigraph answer is
written by pyoxigraph without a Python object per term (:func:`oxigraph_answer`),
which halves the time of large answers. Graphs are serialised by pyoxigraph,
with the project's prefixes where the format has them. Formats are named by the
endpoint's ``format=`` keys (:data:`kg.config.RESULT_FORMATS` and the
extensions of :data:`kg.config.RDF_FORMATS`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg import config
from kg.store_types import AskResult, GraphResult, QueryResult

#: SELECT/ASK formats, by ``format=`` key (media types from kg.config)
RESULT_FORMATS = {
    key: ox.QueryResultsFormat.from_media_type(media_type)
    for key, (media_type, _extension) in config.RESULT_FORMATS.items()
}
#: RDF formats, by ``format=`` key (the file extension)
RDF_FORMATS = {
    extension: ox.RdfFormat.from_media_type(media_type) for media_type, extension in config.RDF_FORMATS.values()
}
PREFIXES = {prefix: str(ns) for prefix, ns in config.PREFIXES.items()}


@dataclass
class Serialized:
    """An answer already written in the format chosen for its query form."""

    form: str  # "select", "ask" or "graph", as on the structured results
    data: bytes
    truncated: bool = False


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


def serialize_graph(triples: list[ox.Triple], key: str, prefixes: dict[str, str] | None = None) -> bytes:
    """``triples`` in the RDF format ``key`` (``ttl``, ``nt``, ``jsonld``, ``rdf``, ``trig``, ``nq``)."""
    rdf_format = RDF_FORMATS[key]
    data: list = triples
    if rdf_format.supports_datasets:
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return ox.serialize(data, format=rdf_format, prefixes=used_prefixes(triples, prefixes or PREFIXES))
    return ox.serialize(data, format=rdf_format)


def serialize(result: QueryResult, key: str) -> bytes:
    """``result`` in the format ``key``: a results format for SELECT/ASK, an RDF one for graphs."""
    if isinstance(result, GraphResult):
        return serialize_graph(result.triples, key)
    document = json.dumps(result.to_json(), ensure_ascii=False).encode("utf-8")
    if key == "json":
        return document
    parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[key])


def serialized(result: QueryResult, formats: Mapping[str, str] | None) -> QueryResult | Serialized:
    """``result`` as bytes when ``formats`` names a format for its form, else as is.

    ``formats`` maps a query form ("select", "ask", "graph") to a format key:
    the caller negotiates before it knows what form the query has."""
    key = (formats or {}).get(result.form)
    if key is None:
        return result
    return Serialized(result.form, serialize(result, key), result.truncated)


class _Enough(Exception):
    """Raised by :class:`_FirstLines` to stop a serialiser that has written enough."""


class _FirstLines(io.RawIOBase):
    """A binary sink that keeps the first ``count`` lines (all if None) and then
    stops the serialiser writing into it.

    pyoxigraph writes TSV results and N-Triples one solution or triple per
    line, newlines inside literals escaped, so counting lines counts rows:
    the answer is cut at the endpoint's row limit without reading it row by
    row in Python. ``truncated`` tells that a further line was begun.
    """

    def __init__(self, count: int | None):
        super().__init__()
        self.left = count
        self.parts: list[bytes] = []
        self.truncated = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.truncated:  # pyoxigraph flushes its buffer once more as it stops
            return len(data)
        data = bytes(data)
        if self.left is not None:
            if data.count(b"\n") > self.left or (self.left == 0 and data):
                end = 0
                for _ in range(self.left):
                    end = data.index(b"\n", end) + 1
                self.parts.append(data[:end])
                self.truncated = True
                raise _Enough
            self.left -= data.count(b"\n")
        self.parts.append(data)
        return len(data)

    def value(self) -> bytes:
        return b"".join(self.parts)


def _first_lines(write: Callable[[io.RawIOBase], object], count: int | None) -> tuple[bytes, bool]:
    """What ``write`` writes, cut after ``count`` lines; and whether it was cut."""
    sink = _FirstLines(count)
    try:
        write(sink)
    except _Enough:
        pass
    return sink.value(), sink.truncated


def oxigraph_answer(result: object, key: str, max_rows: int | None) -> Serialized:
    """A pyoxigraph query answer in format ``key``, at most ``max_rows`` rows or triples.

    Solutions go through TSV, which writes every term exactly (its RDF syntax)
    and one solution per line, then are parsed back and written in the
    format asked for; triples likewise through N-Triples. All of it is
    pyoxigraph's own code."""
    if isinstance(result, ox.QueryBoolean):
        return Serialized("ask", serialize(AskResult(bool(result)), key))
    if isinstance(result, ox.QuerySolutions):
        header_and_rows = None if max_rows is None else max_rows + 1
        tsv, truncated = _first_lines(lambda out: result.serialize(out, ox.QueryResultsFormat.TSV), header_and_rows)
        if key != "tsv":
            tsv = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=RESULT_FORMATS[key])
        return Serialized("select", tsv, truncated)
    ntriples, truncated = _first_lines(lambda out: ox.serialize(result, out, ox.RdfFormat.N_TRIPLES), max_rows)
    if key != "nt":
        triples = [quad.triple for quad in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)]
        ntriples = serialize_graph(triples, key)
    return Serialized("graph", ntriples, truncated)
