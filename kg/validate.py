"""SHACL validation: one module for `kg validate`, the build and the server's /shacl.

Everything that validates goes through :func:`validate`, so the command line,
the published report and the web form cannot disagree about what conforms.

Design notes (the why):

* **Shapes are parsed once** (cached by file and modification time) and every
  call validates against its *own copy*: pySHACL keeps state on the shapes
  graph it wraps and is not safe to share one between threads.
* **Our ontology is mixed into the data** by default (``kg.ttl`` and
  ``concepts.ttl``). SHACL resolves ``sh:targetClass`` and ``sh:class`` through
  ``rdfs:subClassOf`` triples *in the data graph*; without the ontology a
  ``kgo:Battle`` would escape the shapes for ``kgo:Event``.
* **Named graphs are merged** into one graph first: our constraints cross
  graphs (evidence in a document graph, the document's text in the metadata
  graph).
* **SPARQL constraints run on pyoxigraph**, for all focus nodes at once where
  that gives the same rows (:mod:`kg.shacl_sparql`); where it cannot answer
  exactly, rdflib does, each query text parsed once per call, not once per
  focus node as pySHACL does by default (see :class:`_PreparedQueryDataGraph`).
* **A timeout really stops the work**: with ``timeout=`` the parsing and
  validation run in a forked worker process that is killed at the deadline.
  rdflib cannot interrupt a query and a thread cannot be killed.
* **Literals are parsed without normalisation** (``"1"^^xsd:boolean`` stays
  ``"1"``): SHACL compares lexical forms in places (``sh:uniqueLang``,
  ``sh:hasValue``), and rdflib would otherwise rewrite them while parsing.
* **Conformance means "no violations"** by default (``allow_warnings=True``):
  warnings and hints are reported but do not fail a build or `kg validate`.
  Pass ``allow_warnings=False`` for the SHACL specification's stricter
  meaning (any result at all), as the W3C test suite expects.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import re
import threading
import xml.sax
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import rdflib
from pyshacl import ShapesGraph, Validator
from pyshacl.errors import ReportableRuntimeError, ValidationFailure
from pyshacl.graph_abstraction import RdfLibDataGraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD, NamespaceManager, split_uri
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node, _toPythonMapping

from kg import config, validate_split
from kg.config import KGS
from kg.shacl_sparql import OxigraphCopy, Unsupported

log = logging.getLogger(__name__)

#: The inference modes we offer; pySHACL runs them with owlrl before validating.
INFERENCE_MODES = ("none", "rdfs", "owlrl")

#: File extension -> rdflib format name, for `kg validate` and uploads.
FORMAT_BY_EXTENSION = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "json": "json-ld",
    "rdf": "xml",
    "xml": "xml",
    "owl": "xml",
    "trig": "trig",
    "nq": "nquads",
}

#: Media type -> rdflib format name (request bodies).
FORMAT_BY_MEDIA_TYPE = {media: fmt for fmt, (media, _ext) in config.RDF_FORMATS.items()} | {
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/json": "json-ld",
    "application/xml": "xml",
    "text/xml": "xml",
}

#: Formats whose documents can hold named graphs.
QUAD_FORMATS = {"trig", "nquads"}

#: Extra facts the published report carries about the run (namespace kgs:).
FOCUS_NODE_COUNT = KGS.focusNodeCount
SHAPE_COUNT = KGS.shapeCount
INFERENCE = KGS.inference
VIOLATION_COUNT = KGS.violationCount
WARNING_COUNT = KGS.warningCount
INFO_COUNT = KGS.infoCount

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


# --- errors -----------------------------------------------------------------------


class ValidationError(Exception):
    """Validation could not run (bad shapes, unknown inference mode, ...)."""


class ValidationTimeout(ValidationError):
    """Validation ran past its deadline and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(seconds)

    def __str__(self) -> str:
        return f"validation took longer than {self.seconds:g} s and was stopped"


class RdfSyntaxError(ValidationError):
    """An input that is not well-formed RDF; says where, as file:line:column."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str):
        self.source, self.line, self.column, self.message = source, line, column, message
        super().__init__(source, line, column, message)

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


# --- inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """RDF not parsed yet: bytes, their rdflib format and a name for messages."""

    data: bytes
    format: str
    name: str = "input"


def format_for_path(path: str | Path) -> str | None:
    """The rdflib format for a file name, by extension; None if we do not know it."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return FORMAT_BY_EXTENSION.get(suffix)


def format_for_media_type(media_type: str) -> str | None:
    """The rdflib format for a Content-Type value (parameters ignored)."""
    return FORMAT_BY_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower())


_normalise_lock = threading.Lock()


@contextlib.contextmanager
def literals_as_written(shapes: bool = False) -> Iterator[None]:
    """Parse literals without rdflib's normalisation of their lexical forms.

    With ``shapes=True``, also read ``xsd:boolean`` as SHACL does for its
    parameters: only "true" is true ("1" would switch a constraint on in
    rdflib's reading, e.g. ``sh:uniqueLang "1"^^xsd:boolean``). pySHACL does
    the same when it loads a shapes file itself.

    These rdflib settings are process-wide, hence the lock; the previous
    values are restored even when parsing fails.
    """
    with _normalise_lock:
        previous = rdflib.NORMALIZE_LITERALS
        boolean = _toPythonMapping.get(XSD.boolean)
        rdflib.NORMALIZE_LITERALS = False
        if shapes:
            _toPythonMapping[XSD.boolean] = lambda text: text.strip().lower() == "true"
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = previous
            _toPythonMapping[XSD.boolean] = boolean


def parse_source(source: Source, base: str | None = None, shapes: bool = False) -> Graph | Dataset:
    """Parse one input; raises :class:`RdfSyntaxError` with line and column on bad syntax.

    ``shapes``: the input is a shapes graph (see :func:`literals_as_written`).
    """
    target: Graph | Dataset = Dataset() if source.format in QUAD_FORMATS else Graph()
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        column = exc.start - (source.data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RdfSyntaxError(source.name, line, column, "not UTF-8 text") from None
    if source.format == "json-ld":
        refuse_remote_contexts(source.name, text)
    try:
        with literals_as_written(shapes):
            if source.format in ("nt", "nquads"):
                _parse_lines(target, text, source.format, base, source.name)
            else:
                target.parse(data=text, format=source.format, publicID=base)
    except RdfSyntaxError:
        raise
    except Exception as exc:  # rdflib raises many kinds; all mean "not valid RDF"
        line, column, message = _locate_error(exc, text)
        raise RdfSyntaxError(source.name, line, column, message) from None
    return target


def refuse_remote_contexts(name: str, text: str) -> None:
    """rdflib's JSON-LD parser fetches a remote ``@context`` or ``@import`` over HTTP: on a
    server that would let anyone make it request any URL (SSRF). Contexts must be inline."""
    try:
        document = json.loads(text)
    except ValueError:
        return  # the parser reports the syntax error with its position
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_a_url(value):
                    raise RdfSyntaxError(
                        name, 1, 1, f"{key} refers to a remote document; only inline JSON-LD contexts are accepted"
                    )
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _names_a_url(value: object) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and any(isinstance(v, str) for v in value)


def _parse_lines(target: Graph | Dataset, text: str, fmt: str, base: str | None, name: str) -> None:
    """N-Triples/N-Quads: parse whole, and on failure find the failing line.

    rdflib's line-based parsers do not say which line failed; the format is
    one statement per line, so parsing line by line finds it.
    """
    try:
        target.parse(data=text, format=fmt, publicID=base)
        return
    except Exception as whole_error:  # noqa: BLE001 - located below
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                (Dataset() if fmt == "nquads" else Graph()).parse(data=line + "\n", format=fmt)
            except Exception as exc:  # noqa: BLE001
                rest = _unparsed_rest(str(exc))
                if rest is not None and line.rstrip().endswith(rest.rstrip()):
                    column = len(line.rstrip()) - len(rest.rstrip()) + 1
                    found = rest.strip()
                    message = f"bad syntax at {found[:40]!r}" if found else "the line ends too early"
                else:
                    column, message = 1, _short(re.sub(r"\s+", " ", str(exc)).strip())
                raise RdfSyntaxError(name, number, column, message) from None
        raise whole_error


def _unparsed_rest(message: str) -> str | None:
    """The text rdflib's N-Triples parser could not read, from its error message."""
    found = re.search(r"Failed to eat .* at (.*)\):", message, re.DOTALL) or re.search(
        r"Invalid line: (.*)$", message, re.DOTALL
    )
    return found.group(1) if found else None


def _locate_error(exc: BaseException, text: str) -> tuple[int | None, int | None, str]:
    """Line, column and a one-line message for a parser's exception."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):
        data, index = exc._str, exc._i  # noqa: SLF001 - rdflib offers nothing public
        line = data.count(b"\n", 0, index) + 1
        column = len(data[data.rfind(b"\n", 0, index) + 1 : index].decode("utf-8", "replace")) + 1
        return line, column, f"bad syntax ({exc._why})"  # noqa: SLF001
    if isinstance(exc, IndexError):  # rdflib's Turtle parser running past the end
        lines = text.rstrip("\n").split("\n")
        return len(lines), len(lines[-1]) + 1, "the data ends in the middle of a statement"
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno, f"not JSON: {exc.msg}"
    if isinstance(exc, xml.sax.SAXParseException):
        return exc.getLineNumber(), exc.getColumnNumber() + 1, f"not XML: {exc.getMessage()}"
    message = _short(re.sub(r"\s+", " ", str(exc)).strip()) or type(exc).__name__
    found = re.search(r"line (\d+)(?:,? column (\d+))?", message)
    if found:
        return int(found.group(1)), int(found.group(2)) if found.group(2) else None, message
    return None, None, message


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def merge(graphs: Iterable[Graph | Dataset]) -> Graph:
    """One graph holding every triple of every input, named graphs included.

    The inputs' prefixes come along: rdflib lets SPARQL in the shapes use them.
    """
    merged = Graph()
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
        if isinstance(graph, Dataset):
            for s, p, o, _g in graph.quads((None, None, None, None)):
                merged.add((s, p, o))
        else:
            merged += graph
    return merged


def load_sources(sources: Sequence[Source]) -> Graph:
    """Parse and merge several inputs; the first syntax error stops it."""
    return merge(parse_source(source) for source in sources)


# --- shapes and ontology ------------------------------------------------------------


def _rebase(text: str) -> str:
    """Our files are written with the canonical base; a build may use another."""
    if config.BASE == config.CANONICAL_BASE:
        return text
    return text.replace(config.CANONICAL_BASE, config.BASE)


@lru_cache(maxsize=8)
def _parse_turtle_file(path: str, _mtime: float) -> Graph:
    graph = Graph()
    with literals_as_written(shapes=True):
        graph.parse(data=_rebase(Path(path).read_text(encoding="utf-8")), format="turtle")
    config.bind_prefixes(graph)
    return graph


def _cached_file(path: Path) -> Graph:
    """A parsed Turtle file, reparsed only when the file changes. Do not modify it."""
    return _parse_turtle_file(str(path), path.stat().st_mtime)


def load_shapes(path: Path | None = None) -> Graph:
    """A fresh copy of the shapes graph (ours unless ``path`` is given)."""
    return copy_graph(_cached_file(path or config.SHAPES_FILE))


ONTOLOGY_FILES = (config.ONTOLOGY_FILE, config.ONTOLOGY_DIR / "concepts.ttl")


@lru_cache(maxsize=4)
def _ontology(_stamp: tuple[float, ...]) -> Graph:
    graph = Graph()
    for path in ONTOLOGY_FILES:
        graph += _cached_file(path)
    return graph


def _cached_ontology() -> Graph:
    """Our ontology and concept schemes, parsed once per change. Do not modify it."""
    return _ontology(tuple(path.stat().st_mtime for path in ONTOLOGY_FILES))


_thread_local = threading.local()


def _default_shapes_graph() -> ShapesGraph:
    """Our shapes, wrapped for pySHACL, one copy per thread, reused across calls.

    Reuse saves copying and re-reading ~370 shapes on every call (pySHACL
    builds its constraint objects afresh for each validation); a copy per
    thread keeps threads apart, as pySHACL needs.
    """
    key = (str(config.SHAPES_FILE), config.SHAPES_FILE.stat().st_mtime)
    cached = getattr(_thread_local, "shapes", None)
    if cached is None or cached[0] != key:
        graph = copy_graph(_cached_file(config.SHAPES_FILE))
        cached = (key, ShapesGraph(graph))
        _thread_local.shapes = cached
    return cached[1]


def default_ontology() -> Graph:
    """A fresh copy of our ontology and concept schemes, to mix into the data."""
    return copy_graph(_cached_ontology())


def preload() -> None:
    """Read our shapes and ontology now, so that processes forked later start with them
    (the build does this while it waits for other work)."""
    _cached_ontology()
    list(_default_shapes_graph().shapes)


def copy_graph(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += graph
    return copy


# --- the report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult, as plain fields."""

    focus_node: Node
    shape: Node | None
    severity: URIRef
    path: Node | None
    value: Node | None
    messages: tuple[str, ...]
    component: URIRef | None
    constraint: Node | None

    @property
    def message(self) -> str:
        return " ".join(self.messages)


@dataclass
class Report:
    """The outcome of one validation, with the report graph it came from."""

    conforms: bool
    results: list[ValidationResult]
    focus_node_count: int
    shape_count: int
    inference: str
    graph: Graph = field(repr=False)

    def count(self, severity: URIRef) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count(SH.Violation)

    @property
    def warnings(self) -> int:
        return self.count(SH.Warning)

    @property
    def infos(self) -> int:
        return self.count(SH.Info)


def _report_node(graph: Graph) -> Node | None:
    return next(iter(graph.subjects(RDF.type, SH.ValidationReport)), None)


def results_of(graph: Graph) -> list[ValidationResult]:
    """The results of a report graph, in a stable order (severity, shape, focus node)."""
    results = []
    report = _report_node(graph)
    nodes = graph.objects(report, SH.result) if report is not None else ()
    for node in nodes:
        results.append(
            ValidationResult(
                focus_node=graph.value(node, SH.focusNode),
                shape=graph.value(node, SH.sourceShape),
                severity=graph.value(node, SH.resultSeverity) or SH.Violation,
                path=graph.value(node, SH.resultPath),
                value=graph.value(node, SH.value),
                messages=tuple(sorted(str(m) for m in graph.objects(node, SH.resultMessage))),
                component=graph.value(node, SH.sourceConstraintComponent),
                constraint=graph.value(node, SH.sourceConstraint),
            )
        )
    return sorted(results, key=_result_key)


def _result_key(result: ValidationResult) -> tuple:
    return (
        SEVERITY_ORDER.get(result.severity, 3),
        str(result.shape),
        str(result.focus_node),
        str(result.path),
        str(result.value),
    )


def report_from_graph(graph: Graph) -> Report:
    """Read a stored report (e.g. ``dist/shacl-report.ttl``) back into a :class:`Report`."""
    report = _report_node(graph)
    if report is None:
        raise ValidationError("not a SHACL validation report: no sh:ValidationReport")

    def number(prop: URIRef) -> int:
        value = graph.value(report, prop)
        return int(value) if value is not None else 0

    conforms = graph.value(report, SH.conforms)
    return Report(
        conforms=bool(conforms.toPython()) if isinstance(conforms, Literal) else False,
        results=results_of(graph),
        focus_node_count=number(FOCUS_NODE_COUNT),
        shape_count=number(SHAPE_COUNT),
        inference=str(graph.value(report, INFERENCE) or "none"),
        graph=graph,
    )


def report_metadata(report: Report) -> Graph:
    """What the published report says about the run besides its results.

    Focus nodes and shapes checked, the inference mode and the counts per
    severity, as kgs: properties of the sh:ValidationReport node.
    """
    extra = Graph()
    node = _report_node(report.graph)
    if node is None:
        return extra
    extra.add((node, FOCUS_NODE_COUNT, Literal(report.focus_node_count)))
    extra.add((node, SHAPE_COUNT, Literal(report.shape_count)))
    extra.add((node, INFERENCE, Literal(report.inference)))
    extra.add((node, VIOLATION_COUNT, Literal(report.violations)))
    extra.add((node, WARNING_COUNT, Literal(report.warnings)))
    extra.add((node, INFO_COUNT, Literal(report.infos)))
    return extra


def report_graph(report: Report) -> Graph:
    """The sh:ValidationReport with :func:`report_metadata`, prefixes bound: what we publish."""
    graph = Graph()
    config.bind_prefixes(graph)
    graph += report.graph
    graph += report_metadata(report)
    return graph


def to_turtle(report: Report) -> str:
    return report_graph(report).serialize(format="turtle")


def to_jsonld(report: Report) -> str:
    context = {prefix: str(ns) for prefix, ns in config.PREFIXES.items()}
    return report_graph(report).serialize(format="json-ld", context=context, indent=2)


def serialise(report: Report, fmt: str) -> str:
    """``fmt``: text, turtle or json-ld."""
    if fmt == "text":
        return summarise(report)
    if fmt == "turtle":
        return to_turtle(report)
    if fmt == "json-ld":
        return to_jsonld(report)
    raise ValueError(f"unknown report format {fmt!r}")


# --- readable text ----------------------------------------------------------------------

_namespaces = Graph()
config.bind_prefixes(_namespaces)


def term_text(term: Node | None, graph: Graph | None = None, limit: int = 80) -> str:
    """A term as a reader wants it: prefixed name, short literal, or a SHACL path."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return _namespaces.namespace_manager.normalizeUri(term)
        except Exception:  # noqa: BLE001 - any IRI rdflib cannot abbreviate
            return f"<{term}>"
    if isinstance(term, Literal):
        text = term.n3(_namespaces.namespace_manager)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if graph is not None:
        path = path_text(graph, term)
        if path:
            return path
    return f"_:{term}"


def path_text(graph: Graph, node: Node) -> str:
    """A SHACL property path in SPARQL syntax (kgo:date|kgo:startDate, ^kgo:holder, ...)."""
    if isinstance(node, URIRef):
        return term_text(node)
    if not isinstance(node, BNode):
        return ""
    first = graph.value(node, RDF.first)
    if first is not None:  # a sequence path
        return "/".join(path_text(graph, n) for n in Collection(graph, node))
    for prop, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, prop)
        if inner is not None:
            return template.format(_grouped(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_text(graph, n) for n in Collection(graph, alternatives))
    return ""


def _grouped(graph: Graph, node: Node) -> str:
    text = path_text(graph, node)
    return f"({text})" if isinstance(node, BNode) else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def headline(report: Report) -> str:
    """One line: does it conform, and how many results of each severity."""
    status = "conforms" if report.conforms else "does not conform"
    counts = [
        _plural(report.violations, "violation"),
        _plural(report.warnings, "warning"),
        _plural(report.infos, "info"),
    ]
    return f"The data {status}: {', '.join(counts)}."


def grouped_results(report: Report) -> list[tuple[URIRef, Node | None, list[ValidationResult]]]:
    """Results grouped by (severity, shape), most severe first."""
    groups: dict[tuple[URIRef, Node | None], list[ValidationResult]] = defaultdict(list)
    for result in report.results:
        groups[(result.severity, result.shape)].append(result)
    ordered = sorted(groups.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 3), str(kv[0][1])))
    return [(severity, shape, results) for (severity, shape), results in ordered]


def summarise(report: Report, limit: int | None = 25) -> str:
    """The report as text, grouped by severity and shape, at most ``limit`` lines per shape."""
    lines = [
        headline(report),
        f"Checked {_plural(report.focus_node_count, 'focus node')} against "
        f"{_plural(report.shape_count, 'shape')} (inference: {report.inference}).",
    ]
    current = None
    for severity, shape, results in grouped_results(report):
        if severity != current:
            current = severity
            name = SEVERITY_NAMES.get(severity, term_text(severity)).capitalize()
            lines.append(f"\n{name}s:")
        lines.append(f"  {term_text(shape, report.graph)} ({len(results)})")
        shared = {r.message for r in results}
        if len(shared) == 1:
            lines.append(f"    {results[0].message}")
        for result in results[:limit] if limit else results:
            lines.append("    - " + _result_line(report.graph, result, len(shared) > 1))
        if limit and len(results) > limit:
            lines.append(f"    … and {len(results) - limit} more")
    return "\n".join(lines) + "\n"


def _result_line(graph: Graph, result: ValidationResult, with_message: bool) -> str:
    parts = [term_text(result.focus_node, graph)]
    if result.path is not None:
        parts.append(f"path {term_text(result.path, graph)}")
    if result.value is not None and result.value != result.focus_node:
        parts.append(f"value {term_text(result.value, graph)}")
    line = ", ".join(parts)
    return f"{line}: {result.message}" if with_message else line


# --- validation ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _prepared_query(text: str, namespaces: frozenset[tuple[str, str]] = frozenset()) -> Any:
    """A parsed and translated SPARQL query; rdflib evaluates these without changing them.

    ``namespaces``: the data graph's prefixes, which rdflib lets a query text use
    without declaring them (as Graph.query does).
    """
    return translateQuery(parseQuery(text), initNs=dict(namespaces))


def _check_sparql_once() -> None:
    """pySHACL re-checks a SPARQL constraint's text with several regular expressions for
    every focus node (about 3 s of a 10 s validation of the seeds). The check depends only
    on the text and on which variables may be pre-bound, so its verdict is kept."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original = SPARQLQueryHelper.check_invalid_sparql
    if getattr(original, "_kg_cached", False):
        return
    verdicts: dict[tuple, bool] = {}

    def check(self, sparql_text, valuenode=None, extravars=None):  # noqa: ANN001, ANN202
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in verdicts:
            verdicts[key] = original(self, sparql_text, valuenode=valuenode, extravars=extravars)
        return verdicts[key]

    check._kg_cached = True  # type: ignore[attr-defined]
    SPARQLQueryHelper.check_invalid_sparql = check


_check_sparql_once()


def _bare_results_where_discarded() -> None:
    """Inside sh:or and sh:not, results are made bare (no message, no description).

    pySHACL validates each alternative of an sh:or, and the shape of an sh:not, as a
    shape of its own, builds every result of it in full (a message and a description,
    each stringifying nodes) and then throws them away: only whether the value node
    conforms counts, and the sh:or or sh:not makes its own result. Our shapes type-check
    values with sh:or and sh:not of classes: bare results make a validation part of the
    10× synthetic corpus 19 % faster. A bare result keeps its severity, which pySHACL
    reads to decide conformance when warnings are allowed; the report is unchanged
    (tests/test_validate_split.py compares it with unpatched pySHACL's).
    """
    from pyshacl.constraints.constraint_component import ConstraintComponent
    from pyshacl.constraints.core.logical_constraints import NotConstraintComponent, OrConstraintComponent
    from pyshacl.shape import Shape

    validate_shape, make_result = Shape.validate, ConstraintComponent.make_v_result
    if getattr(validate_shape, "_kg_bare", False):
        return
    state = threading.local()

    def validate(self, executor, target_graph, focus=None, _evaluation_path=None):  # noqa: ANN001, ANN202
        before = getattr(state, "discarded", False)
        inside = any(isinstance(c, (OrConstraintComponent, NotConstraintComponent)) for c in _evaluation_path or ())
        state.discarded = before or inside
        try:
            return validate_shape(self, executor, target_graph, focus=focus, _evaluation_path=_evaluation_path)
        finally:
            state.discarded = before

    def make_v_result(self, datagraph, focus_node, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if getattr(state, "discarded", False):
            node = BNode()
            return "", node, [(node, SH.resultSeverity, self.shape.severity)]
        return make_result(self, datagraph, focus_node, *args, **kwargs)

    validate._kg_bare = True  # type: ignore[attr-defined]
    validate._kg_original = validate_shape  # type: ignore[attr-defined]
    make_v_result._kg_original = make_result  # type: ignore[attr-defined]
    Shape.validate = validate
    ConstraintComponent.make_v_result = make_v_result


_bare_results_where_discarded()


class _ParameterList(list):
    """pySHACL's list of constraint parameters, with a set's membership test."""

    def __init__(self, items: Iterable[Node]):
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _constraint_parameters_as_a_set() -> None:
    """pySHACL tests each predicate of a shape for membership in its list of about 30
    constraint parameters every time it validates the shape (once per value node inside
    sh:or and sh:not): millions of URIRef comparisons in Python per validation part. The
    same list, the same order, with a set's lookup."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    parameters = _ParameterList(ALL_CONSTRAINT_PARAMETERS)
    shape_module.CONSTRAINT_PARAMS = (parameters, CONSTRAINT_PARAMETERS_MAP)  # read by Shape.validate


_constraint_parameters_as_a_set()


class _PreparedQueryDataGraph(RdfLibDataGraph):
    """A pySHACL data graph whose SPARQL queries pyoxigraph answers where it can.

    pySHACL evaluates a SPARQL-based constraint once per focus node, with
    $this pre-bound; :mod:`kg.shacl_sparql` answers those from a pyoxigraph
    copy of the data, for all focus nodes at once where that gives the same
    rows. What the copy cannot answer exactly goes to rdflib, with each query
    text parsed once (rdflib would parse it again for every focus node, 5-100
    ms each; its "prepared queries" are made for this).
    """

    _namespaces: frozenset[tuple[str, str]] | None = None
    _copy: OxigraphCopy | None = None
    #: Whether rdflib may answer what the copy cannot. Not when the data graph holds only a
    #: part of the data (:mod:`kg.validate_parts`): rdflib would answer from that part.
    fallback = True

    def namespaces_for_queries(self) -> frozenset[tuple[str, str]]:
        """The data graph's prefixes, which rdflib lets a query use without declaring them."""
        if self._namespaces is None:
            self._namespaces = frozenset((p, str(ns)) for p, ns in self.namespace_manager.namespaces())
        return self._namespaces

    def copy_to_oxigraph(self) -> None:
        """Make the pyoxigraph copy now (before forking, so that it is made once)."""
        try:
            self._copy = OxigraphCopy(self.impl.triples((None, None, None)), dict(self.namespaces_for_queries()))
        except Unsupported as exc:
            log.info("SPARQL constraints are evaluated by rdflib: %s", exc)

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(query_object, str):
            return super().query(query_object, *args, **kwargs)
        if self._copy is not None and not args and set(kwargs) <= {"initBindings"}:
            try:
                return self._copy.query(query_object, kwargs.get("initBindings"))
            except Unsupported as exc:
                if not self.fallback:
                    raise ValidationError(f"a SPARQL constraint cannot be answered from the store: {exc}") from None
        elif not self.fallback:
            raise ValidationError("a SPARQL constraint cannot be answered from the store")
        return super().query(_prepared_query(query_object, self.namespaces_for_queries()), *args, **kwargs)


def _has_sparql(shapes: Graph) -> bool:
    return (None, SH.select, None) in shapes or (None, SH.ask, None) in shapes


def _check_inference(inference: str) -> None:
    if inference not in INFERENCE_MODES:
        raise ValidationError(f"unknown inference mode {inference!r}; use one of {', '.join(INFERENCE_MODES)}")


class _MessageNamespaces(NamespaceManager):
    """rdflib's namespace manager, minus a memory that made validation quadratic.

    pySHACL writes every focus node and value into a message with
    ``normalizeUri``, which remembers each namespace it is asked about in a
    trie whose inserts scan the level they land in. Our evidence IRIs
    (``doc/0001#char=12,34``) each split into a namespace of their own
    (``…#char=12,``), so the trie grew with the spans and each insert with it:
    on the 10× corpus one shape spent 71 of validation's 171 seconds there.
    The strings are the same: a prefixed name where the namespace is bound,
    ``<iri>`` otherwise.
    """

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 - rdflib's names
        try:
            namespace, _name = split_uri(rdfTerm)
        except ValueError:
            namespace = None
        if namespace is None or self.store.prefix(URIRef(namespace)) is None:
            return f"?{rdfTerm}" if isinstance(rdfTerm, Variable) else f"<{rdfTerm}>"
        prefix, _namespace, name = self.compute_qname(rdfTerm)
        return f"{prefix}:{name}"


def prepare_data(data: Graph | Dataset, ontology: Graph | None, inference: str, inplace: bool = False) -> Graph:
    """The graph the shapes see: data + ontology, with the inferences asked for.

    A new graph, so the caller's graph is never changed, unless ``inplace``
    (as pySHACL's option: for a caller that has no further use for it, which
    saves copying it, a second of the seeds' build).
    """
    target = data if inplace and type(data) is Graph else merge([data])
    if ontology is not None:
        target += ontology
    if inference != "none":
        Validator._run_pre_inference(RdfLibDataGraph(target.store, target), inference)  # noqa: SLF001
    target.namespace_manager = _MessageNamespaces(target, bind_namespaces="none")
    return target


def _validate_here(
    data: Graph | Dataset | Sequence[Source],
    shapes: Graph | None,
    inference: str,
    ontology: Graph | bool | None,
    allow_warnings: bool,
    processes: int = 1,
    inplace: bool = False,
) -> Report:
    if not isinstance(data, Graph):
        data = load_sources(data)
    if shapes is None:
        shapes_graph = _default_shapes_graph()
    else:
        shapes_graph = ShapesGraph(copy_graph(shapes))
    if ontology is None:
        ontology = shapes is None
    ontology_graph = _cached_ontology() if ontology is True else (ontology or None)
    target = prepare_data(data, ontology_graph, inference, inplace)
    data_graph = _PreparedQueryDataGraph(target.store, target)
    if _has_sparql(shapes_graph.graph):
        data_graph.copy_to_oxigraph()
    options = {"inference": "none", "inplace": True, "allow_warnings": allow_warnings, "allow_infos": allow_warnings}
    try:
        validator = Validator(data_graph, shacl_graph=shapes_graph.graph, options=options, pre_inferenced=True)
        validator.shacl_graph = shapes_graph  # keep the one whose shapes are already read
        shapes_list = list(shapes_graph.shapes)
        focus_by_shape = [set(shape.focus_nodes(data_graph)) for shape in shapes_list]
        if processes > 1 and len(shapes_list) > 1:
            costs = [validate_split.weight(s, len(f)) for s, f in zip(shapes_list, focus_by_shape, strict=True)]
            conforms, graph = validate_split.run(validator, shapes_list, costs, processes)
        else:
            conforms, graph, _text = validator.run()
    except (ReportableRuntimeError, ValidationFailure) as exc:
        raise ValidationError(f"the shapes could not be applied: {getattr(exc, 'message', exc)}") from None
    except NotImplementedError as exc:
        raise ValidationError(f"the shapes use a feature pySHACL does not support: {exc}") from None
    focus_nodes: set[Node] = set().union(*focus_by_shape)
    config.bind_prefixes(graph)
    return Report(
        conforms=bool(conforms),
        results=results_of(graph),
        focus_node_count=len(focus_nodes),
        shape_count=len(shapes_list),
        inference=inference,
        graph=graph,
    )


def validate(
    data_graph: Graph | Dataset | Sequence[Source],
    shapes: Graph | None = None,
    inference: str = "none",
    ontology: Graph | bool | None = None,
    timeout: float | None = None,
    allow_warnings: bool = True,
    processes: int = 1,
    inplace: bool = False,
) -> Report:
    """Validate RDF against SHACL shapes and return a :class:`Report`.

    ``data_graph``: a graph or dataset (named graphs are merged), or unparsed
    :class:`Source` inputs (parsed here, or in the worker when there is a
    timeout, so that parsing is under the deadline too).
    ``shapes``: a shapes graph; default ``ontology/shapes.ttl``.
    ``inference``: ``none``, ``rdfs`` or ``owlrl``, applied to data + ontology.
    ``ontology``: a graph to mix into the data, ``True`` for ours, ``False``
    for none; the default (``None``) mixes ours in when our shapes are used.
    ``timeout``: seconds; validation then runs in a worker process killed at
    the deadline, raising :class:`ValidationTimeout`.
    ``processes``: share the shapes out between this many forked processes
    (:mod:`kg.validate_split`); only for callers without threads, and not
    together with ``timeout``.
    ``inplace``: add the ontology and inferences to ``data_graph`` itself
    instead of a copy (pySHACL's option of that name).

    Raises :class:`RdfSyntaxError` for unparsable sources and
    :class:`ValidationError` when the shapes cannot be applied.
    """
    _check_inference(inference)
    if timeout is None:
        return _validate_here(data_graph, shapes, inference, ontology, allow_warnings, processes, inplace)
    return _validate_in_worker(data_graph, shapes, inference, ontology, timeout, allow_warnings)


# --- the worker process used for deadlines ------------------------------------------------


def _nt(graph: Graph | Dataset) -> bytes:
    return merge([graph]).serialize(format="nt", encoding="utf-8")


def _worker_main(connection: Any, payload: dict[str, Any]) -> None:
    """Runs in the worker: rebuild the inputs, validate, send back the report as N-Triples."""
    try:
        data = [Source(**s) for s in payload["sources"]]
        shapes = parse_source(Source(payload["shapes"], "nt", "shapes"), shapes=True) if payload["shapes"] else None
        ontology = payload["ontology"]
        if isinstance(ontology, bytes):
            ontology = parse_source(Source(ontology, "nt", "ontology"))
        report = _validate_here(data, shapes, payload["inference"], ontology, payload["allow_warnings"])
        reply = (
            "ok",
            report.graph.serialize(format="nt", encoding="utf-8"),
            report.conforms,
            report.focus_node_count,
            report.shape_count,
        )
    except ValidationError as exc:
        reply = ("error", exc)
    except Exception as exc:  # noqa: BLE001 - reported to the caller, never lost
        reply = ("error", ValidationError(f"{type(exc).__name__}: {exc}"))
    connection.send(reply)
    connection.close()


@lru_cache(maxsize=1)
def _worker_context() -> multiprocessing.context.BaseContext:
    """forkserver: cheap forks of a clean process that has rdflib and pySHACL loaded.

    Forking the caller itself would be unsafe: the server has threads.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.validate"])
    return context


def _validate_in_worker(
    data: Graph | Dataset | Sequence[Source],
    shapes: Graph | None,
    inference: str,
    ontology: Graph | bool | None,
    timeout: float,
    allow_warnings: bool,
) -> Report:
    sources = [Source(_nt(data), "nt", "data")] if isinstance(data, Graph) else list(data)
    payload = {
        "sources": [{"data": s.data, "format": s.format, "name": s.name} for s in sources],
        "shapes": _nt(shapes) if shapes is not None else None,
        "ontology": _nt(ontology) if isinstance(ontology, Graph) else ontology,
        "inference": inference,
        "allow_warnings": allow_warnings,
    }
    context = _worker_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker_main, args=(sender, payload), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ValidationTimeout(timeout)
        try:
            reply = receiver.recv()
        except EOFError:
            raise ValidationError("the validation worker died") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if reply[0] == "error":
        raise reply[1]
    _status, nt, conforms, focus_nodes, shape_count = reply
    graph = Graph()
    graph.parse(data=nt, format="nt")
    config.bind_prefixes(graph)
    return Report(conforms, results_of(graph), focus_nodes, shape_count, inference, graph)


__all__ = [
    "INFERENCE_MODES",
    "RdfSyntaxError",
    "Report",
    "Source",
    "ValidationError",
    "ValidationResult",
    "ValidationTimeout",
    "default_ontology",
    "format_for_media_type",
    "format_for_path",
    "load_shapes",
    "load_sources",
    "parse_source",
    "report_from_graph",
    "report_graph",
    "report_metadata",
    "serialise",
    "summarise",
    "to_jsonld",
    "to_turtle",
    "validate",
]
