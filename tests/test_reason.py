"""Reasoning: fast, equal to owlrl's closure, and free of axiomatic noise."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from kg import config
from kg.annotations import load_corpus
from kg.rdf import build_graphs, load_ontology
from kg.reason import InconsistencyError, infer, meaningful
from tests.published import select


@pytest.fixture(scope="module")
def graphs():
    ontology = load_ontology()
    return build_graphs(load_corpus(), ontology)


def test_fast_engine_equals_owlrl_triple_for_triple(graphs):
    data = [graphs.ontology, graphs.metadata, *graphs.documents.values()]
    fast = set(infer(data, ontology=graphs.ontology))
    reference = set(infer(data, ontology=graphs.ontology, engine="owlrl"))
    assert fast == reference
    assert len(fast) > 1000


def test_reasoning_over_relevant_triples_loses_nothing(graphs):
    """The input filter is sound: same closure as owlrl over every triple (document 001)."""
    data = [graphs.ontology, graphs.metadata, graphs.documents["001"]]
    filtered = set(infer(data, ontology=graphs.ontology, engine="owlrl"))
    everything = set(infer(data, engine="owlrl"))
    assert filtered == everything


def test_disjoint_classes_are_an_inconsistency(graphs):
    bad = Graph()
    thing = config.ID["confused"]
    bad.add((thing, RDF.type, config.KGO.Person))
    bad.add((thing, RDF.type, config.KGO.State))
    with pytest.raises(InconsistencyError, match="Disjoint classes"):
        infer([graphs.ontology, bad], ontology=graphs.ontology)


def test_noise_is_filtered():
    x = config.ID["x"]
    assert not meaningful((x, OWL.sameAs, x))
    assert not meaningful((x, RDF.type, OWL.Thing))
    assert not meaningful((RDF.type, RDF.type, RDF.Property))
    assert not meaningful((Literal("a"), RDF.type, RDFS.Literal))
    assert meaningful((x, RDF.type, config.KGO.Actor))


def test_published_inferred_graph_has_no_axiomatic_noise():
    rows = select(
        """SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:inferred {
             { ?s owl:sameAs ?s } UNION { ?s a owl:Thing } UNION { ?s a rdfs:Resource }
             UNION { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(owl:)) || STRSTARTS(STR(?s), STR(rdf:))) } } }"""
    )
    assert rows[0]["n"] == "0"


def test_inferred_graph_holds_meaningful_facts():
    rows = select("SELECT ?t WHERE { GRAPH graph:inferred { id:azerbaijan a ?t } }")
    assert {str(config.SEM.Actor), "http://www.w3.org/ns/prov#Agent"} <= {r["t"] for r in rows}
