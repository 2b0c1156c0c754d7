"""Shared fixtures (generic: any test may use them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sparql_support import build_sample_dist, free_port


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small build shaped like dist/ (dataset.nq, dataset.trig, manifest.json, store/)."""
    return build_sample_dist(tmp_path_factory.mktemp("dist"))


@pytest.fixture
def port() -> int:
    """A free TCP port on 127.0.0.1."""
    return free_port()
