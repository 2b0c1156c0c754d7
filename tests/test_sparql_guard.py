"""The SERVICE/LOAD guard: a fast path that skips rdflib's parser only when no keyword can be there."""

from __future__ import annotations

import pytest

from kg import config
from kg.sparql_guard import _QUERY_TRIGGER, _keywords_may_appear, check_query
from kg.store_types import QueryRefused


def test_our_own_prefixes_do_not_trigger_a_parse():
    """'sparql-service-description' is inside an IRI: not the SERVICE keyword."""
    assert not _keywords_may_appear(_QUERY_TRIGGER, config.sparql_prefixes() + "SELECT * { ?s rdfs:label ?o }")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://evil.example/sparql>{?s ?p ?o}}",
        "select * where { service <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { FILTER(?a<?b) SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(1 AS ?x) SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://e.example/> } }",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://evil.example/sparql> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p trueSERVICE <http://evil.example/sparql> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p 1SERVICE SILENT <http://evil.example/sparql> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p 1SERVICE?x { ?a ?b ?c } }",
    ],
)
def test_service_outside_the_allowlist_is_refused(query):
    with pytest.raises(QueryRefused):
        check_query(query, allowlist=())


def test_service_on_the_allowlist_is_allowed():
    check_query("SELECT * WHERE { SERVICE <http://ok.example/sparql> { ?s ?p ?o } }", ["http://ok.example/sparql"])
