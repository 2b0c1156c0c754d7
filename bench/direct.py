"""Our store without HTTP: pyoxigraph ``Store.query`` on the same requests, in process.

Two uses: the reference answers every server is checked against, and the
store's own time, to tell how much the HTTP layer (Flask, gunicorn, the query
worker pool, serialisation) adds on top. The time measured here includes
reading every row and serialising the answer to the format the server sends
(SPARQL JSON or N-Triples): the least any endpoint must do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from bench.client import RunResult, Sample
from bench.compare import Answer, store_answer
from bench.mix import Request
from kg.store import StoreSettings, query_engine
from kg.store_engines import UNION_GRAPH, may_use_named_graphs


class DirectStore:
    """Opens the store as our server's query processes do (the build's dump in memory
    when it fits, else read-only on disk) and queries it with the same dataset options."""

    def __init__(self, store_dir: Path):
        factory, args = query_engine(StoreSettings(dist=store_dir.parent), store_dir)
        self.store = factory(*args).store
        union = ox.NamedNode(UNION_GRAPH)
        if self.store.contains_named_graph(union):
            graphs = [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g != union]
            self.options: dict = {"default_graph": union, "named_graphs": graphs}
        else:
            self.options = {"use_default_graph_as_union": True}

    def query(self, query: str):  # noqa: ANN201 - a pyoxigraph result
        options = self.options
        if not may_use_named_graphs(query):  # as the server's engine: the list only where GRAPH may be
            options = {k: v for k, v in options.items() if k != "named_graphs"}
        return self.store.query(query, **options)

    def run(self, query: str) -> bytes:
        result = self.query(query)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, None, ox.RdfFormat.N_TRIPLES)
        if isinstance(result, bool):
            return b"true" if result else b"false"
        return result.serialize(format=ox.QueryResultsFormat.JSON)

    def answer(self, query: str) -> Answer:
        return store_answer(self.query(query))

    def closed_loop(self, requests: Sequence[Request], clients: int, duration: float) -> RunResult:
        """The same closed loop as :func:`bench.client.closed_loop`, calling the store instead of a server."""
        position = 0
        lock = threading.Lock()
        result = RunResult(clients, 0.0)
        deadline = time.perf_counter() + duration

        def worker() -> None:
            nonlocal position
            while time.perf_counter() < deadline:
                with lock:
                    if position >= len(requests):
                        return
                    index = position
                    position += 1
                request = requests[index]
                start = time.perf_counter()
                try:
                    size, status = len(self.run(request.query)), 200
                except (OSError, SyntaxError, ValueError):
                    size, status = 0, 500
                sample = Sample(request.template.short, index, status, time.perf_counter() - start, size)
                with lock:
                    result.samples.append(sample)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result.elapsed = time.perf_counter() - start
        return result

    def close(self) -> None:
        del self.store
