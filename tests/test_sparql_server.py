"""The endpoint under a real gunicorn on 127.0.0.1: a slow query neither blocks
other clients nor outlives its time limit."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests

from server.cli import serve_command
from tests.sparql_support import kg_server
from tests.test_store import SLOW_QUERY

TIMEOUT = 3


def query_workers(server_pid_group: int) -> dict[int, int]:
    """The query worker processes in the server's session, each with its parent: the
    forks of a zygote (a kg.store_pool process whose parent is one too), not the zygotes."""
    pool = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"kg.store_pool" in cmdline and os.getsid(int(entry.name)) == server_pid_group:
                stat = (entry / "stat").read_text()
                pool[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])  # the parent's pid
        except (OSError, ProcessLookupError, ValueError, IndexError):
            continue
    return {pid: parent for pid, parent in pool.items() if parent in pool}


def server_session(base: str) -> int:
    """The session id of the gunicorn listening on ``base`` (our test started it)."""
    port = base.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"server.cli" in cmdline and f"--port {port}".encode() in cmdline:
                return os.getsid(int(entry.name))
    raise LookupError(base)


@pytest.fixture(scope="module")
def server(sample_dist: Path):
    with kg_server(["--dist", str(sample_dist), "--workers", "2", "--threads", "4", "--timeout", str(TIMEOUT)]) as base:
        yield base


def test_slow_query_does_not_block_quick_ones_and_is_stopped(server: str) -> None:
    session = server_session(server)
    deadline = time.monotonic() + 30  # workers are forked once their zygote has loaded the data
    while len(before := query_workers(session)) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(before) == 4  # 2 gunicorn workers x 2 query processes
    assert len(set(before.values())) == 1  # forked by one zygote: the data loaded once

    slow: dict[str, object] = {}

    def run_slow() -> None:
        start = time.monotonic()
        response = requests.get(server + "/sparql", params={"query": SLOW_QUERY}, timeout=60)
        slow.update(status=response.status_code, seconds=time.monotonic() - start, text=response.text)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # the slow query is running
    latencies = []
    for _ in range(10):
        start = time.monotonic()
        response = requests.get(server + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        latencies.append(time.monotonic() - start)
        assert response.status_code == 200 and response.json()["boolean"] is True
    assert thread.is_alive(), "the slow query should still be running"
    assert max(latencies) < 1.0, latencies
    thread.join(timeout=30)

    assert slow["status"] == 503 and "time limit" in str(slow["text"])
    assert TIMEOUT - 0.5 < float(slow["seconds"]) < TIMEOUT + 3  # type: ignore[arg-type]
    # the worker that ran it was killed (its CPU freed) and replaced
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        after = query_workers(session)
        if len(after) == 4 and after.keys() != before.keys():
            break
        time.sleep(0.2)
    assert len(after) == 4 and len(before.keys() - after.keys()) == 1


def test_real_server_basics(server: str) -> None:
    response = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200
    assert f"<{server}/sparql>" in response.text  # sd:endpoint is the real URL
    posted = requests.post(
        server + "/sparql", data="ASK {}", headers={"Content-Type": "application/sparql-query"}, timeout=10
    )
    assert posted.json() == {"head": {}, "boolean": True}


def test_serving_arbitrary_files(tmp_path: Path) -> None:
    path = tmp_path / "people.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:ada ex:name "Ada" .\n', encoding="utf-8")
    with kg_server(["--data", str(path), "--workers", "1"]) as base:
        response = requests.get(
            base + "/sparql",
            params={"query": "SELECT ?g ?name WHERE { GRAPH ?g { ?s <http://example.org/name> ?name } }"},
            timeout=10,
        )
        row = response.json()["results"]["bindings"][0]
        assert row["name"]["value"] == "Ada"
        assert row["g"]["value"] == path.resolve().as_uri()
        assert "ETag" in response.headers  # a content hash of the files


def test_serve_command_rejects_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert serve_command(["--data", str(tmp_path / "missing.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert serve_command(["--backend", "remote", "--data", str(tmp_path / "x.ttl")]) == 2


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_serve_command_without_a_build_says_what_to_run(
    backend: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert serve_command(["--backend", backend, "--dist", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err


def test_an_app_without_a_store_answers_503_with_what_to_do(tmp_path: Path) -> None:
    """Started before any build (create_app, as gunicorn calls it): no traceback, every
    request gets the store's message."""
    from server import close_app, create_app

    app = create_app({"KG_DIST": tmp_path, "KG_QUERY_PROCESSES": 1})
    try:
        client = app.test_client()
        for url in ("/", "/page/azerbaijan", "/id/azerbaijan", "/sparql?query=ASK%7B%7D"):
            response = client.get(url, headers={"Accept": "text/html"})
            assert response.status_code == 503, url
            assert "kg build" in response.text, url
    finally:
        close_app(app)
