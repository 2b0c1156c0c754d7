"""The engines that run inside query worker processes, and RDF file loading.

Two engines share one interface (``query``, ``update``, ``named_graphs`` and
the Graph Store operations ``get_graph``/``put_graph``/``delete_graph``):

* :class:`OxigraphEngine`: a pyoxigraph on-disk store, normally opened
  read-only so that every worker of every gunicorn process can share it.
* :class:`RdflibEngine`: an rdflib ``Dataset`` in memory, loaded from files.

Both return the engine-neutral results of :mod:`kg.store_types`, check each
request with :mod:`kg.sparql_guard` first, and cap results at ``max_rows``
(reading one row more than the cap, which is how truncation is detected
without evaluating the rest).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.results import Serialized, oxigraph_answer, serialized
from kg.sparql_guard import QueryFacts, add_using_clauses, check_query, check_update, parse_error_message
from kg.store_types import (
    AskResult,
    EvaluationError,
    GraphResult,
    QueryRefused,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    StoreError,
    TermRows,
    UpdateNotAllowed,
    oxigraph_term_to_json,
    rdflib_term_to_json,
)

# --- data files ------------------------------------------------------------------


@dataclass(frozen=True)
class DataSource:
    """An RDF file to serve, and where its triples go.

    Quad formats (TriG, N-Quads) keep their own graphs. Triple formats
    (Turtle, N-Triples, RDF/XML, JSON-LD) go into the named graph ``graph``,
    by default the file's own ``file://`` URI: the default graph of this
    dataset is the union of the named graphs, so the triples are still seen
    by plain queries, and ``GRAPH ?g`` still tells which file said what.
    """

    path: str
    graph: str | None = None

    @property
    def graph_iri(self) -> str:
        return self.graph or Path(self.path).resolve().as_uri()

    @property
    def base_iri(self) -> str:
        return self.graph or Path(self.path).resolve().as_uri()

    @classmethod
    def parse(cls, spec: str) -> DataSource:
        """``FILE`` or ``FILE=GRAPH_IRI`` (the IRI must be absolute)."""
        path, sep, graph = spec.partition("=")
        if sep and ":" in graph and not Path(spec).exists():
            return cls(path, graph)
        return cls(spec)


def rdf_format(path: str | Path) -> ox.RdfFormat:
    """The pyoxigraph format for a file, from its extension."""
    suffix = Path(path).suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension({"owl": "rdf", "xml": "rdf", "json": "jsonld"}.get(suffix, suffix))
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension (use .ttl .nt .nq .trig .rdf .jsonld)")
    return fmt


def read_quads(source: DataSource) -> Iterable[ox.Quad]:
    """The quads of one file, with fresh blank nodes (files never share them)."""
    fmt = rdf_format(source.path)
    quads = ox.parse(path=source.path, format=fmt, base_iri=source.base_iri, rename_blank_nodes=True)
    if fmt.supports_datasets:
        return quads
    graph = ox.NamedNode(source.graph_iri)
    return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)


def load_sources(store: ox.Store, sources: Sequence[DataSource]) -> None:
    for source in sources:
        store.bulk_extend(read_quads(source))
    materialize_union(store)
    store.flush()


#: A hidden named graph holding the union of all the store's graphs.
#:
#: SPARQL's union default graph is the RDF *merge* of the named graphs: a set,
#: where a triple stated in three graphs is one triple. pyoxigraph's
#: ``use_default_graph_as_union`` is a bag instead (that triple matches three
#: times, so every query over the default graph returns duplicate rows), and
#: so is a ``default_graph`` list. A store built by :func:`kg.store.load_store`
#: therefore keeps the union, deduplicated, in this graph; read-only engines
#: use it as the default graph and hide it from ``GRAPH ?g``.
UNION_GRAPH = "urn:x-kg:union-default-graph"


def materialize_union(store: ox.Store) -> None:
    """(Re)write :data:`UNION_GRAPH` from the store's other graphs."""
    store.update(
        f"DROP SILENT GRAPH <{UNION_GRAPH}> ;\n"
        f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION_GRAPH}>) }} }}"
    )


# --- errors --------------------------------------------------------------------

_POSITION = re.compile(r"^error at (\d+):(\d+): ")
MAX_MESSAGE = 300


def syntax_message(exc: BaseException) -> str:
    """pyoxigraph's parse error as 'line L, column C: ...', its character-class
    lists cut short (they can run to kilobytes)."""
    message = str(exc)
    match = _POSITION.match(message)
    if match:
        message = f"line {match.group(1)}, column {match.group(2)}: {message[match.end() :]}"
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE].rstrip() + " …"
    return message


# --- results -------------------------------------------------------------------


def _capped(iterable: Iterable[Any], max_rows: int | None) -> tuple[list[Any], bool]:
    if max_rows is None:
        return list(iterable), False
    rows = list(itertools.islice(iterable, max_rows + 1))
    return rows[:max_rows], len(rows) > max_rows


def _oxigraph_result(result: Any, max_rows: int | None, native: bool = False) -> QueryResult:
    """The engine-neutral result; ``native``: SELECT rows stay pyoxigraph terms (:class:`TermRows`)."""
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows, truncated = _capped(result, max_rows)
        if native:
            return TermRows(names, [tuple(row) for row in rows], truncated)
        bindings = [
            {name: oxigraph_term_to_json(term) for name, term in zip(names, row, strict=True) if term is not None}
            for row in rows
        ]
        return SelectResult(names, bindings, truncated)
    triples, truncated = _capped(result, max_rows)
    return GraphResult(triples, truncated)


def _form(result: Any) -> str:
    """The query form of a pyoxigraph answer, as on :mod:`kg.store_types` results."""
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


def may_use_named_graphs(text: str) -> bool:
    """Whether a query may have a ``GRAPH`` pattern: it says "graph" somewhere (or could
    spell it with \\u escapes). Without one, named graphs cannot change its answer."""
    return "graph" in text.lower() or "\\u" in text.lower()


def _check_writable(writable: bool) -> None:
    if not writable:
        raise UpdateNotAllowed("This endpoint is read-only.")


def _named(iris: Sequence[str] | None) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(i) for i in iris or ()]
    except ValueError as exc:
        raise QueryRefused(f"default-graph-uri / named-graph-uri: not an absolute IRI: {exc}") from None


# --- pyoxigraph ----------------------------------------------------------------


class OxigraphEngine:
    """A pyoxigraph store: on disk at ``location``, read-only unless ``writable``, or
    one already opened (in memory: :func:`in_memory_engine`, :func:`dump_engine`)."""

    def __init__(self, location: str | ox.Store, writable: bool = False, allowlist: Sequence[str] = ()):
        if isinstance(location, ox.Store):
            self.store = location
        elif not Path(location, "CURRENT").exists():
            raise FileNotFoundError(f"no pyoxigraph store at {location} (run `kg build`)")
        else:
            self.store = ox.Store(location) if writable else ox.Store.read_only(location)
        self.writable = writable
        self.allowlist = tuple(allowlist)
        union = ox.NamedNode(UNION_GRAPH)
        if writable and self.store.contains_named_graph(union):
            # updates would see it as a graph and leave it stale: use pyoxigraph's union
            self.store.remove_graph(union)
        self.union = None if writable or not self.store.contains_named_graph(union) else union
        self._graphs = self._named_graph_nodes()

    def warm(self) -> None:
        """Read every quad once, in a worker forked from the process that loaded the store.

        Why: the fork shares the store's pages copy-on-write, and pyoxigraph's
        in-memory store writes to the pages it reads (reference counts), so the
        first read of each page in each worker copies it. Left to the queries,
        that copying lands on whichever query reads a page first: on the 1M
        benchmark query 11 took 569 page faults and 3.3 ms in a fresh worker
        against 1.2 ms warm, and a full scan 1.9 s against 0.4 s the second
        time. The copies are made either way (the scan copied 516 of 607 MB):
        doing it here, before the worker answers anything, keeps it out of the
        queries' time."""
        for _ in self.store.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"):
            pass

    def _named_graph_nodes(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != UNION_GRAPH),
            key=lambda g: g.value,
        )

    def query(
        self,
        text: str,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default: bool = True,
        max_rows: int | None = None,
        base_iri: str | None = None,
        trusted: bool = False,
        native: bool = False,
        formats: Mapping[str, str] | None = None,
    ) -> QueryResult | Serialized:
        """``formats``: the answer comes back as bytes in the format it names for the
        query's form (see :func:`kg.results.serialized`), written here, in the worker.

        ``trusted``: a query the application wrote itself (no user text in it but
        checked IRIs), so the SERVICE/LOAD guard and its parse are skipped.

        ``native`` (trusted queries only): SELECT rows come back as pyoxigraph
        terms, and ``GRAPH ?g`` is evaluated over every graph of the store,
        :data:`UNION_GRAPH` included, which the caller filters out itself.
        Hiding that graph means passing the list of all named graphs, and
        pyoxigraph then answers ``GRAPH ?g`` by looking into each graph of the
        list in turn: a cost per query that grows with the number of graphs
        (about 3 ms with the 303 graphs of the 1M benchmark, 0.6 ms even for a
        query without ``GRAPH``), where the unrestricted form reads one index.
        """
        facts = QueryFacts(has_dataset_clause=False) if trusted else check_query(text, self.allowlist)
        native = native and trusted
        hide_union = not native and may_use_named_graphs(text)
        options = self._dataset_options(default_graphs, named_graphs, union_default, facts, hide_union)
        try:
            result = self.store.query(text, base_iri=base_iri, **options)
            key = (formats or {}).get(_form(result))
            if key is not None and not native:
                return oxigraph_answer(result, key, max_rows)
            return _oxigraph_result(result, max_rows, native)
        except SyntaxError as exc:
            raise QuerySyntaxError(syntax_message(exc)) from None
        except StoreError:
            raise
        except Exception as exc:
            raise EvaluationError(str(exc)) from None

    def _dataset_options(
        self,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        union_default: bool,
        facts: QueryFacts,
        hide_union: bool,
    ) -> dict[str, Any]:
        """pyoxigraph's dataset options for a query: the protocol's, the query's own, or ours.

        ``hide_union``: list the named graphs, all but :data:`UNION_GRAPH`, so that
        ``GRAPH ?g`` does not see it; a cost that grows with the number of graphs,
        paid only by queries that may use ``GRAPH``."""
        options: dict[str, Any] = {}
        if default_graphs is not None or named_graphs is not None:
            # the protocol's dataset replaces the service's and the query's
            options["default_graph"] = _named(default_graphs)
            options["named_graphs"] = _named(named_graphs)
        elif facts.has_dataset_clause:
            pass  # FROM / FROM NAMED: the query's own dataset
        elif self.union is not None:
            if union_default:
                options["default_graph"] = self.union
            if hide_union:
                options["named_graphs"] = self._graphs
        elif union_default:
            options["use_default_graph_as_union"] = True
        return options

    def update(
        self,
        text: str,
        using_graphs: Sequence[str] | None = None,
        using_named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> None:
        _check_writable(self.writable)
        text = _prepare_update(text, self.allowlist, using_graphs, using_named_graphs)
        try:
            self.store.update(text, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(syntax_message(exc)) from None
        except Exception as exc:
            raise EvaluationError(str(exc)) from None

    def named_graphs(self) -> list[str]:
        if self.writable:
            self._graphs = self._named_graph_nodes()
        return [g.value for g in self._graphs]

    # Graph Store Protocol; ``graph=None`` is the default graph.

    def get_graph(
        self, graph: str | None, union_default: bool = True, max_rows: int | None = None
    ) -> GraphResult | None:
        if graph is None:
            if not union_default or self.union is None:
                result = self.store.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=union_default
                )
                return _oxigraph_result(result, max_rows)  # type: ignore[return-value]
            name = self.union
        else:
            name = ox.NamedNode(graph)
            if graph == UNION_GRAPH or not self.store.contains_named_graph(name):
                return None
        quads = self.store.quads_for_pattern(None, None, None, name)
        triples, truncated = _capped((ox.Triple(q.subject, q.predicate, q.object) for q in quads), max_rows)
        return GraphResult(triples, truncated)

    def put_graph(self, graph: str | None, data: bytes, media_type: str, base_iri: str, replace: bool) -> bool:
        """Replace (PUT) or extend (POST) a graph; True if it did not exist before."""
        _check_writable(self.writable)
        name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None or fmt.supports_datasets:
            raise QuerySyntaxError(f"unsupported graph media type: {media_type}")
        try:
            triples = list(ox.parse(data, format=fmt, base_iri=base_iri, rename_blank_nodes=True))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"cannot parse the {fmt.name} body: {exc}") from None
        created = graph is not None and not self.store.contains_named_graph(name)
        if replace:
            self.store.clear_graph(name)
        if graph is not None:
            self.store.add_graph(name)
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return created

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a graph; False if there was no such graph."""
        _check_writable(self.writable)
        if graph is None:
            self.store.clear_graph(ox.DefaultGraph())
            return True
        name = ox.NamedNode(graph)
        if not self.store.contains_named_graph(name):
            return False
        self.store.remove_graph(name)
        return True


def in_memory_engine(sources: Sequence[DataSource], allowlist: Sequence[str] = ()) -> OxigraphEngine:
    """Files read into a pyoxigraph store in memory (each file's blank nodes its own)."""
    store = ox.Store()
    load_sources(store, sources)
    return OxigraphEngine(store, allowlist=allowlist)


def dump_engine(nquads: str, allowlist: Sequence[str] = ()) -> OxigraphEngine:
    """A build's N-Quads dump read into memory, as ``kg build`` loads it on disk
    (blank node labels kept, the union graph added), read-only.

    Why: pyoxigraph's in-memory store answers the benchmark's queries 1.3-2.8x
    faster than its on-disk store (RocksDB reads and decoding); it costs about
    0.6 GB per million triples, loaded once by the pool's zygote and copied by
    each worker it forks as the worker reads it (:meth:`OxigraphEngine.warm`,
    :mod:`kg.store_pool`)."""
    store = ox.Store()
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    materialize_union(store)
    return OxigraphEngine(store, allowlist=allowlist)


def _prepare_update(
    text: str,
    allowlist: Sequence[str],
    using_graphs: Sequence[str] | None,
    using_named_graphs: Sequence[str] | None,
) -> str:
    """Check an update, and apply protocol using-graph-uri parameters to it."""
    with_params = bool(using_graphs or using_named_graphs)
    facts = check_update(text, allowlist, need_facts=with_params)
    if not with_params:
        return text
    if facts.has_using_or_with:
        raise QuerySyntaxError(
            "using-graph-uri/using-named-graph-uri cannot be combined with an update "
            "that has its own USING, USING NAMED or WITH clause."
        )
    return add_using_clauses(text, using_graphs or (), using_named_graphs or ())


# --- rdflib ----------------------------------------------------------------------


class RdflibEngine:
    """An rdflib Dataset in memory, loaded from ``sources``.

    Updates (when ``writable``) live only as long as the worker process: the
    pool restarts a worker from the files after a timeout.
    """

    def __init__(self, sources: Sequence[DataSource], writable: bool = False, allowlist: Sequence[str] = ()):
        import rdflib
        import rdflib.plugins.sparql as rdflib_sparql
        from rdflib import Dataset

        # This process belongs to us: keep lexical forms exactly as written,
        # and never let FROM <url> fetch anything.
        rdflib.NORMALIZE_LITERALS = False
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        self._sparql = rdflib_sparql
        self.dataset = Dataset()
        for source in sources:
            self._load(source)
        self.writable = writable
        self.allowlist = tuple(allowlist)

    def _load(self, source: DataSource) -> None:
        from rdflib import URIRef

        fmt = rdf_format(source.path)
        name = {
            "N-Quads": "nquads",
            "TriG": "trig",
            "Turtle": "turtle",
            "N-Triples": "nt",
            "RDF/XML": "xml",
            "JSON-LD": "json-ld",
            "N3": "n3",
        }[fmt.name]
        if fmt.supports_datasets:
            self.dataset.parse(source.path, format=name, publicID=source.base_iri)
        else:
            graph = self.dataset.graph(URIRef(source.graph_iri))
            graph.parse(source.path, format=name, publicID=source.base_iri)

    def query(
        self,
        text: str,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default: bool = True,
        max_rows: int | None = None,
        base_iri: str | None = None,
        formats: Mapping[str, str] | None = None,
    ) -> QueryResult | Serialized:
        from pyparsing import ParseException
        from rdflib import URIRef
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        check_query(text, self.allowlist)
        try:
            query = translateQuery(parseQuery(text), base=base_iri)
        except ParseException as exc:
            raise QuerySyntaxError(parse_error_message(exc)) from None
        except Exception as exc:
            raise QuerySyntaxError(f"{type(exc).__name__}: {exc}") from None
        if default_graphs is not None or named_graphs is not None:
            query.algebra["datasetClause"] = [
                CompValue("DatasetClause", default=URIRef(g)) for g in default_graphs or ()
            ] + [CompValue("DatasetClause", named=URIRef(g)) for g in named_graphs or ()]
            if not default_graphs:
                # rdflib starts from an empty default graph only when a FROM is present
                query.algebra["datasetClause"].append(
                    CompValue("DatasetClause", default=URIRef("urn:x-kg:empty-graph"))
                )
        self._sparql.SPARQL_DEFAULT_GRAPH_UNION = union_default
        self.dataset.default_union = union_default
        try:
            result = self.dataset.query(query)
            return serialized(self._result(result, max_rows), formats)
        except StoreError:
            raise
        except Exception as exc:
            raise EvaluationError(f"{type(exc).__name__}: {exc}") from None

    @staticmethod
    def _result(result: Any, max_rows: int | None) -> QueryResult:
        if result.type == "ASK":
            return AskResult(bool(result.askAnswer))
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            rows, truncated = _capped(result, max_rows)
            bindings = [
                {str(k): rdflib_term_to_json(v) for k, v in row.asdict().items() if v is not None} for row in rows
            ]
            return SelectResult(names, bindings, truncated)
        data = result.graph.serialize(format="nt", encoding="utf-8")
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        found, truncated = _capped((ox.Triple(q.subject, q.predicate, q.object) for q in triples), max_rows)
        return GraphResult(found, truncated)

    def update(
        self,
        text: str,
        using_graphs: Sequence[str] | None = None,
        using_named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> None:
        from pyparsing import ParseException

        _check_writable(self.writable)
        text = _prepare_update(text, self.allowlist, using_graphs, using_named_graphs)
        from rdflib.plugins.sparql.algebra import translateUpdate
        from rdflib.plugins.sparql.parser import parseUpdate
        from rdflib.plugins.sparql.update import evalUpdate

        try:
            evalUpdate(self.dataset, translateUpdate(parseUpdate(text), base=base_iri))
        except ParseException as exc:
            raise QuerySyntaxError(parse_error_message(exc)) from None
        except Exception as exc:
            raise EvaluationError(f"{type(exc).__name__}: {exc}") from None

    def named_graphs(self) -> list[str]:
        from rdflib import URIRef

        return sorted(
            str(g.identifier)
            for g in self.dataset.graphs()
            if isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default" and len(g)
        )

    def _graph_triples(self, graph: Any, max_rows: int | None) -> GraphResult:
        from rdflib import Graph

        copy = Graph()
        for triple in graph:
            copy.add(triple)
        data = copy.serialize(format="nt", encoding="utf-8")
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        found, truncated = _capped(triples, max_rows)
        return GraphResult(found, truncated)

    def get_graph(
        self, graph: str | None, union_default: bool = True, max_rows: int | None = None
    ) -> GraphResult | None:
        from rdflib import URIRef

        if graph is None:
            source = self.dataset if union_default else self.dataset.default_context
            return self._graph_triples(source.triples((None, None, None)) if union_default else source, max_rows)
        if graph not in self.named_graphs():
            return None
        return self._graph_triples(self.dataset.graph(URIRef(graph)), max_rows)

    def put_graph(self, graph: str | None, data: bytes, media_type: str, base_iri: str, replace: bool) -> bool:
        from rdflib import Graph, URIRef

        _check_writable(self.writable)
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None or fmt.supports_datasets:
            raise QuerySyntaxError(f"unsupported graph media type: {media_type}")
        try:
            nt = ox.serialize(
                ox.parse(data, format=fmt, base_iri=base_iri, rename_blank_nodes=True), format=ox.RdfFormat.N_TRIPLES
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(f"cannot parse the {fmt.name} body: {exc}") from None
        target = self.dataset.default_context if graph is None else self.dataset.graph(URIRef(graph))
        created = graph is not None and graph not in self.named_graphs()
        if replace:
            target.remove((None, None, None))
        for triple in Graph().parse(data=nt, format="nt"):
            target.add(triple)
        return created

    def delete_graph(self, graph: str | None) -> bool:
        from rdflib import URIRef

        _check_writable(self.writable)
        if graph is None:
            self.dataset.default_context.remove((None, None, None))
            return True
        if graph not in self.named_graphs():
            return False
        self.dataset.remove_graph(URIRef(graph))
        return True
