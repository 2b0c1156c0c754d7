"""RDF terms between rdflib and pyoxigraph, without a round trip through a serialisation.

rdflib builds the graphs; pyoxigraph canonicalises, serialises, stores and
answers SPARQL. Converting term by term keeps blank node labels (so answers
map back to the very nodes rdflib holds) and lexical forms as written.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def to_oxigraph(term: Node) -> Any:
    """rdflib term → pyoxigraph term, blank node labels kept; ValueError if pyoxigraph
    refuses it (e.g. a relative IRI or a malformed language tag)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Node:
    """pyoxigraph term → rdflib term, lexical forms as written (no normalisation)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)  # rdflib's plain literal
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise ValueError(f"no rdflib term for {term!r}")


class Converter:
    """to_oxigraph with a memo: a graph names the same terms over and over."""

    def __init__(self) -> None:
        self.memo: dict[Node, Any] = {}

    def __call__(self, term: Node) -> Any:
        found = self.memo.get(term)
        if found is None:
            found = self.memo[term] = to_oxigraph(term)
        return found
