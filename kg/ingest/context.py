"""What every rule module sees: the text, its tokens and sentences, the gazetteer,
the mentions found so far and the proposals being built."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from kg.ingest.gazetteer import Gazetteer
from kg.ingest.model import Mention, Proposals
from kg.ingest.ontology_types import STATE_TYPES, is_a

if TYPE_CHECKING:
    from kg.ingest.dates import DateMention


@dataclass
class Context:
    text: str
    doc: Doc
    sents: list[tuple[int, int]]
    gaz: Gazetteer
    props: Proposals
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    offices: list[Mention] = field(default_factory=list)  # offices named with their holder

    # --- entities -------------------------------------------------------------

    def type_of(self, eid: str | None) -> str:
        """The (first) type of a known or newly proposed entity, '' if unknown."""
        if not eid:
            return ""
        if (e := self.gaz.get(eid)) is not None:
            return e.type
        if (n := self.props.entities.get(eid)) is not None:
            return n.type
        return ""

    def label_of(self, eid: str) -> str:
        if (e := self.gaz.get(eid)) is not None:
            return e.label
        if (n := self.props.entities.get(eid)) is not None:
            return n.label
        return eid

    def state_of(self, eid: str | None):  # noqa: ANN201 - Entity | None
        """The state an entity (curated or newly proposed) belongs to, as its name shows."""
        if not eid:
            return None
        if self.gaz.get(eid) is not None:
            return self.gaz.state_of(eid)
        new = self.props.entities.get(eid)
        if new is None:
            return None
        for s in self.gaz.states():
            if any(new.label.startswith(n + " ") or new.label.endswith(" of " + n) for n in (*s.names(), *s.demonyms)):
                return s
        if new.rule == "rule:officials":
            # "Karabakh officials", "Karabakh defence ministry": the body of the state that holds the place
            words = new.label.split()
            for k in range(len(words) - 1, 0, -1):
                if (place := self.gaz.by_name(" ".join(words[:k]).strip("‘’'"))) is not None:
                    return self.gaz.state_of(place.id)
        return None

    def is_type(self, eid: str | None, group: frozenset[str]) -> bool:
        t = self.type_of(eid)
        return bool(t) and is_a(t, group)

    # --- positions ------------------------------------------------------------

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence containing character ``pos`` (or the nearest before it)."""
        starts = [s for s, _ in self.sents]
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.sents[i] if self.sents else (0, len(self.text))

    def sentence_index(self, pos: int) -> int:
        starts = [s for s, _ in self.sents]
        return max(0, bisect.bisect_right(starts, pos) - 1)

    def mentions_in(self, start: int, end: int, group: frozenset[str] | None = None) -> list[Mention]:
        """Mentions lying inside [start, end), optionally of entities in a type group."""
        return [
            m
            for m in self.mentions
            if m.start >= start and m.end <= end and (group is None or self.is_type(m.entity, group))
        ]

    def pair_before(self, pos: int, back: int = 2) -> list[Mention]:
        """What "they"/"the two sides" refers to: the last two distinct states named before
        ``pos`` (in its sentence or the ``back`` sentences before it), in text order."""
        i = self.sentence_index(pos)
        lo = self.sents[max(0, i - back)][0] if self.sents else 0
        seen: dict[str, Mention] = {}
        for m in reversed(self.mentions_in(lo, pos, STATE_TYPES)):
            if m.entity not in seen:
                seen[m.entity] = Mention(pos, pos, m.entity, "rule:two-sides", 0.4)
            if len(seen) == 2:
                return list(reversed(seen.values()))
        return []
