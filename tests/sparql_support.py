"""Helpers for the SPARQL endpoint tests: a small sample build, real servers
(ours under gunicorn, Oxigraph's) on 127.0.0.1 with free ports, always stopped.
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
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import requests

from kg import config
from kg.store import load_store

ROOT = Path(__file__).resolve().parent.parent
#: the W3C test data, beside the repository (CI clones ../shared next to it)
W3C = Path(os.environ.get("KG_W3C_TESTS", ROOT.parent / "shared" / "w3c"))
SPARQL11 = W3C / "rdf-tests" / "sparql" / "sparql11"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- a sample build -------------------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: rows in the "numbers" document graph, to test truncation
NUMBERS = 30


def sample_quads() -> list[ox.Quad]:
    """A few graphs shaped like the real build's (docs, ontology, metadata, inferred)."""
    n, lit = ox.NamedNode, ox.Literal
    kgo, ident = str(config.KGO), str(config.ID)
    doc0, doc1 = n(str(config.document_graph("000"))), n(str(config.document_graph("001")))
    onto, meta, inferred = n(str(config.GRAPH_ONTOLOGY)), n(str(config.GRAPH_METADATA)), n(str(config.GRAPH_INFERRED))
    label, rdf_type = n(RDFS_LABEL), n(RDF_TYPE)
    az, am = n(ident + "azerbaijan"), n(ident + "armenia")
    quads = [
        ox.Quad(az, rdf_type, n(kgo + "State"), doc0),
        ox.Quad(az, label, lit("Azerbaijan", language="en"), doc0),
        ox.Quad(am, rdf_type, n(kgo + "State"), doc0),
        ox.Quad(am, label, lit("Armenia", language="en"), doc0),
        ox.Quad(n(ident + "evil"), label, lit("<script>alert('x')</script> & more"), doc0),
        ox.Quad(n(ident + "evil"), n("http://www.w3.org/2000/01/rdf-schema#seeAlso"), n("javascript:alert(1)"), doc0),
        ox.Quad(n(kgo + "State"), rdf_type, n("http://www.w3.org/2002/07/owl#Class"), onto),
        ox.Quad(n(kgo + "State"), n("http://www.w3.org/2000/01/rdf-schema#subClassOf"), n(kgo + "Agent"), onto),
        ox.Quad(n(ident + "doc/000"), n("http://purl.org/dc/terms/title"), lit("A source text"), meta),
        ox.Quad(az, rdf_type, n(kgo + "Agent"), inferred),
        ox.Quad(az, rdf_type, n(kgo + "State"), inferred),  # also stated in doc/000
        ox.Quad(am, rdf_type, n(kgo + "Agent"), inferred),
    ]
    quads += [
        ox.Quad(n(ident + f"n{i:02d}"), n(kgo + "value"), lit(str(i), datatype=n(XSD + "integer")), doc1)
        for i in range(NUMBERS)
    ]
    return quads


def build_sample_dist(directory: Path) -> Path:
    """dist/-like directory: dataset.nq, dataset.trig, manifest.json, store/."""
    directory.mkdir(parents=True, exist_ok=True)
    quads = sample_quads()
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    (directory / "dataset.nq").write_bytes(nquads)
    (directory / "dataset.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    graphs: dict[str, int] = {}
    for quad in quads:
        graphs[quad.graph_name.value] = graphs.get(quad.graph_name.value, 0) + 1
    import hashlib

    manifest = {"version": hashlib.sha256(nquads).hexdigest(), "triples": len(quads), "graphs": graphs}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    load_store(directory / "dataset.nq", directory / "store")
    return directory


# --- servers ----------------------------------------------------------------------------------


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60.0, headers: dict | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            if requests.get(url, headers=headers or {}, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL; the whole process group (gunicorn and its workers)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def kg_server(args: Sequence[str] = (), env: dict[str, str] | None = None) -> Iterator[str]:
    """``python -m server.cli`` (gunicorn) on a free port; yields its base URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="kg-serve-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/sparql", process, headers={"Accept": "text/turtle"})
        yield base
    except BaseException:
        log.flush()
        sys.stderr.write(Path(log.name).read_text(errors="replace")[-4000:])
        raise
    finally:
        stop(process)
        log.close()
        os.unlink(log.name)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    return found


@contextmanager
def oxigraph_server(nquads: Path) -> Iterator[str]:
    """Oxigraph's own server, loaded with ``nquads``, union default graph on; yields its query URL."""
    binary = oxigraph_binary()
    with tempfile.TemporaryDirectory(prefix="oxigraph-") as location:
        subprocess.run([binary, "load", "--location", location, "--file", str(nquads)], check=True, capture_output=True)
        port = free_port()
        process = subprocess.Popen(
            [binary, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/query", process, headers={"Accept": "text/turtle"})
            yield f"http://127.0.0.1:{port}/query"
        finally:
            stop(process)
