"""Entity dereferencing: how fast a person or a crawler gets one entity.

Our server answers ``/page/<name>`` (HTML) and ``/data/<name>.{ttl,jsonld,nt,rdf}``;
every SPARQL peer, ours included, answers ``DESCRIBE <iri>``. Each format is a
closed loop of one client over the same seeded sample of entities.
"""

from __future__ import annotations

import random

from bench.client import HttpRequest, closed_loop, sparql_request
from bench.generate import ID, Catalogue

#: at least this many requests per format, even when each takes longer than the time given
MIN_SAMPLES = 8
#: label -> path pattern of our linked-data routes
FORMATS = {
    "page": "/page/{name}",
    "ttl": "/data/{name}.ttl",
    "jsonld": "/data/{name}.jsonld",
    "nt": "/data/{name}.nt",
    "rdf": "/data/{name}.rdf",
}


def entity_names(catalogue: Catalogue, seed: int, count: int) -> list[str]:
    iris = [entry["entity"][1:-1] for entry in catalogue.pools["entity"]]
    rng = random.Random(f"{seed}:deref")
    return [iri[len(ID) :] for iri in rng.choices(iris, k=count)]


def requests_for(label: str, names: list[str], sparql_path: str) -> list[HttpRequest]:
    if label == "describe":
        return [sparql_request("describe", f"DESCRIBE <{ID}{name}>", graph=True, path=sparql_path) for name in names]
    return [HttpRequest(label, FORMATS[label].format(name=name)) for name in names]


def measure(
    base_url: str, sparql_path: str, names: list[str], linked_data: bool, seconds: float, timeout: float
) -> dict[str, dict]:
    """p50/p95 per format (and DESCRIBE) for one server."""
    labels = ["describe", *FORMATS] if linked_data else ["describe"]
    results = {}
    for label in labels:
        requests = requests_for(label, names, sparql_path)
        timeout = min(timeout, 30.0)  # a slow backend must not hold the run for minutes per format
        closed_loop(base_url, requests[:1], 1, seconds, timeout)  # warm up the route
        run = closed_loop(base_url, requests[1:], 1, seconds, timeout)
        if len(run.samples) < MIN_SAMPLES:  # a slow route: a few more, so that p50 means something
            more = closed_loop(base_url, requests[1 + len(run.samples) : 1 + MIN_SAMPLES], 1, 20.0, timeout)
            run.samples += more.samples
        summary = run.summary()
        results[label] = {**summary["latency_ms"].get(label, {}), "errors": summary["errors"]}
    return results
