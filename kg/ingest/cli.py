"""``kg ingest``: the command line.

    kg ingest FILE --date YYYY-MM-DD [--title T] [--publisher P] [--author A ...] [--url U]
              [--doc ID] [-o OUT] [--metadata-out M] [--entities DIR]
    kg ingest --score [--write-docs] [--misses [KINDS]]

Exit status: 0 done; 2 bad input or a refused overwrite (nothing written).
Every file is written to a temporary file first and moved into place with
os.replace, so a failure never leaves half a draft behind.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

from kg.config import ANNOTATIONS, METADATA, ROOT, SEEDS
from kg.ingest.reader import InputError, parse_doc_date, read_article

DRAFTS = ANNOTATIONS / "drafts"
DOCS_FILE = ROOT / "docs" / "ingest.md"
SCORE_BEGIN, SCORE_END = "<!-- score:begin -->", "<!-- score:end -->"


class Refused(Exception):
    """An output path that must not be written (a curated file)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg ingest",
        description="Read a plain-text article and write a draft annotation file for review.",
    )
    p.add_argument("file", nargs="?", help="the article, plain UTF-8 text")
    p.add_argument("--date", help="the document's date, YYYY-MM-DD (YYYY-MM or YYYY if that is all)")
    p.add_argument("--title")
    p.add_argument("--publisher", help="publisher name or entity id")
    p.add_argument("--author", action="append", help="author name or entity id (repeat for each author)")
    p.add_argument("--url")
    p.add_argument("--doc", help="document id (default: the file name's leading number, e.g. 002)")
    p.add_argument(
        "-o",
        "--out",
        help="draft file (default: seeds/annotations/drafts/<stem>.yaml); the drafts already beside it "
        "are read too: their names are linked, their ids left to them",
    )
    p.add_argument("--metadata-out", help="metadata draft (default: seeds/metadata/<doc>.yaml, if not curated)")
    p.add_argument("--entities", help="entity files directory (default: seeds/annotations/entities)")
    p.add_argument("--score", action="store_true", help="score the rules against the curated annotations")
    p.add_argument("--write-docs", action="store_true", help="with --score: update docs/ingest.md")
    p.add_argument(
        "--gold",
        metavar="DIR",
        help="with --score: score a held-out set laid out like seeds/ (texts, metadata/, annotations/) "
        "with the seeds' whole gazetteer, instead of leaving one seed document out",
    )
    p.add_argument(
        "--misses",
        nargs="?",
        const="all",
        metavar="KINDS",
        help="with --score: list the unmatched gold items and proposals (all kinds, or a comma-separated list)",
    )
    return p


def ingest_command(argv: list[str] | None = None) -> int:
    """Run ``kg ingest`` with ``argv``; return the exit status (never raises SystemExit)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse's own errors are exit 2, --help is 0
        return int(e.code or 0)
    if args.score:
        return score_command(args.write_docs, args.misses, args.gold)
    if args.gold or args.write_docs or args.misses:
        print("kg ingest: error: --gold, --write-docs and --misses go with --score", file=sys.stderr)
        return 2
    if not args.file:
        parser.print_usage(sys.stderr)
        print("kg ingest: error: FILE is required (or --score)", file=sys.stderr)
        return 2
    try:
        return ingest(args)
    except (InputError, Refused) as e:
        print(f"kg ingest: error: {e}", file=sys.stderr)
        return 2


def doc_id_for(path: Path, given: str | None) -> str:
    """The document id: given, else the file name's leading number ('002_ab12.txt' → '002')."""
    if given:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", given):
            raise InputError(f"--doc {given!r}: use letters, digits, '-' and '_' only")
        return given
    m = re.match(r"^(\d+)(?:[_-]|$)", path.stem)
    if m:
        return m.group(1)
    from kg.ingest.gazetteer import slug

    return slug(path.stem) or "doc"


def other_drafts_entities(out: Path) -> list[list]:
    """The new entities of the other drafts beside ``out`` (`kg build` loads the drafts folder
    together). Their names are known names for this text too, linked rather than proposed
    again, and their ids are taken: two drafts cannot declare one id."""
    found = []
    for path in sorted(out.parent.glob("*.yaml")):
        if path.resolve() == out.resolve():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # not a draft the build could load either
        if isinstance(data, dict) and data.get("status") == "draft" and isinstance(data.get("entities"), list):
            found.append(data["entities"])
    return found


def check_writable(path: Path) -> None:
    """Refuse to overwrite anything but an earlier draft."""
    if not path.exists():
        return
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    if not (isinstance(data, dict) and data.get("status") == "draft"):
        raise Refused(f"{path} exists and is not a draft (status: draft); not overwriting it")


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary file beside it, then move them all into place."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(content)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _entity_ref(gaz, name: str | None, type_: str, rule: str) -> tuple[str | None, dict | None]:  # noqa: ANN001
    """An author or publisher given on the command line: a known id or name, else a new entity,
    typed by its head word where it has one ("Ministry of Foreign Affairs of Armenia" is a
    GovernmentBody, not a Person), else as ``type_``."""
    from kg.ingest.gazetteer import slug
    from kg.ingest.names import head_type

    if not name:
        return None, None
    if name in gaz.entities:
        return name, None
    known = gaz.by_name(name) or _named_whole(gaz, name)
    if known is not None:
        return known.id, None
    eid = slug(name)
    type_ = head_type(name.split()) or type_
    return eid, {"id": eid, "type": type_, "label": name, "proposed": True, "proposed_by": rule, "confidence": 0.9}


def byline_id(gaz, name: str) -> str:  # noqa: ANN001 - Gazetteer
    """The entity a byline's name is: a known person, else the one the rules proposed."""
    from kg.ingest.gazetteer import slug

    known = gaz.by_name(name)
    return known.id if known is not None else slug(name)


def _publisher_short_forms(gaz, publisher: str, text: str) -> None:  # noqa: ANN001 - Gazetteer
    """A body's own release names it without its state ("The Ministry of Defense once again
    warns", published by the Azerbaijani Ministry of Defence): those short forms of the
    publisher's names that the text uses are its names here."""
    e = gaz.get(publisher)
    if e is None or e.type not in ("GovernmentBody", "Organisation"):
        return
    demonyms = {d for st in gaz.states() for d in st.demonyms}
    shorts = set()
    for name in e.names():
        words = name.split()
        if len(words) > 2 and words[0] in demonyms:
            short = " ".join(words[1:])
            shorts |= {short, short.replace("Defence", "Defense"), short.replace("Defense", "Defence")}
    found = tuple(sorted(x for x in shorts if x not in e.names() and re.search(rf"\b{re.escape(x)}\b", text)))
    e.home = True
    if found:
        e.aliases = (*e.aliases, *found)


def _named_whole(gaz, name: str):  # noqa: ANN001, ANN202 - Gazetteer -> Entity | None
    """The known entity the rules link the whole of ``name`` to, read as a text of its own
    ("Ministry of Defense of the Republic of Azerbaijan" is the Azerbaijani defence ministry)."""
    from kg.ingest.pipeline import propose

    props = propose(name.strip(), "name", "2000", gaz)
    whole = [m for m in props.mentions if (m.start, m.end) == (0, len(name.strip())) and m.entity in gaz.entities]
    return gaz.get(whole[0].entity) if whole else None


def ingest(args: argparse.Namespace) -> int:
    from kg.ingest.draft import render, render_mentions, render_metadata
    from kg.ingest.gazetteer import Gazetteer
    from kg.ingest.persons import byline_authors
    from kg.ingest.pipeline import propose

    date = parse_doc_date(args.date)
    src = Path(args.file)
    text = read_article(src)
    doc_id = doc_id_for(src, args.doc)
    out = Path(args.out) if args.out else DRAFTS / f"{src.stem}.yaml"
    if args.metadata_out:
        meta_out = Path(args.metadata_out)
    elif args.out:
        meta_out = out.with_name(f"{out.stem}.metadata.yaml")
    else:  # where kg build looks for metadata; refused below if a curated file is there
        meta_out = METADATA / f"{doc_id}.yaml"
    mentions_out = out.with_name(f"{out.stem}.mentions.tsv")
    for path in (out, meta_out):
        if path.resolve() == src.resolve():
            raise Refused(f"{path} is the input file")
        check_writable(path)

    entities_dir = Path(args.entities) if args.entities else ANNOTATIONS / "entities"
    gaz = Gazetteer.from_files(entities_dir.glob("*.yaml"), world_states=False)
    for raws in other_drafts_entities(out):
        gaz.add_raw(raws, replace=False)
    gaz.add_world_states()
    publisher, new_pub = _entity_ref(gaz, args.publisher, "MediaOutlet", "cli:--publisher")
    if new_pub is not None:
        # the text may name its publisher, by its initials in a dateline too ("(AP)"): the
        # same entity, not a second outlet
        short = "".join(w[0] for w in args.publisher.split() if w[:1].isupper())
        if len(short) > 1 and re.search(rf"\b{re.escape(short)}\b", text):
            new_pub["aliases"] = [short]
        gaz.add_raw([new_pub])
    if publisher is not None:
        _publisher_short_forms(gaz, publisher, text)
    props = propose(text, doc_id, date, gaz)

    given = [_entity_ref(gaz, name, "Person", "cli:--author") for name in args.author or []]
    author, new_author = given[0] if given else (None, None)
    co_authors = [ref for ref in given[1:] if ref[0] != author]
    pub_type = (new_pub or {}).get("type") or (gaz.get(publisher).type if gaz.get(publisher) else None)
    if author is None and pub_type is not None and pub_type not in ("MediaOutlet", "Person"):
        author = publisher  # a ministry's or an organisation's own release: its words are its own
    if author is None and (byline := byline_authors(text)):
        author = byline_id(gaz, byline[0])  # "By Nailia Bagirova and Felix Light": the first
    named_author = author
    if author is None:
        author = f"unknown-author-{doc_id}".lower().replace("_", "-")
        new_author = {
            "id": author,
            "type": "Person",
            "label": f"Unknown author of document {doc_id}",
            "no_mentions": True,
            "proposed": True,
            "proposed_by": "cli:no-author",
            "confidence": 1.0,
        }
    if author in gaz.entities:
        new_author = None
    new_co = [new for _, new in co_authors if new is not None]
    extra = [e for e in (new_author, *new_co, new_pub) if e and e["id"] not in props.entities]

    title, title_note = args.title, None
    if not title:
        title = next((ln.strip() for ln in text.splitlines() if ln.strip()), src.stem)[:200]
        title_note = "Not given to kg ingest: the first line of the text."
    command = f"kg ingest {src.name} --date {date}" + (f" --doc {args.doc}" if args.doc else "")
    files = {
        out: render(props, source=src.name, author=author, command=command, extra_entities=extra),
        mentions_out: render_mentions(props),
        meta_out: render_metadata(
            doc_id=doc_id,
            file=src.name,
            date=date,
            title=title,
            title_note=title_note,
            authors=[a for a in (named_author, *(eid for eid, _ in co_authors)) if a],
            publisher=publisher,
            url=args.url,
        ),
    }
    seeded = SEEDS / src.name
    if not args.out and src.resolve() != seeded.resolve():
        # kg build reads texts from seeds/: put the text there with its draft, unchanged.
        if seeded.exists() and seeded.read_bytes() != src.read_bytes():
            raise Refused(f"{seeded} exists and differs from {src}; rename the input file")
        files[seeded] = src.read_bytes().decode("utf-8")
    write_atomically(files)
    counts = {}
    for it in props.items:
        counts[it.section] = counts.get(it.section, 0) + 1
    summary = ", ".join([f"{len(props.entities)} new entities", *(f"{n} {k}" for k, n in sorted(counts.items()))])
    print(f"kg ingest: wrote {out} ({summary}),")
    print(f"  {mentions_out} ({len(props.mentions)} mentions) and {meta_out}")
    print("  review the draft, then set `status: reviewed`; see docs/ingest.md")
    return 0


def score_command(write_docs: bool = False, misses: str | None = None, gold: str | None = None) -> int:
    """Print the leave-one-out tables (or a held-out set's, with ``gold``); with ``misses``,
    first what each kind missed and got wrong."""
    from kg.ingest.score import held_out, leave_one_out, misses_report, table

    found: dict | None = {} if misses else None
    if gold is not None:
        gold_dir = Path(gold)
        problem = "" if (gold_dir / "annotations").is_dir() else f"{gold}: no annotations/ directory (see seeds/)"
        if write_docs:
            problem = "--write-docs writes the leave-one-out table only; drop it or --gold"
        if problem:
            print(f"kg ingest --score: error: {problem}", file=sys.stderr)
            return 2
        total, per_doc = held_out(ROOT, gold_dir, found)
        heading = f"unseen texts in {gold}"
        alone = "gazetteer of the seeds"
    else:
        total, per_doc = leave_one_out(ROOT, found)
        heading = "leave-one-document-out"
        alone = "gazetteer from the other documents only"
    if not per_doc:
        where = f" in {gold}" if gold else ""
        print(f"kg ingest --score: no curated annotations to score against{where}", file=sys.stderr)
        return 2
    out = [
        f"`kg ingest --score`: {heading} over "
        f"{len(per_doc)} documents ({', '.join(sorted(per_doc))}), all documents together:\n\n",
        table(total),
    ]
    for doc_id, t in sorted(per_doc.items()):
        out += [f"\nDocument {doc_id} alone ({alone}):\n\n", table(t)]
    if found is not None:
        kinds = None if misses == "all" else [k.strip() for k in misses.split(",")]
        print(misses_report(found, kinds))
    print("".join(out), end="")
    if write_docs:
        update_docs("".join(out))
    return 0


def update_docs(block: str) -> None:
    """Replace the score block of docs/ingest.md (between its markers)."""
    text = DOCS_FILE.read_text(encoding="utf-8")
    i, j = text.find(SCORE_BEGIN), text.find(SCORE_END)
    if i == -1 or j == -1:
        raise SystemExit(f"{DOCS_FILE}: no {SCORE_BEGIN} ... {SCORE_END} block")
    new = text[: i + len(SCORE_BEGIN)] + "\n" + block + text[j:]
    write_atomically({DOCS_FILE: new})
