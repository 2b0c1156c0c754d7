"""One validation, its shapes shared out between processes.

pySHACL validates shape after shape on one core. The shapes do not depend on
one another (each reads the data graph, none writes it: SHACL rules are not
run), so they can be handed out to forked copies of the validator, each
taking the next shape when it finishes one, and their reports put together:
the same results as one run, in a fraction of the time on a machine with
cores to spare. On the
seeds, validation is the longest stage of the build (bench/README.md).

Forked processes see the data and shapes graphs already in memory; only the
reports travel back, as lists of triples. Forking is only safe in a process
without threads, which is why the build asks for it and the server does not.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pyshacl import Validator
from pyshacl.shape import Shape
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

#: What forked workers read (inherited, never pickled): the validator, the shapes
#: in the order they are handed out, and the shared count of shapes handed out.
_JOB: tuple[Validator, list[Shape], Any] | None = None


class _ShapesShare:
    """The validator's shapes graph, showing ``Validator.run`` only the shapes given."""

    def __init__(self, shapes_graph: Any, shapes: Iterable[Shape]):
        self._shapes_graph = shapes_graph
        self.shapes = shapes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._shapes_graph, name)


def weight(shape: Shape, focus_nodes: int) -> int:
    """A rough guess at a shape's cost (its focus nodes times its constraints), to hand
    the heavy shapes out first; the processes then take the next shape as they finish,
    so a poor guess costs little."""
    kinds = (SH.property, SH["not"], SH["or"], SH["and"], SH.sparql)
    constraints = sum(1 for p in shape.sg.graph.predicates(shape.node) if p in kinds)
    return focus_nodes * (1 + constraints)


def _claimed(shapes: list[Shape], handed_out: Any) -> Iterator[Shape]:
    """The next shape no process has taken yet, until there are none."""
    while True:
        with handed_out.get_lock():
            index = handed_out.value
            handed_out.value += 1
        if index >= len(shapes):
            return
        yield shapes[index]


def _run_share(label: int) -> tuple[bool, list[Triple]]:
    """Validate shapes as they come; the report's own blank nodes renamed so that the
    reports of different processes cannot collide when they are put together."""
    assert _JOB is not None
    validator, shapes, handed_out = _JOB
    shapes_graph = validator.shacl_graph
    validator.shacl_graph = _ShapesShare(shapes_graph, _claimed(shapes, handed_out))
    try:
        conforms, graph, _text = validator.run()
    finally:
        validator.shacl_graph = shapes_graph
    from_shapes = {n for triple in shapes_graph.graph for n in triple if isinstance(n, BNode)}

    def portable(node: Node) -> Node:
        # pySHACL copies blank nodes of the shapes graph (paths) with their labels: keep those.
        return BNode(f"p{label}x{node}") if isinstance(node, BNode) and node not in from_shapes else node

    return bool(conforms), [(portable(s), p, portable(o)) for s, p, o in graph]


def merge_reports(parts: Sequence[tuple[bool, list[Triple]]]) -> tuple[bool, Graph]:
    """One sh:ValidationReport holding the results of every share."""
    conforms = all(part_conforms for part_conforms, _ in parts)
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for _conforms, triples in parts:
        heads = {s for s, p, o in triples if p == RDF.type and o == SH.ValidationReport}
        for s, p, o in triples:
            if s not in heads:
                graph.add((s, p, o))
            elif p == SH.result:
                graph.add((report, p, o))
    return conforms, graph


def run(validator: Validator, shapes: Sequence[Shape], costs: Sequence[int], processes: int) -> tuple[bool, Graph]:
    """``Validator.run`` with the shapes shared out between ``processes`` (this one included)."""
    global _JOB
    context = multiprocessing.get_context("fork")
    heaviest_first = [shapes[i] for i in sorted(range(len(shapes)), key=costs.__getitem__, reverse=True)]
    _JOB = (validator, heaviest_first, context.Value("i", 0))
    try:
        with ProcessPoolExecutor(max_workers=processes - 1, mp_context=context) as pool:
            others = [pool.submit(_run_share, label) for label in range(1, processes)]
            parts = [_run_share(0)] + [future.result() for future in others]
    finally:
        _JOB = None
    return merge_reports(parts)
