"""The ontology: a documented header, a label and a definition on every term, OWL 2 RL reasoning over it."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import config
from kg.rdf import load_ontology
from kg.reason import owlrl_closure

ONTOLOGY = load_ontology()
TERMS = sorted(
    {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
        for s in ONTOLOGY.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(config.BASE)
    }
)


def test_header_says_what_a_reader_needs():
    header = config.ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    for prop in (OWL.versionIRI, DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator,
                 DCTERMS.created, DCTERMS.modified):  # fmt: skip
        assert ONTOLOGY.value(header, prop) is not None, prop


def test_there_are_many_terms():
    assert len(TERMS) > 150


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.split("/", 3)[-1])
def test_every_term_has_a_label_and_a_definition(term):
    assert ONTOLOGY.value(term, RDFS.label) is not None, "no rdfs:label"
    assert ONTOLOGY.value(term, SKOS.definition) is not None, "no skos:definition"


def test_owl_rl_reasoning_over_the_ontology_finds_no_inconsistency():
    owlrl_closure(ONTOLOGY + ONTOLOGY)  # raises InconsistencyError otherwise


def test_reused_vocabularies_are_linked_by_subclass_and_subproperty():
    pairs = [
        (config.KGO.Event, config.SEM.Event),
        (config.KGO.Person, config.PROV.Person),
        (config.KGO.Evidence, config.NIF.String),
        (config.KGO.SourceDocument, config.FOAF.Document),
    ]
    for cls, parent in pairs:
        assert (cls, RDFS.subClassOf, parent) in ONTOLOGY
    assert (config.KGO.claimant, RDFS.subPropertyOf, config.PROV.wasAttributedTo) in ONTOLOGY
