"""Validation of the built dataset in parts: the focus nodes of one document at a time.

Why: pySHACL needs the data in one rdflib graph, and rdflib keeps a triple in
1-2.5 KB; the union of every graph of the 100× corpus (~9M triples) does not
fit in memory. So the focus nodes are shared out in parts, and each part is
validated on a small rdflib graph holding everything the shapes read about
its focus nodes, taken from the build's pyoxigraph store.

The parts: a node whose triples are asserted in one document's graphs only
(its assertions, evidence and mentions) belongs to that document; every other
node (entities, documents, concepts, ontology terms) to one shared part.

Why each part gives the results the whole gives (tests/test_validate_parts.py
checks it on the seeds and on a synthetic corpus): our shapes read, of a focus
node, its own triples (``sh:path`` of length one, alternatives of those), the
triples of an inverse path (only ``^kgo:holder``), and the types of the
values (``sh:class``, with the ontology's sub-classes). A part's graph holds
every triple of its focus nodes from every graph (inferences included), the
triples of the inverse paths' predicates that point at them, the types of
every node these name, the ontology and its closure. The six SPARQL-based
constraints read further (two documents' statements, a document's text):
they are answered from the whole store by pyoxigraph, for all focus nodes at
once (:mod:`kg.shacl_sparql`), never by rdflib on a part. Each part's
validation keeps only its own focus nodes (the types of other nodes it holds
would otherwise make them targets).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.shape import Shape
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg import config, validate, validate_split
from kg.assembly import Assembly
from kg.shacl_sparql import OxigraphCopy
from kg.terms import to_oxigraph, to_rdflib

SHARED = ""  # the key of the shared part
#: Subjects per part of the shared nodes (see parts_of).
SHARED_CHUNK = 5000

Triple = tuple[Node, Node, Node]


@dataclass
class _Job:
    """What forked workers read (inherited, never pickled)."""

    assembly: Assembly
    parts: dict[str, list[Any]]  # each part's subjects
    homes: dict[Any, str]  # each subject's part
    copy: OxigraphCopy  # answers the SPARQL constraints for all focus nodes at once
    keys: list[str]  # the parts, largest first
    handed_out: Any  # a shared counter: how many parts processes have taken
    closure: Graph  # the ontology's inferred triples, which every part's data graph holds


_JOB: _Job | None = None


class StoreCopy(OxigraphCopy):
    """:class:`OxigraphCopy` over the build's store itself: the union of its graphs is the data."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str]):  # noqa: D107 - no copy is made
        self.store = store
        self.prefixes = dict(prefixes)
        self._tables = {}

    def _evaluate(self, text: str) -> Any:
        try:
            return self.store.query(text, prefixes=self.prefixes, use_default_graph_as_union=True)
        except (SyntaxError, RuntimeError) as exc:
            from kg.shacl_sparql import Unsupported

            raise Unsupported(f"pyoxigraph cannot answer it: {exc}") from None


def home(graph_name: str) -> str:
    """The part a graph's subjects belong to: its document's id, or the shared part."""
    for prefix in (str(config.GRAPH["doc/"]), str(config.GRAPH["proposals/"])):
        if graph_name.startswith(prefix):
            return graph_name[len(prefix) :]
    return SHARED


def parts_of(assembly: Assembly, chunk: int = SHARED_CHUNK) -> tuple[dict[str, list[Any]], dict[Any, str]]:
    """Each part's subjects (pyoxigraph terms), and each subject's part.

    The shared nodes are cut into parts of at most ``chunk`` subjects: their data is
    taken node by node as a document's is, so any cut gives the same results, and
    small parts keep each process's rdflib graph small (at 100×, 42,000 shared
    nodes with their inferences would be one graph of millions of triples).
    """
    homes: dict[Any, str] = {}
    inferred = str(config.GRAPH_INFERRED)
    for name in assembly.names:
        if str(name) == inferred:
            continue  # inferences say nothing about where a node belongs
        key = home(str(name))
        for quad in assembly.quads(name):
            found = homes.setdefault(quad.subject, key)
            if found != key:
                homes[quad.subject] = SHARED
    only_inferred = (
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?q ?x }} FILTER(?g != <{inferred}>) }} }}"
    )
    for row in assembly.store.query(only_inferred):
        homes.setdefault(row["s"], SHARED)  # a node only inferences name: shared
    parts: dict[str, list[Any]] = {shared_key(0): []}
    shared = 0
    for subject, key in homes.items():
        if key == SHARED:
            key = homes[subject] = shared_key(shared // chunk)
            shared += 1
        parts.setdefault(key, []).append(subject)
    return parts, homes


def shared_key(index: int) -> str:
    """The key of the ``index``-th part of the shared nodes (no document id starts with NUL)."""
    return f"\0shared-{index}"


def inverse_predicates(shapes: Graph) -> list[URIRef]:
    """The predicates of the shapes' inverse paths (``[ sh:inversePath p ]``)."""
    return sorted({p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef)})


def part_graph(assembly: Assembly, subjects: list[Any], inverse: list[URIRef]) -> Graph:
    """Everything the shapes read about ``subjects`` (see the module's docstring)."""
    store = assembly.store
    type_iri = ox.NamedNode(str(RDF.type))
    quads: set[ox.Quad] = set()
    named: set[Any] = set()
    for subject in subjects:
        for quad in store.quads_for_pattern(subject, None, None, None):
            quads.add(ox.Quad(quad.subject, quad.predicate, quad.object))
            named.add(quad.object)
        for predicate in inverse:
            for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), subject, None):
                quads.add(ox.Quad(quad.subject, quad.predicate, quad.object))
                named.add(quad.subject)
    for node in named:
        if isinstance(node, (ox.NamedNode, ox.BlankNode)):
            for quad in store.quads_for_pattern(node, type_iri, None, None):
                quads.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    graph = Graph()
    memo: dict[Any, Node] = {}  # the same entities, types and predicates recur: convert each once

    def term(node: Any) -> Node:
        found = memo.get(node)
        if found is None:
            found = memo[node] = to_rdflib(node)
        return found

    for quad in quads:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def ontology_closure(assembly: Assembly) -> Graph:
    """The inferred triples about the ontology's own terms (sub-classes through equivalences, ...).

    Looked up term by term, once per validation: every part needs them, and reading the
    whole inferred graph for each part (as this did) cost parts × inferred triples, a time
    that grew with the square of the corpus."""
    store = assembly.store
    ontology, inferred = ox.NamedNode(str(config.GRAPH_ONTOLOGY)), ox.NamedNode(str(config.GRAPH_INFERRED))
    terms = {q.subject for q in store.quads_for_pattern(None, None, None, ontology)}
    graph = Graph()
    for term in terms:
        for quad in store.quads_for_pattern(term, None, None, inferred):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def node_key(node: Node) -> Any:
    try:
        return to_oxigraph(node)
    except ValueError:
        return None


def only_focus_nodes_of(key: str, homes: dict[Any, str]) -> Callable[[], None]:
    """Make every shape's focus nodes those of part ``key``; returns the undo."""
    original = Shape.focus_nodes

    def focus_nodes(self: Shape, data_graph: Any, debug: bool = False) -> set:
        # A node that is no subject anywhere (a target only as an object) goes with the first part.
        return {n for n in original(self, data_graph, debug) if homes.get(node_key(n), shared_key(0)) == key}

    Shape.focus_nodes = focus_nodes

    def undo() -> None:
        Shape.focus_nodes = original

    return undo


def _validate_part(index: int, key: str) -> tuple[bool, list[Triple], int]:
    """Validate one part; its report's own blank nodes renamed apart from the other parts'."""
    job = _JOB
    assert job is not None
    shapes_graph = validate._default_shapes_graph()  # noqa: SLF001 - read before forking
    data = part_graph(job.assembly, job.parts[key], inverse_predicates(shapes_graph.graph))
    data += job.closure
    target = validate.prepare_data(data, validate._cached_ontology(), "none", inplace=True)  # noqa: SLF001
    data_graph = validate._PreparedQueryDataGraph(target.store, target)  # noqa: SLF001
    data_graph._copy = job.copy  # noqa: SLF001
    data_graph.fallback = False
    undo = only_focus_nodes_of(key, job.homes)
    try:
        options = {"inference": "none", "inplace": True, "allow_warnings": True, "allow_infos": True}
        validator = Validator(data_graph, shacl_graph=shapes_graph.graph, options=options, pre_inferenced=True)
        validator.shacl_graph = shapes_graph
        focus: set[Node] = set().union(*(shape.focus_nodes(data_graph) for shape in shapes_graph.shapes))
        conforms, report, _text = validator.run()
    finally:
        undo()
    from_shapes = {n for triple in shapes_graph.graph for n in triple if isinstance(n, BNode)}

    def portable(node: Node) -> Node:
        return BNode(f"v{index}x{node}") if isinstance(node, BNode) and node not in from_shapes else node

    triples = with_shape_paths(report, shapes_graph.graph)
    return bool(conforms), [(portable(s), p, portable(o)) for s, p, o in triples], len(focus)


def with_shape_paths(report: Graph, shapes: Graph) -> list[Triple]:
    """The report's triples, each result's blank-node path as the shapes graph writes it.

    pySHACL copies a complex path (``[ sh:alternativePath ( … ) ]``) into the report
    with new blank nodes below its first one, once per validation: one shape validated
    in several parts would leave several copies where one validation leaves one. The
    shapes graph's own nodes are the same in every part, so the copies collapse.
    """
    own = set(report.subjects(RDF.type, SH.ValidationResult)) | set(report.subjects(RDF.type, SH.ValidationReport))
    paths = {o for o in report.objects(None, SH.resultPath) if isinstance(o, BNode) and (o, None, None) in shapes}
    kept = [t for t in report if not (isinstance(t[0], BNode) and t[0] not in own and reaches(report, paths, t[0]))]
    for path in paths:
        kept += subtree(shapes, path)
    return kept


def reaches(graph: Graph, roots: set[Node], node: Node) -> bool:
    """Whether ``node`` is one of ``roots`` or below one of them (as list cells are)."""
    seen: set[Node] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if current in roots:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(s for s in graph.subjects(None, current) if isinstance(s, BNode))
    return False


def subtree(graph: Graph, root: Node) -> list[Triple]:
    """The triples of ``root`` and of the blank nodes below it."""
    found: list[Triple] = []
    todo, seen = [root], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in graph.triples((node, None, None)):
            found.append((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return found


def _run_parts(share: int) -> list[tuple[bool, list[Triple], int]]:
    """Validate parts as they come (the largest first), until none is left: a process
    that drew small parts takes more of them."""
    assert _JOB is not None
    keys = _JOB.keys
    done = []
    for index in validate_split._claimed(list(range(len(keys))), _JOB.handed_out):  # noqa: SLF001
        done.append(_validate_part(index, keys[index]))
    return done


class PartsValidation:
    """A validation in parts, started in forked processes now and finished by :meth:`result`.

    The build starts it, writes the dumps meanwhile, then helps with the parts
    left. Workers are forked from the build process itself, not from a child
    of it: each process that reads the in-memory store ends up with a private
    copy of the pages it reads (pyoxigraph counts references inside them), so
    every process fewer is a copy of the store fewer (~3 GB at 100×).
    """

    def __init__(self, assembly: Assembly, processes: int = 1):
        global _JOB
        validate.preload()
        self.shape_count = len(list(validate._default_shapes_graph().shapes))  # noqa: SLF001
        parts, homes = parts_of(assembly)
        prefixes = {p: str(ns) for p, ns in Graph().namespace_manager.namespaces()}
        copy = StoreCopy(assembly.store, prefixes)
        keys = sorted(parts, key=lambda key: (-len(parts[key]), key))
        context = multiprocessing.get_context("fork")
        _JOB = _Job(assembly, parts, homes, copy, keys, context.Value("i", 0), ontology_closure(assembly))
        self._pool = ProcessPoolExecutor(max_workers=processes - 1, mp_context=context) if processes > 1 else None
        self._others = [self._pool.submit(_run_parts, share) for share in range(1, processes)] if self._pool else []

    def result(self) -> validate.Report:
        """Validate the parts no worker has taken yet, here; then the merged report."""
        global _JOB
        try:
            results = _run_parts(0) + [r for future in self._others for r in future.result()]
        finally:
            self.close()
            _JOB = None
        conforms, graph = validate_split.merge_reports([(c, triples) for c, triples, _n in results])
        config.bind_prefixes(graph)
        return validate.Report(
            conforms=conforms,
            results=validate.results_of(graph),
            focus_node_count=sum(n for _c, _t, n in results),
            shape_count=self.shape_count,
            inference="none",
            graph=graph,
        )

    def close(self) -> None:
        """Wait for the workers and let them go."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def cancel(self) -> None:
        """Stop the workers now (the build failed elsewhere: their work is of no use)."""
        if self._pool is not None:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def validate_parts(assembly: Assembly, processes: int = 1) -> validate.Report:
    """The report validating the whole assembly gives, made part by part in ``processes`` processes."""
    return PartsValidation(assembly, processes).result()
