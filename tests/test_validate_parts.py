"""Validation one document's focus nodes at a time reports what validating everything at once does."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg import config, validate
from kg.annotations import load_corpus
from kg.assembly import Assembly
from kg.build import assemble
from kg.dataset import Timings, canonical_turtle
from kg.rdf import iter_graphs, load_ontology
from kg.reason import schema_closure
from kg.validate_parts import parts_of, validate_parts

SHAPES_CORPUS = Path(__file__).parent / "shapes_corpus"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def built(named: list[tuple[URIRef, Graph]], ontology: Graph) -> Assembly:
    assembly, _described = assemble(iter(named), ontology, lambda: schema_closure(ontology), Timings())
    return assembly


def at_once(assembly: Assembly) -> validate.Report:
    """The validation of the union of every graph, as the build made it before."""
    union = Graph()
    for name in assembly.names:
        for triple in assembly.triples(name):
            union.add(triple)
    return validate.validate(union, inference="none")


def same_report(assembly: Assembly, processes: int = 1) -> validate.Report:
    parts = validate_parts(assembly, processes=processes)
    whole = at_once(assembly)
    assert (parts.conforms, parts.focus_node_count, parts.shape_count) == (
        whole.conforms,
        whole.focus_node_count,
        whole.shape_count,
    )
    assert canonical_turtle(validate.report_graph(parts)) == canonical_turtle(validate.report_graph(whole))
    return parts


def test_the_seeds_in_parts_as_at_once(ontology):
    assembly = built(list(iter_graphs(load_corpus(), ontology)), ontology)
    report = same_report(assembly, processes=2)
    assert report.warnings + report.infos > 10  # results from entities (shared) and assertions (a document's)


def test_a_synthetic_corpus_in_parts_as_at_once(ontology, tmp_path, monkeypatch):
    """The synthetic corpus states each agreement's parties and each position's state once,
    in one of its documents, apart from the entity's other facts: the shapes that require
    them are satisfied across documents."""
    from bench.corpus import write_corpus

    write_corpus(tmp_path, 1)
    monkeypatch.setattr(config, "SEEDS", tmp_path)
    corpus = load_corpus(tmp_path / "annotations", tmp_path / "metadata")
    assembly = built(list(iter_graphs(corpus, ontology)), ontology)
    parts, _homes = parts_of(assembly)
    assert len(parts) == 3  # two documents and the shared part
    assert same_report(assembly).conforms


def test_broken_data_spread_over_documents_in_parts_as_at_once(ontology):
    """The shapes corpus's broken examples, each file a document graph of its own: many
    violations, of nodes local to a document and of nodes several documents describe."""
    named = []
    for index, path in enumerate(sorted(SHAPES_CORPUS.glob("*.ttl"))):
        graph = Graph()
        graph.parse(path)
        named.append((config.document_graph(f"{index:03d}"), graph))
    assembly = Assembly()
    for name, graph in [(config.GRAPH_ONTOLOGY, ontology), *named]:
        assembly.add(name, graph)
    report = same_report(assembly, processes=2)
    assert report.violations > 100
