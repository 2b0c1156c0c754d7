"""Reasoning one document graph at a time gives the closure of all graphs at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg import config
from kg.annotations import load_corpus
from kg.build import assemble
from kg.dataset import Timings
from kg.rdf import iter_graphs, load_ontology
from kg.reason import InconsistencyError, infer, schema_closure

KGO, ID = config.KGO, config.ID


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def partwise(named: list[tuple[URIRef, Graph]], ontology: Graph) -> set:
    """The inferred graph as the build makes it (kg.build.assemble)."""
    assembly, _described = assemble(iter(named), ontology, lambda: schema_closure(ontology), Timings())
    return set(assembly.triples(config.GRAPH_INFERRED))


def at_once(named: list[tuple[URIRef, Graph]], ontology: Graph) -> set:
    """The inferred graph of the union, as the build made it before (kg.reason.infer)."""
    return set(infer([ontology, *(graph for _name, graph in named)], ontology=ontology))


def corpus_graphs(seeds: Path, ontology: Graph) -> list[tuple[URIRef, Graph]]:
    return list(iter_graphs(load_corpus(seeds / "annotations", seeds / "metadata"), ontology))


def test_the_seeds_document_by_document_as_at_once(ontology):
    named = corpus_graphs(config.SEEDS, ontology)
    found = partwise(named, ontology)
    assert found == at_once(named, ontology)
    assert len(found) > 1000


def test_a_synthetic_corpus_document_by_document_as_at_once(ontology, tmp_path, monkeypatch):
    from bench.corpus import write_corpus

    write_corpus(tmp_path, 1)
    monkeypatch.setattr(config, "SEEDS", tmp_path)
    named = corpus_graphs(tmp_path, ontology)
    assert len(named) >= 3
    assert partwise(named, ontology) == at_once(named, ontology)


def document(name: str, *triples: tuple) -> tuple[URIRef, Graph]:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return config.document_graph(name), graph


def test_a_chain_across_documents_is_closed(ontology):
    """A transitive property joins triples of two documents: neither document alone gives
    the link, the step that closes the joining triples together does."""
    a, b, c = ID["village-a"], ID["district-b"], ID["region-c"]
    named = [
        document("one", (a, KGO.locatedIn, b), (a, RDF.type, KGO.Settlement)),
        document("two", (b, KGO.locatedIn, c), (c, RDF.type, KGO.Region)),
    ]
    found = partwise(named, ontology)
    assert (a, KGO.locatedIn, c) in found
    assert found == at_once(named, ontology)


def test_a_triple_another_document_asserts_is_not_inferred(ontology):
    a, b = ID["village-a"], ID["district-b"]
    named = [
        document("one", (a, KGO.locatedIn, b)),
        document("two", (a, RDF.type, KGO.Place)),  # what document one's range and domain give
    ]
    found = partwise(named, ontology)
    assert (a, RDF.type, KGO.Place) not in found
    assert found == at_once(named, ontology)


def test_owl_same_as_is_reasoned_over_all_documents_at_once(ontology):
    """owl:sameAs copies every triple of a node to its equals, in any document: the
    documents are then reasoned over together."""
    a, b, c = ID["a"], ID["b"], ID["c"]
    named = [
        document("one", (a, OWL.sameAs, b)),
        document("two", (b, KGO.locatedIn, c)),
    ]
    found = partwise(named, ontology)
    assert (a, KGO.locatedIn, c) in found
    assert found == at_once(named, ontology)


def test_disjoint_types_from_two_documents_are_an_inconsistency(ontology):
    thing = ID["confused"]
    named = [document("one", (thing, RDF.type, KGO.Person)), document("two", (thing, RDF.type, KGO.State))]
    with pytest.raises(InconsistencyError, match="Disjoint classes"):
        partwise(named, ontology)


def test_a_functional_property_across_documents_makes_an_equality(ontology):
    """kgo:armedForceOf is functional: two documents giving a force two states make the
    states equal (owl:sameAs), whose consequences reach every document: reasoned at once."""
    force, one, two, town = ID["force"], ID["state-one"], ID["state-two"], ID["town"]
    named = [
        document("one", (force, KGO.armedForceOf, one)),
        document("two", (force, KGO.armedForceOf, two), (town, KGO.locatedIn, two)),
    ]
    found = partwise(named, ontology)
    assert (one, OWL.sameAs, two) in found
    assert found == at_once(named, ontology)
