"""The build: seeds → annotations → RDF → reasoning → validation → dist/.

Each stage is a function of the previous stage's output, and nothing is
written until every check has passed, so a broken annotation or a shape
violation leaves the published dataset exactly as it was.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from kg import config
from kg.annotations import load_corpus
from kg.dataset import Timings, canonical_turtle, publish
from kg.rdf import Graphs, build_graphs, load_ontology, unused_entities
from kg.reason import infer, schema_closure, union_of


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


def validate_dataset(graphs: dict[URIRef, Graph], processes: int = 1) -> tuple[bytes, str]:
    """Validate the union of the graphs (inferences included, so no inference at validation time).

    Returns the report as Turtle and the readable summary; raises
    ValidationFailed when there are violations.
    """
    from kg import validate

    report = validate.validate(union_of(graphs.values()), inference="none", processes=processes, inplace=True)
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
        ontology = load_ontology()
    # The ontology's own closure (owlrl, about a second) needs nothing else: it is
    # computed on the other core while the seeds are read and turned into RDF.
    with InBackground(lambda: schema_closure(ontology)) as schema:
        with timings.stage("load annotations"):
            corpus = load_corpus()
        with timings.stage("anchor quotes and generate RDF"):
            graphs = build_graphs(corpus, ontology)
        settled()
        if check_shapes and config.SHAPES_FILE.exists():
            with timings.stage("read shapes"):
                from kg import validate

                validate.preload()  # inherited by the validation processes forked below
        with timings.stage("reasoning"):
            data = [graphs.ontology, graphs.metadata, *graphs.documents.values(), *graphs.proposals.values()]
            inferred = infer(data, ontology=graphs.ontology, schema=schema.result())
        settled()
    warnings += [f"entity {e!r} is declared but never mentioned or referenced" for e in unused_entities(corpus, graphs)]
    named = named_graphs(graphs, inferred)
    extra: dict[str, bytes] = {
        "ontology.ttl": canonical_turtle(graphs.ontology),
        "shapes.ttl": config.SHAPES_FILE.read_bytes() if config.SHAPES_FILE.exists() else b"",
    }
    if not config.SHAPES_FILE.exists():
        warnings.append(f"{config.SHAPES_FILE} does not exist: the dataset was not validated")
        check_shapes = False
    store = load_store if with_store else None
    if not check_shapes:
        with timings.stage("write dist and load store"):
            return BuildResult(publish(dist, named, extra, store), timings, warnings)
    # Validation (pySHACL, in processes of its own) and writing the dumps and the store
    # do not depend on each other: run them side by side, and switch dist/ only when
    # the data conforms.
    with InBackground(lambda: validate_dataset(named, processes=os.cpu_count() or 1)) as validation:
        with timings.stage("write dist and load store"):
            manifest = publish(dist, named, extra, store, awaited=lambda: report_files(validation))
    timings.stages["validation (beside writing)"] = validation.seconds
    return BuildResult(manifest, timings, warnings)


def settled() -> None:
    """Tell the garbage collector that what exists now stays (gc.freeze).

    The graphs are millions of long-lived objects without cycles; each full
    collection would walk all of them again, a cost that grows with the
    corpus (10×: a build 12.3× slower than 1×). Frozen, they are left out of
    collections, and forked processes (validation) no longer copy the pages
    that a collection would touch.
    """
    gc.collect()
    gc.freeze()


def report_files(validation: InBackground) -> dict[str, bytes]:
    """Wait for the report; raises ValidationFailed (nothing is published then)."""
    turtle, _summary = validation.result()
    return {"shacl-report.ttl": turtle}


_TASK: Callable[[], Any] | None = None  # what a forked process runs: inherited, never pickled


def _run_task() -> tuple[Any, float]:
    assert _TASK is not None
    start = time.perf_counter()
    result = _TASK()
    return result, time.perf_counter() - start


class InBackground:
    """Run a function in a forked process while the caller goes on.

    Forked, so the function and the graphs it reads are inherited rather than
    pickled; only its result comes back. ``seconds`` is the time it took there.
    """

    def __init__(self, task: Callable[[], Any]):
        self.task = task
        self.seconds = 0.0

    def __enter__(self) -> InBackground:
        global _TASK
        _TASK = self.task
        try:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._future = self._pool.submit(_run_task)  # forks here
        finally:
            _TASK = None
        return self

    def result(self) -> Any:
        """Wait for the function; what it raised is raised here."""
        value, self.seconds = self._future.result()
        return value

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
