"""The build, measured per stage, on the seeds and on synthetic corpora k× their size.

Each build runs ``kg.build.build`` in a child process with ``KG_SEEDS`` and
``KG_DIST`` pointing at a scratch directory (kg/config.py reads them at import),
so the real ``dist/`` is never touched. The child reports every stage of
:class:`kg.dataset.Timings` as it ends, so a build stopped at the time limit
still tells which stages finished and which one ran out of time; a stopped
build's stack is sampled with py-spy when it is installed, to show where the
time went. ``--profile`` runs the finished builds under cProfile.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus
from bench.peers import MemorySampler
from kg import hugepages

ROOT = Path(__file__).resolve().parent.parent

#: Runs in the child: hook Timings.stage to report each stage as it starts and ends, then build.
CHILD = r"""
import contextlib, json, sys, time
from kg import dataset

_stage = dataset.Timings.stage

@contextlib.contextmanager
def stage(self, name):
    print(json.dumps({"start": name, "at": time.perf_counter()}), flush=True)
    try:
        with _stage(self, name):
            yield
    finally:  # a stage that raised (validation failed) still took its time
        print(json.dumps({"stage": name, "seconds": round(self.stages[name], 3)}), flush=True)

dataset.Timings.stage = stage
from kg.build import build
from kg import config

def main():
    result = build(config.DIST)
    done = {"done": True, "triples": result.manifest["triples"], "warnings": len(result.warnings),
            "stages": {k: round(v, 3) for k, v in result.timings.stages.items()}}
    print(json.dumps(done), flush=True)

if sys.argv[1:] == ["profile"]:
    import cProfile, pstats, io
    profiler = cProfile.Profile()
    try:
        profiler.runcall(main)
    finally:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(json.dumps({"profile": out.getvalue()}), flush=True)
else:
    main()
"""


def stack_sample(pid: int) -> str | None:
    """A py-spy dump of a running build (where it is spending its time), if py-spy is installed."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        return None
    done = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True, timeout=60)
    return done.stdout[-6000:] or done.stderr[-2000:]


def run_build(seeds: Path, dist: Path, limit: float, profile: bool) -> dict:
    """One build in a child process, stopped after ``limit`` seconds; stages as they finished."""
    env = dict(os.environ, KG_SEEDS=str(seeds), KG_DIST=str(dist), PYTHONPATH=str(ROOT))
    if hugepages.supported():  # as `kg build` runs itself (kg/hugepages.py)
        env = hugepages.with_huge_pages(env) or env
    argv = [sys.executable, "-c", CHILD, *(["profile"] if profile else [])]
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    out: dict = {"stages": {}, "load_avg_1min_at_start": round(os.getloadavg()[0], 2)}
    memory = MemorySampler(child.pid, interval=0.5)
    running: str | None = None
    try:
        stdout, stderr = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        out["stack_when_stopped"] = stack_sample(child.pid)
        # the whole group: a validation worker left alive keeps the output pipe open (and
        # blocks writing its results to a parent that is gone), so communicate() never returns
        os.killpg(child.pid, signal.SIGKILL)
        stdout, stderr = child.communicate()
        out["error"] = f"stopped after {limit:.0f} s"
    out["wall_s"] = round(time.perf_counter() - start, 3)
    memory.stop()
    out.update(peak_rss_mb=round(memory.peak / 2**20), peak_pss_mb=round(memory.peak_pss / 2**20))
    out["load_avg_1min_at_end"] = round(os.getloadavg()[0], 2)
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if "start" in event:
            running = event["start"]
        elif "stage" in event:
            out["stages"][event["stage"]] = event["seconds"]
            running = None
        elif "profile" in event:
            out["profile"] = event["profile"]
        elif event.get("done"):
            out["triples"] = event["triples"]
            out["stages"].update(event.get("stages", {}))  # also stages timed outside Timings.stage
            out["total_s"] = out["wall_s"]
    if running is not None:
        out["unfinished_stage"] = running
        out["stages"][running] = f"> {out['wall_s'] - sum(out['stages'].values()):.0f}"
    if child.returncode not in (0, None) and "error" not in out:
        if child.returncode == -9:  # nobody here sent SIGKILL before the limit: the kernel's OOM killer did
            out["error"] = "killed by SIGKILL (out of memory?)"
        else:
            out["error"] = failure(stderr) or f"exit {child.returncode}"
        out["failed_after_s"] = out["wall_s"]  # it ran to the end, and failed there: the time still counts
    return out


def summary(run: dict) -> str:
    """One line per build for the log: time, quads, peak memory, the machine's load."""
    took = run.get("total_s") or run.get("error")
    return (
        f"{took} s, {run.get('triples')} quads, peak RSS of the process tree {run.get('peak_rss_mb')} MB "
        f"(PSS {run.get('peak_pss_mb')} MB), load average {run.get('load_avg_1min_at_start')} → "
        f"{run.get('load_avg_1min_at_end')}; stages {run.get('stages')}"
    )


def failure(stderr: str) -> str | None:
    """The exception line of a traceback (its first line only: validation reports run long)."""
    for line in stderr.splitlines():
        match = re.match(r"^([\w.]*(Error|Failed|Exception|Interrupt)):? ?(.*)$", line)
        if match:
            return f"{match.group(1)}: {match.group(3)[:200]}"
    return stderr.strip().splitlines()[-1][:200] if stderr.strip() else None


def seeds_stats(seeds: Path) -> dict:
    import yaml

    items = 0
    for path in (seeds / "annotations").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items += sum(
            len(data.get(k) or [])
            for k in ("statements", "tenures", "casualties", "losses", "holdings", "transfers", "measurements")
        )
    return {"documents": len(list(seeds.glob("*.txt"))), "items": items}


def build_bench(settings) -> dict:  # noqa: ANN001 - bench.run.Settings (not imported: no cycle)
    """The seeds, then a synthetic corpus for each factor; each build bounded by ``settings.build_limit``."""
    from bench.run import log

    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-build-", dir=settings.workdir))
    runs = []
    try:
        real_seeds = Path(os.environ.get("KG_SEEDS", ROOT / "seeds"))
        log(f"build: the seeds ({real_seeds})")
        run = {"factor": "seeds", **seeds_stats(real_seeds)}
        run.update(run_build(real_seeds, scratch / "dist-seeds", settings.build_limit, settings.profile))
        log(f"build: the seeds: {summary(run)}")
        runs.append(run)
        for factor in settings.build_factors:
            seeds = scratch / f"seeds-{factor}x"
            stats = write_corpus(seeds, factor, settings.seed)
            log(f"build: synthetic corpus {factor}× ({stats})")
            run = {"factor": factor, **stats}
            run.update(run_build(seeds, scratch / f"dist-{factor}x", settings.build_limit, settings.profile))
            log(f"build: synthetic corpus {factor}×: {summary(run)}")
            runs.append(run)
            shutil.rmtree(seeds, ignore_errors=True)
            if "total_s" not in run:  # a larger corpus would only run out of time too
                break
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"limit_s": settings.build_limit, "runs": runs}
