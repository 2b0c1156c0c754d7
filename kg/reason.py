"""OWL 2 RL reasoning with owlrl, keeping only what is new and worth reading.

owlrl's closure adds thousands of axiomatic triples (every node owl:sameAs
itself, every class a subclass of owl:Thing, facts about RDF's own
vocabulary). A researcher querying the inferred graph wants the new facts
about *our* data: types from domains, ranges and subclasses, inverse and
symmetric links, super-properties. This module computes the closure and
filters it down to those.
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import config


class InconsistencyError(ValueError):
    """The data contradicts the ontology (e.g. a thing typed with two disjoint classes)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("OWL 2 RL reasoning found inconsistencies:\n  " + "\n  ".join(errors))


#: Namespaces whose terms are vocabulary, not data: triples *about* them are noise.
VOCABULARY_NAMESPACES = tuple(
    str(ns)
    for ns in (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV)
    + (config.SEM, config.NIF, config.OA, config.SCHEMA, config.FOAF, config.GAF, config.TIME)
)

#: Types every node gets by OWL semantics; they say nothing.
TRIVIAL_TYPES = {
    OWL.Thing,
    RDFS.Resource,
    OWL.NamedIndividual,
    RDFS.Class,
    OWL.Class,
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
    RDFS.Literal,
}


def _is_vocabulary(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(VOCABULARY_NAMESPACES)


def meaningful(triple: tuple) -> bool:
    """Whether an inferred triple tells a reader something about the data or our terms."""
    s, p, o = triple
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
        return False
    if p == OWL.sameAs and s == o:
        return False
    if p in (RDFS.domain, RDFS.range) or o == OWL.Thing:
        return False  # schema-level consequences (scm-dom, scm-rng): noise to a reader of data
    if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
        return s != o and o not in TRIVIAL_TYPES and not _is_vocabulary(s)
    if p == RDF.type and (o in TRIVIAL_TYPES or _is_vocabulary(s)):
        return False
    if _is_vocabulary(s):
        return False
    return not (p == OWL.differentFrom and s == o)


def infer(graphs: Iterable[Graph]) -> Graph:
    """The OWL 2 RL closure of the union of ``graphs``, minus what was there and minus noise."""
    union = Graph()
    for graph in graphs:
        union += graph
    asserted = set(union)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(union)
    inferred = Graph()
    config.bind_prefixes(inferred)
    errors = sorted(str(m) for m in union.objects(None, ERRNS.error))
    if errors:
        raise InconsistencyError(errors)
    for triple in union:
        if triple not in asserted and meaningful(triple):
            inferred.add(triple)
    return inferred
