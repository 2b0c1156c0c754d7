"""The benchmark's turns: every target gets the same requests, in rotation, none twice."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from bench.client import RunResult, Sample
from bench.mix import Request
from bench.run import Target, interleaved, turns_for


def fake_target(name: str, log: list[tuple[str, int]], per_turn: int) -> Target:
    """Answers ``per_turn`` requests a turn, recording which it was given."""

    def run(requests: Sequence[Request], clients: int, seconds: float) -> RunResult:
        result = RunResult(clients, seconds)
        for index, request in enumerate(requests[:per_turn]):
            log.append((name, request))
            result.samples.append(Sample("q", index, 200, 0.001, 1))
        return result

    return Target(name, run)


def test_turns_rotate_and_each_target_continues_its_own_sequence():
    log: list[tuple[str, int]] = []
    requests = list(range(100))  # stand-ins: the runner only slices and passes them on
    targets = [fake_target("a", log, 3), fake_target("b", log, 2), fake_target("direct", log, 4)]
    runs = interleaved(targets, requests, clients=1, duration=6.0, turns=3)

    order = [name for name, _ in log]
    firsts = [order[0], order[3 + 2 + 4], order[2 * (3 + 2 + 4)]]
    assert firsts == ["a", "b", "direct"]  # each turn starts with the next target
    for name, per_turn in (("a", 3), ("b", 2), ("direct", 4)):
        got = [request for who, request in log if who == name]
        assert got == list(range(3 * per_turn))  # the same sequence, continued, none twice
        run = runs[name]
        assert [s.index for s in run.samples] == list(range(3 * per_turn))
        assert run.elapsed == 6.0 and run.clients == 1


def test_each_turn_lasts_at_least_a_second():
    assert turns_for(10.0, 5) == 5
    assert turns_for(3.0, 5) == 3
    assert turns_for(0.5, 5) == 1


def test_a_real_closed_loop_is_cut_into_turns():
    """With a target that takes time, the turns add up to the run's duration."""
    calls: list[float] = []

    def run(requests: Sequence[Request], clients: int, seconds: float) -> RunResult:
        calls.append(seconds)
        start = time.perf_counter()
        result = RunResult(clients, 0.0)
        while time.perf_counter() - start < seconds:
            result.samples.append(Sample("q", len(result.samples), 200, 0.0, 0))
            time.sleep(0.01)
        result.elapsed = time.perf_counter() - start
        return result

    runs = interleaved([Target("x", run)], list(range(10_000)), clients=1, duration=0.3, turns=3)
    assert calls == pytest.approx([0.1, 0.1, 0.1])
    assert 0.3 <= runs["x"].elapsed < 0.6
    assert runs["x"].throughput > 0
