"""A closed-loop HTTP load client for SPARQL endpoints and linked-data pages.

Closed loop: each of ``clients`` threads sends a request, waits for the whole
answer, and sends the next; throughput is completed requests per second of
wall time. Plain ``http.client`` with one keep-alive connection per thread
keeps the client's own cost small and the same for every server.

Safety: only loopback addresses are accepted, and every run is bounded both
in requests and in seconds.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.5"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class NotLoopback(ValueError):
    """The benchmark only ever sends traffic to this machine."""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    seconds: float


@dataclass(frozen=True)
class HttpRequest:
    """One request of a run: a SPARQL query (POSTed) or a GET of a path."""

    label: str  # what the latency is reported under (template short name, or "page", "ttl", ...)
    path: str  # e.g. "/sparql" or "/page/x"
    query: str | None = None  # SPARQL text, sent as a form POST
    accept: str = "*/*"


def check_loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise NotLoopback(f"{url}: the benchmark only talks to 127.0.0.1")
    return parts.hostname, parts.port or 80


class Connection:
    """A keep-alive connection to one server, reopened after any error."""

    def __init__(self, base_url: str, timeout: float):
        self.host, self.port = check_loopback(base_url)
        self.prefix = urlsplit(base_url).path.rstrip("/")
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def send(self, request: HttpRequest) -> Response:
        headers = {"Accept": request.accept, "Connection": "keep-alive"}
        body = None
        method = "GET"
        if request.query is not None:
            method = "POST"
            body = urlencode({"query": request.query}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._conn.request(method, self.prefix + request.path, body=body, headers=headers)
            answer = self._conn.getresponse()
            data = answer.read()
            status, content_type = answer.status, answer.getheader("Content-Type", "")
            if answer.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Response(599, f"client-error/{type(exc).__name__}", str(exc).encode(), time.perf_counter() - start)
        return Response(status, content_type, data, time.perf_counter() - start)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def sparql_request(label: str, query: str, graph: bool, path: str = "/sparql") -> HttpRequest:
    return HttpRequest(label, path, query, GRAPH_ACCEPT if graph else SELECT_ACCEPT)


@dataclass
class Sample:
    label: str
    index: int
    status: int
    seconds: float
    size: int


@dataclass
class RunResult:
    """What one closed-loop run measured."""

    clients: int
    elapsed: float
    samples: list[Sample] = field(default_factory=list)

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.status == 200]

    @property
    def errors(self) -> int:
        return len(self.samples) - len(self.ok)

    @property
    def throughput(self) -> float:
        return len(self.ok) / self.elapsed if self.elapsed > 0 else 0.0

    def latency(self) -> dict[str, dict[str, float]]:
        """p50/p95 in milliseconds per label (successful requests only)."""
        by_label: dict[str, list[float]] = defaultdict(list)
        for s in self.ok:
            by_label[s.label].append(s.seconds)
        return {label: percentiles(values) for label, values in sorted(by_label.items())}

    def summary(self) -> dict:
        statuses: dict[str, int] = defaultdict(int)
        for s in self.samples:
            if s.status != 200:
                statuses[str(s.status)] += 1
        return {
            "clients": self.clients,
            "seconds": round(self.elapsed, 3),
            "requests": len(self.samples),
            "ok": len(self.ok),
            "errors": dict(statuses),
            "throughput": round(self.throughput, 2),
            "latency_ms": self.latency(),
        }


def percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered) * 1000, 3),
        "p95": round(at(0.95) * 1000, 3),
        "mean": round(statistics.fmean(ordered) * 1000, 3),
    }


def closed_loop(
    base_url: str,
    requests: Sequence[HttpRequest],
    clients: int,
    duration: float,
    timeout: float = 60.0,
    on_response: Callable[[int, HttpRequest, Response], None] | None = None,
) -> RunResult:
    """Send ``requests`` in order from ``clients`` threads until all are sent or ``duration`` s pass.

    Requests are taken from one shared position, so with any number of
    clients the same prefix of the sequence is sent. ``on_response`` sees
    each answer (for result checks); it runs outside the timed section.
    """
    check_loopback(base_url)
    position = 0
    lock = threading.Lock()
    result = RunResult(clients, 0.0)
    deadline = time.perf_counter() + duration

    def worker() -> None:
        nonlocal position
        conn = Connection(base_url, timeout)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if position >= len(requests):
                        return
                    index = position
                    position += 1
                request = requests[index]
                response = conn.send(request)
                sample = Sample(request.label, index, response.status, response.seconds, len(response.body))
                with lock:
                    result.samples.append(sample)
                if on_response is not None:
                    on_response(index, request, response)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, name=f"bench-client-{i}", daemon=True) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 5)
    result.elapsed = time.perf_counter() - start
    return result


def wait_until_ready(
    base_url: str, probe: HttpRequest, limit: float, alive: Callable[[], bool] = lambda: True
) -> float:
    """Poll until the server answers ``probe`` with 200; return the seconds waited.

    ``alive`` tells whether the server process still runs: one that died while
    starting fails the wait at once instead of after ``limit`` seconds.
    """
    start = time.perf_counter()
    conn = Connection(base_url, timeout=10)
    try:
        while time.perf_counter() - start < limit:
            if conn.send(probe).status == 200:
                return time.perf_counter() - start
            if not alive():
                raise RuntimeError(f"{base_url}: the server exited while starting (see its log)")
            time.sleep(0.1)
    finally:
        conn.close()
    raise TimeoutError(f"{base_url} did not answer within {limit:.0f} s")
