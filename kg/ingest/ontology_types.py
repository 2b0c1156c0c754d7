"""The ontology's class tree as far as the rules need it, read from ontology/kg.ttl.

The tree is derived from the ``rdfs:subClassOf`` statements between ``kgo:``
classes, so a class added to the ontology is known to the rules at once and
the two cannot drift. It is read with a small pattern over the Turtle (the
file's one-class-per-block layout), not with rdflib: importing rdflib would
cost a third of a second on every ``kg ingest``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: the ontology file (kg.config names the same path, but importing it imports rdflib)
ONTOLOGY_FILE = Path(__file__).resolve().parents[2] / "ontology" / "kg.ttl"

CLASS_HEAD = re.compile(r"^kgo:(\w+)\s+a\s+owl:Class\b", re.M)
SUBCLASS_OF = re.compile(r"rdfs:subClassOf\s+([^;]+?)\s*(?:;|\s\.)")


@lru_cache(maxsize=1)
def parents_from_ontology(path: Path = ONTOLOGY_FILE) -> dict[str, tuple[str, ...]]:
    """Each ``kgo:`` class and the ``kgo:`` classes it is declared a subclass of."""
    text = path.read_text(encoding="utf-8")
    heads = list(CLASS_HEAD.finditer(text))
    out: dict[str, tuple[str, ...]] = {}
    for i, head in enumerate(heads):
        block = text[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        sub = SUBCLASS_OF.search(block)
        out[head.group(1)] = tuple(re.findall(r"kgo:(\w+)", sub.group(1))) if sub else ()
    return out


#: Parent of each class (its first ``kgo:`` superclass), for "is this type compatible".
PARENT: dict[str, str] = {c: ps[0] for c, ps in parents_from_ontology().items() if ps}


def ancestors(t: str) -> list[str]:
    """``t`` and every class above it, nearest first."""
    out = [t]
    while out[-1] in PARENT and PARENT[out[-1]] not in out:
        out.append(PARENT[out[-1]])
    return out


def descendants(root: str) -> frozenset[str]:
    """``root`` and every class below it."""
    return frozenset(c for c in parents_from_ontology() if root in ancestors(c)) | {root}


ACTOR_TYPES = descendants("Actor")
STATE_TYPES = descendants("State")
PLACE_TYPES = descendants("Place")
EVENT_TYPES = descendants("Event")
AGREEMENT_TYPES = descendants("Agreement")
OTHER_TYPES = frozenset({"Position", "WeaponSystem", "CitedWork"})


def top(t: str) -> str:
    """The top class (Actor, Place, Event, Agreement, ...) of ``t``."""
    return ancestors(t)[-1]


def is_a(t: str | list[str] | tuple[str, ...], group: frozenset[str]) -> bool:
    """Whether a type (or any of a list of types) falls in ``group``."""
    types = [t] if isinstance(t, str) else list(t)
    return any(a in group for x in types for a in ancestors(x))
