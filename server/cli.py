"""``kg serve``: run the endpoint under gunicorn (never Flask's dev server).

    kg serve [--host 127.0.0.1] [--port 8080] [--backend oxigraph|memory|remote]
             [--data FILE[=GRAPH_IRI] ...] [--workers 2] [--threads 4]

Other settings come from ``KG_*`` environment variables (docs/sparql.md).
With ``--data`` and the oxigraph backend, the files are loaded once, here,
into a temporary store that every worker opens read-only, and removed on exit.
The lead wires ``serve_command`` into ``kg.cli``; ``python -m server.cli``
works too.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from kg.store import BACKENDS, build_store_from_sources, shared_zygote, sources_version
from kg.store_engines import DataSource
from server import config as server_config

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg serve", description="Serve the SPARQL endpoint with gunicorn.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--backend", choices=BACKENDS, help="default: KG_BACKEND or oxigraph")
    parser.add_argument(
        "--data",
        action="extend",
        nargs="+",
        metavar="FILE[=GRAPH]",
        default=[],
        help="serve these RDF files (TriG, N-Quads, Turtle, N-Triples, RDF/XML, JSON-LD) instead of the build; "
        "triples go into the named graph GRAPH, by default the file's URI",
    )
    parser.add_argument("--dist", type=Path, help="the build directory (default: KG_DIST or dist/)")
    parser.add_argument("--store", type=Path, help="a pyoxigraph store directory (default: DIST/store)")
    parser.add_argument("--remote-endpoint", help="SPARQL endpoint URL for --backend remote")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--timeout", type=float, help="query time limit in seconds (default: KG_QUERY_TIMEOUT or 30)")
    parser.add_argument("--log-level", default="info")
    return parser


def _app_config(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if args.backend:
        overrides["KG_BACKEND"] = args.backend
    if args.dist:
        overrides["KG_DIST"] = args.dist
    if args.store:
        overrides["KG_STORE"] = args.store
    if args.remote_endpoint:
        overrides["KG_REMOTE_ENDPOINT"] = args.remote_endpoint
    if args.timeout:
        overrides["KG_QUERY_TIMEOUT"] = args.timeout
    if args.data:
        overrides["KG_DATA"] = [DataSource.parse(spec) for spec in args.data]
    return server_config.load(overrides)


def gunicorn_options(args: argparse.Namespace, settings: dict[str, Any]) -> dict[str, Any]:
    workers = args.workers
    if settings["KG_ENABLE_UPDATE"] and workers != 1:
        log.warning("updates are enabled: one worker process only (one writer per store)")
        workers = 1
    return {
        "bind": f"{args.host}:{args.port}",
        "workers": workers,
        "threads": args.threads,
        "worker_class": "gthread",
        # the query workers enforce KG_QUERY_TIMEOUT; gunicorn's own limit is a backstop
        "timeout": int(settings["KG_QUERY_TIMEOUT"]) + 30,
        "graceful_timeout": 10,
        # the workers' heartbeat file: in memory, not on disk (it is touched on every loop)
        "worker_tmp_dir": "/dev/shm" if Path("/dev/shm").is_dir() else None,
        "limit_request_line": 8190,
        "loglevel": args.log_level,
        "accesslog": "-",
        "errorlog": "-",
    }


def run_gunicorn(app_config: dict[str, Any], options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):  # noqa: ANN202 - called in each worker
            from server import create_app

            return create_app(app_config)

    Application().run()


def missing_build(settings: dict[str, Any]) -> str | None:
    """What is missing to serve the build, if anything: a server that cannot answer
    a single query should not start (its workers would only log errors)."""
    if settings["KG_DATA"] or settings["KG_BACKEND"] == "remote":
        return None
    dist = Path(settings["KG_DIST"])
    if settings["KG_BACKEND"] == "memory":
        needed = dist / "dataset.nq"
    else:
        needed = Path(settings["KG_STORE"]) if settings["KG_STORE"] else dist / "store"
        if not (needed / "CURRENT").is_file():
            return f"there is no store at {needed}: run `kg build` first (or serve files with --data)"
    if not needed.exists():
        return f"{needed} does not exist: run `kg build` first (or serve files with --data)"
    return None


def serve_command(argv: list[str] | None = None) -> int:
    """Entry point of ``kg serve``; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = _app_config(args)
    except ValueError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    options = gunicorn_options(args, settings)
    sources = settings["KG_DATA"]
    if sources and settings["KG_BACKEND"] == "remote":
        print("kg serve: --data cannot be used with the remote backend (it serves its own data)", file=sys.stderr)
        return 2
    for source in sources:
        if not Path(source.path).is_file():
            print(f"kg serve: {source.path}: no such file", file=sys.stderr)
            return 2
    if (missing := missing_build(settings)) is not None:
        print(f"kg serve: {missing}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as scratch:
        if sources and settings["KG_BACKEND"] == "oxigraph":
            store_dir = Path(scratch) / "store"
            log.info("loading %d file(s) into %s", len(sources), store_dir)
            try:
                build_store_from_sources(sources, store_dir)
            except (OSError, SyntaxError, ValueError) as exc:
                print(f"kg serve: cannot load the data: {exc}", file=sys.stderr)
                return 2
            settings = {
                **settings,
                "KG_STORE": store_dir,
                "KG_DATA": [],
                "KG_DATASET_VERSION": settings["KG_DATASET_VERSION"] or sources_version(sources),
            }
        zygote = _start_zygote(settings)
        try:
            run_gunicorn({**settings, "KG_QUERY_ZYGOTE": zygote}, options)
        finally:
            if zygote is not None:
                zygote.close()
    return 0


def _start_zygote(settings: dict[str, Any]):  # noqa: ANN202 - a kg.store_pool.Zygote or None
    """The query workers' zygote, shared by every gunicorn worker (the data read into
    memory once, before the port opens). If it cannot load the data, each gunicorn
    worker tries on its own and reports the error to clients, as without it."""
    try:
        return shared_zygote(server_config.store_settings(settings))
    except RuntimeError as exc:
        log.error("cannot load the data for the query workers: %s", exc)
        return None


if __name__ == "__main__":
    sys.exit(serve_command(sys.argv[1:]))
