"""A draft part of a text stays a proposal; the reviewed parts of the same text stay curated."""

from __future__ import annotations

import shutil

from rdflib.namespace import RDF

from kg import config
from kg.annotations import load_corpus
from kg.rdf import build_graphs


def test_review_status_belongs_to_each_file(tmp_path):
    annotations = tmp_path / "annotations"
    shutil.copytree(config.ANNOTATIONS, annotations)
    part = annotations / "000-c.yaml"
    part.write_text("status: draft\n" + part.read_text(encoding="utf-8"), encoding="utf-8")

    corpus = load_corpus(annotations)
    items = corpus.documents["000"].items
    assert {i.reviewed for i in items if "000-c.yaml" in i.source} == {False}
    assert {i.reviewed for i in items if "000-a.yaml" in i.source} == {True}

    graphs = build_graphs(corpus)
    curated, proposed = graphs.documents["000"], graphs.proposals["000"]
    assert set(proposed.subjects(RDF.type, config.KGO.Proposal))
    assert not set(curated.subjects(RDF.type, config.KGO.Proposal))
    # nothing from the draft part is asserted as a plain triple
    for node in proposed.subjects(RDF.type, config.KGO.Statement):
        s, p, o = (proposed.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) not in proposed
