"""SPARQL constraints answered by pyoxigraph give the reports rdflib gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import validate
from kg.dataset import canonical_turtle
from kg.shacl_sparql import OxigraphCopy, Unsupported, answerable_for_all

CORPUS = Path(__file__).parent / "shapes_corpus"
EX = "PREFIX ex: <http://example.org/>\n"


@pytest.mark.parametrize(
    "body",
    [
        "SELECT $this ?v WHERE { $this ex:p ?v }",
        "SELECT $this WHERE { { $this ex:p ?v FILTER (?v != $this) } ?v ex:q ?w }",
        "SELECT $this ?v WHERE { $this ex:p ?v FILTER NOT EXISTS { $this ex:q ?v } }",
        "SELECT DISTINCT $this ?path WHERE { $this a ?t { BIND (ex:a AS ?path) } UNION { BIND (ex:b AS ?path) } "
        "FILTER NOT EXISTS { $this ?path ?x } }",
        "SELECT $this ?v WHERE { $this ex:p ?v OPTIONAL { ?v ex:label ?l } }",
    ],
)
def test_queries_that_bind_this_by_a_triple_run_once(body):
    assert answerable_for_all(EX + body)


@pytest.mark.parametrize(
    "body",
    [
        # pre-bound in inner groups only (W3C sparql/pre-binding/pre-binding-003)
        "SELECT $this WHERE { { { FILTER ($this = ex:x) } FILTER bound($this) } }",
        # $this not projected: rows could not be told apart
        "SELECT ?v WHERE { $this ex:p ?v }",
        # used in an OPTIONAL's pattern, a UNION branch, a sub-query, or under LIMIT
        "SELECT $this ?v WHERE { $this ex:p ?v OPTIONAL { ?v ex:q $this } }",
        "SELECT $this WHERE { { $this ex:p ?v } UNION { $this ex:q ?v } }",
        "SELECT $this WHERE { $this ex:p ?v { SELECT $this WHERE { $this ex:q ?w } } }",
        "SELECT $this WHERE { $this ex:p ?v } LIMIT 1",
        # a filter over a group that does not bind $this
        "SELECT $this WHERE { $this ex:p ?v { ?v ex:q ?w FILTER (?w != $this) } }",
        "ASK { $this ex:p ?v }",
    ],
)
def test_queries_that_need_this_substituted_stay_with_rdflib(body):
    assert not answerable_for_all(EX + body)


def test_the_copy_refuses_literals_pyoxigraph_would_rewrite():
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    for literal in (
        Literal("5", datatype=XSD.nonNegativeInteger),
        Literal("01", datatype=XSD.integer, normalize=False),
    ):
        with pytest.raises(Unsupported):
            OxigraphCopy([(s, p, literal)], {})
    OxigraphCopy([(s, p, Literal("5", datatype=XSD.integer)), (BNode("b1"), p, Literal("x", lang="en"))], {})


def test_reports_are_the_same_with_and_without_the_copy(monkeypatch):
    data = Graph()  # the valid examples and the broken ones of every SPARQL constraint
    for path in sorted(CORPUS.glob("valid*.ttl")) + sorted(CORPUS.glob("*.sparql*.ttl")):
        data.parse(path)
    answered = []
    original = OxigraphCopy.query

    def counting(self, text, bindings):  # noqa: ANN001, ANN202
        result = original(self, text, bindings)
        answered.append(text)
        return result

    monkeypatch.setattr(OxigraphCopy, "query", counting)
    with_copy = validate.validate(data)
    assert len(set(answered)) >= 6  # every SPARQL constraint of ours went through the copy
    monkeypatch.setattr(validate._PreparedQueryDataGraph, "copy_to_oxigraph", lambda self: None)  # noqa: SLF001
    without = validate.validate(data)
    assert with_copy.violations == without.violations > 0
    assert canonical_turtle(validate.report_graph(with_copy)) == canonical_turtle(validate.report_graph(without))
