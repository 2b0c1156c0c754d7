"""The build: seeds → annotations → RDF → reasoning → validation → dist/.

Each stage is a function of the previous stage's output, and nothing is
written until every check has passed, so a broken annotation or a shape
violation leaves the published dataset exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg import config
from kg.annotations import load_corpus
from kg.dataset import Timings, canonical_turtle, publish
from kg.rdf import Graphs, build_graphs, load_ontology, unused_entities
from kg.reason import infer


class ValidationFailed(RuntimeError):
    """The dataset does not conform to the SHACL shapes; the message is the readable report."""


@dataclass
class BuildResult:
    manifest: dict
    timings: Timings
    warnings: list[str]


def named_graphs(graphs: Graphs, inferred: Graph) -> dict[URIRef, Graph]:
    result = {config.GRAPH_ONTOLOGY: graphs.ontology, config.GRAPH_METADATA: graphs.metadata}
    for doc_id, graph in graphs.documents.items():
        result[config.document_graph(doc_id)] = graph
    for doc_id, graph in graphs.proposals.items():
        result[config.proposal_graph(doc_id)] = graph
    result[config.GRAPH_INFERRED] = inferred
    return result


def union(graphs: dict[URIRef, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    return merged


def validate_dataset(data: Graph) -> tuple[bytes, str]:
    """Validate the union (inferences included, so no inference at validation time).

    Returns the report as Turtle and the readable summary; raises
    ValidationFailed when there are violations.
    """
    from kg import validate

    report = validate.validate(data, inference="none")
    turtle = canonical_turtle(validate.report_graph(report))
    if not report.conforms:
        raise ValidationFailed(validate.summarise(report))
    return turtle, validate.summarise(report)


def load_store(nquads: Path, store_dir: Path) -> None:
    from kg.store import load_store as load

    load(nquads, store_dir)


def build(dist: Path = config.DIST, *, check_shapes: bool = True, with_store: bool = True) -> BuildResult:
    timings = Timings()
    warnings: list[str] = []
    with timings.stage("load annotations"):
        corpus = load_corpus()
        ontology = load_ontology()
    with timings.stage("anchor quotes and generate RDF"):
        graphs = build_graphs(corpus, ontology)
    warnings += [f"entity {e!r} is declared but never mentioned or referenced" for e in unused_entities(corpus, graphs)]
    with timings.stage("reasoning"):
        data = [graphs.ontology, graphs.metadata, *graphs.documents.values(), *graphs.proposals.values()]
        inferred = infer(data, ontology=graphs.ontology)
    named = named_graphs(graphs, inferred)
    extra: dict[str, bytes] = {
        "ontology.ttl": canonical_turtle(graphs.ontology),
        "shapes.ttl": config.SHAPES_FILE.read_bytes() if config.SHAPES_FILE.exists() else b"",
    }
    if check_shapes and config.SHAPES_FILE.exists():
        with timings.stage("validation"):
            extra["shacl-report.ttl"], _summary = validate_dataset(union(named))
    elif check_shapes:
        warnings.append(f"{config.SHAPES_FILE} does not exist: the dataset was not validated")
    with timings.stage("write dist and load store"):
        manifest = publish(dist, named, extra, load_store if with_store else None)
    return BuildResult(manifest, timings, warnings)
