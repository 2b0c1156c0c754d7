"""The markdown report of a run: the figures side by side, and the targets met or missed."""

from __future__ import annotations

import math
from typing import Any

OURS = "ours-oxigraph"
REFERENCE_PEER = "virtuoso"
#: issue targets: our default store's c=4 throughput over Virtuoso's, per scale
THROUGHPUT_TARGETS = {"10k": 1.5, "100k": 1.0, "1M": 0.7}
PAGE_P50_MS, PAGE_P95_MS = 5.0, 20.0
HTTP_OVERHEAD_MAX = 0.10
SEEDS_BUILD_MAX_S = 10.0


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def throughput(result: dict, scale: str, peer: str, clients: int) -> float | None:
    entry = result["scales"].get(scale, {})
    data = entry.get("direct", {}) if peer == "direct" else entry.get("peers", {}).get(peer, {})
    return data.get(f"c{clients}", {}).get("throughput")


def peers_of(result: dict) -> list[str]:
    seen: list[str] = []
    for scale in result["scales"].values():
        for name in scale.get("peers", {}):
            if name not in seen:
                seen.append(name)
    return seen


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def overhead(result: dict, scale: str) -> float | None:
    """How much slower our server is than its store at c=1: mean latency ratio minus one."""
    entry = result["scales"].get(scale, {})
    ours = entry.get("peers", {}).get(OURS, {}).get("c1", {}).get("latency_ms", {})
    direct = entry.get("direct", {}).get("c1", {}).get("latency_ms", {})
    common = [t for t in direct if t in ours]
    if not common:
        return None
    return round(sum(ours[t]["p50"] for t in common) / sum(direct[t]["p50"] for t in common) - 1, 3)


def per_query_ratio(result: dict, scale: str, a: str, b: str) -> float | None:
    """Geometric mean over the queries of p50(b) / p50(a) at c=1: how many times faster ``a`` is, query by query."""
    peers = result["scales"].get(scale, {}).get("peers", {})
    la = peers.get(a, {}).get("c1", {}).get("latency_ms", {})
    lb = peers.get(b, {}).get("c1", {}).get("latency_ms", {})
    ratios = [lb[t]["p50"] / la[t]["p50"] for t in la if t in lb and la[t].get("p50") and lb[t].get("p50")]
    if not ratios:
        return None
    return round(math.exp(sum(math.log(r) for r in ratios) / len(ratios)), 2)


def overhead_ms(result: dict, scale: str) -> float | None:
    """Mean over the queries of p50(ours over HTTP) - p50(store in process), in ms."""
    entry = result["scales"].get(scale, {})
    ours = entry.get("peers", {}).get(OURS, {}).get("c1", {}).get("latency_ms", {})
    direct = entry.get("direct", {}).get("c1", {}).get("latency_ms", {})
    common = [t for t in direct if t in ours]
    if not common:
        return None
    return round(sum(ours[t]["p50"] - direct[t]["p50"] for t in common) / len(common), 2)


def targets(result: dict) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for scale, goal in THROUGHPUT_TARGETS.items():
        if scale in result["scales"]:
            r = ratio(throughput(result, scale, OURS, 4), throughput(result, scale, REFERENCE_PEER, 4))
            rows.append([f"SPARQL mix c=4 at {scale}: ours / Virtuoso ≥ {goal}", r, _met(r is not None and r >= goal)])
    largest = list(result["scales"])[-1] if result["scales"] else None
    if largest:
        page = result["scales"][largest].get("peers", {}).get(OURS, {}).get("deref", {}).get("page", {})
        p50, p95 = page.get("p50"), page.get("p95")
        rows.append(
            [f"entity page p50 < {PAGE_P50_MS} ms at {largest}", p50, _met(p50 is not None and p50 < PAGE_P50_MS)]
        )
        rows.append(
            [f"entity page p95 < {PAGE_P95_MS} ms at {largest}", p95, _met(p95 is not None and p95 < PAGE_P95_MS)]
        )
    for scale in result["scales"]:
        o = overhead(result, scale)
        rows.append(
            [
                f"HTTP layer adds ≤ 10 % to store time ({scale}, c=1, sum of p50)",
                None if o is None else f"{o * 100:+.0f} %",
                _met(o is not None and o <= HTTP_OVERHEAD_MAX),
            ]
        )
    build = result.get("build", {})
    runs = {r["factor"]: r for r in build.get("runs", [])}
    seeds = runs.get("seeds", {})
    if seeds:
        took = seeds.get("total_s") or seeds.get("failed_after_s")
        measured = f"{took:.1f} s" if took else seeds.get("error")
        if seeds.get("failed_after_s"):
            measured += f" (then failed: {seeds.get('error', '')[:60]})"
        rows.append(
            [
                f"seeds build < {SEEDS_BUILD_MAX_S:.0f} s end to end",
                measured,
                _met(seeds.get("total_s") is not None and seeds["total_s"] < SEEDS_BUILD_MAX_S),
            ]
        )
    factors = sorted(f for f in runs if isinstance(f, int) and f > 1)
    base = runs.get(1, {}).get("total_s")
    for factor in factors[-1:]:
        run = runs[factor]
        if base and run.get("total_s"):
            growth = run["total_s"] / base
            rows.append(
                [
                    f"{factor}× corpus: build time grows no faster than linearly (≤ {factor}× the 1× corpus)",
                    f"{growth:.1f}×",
                    _met(growth <= factor),
                ]
            )
        elif base:
            rows.append(
                [
                    f"{factor}× corpus: build time grows no faster than linearly (≤ {factor}× the 1× corpus)",
                    f"> {run['wall_s'] / base:.0f}× (stopped at {build.get('limit_s'):.0f} s)",
                    _met(False),
                ]
            )
    return rows


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def markdown(result: dict) -> str:
    out = [f"# Benchmark {result['mode']}, {result['date']}\n"]
    m, v = result["machine"], result["versions"]
    out.append(
        f"{m['cpus']} cores, {m['memory_mb'] // 1024} GiB; Python {v.get('python')}, pyoxigraph "
        f"{v.get('pyoxigraph')}, {v.get('oxigraph')}, Virtuoso {v.get('virtuoso')}, rdflib {v.get('rdflib')}. "
        f"Run took {result.get('seconds')} s. Closed loop, {result['settings']['duration']} s per run; "
        "every peer gets the same seeded requests; the peers and `direct` take turns "
        f"({result['settings'].get('turns', 1)} a run), never two at once.\n"
    )
    scales = list(result["scales"])
    peers = peers_of(result)
    out.append("\n## SPARQL mix: throughput (queries/s)\n\n")
    header = ["peer"] + [f"{s} c={c}" for s in scales for c in (1, 4)]
    rows = [[p] + [throughput(result, s, p, c) for s in scales for c in (1, 4)] for p in [*peers, "direct"]]
    rows.append(
        [f"{OURS} / {REFERENCE_PEER} (c=4)"]
        + [
            x
            for s in scales
            for x in ("", ratio(throughput(result, s, OURS, 4), throughput(result, s, REFERENCE_PEER, 4)))
        ]
    )
    out.append(_table(header, rows))
    out.append("\n`direct` is our store without HTTP (pyoxigraph in process, answer serialised).\n\n")
    rows = []
    for sc in scales:
        o = overhead(result, sc)
        rows.append(
            [
                sc,
                per_query_ratio(result, sc, OURS, REFERENCE_PEER),
                per_query_ratio(result, sc, "oxigraph", OURS),
                overhead_ms(result, sc),
                None if o is None else f"{o * 100:+.0f} %",
            ]
        )
    out.append(
        _table(
            [
                "scale",
                f"{OURS} faster than {REFERENCE_PEER}, query by query (geometric mean of p50 ratios, c=1)",
                f"oxigraph server faster than {OURS} (same)",
                "our HTTP layer: mean ms added per query (c=1)",
                "our HTTP layer vs store time (sum of p50)",
            ],
            rows,
        )
    )
    out.append(
        "\n## Same answers?\n\nEach peer's normalised answers compared with our store's, request by request.\n\n"
    )
    rows = []
    for p in peers:
        row = [p]
        for s in scales:
            verify = result["scales"][s]["peers"].get(p, {}).get("verify")
            unchecked = sum(t.get("unchecked", 0) for t in (verify or {}).get("templates", {}).values())
            text = f"{verify['same']}/{verify['total']}" if verify else "–"
            row.append(text + (f" ({unchecked} not reached in time)" if unchecked else ""))
        rows.append(row)
    out.append(_table(["peer", *scales], rows))
    for s in scales:
        for p in peers:
            verify = result["scales"][s]["peers"].get(p, {}).get("verify", {})
            for t, entry in verify.get("templates", {}).items():
                if entry.get("different"):
                    diff = entry.get("first_difference", {})
                    out.append(
                        f"- {s} {p} query {t}: {entry['different']} different; e.g. "
                        f"{ {k: diff[k] for k in diff if k != 'query'} }\n"
                    )
    for s in scales:
        out.append(f"\n## Latency per query at {s}, c=1: p50 / p95 (ms)\n\n")
        templates = result["scales"][s].get("templates", {})
        rows = []
        for t, title in templates.items():
            row = [f"{t} {title}"]
            for p in [*peers, "direct"]:
                entry = result["scales"][s]["direct"] if p == "direct" else result["scales"][s]["peers"].get(p, {})
                lat = entry.get("c1", {}).get("latency_ms", {}).get(t, {})
                row.append(f"{_fmt(lat.get('p50'), 2)} / {_fmt(lat.get('p95'), 2)}" if lat else "–")
            rows.append(row)
        out.append(_table(["query", *peers, "direct"], rows))
    out.append("\n## Entity dereferencing, c=1: p50 / p95 (ms)\n\n")
    rows = []
    for s in scales:
        for p in peers:
            d = result["scales"][s]["peers"].get(p, {}).get("deref", {})
            if d:
                rows.append(
                    [s, p]
                    + [
                        f"{_fmt(d[f].get('p50'), 2)} / {_fmt(d[f].get('p95'), 2)}"
                        if f in d and d[f].get("p50") is not None
                        else "–"
                        for f in ("page", "ttl", "jsonld", "nt", "rdf", "describe")
                    ]
                )
    out.append(_table(["scale", "peer", "/page", ".ttl", ".jsonld", ".nt", ".rdf", "DESCRIBE"], rows))
    out.append(
        "\n## Load time and memory\n\nload: data import; start: server start until it answers; "
        "RSS / PSS: peaks of the server's process tree while loading and serving, summed over its "
        "processes (RSS counts pages that forked processes share in each of them; PSS shares them "
        "out, so it is what the tree takes from the machine).\n\n"
    )
    rows = []
    for s in scales:
        for p in peers:
            e = result["scales"][s]["peers"].get(p, {})
            if "load" in e:
                load = f"{e['loadavg_before'][0]:.1f} → {e['loadavg_after'][0]:.1f}" if "loadavg_after" in e else ""
                rows.append(
                    [
                        s,
                        p,
                        e["load"].get("load_s"),
                        e["load"].get("start_s"),
                        e.get("memory", {}).get("rss_peak_mb"),
                        e.get("memory", {}).get("pss_peak_mb", "–"),
                        load,
                    ]
                )
            elif e:
                rows.append([s, p, e.get("skipped") or e.get("error", "")[:120], "", "", "", ""])
    headers = ["scale", "peer", "load s", "start s", "RSS peak MB", "PSS peak MB", "machine load avg (1 min)"]
    out.append(_table(headers, rows))
    build = result.get("build")
    if build:
        out.append("\n## Build, per stage (s)\n\n")
        stages: list[str] = []
        for r in build.get("runs", []):
            stages += [k for k in r.get("stages", {}) if k not in stages]
        rows = [
            [
                r["factor"] if r["factor"] == "seeds" else f"{r['factor']}×",
                r.get("documents"),
                r.get("items"),
                r.get("triples"),
            ]
            + [r.get("stages", {}).get(k) for k in stages]
            + [r.get("total_s") or r.get("error", "")[:80]]
            for r in build.get("runs", [])
        ]
        out.append(_table(["corpus", "docs", "items", "quads", *stages, "total"], rows))
        for r in build.get("runs", []):
            if r.get("profile"):
                top = "\n".join(r["profile"].strip().splitlines()[:45])
                out.append(
                    f"\n<details><summary>cProfile of the {r['factor']} build</summary>\n\n"
                    f"```\n{top}\n```\n</details>\n"
                )
            if r.get("stack_when_stopped"):
                out.append(
                    f"\n<details><summary>py-spy stack of the {r['factor']} build when stopped</summary>\n\n"
                    f"```\n{r['stack_when_stopped'].strip()[:4000]}\n```\n</details>\n"
                )
    out.append("\n## Targets\n\n")
    out.append(_table(["target", "measured", "verdict"], targets(result)))
    return "".join(out)
