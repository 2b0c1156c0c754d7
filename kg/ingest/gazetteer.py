"""The gazetteer: every name the curated entity files give, read at run time.

Built from ``seeds/annotations/entities/*.yaml`` (labels, aliases, demonyms,
types), optionally restricted to a set of entity ids (the leave-one-out
benchmark keeps only the entities the *other* document's annotations use),
and completed with the general list of states in ``world.py`` for states the
files do not know yet (those become proposed new entities).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.ingest import world
from kg.ingest.ontology_types import STATE_TYPES, is_a

#: libyaml's loader when PyYAML has it (5x faster on the entity files), else the pure one
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def slug(text: str) -> str:
    """An entity id from a name, the way the curated files form them ("Ilham Aliyev" → ilham-aliyev)."""
    t = re.sub(r"['’‘]s\b", "", text)
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")


@dataclass
class Entity:
    id: str
    types: tuple[str, ...]
    label: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    definition: str = ""
    no_mentions: bool = False
    curated: bool = True  # False: from world.py, to be proposed as a new entity
    home: bool = False  # the text's own publisher: its short names need no state to be its

    @property
    def type(self) -> str:
        return self.types[0]

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    _states: tuple[tuple[int, int], list[Entity]] | None = field(default=None, repr=False, compare=False)
    _names: tuple[tuple[int, int], dict[str, Entity], dict[str, Entity]] | None = field(
        default=None, repr=False, compare=False
    )

    # --- building -------------------------------------------------------------

    @classmethod
    def from_files(cls, paths: Iterable[Path], keep: set[str] | None = None, *, world_states: bool = True) -> Gazetteer:
        """Load entity files; keep only ids in ``keep`` when given."""
        gaz = cls()
        for path in sorted(paths):
            data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=LOADER) or {}
            gaz.add_raw(data.get("entities") or [], keep)
        if world_states:
            gaz.add_world_states()
        return gaz

    def add_raw(self, raws: Iterable[Any], keep: set[str] | None = None, *, replace: bool = True) -> None:
        """Entities as an annotation file writes them (mappings with id, type, label, ...);
        with ``replace=False`` an id already known keeps its first entity."""
        for raw in raws:
            if not isinstance(raw, dict) or "id" not in raw:
                continue
            if (keep is not None and raw["id"] not in keep) or (not replace and raw["id"] in self.entities):
                continue
            types = raw.get("type") or "Thing"
            self.entities[raw["id"]] = Entity(
                id=str(raw["id"]),
                types=tuple(types) if isinstance(types, list) else (str(types),),
                label=str(raw.get("label") or raw["id"]),
                aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                demonyms=tuple(str(d) for d in raw.get("demonyms") or ()),
                definition=str(raw.get("definition") or ""),
                no_mentions=bool(raw.get("no_mentions")),
            )

    @classmethod
    def from_dir(cls, entities_dir: Path, keep: set[str] | None = None) -> Gazetteer:
        return cls.from_files(Path(entities_dir).glob("*.yaml"), keep)

    def add_world_states(self) -> None:
        """Add the general lists of states and regions for those the curated files lack."""
        known = {n for e in self.entities.values() for n in e.names()}
        known_dem = {d for e in self.entities.values() for d in e.demonyms}
        for name, demonyms in world.STATES.items():
            if name in known:
                # a curated state takes the general list's other names it lacks ("French Republic")
                for e in [e for e in self.entities.values() if e.label == name and e.type == "State"]:
                    more = tuple(a for a in world.STATE_ALIASES.get(name, ()) if a not in known)
                    e.aliases = (*e.aliases, *more)
                continue
            eid = slug(name)
            if eid in self.entities:
                continue
            self.entities[eid] = Entity(
                id=eid,
                types=("State",),
                label=name,
                aliases=tuple(a for a in world.STATE_ALIASES.get(name, ()) if a not in known),
                demonyms=tuple(d for d in demonyms if d not in known_dem),
                curated=False,
            )

        for name, aliases in world.REGIONS.items():
            eid = slug(name)
            if name in known or eid in self.entities:
                continue
            self.entities[eid] = Entity(
                id=eid,
                types=("Region",),
                label=name,
                aliases=tuple(a for a in aliases if a not in known),
                curated=False,
            )

        for name, state in world.CAPITALS.items():
            eid = slug(name)
            if name in known or eid in self.entities:
                continue
            # "Capital of X." is how the curated files say it, and what capital_state reads
            self.entities[eid] = Entity(
                id=eid, types=("Settlement",), label=name, definition=f"Capital of {state}.", curated=False
            )

    # --- look-ups -------------------------------------------------------------

    @staticmethod
    def world_rule(e: Entity) -> str:
        """The rule that proposes an entity of the general lists where a text first names it."""
        return {"State": "world:state", "Settlement": "world:capital"}.get(e.type, "world:region")

    def get(self, eid: str | None) -> Entity | None:
        return self.entities.get(eid) if eid else None

    def by_name(self, name: str) -> Entity | None:
        """The entity with this label or alias (exact, then case-insensitive; the first in
        file order). The index is remembered as states() is: the rules ask hundreds of times."""
        key = (id(self.entities), len(self.entities))
        if self._names is None or self._names[0] != key:
            exact: dict[str, Entity] = {}
            lower: dict[str, Entity] = {}
            for e in self.entities.values():
                for n in e.names():
                    exact.setdefault(n, e)
                    lower.setdefault(n.lower(), e)
            self._names = (key, exact, lower)
        return self._names[1].get(name) or self._names[2].get(name.lower())

    def state_of_demonym(self, word: str) -> Entity | None:
        """The state whose people a demonym names ("Azeri" → Azerbaijan)."""
        for e in self.entities.values():
            if word in e.demonyms:
                return e
        return None

    def state_of(self, eid: str | None) -> Entity | None:
        """The state an entity names or belongs to, as far as names show it.

        A state is its own state; "Azerbaijani Armed Forces" belongs to the state
        whose name or demonym starts its label; a capital to the state its
        definition names ("Capital of Azerbaijan."); a region to a de facto state
        whose name contains the region's name ("Nagorno-Karabakh Republic").
        """
        e = self.get(eid)
        if e is None:
            return None
        if is_a(e.types, STATE_TYPES):
            return e
        m = re.match(r"capital of (?:the )?([A-Z][\w -]+?)[.,;]", e.definition, re.I)
        if m and (s := self.by_name(m.group(1).strip())) and is_a(s.types, STATE_TYPES):
            return s
        for s in self.states():
            if any(e.label.startswith(n + " ") for n in (*s.names(), *s.demonyms)):
                return s
            if any(e.label.endswith((" of " + n, f"({n})")) for n in s.names()):
                return s  # "Government of Armenia", "Ministry of Defence (United Kingdom)"
        for s in self.states():
            if s.types[0] == "DeFactoState" and any(n in sn for n in e.names() for sn in s.names() if len(n) > 3):
                return s
        return None

    def states(self) -> list[Entity]:
        """The states, in file order; remembered while the gazetteer keeps its entities (every
        rule asks for them, often once per mention)."""
        key = (id(self.entities), len(self.entities))
        if self._states is None or self._states[0] != key:
            self._states = (key, [e for e in self.entities.values() if is_a(e.types, STATE_TYPES)])
        return self._states[1]

    def capital_state(self, eid: str) -> Entity | None:
        """The state whose capital ``eid`` is, if its definition says so."""
        e = self.get(eid)
        if e is None or not e.definition:
            return None
        m = re.match(r"capital of (?:the )?([A-Z][\w -]+?)[.,;]", e.definition, re.I)
        s = self.by_name(m.group(1).strip()) if m else None
        return s if s is not None and is_a(s.types, STATE_TYPES) else None

    def find_typed(self, types: frozenset[str], pred) -> Entity | None:  # noqa: ANN001
        for e in self.entities.values():
            if is_a(e.types, types) and pred(e):
                return e
        return None

    def surnames(self) -> dict[str, set[str]]:
        """Last name → the ids of the persons who bear it ("Aliyev" → Ilham and Heydar)."""
        seen: dict[str, set[str]] = {}
        for e in self.entities.values():
            if e.types[0] == "Person" and not e.no_mentions and " " in e.label:
                seen.setdefault(e.label.split()[-1], set()).add(e.id)
        return seen

    def surname_index(self) -> dict[str, str]:
        """Last name → person id, for "Mr Aliyev"/"Pashinyan"; ambiguous names are left out."""
        return {k: next(iter(v)) for k, v in self.surnames().items() if len(v) == 1}
