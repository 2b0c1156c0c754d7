"""Where SPARQL queries are answered: one small interface, three backends.

* ``oxigraph`` (default): the pyoxigraph store that ``kg build`` writes to
  ``dist/store``, opened read-only by a few worker processes
  (:mod:`kg.store_pool`), so a runaway query can be killed and several
  gunicorn workers share one store on disk.
* ``memory``: an rdflib ``Dataset`` loaded from ``dist/dataset.nq`` (or any
  files), in the same kind of worker processes. Slower; useful to compare
  engines and when pyoxigraph is not wanted.
* ``remote``: any SPARQL 1.1 Protocol endpoint (Fuseki, Virtuoso, Oxigraph
  server...) over HTTP; the backend adds the same safety checks and caps.

All three return the engine-neutral results of :mod:`kg.store_types` and
raise its :class:`~kg.store_types.StoreError` subclasses, each mapped to an
HTTP status by the server.

Any RDF files can be served instead of the build (``kg serve --data``); see
:class:`kg.store_engines.DataSource` for where their triples go.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg import config
from kg.results import Serialized, serialized
from kg.sparql_guard import check_query, check_update
from kg.store_engines import (
    UNION_GRAPH,
    DataSource,
    OxigraphEngine,
    RdflibEngine,
    dump_engine,
    in_memory_engine,
)
from kg.store_pool import WorkerPool, Zygote
from kg.store_types import (
    AskResult,
    EvaluationError,
    GraphResult,
    QueryResult,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    StoreUnavailable,
    UpdateNotAllowed,
)

__all__ = [
    "Backend",
    "DataSource",
    "StoreSettings",
    "load_store",
    "open_backend",
]

BACKENDS = ("oxigraph", "memory", "remote")


class Backend(Protocol):
    """What the SPARQL endpoint needs from a store."""

    name: str
    #: identifies the data being served (the ETag); None if it may change
    version: str | None
    writable: bool
    #: whether the default graph is the union of the named graphs
    union_default: bool

    def query(
        self,
        sparql: str,
        default_graph_uris: Sequence[str] | None = None,
        named_graph_uris: Sequence[str] | None = None,
        union_default: bool = True,
        timeout: float | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
        inline: bool = False,
        native: bool = False,
        formats: Mapping[str, str] | None = None,
    ) -> QueryResult | Serialized: ...

    def update(
        self,
        sparql: str,
        using_graph_uris: Sequence[str] | None = None,
        using_named_graph_uris: Sequence[str] | None = None,
        timeout: float | None = None,
        base_iri: str | None = None,
    ) -> None: ...

    def named_graphs(self, timeout: float | None = None) -> list[str]: ...

    def get_graph(
        self, graph: str | None, timeout: float | None = None, max_rows: int | None = None
    ) -> GraphResult | None: ...

    def put_graph(
        self,
        graph: str | None,
        data: bytes,
        media_type: str,
        base_iri: str,
        replace: bool,
        timeout: float | None = None,
    ) -> bool: ...

    def delete_graph(self, graph: str | None, timeout: float | None = None) -> bool: ...

    def close(self) -> None: ...


@dataclass
class StoreSettings:
    """How to open a backend (the server fills this from its configuration)."""

    backend: str = "oxigraph"
    dist: Path = field(default_factory=lambda: config.DIST)
    #: a pyoxigraph store directory; default ``dist/store``
    store_dir: Path | None = None
    #: serve these files instead of the build
    data: list[DataSource] = field(default_factory=list)
    remote_endpoint: str | None = None
    remote_update_endpoint: str | None = None
    writable: bool = False
    union_default: bool = True
    allowlist: tuple[str, ...] = ()
    #: worker processes per server process (forced to 1 when writable)
    processes: int = 2
    #: overrides the computed dataset version
    version: str | None = None
    #: a read-only build of at most this many triples is read into memory by each
    #: query worker (pyoxigraph in memory answers the benchmark's queries 1.3-2.8x
    #: faster than from its on-disk store); 0: always on disk
    memory_max_triples: int = 2_000_000
    #: a zygote started by a parent process (``kg serve``, before gunicorn forks) that
    #: holds the data in memory for every web process's query workers (see :func:`shared_zygote`)
    zygote: Zygote | None = None


# --- building -------------------------------------------------------------------


def load_store(nquads_path: str | Path, store_dir: str | Path) -> int:
    """Bulk-load an N-Quads file into a fresh pyoxigraph store at ``store_dir``.

    The store is built beside the target and moved into place, so a failed
    load never leaves a half-written store. An existing ``store_dir`` is
    replaced only if it is empty or looks like a pyoxigraph store (has a
    ``CURRENT`` file); anything else is refused. Returns the number of quads
    loaded. The store also gets :data:`kg.store_engines.UNION_GRAPH`, the
    deduplicated union default graph. Servers that have the old store open
    must be restarted.
    """
    nquads_path, store_dir = Path(nquads_path), Path(store_dir)
    if store_dir.exists() and any(store_dir.iterdir()) and not (store_dir / "CURRENT").exists():
        raise FileExistsError(f"{store_dir} exists and is not a pyoxigraph store; not replacing it")
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=store_dir.name + ".", dir=store_dir.parent))
    try:
        count = _bulk_load(nquads_path, staging)
        if store_dir.exists():
            shutil.rmtree(store_dir)
        staging.rename(store_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _bulk_load(nquads_path: Path, store_dir: Path) -> int:
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads_path), format=ox.RdfFormat.N_QUADS)
    count = len(store)  # counted in the store (counting the union's quads in Python took 6 s at 10×)
    # The deduplicated union graph, streamed from the same file (a SPARQL INSERT
    # of it holds every triple in memory and takes a minute at 1M triples).
    union = ox.NamedNode(UNION_GRAPH)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, union)
        for q in ox.parse(path=str(nquads_path), format=ox.RdfFormat.N_QUADS)
    )
    store.flush()
    store.optimize()
    del store
    gc.collect()  # release the RocksDB lock before anyone opens it read-only
    return count


def build_store_from_sources(sources: Sequence[DataSource], store_dir: str | Path) -> None:
    """A pyoxigraph store at ``store_dir`` holding ``sources`` (for ``--data``).

    The load runs in a child interpreter: opening a RocksDB store starts
    background threads that outlive the store, and a process that later
    forks (gunicorn's master does) would hand its workers a broken thread
    pool that aborts them at exit.
    """
    spec = json.dumps([[s.path, s.graph] for s in sources])
    code = (
        "import json, sys\n"
        "import pyoxigraph as ox\n"
        "from kg.store_engines import DataSource, load_sources\n"
        "sources = [DataSource(p, g) for p, g in json.loads(sys.argv[2])]\n"
        "load_sources(ox.Store(sys.argv[1]), sources)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, "-c", code, str(store_dir), spec], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise ValueError(f"cannot load the data files: {lines[-1] if lines else done.returncode}")


def sources_version(sources: Sequence[DataSource]) -> str:
    """A content hash of the files served, for ETags."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.graph_iri.encode() + b"\0")
        with open(source.path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def dist_version(dist: Path) -> str | None:
    """The build's version, from ``dist/manifest.json``."""
    try:
        return json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- local backends ---------------------------------------------------------------


class LocalBackend:
    """An engine of :mod:`kg.store_engines` behind a :class:`WorkerPool`."""

    def __init__(
        self,
        name: str,
        engine_factory: Any,
        engine_args: tuple,
        settings: StoreSettings,
        version: str | None,
        cleanup: tempfile.TemporaryDirectory | None = None,
        inline: tuple[Callable[..., OxigraphEngine], tuple] | None = None,
    ):
        """``inline``: how to open the in-process engine for our own page queries, a
        factory and its arguments (read-only backends only)."""
        self.name = name
        self.writable = settings.writable
        self.union_default = settings.union_default
        # the data changes under updates, so it has no stable version then
        self.version = None if settings.writable else (settings.version or version)
        size = 1 if settings.writable else settings.processes
        preload = preloaded(engine_factory)
        shared = settings.zygote
        if shared is not None and (shared.factory, shared.args) != (engine_factory, engine_args):
            shared = None  # started for other data
        self._pool = WorkerPool(engine_factory, engine_args, size, preload=preload, zygote=shared if preload else None)
        self._cleanup = cleanup
        # Our own bounded queries (entity pages) may run in the calling process, on a
        # read-only Oxigraph store (thread-safe for reads): no round trip to a worker.
        self._inline_factory = None if settings.writable else inline
        self._inline: tuple[int, Any] | None = None  # (pid, engine): a forked child opens its own

    def query(
        self,
        sparql,
        default_graph_uris=None,
        named_graph_uris=None,
        union_default=True,
        timeout=None,
        max_rows=None,
        base_iri=None,
        inline=False,
        native=False,
        formats=None,
    ) -> QueryResult | Serialized:  # noqa: ANN001
        """Run a query in a worker process (killed past ``timeout``); with ``inline``, a
        query the application itself wrote and bounded may run in this process instead,
        where the backend allows it (no timeout applies then). ``native`` asks the
        in-process engine for :class:`~kg.store_types.TermRows` (see
        ``OxigraphEngine.query``); other paths ignore it and answer as usual.
        ``formats`` (query form → format key): the worker answers with bytes."""
        if inline and self._inline_factory is not None:
            return self._inline_engine().query(
                sparql,
                _list(default_graph_uris),
                _list(named_graph_uris),
                union_default,
                max_rows,
                base_iri,
                trusted=True,
                native=native,
                formats=formats,
            )
        return self._pool.call(
            "query",
            sparql,
            _list(default_graph_uris),
            _list(named_graph_uris),
            union_default,
            max_rows,
            base_iri,
            timeout=timeout,
            formats=formats,
        )

    def _inline_engine(self) -> Any:
        pid = os.getpid()
        if self._inline is None or self._inline[0] != pid:
            factory, args = self._inline_factory
            try:
                self._inline = (pid, factory(*args))
            except FileNotFoundError as exc:  # as the workers report it
                raise StoreUnavailable(f"The store cannot be opened: {exc}") from None
        return self._inline[1]

    def update(self, sparql, using_graph_uris=None, using_named_graph_uris=None, timeout=None, base_iri=None) -> None:  # noqa: ANN001
        if not self.writable:
            raise UpdateNotAllowed("This endpoint is read-only.")
        self._pool.call(
            "update",
            sparql,
            _list(using_graph_uris),
            _list(using_named_graph_uris),
            base_iri,
            timeout=timeout,
        )

    def named_graphs(self, timeout: float | None = None) -> list[str]:
        return self._pool.call("named_graphs", timeout=timeout)

    def get_graph(self, graph, timeout=None, max_rows=None) -> GraphResult | None:  # noqa: ANN001
        return self._pool.call("get_graph", graph, self.union_default, max_rows, timeout=timeout)

    def put_graph(self, graph, data, media_type, base_iri, replace, timeout=None) -> bool:  # noqa: ANN001
        if not self.writable:
            raise UpdateNotAllowed("This endpoint is read-only.")
        return self._pool.call("put_graph", graph, data, media_type, base_iri, replace, timeout=timeout)

    def delete_graph(self, graph, timeout=None) -> bool:  # noqa: ANN001
        if not self.writable:
            raise UpdateNotAllowed("This endpoint is read-only.")
        return self._pool.call("delete_graph", graph, timeout=timeout)

    def close(self) -> None:
        self._pool.close()
        if self._cleanup is not None:
            self._cleanup.cleanup()
            self._cleanup = None


def _list(values: Sequence[str] | None) -> list[str] | None:
    return None if values is None else list(values)


# --- remote backend -----------------------------------------------------------------

_RESULTS_JSON = "application/sparql-results+json"
_REMOTE_ACCEPT = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
#: a remote answer larger than this is refused rather than held in memory
REMOTE_MAX_BYTES = 256 * 1024 * 1024


class RemoteBackend:
    """A SPARQL 1.1 Protocol endpoint over HTTP.

    The remote server owns its dataset: its default graph is whatever it
    serves (start Oxigraph server with ``--union-default-graph`` to match the
    local backends), and ``--data`` files cannot be pushed to it. SERVICE and
    LOAD are checked here before anything is sent. A timeout stops waiting and
    frees this server; the remote server's own time limit governs its work.
    """

    name = "remote"
    version = None

    def __init__(self, settings: StoreSettings):
        if not settings.remote_endpoint:
            raise StoreUnavailable("KG_BACKEND=remote needs KG_REMOTE_ENDPOINT")
        self.endpoint = settings.remote_endpoint
        self.update_endpoint = settings.remote_update_endpoint or settings.remote_endpoint
        self.writable = settings.writable
        self.union_default = settings.union_default
        self.allowlist = settings.allowlist
        self._local = threading.local()

    def _session(self):  # noqa: ANN202
        import requests

        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _post(self, url: str, data: list[tuple[str, str]], timeout: float | None, accept: str):  # noqa: ANN202
        import requests

        deadline = None if not timeout else time.monotonic() + timeout
        try:
            response = self._session().post(
                url,
                data=data,
                headers={"Accept": accept},
                stream=True,
                timeout=(min(10.0, timeout or 10.0), timeout),
            )
            chunks, size = [], 0
            for chunk in response.iter_content(1 << 16):
                chunks.append(chunk)
                size += len(chunk)
                if size > REMOTE_MAX_BYTES:
                    response.close()
                    raise EvaluationError("The remote endpoint's answer is too large.")
                if deadline is not None and time.monotonic() > deadline:
                    response.close()
                    raise QueryTimeout(f"The remote endpoint did not answer within {timeout:g} s.")
        except requests.Timeout:
            raise QueryTimeout(f"The remote endpoint did not answer within {timeout:g} s.") from None
        except requests.RequestException as exc:
            raise StoreUnavailable(f"The remote endpoint cannot be reached: {exc}") from None
        body = b"".join(chunks)
        if response.status_code >= 400:
            message = body.decode("utf-8", "replace").strip()[:2000] or response.reason
            if response.status_code == 400:
                raise QuerySyntaxError(f"The remote endpoint refused the request: {message}")
            raise EvaluationError(f"The remote endpoint answered {response.status_code}: {message}")
        return response.headers.get("Content-Type", ""), body

    def query(
        self,
        sparql,
        default_graph_uris=None,
        named_graph_uris=None,
        union_default=True,
        timeout=None,
        max_rows=None,
        base_iri=None,
        inline=False,  # a remote store has no in-process path
        native=False,  # nor pyoxigraph terms
        formats=None,
    ) -> QueryResult | Serialized:  # noqa: ANN001
        return serialized(self._query(sparql, default_graph_uris, named_graph_uris, timeout, max_rows), formats)

    def _query(
        self,
        sparql: str,
        default_graph_uris: Sequence[str] | None,
        named_graph_uris: Sequence[str] | None,
        timeout: float | None,
        max_rows: int | None,
    ) -> QueryResult:
        check_query(sparql, self.allowlist)
        data = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graph_uris or ()]
        data += [("named-graph-uri", g) for g in named_graph_uris or ()]
        media_type, body = self._post(self.endpoint, data, timeout, _REMOTE_ACCEPT)
        media_type = media_type.split(";")[0].strip().lower()
        if media_type in (_RESULTS_JSON, "application/json"):
            document = json.loads(body)
            if "boolean" in document:
                return AskResult(bool(document["boolean"]))
            bindings = document.get("results", {}).get("bindings", [])
            truncated = max_rows is not None and len(bindings) > max_rows
            return SelectResult(
                list(document.get("head", {}).get("vars", [])),
                bindings[:max_rows] if truncated else bindings,
                truncated,
            )
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise EvaluationError(f"The remote endpoint answered with an unexpected type: {media_type}")
        quads = ox.parse(body, format=fmt)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        truncated = max_rows is not None and len(triples) > max_rows
        return GraphResult(triples[:max_rows] if truncated else triples, truncated)

    def update(self, sparql, using_graph_uris=None, using_named_graph_uris=None, timeout=None, base_iri=None) -> None:  # noqa: ANN001
        if not self.writable:
            raise UpdateNotAllowed("This endpoint is read-only.")
        check_update(sparql, self.allowlist)
        data = [("update", sparql)]
        data += [("using-graph-uri", g) for g in using_graph_uris or ()]
        data += [("using-named-graph-uri", g) for g in using_named_graph_uris or ()]
        self._post(self.update_endpoint, data, timeout, "*/*")

    def named_graphs(self, timeout: float | None = None) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", timeout=timeout)
        assert isinstance(result, SelectResult)
        return sorted(b["g"]["value"] for b in result.bindings if b.get("g", {}).get("type") == "uri")

    def get_graph(self, graph, timeout=None, max_rows=None) -> GraphResult | None:  # noqa: ANN001
        if graph is None:
            query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        else:
            iri = ox.NamedNode(graph)  # validates the IRI before it goes into the query
            if graph not in self.named_graphs(timeout):
                return None
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
        result = self.query(query, timeout=timeout, max_rows=max_rows)
        assert isinstance(result, GraphResult)
        return result

    def put_graph(self, graph, data, media_type, base_iri, replace, timeout=None) -> bool:  # noqa: ANN001
        raise UpdateNotAllowed("Graph Store writes are not forwarded to a remote endpoint.")

    def delete_graph(self, graph, timeout=None) -> bool:  # noqa: ANN001
        raise UpdateNotAllowed("Graph Store writes are not forwarded to a remote endpoint.")

    def close(self) -> None:
        pass


# --- factory ------------------------------------------------------------------------


def open_backend(settings: StoreSettings) -> Backend:
    """The backend ``settings.backend`` names, ready to answer queries."""
    if settings.backend == "remote":
        return RemoteBackend(settings)
    if settings.backend == "memory":
        sources = _memory_sources(settings)
        for source in sources:
            if not Path(source.path).is_file():
                raise StoreUnavailable(f"{source.path} does not exist (run `kg build`)")
        version = sources_version(sources) if settings.data else dist_version(settings.dist)
        # rdflib answers SPARQL; the pages' own queries read the same files in a pyoxigraph
        # store in memory (rdflib took seconds per page, growing with the data)
        inline = (in_memory_engine, (sources, settings.allowlist))
        return LocalBackend("memory", *_memory_engine(settings), settings, version, inline=inline)
    if settings.backend != "oxigraph":
        raise ValueError(f"unknown backend {settings.backend!r}; use one of {', '.join(BACKENDS)}")
    cleanup = None
    if settings.store_dir is not None:
        store_dir = Path(settings.store_dir)
        version = dist_version(store_dir.parent)
    elif settings.data:
        cleanup = tempfile.TemporaryDirectory(prefix="kg-store-")
        store_dir = Path(cleanup.name) / "store"
        build_store_from_sources(settings.data, store_dir)
        version = sources_version(settings.data)
    else:
        store_dir = settings.dist / "store"
        version = dist_version(settings.dist)
    on_disk = (OxigraphEngine, (str(store_dir), settings.writable, settings.allowlist))
    workers = query_engine(settings, store_dir)
    # the pages' own small queries stay on the disk store: no copy of the data per server process
    return LocalBackend("oxigraph", *workers, settings, version, cleanup, inline=on_disk)


def _memory_sources(settings: StoreSettings) -> list[DataSource]:
    return settings.data or [DataSource(str(settings.dist / "dataset.nq"))]


def _memory_engine(settings: StoreSettings) -> tuple[Callable[..., RdflibEngine], tuple]:
    """How the memory backend's query processes open the data: a factory and its arguments."""
    return RdflibEngine, (_memory_sources(settings), settings.writable, settings.allowlist)


def shared_zygote(settings: StoreSettings) -> Zygote | None:
    """One zygote for the query workers of every web process of a server, started
    before they are forked, when those workers hold the data in memory (a read-only
    build that fits, or the memory backend): the server then holds one copy of the
    data instead of one per web process. ``None`` where each worker opens the store
    on disk itself. Raises :class:`RuntimeError` if the data cannot be loaded."""
    if settings.writable:
        return None
    if settings.backend == "memory":
        factory, args = _memory_engine(settings)
    elif settings.backend == "oxigraph":  # in memory only for a build that fits (query_engine)
        factory, args = query_engine(settings, settings.dist / "store")
    else:
        return None
    return Zygote(factory, args, preload=True) if preloaded(factory) else None


def preloaded(factory: Callable[..., Any]) -> bool:
    """Whether a query engine is built once in the zygote and shared by forking: engines
    that hold the data in memory, not the on-disk store (its RocksDB threads must not be
    forked, so each worker opens it after the fork)."""
    return factory is not OxigraphEngine


def query_engine(settings: StoreSettings, store_dir: Path) -> tuple[Callable[..., OxigraphEngine], tuple]:
    """How a query process opens the data (a factory and its arguments): the build's
    dump in memory when it fits (see ``StoreSettings.memory_max_triples``), else the
    store on disk. The benchmark's ``direct`` runs open it the same way."""
    if settings.store_dir is None and not settings.data and _fits_in_memory(settings):
        return dump_engine, (str(settings.dist / "dataset.nq"), settings.allowlist)
    return OxigraphEngine, (str(store_dir), settings.writable, settings.allowlist)


def _fits_in_memory(settings: StoreSettings) -> bool:
    """Whether the query workers read the build's dump into memory (see
    ``StoreSettings.memory_max_triples``): read-only, and the manifest says it is small enough."""
    if settings.writable or settings.memory_max_triples <= 0:
        return False
    if not (settings.dist / "dataset.nq").is_file() or not (settings.dist / "store" / "CURRENT").is_file():
        return False  # without the store the workers report what is missing, as usual
    try:
        manifest = json.loads((settings.dist / "manifest.json").read_text(encoding="utf-8"))
        return int(manifest["triples"]) <= settings.memory_max_triples
    except (OSError, ValueError, KeyError, TypeError):
        return False
