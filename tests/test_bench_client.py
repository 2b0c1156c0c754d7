"""Fast checks of the benchmark's HTTP client and answer normalisation (bench/)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.client import HttpRequest, NotLoopback, closed_loop, percentiles, sparql_request
from bench.compare import graph_answer, http_answer, select_answer

ANSWER = {
    "head": {"vars": ["n"]},
    "results": {
        "bindings": [{"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    },
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(ANSWER).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_closed_loop_is_bounded_and_counts(server):
    requests = [sparql_request("q", "ASK {}", graph=False)] * 30
    seen = []
    result = closed_loop(server, requests, clients=4, duration=10, on_response=lambda i, r, a: seen.append(a))
    assert len(result.samples) == 30 and result.errors == 0
    assert result.throughput > 0
    assert all(http_answer(a.content_type, a.body) == select_answer(ANSWER) for a in seen)
    assert result.summary()["latency_ms"]["q"]["n"] == 30


def test_closed_loop_stops_at_the_deadline(server):
    requests = [sparql_request("q", "ASK {}", graph=False)] * 100_000
    result = closed_loop(server, requests, clients=1, duration=0.3)
    assert 0 < len(result.samples) < 100_000


def test_only_loopback():
    with pytest.raises(NotLoopback):
        closed_loop("http://192.0.2.1:80", [HttpRequest("x", "/")], 1, 1)


def test_percentiles():
    p = percentiles([0.001 * i for i in range(1, 101)])
    assert p["n"] == 100 and p["p50"] == pytest.approx(50.5) and p["p95"] == pytest.approx(95.0)


def test_normalisation_compares_values_not_spellings():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    a = {
        "head": {"vars": ["x", "l"]},
        "results": {
            "bindings": [
                {
                    "x": {"type": "typed-literal", "datatype": xsd + "double", "value": "1.0E1"},
                    "l": {"type": "literal", "value": "Baku", "xml:lang": "EN"},
                },
                {"x": {"type": "bnode", "value": "b0"}},
            ]
        },
    }
    b = {
        "head": {"vars": ["x", "l"]},
        "results": {
            "bindings": [
                {"x": {"type": "bnode", "value": "other"}},
                {
                    "x": {"type": "literal", "datatype": xsd + "integer", "value": "10"},
                    "l": {"type": "literal", "value": "Baku", "xml:lang": "en"},
                },
            ]
        },
    }
    assert select_answer(a) == select_answer(b)
    c = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "10"}}]}}
    assert select_answer(c) != select_answer(b)
    nt = b'<http://a> <http://b> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    assert graph_answer("application/n-triples", nt) == graph_answer(
        "text/plain", b'<http://a> <http://b> "2.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    )
