"""The SPARQL 1.1 Service Description of the endpoint (a GET without a query).

It tells a client where the endpoint is, which languages and result formats
it speaks, whether the default graph is the union of the named graphs, and
which named graphs exist. The graph ``graph/inferred`` holds the OWL 2 RL
closure the build computes; it is described with the entailment regime whose
consequences it materialises, so that querying it with simple entailment gives
those answers. The regime IRIs are the ones the SPARQL 1.1 Entailment Regimes
Recommendation defines (there is no OWL-RL regime IRI; OWL 2 RL is a profile
of the OWL 2 RDF-Based Semantics, stated with
``sd:supportedEntailmentProfile``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg import config
from server import negotiation as n

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_RDF_BASED = "http://www.w3.org/ns/entailment/OWL-RDF-Based"
OWL_RL_PROFILE = "http://www.w3.org/ns/owl-profile/RL"

#: named graph -> (entailment regime, entailment profile or None)
ENTAILMENT = {str(config.GRAPH_INFERRED): (OWL_RDF_BASED, OWL_RL_PROFILE)}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(
    endpoint: str,
    named_graphs: Iterable[str],
    *,
    union_default: bool,
    update: bool,
    federated: bool,
) -> list[ox.Triple]:
    """The description as triples (serialize with :mod:`server.results`)."""
    service = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
    ]
    if update:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    formats = {f.w3c_iri for f in (*n.SELECT_FORMATS, *n.GRAPH_FORMATS) if f.w3c_iri}
    for iri in sorted(formats):
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(iri)))
    if union_default:
        triples.append(ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    if federated:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))

    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    for index, name in enumerate(sorted(named_graphs)):
        node = ox.BlankNode(f"graph{index}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(name)),
        ]
        if name in ENTAILMENT:
            regime, profile = ENTAILMENT[name]
            triples.append(ox.Triple(node, _sd("entailmentRegime"), ox.NamedNode(regime)))
            if profile:
                triples.append(ox.Triple(node, _sd("supportedEntailmentProfile"), ox.NamedNode(profile)))
    return triples
