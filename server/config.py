"""Server settings: defaults here, overridden by ``KG_*`` environment
variables, overridden by the dict given to :func:`server.create_app`.

Every key is documented in docs/sparql.md ("Configuration").
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kg import config as kg_config
from kg.store import StoreSettings
from kg.store_engines import DataSource

DEFAULTS: dict[str, Any] = {
    # where the build is (dataset.nq, manifest.json, store/)
    "KG_DIST": kg_config.DIST,
    # a pyoxigraph store directory other than KG_DIST/store
    "KG_STORE": None,
    # oxigraph | memory | remote
    "KG_BACKEND": "oxigraph",
    "KG_REMOTE_ENDPOINT": None,
    # where SPARQL Update goes on the remote backend (default: KG_REMOTE_ENDPOINT)
    "KG_REMOTE_UPDATE_ENDPOINT": None,
    # RDF files to serve instead of the build: "FILE" or "FILE=GRAPH_IRI"
    "KG_DATA": [],
    # seconds a query or update may run before its worker is killed
    "KG_QUERY_TIMEOUT": 30.0,
    # SELECT rows / CONSTRUCT triples returned at most (X-SPARQL-Truncated: true past it)
    "KG_MAX_ROWS": 10_000,
    # size limit of a query or update text, in bytes (413 past it)
    "KG_MAX_QUERY_BYTES": 100_000,
    # size limit of a Graph Store Protocol upload, in bytes (413 past it)
    "KG_MAX_UPLOAD_BYTES": 50_000_000,
    # the default graph is the union of all named graphs
    "KG_UNION_DEFAULT_GRAPH": True,
    # accept SPARQL Update and Graph Store writes (with KG_UPDATE_TOKEN)
    "KG_ENABLE_UPDATE": False,
    "KG_UPDATE_TOKEN": None,
    # SERVICE/LOAD targets allowed (exact IRIs; a trailing * matches a prefix)
    "KG_SERVICE_ALLOWLIST": [],
    # query worker processes per server process (1 when updates are enabled)
    "KG_QUERY_PROCESSES": 2,
    # a read-only build of at most this many triples is read into memory by each query
    # worker (faster than the on-disk store, ~0.6 GB per worker per million triples); 0: never
    "KG_IN_MEMORY_MAX_TRIPLES": 2_000_000,
    # Cache-Control max-age of GET answers, in seconds
    "KG_CACHE_MAX_AGE": 300,
    # overrides the dataset version used as ETag
    "KG_DATASET_VERSION": None,
    # example queries (*.rq with "# title:" and "# description:" lines)
    "KG_QUERIES_DIR": kg_config.QUERIES_DIR,
    # optional blueprints, registered when their module imports
    "KG_BLUEPRINTS": ["server.shacl", "server.linkeddata", "server.pages", "server.downloads"],
}

_BOOLEAN = {"KG_UNION_DEFAULT_GRAPH", "KG_ENABLE_UPDATE"}
_FLOAT = {"KG_QUERY_TIMEOUT"}
_INT = {
    "KG_MAX_ROWS",
    "KG_MAX_QUERY_BYTES",
    "KG_MAX_UPLOAD_BYTES",
    "KG_QUERY_PROCESSES",
    "KG_IN_MEMORY_MAX_TRIPLES",
    "KG_CACHE_MAX_AGE",
}
_PATH = {"KG_DIST", "KG_STORE", "KG_QUERIES_DIR"}
_LIST = {"KG_DATA", "KG_SERVICE_ALLOWLIST", "KG_BLUEPRINTS"}


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _parse_list(value: str) -> list[str]:
    """A JSON list, or items separated by whitespace/commas (shell quoting works)."""
    value = value.strip()
    if value.startswith("["):
        return [str(v) for v in json.loads(value)]
    return [item for part in shlex.split(value) for item in part.split(",") if item]


def coerce(key: str, value: Any) -> Any:
    """Turn an environment string (or a loosely typed value) into the key's type."""
    if value is None:
        return None
    if key in _LIST:
        return _parse_list(value) if isinstance(value, str) else list(value)
    if isinstance(value, str):
        if key in _BOOLEAN:
            return _parse_bool(value)
        if key in _FLOAT:
            return float(value)
        if key in _INT:
            return int(value)
        if key in _PATH:
            return Path(value) if value else None
    return value


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings given by ``KG_*`` environment variables."""
    environ = os.environ if environ is None else environ
    return {key: coerce(key, environ[key]) for key in DEFAULTS if key in environ}


def load(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then ``overrides``."""
    settings = dict(DEFAULTS)
    settings.update(from_env())
    for key, value in (overrides or {}).items():
        settings[key] = coerce(key, value)
    if settings["KG_ENABLE_UPDATE"] and not settings["KG_UPDATE_TOKEN"]:
        raise ValueError("KG_ENABLE_UPDATE needs KG_UPDATE_TOKEN (the bearer token for writes)")
    # dist/ is a symlink a build switches atomically: pin the version this server
    # starts with, so its store, files and ETags stay one version until a restart.
    settings["KG_DIST"] = Path(settings["KG_DIST"]).resolve()
    return settings


def store_settings(settings: Mapping[str, Any]) -> StoreSettings:
    """What :func:`kg.store.open_backend` needs, from the server settings."""
    data = [d if isinstance(d, DataSource) else DataSource.parse(str(d)) for d in settings["KG_DATA"]]
    return StoreSettings(
        backend=settings["KG_BACKEND"],
        dist=Path(settings["KG_DIST"]),
        store_dir=Path(settings["KG_STORE"]) if settings["KG_STORE"] else None,
        data=data,
        remote_endpoint=settings["KG_REMOTE_ENDPOINT"],
        remote_update_endpoint=settings["KG_REMOTE_UPDATE_ENDPOINT"],
        writable=bool(settings["KG_ENABLE_UPDATE"]),
        union_default=bool(settings["KG_UNION_DEFAULT_GRAPH"]),
        allowlist=tuple(settings["KG_SERVICE_ALLOWLIST"]),
        processes=int(settings["KG_QUERY_PROCESSES"]),
        memory_max_triples=int(settings["KG_IN_MEMORY_MAX_TRIPLES"]),
        version=settings["KG_DATASET_VERSION"],
        # not a setting: the zygote `kg serve` starts before gunicorn forks (server.cli)
        zygote=settings.get("KG_QUERY_ZYGOTE"),
    )
