"""``python -m bench``: the performance benchmark (``make bench``; see bench/README.md).

    python -m bench --quick        # 10k and 100k triples, short runs: under 5 minutes
    python -m bench --full         # 10k, 100k and 1M triples, longer runs, larger build corpora
    python -m bench --quick --peers ours-oxigraph,oxigraph --no-build
    python -m bench --quick --peer mine=http://127.0.0.1:9000/sparql

Results go to bench/results/<date>-<mode>.json and .md.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from bench.run import Settings, clean, log, run, save

DEFAULT_PEERS = ["ours-oxigraph", "ours-memory", "oxigraph", "virtuoso"]
SCALES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def settings_for(args: argparse.Namespace) -> Settings:
    if args.full:
        s = Settings(
            "full",
            dict(SCALES),
            list(DEFAULT_PEERS),
            duration=10.0,
            verify_rounds=2,
            deref_seconds=3.0,
            deref_entities=300,
            build_factors=[1, 10, 100],
            build_limit=600.0,
        )
    else:
        s = Settings(
            "quick",
            {k: SCALES[k] for k in ("10k", "100k")},
            list(DEFAULT_PEERS),
            duration=3.0,
            verify_rounds=1,
            deref_seconds=0.75,
            deref_entities=100,
            build_factors=[],  # the seeds only: the synthetic multiples take minutes (see --full)
            build_limit=90.0,
        )
    if args.scales:
        s.scales = {k: SCALES[k] if k in SCALES else int(k) for k in args.scales.split(",")}
    if args.peers:
        s.peers = args.peers.split(",")
    s.peers += args.peer
    if args.duration:
        s.duration = args.duration
    if args.turns:
        s.turns = args.turns
    if args.no_build:
        s.build_factors = None
    if args.build_only:
        s.scales = {}
        s.mode += "-build"
    if args.build_limit:
        s.build_limit = args.build_limit
    if args.build_factors:
        s.build_factors = [int(f) for f in args.build_factors.split(",")]
    s.seed = args.seed
    if args.tag:
        s.mode += f"-{args.tag}"
    s.workdir = args.workdir
    s.profile = args.profile
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="10k and 100k triples, short runs (default)")
    mode.add_argument(
        "--full", action="store_true", help="10k, 100k and 1M triples, 10 s runs, build corpora up to 100x"
    )
    parser.add_argument("--scales", help="comma-separated: 10k,100k,1M or a triple count")
    parser.add_argument("--peers", help=f"comma-separated, from {','.join(DEFAULT_PEERS)}")
    parser.add_argument(
        "--peer",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="also measure an endpoint already running on 127.0.0.1",
    )
    parser.add_argument("--duration", type=float, help="seconds per closed-loop run")
    parser.add_argument(
        "--turns", type=int, help="cut each run into this many turns, taken in rotation by every server (default 5)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag", help="added to the results' file names (<date>-<mode>-<tag>)")
    parser.add_argument("--no-build", action="store_true", help="skip the build benchmark")
    parser.add_argument("--build-only", action="store_true", help="only the build benchmark")
    parser.add_argument("--build-limit", type=float, help="seconds each build may take before it is stopped")
    parser.add_argument("--build-factors", help="corpus sizes for the build benchmark, e.g. 1,10,100")
    parser.add_argument("--profile", action="store_true", help="cProfile the build stages")
    parser.add_argument("--workdir", type=Path, help="scratch and data cache (default: $TMPDIR/kg-bench)")
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    settings = settings_for(args)
    # `timeout` and CI stop a run with SIGTERM: exit through the finally blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from bench.build_bench import build_bench

    results = run(settings, build_bench)
    json_path, md_path = save(results, args.results)
    clean(settings)
    log(f"results: {json_path} and {md_path} ({results['seconds']} s)")
    print(md_path.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
