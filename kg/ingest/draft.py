"""The draft writer: proposals → files in the curated format, byte for byte stable.

Written by hand rather than by yaml.dump so that the layout is fixed: a
header that says what to do with the file, the sections in a fixed order,
one item per block, keys in a fixed order, and each quote's ``occurrence``
computed exactly as kg.anchor counts them. The draft obeys
kg/annotation.schema.json, so ``kg build`` can load it into its proposals
graph; what the schema has no place for (the entity mentions) goes to a
tab-separated file beside it, one mention per line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kg.anchor import anchor, occurrences
from kg.ingest.model import Item, Proposals

SECTIONS = ("statements", "tenures", "casualties", "losses", "holdings", "transfers", "measurements")
KEY_ORDER = (
    "id",
    "type",
    "label",
    "aliases",
    "definition",
    "no_mentions",
    "s",
    "p",
    "o",
    "value",
    "holder",
    "position",
    "start",
    "end",
    "event",
    "entity",
    "operator",
    "supplier",
    "recipient",
    "side",
    "system",
    "weapon_type",
    "measure",
    "count",
    "unit",
    "qualifier",
    "lower",
    "upper",
    "category",
    "loss_type",
    "as_of",
    "due",
    "value_text",
    "quote",
    "occurrence",
    "by",
    "modality",
    "claim_date",
    "date_resolution",
    "as_written",
    "note",
    "proposed",
    "proposed_by",
    "confidence",
)
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
GENERATOR = "kg-ingest/1"


def scalar(v: Any) -> str:
    """A YAML scalar that reads back as the same value (strings double-quoted unless plain ids)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(round(v, 4))
    if v is None:
        return "null"
    if isinstance(v, list):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    s = str(v)
    if PLAIN.match(s) and s.lower() not in RESERVED:
        return s
    return json.dumps(s, ensure_ascii=False)


def quote_of(text: str, start: int, end: int) -> tuple[str, int | None]:
    """The quote for a span (trimmed) and its occurrence number when it is not unique."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quote = text[start:end]
    occ = occurrences(text, quote)
    n = occ.index(start) + 1 if len(occ) > 1 else None
    anchor(text, quote, n)  # fails loudly if the writer ever disagrees with the reader
    return quote, n


def ordered(d: dict[str, Any], section: str = "") -> list[tuple[str, Any]]:
    order = KEY_ORDER
    if section in ("casualties", "losses"):  # 'type' is the casualty type there, after category
        order = tuple(k for k in KEY_ORDER if k != "type")
        i = order.index("category") + 1
        order = order[:i] + ("type",) + order[i:]
    rank = {k: i for i, k in enumerate(order)}
    return sorted(d.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def block(d: dict[str, Any], section: str = "") -> str:
    lines = []
    for i, (k, v) in enumerate(ordered(d, section)):
        lines.append(("  - " if i == 0 else "    ") + f"{k}: {scalar(v)}")
    return "\n".join(lines) + "\n"


def item_dict(text: str, it: Item) -> dict[str, Any]:
    quote, occ = quote_of(text, it.start, it.end)
    d: dict[str, Any] = dict(it.fields)
    d["quote"] = quote
    if occ:
        d["occurrence"] = occ
    if it.by:
        d["by"] = it.by
    if it.modality:
        d["modality"] = it.modality
    if it.claim_date:
        d["claim_date"] = it.claim_date
    d.update(it.extra)
    d.update(proposed=True, proposed_by=it.rule, confidence=round(it.confidence, 2))
    return d


def render(
    props: Proposals,
    *,
    source: str,
    author: str,
    command: str = "",
    extra_entities: list[dict[str, Any]] | None = None,
) -> str:
    """The draft annotation file for one document."""
    text = props.text
    out = [
        f"# Draft annotations for {source}, proposed by `kg ingest` ({GENERATOR}).\n",
        "# Nothing here is curated: check every item against the text, fix or delete it,\n",
        "# move the entities you keep to seeds/annotations/entities/, then set\n",
        "# `status: reviewed` (until then it loads only into graph/proposals/<doc>).\n",
    ]
    if command:
        out.append(f"# Made by: {command}\n")
    out.append(f"document: {json.dumps(props.doc_id)}\n")
    out.append("status: draft\n")
    out.append(f"author: {scalar(author)}\n")
    entities = list(extra_entities or [])
    for e in sorted(props.entities.values(), key=lambda e: (e.start, e.id)):
        d: dict[str, Any] = {"id": e.id, "type": e.type, "label": e.label}
        if e.aliases:
            d["aliases"] = sorted(e.aliases)
        if e.start >= 0:
            d["note"] = f"named in the text: {text[e.start : e.end]}"
        d.update(proposed=True, proposed_by=e.rule, confidence=round(e.confidence, 2))
        entities.append(d)
    if entities:
        out.append("\nentities:\n")
        out.extend(block(d) for d in entities)
    for section in SECTIONS:
        items = [i for i in props.items if i.section == section]
        if items:
            out.append(f"\n{section}:\n")
            out.extend(block(item_dict(text, it), section) for it in items)
    return "".join(out)


def render_mentions(props: Proposals) -> str:
    """The proposed mentions, one per line: entity, quote, occurrence, offsets, rule, confidence."""
    rows = ["entity\tquote\toccurrence\tstart\tend\tproposed_by\tconfidence\n"]
    for m in props.mentions:
        q, occ = quote_of(props.text, m.start, m.end)
        q = q.replace("\t", " ").replace("\n", " ")
        rows.append(f"{m.entity}\t{q}\t{occ or 1}\t{m.start}\t{m.end}\t{m.rule}\t{m.confidence:.2f}\n")
    return "".join(rows)


def render_metadata(
    *,
    doc_id: str,
    file: str,
    date: str,
    title: str,
    title_note: str | None,
    authors: list[str],
    publisher: str | None,
    url: str | None,
) -> str:
    """The metadata draft, in the form of seeds/metadata/NNN.yaml."""
    lines = [
        f"# Metadata draft for {file}, written by `kg ingest` from its command line;\n",
        "# check it, then move it to seeds/metadata/ and set `status: reviewed`.\n",
        f"id: {json.dumps(doc_id)}\n",
        f"file: {scalar(file)}\n",
        f"title: {scalar(title)}\n",
    ]
    if title_note:
        lines.append(f"title_note: {scalar(title_note)}\n")
    lines.append(f"authors: {scalar(authors)}\n")
    if not authors:
        lines.append("author_unknown: true\n")
    lines += [
        f"publisher: {scalar(publisher)}\n",
        f"date: {json.dumps(date)}\n",
        'date_source: "Given to kg ingest (--date)."\n',
    ]
    if url:
        lines.append(f"url: {scalar(url)}\n")
    lines += ["language: en\n", "status: draft\n"]
    return "".join(lines)
