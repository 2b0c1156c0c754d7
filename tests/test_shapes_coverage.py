"""Every class and property of the ontology is covered by the shapes.

A new term in ontology/kg.ttl without a shape fails here, with the term's
name, so the shapes cannot silently fall behind the ontology.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg import config
from kg.validate import load_shapes

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(config.ONTOLOGY_FILE)
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def declared_classes(ontology: Graph) -> list[URIRef]:
    return sorted(c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


def declared_properties(ontology: Graph) -> list[URIRef]:
    found = {p for kind in PROPERTY_TYPES for p in ontology.subjects(RDF.type, kind)}
    return sorted(p for p in found if isinstance(p, URIRef) and str(p).startswith(str(config.KGO)))


def path_properties(shapes: Graph, path: object) -> Iterator[URIRef]:
    """The properties a SHACL path mentions, through sequences, alternatives and inverses."""
    if isinstance(path, URIRef):
        yield path
    elif isinstance(path, BNode):
        if shapes.value(path, RDF.first) is not None:
            for member in Collection(shapes, path):
                yield from path_properties(shapes, member)
            return
        for prop in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            inner = shapes.value(path, prop)
            if inner is not None:
                yield from path_properties(shapes, inner)
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            yield from path_properties(shapes, alternatives)


def covered_properties(shapes: Graph) -> set[URIRef]:
    covered: set[URIRef] = set()
    for path in shapes.objects(None, SH.path):
        covered.update(path_properties(shapes, path))
    return covered


def test_the_ontology_has_terms(ontology: Graph) -> None:
    assert len(declared_classes(ontology)) > 50
    assert len(declared_properties(ontology)) > 100


def test_every_class_has_a_node_shape_targeting_it(ontology: Graph, shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    missing = [c.n3(shapes.namespace_manager) for c in declared_classes(ontology) if c not in targeted]
    assert not missing, f"classes without a node shape (sh:targetClass): {missing}"


def test_every_property_is_the_path_of_some_shape(ontology: Graph, shapes: Graph) -> None:
    covered = covered_properties(shapes)
    missing = [p.n3(shapes.namespace_manager) for p in declared_properties(ontology) if p not in covered]
    assert not missing, f"properties no shape checks (sh:path): {missing}"


def test_every_property_has_a_value_shape(ontology: Graph, shapes: Graph) -> None:
    """Each property's values are checked wherever it is used (kgs:<name>-value)."""
    missing = []
    for prop in declared_properties(ontology):
        shape = config.KGS[f"{str(prop)[len(str(config.KGO)) :]}-value"]
        if (shape, SH.path, prop) not in shapes or (shape, SH.targetSubjectsOf, prop) not in shapes:
            missing.append(prop.n3(shapes.namespace_manager))
    assert not missing, f"properties without a value shape: {missing}"


def test_shape_terms_exist_in_the_ontology(ontology: Graph, shapes: Graph) -> None:
    """No shape refers to a kgo: term the ontology does not declare (a typo or a renamed term)."""
    declared = set(ontology.subjects(RDF.type, None))
    used = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    used |= covered_properties(shapes) | set(shapes.objects(None, SH.targetSubjectsOf))
    unknown = sorted(t for t in used if str(t).startswith(str(config.KGO)) and t not in declared)
    assert not unknown, f"shapes use terms the ontology does not declare: {unknown}"


def test_every_shape_is_labelled_and_every_constraint_has_a_message(shapes: Graph) -> None:
    from tests.test_shapes_corpus import constraints_of

    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    named |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    unlabelled = sorted(str(s) for s in named if shapes.value(s, RDFS.label) is None)
    assert not unlabelled, f"shapes without rdfs:label: {unlabelled}"
    silent = []
    for shape, _component in constraints_of(shapes):
        constraints = list(shapes.objects(shape, SH.sparql))
        if constraints:
            silent += [str(c) for c in constraints if shapes.value(c, SH.message) is None]
        elif shapes.value(shape, SH.message) is None:
            silent.append(str(shape))
    assert not silent, f"constraints without sh:message: {sorted(set(silent))}"
