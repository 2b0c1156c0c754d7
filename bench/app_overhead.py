"""How much of a SPARQL request our Flask app itself costs, without HTTP or gunicorn.

``python -m bench.app_overhead [N]`` sends N one-entity SELECT queries (each text
different, so no ETag answers them) through Flask's test client against the
built ``dist/``, and the same queries straight to the store's engine in
process, and prints the median milliseconds of each: the difference is the
app (dispatch, negotiation, the query worker round trip, serialisation).
"""

from __future__ import annotations

import statistics
import sys
import time

import pyoxigraph as ox

from kg import config
from kg.store_engines import UNION_GRAPH, OxigraphEngine
from server import create_app

QUERY = "SELECT ?p ?o WHERE { <%s> ?p ?o } LIMIT 20 #%d"
JSON = "application/sparql-results+json"


def timed(call: object, count: int) -> list[float]:
    times = []
    for i in range(count):
        start = time.perf_counter()
        call(i)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(count: int = 300) -> None:
    entity = config.BASE + "id/azerbaijan"
    client = create_app({}).test_client()
    engine = OxigraphEngine(str(config.DIST / "store"))

    def through_app(i: int) -> None:
        response = client.get("/sparql", query_string={"query": QUERY % (entity, i)}, headers={"Accept": JSON})
        assert response.status_code == 200

    union = ox.NamedNode(UNION_GRAPH)  # what the endpoint's default graph is

    def direct(i: int) -> None:
        result = engine.store.query(QUERY % (entity, i), default_graph=union)
        assert b'"bindings":[{' in result.serialize(format=ox.QueryResultsFormat.JSON)

    timed(through_app, 50), timed(direct, 50)  # warm up
    app_ms, store_ms = statistics.median(timed(through_app, count)), statistics.median(timed(direct, count))
    print(f"{count} requests: app {app_ms:.2f} ms, store {store_ms:.2f} ms, app adds {app_ms - store_ms:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if sys.argv[1:] else 300)
