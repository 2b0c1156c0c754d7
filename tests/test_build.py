"""The build: reproducible, atomic, and clear about broken annotations."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg import config
from kg.anchor import AnchorError, anchor
from kg.annotations import load_corpus

ROOT = config.ROOT
COMPARED = ["dataset.nq", "dataset.trig", "dataset.nq.gz", "void.ttl", "manifest.json", "shacl-report.ttl"]


def run_build(dist: Path, seeds: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, KG_DIST=str(dist))
    if seeds is not None:
        env["KG_SEEDS"] = str(seeds)
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--no-store"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("a") / "dist", tmp_path_factory.mktemp("b") / "dist"
    for dist in (first, second):
        result = run_build(dist)
        assert result.returncode == 0, result.stderr
    return first, second


def test_same_input_gives_byte_identical_output(two_builds):
    first, second = two_builds
    for name in COMPARED:
        assert filecmp.cmp(first / name, second / name, shallow=False), name
    graphs = sorted(p.name for p in (first / "graphs").iterdir())
    assert graphs == sorted(p.name for p in (second / "graphs").iterdir())
    for name in graphs:
        assert filecmp.cmp(first / "graphs" / name, second / "graphs" / name, shallow=False), name


def test_dist_has_every_promised_file(two_builds):
    dist = two_builds[0]
    for name in [*COMPARED, "ontology.ttl", "shapes.ttl"]:
        assert (dist / name).stat().st_size > 0, name
    manifest = json.loads((dist / "manifest.json").read_text())
    graphs = set(manifest["graphs"])
    for name in ("ontology", "metadata", "inferred", "doc/000", "doc/001"):
        assert str(config.GRAPH[name]) in graphs


def test_every_quote_anchors_exactly_once():
    corpus = load_corpus()
    count = 0
    for doc in corpus.documents.values():
        for item in doc.items:
            span = anchor(doc.text, item["quote"], item.get("occurrence"), doc=doc.id)
            assert doc.text[span.start : span.end] == item["quote"]
            count += 1
    assert count > 100


def test_ambiguous_quote_asks_for_disambiguation():
    with pytest.raises(AnchorError, match="occurs 2 times.*occurrence"):
        anchor("the war, and the war", "the war", doc="x")


def test_missing_quote_names_document_quote_and_closest_passage():
    text = "Azerbaijan launched on Sunday a coordinated military offensive"
    with pytest.raises(AnchorError) as error:
        anchor(text, "Azerbaijan launched on Monday a coordinated", doc="001")
    message = str(error.value)
    assert "document 001" in message and "on Monday" in message
    assert "Azerbaijan launched on Sunday a coordinated" in message


@pytest.fixture()
def broken_seeds(tmp_path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(config.SEEDS, seeds)
    path = seeds / "annotations" / "001.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0]["quote"] = "a sentence the text never says"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return seeds


def test_broken_annotation_fails_clearly_and_leaves_dist_untouched(two_builds, broken_seeds):
    dist = two_builds[0]
    before = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    target = os.readlink(dist)
    result = run_build(dist, broken_seeds)
    assert result.returncode == 1
    assert "quote not found: 'a sentence the text never says'" in result.stderr
    assert "closest passage" in result.stderr and "001" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.readlink(dist) == target
    assert before == {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}


def test_schema_error_names_file_and_item(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(config.SEEDS, seeds)
    path = seeds / "annotations" / "001.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["casualties"][0]["count"] = -3
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(tmp_path / "dist", seeds)
    assert result.returncode == 1
    assert "001.yaml: casualties/0/count" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_shape_violation_fails_with_a_report_and_leaves_dist_untouched(two_builds, tmp_path):
    dist = two_builds[0]
    before = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    target = os.readlink(dist)
    seeds = tmp_path / "seeds"
    shutil.copytree(config.SEEDS, seeds)
    path = seeds / "annotations" / "001.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"].append(
        {"s": "2020-karabakh-war", "p": "place", "o": "united-nations", "quote": "United Nations"}
    )  # a war that took place at an organisation: the shapes forbid it
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(dist, seeds)
    assert result.returncode == 1, result.stderr
    assert "does not conform" in result.stderr and "kgs:place-value" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.readlink(dist) == target
    assert before == {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    versions = dist.parent / f".{dist.name}-versions"
    assert not [p for p in versions.iterdir() if p.name.startswith("building-")], "a half-written version was left"
