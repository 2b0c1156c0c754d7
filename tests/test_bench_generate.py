"""Fast checks of the benchmark's data generator and query mix (bench/)."""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest

from bench.generate import GRAPH, KGO, generate_quads
from bench.mix import load_templates, request_sequence

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def small():
    return generate_quads(10_000, seed=7)


def test_deterministic_for_a_seed(small):
    quads, catalogue, _meta = small
    again, catalogue_again, _ = generate_quads(10_000, seed=7)
    assert ox.serialize(quads, None, ox.RdfFormat.N_QUADS) == ox.serialize(again, None, ox.RdfFormat.N_QUADS)
    assert catalogue.pools == catalogue_again.pools
    other, _, _ = generate_quads(10_000, seed=8)
    assert ox.serialize(other, None, ox.RdfFormat.N_QUADS) != ox.serialize(quads, None, ox.RdfFormat.N_QUADS)


def test_size_is_near_the_target(small):
    quads, _, _ = small
    assert 8_500 <= len(quads) <= 11_500


def test_named_graphs_like_the_build(small):
    quads, _, _ = small
    graphs = {q.graph_name.value for q in quads}
    assert {GRAPH + "ontology", GRAPH + "metadata", GRAPH + "inferred"} <= graphs
    assert any(g.startswith(GRAPH + "doc/") for g in graphs)
    triples = Counter(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    assert max(triples.values()) == 1, "a triple in two graphs would make bag and set unions differ"


def test_assertions_carry_provenance(small):
    quads, _, _ = small
    store = ox.Store()
    store.extend(quads)
    types = {q.object.value for q in quads if q.predicate == RDF_TYPE}
    for cls in (
        "AuthorialAssertion",
        "AttributedClaim",
        "Statement",
        "CasualtyFigure",
        "ArmsTransfer",
        "EquipmentHolding",
        "Tenure",
        "Evidence",
        "Mention",
        "War",
        "Battle",
        "Agreement",
        "Person",
    ):
        assert KGO + cls in types, cls
    missing = store.query(
        """PREFIX kgo: <https://w3id.org/karabakh-kg/ontology/>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        ASK { GRAPH ?g { ?a a kgo:Assertion } FILTER NOT EXISTS {
            ?a kgo:claimant ?c ; kgo:statedIn ?d ; kgo:hasEvidence ?e .
            ?e nif:beginIndex ?b ; nif:endIndex ?end ; nif:anchorOf ?q } }""",
        use_default_graph_as_union=True,
    )
    assert not bool(missing)
    contradicts = store.query(
        "ASK { ?a <https://w3id.org/karabakh-kg/ontology/contradicts> ?b }", use_default_graph_as_union=True
    )
    assert bool(contradicts)


def test_every_template_fills_and_runs(small):
    quads, catalogue, _ = small
    store = ox.Store()
    store.extend(quads)
    templates = load_templates()
    assert len(templates) >= 10
    for request in request_sequence(templates, catalogue, seed=3, count=2 * len(templates)):
        assert "${" not in request.query
        list(store.query(request.query, use_default_graph_as_union=True))


def test_request_sequence_is_seeded_and_varies_constants(small):
    _, catalogue, _ = small
    templates = load_templates()
    first = request_sequence(templates, catalogue, seed=3, count=40)
    assert [r.query for r in first] == [r.query for r in request_sequence(templates, catalogue, seed=3, count=40)]
    assert [r.query for r in first[10:20]] == [r.query for r in request_sequence(templates, catalogue, 3, 10, 10)]
    lookups = {
        r.query
        for r in request_sequence(templates, catalogue, seed=3, count=40 * len(templates))
        if r.template.short == "01"
    }
    assert len(lookups) > 10, "constants must vary so that no cache answers"
    assert Counter(r.template.short for r in first[: len(templates)]) == Counter(t.short for t in templates)
    random.Random(0)  # keep the import used for readers who extend this test
