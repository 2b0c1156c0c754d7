"""Each constraint of ontology/shapes.ttl fires on its broken example, alone.

tests/shapes_corpus/ holds ``valid.ttl``, which every shape accepts, and one
small broken file per constraint. A broken file is validated together with
``valid.ttl``; its header names the one result expected::

    # shape: kgs:capital-value
    # component: sh:ClassConstraintComponent
    # severity: sh:Violation
    # focus: id:artsakh
    # message: The value of capital (kgo:capital) must be a settlement (kgo:Settlement).

A shape that stops firing, fires on the wrong node, or fires besides the
expected one fails its file; a constraint without a broken file fails
:func:`test_every_constraint_has_a_broken_file`.

The files are independent, so they are validated in a pool of processes.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH, SKOS

from kg import config
from kg import validate as kv

CORPUS = Path(__file__).parent / "shapes_corpus"
VALID = CORPUS / "valid.ttl"
VALID_FILES = sorted(CORPUS.glob("valid*.ttl"))
BROKEN = sorted(p for p in CORPUS.glob("*.ttl") if not p.name.startswith("valid"))

#: Constraint parameters and the component each belongs to (SHACL 1.0 core + SPARQL).
COMPONENTS = {
    name: URIRef(f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent")
    for name in (
        "class datatype nodeKind minCount maxCount minInclusive maxInclusive minExclusive "
        "maxExclusive minLength maxLength pattern languageIn uniqueLang equals disjoint "
        "lessThan lessThanOrEquals not and or xone node qualifiedMinCount qualifiedMaxCount closed "
        "hasValue in"
    ).split()
} | {"sparql": SH.SPARQLConstraintComponent}


@dataclass(frozen=True)
class Expected:
    shape: URIRef
    component: URIRef
    severity: URIRef
    focus: URIRef
    message: str


def header(path: Path) -> dict[str, str]:
    """The ``# key: value`` lines at the top of a corpus file."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        found = re.match(r"#\s*(shape|component|severity|focus|message):\s*(.*)$", line)
        if found:
            fields[found.group(1)] = found.group(2).strip()
    return fields


def expected(path: Path) -> Expected:
    fields = header(path)
    graph = Graph().parse(path)  # its own prefixes expand its names
    config.bind_prefixes(graph)

    def term(text: str) -> URIRef:
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        return graph.namespace_manager.expand_curie(text)

    return Expected(
        shape=term(fields["shape"]),
        component=term(fields["component"]),
        severity=term(fields["severity"]),
        focus=term(fields["focus"]),
        message=fields["message"],
    )


def constraints_of(shapes: Graph) -> set[tuple[URIRef, URIRef]]:
    """Every (named shape, constraint component) pair the shapes graph declares."""
    found = set()
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for shape in named:
        if not isinstance(shape, URIRef):
            continue
        for parameter, component in COMPONENTS.items():
            if (shape, SH[parameter], None) in shapes:
                found.add((shape, component))
    return found


def data_for(path: Path | None) -> Graph:
    graph = Graph()
    with kv.literals_as_written():
        graph.parse(VALID)
        if path is not None and path != VALID:
            graph.parse(path)
    return graph


def ontology_for(data: Graph) -> Graph:
    """kg.ttl and only the concepts ``data`` uses.

    The full concept schemes are checked with valid.ttl; leaving the unused
    concepts out of each broken file's run makes the corpus a quarter faster.
    """
    ontology = kv.default_ontology()
    used = {o for o in data.objects() if isinstance(o, URIRef) and str(o).startswith(str(config.KGC))}
    for concept in set(ontology.subjects(RDF.type, SKOS.Concept)) - used:
        ontology.remove((concept, None, None))
    return ontology


def outcome(path: Path | None, full_ontology: bool = False) -> list[tuple[str, str, str, str, str]]:
    """Validate valid.ttl (+ a corpus file) and return each result as strings."""
    data = data_for(path)
    report = kv.validate(data, ontology=True if full_ontology else ontology_for(data))
    return [(str(r.focus_node), str(r.shape), str(r.component), str(r.severity), r.message) for r in report.results]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[tuple[str, str, str, str, str]]]:
    """All corpus files validated at once, in as many processes as there are CPUs."""
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers == 1:
        return {p.name: outcome(p) for p in BROKEN}
    with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
        return dict(zip((p.name for p in BROKEN), pool.map(outcome, BROKEN, chunksize=8), strict=True))


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_valid_files_give_no_result(path: Path) -> None:
    results = outcome(path, full_ontology=True)
    assert results == [], "\n".join(map(str, results))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_file_gives_exactly_its_result(path: Path, outcomes: dict) -> None:
    want = expected(path)
    got = outcomes[path.name]
    assert got == [(str(want.focus), str(want.shape), str(want.component), str(want.severity), want.message)], (
        "\n".join(map(str, got))
    )


def test_every_constraint_has_a_broken_file() -> None:
    shapes = kv.load_shapes()
    covered = {(e.shape, e.component) for e in map(expected, BROKEN)}
    missing = sorted(
        f"{s.n3(shapes.namespace_manager)} {c.n3(shapes.namespace_manager)}"
        for s, c in constraints_of(shapes) - covered
    )
    assert not missing, "constraints with no broken example in tests/shapes_corpus/:\n" + "\n".join(missing)


def test_every_broken_file_names_a_constraint_of_the_shapes() -> None:
    constraints = constraints_of(kv.load_shapes())
    stale = [p.name for p in BROKEN if (lambda e: (e.shape, e.component))(expected(p)) not in constraints]
    assert not stale, f"corpus files naming no constraint of the shapes: {stale}"


def test_corpus_files_are_named_after_their_constraint() -> None:
    for path in BROKEN:
        want = expected(path)
        shape = str(want.shape)[len(str(config.KGS)) :]
        component = str(want.component)[len(str(SH)) : -len("ConstraintComponent")]
        short = component.lower() if component.isupper() else component[0].lower() + component[1:]
        assert path.name.startswith(f"{shape}.{short}"), path.name
