"""How long `kg ingest` takes on a 1,500-word article (target: under 2 seconds).

    .venv/bin/python bench/ingest_bench.py [--runs 7] [--words 1500]

The article is the first ~1,500 words of seed text 000 (cut at a paragraph
end). Two numbers, each the median of several runs:

* warm: the pipeline and the draft writer in a process that has already
  loaded spaCy (what a long-running service or a batch of files pays);
* cold: the whole command, ``python -m kg.ingest FILE --date ...``, in a new
  process (what a person typing the command waits for), imports included.

Not a unit test: timings depend on the machine, so they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.config import ANNOTATIONS, SEEDS  # noqa: E402


def article(words: int) -> str:
    """The first paragraphs of seed 000 adding up to about ``words`` words."""
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    out, n = [], 0
    for para in text.split("\n\n"):
        out.append(para)
        n += len(para.split())
        if n >= words:
            break
    return "\n\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--words", type=int, default=1500)
    args = ap.parse_args()

    from kg.ingest.draft import render, render_mentions
    from kg.ingest.gazetteer import Gazetteer
    from kg.ingest.pipeline import propose

    text = article(args.words)
    gaz = Gazetteer.from_dir(ANNOTATIONS / "entities")
    propose(text, "bench", "2024-03-01", gaz)  # load spaCy and dateparser once
    warm = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        props = propose(text, "bench", "2024-03-01", gaz)
        render(props, source="bench.txt", author="bench-author")
        render_mentions(props)
        warm.append(time.perf_counter() - t0)

    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.txt"
        src.write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "kg.ingest", str(src), "--date", "2024-03-01", "-o", str(Path(tmp) / "d.yaml")]
        for _ in range(max(3, args.runs // 2)):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
            cold.append(time.perf_counter() - t0)

    print(f"$ {Path(sys.executable).name} bench/ingest_bench.py --runs {args.runs} --words {args.words}")
    print(f"article: {len(text.split())} words, {len(props.items)} items, {len(props.mentions)} mentions proposed")
    print(f"warm (pipeline + writer, median of {len(warm)}): {statistics.median(warm):.3f} s")
    print(f"cold (python -m kg.ingest, median of {len(cold)}): {statistics.median(cold):.3f} s")
    print("target: under 2 s for the command;", "met" if statistics.median(cold) < 2 else "NOT met")


if __name__ == "__main__":
    main()
