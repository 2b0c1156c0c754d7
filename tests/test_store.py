"""kg.store: building the store, loading files, the backends, the worker pool."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import config
from kg import results as kg_results
from kg.results import Serialized, serialize
from kg.store import StoreSettings, dist_version, load_store, open_backend, sources_version
from kg.store_engines import UNION_GRAPH, DataSource, OxigraphEngine, dump_engine, in_memory_engine, read_quads
from kg.store_pool import WorkerPool, Zygote
from kg.store_types import (
    AskResult,
    GraphResult,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    StoreUnavailable,
    UpdateNotAllowed,
)
from tests.sparql_support import NUMBERS, sample_quads

#: a 70^5 (1.7 billion) row cross product: minutes of work for any engine
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE {{ {} }}".format(
    " ".join(f"VALUES ?v{i} {{ {' '.join(str(j) for j in range(70))} }}" for i in range(5))
)


# --- load_store -----------------------------------------------------------------------------


def test_load_store_builds_a_fresh_store(sample_dist: Path, tmp_path: Path) -> None:
    target = tmp_path / "store"
    assert load_store(sample_dist / "dataset.nq", target) == len(sample_quads())
    store = ox.Store.read_only(str(target))
    union = ox.NamedNode(UNION_GRAPH)
    assert len(store) - len(list(store.quads_for_pattern(None, None, None, union))) == len(sample_quads())
    # no triple in the default graph: the contract of dataset.nq
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    # the union graph is the set of all triples
    assert {str(q.triple) for q in store.quads_for_pattern(None, None, None, union)} == {
        str(q.triple) for q in sample_quads()
    }


def test_load_store_replaces_an_old_store(sample_dist: Path, tmp_path: Path) -> None:
    target = tmp_path / "store"
    other = tmp_path / "one.nq"
    other.write_text('<http://ex/s> <http://ex/p> "o" <http://ex/g> .\n', encoding="utf-8")
    load_store(other, target)
    assert load_store(sample_dist / "dataset.nq", target) == len(sample_quads())
    assert not ox.Store.read_only(str(target)).contains_named_graph(ox.NamedNode("http://ex/g"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("store.")] == []  # no staging left


def test_load_store_refuses_to_replace_something_else(sample_dist: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        load_store(sample_dist / "dataset.nq", target)
    assert (target / "notes.txt").exists()


def test_dist_version_reads_the_manifest(sample_dist: Path) -> None:
    assert dist_version(sample_dist) and len(dist_version(sample_dist)) == 64
    assert dist_version(sample_dist / "missing") is None


# --- data files -----------------------------------------------------------------------------


def test_triples_files_go_into_a_graph_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "people.ttl"
    path.write_text("<s> <p> [ <q> 1 ] .\n", encoding="utf-8")
    quads = list(read_quads(DataSource(str(path))))
    assert {q.graph_name.value for q in quads} == {path.resolve().as_uri()}
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    assert subjects == {path.resolve().parent.as_uri() + "/s"}  # relative IRIs: the file's URI


def test_an_explicit_graph_and_base(tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    path.write_text("<http://ex/s> <http://ex/p> <http://ex/o> .\n", encoding="utf-8")
    source = DataSource.parse(f"{path}=http://example.org/graph")
    assert source == DataSource(str(path), "http://example.org/graph")
    assert {q.graph_name.value for q in read_quads(source)} == {"http://example.org/graph"}


def test_quad_files_keep_their_graphs(sample_dist: Path) -> None:
    quads = list(read_quads(DataSource(str(sample_dist / "dataset.trig"))))
    assert {q.graph_name.value for q in quads} == {q.graph_name.value for q in sample_quads()}


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.nt").write_text("_:x <http://ex/p> <http://ex/o> .\n", encoding="utf-8")
    subjects = {q.subject for name in ("a", "b") for q in read_quads(DataSource(str(tmp_path / f"{name}.nt")))}
    assert len(subjects) == 2


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown RDF file extension"):
        list(read_quads(DataSource(str(path))))


def test_sources_version_follows_content(tmp_path: Path) -> None:
    path = tmp_path / "d.nt"
    path.write_text("<http://ex/s> <http://ex/p> 1 .\n", encoding="utf-8")
    before = sources_version([DataSource(str(path))])
    path.write_text("<http://ex/s> <http://ex/p> 2 .\n", encoding="utf-8")
    assert sources_version([DataSource(str(path))]) != before


# --- backends ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["oxigraph", "oxigraph-on-disk", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Each backend; "oxigraph" reads this small build into memory in its workers,
    "oxigraph-on-disk" queries the on-disk store as a large build would."""
    from tests.sparql_support import build_sample_dist

    dist = build_sample_dist(tmp_path_factory.mktemp(f"dist-{request.param}"))
    name, _, where = request.param.partition("-on-")
    settings = StoreSettings(backend=name, dist=dist, processes=2, memory_max_triples=0 if where else 2_000_000)
    store = open_backend(settings)
    yield store
    store.close()


DOC0 = str(config.document_graph("000"))
DOC1 = str(config.document_graph("001"))


def test_backend_version_is_the_build_version(backend) -> None:
    assert backend.version and len(backend.version) == 64


def test_named_graphs(backend) -> None:
    assert set(backend.named_graphs(timeout=30)) == {q.graph_name.value for q in sample_quads()}


def test_default_graph_is_the_union(backend) -> None:
    result = backend.query(f"SELECT ?s WHERE {{ ?s a <{config.KGO}State> }}", timeout=30)
    assert isinstance(result, SelectResult)
    assert len(result.bindings) == 2


def test_union_default_graph_is_a_set(backend) -> None:
    """A triple stated in two graphs is one triple of the union (the RDF merge)."""
    query = f"SELECT ?s WHERE {{ ?s a <{config.KGO}State> }}"
    assert len(backend.query(query, timeout=30).bindings) == 2  # Azerbaijan is a State in two graphs
    assert UNION_GRAPH not in backend.named_graphs(timeout=30)
    graphs = backend.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=30)
    assert UNION_GRAPH not in {b["g"]["value"] for b in graphs.bindings}


@pytest.mark.parametrize("keyword", ["graph", "GrApH"])
def test_the_union_graph_stays_hidden_however_graph_is_written(backend, keyword: str) -> None:
    """Queries that cannot use GRAPH skip the list of named graphs (it costs time per graph);
    any that might, in any case, still see every graph but the union."""
    graphs = backend.query(f"SELECT DISTINCT ?g WHERE {{ {keyword} ?g {{ ?s ?p ?o }} }}", timeout=30)
    names = {b["g"]["value"] for b in graphs.bindings}
    assert names and UNION_GRAPH not in names


def test_default_graph_can_be_the_store_default(backend) -> None:
    result = backend.query("ASK { ?s ?p ?o }", union_default=False, timeout=30)
    assert result == AskResult(False)


def test_protocol_dataset_replaces_the_default(backend) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_doc1 = backend.query(query, default_graph_uris=[DOC1], timeout=30)
    assert only_doc1.bindings[0]["n"]["value"] == str(NUMBERS)
    named = backend.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[DOC0], timeout=30)
    assert [b["g"]["value"] for b in named.bindings] == [DOC0]
    # named graphs given, no default graph: the default graph is empty
    assert backend.query("ASK { ?s ?p ?o }", named_graph_uris=[DOC0], timeout=30) == AskResult(False)


def test_from_clause_beats_the_union_default(backend) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{DOC1}> WHERE {{ ?s ?p ?o }}"
    assert backend.query(query, timeout=30).bindings[0]["n"]["value"] == str(NUMBERS)


def test_rows_are_capped_and_flagged(backend) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}"
    capped = backend.query(query, max_rows=10, timeout=30)
    assert len(capped.bindings) == 10 and capped.truncated
    exact = backend.query(query, max_rows=NUMBERS, timeout=30)
    assert len(exact.bindings) == NUMBERS and not exact.truncated


def test_construct_is_capped(backend) -> None:
    result = backend.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}", max_rows=5, timeout=30
    )
    assert isinstance(result, GraphResult)
    assert len(result.triples) == 5 and result.truncated


@pytest.mark.parametrize(
    ("query", "formats", "key"),
    [
        (
            f"SELECT ?s ?o WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }} ORDER BY ?s ?o",
            {"select": "json", "graph": "ttl"},
            "json",
        ),
        (f"SELECT ?s ?o WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }} ORDER BY ?s ?o", {"select": "tsv"}, "tsv"),
        (f"ASK {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}", {"ask": "xml"}, "xml"),
        (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}", {"graph": "nt"}, "nt"),
    ],
)
def test_the_worker_can_answer_in_bytes(backend, query: str, formats: dict, key: str) -> None:
    """Bytes written in the query worker are the bytes the server would have written."""
    rows = 7 if "ORDER BY" in query else None  # a cut of an unordered answer may differ between runs
    structured = backend.query(query, max_rows=rows, timeout=30)
    answer = backend.query(query, max_rows=rows, timeout=30, formats=formats)
    assert isinstance(answer, Serialized)
    assert (answer.form, answer.truncated) == (structured.form, structured.truncated)
    assert _meaning(answer.data, key) == _meaning(serialize(structured, key), key)


def _meaning(data: bytes, key: str) -> object:
    """What an answer says, parsed: rows in order, a boolean, or a set of triples."""
    if key == "nt":
        return {quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)}
    if key == "csv":  # lossy, and pyoxigraph reads no CSV: its lines after the header
        return data.decode("utf-8").splitlines()[1:]
    parsed = ox.parse_query_results(data, kg_results.RESULT_FORMATS[key])
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return [tuple(row) for row in parsed]


@pytest.mark.parametrize("key", ["json", "tsv", "xml", "csv"])
def test_rows_in_bytes_are_capped_and_flagged(backend, key: str) -> None:
    query = f"SELECT ?s ?o WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}"
    for rows, truncated in ((0, True), (10, True), (NUMBERS, False), (None, False)):
        answer = backend.query(query, max_rows=rows, timeout=30, formats={"select": key})
        assert answer.truncated is truncated
        assert len(_meaning(answer.data, key)) == (NUMBERS if rows is None else rows)


def test_triples_in_bytes_are_capped_and_flagged(backend) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}"
    capped = backend.query(query, max_rows=5, timeout=30, formats={"graph": "nt"})
    assert capped.truncated and len(_meaning(capped.data, "nt")) == 5
    whole = backend.query(query, max_rows=NUMBERS, timeout=30, formats={"graph": "ttl"})
    assert not whole.truncated and len(list(ox.parse(whole.data, ox.RdfFormat.TURTLE))) == NUMBERS


def test_a_form_without_a_format_stays_structured(backend) -> None:
    """The endpoint asks for no bytes when the answer is to be an HTML page."""
    result = backend.query(f"ASK {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}", timeout=30, formats={"select": "json"})
    assert isinstance(result, AskResult) and result.boolean


def test_literals_keep_their_form(backend) -> None:
    result = backend.query(
        'SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }',
        timeout=30,
    )
    assert {"type": "literal", "value": "Armenia", "xml:lang": "en"} in [b["l"] for b in result.bindings]


def test_syntax_error_has_a_position(backend) -> None:
    with pytest.raises(QuerySyntaxError, match=r"line 1, column \d+"):
        backend.query("SELECT * WHERE { ?s ?p ", timeout=30)


def test_service_is_refused(backend) -> None:
    with pytest.raises(QueryRefused, match="allowlist"):
        backend.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", timeout=30)


def test_read_only(backend) -> None:
    with pytest.raises(UpdateNotAllowed):
        backend.update("INSERT DATA { <http://ex/s> <http://ex/p> 1 }", timeout=30)


def test_timeout_stops_the_query_and_the_pool_recovers(backend) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeout):
        backend.query(SLOW_QUERY, timeout=1)
    assert time.monotonic() - start < 3
    # the other worker answers at once; the killed one is replaced
    assert backend.query("ASK {}", timeout=30) == AskResult(True)
    for _ in range(4):
        assert backend.query("ASK {}", timeout=30) == AskResult(True)


def test_a_missing_store_is_reported(tmp_path: Path) -> None:
    store = open_backend(StoreSettings(dist=tmp_path, processes=1))
    try:
        with pytest.raises(StoreUnavailable, match="kg build"):
            store.query("ASK {}", timeout=10)
    finally:
        store.close()


def test_serving_files_with_updates(tmp_path: Path) -> None:
    path = tmp_path / "d.ttl"
    path.write_text("<http://ex/s> <http://ex/p> 1 .\n", encoding="utf-8")
    for name in ("oxigraph", "memory"):
        store = open_backend(StoreSettings(backend=name, data=[DataSource(str(path))], writable=True))
        try:
            assert store.version is None  # the data can change
            store.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/s> <http://ex/p> 2 } }", timeout=30)
            result = store.query("SELECT ?o WHERE { <http://ex/s> <http://ex/p> ?o } ORDER BY ?o", timeout=30)
            assert [b["o"]["value"] for b in result.bindings] == ["1", "2"], name
            assert path.resolve().as_uri() in store.named_graphs(timeout=30)
        finally:
            store.close()


@pytest.mark.parametrize(
    ("settings", "in_memory"),
    [
        ({}, True),
        ({"memory_max_triples": 0}, False),
        ({"memory_max_triples": 5}, False),  # the manifest counts more triples than that
        ({"writable": True}, False),  # updates go to the store on disk
    ],
)
def test_query_workers_read_small_builds_into_memory(tmp_path: Path, settings: dict, in_memory: bool) -> None:
    from tests.sparql_support import build_sample_dist

    dist = build_sample_dist(tmp_path)  # its own: a writable store is changed when opened
    backend = open_backend(StoreSettings(dist=dist, processes=1, **settings))
    try:
        assert (backend._pool._factory is dump_engine) is in_memory
        assert backend.query("ASK { ?s ?p ?o }", timeout=30).boolean
    finally:
        backend.close()


def counting_engine(log: str) -> object:
    """An engine that notes each time it is built (for the pool tests)."""
    with open(log, "a") as handle:
        handle.write(f"{os.getpid()}\n")
    return in_memory_engine([])


@pytest.mark.parametrize(("preload", "builds"), [(True, 1), (False, 3)])
def test_a_preloaded_engine_is_built_once_and_shared(tmp_path: Path, preload: bool, builds: int) -> None:
    """With preload the zygote builds the engine and forks the workers from it; a
    worker killed on timeout is forked again, not rebuilt."""
    log = tmp_path / "builds.log"
    pool = WorkerPool(counting_engine, (str(log),), size=3, preload=preload)
    try:
        assert pool.call("query", "ASK {}", timeout=30).boolean
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(log.read_text().split()) < builds:
            time.sleep(0.05)
        with pytest.raises(QueryTimeout):
            pool.call("query", SLOW_QUERY, timeout=0.5)
        assert pool.call("query", "ASK {}", timeout=30).boolean
        expected = builds if preload else builds + 1  # the replacement: forked, or built anew
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(log.read_text().split()) < expected:
            time.sleep(0.05)
        time.sleep(0.3)  # nothing more comes
        assert len(log.read_text().split()) == expected
    finally:
        pool.close()


def test_pools_share_one_zygote_and_survive_its_loss(tmp_path: Path) -> None:
    """`kg serve` starts one zygote for every gunicorn worker: their pools fork from it
    (the data is loaded once); if it dies, a pool starts its own and goes on answering."""
    log = tmp_path / "builds.log"
    zygote = Zygote(counting_engine, (str(log),), preload=True)
    pools = [WorkerPool(counting_engine, (str(log),), size=2, preload=True, zygote=zygote) for _ in range(2)]
    try:
        for pool in pools:
            assert pool.call("query", "ASK {}", timeout=30).boolean
        assert len(log.read_text().split()) == 1  # built once, in the shared zygote
        pools[0].close()  # a pool that stops leaves the shared zygote running
        assert zygote.alive()
        zygote.process.kill()
        zygote.process.wait()
        with pytest.raises(QueryTimeout):  # its worker is replaced: the zygote is gone
            pools[1].call("query", SLOW_QUERY, timeout=0.5)
        assert pools[1].call("query", "ASK {}", timeout=30).boolean
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(log.read_text().split()) < 2:
            time.sleep(0.05)
        assert len(log.read_text().split()) == 2  # the pool's own zygote loaded the data
    finally:
        for pool in pools:
            pool.close()
        zygote.close()


class _WarmLogging:
    """An engine that notes each time it is warmed (for the pool tests)."""

    def __init__(self, log: str):
        self.log = log
        self.inner = in_memory_engine([])

    def warm(self) -> None:
        with open(self.log, "a") as handle:
            handle.write(f"{os.getpid()}\n")

    def query(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self.inner.query(*args, **kwargs)


@pytest.mark.parametrize(("preload", "warmed"), [(True, 2), (False, 0)])
def test_a_forked_worker_warms_the_engine_it_inherits(tmp_path: Path, preload: bool, warmed: int) -> None:
    """Each worker forked with the zygote's engine reads it once before it says ready;
    a worker that builds its own engine has nothing shared to warm."""
    log = tmp_path / "warm.log"
    log.touch()
    pool = WorkerPool(_WarmLogging, (str(log),), size=2, preload=preload)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(pool._workers) < 2:
            time.sleep(0.05)
        assert pool.call("query", "ASK {}", timeout=30).boolean
        pids = log.read_text().split()
        assert len(pids) == warmed
        assert set(pids) == ({str(w.pid) for w in pool._workers} if preload else set())
    finally:
        pool.close()


class _WarmFails(_WarmLogging):
    def warm(self) -> None:
        raise MemoryError("no room to copy the store")


def test_a_worker_that_cannot_warm_reports_why(tmp_path: Path) -> None:
    """A worker whose warm-up fails says so, as one that cannot open the store does."""
    pool = WorkerPool(_WarmFails, (str(tmp_path / "warm.log"),), size=1, preload=True)
    try:
        with pytest.raises(StoreUnavailable, match="MemoryError: no room to copy the store"):
            pool.call("query", "ASK {}", timeout=30)
    finally:
        pool.close()


def _page_faults_of_a_scan_in_a_fork(engine: object, warm: bool) -> int:
    """Minor page faults of one full scan in a forked child (after ``warm()`` if asked)."""
    import resource

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:  # the child never returns into pytest
            os.close(read)
            if warm:
                engine.warm()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for _solution in engine.store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"):
                pass  # each row dropped at once: the faults counted are the store's, not new rows
            os.write(write, str(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as handle:
        faults = int(handle.read())
    os.waitpid(pid, 0)
    return faults


def test_warm_copies_the_pages_reading_writes_to_before_any_query() -> None:
    """pyoxigraph's in-memory store writes to the pages it reads, so a forked worker's
    first read of each page copies it (a page fault): warm() takes those faults up front."""
    store = ox.Store()
    graph = ox.NamedNode("http://ex/g")
    store.bulk_extend(
        ox.Quad(ox.NamedNode(f"http://ex/s{i}"), ox.NamedNode("http://ex/p"), ox.Literal(f"o{i}"), graph)
        for i in range(50_000)
    )
    engine = OxigraphEngine(store)
    cold = _page_faults_of_a_scan_in_a_fork(engine, warm=False)
    warmed = _page_faults_of_a_scan_in_a_fork(engine, warm=True)
    assert cold > 500  # the phenomenon: thousands of copied pages for 50,000 quads
    assert warmed < cold / 10


def test_an_idle_worker_that_died_is_replaced_without_an_error(tmp_path: Path) -> None:
    pool = WorkerPool(counting_engine, (str(tmp_path / "builds.log"),), size=1, preload=True)
    try:
        assert pool.call("query", "ASK {}", timeout=30).boolean
        (worker,) = pool._workers
        os.kill(worker.pid, signal.SIGKILL)
        time.sleep(0.2)
        assert pool.call("query", "ASK {}", timeout=30).boolean
    finally:
        pool.close()
