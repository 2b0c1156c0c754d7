"""The proposal data model shared by every rule module.

A rule never writes YAML itself: it returns ``Mention``, ``NewEntity`` and
``Item`` objects that carry a character span (the evidence) and the rule's
name and confidence. Keeping spans (not quotes) until the very end lets the
writer compute ``quote``/``occurrence`` once, the same way kg.anchor reads
them back, and lets the scorer compare spans directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Mention:
    """A span of the text that names an entity (known or newly proposed)."""

    start: int
    end: int
    entity: str
    rule: str
    confidence: float


@dataclass
class NewEntity:
    """An entity the gazetteer does not know, proposed for the entity files."""

    id: str
    type: str
    label: str
    start: int
    end: int
    rule: str
    confidence: float
    aliases: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One proposed annotation item of a section (statements, casualties, ...).

    ``fields`` holds the item's content keys in the order they are written;
    ``by``/``modality``/``claim_date`` are filled in by the attribution pass.
    """

    section: str
    fields: dict[str, Any]
    start: int
    end: int
    rule: str
    confidence: float
    by: str | None = None
    modality: str | None = None
    claim_date: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # date_resolution, as_written, note
    authorial: bool = False  # the author's report of what someone said: never attributed

    def key(self) -> tuple:
        """A total order for deterministic output: position first, then content."""
        return (self.start, self.end, self.section, repr(sorted(self.fields.items())), self.rule, self.by or "")


@dataclass
class Proposals:
    """Everything the pipeline proposes for one document."""

    doc_id: str
    text: str
    doc_date: str
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, NewEntity] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    def add_entity(self, ent: NewEntity) -> str:
        """Register a new entity once (the first, most confident evidence wins)."""
        old = self.entities.get(ent.id)
        if old is None or (ent.start, -ent.confidence) < (old.start, -old.confidence):
            if old is not None:
                ent.aliases = sorted(set(ent.aliases) | set(old.aliases))
            self.entities[ent.id] = ent
        else:
            for a in ent.aliases:
                if a not in old.aliases and a != old.label:
                    old.aliases.append(a)
        return ent.id
