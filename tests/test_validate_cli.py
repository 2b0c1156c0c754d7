"""`kg validate`: exit status 0/1/2, formats, and errors as one line with file, line and column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from kg import config
from kg.validate_cli import validate_command

CORPUS = Path(__file__).parent / "shapes_corpus"
VALID = CORPUS / "valid.ttl"
BROKEN = CORPUS / "capital-value.class.ttl"  # one violation
WARNING = CORPUS / "date-single.maxCount.ttl"  # one warning
HINT = CORPUS / "Person-position.minCount.ttl"  # one info

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "A person has a name." ] .
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = validate_command([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_conforming_data_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run([VALID], capsys)
    assert status == 0, err
    assert "The data conforms" in out
    assert err == ""


def test_a_violation_exits_1_and_names_the_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run([VALID, BROKEN], capsys)
    assert status == 1
    assert "1 violation" in out
    assert "kgs:capital-value" in out
    assert "id:artsakh" in out
    assert "must be a settlement" in out


@pytest.mark.parametrize("extra", [WARNING, HINT], ids=["warning", "info"])
def test_warnings_and_hints_alone_exit_0(extra: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run([VALID, extra], capsys)
    assert status == 0
    assert "The data conforms" in out
    assert "0 violations" in out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n", ":3:"),
        ("bad.nt", '<http://a> <http://b> <http://c> .\n<http://a> <http://b> "x .\n', ":2:23"),
        ("bad.nq", "<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> <http://c .\n", ":2:"),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": [1, 2,]\n}', ":2:20"),
        ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<x>\n</rdf:RDF>\n', ":3:"),
        ("bad.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c \n", ":2:"),
    ],
)
def test_bad_syntax_exits_2_with_file_line_and_column(
    tmp_path: Path, name: str, text: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, name, text)
    status, out, err = run([path], capsys)
    assert status == 2
    assert out == ""
    assert err.startswith(f"kg validate: {path}{where}"), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run([tmp_path / "missing.ttl"], capsys)
    assert status == 2
    assert "missing.ttl: cannot read it" in err


def test_unknown_extension_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run([write(tmp_path, "data.txt", "")], capsys)
    assert status == 2
    assert "cannot tell the RDF format" in err


def test_bad_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        validate_command([str(VALID), "--inference", "magic"])
    assert stop.value.code == 2


def test_formats_are_told_by_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same data as N-Triples, JSON-LD, RDF/XML, TriG and N-Quads gives the same verdict.

    TriG and N-Quads put it in a named graph: named graphs are merged.
    """
    graph = Graph().parse(VALID)
    graph.parse(BROKEN)
    dataset = Dataset()
    dataset.graph(URIRef("http://example.org/graph")).__iadd__(graph)
    for fmt in ("nt", "json-ld", "xml", "trig", "nquads"):
        ext = config.RDF_FORMATS[fmt][1]
        path = tmp_path / f"data.{ext}"
        (dataset if fmt in ("trig", "nquads") else graph).serialize(path, format=fmt, encoding="utf-8")
        status, out, err = run([path], capsys)
        assert status == 1, (fmt, err)
        assert "kgs:capital-value" in out


def test_own_shapes_and_turtle_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = write(tmp_path, "shapes.ttl", SHAPES)
    data = write(tmp_path, "data.ttl", "@prefix ex: <http://example.org/> .\nex:bob a ex:Person .\n")
    status, out, _ = run([data, "--shapes", shapes, "--format", "turtle"], capsys)
    assert status == 1
    report = Graph().parse(data=out, format="turtle")
    assert (None, SH.resultMessage, None) in report
    assert len(list(report.subjects(SH.focusNode, None))) == 1


def test_json_ld_report_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run([VALID, "--format", "json-ld"], capsys)
    assert status == 0
    report = Graph().parse(data=out, format="json-ld")
    assert (None, SH.conforms, None) in report
    assert (None, config.KGS.shapeCount, None) in report
    json.loads(out)


def test_inference_modes_run(capsys: pytest.CaptureFixture[str]) -> None:
    for mode in ("rdfs", "owlrl"):
        status, out, err = run([VALID, "--inference", mode], capsys)
        assert status in (0, 1), err
        assert f"inference: {mode}" in out


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg.validate_cli", str(VALID), str(BROKEN)],
        capture_output=True,
        text=True,
        cwd=config.ROOT,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "kgs:capital-value" in done.stdout
