"""The dataset while it is being built: every named graph's quads in one pyoxigraph store.

Why not rdflib: rdflib keeps a triple in 1-2.5 KB of Python objects, and the
build of the 100× synthetic corpus (about 9 million quads) did not fit in
23 GB. The code that makes RDF stays rdflib code, one document's graph at a
time; each graph is moved here as soon as it is made (pyoxigraph keeps a quad
in about 370 bytes, outside Python's heap) and the rdflib graph is let go.
Reasoning, validation and the dumps then read from here.

The store keeps a typed literal in its canonical form (``"01"^^xsd:integer``
as ``"1"``), as the SPARQL store the dataset is served from does: what is
validated, what is published and what the endpoint answers are the same
terms. The annotations' literals are written in canonical forms already.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.terms import Converter, to_rdflib

Triple = tuple[Node, Node, Node]


class Assembly:
    """Named graphs as quads in an in-memory pyoxigraph store, and their names (empty graphs too)."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.names: list[URIRef] = []

    def add(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples (rdflib terms) to a named graph."""
        convert = Converter()
        graph = convert(name)
        self.store.bulk_extend(ox.Quad(convert(s), convert(p), convert(o), graph) for s, p, o in triples)
        self.declare(name)

    def declare(self, name: URIRef) -> None:
        """Name a graph of the dataset, even if it stays empty."""
        if name not in self.names:
            self.names.append(name)

    def quads(self, name: URIRef | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all."""
        graph = ox.NamedNode(str(name)) if name is not None else None
        return self.store.quads_for_pattern(None, None, None, graph)

    def triples(self, name: URIRef) -> Iterator[Triple]:
        """The triples of one named graph, as rdflib terms."""
        for quad in self.quads(name):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib graph (a copy)."""
        graph = Graph()
        for triple in self.triples(name):
            graph.add(triple)
        return graph

    def __len__(self) -> int:
        return len(self.store)


def of_graphs(named_graphs: dict[URIRef, Graph]) -> Assembly:
    """An assembly of rdflib graphs already made (small datasets, tests)."""
    assembly = Assembly()
    for name, graph in named_graphs.items():
        assembly.add(name, graph)
    return assembly
