"""Synthetic seeds: texts, metadata and annotations in the format of ``seeds/``, at any multiple.

The build's cost depends on the corpus (texts to scan for mentions, quotes to
anchor, items to turn into RDF, triples to reason over and validate), so the
build benchmark needs corpora 10× and 100× the size of the real seeds, in the
real format (docs/annotations.md), that pass the build's checks. Every quote
is a sentence of its text, unique, so anchoring always succeeds; every item
uses properties with the right domains and ranges, so reasoning finds no
inconsistency.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.names import NameMaker

#: The real seeds, measured when this was written: 2 texts, 45,755 characters,
#: 1,168 annotated items, 411 entities. A corpus of factor k has k times each.
SEED_DOCS, SEED_CHARS, SEED_ITEMS, SEED_ENTITIES = 2, 45_755, 1_168, 411

#: class -> share of the entities
CLASS_SHARES = {
    "State": 0.04,
    "GovernmentBody": 0.04,
    "ArmedForce": 0.04,
    "Position": 0.06,
    "Person": 0.24,
    "Region": 0.05,
    "Settlement": 0.15,
    "Battle": 0.08,
    "Attack": 0.08,
    "War": 0.02,
    "Agreement": 0.04,
    "WeaponSystem": 0.08,
    "MediaOutlet": 0.04,
    "Group": 0.04,
}
HEDGES = ["exactly", "approximately", "at-least", "more-than", "nearly", "up-to"]


@dataclass
class Corpus:
    entities: dict[str, list[dict]] = field(default_factory=dict)  # class -> entities
    _ids: dict[str, list[str]] = field(default_factory=dict)

    def ids(self, cls: str) -> list[str]:
        if cls not in self._ids:
            self._ids[cls] = [e["id"] for e in self.entities.get(cls, [])]
        return self._ids[cls]


def make_entities(count: int, rng: random.Random) -> Corpus:
    names = NameMaker(rng)
    corpus = Corpus()
    for cls, share in CLASS_SHARES.items():
        for i in range(max(2, int(count * share))):
            if cls == "Person":
                label = names.person()
            elif cls in ("Battle", "Attack", "War"):
                label = f"{ {'Battle': 'Battle of', 'Attack': 'Shelling of', 'War': 'War of'}[cls] } {names.word(2)}"
            elif cls == "GovernmentBody":
                label = f"Council of {names.word(2)}"
            elif cls == "ArmedForce":
                label = f"{names.word(2)} Army"
            elif cls == "Position":
                label = f"Governor of {names.word(2)}"
            elif cls == "WeaponSystem":
                label = names.unique(lambda: f"{rng.choice('TBSMKZ')}{rng.choice('ABKRTU')}-{rng.randint(2, 900)}")
            else:
                label = names.word(rng.randint(2, 3))
            entity = {"id": f"{cls.lower()}-{i}", "type": cls, "label": label}
            if cls in ("Settlement", "Region", "State") and rng.random() < 0.5:
                entity["aliases"] = names.variants(label, 1)
            corpus.entities.setdefault(cls, []).append(entity)
    return corpus


class DocumentWriter:
    """One synthetic text and its annotation file, built sentence by sentence."""

    def __init__(self, doc_id: str, author: str, corpus: Corpus, labels: dict[str, str], rng: random.Random):
        self.doc_id = doc_id
        self.labels = labels
        self.author = author
        self.corpus = corpus
        self.rng = rng
        self.sentences: list[str] = []
        self.items: dict[str, list[dict]] = {}
        self.count = 0

    def quote(self, text: str) -> str:
        self.count += 1
        sentence = f"{text} (report {self.doc_id}.{self.count})"
        self.sentences.append(sentence + ".")
        return sentence

    def item(self, kind: str, data: dict, words: str) -> None:
        data["quote"] = self.quote(words)
        if self.rng.random() < 0.2:
            data["by"] = self.rng.choice(self.corpus.ids("GovernmentBody"))
            data["modality"] = self.rng.choice(["stated", "alleged", "hedged"])
        self.items.setdefault(kind, []).append(data)

    def filler(self) -> None:
        names = [self.labels[self.rng.choice(self.corpus.ids(c))] for c in ("State", "Settlement", "Person")]
        self.sentences.append(f"Observers in {names[1]} said {names[2]} of {names[0]} would respond.")


def statement(w: DocumentWriter, labels: dict[str, str]) -> None:
    rng, c = w.rng, w.corpus
    kind = rng.randrange(9)
    event = rng.choice(c.ids("Battle") + c.ids("Attack"))
    if kind == 0:
        s, p, o = event, rng.choice(["attacker", "defender"]), rng.choice(c.ids("State"))
    elif kind == 1:
        s, p, o = event, "place", rng.choice(c.ids("Settlement"))
    elif kind == 2:
        w.item(
            "statements",
            {
                "s": event,
                "p": "date",
                "value": f"{rng.randint(1990, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            },
            f"{labels[event]} took place that day",
        )
        return
    elif kind == 3:
        s, p, o = rng.choice(c.ids("Settlement")), "locatedIn", rng.choice(c.ids("Region"))
    elif kind == 4:
        s, p, o = rng.choice(c.ids("Person")), "affiliatedWith", rng.choice(c.ids("State"))
    elif kind == 5:
        s, p, o = rng.choice(c.ids("WeaponSystem")), "usedIn", event
    elif kind == 6:
        s, p, o = rng.choice(c.ids("Agreement")), rng.choice(["party", "broker"]), rng.choice(c.ids("State"))
    elif kind == 7:
        s, p, o = rng.choice(c.ids("War")), "hasSubEvent", event
    else:
        s, p, o = rng.choice(c.ids("WeaponSystem")), "countryOfOrigin", rng.choice(c.ids("State"))
    w.item("statements", {"s": s, "p": p, "o": o}, f"{labels[s]} {p} {labels[o]}")


def nary(w: DocumentWriter, labels: dict[str, str]) -> None:
    rng, c = w.rng, w.corpus
    kind = rng.randrange(5)
    count, hedge = rng.randint(2, 900), rng.choice(HEDGES)
    if kind == 0:
        event, side = rng.choice(c.ids("Battle") + c.ids("Attack")), rng.choice(c.ids("State"))
        w.item(
            "casualties",
            {
                "event": event,
                "count": count,
                "qualifier": hedge,
                "side": side,
                "category": rng.choice(["soldiers", "civilians"]),
                "type": rng.choice(["killed", "wounded"]),
            },
            f"{hedge} {count} of {labels[side]} were hit in the {labels[event]}",
        )
    elif kind == 1:
        sup, rec, system = rng.choice(c.ids("State")), rng.choice(c.ids("State")), rng.choice(c.ids("WeaponSystem"))
        w.item(
            "transfers",
            {
                "supplier": sup,
                "recipient": rec,
                "system": system,
                "count": count,
                "qualifier": hedge,
                "start": str(rng.randint(1990, 2023)),
            },
            f"{labels[sup]} delivered {count} {labels[system]} to {labels[rec]}",
        )
    elif kind == 2:
        op, system = rng.choice(c.ids("State")), rng.choice(c.ids("WeaponSystem"))
        w.item(
            "holdings",
            {
                "operator": op,
                "system": system,
                "count": count,
                "qualifier": hedge,
                "as_of": str(rng.randint(1990, 2023)),
            },
            f"{labels[op]} holds {count} {labels[system]}",
        )
    elif kind == 3:
        person, pos = rng.choice(c.ids("Person")), rng.choice(c.ids("Position"))
        w.item(
            "tenures",
            {"holder": person, "position": pos, "start": str(rng.randint(1990, 2023))},
            f"{labels[person]} became {labels[pos]}",
        )
    else:
        state = rng.choice(c.ids("State"))
        w.item(
            "measurements",
            {
                "entity": state,
                "measure": "population",
                "value": count * 1000,
                "unit": "persons",
                "qualifier": hedge,
                "as_of": str(rng.randint(1990, 2023)),
            },
            f"{labels[state]} has {count} thousand people",
        )


def required_items(corpus: Corpus, rng: random.Random) -> list[tuple[str, str, str]]:
    """(subject, property, object or year) of the facts every entity of a class needs
    (the shapes ask for them): each agreement's parties, each position's state, each
    armed force's state, each event's date."""
    items = []
    for agreement in corpus.ids("Agreement"):
        items += [(agreement, "party", state) for state in rng.sample(corpus.ids("State"), 2)]
    items += [(pos, "positionIn", rng.choice(corpus.ids("State"))) for pos in corpus.ids("Position")]
    items += [(force, "armedForceOf", rng.choice(corpus.ids("State"))) for force in corpus.ids("ArmedForce")]
    for event in corpus.ids("Battle") + corpus.ids("Attack") + corpus.ids("War"):
        items.append((event, "date", f"{rng.randint(1990, 2023)}"))
    return items


#: how each required fact is worded in the text
REQUIRED_WORDING = {"party": "{s} binds {o}", "positionIn": "{s} serves {o}", "armedForceOf": "{s} of {o}"}


def required_facts(w: DocumentWriter, labels: dict[str, str], items: list[tuple[str, str, str]]) -> None:
    """Write ``items`` (see :func:`required_items`) into a document. They are dealt to the
    documents in turn, so that every document of a corpus has about the same size
    (they all went into the first one before: 15,000 items at 100×, a document 26 times
    the others, whose cost grew with the corpus)."""
    statements = w.items.setdefault("statements", [])
    for subject, prop, obj in items:
        if prop == "date":
            quote = w.quote(f"{labels[subject]} is dated")
            statements.append({"s": subject, "p": prop, "value": obj, "quote": quote})
        else:
            quote = w.quote(REQUIRED_WORDING[prop].format(s=labels[subject], o=labels[obj]))
            statements.append({"s": subject, "p": prop, "o": obj, "quote": quote})


def write_corpus(dest: Path, factor: int, seed: int = 1) -> dict:
    """A seeds directory ``dest`` with ``factor`` times the real seeds' size; returns its statistics."""
    rng = random.Random(f"corpus:{seed}:{factor}")
    corpus = make_entities(SEED_ENTITIES * factor, rng)
    labels = {e["id"]: e["label"] for es in corpus.entities.values() for e in es}
    (dest / "annotations" / "entities").mkdir(parents=True, exist_ok=True)
    (dest / "metadata").mkdir(parents=True, exist_ok=True)
    entities = [e for es in corpus.entities.values() for e in es]
    _dump(dest / "annotations" / "entities" / "synthetic.yaml", {"entities": entities})
    docs = SEED_DOCS * factor
    items_per_doc, chars_per_doc = SEED_ITEMS // SEED_DOCS, SEED_CHARS // SEED_DOCS
    required = required_items(corpus, rng)
    total_items = 0
    for d in range(docs):
        doc_id = f"{d:04d}"
        author = corpus.ids("Person")[d % len(corpus.ids("Person"))]
        w = DocumentWriter(doc_id, author, corpus, labels, rng)
        required_facts(w, labels, required[d::docs])
        for _ in range(items_per_doc):
            (statement if rng.random() < 0.75 else nary)(w, labels)
            if rng.random() < 0.5:
                w.filler()
        text = " ".join(w.sentences)
        if len(text) < chars_per_doc:
            while len(text) < chars_per_doc:
                w.filler()
                text += " " + w.sentences[-1]
        file_name = f"{doc_id}_synthetic.txt"
        (dest / file_name).write_text(text + "\n", encoding="utf-8")
        _dump(
            dest / "metadata" / f"{doc_id}.yaml",
            {
                "id": doc_id,
                "file": file_name,
                "title": f"Synthetic report {doc_id}",
                "authors": [author],
                "publisher": rng.choice(corpus.ids("MediaOutlet")),
                "date": f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}",
                "language": "en",
            },
        )
        _dump(dest / "annotations" / f"{doc_id}.yaml", {"document": doc_id, "author": author, **w.items})
        total_items += sum(len(v) for v in w.items.values())
    return {"documents": docs, "items": total_items, "entities": len(entities)}


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
