"""`kg ingest` end to end on the fixture articles: output format, safety, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kg.anchor import anchor
from kg.config import SCHEMA_FILE
from kg.ingest.cli import ingest_command

FIX = Path(__file__).parent / "fixtures" / "ingest"
ENTITIES = str(FIX / "entities")
WIRE = FIX / "wire_report.txt"
AGREEMENT = FIX / "agreement.txt"


def run(tmp_path: Path, src: Path, *extra: str, date: str = "2020-09-28") -> tuple[int, Path]:
    out = tmp_path / "draft.yaml"
    argv = [str(src), "--date", date, "--entities", ENTITIES, "-o", str(out), *extra]
    return ingest_command(argv), out


def items(draft: dict) -> list[tuple[str, dict]]:
    return [(k, it) for k, v in draft.items() if isinstance(v, list) for it in v]


@pytest.mark.parametrize("src", [WIRE, AGREEMENT])
def test_draft_format(tmp_path: Path, src: Path) -> None:
    rc, out = run(tmp_path, src)
    assert rc == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    text = src.read_text(encoding="utf-8")
    assert draft["status"] == "draft" and draft["document"] and draft["author"]
    assert items(draft), "nothing proposed"
    for section, it in items(draft):
        assert it["proposed"] is True, (section, it)
        assert it["proposed_by"]
        assert 0 <= it["confidence"] <= 1
        if section != "entities":
            anchor(text, it["quote"], it.get("occurrence"))  # raises if it does not anchor exactly
    # every id an item names is declared: a fixture entity or one the draft proposes
    fixture = yaml.safe_load((FIX / "entities" / "core.yaml").read_text(encoding="utf-8"))["entities"]
    declared = {e["id"] for e in fixture} | {e["id"] for e in draft.get("entities", [])}
    assert draft["author"] in declared
    for section, it in items(draft):
        for key in ("s", "o", "holder", "position", "event", "entity", "operator", "side", "system", "by"):
            value = it.get(key)
            if isinstance(value, str) and ":" not in value:
                assert value in declared, (section, key, value)
    # the mentions sidecar anchors too
    rows = (tmp_path / "draft.mentions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows
    for row in rows:
        entity, quote, occ, start, end, rule, conf = row.split("\t")
        span = anchor(text, quote, int(occ))
        assert (span.start, span.end) == (int(start), int(end))
    meta = yaml.safe_load((tmp_path / "draft.metadata.yaml").read_text(encoding="utf-8"))
    assert meta["status"] == "draft" and meta["date"] == "2020-09-28" and meta["file"] == src.name


def test_draft_follows_the_annotation_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_FILE.exists():
        pytest.skip("no annotation schema yet")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    rc, out = run(tmp_path, WIRE, "--author", "Jane Reporter", "--title", "Fighting flares")
    assert rc == 0
    for name, part in ((out, "document_file"), (tmp_path / "draft.metadata.yaml", "metadata_file")):
        if part not in schema.get("$defs", {}):
            continue
        validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{part}", "$defs": schema["$defs"]})
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(name.read_text(encoding="utf-8")))]
        assert not errors, errors[:5]


def test_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    assert run(a, WIRE)[0] == 0 and run(b, WIRE)[0] == 0
    for name in ("draft.yaml", "draft.mentions.tsv", "draft.metadata.yaml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_deterministic_across_processes(tmp_path: Path) -> None:
    """String hashing differs between processes; the output must not. (Each draft in a folder
    of its own: the drafts beside one are part of its input.)"""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "draft.yaml"
        cmd = [
            sys.executable,
            "-m",
            "kg.ingest",
            str(WIRE),
            "--date",
            "2020-09-28",
            "--entities",
            ENTITIES,
            "-o",
            str(out),
        ]
        subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_proposals_on_the_wire_report(tmp_path: Path) -> None:
    rc, out = run(tmp_path, WIRE)
    assert rc == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    cas = {(c["count"], c["category"], c["type"]): c for c in draft["casualties"]}
    assert cas[(14, "soldiers", "killed")]["side"] == "armenia"
    assert cas[(14, "soldiers", "killed")]["by"] == "karabakh-officials"
    assert cas[(14, "soldiers", "killed")]["claim_date"] == "2020-09-28"
    assert cas[(3, "civilians", "killed")]["side"] == "armenia"  # inherited from the figure before it
    family = cas[(4, "civilians", "killed")]
    assert family["by"] == "government-of-azerbaijan" and family["side"] == "azerbaijan"
    losses = {(x["count"], x.get("weapon_type")): x for x in draft["losses"]}
    assert losses[(12, "tank")]["qualifier"] == "approximately"
    assert losses[(12, "tank")]["loss_type"] == "destroyed-or-captured"
    assert losses[(2, "helicopter")]["loss_type"] == "downed"
    st = draft["statements"]
    offensive = next(s["s"] for s in st if s["p"] == "attacker" and s["o"] == "azerbaijan")
    start = next(s for s in st if s["s"] == offensive and s["p"] in ("date", "startDate"))
    assert start["value"] == "2020-09-27" and "Sunday" in start["date_resolution"]
    agents = {s["o"] for s in st if s["p"] == "agent" and "martial-law" in s["s"]}
    assert agents == {"armenia", "azerbaijan"}
    assert {"holder": "ilham-aliyev", "position": "president-of-azerbaijan"}.items() <= draft["tenures"][0].items()
    mentions = (tmp_path / "draft.mentions.tsv").read_text(encoding="utf-8")
    assert "stepanakert\tKhankendi\t" in mentions
    assert "azerbaijan\tAzeri\t" in mentions
    assert "t-72\tT-72s\t" in mentions


def test_proposals_on_the_agreement(tmp_path: Path) -> None:
    rc, out = run(tmp_path, AGREEMENT, date="2020-10-11")
    assert rc == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    st = draft["statements"]
    roles = {(s["p"], s["o"]) for s in st if "o" in s}
    assert {("party", "armenia"), ("party", "azerbaijan"), ("broker", "russia")} <= roles
    signing = [s for s in st if s["p"] == "signingDate"]
    assert signing and signing[0]["value"] == "2020-10-10"
    later = [s for s in st if s.get("value") == "2022"]
    assert later and "Two years later" in later[0]["date_resolution"]
    assert any(
        t["holder"] == "nikol-pashinyan" and t["position"] == "prime-minister-of-armenia" for t in draft["tenures"]
    )


def test_never_overwrites_a_curated_file(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    curated = 'document: "009"\nauthor: someone\nstatements: []\n'
    out.write_text(curated, encoding="utf-8")
    rc, _ = run(tmp_path, WIRE)
    assert rc == 2
    assert out.read_text(encoding="utf-8") == curated
    assert not (tmp_path / "draft.metadata.yaml").exists()
    out.write_text(curated.replace("statements", "status: reviewed\nstatements"), encoding="utf-8")
    assert run(tmp_path, WIRE)[0] == 2
    out.write_text("status: draft\n", encoding="utf-8")  # an earlier draft may be replaced
    assert run(tmp_path, WIRE)[0] == 0


@pytest.mark.parametrize(
    "content, date, message",
    [
        (b"", "2020-09-28", "empty"),
        (b"   \n\n", "2020-09-28", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "2020-09-28", "binary"),
        ("Caf\u00e9 in Bak\u00fc".encode("latin-1"), "2020-09-28", "not UTF-8"),
        ("Azerbaijan".encode("utf-16"), "2020-09-28", "UTF-16"),
        (b"Azerbaijan launched an offensive.", "28/09/2020", "not a date"),
        (b"Azerbaijan launched an offensive.", "2020-02-30", "not a valid date"),
    ],
)
def test_bad_input(tmp_path: Path, capsys, content: bytes, date: str, message: str) -> None:  # noqa: ANN001
    src = tmp_path / "article.txt"
    src.write_bytes(content)
    rc, out = run(tmp_path, src, date=date)
    assert rc == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]


def test_missing_date_and_file(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert ingest_command([str(WIRE), "-o", str(tmp_path / "d.yaml")]) == 2
    assert "--date" in capsys.readouterr().err
    assert ingest_command([str(tmp_path / "nope.txt"), "--date", "2020-09-28", "-o", str(tmp_path / "d.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert ingest_command([str(tmp_path), "--date", "2020-09-28", "-o", str(tmp_path / "d.yaml")]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert ingest_command([]) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_byte_order_mark_keeps_the_offsets_and_the_first_word(tmp_path: Path) -> None:
    """kg build reads the mark as the text's first character: the offsets count it, and the
    word after it is still linked."""
    src = tmp_path / "article.txt"
    src.write_bytes("\ufeffArmenia and Azerbaijan clashed on Tuesday.".encode())
    rc, out = run(tmp_path, src)
    assert rc == 0
    mentions = (tmp_path / "draft.mentions.tsv").read_text(encoding="utf-8")
    assert "armenia\tArmenia\t1\t1\t8\t" in mentions


def test_a_second_draft_links_the_firsts_names_and_takes_no_id_of_its(tmp_path: Path) -> None:
    """`kg build` loads every draft together: a name the first proposed is linked in the
    second, not declared twice, and a happening the second gives the same id gets its own."""
    drafts = tmp_path / "drafts"
    texts = {
        "a": "Ruben Vardanyan, a former state minister of the region, was detained on Wednesday. "
        "Baku said the border was closed.",
        "b": "Ruben Vardanyan was moved to a prison on Friday. Baku said he would stand trial.",
    }
    declared = {}
    for name, text in texts.items():
        src = tmp_path / f"{name}.txt"
        src.write_text(text, encoding="utf-8")
        out = drafts / f"{name}.yaml"
        argv = [str(src), "--date", "2023-09-29", "--entities", ENTITIES, "-o", str(out)]
        assert ingest_command(argv) == 0
        declared[name] = {e["id"] for e in yaml.safe_load(out.read_text(encoding="utf-8"))["entities"]}
    assert "ruben-vardanyan" in declared["a"] and "ruben-vardanyan" not in declared["b"]
    assert "ruben-vardanyan\tRuben Vardanyan\t" in (drafts / "b.mentions.tsv").read_text(encoding="utf-8")
    assert not declared["a"] & declared["b"]
    statements = [i for i in declared["b"] if i.startswith("government-of-azerbaijan-statement")]
    assert statements == ["government-of-azerbaijan-statement-b"]


@pytest.mark.parametrize(
    ("author", "type_"), [("Ministry of Foreign Affairs of Armenia", "GovernmentBody"), ("Jane Reporter", "Person")]
)
def test_a_new_author_is_typed_by_its_head_word(tmp_path: Path, author: str, type_: str) -> None:
    rc, out = run(tmp_path, WIRE, "--author", author)
    assert rc == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    (entity,) = [e for e in draft["entities"] if e["label"] == author]
    assert entity["type"] == type_ and draft["author"] == entity["id"]


def test_a_dateline_naming_the_publisher_by_its_initials_is_the_publisher(tmp_path: Path) -> None:
    src = tmp_path / "ap.txt"
    src.write_text("BAKU, Azerbaijan (AP) — Azerbaijan and Armenia agreed on Thursday to exchange prisoners.\n")
    rc, out = run(tmp_path, src, "--publisher", "Associated Press", date="2023-12-07")
    assert rc == 0
    outlets = [e for e in yaml.safe_load(out.read_text(encoding="utf-8"))["entities"] if e["type"] == "MediaOutlet"]
    assert [(e["id"], e.get("aliases")) for e in outlets] == [("associated-press", ["AP"])]
    assert "associated-press\tAP\t" in (tmp_path / "draft.mentions.tsv").read_text(encoding="utf-8")


def _entities_with(tmp_path: Path, *lines: str) -> str:
    """The fixture entities and a few more, in a directory of their own."""
    d = tmp_path / "entities"
    d.mkdir()
    core = (FIX / "entities" / "core.yaml").read_text(encoding="utf-8")
    (d / "core.yaml").write_text(core + "".join(f"  - {line}\n" for line in lines), encoding="utf-8")
    return str(d)


def test_a_ministrys_release_is_its_own_words(tmp_path: Path) -> None:
    """--publisher in the ministry's formal name is the curated ministry; the release is its
    author; 'The Ministry of Defense' in its text is the ministry."""
    entities = _entities_with(
        tmp_path,
        "{id: azerbaijani-defence-ministry, type: GovernmentBody, label: Azerbaijani Ministry of Defence}",
    )
    src = tmp_path / "release.txt"
    src.write_text("The Ministry of Defense once again warns that Armenian units shelled the border.\n")
    out = tmp_path / "out" / "release.yaml"
    argv = [str(src), "--date", "2021-11-16", "--entities", entities, "-o", str(out)]
    assert ingest_command([*argv, "--publisher", "Ministry of Defense of the Republic of Azerbaijan"]) == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    meta = yaml.safe_load(out.with_name("release.metadata.yaml").read_text(encoding="utf-8"))
    assert draft["author"] == "azerbaijani-defence-ministry"
    assert (meta["publisher"], meta["authors"]) == ("azerbaijani-defence-ministry", ["azerbaijani-defence-ministry"])
    assert not any(e["type"] == "GovernmentBody" for e in draft.get("entities", []))  # no second ministry
    agents = [st["o"] for st in draft["statements"] if st["p"] == "agent"]
    assert agents == ["azerbaijani-defence-ministry"]


def test_a_byline_gives_the_authors_and_an_ngo_is_no_outlet(tmp_path: Path) -> None:
    src = tmp_path / "report.txt"
    src.write_text("BAKU/YEREVAN, Sept 14 (Reuters) - Troops clashed on Tuesday.\nBy Nailia Bagirova and Felix Light\n")
    out = tmp_path / "a" / "report.yaml"
    assert ingest_command([str(src), "--date", "2022-09-14", "--entities", ENTITIES, "-o", str(out)]) == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["author"] == "nailia-bagirova"
    assert {"nailia-bagirova", "felix-light"} <= {e["id"] for e in draft["entities"]}
    mentions = out.with_name("report.mentions.tsv").read_text(encoding="utf-8")
    assert "baku\tBAKU" in mentions  # each place of the dateline
    out2 = tmp_path / "b" / "report.yaml"
    argv = [
        str(src),
        "--date",
        "2022-09-14",
        "--entities",
        ENTITIES,
        "-o",
        str(out2),
        "--publisher",
        "Human Rights Watch",
    ]
    assert ingest_command(argv) == 0
    draft = yaml.safe_load(out2.read_text(encoding="utf-8"))
    hrw = next(e for e in draft["entities"] if e["id"] == "human-rights-watch")
    assert hrw["type"] == "Organisation"


def test_each_author_given(tmp_path: Path) -> None:
    src = tmp_path / "analysis.txt"
    src.write_text("Armenia lost many tanks in the 2020 war.\n")
    out = tmp_path / "o" / "analysis.yaml"
    argv = [str(src), "--date", "2021-01-01", "--entities", ENTITIES, "-o", str(out)]
    assert ingest_command([*argv, "--author", "Michael Kofman", "--author", "Rob Lee"]) == 0
    meta = yaml.safe_load(out.with_name("analysis.metadata.yaml").read_text(encoding="utf-8"))
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert meta["authors"] == ["michael-kofman", "rob-lee"] and draft["author"] == "michael-kofman"
    assert {"michael-kofman", "rob-lee"} <= {e["id"] for e in draft["entities"]}


def test_score_of_a_held_out_set_refuses_a_directory_without_annotations(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert ingest_command(["--score", "--gold", str(tmp_path)]) == 2
    assert "no annotations/ directory" in capsys.readouterr().err
    (tmp_path / "annotations").mkdir()
    assert ingest_command(["--score", "--gold", str(tmp_path)]) == 2  # nothing curated in it
    assert "no curated annotations to score against in" in capsys.readouterr().err
    assert ingest_command(["--score", "--gold", str(tmp_path), "--write-docs"]) == 2
    assert "--write-docs writes the leave-one-out table only" in capsys.readouterr().err


def test_score_options_without_score_are_refused(capsys) -> None:  # noqa: ANN001
    assert ingest_command([str(WIRE), "--date", "2020-09-28", "--gold", "x"]) == 2
    assert "go with --score" in capsys.readouterr().err
