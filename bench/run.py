"""One benchmark run: every scale, every peer, side by side, in one process.

For each scale the data is generated (or reused from the cache), then every
peer is loaded, started and checked for correct answers (our store, queried
in process as ``direct``, gives the reference answers). All of them are then
warmed up and measured in closed loops at each client count, in turns taken
in rotation (:func:`interleaved`): only one is ever busy, so they never
compete for the two cores, and each sees the same drift of the machine's
speed. Entity dereferencing is measured last, one peer at a time.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from bench import deref
from bench.client import HttpRequest, RunResult, closed_loop, sparql_request
from bench.compare import Answer, difference, http_answer
from bench.direct import DirectStore
from bench.generate import generate
from bench.mix import Request, load_templates, request_sequence
from bench.peers import Dataset, OurServer, Peer, make_peer, scratch_dir

#: where each phase's requests start in the seeded sequence (the same for every peer)
OFFSETS = {"verify": 0, "warmup": 100_000, "c": 200_000}


@dataclass
class Settings:
    mode: str
    scales: dict[str, int]
    peers: list[str]
    duration: float  # seconds per closed-loop run
    clients: tuple[int, ...] = (1, 4)
    verify_rounds: int = 2
    #: rounds of the mix sent before measuring, at the highest client count (so that every
    #: server process, ours or a peer's, has answered some before the clock runs), within ``duration``
    warmup_rounds: int = 10
    #: each closed-loop run is cut into this many turns, taken in rotation by every server
    #: and by ``direct`` (see :func:`interleaved`)
    turns: int = 5
    deref_seconds: float = 1.5
    deref_entities: int = 200
    seed: int = 1
    timeout: float = 60.0
    max_requests: int = 20_000
    #: ours-memory (rdflib) is skipped above this many triples (its load alone takes many minutes)
    memory_max_triples: int = 2_000_000
    workdir: Path | None = None
    #: synthetic corpus sizes after the seeds; None: no build benchmark at all
    build_factors: list[int] | None = field(default_factory=lambda: [1, 10])
    build_limit: float = 120.0
    profile: bool = False


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def http_requests(requests: list[Request], sparql_path: str) -> list[HttpRequest]:
    return [sparql_request(r.template.short, r.query, r.template.is_graph, sparql_path) for r in requests]


def collect_answers(peer: Peer, requests: list[Request], timeout: float, limit: float) -> list[Answer | str | None]:
    """Each verification request's normalised answer (or the error) from one peer; None if not reached in time."""
    answers: list[Answer | str | None] = [None] * len(requests)

    def keep(index: int, _request: HttpRequest, response) -> None:  # noqa: ANN001
        if response.status != 200:
            answers[index] = f"HTTP {response.status}: {response.body[:300]!r}"
            return
        try:
            answers[index] = http_answer(response.content_type, response.body)
        except Exception as exc:  # a body we cannot read is a wrong answer, reported as such
            answers[index] = f"unreadable {response.content_type}: {exc}"

    closed_loop(peer.base_url, http_requests(requests, peer.sparql_path), 1, limit, timeout, keep)
    return answers


def verdict(requests: list[Request], reference: list[Answer], answers: list[Answer | str | None]) -> dict:
    """Per template: how many answers equal the reference, and the first difference."""
    per_template: dict[str, dict] = {}
    for request, expected, actual in zip(requests, reference, answers, strict=True):
        entry = per_template.setdefault(request.template.short, {"same": 0, "different": 0})
        if actual is None:
            entry["unchecked"] = entry.get("unchecked", 0) + 1
        elif isinstance(actual, str):
            entry["different"] += 1
            entry.setdefault("first_difference", {"error": actual[:500], "query": request.query[-400:]})
        elif actual == expected:
            entry["same"] += 1
        else:
            entry["different"] += 1
            entry.setdefault("first_difference", {**difference(expected, actual), "query": request.query[-400:]})
    same = sum(e["same"] for e in per_template.values())
    different = sum(e["different"] for e in per_template.values())
    return {
        "same": same,
        "different": different,
        "total": len(requests),
        "all_same": same == len(requests),
        "templates": per_template,
    }


def start_peer(peer: Peer, data: Dataset, phases: dict[str, list[Request]], s: Settings) -> dict:
    """Load and start ``peer``, and collect its answers to the verification requests."""
    out: dict = {"peer": peer.name, "loadavg_before": os.getloadavg()}
    log(f"{data.name} {peer.name}: loading and starting")
    out["load"] = peer.start(data)
    log(f"{data.name} {peer.name}: ready {out['load']}")
    out["answers"] = collect_answers(peer, phases["verify"], s.timeout, max(60.0, 3 * s.duration))
    return out


@dataclass
class Target:
    """What the mix runs against: a peer over HTTP, or our store in process (``direct``)."""

    name: str
    #: (requests, clients, seconds) -> the closed loop's result
    run: Callable[[Sequence[Request], int, float], RunResult]


def http_target(name: str, peer: Peer, timeout: float) -> Target:
    def run(requests: Sequence[Request], clients: int, seconds: float) -> RunResult:
        return closed_loop(peer.base_url, http_requests(list(requests), peer.sparql_path), clients, seconds, timeout)

    return Target(name, run)


def interleaved(
    targets: Sequence[Target], requests: Sequence[Request], clients: int, duration: float, turns: int
) -> dict[str, RunResult]:
    """Run the closed loop against every target for ``duration`` seconds in all, cut into
    ``turns`` turns taken in rotation.

    This machine's speed drifts (the same CPU loop took 0.67 to 1.37 s within minutes on
    2026-12-07), so targets measured one after the other can differ by that drift alone.
    Taken in turns, each target sees the same mix of fast and slow minutes, and a ratio
    between two of them (ours / Virtuoso, ours / ``direct``) is measured side by side.
    Each target continues its own request sequence where its last turn ended, so every
    target gets the same requests, none twice.
    """
    totals = {t.name: RunResult(clients, 0.0) for t in targets}
    sent = dict.fromkeys(totals, 0)
    for turn in range(turns):
        first = turn % len(targets)
        for target in [*targets[first:], *targets[:first]]:
            start = sent[target.name]
            part = target.run(requests[start:], clients, duration / turns)
            total = totals[target.name]
            total.elapsed += part.elapsed
            total.samples += [replace(sample, index=sample.index + start) for sample in part.samples]
            sent[target.name] = start + len(part.samples)
    return totals


def turns_for(duration: float, turns: int) -> int:
    """As many turns as asked, each at least a second long."""
    return max(1, min(turns, int(duration)))


def bench_scale(name: str, triples: int, s: Settings) -> dict:
    work = scratch_dir(s.workdir, f"{name}-seed{s.seed}")
    log(f"{name}: generating about {triples} triples")
    data_info = generate(triples, s.seed, work / "data")
    data = Dataset(name, data_info.path, work, data_info.triples)
    result: dict = {"triples": data_info.triples, "generate_s": data_info.seconds, "generator": data_info.meta}
    templates = load_templates()
    count = s.max_requests
    phases = {
        "verify": request_sequence(templates, data_info.catalogue, s.seed, s.verify_rounds * len(templates)),
        "warmup": request_sequence(
            templates, data_info.catalogue, s.seed, s.warmup_rounds * len(templates), OFFSETS["warmup"]
        ),
        "c": request_sequence(templates, data_info.catalogue, s.seed, count, OFFSETS["c"]),
    }
    names = deref.entity_names(data_info.catalogue, s.seed, s.deref_entities)
    peers: dict[str, dict] = {}
    running: dict[str, Peer] = {}
    try:
        for spec in s.peers:
            if spec == "ours-memory" and data.triples > s.memory_max_triples:
                peers[spec] = {"skipped": f"more than {s.memory_max_triples} triples"}
                continue
            peer = make_peer(spec)
            try:
                peers[spec] = start_peer(peer, data, phases, s)
                running[spec] = peer
            except Exception as exc:
                log(f"{name} {spec}: FAILED {exc}")
                peers[spec] = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-2000:]}
                peer.stop()
        store_dir = work / "dist" / "store"
        if not store_dir.exists():  # ours-oxigraph was not among the peers: load the store for the direct runs
            OurServer("oxigraph")._load(data)
        log(f"{name}: our store directly (no HTTP), and the reference answers")
        store = DirectStore(store_dir)
        try:
            reference = [store.answer(r.query) for r in phases["verify"]]
            targets = [http_target(spec, peer, s.timeout) for spec, peer in running.items()]
            targets.append(Target("direct", store.closed_loop))
            for target in targets:  # every process of every server answers before the clock runs
                target.run(phases["warmup"], max(s.clients), s.duration)
            result["direct"] = {}
            for clients in s.clients:
                runs = interleaved(targets, phases["c"], clients, s.duration, turns_for(s.duration, s.turns))
                for target in targets:
                    out = result["direct"] if target.name == "direct" else peers[target.name]
                    out[f"c{clients}"] = runs[target.name].summary()
                    log(f"{name} {target.name}: c={clients} {runs[target.name].throughput:.1f} q/s")
        finally:
            store.close()
        for spec, peer in running.items():
            out = peers[spec]
            out["deref"] = deref.measure(
                peer.base_url, peer.sparql_path, names, peer.linked_data, s.deref_seconds, s.timeout
            )
            out["memory"] = peer.memory_mb()
            out["loadavg_after"] = os.getloadavg()
            out["verify"] = verdict(phases["verify"], reference, out.pop("answers"))
    finally:
        for peer in running.values():
            peer.stop()
    result["peers"] = peers
    result["templates"] = {t.short: t.title for t in templates}
    return result


def versions() -> dict:
    found = {"python": platform.python_version(), "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "?"}
    for command, key in (
        (["virtuoso-t", "-?"], "virtuoso"),
        ([str(Path(sys.executable).parent / "oxigraph"), "--version"], "oxigraph"),
    ):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10)
            text = (done.stdout + done.stderr).strip().splitlines()
            found[key] = next((line for line in text if "ersion" in line or line.startswith("oxigraph")), text[0])
        except (OSError, IndexError, subprocess.TimeoutExpired):
            found[key] = None
    import importlib.metadata as md

    for package in ("rdflib", "flask", "gunicorn", "owlrl", "pyshacl"):
        try:
            found[package] = md.version(package)
        except md.PackageNotFoundError:
            pass
    return found


def machine() -> dict:
    with open("/proc/meminfo") as f:
        total = int(f.readline().split()[1]) // 1024
    return {"cpus": os.cpu_count(), "memory_mb": total, "platform": platform.platform()}


def run(settings: Settings, build_bench: Callable[[Settings], dict] | None = None) -> dict:
    started = time.time()
    results: dict = {
        "mode": settings.mode,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()},
        "machine": machine(),
        "versions": versions(),
        "scales": {},
    }
    for name, triples in settings.scales.items():
        results["scales"][name] = bench_scale(name, triples, settings)
    if build_bench is not None and settings.build_factors is not None:
        log("build: per stage, on the seeds and larger synthetic corpora")
        results["build"] = build_bench(settings)
    results["seconds"] = round(time.time() - started, 1)
    return results


def save(results: dict, directory: Path) -> tuple[Path, Path]:
    from bench.report import markdown

    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{results['date'][:10]}-{results['mode']}"
    json_path, md_path = directory / f"{stem}.json", directory / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=1, sort_keys=False, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path


def clean(settings: Settings) -> None:
    """Remove per-run scratch (servers' stores); the generated data is kept as a cache."""
    base = scratch_dir(settings.workdir, "")
    for path in base.glob("*/virtuoso"):
        shutil.rmtree(path, ignore_errors=True)
