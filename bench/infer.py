"""A fast stand-in for the build's OWL 2 RL step, for synthetic data.

The real build runs owlrl (minutes on large data); a benchmark at a million
triples cannot wait for that, but its data must still look like the build's:
an ``inferred`` named graph with inverse and symmetric links, super-property
triples, types from subclasses, domains and ranges, and transitive closures,
holding only triples that are new. This module reads those axioms from
``ontology/kg.ttl`` and applies them in one pass (plus closure for the few
transitive properties), filtering the same noise ``kg/reason.py`` filters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ox.NamedNode(RDF + "type")
#: Types that say nothing (kg/reason.py drops them too).
TRIVIAL = {OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual", RDFS + "Class", OWL + "Class"}


def _closure(direct: dict[str, set[str]]) -> dict[str, set[str]]:
    """Reflexive-free transitive closure of a small parent map."""
    result: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        result[start] = seen
    return result


@dataclass
class Axioms:
    """What the ontology says that produces new triples about data."""

    super_classes: dict[str, set[str]] = field(default_factory=dict)
    super_properties: dict[str, set[str]] = field(default_factory=dict)
    inverse: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    symmetric: set[str] = field(default_factory=set)
    transitive: set[str] = field(default_factory=set)
    domain: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    range: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def read(cls, paths: Iterable[Path]) -> Axioms:
        sub_class: dict[str, set[str]] = defaultdict(set)
        sub_prop: dict[str, set[str]] = defaultdict(set)
        axioms = cls()
        classes: set[str] = set()
        for path in paths:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
                    continue
                s, p, o = t.subject.value, t.predicate.value, t.object.value
                if p == RDFS + "subClassOf":
                    sub_class[s].add(o)
                elif p == RDFS + "subPropertyOf":
                    sub_prop[s].add(o)
                elif p == OWL + "inverseOf":
                    axioms.inverse[s].add(o)
                    axioms.inverse[o].add(s)
                elif p == RDF + "type" and o == OWL + "SymmetricProperty":
                    axioms.symmetric.add(s)
                elif p == RDF + "type" and o == OWL + "TransitiveProperty":
                    axioms.transitive.add(s)
                elif p == RDF + "type" and o == OWL + "Class":
                    classes.add(s)
                elif p == RDFS + "domain":
                    axioms.domain[s].add(o)
                elif p == RDFS + "range":
                    axioms.range[s].add(o)
        axioms.super_classes = _closure(sub_class)
        axioms.super_properties = _closure(sub_prop)
        # Ranges that are datatypes (xsd:...) type nothing.
        for prop in list(axioms.range):
            axioms.range[prop] = {c for c in axioms.range[prop] if c in classes or c in sub_class}
        return axioms

    def types_of(self, cls: str) -> set[str]:
        return {cls} | self.super_classes.get(cls, set())


def infer(triples: Iterable[ox.Triple], axioms: Axioms) -> list[ox.Triple]:
    """The new triples the axioms entail from ``triples`` (asserted ones excluded)."""
    asserted = set(triples)
    new: set[ox.Triple] = set()
    edges: dict[str, dict[ox.NamedNode, set[ox.NamedNode]]] = defaultdict(lambda: defaultdict(set))
    node_cache: dict[str, ox.NamedNode] = {}

    def named(iri: str) -> ox.NamedNode:
        node = node_cache.get(iri)
        if node is None:
            node = node_cache[iri] = ox.NamedNode(iri)
        return node

    def add_types(node: ox.NamedNode, classes: Iterable[str]) -> None:
        for cls in classes:
            for sup in axioms.types_of(cls):
                if sup not in TRIVIAL:
                    new.add(ox.Triple(node, RDF_TYPE, named(sup)))

    for t in asserted:
        s, p, o = t.subject, t.predicate.value, t.object
        if p == RDF + "type" and isinstance(o, ox.NamedNode):
            add_types(s, axioms.super_classes.get(o.value, ()))
            continue
        for sup in axioms.super_properties.get(p, ()):
            new.add(ox.Triple(s, named(sup), o))
        add_types(s, axioms.domain.get(p, ()))
        if isinstance(o, ox.NamedNode):
            add_types(o, axioms.range.get(p, ()))
            for inv in axioms.inverse.get(p, ()):
                new.add(ox.Triple(o, named(inv), s))
            if p in axioms.symmetric:
                new.add(ox.Triple(o, t.predicate, s))
            if p in axioms.transitive:
                edges[p][s].add(o)
    for prop, graph in edges.items():
        predicate = named(prop)
        for start in graph:
            seen: set[ox.NamedNode] = set()
            todo = list(graph[start])
            while todo:
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                todo.extend(graph.get(node, ()))
            for node in seen:
                if node != start:
                    new.add(ox.Triple(start, predicate, node))
                    for inv in axioms.inverse.get(prop, ()):
                        new.add(ox.Triple(node, named(inv), start))
    return sorted(new - asserted, key=str)
