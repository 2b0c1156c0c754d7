"""The W3C SHACL test suite (core and SHACL-SPARQL), run through kg.validate.

The suite lives beside the repository, in ../shared/w3c/data-shapes (see
../shared/w3c/README.md); without it these tests are skipped.

Each test is compared at *full compliance*, as the suite's document
prescribes: ``sh:conforms`` must match, and the results must match as a
multiset after normalisation (drop ``sh:detail``; keep focus node, path,
severity, source shape, source constraint, component and value; compare
messages only where the expected result gives them). Blank nodes are
compared by their structure. An expected ``sht:Failure`` passes only when
validation refuses to run.

Known failures are marked xfail with their reason; docs/shacl-conformance.md
lists them. Regenerate that page with ``python -m tests.test_w3c_shacl``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, Namespace

from kg import config
from kg import validate as kv

SUITE = config.ROOT.parent / "shared" / "w3c" / "data-shapes" / "data-shapes-test-suite" / "tests"
MANIFEST = SUITE / "manifest.ttl"
DOC = config.ROOT / "docs" / "shacl-conformance.md"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

#: Result properties compared; sh:resultMessage is compared only when expected.
KEPT = (
    SH.focusNode,
    SH.resultPath,
    SH.resultSeverity,
    SH.sourceConstraint,
    SH.sourceConstraintComponent,
    SH.sourceShape,
    SH.value,
)

#: Tests pySHACL (and so kg.validate) is known to fail, with the reason.
KNOWN_FAILURES: dict[str, str] = {
    "sparql/pre-binding/shapesGraph-001": (
        "uses $shapesGraph, which pySHACL does not support (it raises NotImplementedError); "
        "the same test is the one known failure of pySHACL's own run of the suite"
    ),
}


@dataclass(frozen=True)
class W3CTest:
    name: str  # e.g. core/node/and-001
    file: Path
    data: Path
    shapes: Path
    expect_failure: bool
    conforms: bool | None
    results: tuple[tuple, ...]  # normalised expected results
    status: str


def parse(path: Path, shapes: bool = False) -> Graph:
    """Parse a suite file with its own file IRI as base, literals as written."""
    graph = Graph()
    with kv.literals_as_written(shapes):
        graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    return graph


def canonical(graph: Graph, term: object, depth: int = 0) -> str:
    """A term as text; a blank node as the text of its description (recursively)."""
    if not isinstance(term, BNode):
        return term.n3() if isinstance(term, (URIRef, Literal)) else str(term)
    if depth > 8:
        return "[…]"
    if graph.value(term, RDF.first) is not None:
        return "(" + " ".join(canonical(graph, m, depth + 1) for m in Collection(graph, term)) + ")"
    properties = sorted(f"{p.n3()} {canonical(graph, o, depth + 1)}" for p, o in graph.predicate_objects(term))
    return "[" + "; ".join(properties) + "]"


def normalised(graph: Graph, result: object, with_messages: bool) -> tuple:
    fields = []
    for prop in KEPT:
        values = sorted(canonical(graph, v) for v in graph.objects(result, prop))
        fields.append((prop.n3(), tuple(values)))
    if with_messages:
        fields.append(("messages", tuple(sorted(str(m) for m in graph.objects(result, SH.resultMessage)))))
    return tuple(fields)


def manifests() -> list[Path]:
    """Every test file of the suite: the files the manifests include, and any they leave out.

    (sparql/component/nodeValidator-001, status "proposed", is in the folder
    but not in its manifest; we run it too.)
    """
    return sorted(p for p in SUITE.rglob("*.ttl") if "mf:entries" in p.read_text(encoding="utf-8"))


def entries_of(path: Path) -> list[W3CTest]:
    graph = parse(path)
    found = []
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            expect_failure = result == SHT.Failure
            conforms = None
            results: list[tuple] = []
            if not expect_failure:
                conforms = bool(graph.value(result, SH.conforms).toPython())
                expected = list(graph.objects(result, SH.result))
                results = [normalised(graph, r, (r, SH.resultMessage, None) in graph) for r in expected]
            name = str(path.relative_to(SUITE).with_suffix(""))
            found.append(
                W3CTest(
                    name=name,
                    file=path,
                    data=Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://")),
                    shapes=Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://")),
                    expect_failure=expect_failure,
                    conforms=conforms,
                    results=tuple(sorted(results)),
                    status=str(graph.value(entry, MF.status) or "").rsplit("#", 1)[-1],
                )
            )
    return found


def all_tests() -> list[W3CTest]:
    if not MANIFEST.exists():
        return []
    return sorted(
        (t for m in manifests() for t in entries_of(m)),
        key=lambda t: t.name,
    )


def run(test: W3CTest) -> str | None:
    """None when the test passes, else what went wrong."""
    data = parse(test.data)
    shapes = data if test.shapes == test.data else parse(test.shapes, shapes=True)
    try:
        report = kv.validate(data, shapes=shapes, ontology=False, allow_warnings=False)
    except kv.ValidationError as exc:
        return None if test.expect_failure else f"validation failed: {exc}"
    if test.expect_failure:
        return "expected a failure (sht:Failure), but validation ran"
    if report.conforms != test.conforms:
        return f"sh:conforms is {report.conforms}, expected {test.conforms}"
    graph = report.graph
    report_node = next(graph.subjects(RDF.type, SH.ValidationReport))
    with_messages = any(dict(r).get("messages") for r in test.results)
    got = sorted(normalised(graph, r, with_messages) for r in graph.objects(report_node, SH.result))
    want = list(test.results)
    if with_messages:  # compare messages only on the results that expect them
        got = _drop_unexpected_messages(got, want)
    if Counter(got) != Counter(want):
        return f"results differ: got {len(got)}, expected {len(want)}"
    return None


def _drop_unexpected_messages(got: list[tuple], want: list[tuple]) -> list[tuple]:
    expected_keys = {tuple(f for f in w if f[0] != "messages") for w in want if dict(w).get("messages") is None}
    out = []
    for result in got:
        key = tuple(f for f in result if f[0] != "messages")
        out.append(key if key in expected_keys else result)
    return sorted(out)


TESTS = all_tests()


def _param(test: W3CTest) -> object:
    marks = []
    if test.name in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[test.name], strict=True))
    return pytest.param(test, id=test.name, marks=marks)


@pytest.mark.skipif(not TESTS, reason=f"the W3C SHACL test suite is not at {SUITE}")
@pytest.mark.parametrize("test", [_param(t) for t in TESTS])
def test_w3c_shacl(test: W3CTest) -> None:
    problem = run(test)
    assert problem is None, problem


@pytest.mark.skipif(not TESTS, reason=f"the W3C SHACL test suite is not at {SUITE}")
def test_the_whole_suite_is_found() -> None:
    assert len(TESTS) == 121
    assert sum(t.expect_failure for t in TESTS) == 7


def write_report(path: Path = DOC) -> str:
    """Run the suite and write docs/shacl-conformance.md."""
    outcomes = {t.name: run(t) for t in TESTS}
    failed = {name: problem for name, problem in outcomes.items() if problem is not None}
    passed = len(TESTS) - len(failed)
    by_group = Counter(name.rsplit("/", 1)[0] for name in outcomes)
    passed_by_group = Counter(name.rsplit("/", 1)[0] for name, problem in outcomes.items() if problem is None)
    rows = "\n".join(f"| {g} | {passed_by_group[g]} / {n} |" for g, n in sorted(by_group.items()))
    import pyshacl
    import rdflib

    pyshacl_version, rdflib_version = pyshacl.__version__, rdflib.__version__
    failures = "\n".join(
        f"* `{name}`: {KNOWN_FAILURES.get(name, 'unexpected failure')} (observed: {problem})"
        for name, problem in sorted(failed.items())
    )
    text = f"""# SHACL conformance

`kg validate`, the build and the server's `/shacl` all validate through
`kg.validate` (pySHACL underneath). `tests/test_w3c_shacl.py` runs the W3C
SHACL test suite (core and SHACL-SPARQL, from w3c/data-shapes; see
`../shared/w3c/README.md`) through that same function.

Tests are compared at **full compliance**: `sh:conforms` must match, and the
validation results must match as a multiset after the suite's normalisation
(`sh:detail` dropped; focus node, path, severity, source shape, source
constraint, component and value kept; messages compared only where the
expected result gives them). An expected `sht:Failure` passes only when
validation refuses to run.

**Pass rate: {passed} of {len(TESTS)} tests ({100 * passed / len(TESTS):.1f} %).**

| group | passed |
|---|---|
{rows}

## Failing tests

{failures or "None."}

Known failures are marked `xfail` (strict) in the test module, so a fix
shows up as an unexpected pass.

## Notes

* Versions: pySHACL {pyshacl_version}, rdflib {rdflib_version}; the suite is
  w3c/data-shapes at commit `ff9edb9` (see `../shared/w3c/README.md`).
* 121 tests: every test file under `data-shapes-test-suite/tests/`, including
  `sparql/component/nodeValidator-001` (status *proposed*), which the
  manifests do not include.
* What `kg.validate` does so that these pass: it parses data **without
  rdflib's literal normalisation**, and reads `xsd:boolean` in shapes graphs as
  SHACL does ("1" is not `true`: `core/property/uniqueLang-002`); and it keeps
  the data graph's prefixes available to SPARQL-based constraints, as rdflib
  and pySHACL do (`sparql/node/prefixes-001`).
* SPARQL-based constraints are evaluated by pyoxigraph, once for all focus
  nodes, where that provably gives the rows SHACL's pre-binding gives ($this
  bound by a triple pattern of the top-level group and used nowhere it would
  be free) and the data copies into pyoxigraph without any literal changing
  form (`kg/shacl_sparql.py`); every other query, e.g. $this used only in
  inner groups (`sparql/pre-binding/pre-binding-003`), stays with rdflib.
  This suite runs through that code.
* Regenerate this page with `.venv/bin/python -m tests.test_w3c_shacl`.
"""
    path.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    if not TESTS:
        sys.exit(f"the W3C SHACL test suite is not at {SUITE}")
    print(write_report())
