"""The published dataset (dist/), loaded once into an in-memory Oxigraph store for tests."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from kg import config


@lru_cache(maxsize=1)
def store() -> ox.Store:
    """dist/dataset.nq in memory; `make test` builds dist/ first."""
    path = config.DIST / "dataset.nq"
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `make build` (or `make test`, which builds first)")
    result = ox.Store()
    result.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return result


def select(query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all graphs, values as plain strings."""
    solutions = store().query(config.sparql_prefixes() + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]
