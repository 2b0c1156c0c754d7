"""Entity dereferencing: how fast a person or a crawler gets one entity.

Our server answers ``/page/<name>`` (HTML) and ``/data/<name>.{ttl,jsonld,nt,rdf}``;
every SPARQL peer, ours included, answers ``DESCRIBE <iri>``. Each format is a
closed loop of one client over the same seeded sample of distinct entities.

Run alone, it measures our server's pages only, optionally side by side with
the server of another checkout (the code before a change):

    python -m bench.deref --scales 1M --baseline /tmp/before --entities 400 --seconds 5

Each scale's data is generated and loaded once (cached in ``--workdir``);
the servers then run one at a time on the same store, alternating
(baseline, current, current, baseline, ... ``--rounds`` times each, so that
drift in the machine's load falls on both alike). Besides latency, each
format reports the server's CPU time per request, which stays comparable
when other work shares the cores. Results go to
``bench/results/<date>-deref-<tag>.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

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
    """``count`` seeded random entities, each at most once (while the pool lasts).

    Distinct, so that every request is a first request for its entity: a
    server that caches pages or descriptions cannot answer from its cache.
    """
    iris = [entry["entity"][1:-1] for entry in catalogue.pools["entity"]]
    rng = random.Random(f"{seed}:deref")
    chosen = rng.sample(iris, k=count) if count <= len(iris) else rng.choices(iris, k=count)
    return [iri[len(ID) :] for iri in chosen]


def requests_for(label: str, names: list[str], sparql_path: str) -> list[HttpRequest]:
    if label == "describe":
        return [sparql_request("describe", f"DESCRIBE <{ID}{name}>", graph=True, path=sparql_path) for name in names]
    return [HttpRequest(label, FORMATS[label].format(name=name)) for name in names]


def measure(
    base_url: str,
    sparql_path: str,
    names: list[str],
    linked_data: bool,
    seconds: float,
    timeout: float,
    cpu_seconds: Callable[[], float] | None = None,
) -> dict[str, dict]:
    """p50/p95 per format (and DESCRIBE) for one server.

    ``cpu_seconds``, when given, reads the CPU time the server's processes have
    used so far; each format then also reports the server's mean CPU time per
    request (``cpu_ms``), which, unlike latency, does not grow when other work
    shares the machine's cores.
    """
    labels = ["describe", *FORMATS] if linked_data else ["describe"]
    results = {}
    for label in labels:
        requests = requests_for(label, names, sparql_path)
        timeout = min(timeout, 30.0)  # a slow backend must not hold the run for minutes per format
        closed_loop(base_url, requests[:1], 1, seconds, timeout)  # warm up the route
        cpu_before = cpu_seconds() if cpu_seconds else 0.0
        run = closed_loop(base_url, requests[1:], 1, seconds, timeout)
        cpu_ms = (cpu_seconds() - cpu_before) * 1000 / max(1, len(run.samples)) if cpu_seconds else None
        if len(run.samples) < MIN_SAMPLES:  # a slow route: a few more, so that p50 means something
            more = closed_loop(base_url, requests[1 + len(run.samples) : 1 + MIN_SAMPLES], 1, 20.0, timeout)
            run.samples += more.samples
        summary = run.summary()
        results[label] = {**summary["latency_ms"].get(label, {}), "errors": summary["errors"]}
        if cpu_ms is not None:
            results[label]["cpu_ms"] = round(cpu_ms, 2)
    return results


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU time so far of a process and all its descendants, from /proc."""
    from bench.peers import process_tree

    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / tick


# --- run alone: our pages, before and after a change ------------------------------------


def _server(root: Path):  # noqa: ANN202 - a bench.peers.OurServer whose code comes from ``root``
    """Our server as ``kg serve`` runs it, started from the checkout at ``root``."""
    import subprocess

    from bench.peers import OurServer

    class CheckoutServer(OurServer):
        def _spawn(self, argv: list[str], log: Path, env: dict[str, str] | None = None) -> None:
            env = dict(env or os.environ, PYTHONPATH=str(root))
            self.process = subprocess.Popen(
                argv, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=root
            )

        def _load(self, data):  # noqa: ANN001, ANN202 - the store is loaded once per scale, not per server
            return 0.0

    return CheckoutServer()


def _prepare(name: str, triples: int, seed: int, workdir: Path | None):  # noqa: ANN202
    """The scale's data, generated (or reused) and loaded into our store once."""
    from bench.generate import generate
    from bench.peers import Dataset, OurServer, scratch_dir

    work = scratch_dir(workdir, f"{name}-seed{seed}")
    info = generate(triples, seed, work / "data")
    data = Dataset(name, info.path, work, info.triples)
    store = work / "dist" / "store"
    manifest = work / "dist" / "manifest.json"
    if not (store / "CURRENT").exists() or not manifest.exists():
        OurServer("oxigraph")._load(data)
    return data, info


#: pages of other entities requested before measuring, as the SPARQL mix does in a full run:
#: every worker has started and built its catalogue, and no measured entity was seen before
WARM_UP_ENTITIES = 40


def _run_one(label: str, root: Path, data, names: list[str], warm: list[str], seconds: float) -> dict:  # noqa: ANN001
    server = _server(root)
    server.name = label
    try:
        server.start(data)
        closed_loop(server.base_url, [HttpRequest("warm", f"/page/{n}") for n in warm], 2, 30.0, 60.0)
        pid = server.process.pid
        result = measure(server.base_url, server.sparql_path, names, True, seconds, 60.0, lambda: tree_cpu_seconds(pid))
        result["memory"] = server.memory_mb()
        result["loadavg"] = os.getloadavg()
        return result
    finally:
        server.stop()


def _merge(runs: list[dict]) -> dict:
    """Two runs of one server as one: p50/p95 of each as measured, and their median."""
    out: dict = {}
    for label in runs[0]:
        if label in ("memory", "loadavg"):
            continue
        entries = [r[label] for r in runs if r.get(label)]
        out[label] = {
            "p50": round(statistics.median(e.get("p50", math.nan) for e in entries), 2),
            "p95": round(statistics.median(e.get("p95", math.nan) for e in entries), 2),
            "cpu_ms": round(statistics.median(e.get("cpu_ms", math.nan) for e in entries), 2),
            "n": sum(e.get("n", 0) for e in entries),
            "runs": [{k: e.get(k) for k in ("n", "p50", "p95", "mean", "cpu_ms", "errors")} for e in entries],
        }
    return out


def _markdown(result: dict) -> str:
    lines = [
        f"# Entity dereferencing {result['date']}\n",
        f"`{result['command']}`: {result['entities']} distinct random entities per format, "
        f"{result['seconds']} s per format per run, c=1, each server run {result['rounds']} times "
        f"(alternating: {', '.join(result['order'])}), each run after pages of {WARM_UP_ENTITIES} other "
        "entities; the median of the runs. 1-minute load average during the runs: "
        f"{result['loadavg']}.\n",
        "\n## Latency, p50 / p95 (ms)\n",
    ]
    labels = ["page", "ttl", "jsonld", "nt", "rdf", "describe"]
    header = ["| scale | code | " + " | ".join(labels) + " |", "|" + "---|" * (len(labels) + 2)]
    lines += header
    for scale, by_code in result["scales"].items():
        for code, figures in by_code.items():
            cells = [f"{figures[x]['p50']} / {figures[x]['p95']}" if x in figures else "–" for x in labels]
            lines.append(f"| {scale} | {code} | " + " | ".join(cells) + " |")
    lines += ["\n## Server CPU time per request, mean (ms): independent of the machine's other load\n", *header]
    for scale, by_code in result["scales"].items():
        for code, figures in by_code.items():
            cells = [str(figures[x].get("cpu_ms", "–")) if x in figures else "–" for x in labels]
            lines.append(f"| {scale} | {code} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import SCALES
    from bench.run import log

    parser = argparse.ArgumentParser(prog="python -m bench.deref", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1M", help="comma-separated: 10k,100k,1M")
    parser.add_argument("--baseline", type=Path, help="another checkout whose server is measured alongside")
    parser.add_argument("--entities", type=int, default=400, help="distinct random entities per format")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per format per run")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each server, alternating")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag", default="pages")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    current = Path(__file__).resolve().parent.parent
    codes = {"baseline": args.baseline.resolve()} if args.baseline else {}
    codes["current"] = current
    # alternating (baseline, current, current, baseline, ...): drift in the machine's load falls on both
    order = [code for r in range(args.rounds) for code in (list(codes) if r % 2 == 0 else list(reversed(codes)))]
    result: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": "python -m bench.deref " + " ".join(argv if argv is not None else sys.argv[1:]),
        "entities": args.entities,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "order": order,
        "codes": {k: str(v) for k, v in codes.items()},
        "scales": {},
        "raw": {},
    }
    for scale in args.scales.split(","):
        data, info = _prepare(scale, SCALES.get(scale) or int(scale), args.seed, args.workdir)
        chosen = entity_names(info.catalogue, args.seed, args.entities + WARM_UP_ENTITIES)
        names, warm = chosen[: args.entities], chosen[args.entities :]
        runs: dict[str, list[dict]] = {code: [] for code in codes}
        for code in order:
            log(f"deref {scale} {code}: {codes[code]}")
            runs[code].append(_run_one(f"ours-{code}", codes[code], data, names, warm, args.seconds))
            log(f"deref {scale} {code}: page {runs[code][-1]['page']}")
        result["scales"][scale] = {code: _merge(r) for code, r in runs.items()}
        result["raw"][scale] = runs
    loads = [run["loadavg"][0] for runs in result["raw"].values() for rs in runs.values() for run in rs]
    result["loadavg"] = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "?"
    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"{result['date'][:10]}-deref-{args.tag}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(_markdown(result), encoding="utf-8")
    print(_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
