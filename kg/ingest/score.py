"""How good are the proposals? Precision, recall and F1 against the curated annotations.

A proposal matches a gold item when they are of the same kind, their
participants and values agree and their evidence spans overlap (after the
quotes are anchored in the text). New entities the rules propose are first
aligned with curated ones: by id, by name, and for events and agreements by
type and overlapping evidence. "strict" asks every listed field to agree;
"lenient" only kind, value and overlapping evidence.

The benchmark is leave-one-document-out: for each seed text, the gazetteer
holds only the entities the *other* texts' curated annotations use (the ids
their items refer to, and the entities their texts name), never the test
text's own; the rules themselves are general.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.anchor import AnchorError, anchor
from kg.ingest.gazetteer import Gazetteer
from kg.ingest.model import Proposals
from kg.ingest.ontology_types import AGREEMENT_TYPES, EVENT_TYPES, ancestors, is_a

REF_KEYS = ("s", "o", "holder", "event", "side", "system", "operator", "supplier", "recipient", "entity")
DATE_PREDS = {"date": "when", "startDate": "when", "signingDate": "when", "endDate": "end"}
ROLE_PREDS = {
    "attacker",
    "defender",
    "agent",
    "participant",
    "target",
    "place",
    "mediator",
    "victor",
    "addressee",
    "supporter",
}
PARTY_PREDS = {"party", "signatory", "broker"}
QUANTITY_SECTIONS = ("casualties", "losses", "holdings", "transfers", "measurements")
STRICT_FIELDS = {
    "casualties": ("count", "qualifier", "category", "type", "side"),
    "losses": ("count", "qualifier", "loss_type", "side", "weapon_type", "system"),
    "holdings": ("count", "qualifier", "operator", "system", "weapon_type"),
    "transfers": ("count", "supplier", "recipient", "system"),
    "measurements": ("value", "qualifier", "measure", "entity"),
}
KINDS = (
    "entity links",
    "named mentions",
    "entities (per document)",
    "dates",
    "quantities",
    "numbers",
    "events",
    "event roles",
    "agreements",
    "tenures",
    "attribution",
)


@dataclass
class Unit:
    """One thing to find: a key that must agree and the evidence spans."""

    kind: str
    strict: tuple
    lenient: tuple
    spans: list[tuple[int, int]]
    participants: frozenset[str] = frozenset()


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    tp_p: int = 0
    tp_r: int = 0
    len_p: int = 0
    len_r: int = 0

    def add(self, other: Tally) -> None:
        for k in ("gold", "pred", "tp_p", "tp_r", "len_p", "len_r"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def precision(self) -> float:
        return self.tp_p / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return self._f(self.precision, self.recall)

    @property
    def f1_lenient(self) -> float:
        p = self.len_p / self.pred if self.pred else 0.0
        r = self.len_r / self.gold if self.gold else 0.0
        return self._f(p, r)


# --- gold -------------------------------------------------------------------------


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    date: str
    author: str | None
    items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (section, item)


def load_gold(annotations: Path, metadata: Path, seeds: Path) -> dict[str, GoldDoc]:
    """Every curated (not draft) document: its text, date and items, by document id."""
    docs: dict[str, GoldDoc] = {}
    for path in sorted(annotations.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("status") == "draft" or "document" not in data:
            continue
        doc_id = str(data["document"])
        if doc_id not in docs:
            meta_path = metadata / f"{doc_id}.yaml"
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            files = sorted(seeds.glob(f"{doc_id}_*.txt"))
            name = meta.get("file") or (files[0].name if files else None)
            if not name:
                continue
            docs[doc_id] = GoldDoc(
                doc_id, (seeds / name).read_text(encoding="utf-8"), str(meta.get("date") or ""), data.get("author")
            )
        for section, items in data.items():
            if not isinstance(items, list):
                continue
            for it in items:
                if isinstance(it, dict) and "quote" in it and not it.get("proposed"):
                    docs[doc_id].items.append((section, it))
    return docs


def name_mentions(text: str, gaz: Gazetteer) -> list[tuple[str, int, int]]:
    """Labels, aliases and demonyms found in the text: case-sensitive, whole words.

    Labels and aliases are what the build highlights; demonyms are counted too,
    since the curated entity files declare them as naming the entity's people."""
    found = []
    for e in gaz.entities.values():
        if e.no_mentions or not e.curated:
            continue
        for n in (*e.names(), *e.demonyms):
            for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text):
                found.append((e.id, m.start(), m.end()))
    # the longest name wins where names overlap ("Nagorno-Karabakh" over "Karabakh")
    found.sort(key=lambda x: (-(x[2] - x[1]), x[1], x[0]))
    kept: list[tuple[str, int, int]] = []
    for x in found:
        if not any(x[1] < k[2] and k[1] < x[2] for k in kept):
            kept.append(x)
    return sorted(kept, key=lambda x: (x[1], x[0]))


def referenced_ids(doc: GoldDoc, gaz: Gazetteer) -> set[str]:
    """Entity ids the document's annotations use (item references, claimants, author)."""
    ids = {doc.author} if doc.author else set()
    for _, it in doc.items:
        for k in (*REF_KEYS, "by", "position", "cites"):
            v = it.get(k)
            if isinstance(v, str) and v in gaz.entities:
                ids.add(v)
    return ids


def training_ids(train: Iterable[GoldDoc], full: Gazetteer) -> set[str]:
    """What a gazetteer may know when these documents are the training data."""
    ids: set[str] = set()
    for d in train:
        ids |= referenced_ids(d, full)
        ids |= {eid for eid, _, _ in name_mentions(d.text, full)}
    return ids


def _span(doc: GoldDoc, it: dict[str, Any]) -> tuple[int, int] | None:
    try:
        s = anchor(doc.text, str(it["quote"]), it.get("occurrence"), doc=doc.doc_id)
    except AnchorError:
        return None
    return (s.start, s.end)


def _num(v: Any) -> Any:
    if isinstance(v, float) and v == int(v):
        return int(v)
    return v


def _types(gaz: Gazetteer, extra: dict[str, str], eid: str | None) -> list[str]:
    if not eid:
        return []
    e = gaz.get(eid)
    if e is not None:
        return list(e.types)
    return [extra[eid]] if eid in extra else []


def units(
    items: list[tuple[str, dict[str, Any], tuple[int, int]]],
    mentions: list[tuple[str, int, int]],
    gaz: Gazetteer,
    types: dict[str, str],
    author: str | None,
    ids: dict[str, str],
) -> dict[str, list[Unit]]:
    """The units of every kind for one side (gold or proposals); ``ids`` maps ids to gold ids."""

    def g(x: Any) -> Any:
        return ids.get(x, x) if isinstance(x, str) else x

    out: dict[str, list[Unit]] = defaultdict(list)
    for eid, s, e in mentions:
        out["entity links"].append(Unit("entity links", (g(eid),), (g(eid),), [(s, e)]))
        out["named mentions"].append(Unit("entity links", (g(eid),), (g(eid),), [(s, e)]))
    for section, it, sp in items:
        for k in REF_KEYS:
            v = it.get(k)
            if (
                isinstance(v, str)
                and (gaz.get(v) or v in types)
                and not any(g(eid) == g(v) and sp[0] <= s and e <= sp[1] for eid, s, e in mentions)
            ):
                if section == "statements" and k == "o" and it.get("p") in ("skos:altLabel",):
                    continue
                out["entity links"].append(Unit("entity links", (g(v),), (g(v),), [sp]))
    # events and agreements: everything said about them is their evidence
    about: dict[str, list[tuple[int, int]]] = defaultdict(list)
    parts: dict[str, set[str]] = defaultdict(set)
    for section, it, sp in items:
        for k in ("s", "event"):
            v = it.get(k)
            if isinstance(v, str) and is_a(_types(gaz, types, v) or ["?"], EVENT_TYPES | AGREEMENT_TYPES):
                about[v].append(sp)
                if section == "statements" and it.get("p") in ROLE_PREDS | PARTY_PREDS and isinstance(it.get("o"), str):
                    if it["p"] not in ("place", "target"):
                        parts[v].add(g(it["o"]))
    for eid, m_s, m_e in mentions:
        if eid in about:
            about[eid].append((m_s, m_e))
    for eid, spans in about.items():
        t = _types(gaz, types, eid)
        kind = "agreements" if is_a(t, AGREEMENT_TYPES) else "events"
        top = "Agreement" if kind == "agreements" else "Event"
        out[kind].append(Unit(kind, (g(eid),), (top,), spans, frozenset(parts[eid])))
    for section, it, sp in items:
        if section == "statements":
            p = it.get("p")
            if p in DATE_PREDS and "value" in it:
                v = str(it["value"])
                out["dates"].append(Unit("dates", (g(it.get("s")), DATE_PREDS[p], v), (v,), [sp]))
            elif p in ROLE_PREDS | PARTY_PREDS and isinstance(it.get("o"), str):
                role = "party" if p in PARTY_PREDS else p
                out["event roles"].append(Unit("event roles", (g(it.get("s")), role, g(it["o"])), (g(it["o"]),), [sp]))
        elif section == "tenures":
            out["tenures"].append(
                Unit("tenures", (g(it.get("holder")), g(it.get("position"))), (g(it.get("holder")),), [sp])
            )
            for k in ("start", "end"):
                if k in it:
                    out["dates"].append(
                        Unit("dates", (g(it.get("holder")), "tenure-" + k, str(it[k])), (str(it[k]),), [sp])
                    )
        elif section in QUANTITY_SECTIONS:
            value = _num(it.get("count", it.get("value")))
            strict = (section, *(g(_num(it.get(f))) for f in STRICT_FIELDS[section]))
            out["quantities"].append(Unit("quantities", strict, (section, value), [sp]))
            if isinstance(value, int | float):
                out["numbers"].append(out["quantities"][-1])
        by = it.get("by")
        if by and by != author:
            out["attribution"].append(Unit("attribution", (g(by),), (_party(gaz, g(by)),), [sp]))
    return out


#: speakers that speak for their state: "Armenia denied" and "the Armenian government denied"
#: name one party (the lenient measure of attribution); a person, a group (a lobby, sceptical
#: officers) or an outside body is itself
SPEAK_FOR_STATE = frozenset({"Government", "GovernmentBody", "ArmedForce"})


def _party(gaz: Gazetteer, eid: Any) -> Any:
    """The party a claimant speaks for: a state's government, ministries, forces and officials
    are the state; anyone else is itself."""
    e = gaz.get(eid) if isinstance(eid, str) else None
    if e is None or not is_a(e.types, SPEAK_FOR_STATE):
        return eid
    state = gaz.state_of(eid)
    return state.id if state is not None else eid


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _agree(p: Unit, gu: Unit, strict: bool) -> bool:
    if p.kind in ("events", "agreements"):
        if not _overlap(p.spans, gu.spans):
            return False
        if not strict:
            return True
        if p.strict != gu.strict:
            return False
        return not (p.participants and gu.participants) or bool(p.participants & gu.participants)
    key_p, key_g = (p.strict, gu.strict) if strict else (p.lenient, gu.lenient)
    return key_p == key_g and _overlap(p.spans, gu.spans)


def tally(pred: list[Unit], gold: list[Unit]) -> Tally:
    """Count matches both ways (a proposal may match several gold units and vice versa)."""
    t = Tally(gold=len(gold), pred=len(pred))
    for strict in (True, False):
        # only units with equal keys can match (events: equal lenient keys), so bucket by key
        def key(u: Unit, strict: bool = strict) -> tuple:
            return u.lenient if (u.kind in ("events", "agreements") or not strict) else u.strict

        buckets: dict[tuple, list[Unit]] = defaultdict(list)
        for g in gold:
            buckets[key(g)].append(g)
        hit_p = sum(any(_agree(p, g, strict) for g in buckets.get(key(p), [])) for p in pred)
        pbuckets: dict[tuple, list[Unit]] = defaultdict(list)
        for p in pred:
            pbuckets[key(p)].append(p)
        hit_r = sum(any(_agree(p, g, strict) for p in pbuckets.get(key(g), [])) for g in gold)
        if strict:
            t.tp_p, t.tp_r = hit_p, hit_r
        else:
            t.len_p, t.len_r = hit_p, hit_r
    return t


# --- alignment of proposed ids with curated ones -----------------------------------------


def _by_name(gaz: Gazetteer, name: str):  # noqa: ANN202
    """A curated entity by name, ignoring case and a leading or inner 'the'."""

    def norm(n: str) -> str:
        # "Defence Secretary (United Kingdom)" is "Defence Secretary of the United Kingdom"
        n = re.sub(r"^(.+?)\s+\(([^()]+)\)$", r"\1 of \2", n)
        return re.sub(r"\bthe\s+", "", n.lower()).strip()

    keys = {norm(name)}
    # "Azerbaijani Ministry of Health" is "Ministry of Health of Azerbaijan"
    if (m := re.match(r"(\S+) ((?:Ministry|Office) .+)$", name)) and (state := gaz.state_of_demonym(m.group(1))):
        keys.add(norm(f"{m.group(2)} of {state.label}"))
    for e in gaz.entities.values():
        if e.curated and any(norm(n) in keys for n in e.names()):
            return e
    return None


COMBAT = {"Offensive", "Attack", "Battle", "War"}


def _compatible(a: str, b: str) -> bool:
    """Types a proposal and a gold entity may share: any two kinds of agreement; of events,
    one a kind of the other, or both kinds of fighting (not an announcement and an offensive)."""
    if ancestors(a)[-1] != ancestors(b)[-1]:
        return False
    if ancestors(a)[-1] == "Agreement":
        return True
    return a in ancestors(b) or b in ancestors(a) or (a in COMBAT and b in COMBAT)


def align(
    props: Proposals, full: Gazetteer, gold_items: list[tuple[str, dict[str, Any], tuple[int, int]]]
) -> dict[str, str]:
    """Map each proposed new entity id to the curated entity it stands for, where one does."""
    ids: dict[str, str] = {}
    gold_ev: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _, it, sp in gold_items:
        for k in ("s", "event"):
            v = it.get(k)
            if isinstance(v, str) and full.get(v) and is_a(full.entities[v].types, EVENT_TYPES | AGREEMENT_TYPES):
                gold_ev[v].append(sp)
    gold_parts: dict[str, set[str]] = defaultdict(set)
    gold_dates: dict[str, set[str]] = defaultdict(set)
    for _, it, _sp in gold_items:
        if isinstance(it.get("s"), str) and isinstance(it.get("o"), str):
            gold_parts[it["s"]].add(it["o"])
        if it.get("p") in DATE_PREDS and "value" in it:
            gold_dates[it.get("s")].add(str(it["value"]))
    for eid, ne in sorted(props.entities.items()):
        if full.get(eid) is not None:
            continue  # same id: nothing to map
        known = next((k for n in (ne.label, *ne.aliases) if (k := _by_name(full, n))), None)
        if known is not None:
            ids[eid] = known.id
            continue
        if ne.type == "Person" and " " not in ne.label:
            # a person the text names by surname only ("President Putin"): the one curated
            # person with that surname, if exactly one
            same = [
                e.id
                for e in full.entities.values()
                if e.curated and e.type == "Person" and e.label.endswith(" " + ne.label)
            ]
            if len(same) == 1:
                ids[eid] = same[0]
            continue
        if is_a(ne.type, EVENT_TYPES | AGREEMENT_TYPES):
            spans = [(i.start, i.end) for i in props.items if i.fields.get("s") == eid or i.fields.get("event") == eid]
            spans += [(m.start, m.end) for m in props.mentions if m.entity == eid]
            p_parts = {i.fields["o"] for i in props.items if i.fields.get("s") == eid and "o" in i.fields}
            p_dates = {
                str(i.fields["value"])
                for i in props.items
                if i.fields.get("s") == eid and i.fields.get("p") in DATE_PREDS
            }
            best, score = None, 0
            for gid, gsp in sorted(gold_ev.items()):
                # an entity may have several types ("[CitedWork, Announcement]"): any one may agree
                if not any(_compatible(ne.type, t) for t in full.entities[gid].types):
                    continue
                n = sum(x0 < y1 and y0 < x1 for x0, x1 in spans for y0, y1 in gsp)
                bonus = (
                    (1 if ne.type in full.entities[gid].types else 0)
                    + 2 * bool(p_parts & gold_parts[gid])
                    + 2 * bool(p_dates & gold_dates[gid])
                )
                if n and (n + bonus, gid) > (score, best or ""):
                    best, score = gid, n + bonus
            if best:
                ids[eid] = best
    return ids


# --- the benchmark ------------------------------------------------------------------


def proposal_items(props: Proposals) -> list[tuple[str, dict[str, Any], tuple[int, int]]]:
    out = []
    for i in props.items:
        d = dict(i.fields)
        if i.by:
            d["by"] = i.by
        out.append((i.section, d, (i.start, i.end)))
    return out


def unmatched(pred: list[Unit], gold: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """The gold units no proposal matches and the proposals that match no gold unit (strict):
    the misses and the false alarms, so that rules are fixed where they really fail."""

    def key(u: Unit) -> tuple:
        return u.lenient if u.kind in ("events", "agreements") else u.strict

    gb: dict[tuple, list[Unit]] = defaultdict(list)
    pb: dict[tuple, list[Unit]] = defaultdict(list)
    for g in gold:
        gb[key(g)].append(g)
    for p in pred:
        pb[key(p)].append(p)
    missed = [g for g in gold if not any(_agree(p, g, True) for p in pb.get(key(g), []))]
    wrong = [p for p in pred if not any(_agree(p, g, True) for g in gb.get(key(p), []))]
    return missed, wrong


#: kinds tallied from other kinds' units, not by :func:`tally` on their own
DERIVED = ("entities (per document)", "named mentions", "numbers")


def named_mentions(pred_u: dict[str, list[Unit]], gold_u: dict[str, list[Unit]]) -> Tally:
    """Entity links where the text names the entity (a label, alias, demonym, inflection).

    The "entity links" row also counts, as gold, every entity an item refers to without
    naming it in its quote (an event's side in a sentence about the event): those are
    found by events and roles, not by linking names. Here recall is over the names the
    gold text holds; a proposed name is right if the gold links that entity there at all,
    by name or by an item's reference (so it is not counted wrong where the curator wrote
    the link as a reference)."""
    return _subset_tally(pred_u, gold_u, "named mentions", "entity links")


def numbers(pred_u: dict[str, list[Unit]], gold_u: dict[str, list[Unit]]) -> Tally:
    """Quantities that are numbers ("more than 2,900 soldiers", "fifty TB2s"), with their
    hedge, category and side. The "quantities" row also holds, as gold, holdings, transfers
    and measurements the text states without a number ("Israel has provided yet more
    MRLS"): facts about arms, not figures. Counted as :func:`named_mentions` is."""
    return _subset_tally(pred_u, gold_u, "numbers", "quantities")


def _subset_tally(pred_u: dict[str, list[Unit]], gold_u: dict[str, list[Unit]], subset: str, kind: str) -> Tally:
    """Recall over the gold units of ``subset`` (found by any proposal of ``kind``);
    precision of the proposals of ``subset`` against every gold unit of ``kind``."""
    precision = tally(pred_u.get(subset, []), gold_u.get(kind, []))
    recall = tally(pred_u.get(kind, []), gold_u.get(subset, []))
    return Tally(
        gold=recall.gold,
        pred=precision.pred,
        tp_p=precision.tp_p,
        tp_r=recall.tp_r,
        len_p=precision.len_p,
        len_r=recall.len_r,
    )


def score_document(
    props: Proposals, gold: GoldDoc, full: Gazetteer, misses: dict[str, tuple[list[Unit], list[Unit]]] | None = None
) -> dict[str, Tally]:
    """The tallies of one document; ``misses``, if given, receives the unmatched units per kind."""
    gold_items = [(s, it, sp) for s, it in gold.items if (sp := _span(gold, it)) is not None]
    ids = align(props, full, gold_items)
    new_types = {eid: e.type for eid, e in props.entities.items()}
    pred_mentions = [(m.entity, m.start, m.end) for m in props.mentions]
    gold_u = units(gold_items, name_mentions(gold.text, full), full, {}, gold.author, {})
    pred_u = units(proposal_items(props), pred_mentions, full, new_types, gold.author, ids)
    # a trigger word ("said", "offensive") stands for its event but is no name of it
    triggers = {(m.start, m.end) for m in props.mentions if m.rule.endswith(":mention")}
    pred_u["named mentions"] = [u for u in pred_u.get("named mentions", []) if u.spans[0] not in triggers]
    result = {k: tally(pred_u.get(k, []), gold_u.get(k, [])) for k in KINDS if k not in DERIVED}
    result["named mentions"] = named_mentions(pred_u, gold_u)
    result["numbers"] = numbers(pred_u, gold_u)
    if misses is not None:
        for k in KINDS:
            if k not in DERIVED:
                misses[k] = unmatched(pred_u.get(k, []), gold_u.get(k, []))
        links_missed, links_wrong = misses["entity links"]
        misses["named mentions"] = (
            [u for u in links_missed if u in gold_u.get("named mentions", [])],
            [u for u in links_wrong if u in pred_u.get("named mentions", [])],
        )
        quantities_missed, quantities_wrong = misses["quantities"]
        misses["numbers"] = (
            [u for u in quantities_missed if u in gold_u.get("numbers", [])],
            [u for u in quantities_wrong if u in pred_u.get("numbers", [])],
        )
    g_ent = {u.strict[0] for u in gold_u.get("entity links", [])}
    p_ent = {u.strict[0] for u in pred_u.get("entity links", [])}
    result["entities (per document)"] = Tally(
        len(g_ent), len(p_ent), len(p_ent & g_ent), len(p_ent & g_ent), len(p_ent & g_ent), len(p_ent & g_ent)
    )
    return result


def leave_one_out(
    root: Path, misses: dict[str, dict[str, tuple[list[Unit], list[Unit]]]] | None = None
) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    """Score every curated document with a gazetteer built from the others only;
    ``misses``, if given, receives each document's unmatched units and its text."""
    annotations = root / "seeds" / "annotations"
    full = Gazetteer.from_dir(annotations / "entities")
    docs = load_gold(annotations, root / "seeds" / "metadata", root / "seeds")

    def gazetteer(doc_id: str) -> Gazetteer:
        train = [d for k, d in docs.items() if k != doc_id]
        keep = training_ids(train, full) if train else set()
        return Gazetteer.from_dir(annotations / "entities", keep=keep)

    return score_all(docs, gazetteer, full, misses)


def held_out(
    root: Path, gold_dir: Path, misses: dict[str, dict[str, tuple[list[Unit], list[Unit]]]] | None = None
) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    """Score documents laid out like ``seeds/`` in ``gold_dir`` (texts, ``metadata/``,
    ``annotations/`` and ``annotations/entities/``) that no rule was written against.

    The gazetteer is what the graph knows: every curated entity of the seeds. The
    held-out set's own entity files only describe its gold (names to align new
    entities with, types), as a reviewer's additions would."""
    known = sorted((root / "seeds" / "annotations" / "entities").glob("*.yaml"))
    own = sorted((gold_dir / "annotations" / "entities").glob("*.yaml"))
    full = Gazetteer.from_files([*known, *own])
    docs = load_gold(gold_dir / "annotations", gold_dir / "metadata", gold_dir)
    return score_all(docs, lambda _doc_id: Gazetteer.from_files(known), full, misses)


def score_all(
    docs: dict[str, GoldDoc],
    gazetteer: Callable[[str], Gazetteer],
    full: Gazetteer,
    misses: dict[str, dict[str, tuple[list[Unit], list[Unit]]]] | None = None,
) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    """Propose each document's annotations with the gazetteer ``gazetteer(doc_id)`` gives
    and score them against its gold; the totals and each document's tallies."""
    from kg.ingest.pipeline import propose

    total = {k: Tally() for k in KINDS}
    per_doc: dict[str, dict[str, Tally]] = {}
    texts: dict[str, str] = {}
    for doc_id, doc in sorted(docs.items()):
        props = propose(doc.text, doc_id, doc.date or "2000", gazetteer(doc_id))
        doc_misses: dict[str, tuple[list[Unit], list[Unit]]] | None = {} if misses is not None else None
        per_doc[doc_id] = score_document(props, doc, full, doc_misses)
        if misses is not None and doc_misses is not None:
            misses[doc_id] = doc_misses
            texts[doc_id] = doc.text
        for k, t in per_doc[doc_id].items():
            total[k].add(t)
    if misses is not None:
        misses["texts"] = texts  # type: ignore[assignment]
    return total, per_doc


def misses_report(
    misses: dict[str, dict[str, tuple[list[Unit], list[Unit]]]], kinds: Iterable[str] | None = None, width: int = 90
) -> str:
    """Plain text: per document and kind, the gold units missed and the proposals that match
    nothing (strict), each with its key and the text of its first evidence span."""
    texts: dict[str, str] = misses.get("texts", {})  # type: ignore[assignment]
    wanted = set(kinds) if kinds else None
    out: list[str] = []

    def show(u: Unit, text: str) -> str:
        s, e = u.spans[0]
        quote = re.sub(r"\s+", " ", text[s:e])
        quote = quote if len(quote) <= width else quote[: width - 3] + "..."
        parts = f" parts={sorted(u.participants)}" if u.participants else ""
        return f"    {u.strict!r}{parts} @{s}: {quote}"

    for doc_id in sorted(k for k in misses if k != "texts"):
        for kind, (missed, wrong) in misses[doc_id].items():
            if wanted is not None and kind not in wanted:
                continue
            out.append(f"== {doc_id} {kind}: {len(missed)} gold missed, {len(wrong)} proposals unmatched")
            out.append("  missed (gold):")
            out += [show(u, texts[doc_id]) for u in sorted(missed, key=lambda u: u.spans[0])]
            out.append("  unmatched (proposed):")
            out += [show(u, texts[doc_id]) for u in sorted(wrong, key=lambda u: u.spans[0])]
    return "\n".join(out) + "\n"


def table(total: dict[str, Tally]) -> str:
    """A Markdown table of the scores."""
    rows = [
        "| kind | gold | proposed | precision | recall | F1 | F1 (lenient) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for k in KINDS:
        t = total[k]
        rows.append(
            f"| {k} | {t.gold} | {t.pred} | {t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} | {t.f1_lenient:.2f} |"
        )
    return "\n".join(rows) + "\n"
