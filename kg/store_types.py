"""What a store backend returns and raises, independent of the engine behind it.

Results cross a process boundary (local engines run in worker processes so a
slow query can be killed), so they are plain, picklable data:

* SELECT: the variables and the bindings *as SPARQL 1.1 JSON results terms*
  (``{"type": "uri", "value": ...}``). That shape is engine-neutral, exact
  (lexical forms, language tags, datatypes survive untouched) and is what a
  remote endpoint sends anyway; pyoxigraph parses it back to serialize XML,
  CSV or TSV.
* CONSTRUCT/DESCRIBE: pyoxigraph ``Triple`` objects (they pickle).
* ASK: a boolean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

JsonTerm = dict[str, Any]


@dataclass
class SelectResult:
    variables: list[str]
    bindings: list[dict[str, JsonTerm]]
    truncated: bool = False
    form: str = field(default="select", init=False)

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document."""
        return {"head": {"vars": self.variables}, "results": {"bindings": self.bindings}}


@dataclass
class AskResult:
    boolean: bool
    truncated: bool = field(default=False, init=False)
    form: str = field(default="ask", init=False)

    def to_json(self) -> dict[str, Any]:
        return {"head": {}, "boolean": self.boolean}


@dataclass
class GraphResult:
    triples: list[ox.Triple]
    truncated: bool = False
    form: str = field(default="graph", init=False)


@dataclass
class TermRows:
    """A SELECT's rows as pyoxigraph terms (``None`` where unbound), in variable order.

    Only for queries the application runs in its own process (``native``): the
    page queries read terms directly instead of going through SPARQL JSON
    dicts, a conversion that cost as much as evaluating the query on large
    entities. Never sent to a client as is.
    """

    variables: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False
    form: str = field(default="select", init=False)


QueryResult = SelectResult | AskResult | GraphResult | TermRows


# --- term conversion ---------------------------------------------------------


def oxigraph_term_to_json(term: Any) -> JsonTerm:
    """A pyoxigraph term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: JsonTerm = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction).rsplit(".", 1)[-1].lower()
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": oxigraph_term_to_json(term.subject),
                "predicate": oxigraph_term_to_json(term.predicate),
                "object": oxigraph_term_to_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_term_to_json(term: Any) -> JsonTerm:
    """An rdflib term as a SPARQL 1.1 JSON results term (lexical form kept)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out: JsonTerm = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


# --- errors -------------------------------------------------------------------


class StoreError(Exception):
    """Base class; ``status`` is the HTTP status the endpoint should answer with."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # keep the message when crossing the process boundary
        return (type(self), (self.message,))


class QuerySyntaxError(StoreError):
    """The query or update does not parse; the message carries line and column."""

    status = 400


class QueryRefused(StoreError):
    """The request is well-formed but not allowed here (SERVICE, LOAD, ...)."""

    status = 400


class QueryTimeout(StoreError):
    """The query ran past its time limit and its worker was stopped."""

    status = 503


class StoreBusy(StoreError):
    """Every query worker stayed busy for the whole time limit."""

    status = 503


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached (missing build, remote down...)."""

    status = 503


class EvaluationError(StoreError):
    """The engine failed while evaluating a well-formed request."""

    status = 500


class UpdateNotAllowed(StoreError):
    """The backend is read-only."""

    status = 403
