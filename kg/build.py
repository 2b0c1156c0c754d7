"""The build: seeds → annotations → RDF → reasoning → validation → dist/.

Each stage is a function of the previous stage's output, and nothing is
written until every check has passed, so a broken annotation or a shape
violation leaves the published dataset exactly as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import config
from kg.annotations import load_corpus
from kg.assembly import Assembly
from kg.dataset import Timings, canonical_turtle, publish
from kg.heap import manual_full_collections, settled
from kg.rdf import described_entities, iter_graphs, load_ontology, unused_entities
from kg.reason import PartwiseReasoner, infer, schema_closure

if TYPE_CHECKING:
    from kg.validate_parts import PartsValidation


class ValidationFailed(RuntimeError):
    """The dataset does not conform to the SHACL shapes; the message is the readable report."""


@dataclass
class BuildResult:
    manifest: dict
    timings: Timings
    warnings: list[str]


def report_of(validation: PartsValidation) -> tuple[bytes, str]:
    """Finish a validation: the report as Turtle and the summary; raises ValidationFailed."""
    from kg import validate

    report = validation.result()
    turtle = canonical_turtle(validate.report_graph(report))
    if not report.conforms:
        raise ValidationFailed(validate.summarise(report))
    return turtle, validate.summarise(report)


def load_store(nquads: Path, store_dir: Path) -> None:
    from kg.store import load_store as load

    load(nquads, store_dir)


def assemble(
    named: Iterator[tuple[URIRef, Graph]], ontology: Graph, schema: Callable[[], Graph], timings: Timings
) -> tuple[Assembly, set]:
    """Every named graph in one pyoxigraph store, inferences included; and the entities described.

    One document's graph at a time: made in rdflib, reasoned over
    (:class:`kg.reason.PartwiseReasoner`), moved to the store and let go, so
    that memory holds one document's rdflib graph at a time, whatever the
    corpus size. ``schema``: the ontology's own closure, when it is needed.
    """
    assembly = Assembly()
    assembly.add(config.GRAPH_ONTOLOGY, ontology)
    assembly.declare(config.GRAPH_INFERRED)
    reasoner = PartwiseReasoner(ontology, sink=lambda triples: assembly.add(config.GRAPH_INFERRED, triples))
    described: set = set()
    with manual_full_collections():
        while True:
            with timings.stage("anchor quotes and generate RDF"):
                name, graph = next(named, (None, None))
            if name is None:
                break
            with timings.stage("reasoning"):
                reasoner.add(graph)
            with timings.stage("anchor quotes and generate RDF"):
                assembly.add(name, graph)
                described |= described_entities(graph)
            del graph
            settled()  # the graph is garbage now (rdflib graphs hold cycles); what is left stays
    with timings.stage("reasoning"):
        reasoner.finish(schema())
        if reasoner.together:
            reason_together(assembly, ontology, schema())
        else:
            drop_asserted(assembly, reasoner.known)
    return assembly, described


def reason_together(assembly: Assembly, ontology: Graph, schema: Graph) -> None:
    """The inferred graph from all graphs at once (owl:sameAs in the data, or an ontology whose
    axioms join any triples: see PartwiseReasoner)."""
    assembly.store.clear_graph(ox.NamedNode(str(config.GRAPH_INFERRED)))
    data = [assembly.graph(name) for name in assembly.names if name != config.GRAPH_INFERRED]
    assembly.add(config.GRAPH_INFERRED, infer(data, ontology=ontology, schema=schema))


def drop_asserted(assembly: Assembly, known: set) -> None:
    """Remove from the inferred graph what the union of the graphs asserts: any triple of the
    ontology, and triples of the data whose predicate reasoning read (``relevant``)."""
    inferred, ontology = f"<{config.GRAPH_INFERRED}>", f"<{config.GRAPH_ONTOLOGY}>"
    predicates = " ".join(f"<{p}>" for p in sorted(known) if isinstance(p, URIRef))
    assembly.store.update(
        f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {inferred} {{ ?s ?p ?o }} "
        f"GRAPH {ontology} {{ ?s ?p ?o }} }}"
    )
    assembly.store.update(
        f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?p {{ {predicates} }} "
        f"GRAPH {inferred} {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {inferred}) }}"
    )


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
        if check_shapes and config.SHAPES_FILE.exists():
            with timings.stage("read shapes"):
                from kg import validate

                validate.preload()  # inherited by the validation processes forked below
        settled()  # the corpus, the ontology and the shapes stay to the end
        assembly, described = assemble(iter_graphs(corpus, ontology), ontology, schema.result, timings)
        settled()
    warnings += [
        f"entity {e!r} is declared but never mentioned or referenced" for e in unused_entities(corpus, described)
    ]
    extra: dict[str, bytes] = {
        "ontology.ttl": canonical_turtle(ontology),
        "shapes.ttl": config.SHAPES_FILE.read_bytes() if config.SHAPES_FILE.exists() else b"",
    }
    if not config.SHAPES_FILE.exists():
        warnings.append(f"{config.SHAPES_FILE} does not exist: the dataset was not validated")
        check_shapes = False
    store = load_store if with_store else None
    if not check_shapes:
        with timings.stage("write dist and load store"):
            return BuildResult(publish(dist, assembly, extra, store), timings, warnings)
    # Validation (pySHACL, one document's focus nodes at a time, in processes forked now:
    # kg/validate_parts.py) and writing the dumps and the store
    # do not depend on each other: run them side by side, this process joining the
    # validation when it has written, and switch dist/ only when the data conforms.
    from kg.validate_parts import PartsValidation

    started = time.perf_counter()
    validation = PartsValidation(assembly, processes=os.cpu_count() or 1)
    try:
        with timings.stage("write dist and load store"):
            manifest = publish(dist, assembly, extra, store, awaited=lambda: report_files(validation, timings, started))
    finally:
        validation.cancel()
    return BuildResult(manifest, timings, warnings)


def report_files(validation: PartsValidation, timings: Timings, started: float) -> dict[str, bytes]:
    """Finish the validation; raises ValidationFailed (nothing is published then)."""
    turtle, _summary = report_of(validation)
    timings.stages["validation (beside writing)"] = time.perf_counter() - started
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
