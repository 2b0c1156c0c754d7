"""The servers under test: start each with the same N-Quads, measure load and memory, stop it.

* ``ours-oxigraph`` / ``ours-memory``: our Flask app under gunicorn
  (``python -m server.cli``, i.e. ``kg serve``) with the pyoxigraph store
  (default) or the rdflib in-memory backend, over a dist directory made for
  the synthetic data.
* ``oxigraph``: the Oxigraph server (``oxigraph load`` then ``serve-read-only
  --union-default-graph``), from the ``oxigraph`` PyPI package.
* ``virtuoso``: Virtuoso Open Source 7 from Debian (installed with apt-get if
  missing), in a temporary directory with its own ``virtuoso.ini`` bound to
  127.0.0.1, loaded with ``ld_dir`` + ``rdf_loader_run``.
* ``url``: any endpoint already running on loopback (``--peer name=URL``).

Every process is started in its own session and stopped by its process id;
nothing else on the machine is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.client import HttpRequest, check_loopback, sparql_request, wait_until_ready

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
READY_PROBE = sparql_request("probe", "ASK { ?s ?p ?o }", graph=False)
START_LIMIT = 900.0  # seconds a server may take to load and answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- memory ---------------------------------------------------------------------


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def memory_kb(pid: int) -> tuple[int, int]:
    """RSS and PSS (kB) of one process. RSS counts pages a forked child shares with its
    parent in both; PSS splits them between the processes sharing them, so PSS summed
    over a process tree is what the tree takes from the machine."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class MemorySampler:
    """Samples the summed RSS and PSS of a process tree in the background; keeps the peaks."""

    def __init__(self, root: int, interval: float = 0.25):
        self.root = root
        self.interval = interval
        self.peak = self.last = 0  # RSS, bytes
        self.peak_pss = 0  # bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> int:
        sizes = [memory_kb(pid) for pid in process_tree(self.root)]
        self.last = sum(rss for rss, _ in sizes) * 1024
        self.peak = max(self.peak, self.last)
        self.peak_pss = max(self.peak_pss, sum(pss for _, pss in sizes) * 1024)
        return self.last

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sample()


# --- peers ----------------------------------------------------------------------


@dataclass
class Dataset:
    """One generated dataset, as the peers load it."""

    name: str  # e.g. "100k"
    nquads: Path
    workdir: Path  # scratch space for this dataset (stores, configs)
    triples: int


@dataclass
class Peer:
    """A server under test. Subclasses implement ``_load`` and ``_start``."""

    name: str
    kind: str = "sparql"
    base_url: str = ""
    sparql_path: str = "/sparql"
    process: subprocess.Popen | None = None
    memory: MemorySampler | None = None
    stats: dict = field(default_factory=dict)
    #: True when the server has entity pages (/page, /data) of its own
    linked_data: bool = False

    def start(self, data: Dataset) -> dict:
        """Load ``data`` and start serving it; returns load/start seconds."""
        begin = time.perf_counter()
        self.stats = {"load_s": round(self._load(data), 3)}
        started = time.perf_counter()
        self._start(data)
        if self.process is not None:
            self.memory = MemorySampler(self.process.pid)
        probe = HttpRequest("probe", self.sparql_path, READY_PROBE.query, READY_PROBE.accept)
        wait_until_ready(self.base_url, probe, START_LIMIT, self.alive)
        self.stats["start_s"] = round(time.perf_counter() - started, 3)
        self._after_ready(data)
        self.stats["total_s"] = round(time.perf_counter() - begin, 3)
        return self.stats

    def _load(self, data: Dataset) -> float:
        return 0.0

    def alive(self) -> bool:
        return self.process is None or self.process.poll() is None

    def _start(self, data: Dataset) -> None:
        raise NotImplementedError

    def _after_ready(self, data: Dataset) -> None:
        pass

    def _spawn(self, argv: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            argv, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=ROOT
        )

    def memory_mb(self) -> dict:
        if self.memory is None:
            return {}
        return {
            "rss_peak_mb": round(self.memory.peak / 2**20, 1),
            "pss_peak_mb": round(self.memory.peak_pss / 2**20, 1),
            "rss_now_mb": round(self.memory.last / 2**20, 1),
        }

    def stop(self) -> None:
        if self.memory is not None:
            self.memory.stop()
        if self.process is None:
            return
        pids = process_tree(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # the session we started, by its id
        except ProcessLookupError:
            pass
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.process.wait(10)
        self.process = None


class OurServer(Peer):
    """Our app under gunicorn, as ``kg serve`` runs it, with one store backend."""

    def __init__(self, backend: str = "oxigraph", workers: int = 2, threads: int = 4):
        super().__init__(f"ours-{backend}", linked_data=True)
        self.backend = backend
        self.workers = workers
        self.threads = threads

    def _load(self, data: Dataset) -> float:
        """Make a dist directory for the data; time only the store load (what `kg build` does)."""
        dist = data.workdir / "dist"
        dist.mkdir(parents=True, exist_ok=True)
        target = dist / "dataset.nq"
        if not target.exists():
            os.link(data.nquads, target) if _same_fs(data.nquads, dist) else shutil.copy(data.nquads, target)
        write_dist_extras(dist, data)
        if self.backend != "oxigraph":
            return 0.0
        from kg.store import load_store

        store = dist / "store"
        if store.exists():
            shutil.rmtree(store)
        start = time.perf_counter()
        load_store(target, store)
        return time.perf_counter() - start

    def _start(self, data: Dataset) -> None:
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        argv = [
            sys.executable,
            "-m",
            "server.cli",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--dist",
            str(data.workdir / "dist"),
            "--backend",
            self.backend,
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--log-level",
            "warning",
        ]
        env = dict(os.environ, KG_QUERY_TIMEOUT="60")
        self._spawn(argv, data.workdir / f"{self.name}.log", env)


def _same_fs(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


def write_dist_extras(dist: Path, data: Dataset) -> None:
    """The files besides the data that the server reads from a build: manifest, ontology, shapes, VoID."""
    manifest = {
        "version": f"bench-{data.name}-{data.triples}",
        "base": "https://w3id.org/karabakh-kg/",
        "triples": data.triples,
        "graphs": {},
    }
    (dist / "manifest.json").write_text(json.dumps(manifest, indent=2))
    ontology = ROOT / "ontology"
    shutil.copy(ontology / "kg.ttl", dist / "ontology.ttl")
    if (ontology / "shapes.ttl").exists():
        shutil.copy(ontology / "shapes.ttl", dist / "shapes.ttl")
    else:
        (dist / "shapes.ttl").write_text("")
    (dist / "void.ttl").write_text(
        "@prefix void: <http://rdfs.org/ns/void#> .\n"
        f"<https://w3id.org/karabakh-kg/dataset> a void:Dataset ; void:triples {data.triples} .\n"
    )


class OxigraphServer(Peer):
    """The Oxigraph server (Rust), read-only over a store made by ``oxigraph load``."""

    def __init__(self) -> None:
        super().__init__("oxigraph")
        self.binary = str(VENV_BIN / "oxigraph") if (VENV_BIN / "oxigraph").exists() else "oxigraph"
        self.location: Path | None = None

    def _load(self, data: Dataset) -> float:
        self.location = data.workdir / "oxigraph-server"
        if self.location.exists():
            shutil.rmtree(self.location)
        start = time.perf_counter()
        subprocess.run(
            [self.binary, "load", "--location", str(self.location), "--file", str(data.nquads)],
            check=True,
            capture_output=True,
            timeout=START_LIMIT,
        )
        return time.perf_counter() - start

    def _start(self, data: Dataset) -> None:
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.sparql_path = "/query"
        # No --timeout-s: in 0.5.13 it starts a thread per query that sleeps for the whole timeout,
        # and at ~1,000 queries/s the server runs out of thread stacks within seconds and then
        # fails every request ("failed to allocate an alternative stack"). Our client has its own limit.
        argv = [
            self.binary,
            "serve-read-only",
            "--location",
            str(self.location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
        self._spawn(argv, data.workdir / "oxigraph-server.log")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
ServerThreads = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {dir}, {data_dir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 256
MaxMemPoolSize = 200000000
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
; the settings Virtuoso recommends for 4 GB of memory for buffers
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DeferInferenceRulesInit = 0
"""


def ensure_virtuoso() -> str:
    """The path of virtuoso-t, installing Debian's Virtuoso 7 binaries if missing."""
    binary = shutil.which("virtuoso-t")
    if binary:
        return binary
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # The -bin package has the server and isql without the system service the full package starts.
    for packages in (["virtuoso-opensource-7-bin"], ["virtuoso-opensource"]):
        done = subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
            env=env,
            capture_output=True,
            timeout=900,
        )
        if done.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=900)
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
                env=env,
                capture_output=True,
                timeout=900,
            )
        binary = shutil.which("virtuoso-t")
        if binary:
            return binary
    raise RuntimeError("Virtuoso could not be installed (apt-get install virtuoso-opensource-7-bin)")


class Virtuoso(Peer):
    """Virtuoso Open Source 7 in a scratch directory, started and stopped by the benchmark."""

    def __init__(self) -> None:
        super().__init__("virtuoso")
        self.directory: Path | None = None
        self.sql_port = 0

    def _start(self, data: Dataset) -> None:
        binary = ensure_virtuoso()
        self.directory = data.workdir / "virtuoso"
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        self.sql_port, http_port = free_port(), free_port()
        self.base_url = f"http://127.0.0.1:{http_port}"
        ini = VIRTUOSO_INI.format(
            dir=self.directory, sql_port=self.sql_port, http_port=http_port, data_dir=data.nquads.parent
        )
        (self.directory / "virtuoso.ini").write_text(ini)
        self._spawn([binary, "-f", "-c", str(self.directory / "virtuoso.ini")], self.directory / "stdout.log")

    def _after_ready(self, data: Dataset) -> None:
        """Bulk-load the N-Quads (each quad keeps its graph) and checkpoint; timed as the load."""
        start = time.perf_counter()
        nq = data.nquads
        script = (
            f"ld_dir('{nq.parent}', '{nq.name}', 'urn:bench:unused'); rdf_loader_run(); checkpoint; "
            "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
        )
        done = subprocess.run(
            [shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={script}"],
            capture_output=True,
            text=True,
            timeout=START_LIMIT,
        )
        if done.returncode != 0:
            raise RuntimeError(f"virtuoso load failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        self.stats["load_s"] = round(time.perf_counter() - start, 3)


class RunningServer(Peer):
    """An endpoint someone else runs (``--peer name=http://127.0.0.1:PORT/sparql``)."""

    def __init__(self, name: str, url: str):
        check_loopback(url)
        base, _, path = url.partition("//")[2].partition("/")
        super().__init__(name, base_url="http://" + base, sparql_path="/" + path)

    def _start(self, data: Dataset) -> None:
        pass


def make_peer(spec: str) -> Peer:
    """``ours-oxigraph``, ``ours-memory``, ``oxigraph``, ``virtuoso`` or ``name=URL``."""
    if "=" in spec:
        name, url = spec.split("=", 1)
        return RunningServer(name, url)
    if spec.startswith("ours-"):
        return OurServer(spec.removeprefix("ours-"))
    if spec == "oxigraph":
        return OxigraphServer()
    if spec == "virtuoso":
        return Virtuoso()
    raise ValueError(f"unknown peer {spec!r}")


def scratch_dir(root: Path | None, name: str) -> Path:
    base = root or Path(tempfile.gettempdir()) / "kg-bench"
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path
