"""Seeded synthetic data in the shape of the real dataset, at any size.

The two seed texts make a few thousand triples: too few to tell a good query
engine from a bad one. This generator invents a conflict world that follows
``ontology/kg.ttl`` (states with governments, armed forces and offices; persons
holding them; places with alternate names; wars with offensives, battles and
strikes; weapon systems, holdings and arms transfers; agreements with parties
and brokers; casualty figures that compete) and then has synthetic source
documents report it the way ``kg build`` writes real reports:

* every fact is a ``kgo:Assertion`` node with ``kgo:claimant``, ``kgo:statedIn``,
  ``kgo:modality`` and ``kgo:hasEvidence`` (a ``doc#char=s,e`` span with NIF
  offsets and the quote), typed ``kgo:AuthorialAssertion`` or
  ``kgo:AttributedClaim``; only the author's own unhedged word also becomes a
  plain triple; competing accounts are linked by ``kgo:contradicts``;
* mentions (``kgo:Mention`` + ``kgo:denotes``) of the entities in each quote;
* one named graph per document, plus ``graph/metadata``, ``graph/ontology``
  (the real ontology and concepts) and ``graph/inferred`` (see :mod:`bench.infer`).

No triple is written to two graphs, so engines that read the default graph as
a set union and those that read it as a bag union (Virtuoso) give the same
answers. The same seed and size always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from bench.infer import Axioms, infer
from bench.names import NameMaker

#: Bump when the generated data changes, so cached datasets are rebuilt.
GENERATOR_VERSION = 5

BASE = "https://w3id.org/karabakh-kg/"
KGO = BASE + "ontology/"
KGC = BASE + "concept/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OA = "http://www.w3.org/ns/oa#"
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"

#: Triples the generator yields per "unit" of world (calibrated: 1M target ≈ 1M quads).
TRIPLES_PER_UNIT = 5000

HEDGES = ["exactly", "approximately", "at-least", "more-than", "just-over", "fewer-than", "nearly", "up-to"]
HEDGE_BOUNDS = {
    "at-least": (0, None),
    "more-than": (1, None),
    "just-over": (1, None),
    "fewer-than": (None, -1),
    "nearly": (None, -1),
    "up-to": (None, 0),
}
WEAPON_TYPES = [
    "tank",
    "armoured-personnel-carrier",
    "infantry-fighting-vehicle",
    "uav",
    "ucav",
    "loitering-munition",
    "combat-aircraft",
    "helicopter",
    "ballistic-missile",
    "air-defence-system",
    "rocket-artillery",
    "artillery",
    "anti-tank-weapon",
]
MEASURES = [
    ("population", "persons"),
    ("area", "square kilometres"),
    ("defence-budget", "US dollars"),
    ("troop-strength", "persons"),
    ("oil-reserves", "barrels"),
]
VERBS = {
    "attacker": "was launched by",
    "defender": "targeted",
    "place": "took place in",
    "date": "happened on",
    "startDate": "began in",
    "endDate": "ended in",
    "hasSubEvent": "included",
    "usedIn": "was used in",
    "party": "was signed by",
    "broker": "was brokered by",
    "signingDate": "was signed on",
    "endsEvent": "ended",
    "locatedIn": "lies in",
    "capital": "has its capital at",
    "borders": "borders",
    "memberOf": "is a member of",
    "affiliatedWith": "speaks for",
    "armedForceOf": "serves",
    "positionIn": "is an office of",
    "partOf": "is part of",
    "countryOfOrigin": "comes from",
    "manufacturer": "is made by",
    "variantOf": "is a variant of",
    "allyOf": "is allied with",
    "armsSupplierOf": "supplies arms to",
    "participant": "involved",
    "signatory": "was signed for",
    "controls": "controls",
    "weaponType": "is a",
}


def iri(local: str) -> str:
    return ID + local


@dataclass
class Entity:
    id: str
    types: list[str]
    label: str
    alt: list[str] = field(default_factory=list)
    demonym: str | None = None
    definition: str | None = None


@dataclass
class Fact:
    """A binary fact of the world; documents report it as a kgo:Statement."""

    s: str  # entity id
    p: str  # kgo local name
    o: str | ox.Literal  # entity id, concept IRI (starting with http) or literal


@dataclass
class Report:
    """An n-ary assertion (casualty figure, loss, holding, transfer, tenure, measurement)."""

    cls: str
    links: dict[str, str]  # kgo property -> entity id or concept IRI
    literals: dict[str, ox.Literal]
    about: list[str]  # entity ids the quote names
    quantity: tuple[str, int | float, str] | None = None  # (property, value, hedge)
    claimant: str | None = None  # forced claimant (e.g. a side's government)
    key: str | None = None  # reports with the same key compete (kgo:contradicts)


@dataclass
class Catalogue:
    """Constants the query templates draw from, each a dict of placeholder -> SPARQL term."""

    pools: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def add(self, pool: str, **terms: str) -> None:
        self.pools.setdefault(pool, []).append(terms)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"pools": self.pools}, indent=0, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        return cls(json.loads(path.read_text(encoding="utf-8"))["pools"])


def sparql_iri(entity_id: str) -> str:
    return f"<{iri(entity_id)}>"


def sparql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class World:
    """The invented conflict world: entities, binary facts and n-ary reports."""

    def __init__(self, units: float, rng: random.Random):
        self.rng = rng
        self.names = NameMaker(rng)
        self.entities: dict[str, Entity] = {}
        self.facts: list[Fact] = []
        self.reports: list[Report] = []
        self.kinds: dict[str, list[str]] = {}
        self.units = units
        self.years = (1988, 2024)
        self.holders: dict[str, list[str]] = {}  # position -> persons who held it
        self.government_of: dict[str, str] = {}  # state -> its government

    # --- helpers --------------------------------------------------------------------

    def new(self, kind: str, types: list[str], label: str, alt: int = 0, **extra: str | None) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
        eid = f"{kind}-{len(self.kinds.get(kind, []))}-{slug}"[:80]
        entity = Entity(eid, types, label, self.names.variants(label, alt) if alt else [], **extra)
        self.entities[eid] = entity
        self.kinds.setdefault(kind, []).append(eid)
        return eid

    def fact(self, s: str, p: str, o: str | ox.Literal) -> None:
        self.facts.append(Fact(s, p, o))

    def date(self, year: int, precision: str) -> ox.Literal:
        """A date at a precision, as the build writes it (xsd:gYear, gYearMonth or date)."""
        if precision == "year":
            return ox.Literal(f"{year}", datatype=ox.NamedNode(XSD + "gYear"))
        month = self.rng.randint(1, 12)
        if precision == "month":
            return ox.Literal(f"{year}-{month:02d}", datatype=ox.NamedNode(XSD + "gYearMonth"))
        return ox.Literal(f"{year}-{month:02d}-{self.rng.randint(1, 28):02d}", datatype=ox.NamedNode(XSD + "date"))

    def count(self, scale: int) -> int:
        return max(1, int(self.rng.lognormvariate(0, 1.1) * scale))

    def pick(self, kind: str, k: int = 1) -> list[str]:
        pool = self.kinds.get(kind, [])
        return self.rng.sample(pool, min(k, len(pool)))

    # --- the world ------------------------------------------------------------------

    def build(self) -> None:
        n = self.units
        self.states(max(3, min(200, int(2 + n / 4))))
        self.places(int(12 * n))
        self.people(int(10 * n))
        self.organisations(int(3 * n))
        self.weapons(max(6, int(2.5 * n)))
        self.wars(max(1, int(n / 3)))
        self.agreements(max(2, int(1.2 * n)))
        self.arms_trade(int(4 * n))
        self.measurements(int(2 * n))

    def states(self, count: int) -> None:
        rng = self.rng
        for i in range(count):
            name = self.names.word(rng.randint(2, 3), suffix=rng.choice(["ia", "stan", "an", "ora"]))
            de_facto = i % 7 == 6
            state = self.new(
                "state",
                ["DeFactoState" if de_facto else "State"],
                name,
                alt=rng.randint(0, 2),
                demonym=name[:-1] + "i",
                definition=f"A {'de facto ' if de_facto else ''}state.",
            )
            gov = self.new("government", ["GovernmentBody"], f"Government of {name}", alt=0)
            self.entities[gov].alt = [f"{name} government", f"official {name[:-1]}i sources"]
            mod = self.new("ministry", ["GovernmentBody"], f"Ministry of Defence of {name}")
            force = self.new("armed-force", ["ArmedForce"], f"Armed Forces of {name}", alt=1)
            self.government_of[state] = gov
            self.fact(gov, "affiliatedWith", state)
            self.fact(mod, "partOf", gov)
            self.fact(force, "armedForceOf", state)
            for title in ("President", "Minister of Defence", "Chief of the General Staff"):
                pos = self.new("position", ["Position"], f"{title} of {name}")
                self.fact(pos, "positionIn", state)
        states = self.kinds["state"]
        for i, state in enumerate(states):
            for other in rng.sample(states, min(2, len(states))):
                if other != state:
                    self.fact(state, "borders", other)
            if i % 3 == 0:
                self.fact(state, "allyOf", rng.choice(states))

    def places(self, count: int) -> None:
        rng = self.rng
        for state in self.kinds["state"]:
            for _ in range(rng.randint(1, 3)):
                region = self.new("region", ["Region"], self.names.word(3), alt=rng.randint(1, 2))
                self.fact(region, "locatedIn", state)
        regions = list(self.kinds["region"])  # a snapshot: new regions never contain older ones (no cycles)
        for _i in range(count):
            kind, cls = rng.choice(
                [("settlement", "Settlement")] * 6
                + [("corridor", "Corridor"), ("facility", "Facility"), ("region", "Region")]
            )
            place = self.new(kind, [cls], self.names.word(rng.randint(2, 3)), alt=rng.choice([0, 1, 1, 2, 3]))
            self.fact(place, "locatedIn", rng.choice(regions))
        for state in self.kinds["state"]:
            self.fact(state, "capital", rng.choice(self.kinds["settlement"]))
            self.fact(state, "controls", rng.choice(regions))

    def people(self, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            person = self.new("person", ["Person"], self.names.person(), alt=rng.choice([0, 0, 1]))
            self.fact(person, "affiliatedWith", rng.choice(self.kinds["state"]))
        # Office holders: each position passes from person to person over the years.
        for pos in self.kinds["position"]:
            year = rng.randint(1990, 2000)
            for holder in self.pick("person", rng.randint(1, 4)):
                end = min(2024, year + rng.randint(2, 10))
                literals = {"startDate": self.date(year, "year")}
                if end < 2024:
                    literals["endDate"] = self.date(end, "year")
                self.reports.append(Report("Tenure", {"holder": holder, "position": pos}, literals, [holder, pos]))
                self.fact(holder, "holdsPosition", pos)
                self.holders.setdefault(pos, []).append(holder)
                year = end

    def organisations(self, count: int) -> None:
        rng = self.rng
        kinds = [
            ("intl-org", "InternationalOrganisation"),
            ("company", "Company"),
            ("media", "MediaOutlet"),
            ("armed-group", "ArmedGroup"),
            ("party", "PoliticalParty"),
            ("unit", "MilitaryUnit"),
            ("group", "Group"),
        ]
        for i in range(max(count, len(kinds) * 2)):
            kind, cls = kinds[i % len(kinds)]
            suffix = {
                "company": " Defence Industries",
                "media": " News",
                "intl-org": " Organisation",
                "armed-group": " Front",
                "party": " Party",
                "unit": " Brigade",
                "group": " sources",
            }[kind]
            org = self.new(kind, [cls], self.names.word(2) + suffix, alt=rng.choice([0, 1]))
            if kind == "intl-org":
                for member in self.pick("state", rng.randint(2, 6)):
                    self.fact(member, "memberOf", org)
            elif kind == "unit":
                self.fact(org, "partOf", rng.choice(self.kinds["armed-force"]))
            elif kind in ("company", "media", "party", "group"):
                self.fact(org, "affiliatedWith", rng.choice(self.kinds["state"]))

    def weapons(self, count: int) -> None:
        rng = self.rng
        for i in range(count):
            code = self.names.unique(lambda: f"{rng.choice('TBSMKZ')}{rng.choice('ABKRTU')}-{rng.randint(2, 400)}")
            system = self.new("weapon", ["WeaponSystem"], code, alt=rng.choice([0, 1]))
            self.fact(system, "weaponType", KGC + rng.choice(WEAPON_TYPES))
            self.fact(system, "countryOfOrigin", rng.choice(self.kinds["state"]))
            self.fact(system, "manufacturer", rng.choice(self.kinds["company"]))
            if i > 5 and rng.random() < 0.2:
                self.fact(system, "variantOf", rng.choice(self.kinds["weapon"][:i]))

    def wars(self, count: int) -> None:
        rng = self.rng
        states = self.kinds["state"]
        for _ in range(count):
            a, b = rng.sample(states, 2)
            start = rng.randint(self.years[0], self.years[1] - 2)
            war = self.new("war", ["War"], f"{self.names.word(2)} War", alt=rng.choice([0, 1]))
            self.fact(war, "attacker", a)
            self.fact(war, "defender", b)
            self.fact(war, "startDate", self.date(start, "year"))
            self.fact(war, "endDate", self.date(min(self.years[1], start + rng.randint(0, 3)), "year"))
            for _ in range(rng.randint(1, 4 if self.units >= 2 else 2)):
                off = self.new("offensive", ["Offensive"], f"Operation {self.names.word(2)}", alt=rng.choice([0, 1]))
                self.fact(war, "hasSubEvent", off)
                self.fact(off, "startDate", self.date(start, "month"))
                attacker, defender = (a, b) if rng.random() < 0.7 else (b, a)
                self.fact(off, "attacker", attacker)
                self.fact(off, "defender", defender)
                for _ in range(rng.randint(2, 6 if self.units >= 2 else 3)):
                    kind, cls = rng.choice([("battle", "Battle"), ("attack", "Attack"), ("attack", "Attack")])
                    place = rng.choice(self.kinds["settlement"])
                    event = self.new(
                        kind, [cls], f"{'Battle' if cls == 'Battle' else 'Shelling'} of {self.entities[place].label}"
                    )
                    self.fact(off, "hasSubEvent", event)
                    self.fact(event, "date", self.date(start + rng.randint(0, 1), "day"))
                    self.fact(event, "place", place)
                    self.fact(event, "attacker", attacker)
                    self.fact(event, "defender", defender)
                    for system in self.pick("weapon", rng.randint(1, 3)):
                        self.fact(system, "usedIn", event)
                    self.casualties(event, attacker, defender)
            for _ in range(rng.randint(1, 3)):  # announcements and meetings about the war
                cls = rng.choice(["Announcement", "Meeting", "Visit", "Declaration"])
                ev = self.new("event", [cls], f"{cls} on the {self.entities[war].label} {self.names.word(2)}")
                self.fact(ev, "date", self.date(start + 1, "day"))
                self.fact(ev, "participant", rng.choice([a, b]))
                self.fact(war, "hasSubEvent", ev)

    def casualties(self, event: str, attacker: str, defender: str) -> None:
        """Competing casualty figures: each side's government and a neutral author."""
        rng = self.rng
        for side in (defender, attacker):
            if rng.random() < 0.4:
                continue
            category, ctype = (
                rng.choice(["soldiers", "civilians", "people"]),
                rng.choice(["killed", "killed", "wounded"]),
            )
            true = self.count(40)
            key = f"{event}/{side}/{category}/{ctype}"
            gov_of = self.government_of
            accounts = [(None, true)]
            if rng.random() < 0.6:
                accounts.append((gov_of[side], max(1, int(true * rng.uniform(0.3, 0.9)))))
            if rng.random() < 0.5:
                other = attacker if side == defender else defender
                accounts.append((gov_of[other], int(true * rng.uniform(1.2, 3.0)) + 1))
            for claimant, value in accounts:
                self.reports.append(
                    Report(
                        "CasualtyFigure",
                        {
                            "ofEvent": event,
                            "side": side,
                            "casualtyCategory": KGC + category,
                            "casualtyType": KGC + ctype,
                        },
                        {},
                        [event, side],
                        ("count", value, rng.choice(HEDGES)),
                        claimant,
                        key,
                    )
                )
            if rng.random() < 0.3:
                system = rng.choice(self.kinds["weapon"])
                self.reports.append(
                    Report(
                        "EquipmentLoss",
                        {
                            "ofEvent": event,
                            "side": side,
                            "system": system,
                            "lossType": KGC + rng.choice(["destroyed", "captured-equipment", "downed"]),
                        },
                        {},
                        [event, system],
                        ("count", self.count(5), rng.choice(HEDGES)),
                    )
                )

    def agreements(self, count: int) -> None:
        rng = self.rng
        wars = self.kinds["war"]
        for _i in range(count):
            cls = rng.choice(["Ceasefire", "Treaty", "Protocol", "JointStatement", "Alliance", "ArmsAgreement"])
            place = self.entities[rng.choice(self.kinds["settlement"])].label
            agreement = self.new("agreement", [cls], f"{place} {cls} {self.names.word(1)}", alt=rng.choice([0, 1]))
            parties = self.pick("state", 2)
            for party in parties:
                self.fact(agreement, "party", party)
            broker_state = rng.choice(self.kinds["state"])
            if rng.random() < 0.5:
                self.fact(agreement, "broker", broker_state)
            else:
                president = self.kinds["position"][self.kinds["state"].index(broker_state) * 3]
                holders = self.holders.get(president) or self.pick("person")
                self.fact(agreement, "broker", rng.choice(holders))
            self.fact(agreement, "signatory", rng.choice(self.kinds["person"]))
            self.fact(agreement, "signingDate", self.date(rng.randint(*self.years), rng.choice(["day", "month"])))
            if cls == "Ceasefire" and wars:
                self.fact(agreement, "endsEvent", rng.choice(wars))

    def arms_trade(self, count: int) -> None:
        rng = self.rng
        suppliers = self.kinds["state"] + self.kinds["company"]
        for _ in range(count):
            supplier, recipient = rng.choice(suppliers), rng.choice(self.kinds["state"])
            system = rng.choice(self.kinds["weapon"])
            start = rng.randint(self.years[0], self.years[1] - 1)
            literals = {"startDate": self.date(start, "year"), "endDate": self.date(start + rng.randint(0, 4), "year")}
            self.reports.append(
                Report(
                    "ArmsTransfer",
                    {"supplier": supplier, "recipient": recipient, "system": system},
                    literals,
                    [supplier, recipient, system],
                    ("count", self.count(12), rng.choice(HEDGES)),
                )
            )
            self.fact(supplier, "armsSupplierOf", recipient)
            if rng.random() < 0.5:
                self.reports.append(
                    Report(
                        "EquipmentHolding",
                        {"operator": recipient, "system": system},
                        {"asOf": self.date(start + 2, "year")},
                        [recipient, system],
                        ("count", self.count(30), rng.choice(HEDGES)),
                    )
                )

    def measurements(self, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            entity = rng.choice(self.kinds["state"] + self.kinds["region"])
            measure, unit = rng.choice(MEASURES)
            literals = {"unit": ox.Literal(unit), "asOf": self.date(rng.randint(*self.years), "year")}
            self.reports.append(
                Report(
                    "Measurement",
                    {"measuredEntity": entity, "measure": KGC + measure},
                    literals,
                    [entity],
                    ("value", self.count(100000), rng.choice(HEDGES)),
                )
            )


class Writer:
    """Turns the world into quads, one named graph per synthetic document."""

    def __init__(self, world: World, documents: int, rng: random.Random):
        self.world = world
        self.rng = rng
        self.quads: list[ox.Quad] = []
        self.seen: set[ox.Triple] = set()
        self.nodes: dict[str, ox.NamedNode] = {}
        self.described: set[str] = set()
        self.docs = [f"s{i:05d}" for i in range(documents)]
        self.cursor = dict.fromkeys(self.docs, 0)
        self.authors: dict[str, str] = {}
        self.assertions = 0
        self.by_key: dict[str, list[ox.NamedNode]] = {}

    def n(self, value: str) -> ox.NamedNode:
        node = self.nodes.get(value)
        if node is None:
            node = self.nodes[value] = ox.NamedNode(value)
        return node

    def term(self, value: str | ox.Literal) -> ox.NamedNode | ox.Literal:
        if isinstance(value, ox.Literal):
            return value
        return self.n(value if value.startswith("http") else iri(value))

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal, graph: str) -> None:
        triple = ox.Triple(s, self.n(p), o)
        if triple not in self.seen:  # never the same triple in two graphs
            self.seen.add(triple)
            self.quads.append(ox.Quad(s, triple.predicate, o, self.n(graph)))

    def describe(self, eid: str, graph: str) -> None:
        if eid in self.described or eid.startswith("http"):
            return
        self.described.add(eid)
        e, node = self.world.entities[eid], self.term(eid)
        for cls in e.types:
            self.add(node, RDF + "type", self.n(KGO + cls), graph)
        self.add(node, RDFS + "label", ox.Literal(e.label, language="en"), graph)
        self.add(node, SKOS + "prefLabel", ox.Literal(e.label, language="en"), graph)
        for alt in e.alt:
            self.add(node, SKOS + "altLabel", ox.Literal(alt, language="en"), graph)
        if e.demonym:
            self.add(node, KGO + "demonym", ox.Literal(e.demonym, language="en"), graph)
        if e.definition:
            self.add(node, SKOS + "definition", ox.Literal(e.definition, language="en"), graph)

    def label(self, value: str | ox.Literal) -> str:
        if isinstance(value, ox.Literal):
            return value.value
        if value.startswith("http"):
            return value.rsplit("/", 1)[-1].replace("-", " ")
        return self.world.entities[value].label

    def evidence(self, doc: str, quote: str, names: list[str], about: list[str]) -> ox.NamedNode:
        """An evidence span for ``quote`` and a mention of each entity named in it."""
        graph, doc_iri = GRAPH + "doc/" + doc, iri("doc/" + doc)
        start = self.cursor[doc] + self.rng.randint(1, 200)
        end = start + len(quote)
        self.cursor[doc] = end
        node = self.n(f"{doc_iri}#char={start},{end}")
        self.add(node, RDF + "type", self.n(KGO + "Evidence"), graph)
        self.span(node, start, end, quote, doc_iri, graph)
        self.add(node, OA + "hasSource", self.n(doc_iri), graph)
        for name, eid in zip(names, about, strict=False):
            offset = quote.find(name)
            if offset < 0 or eid.startswith("http"):
                continue
            mention = self.n(f"{doc_iri}#char={start + offset},{start + offset + len(name)}")
            if len(name) == len(quote):
                continue
            self.add(mention, RDF + "type", self.n(KGO + "Mention"), graph)
            self.span(mention, start + offset, start + offset + len(name), name, doc_iri, graph)
            self.add(mention, KGO + "denotes", self.term(eid), graph)
        return node

    def span(self, node: ox.NamedNode, start: int, end: int, text: str, doc_iri: str, graph: str) -> None:
        integer = self.n(XSD + "integer")  # as kg/rdf.py writes offsets
        self.add(node, NIF + "beginIndex", ox.Literal(str(start), datatype=integer), graph)
        self.add(node, NIF + "endIndex", ox.Literal(str(end), datatype=integer), graph)
        self.add(node, NIF + "anchorOf", ox.Literal(text), graph)
        self.add(node, NIF + "referenceContext", self.n(doc_iri), graph)

    def assertion(self, doc: str, cls: str, claimant: str | None) -> tuple[ox.NamedNode, str, bool]:
        """A new assertion node with its common properties; returns (node, graph, authorial & stated)."""
        graph = GRAPH + "doc/" + doc
        self.assertions += 1
        node = self.n(iri(f"assertion/{doc}-{self.assertions:07d}"))
        author = self.authors[doc]
        claimant = claimant or (
            author
            if self.rng.random() < 0.75
            else self.rng.choice(self.world.kinds["government"] + self.world.kinds["group"])
        )
        authorial = claimant == author
        modality = (
            "stated"
            if authorial and self.rng.random() < 0.9
            else self.rng.choice(["stated", "stated", "hedged", "alleged", "denied"])
        )
        self.add(node, RDF + "type", self.n(KGO + cls), graph)
        self.add(node, RDF + "type", self.n(KGO + ("AuthorialAssertion" if authorial else "AttributedClaim")), graph)
        self.add(node, KGO + "claimant", self.term(claimant), graph)
        self.add(node, KGO + "statedIn", self.n(iri("doc/" + doc)), graph)
        self.add(node, KGO + "modality", self.n(KGC + modality), graph)
        self.describe(claimant, graph)
        return node, graph, authorial and modality == "stated"

    def statement(self, fact: Fact, doc: str, claimant: str | None = None) -> ox.NamedNode:
        node, graph, plain = self.assertion(doc, "Statement", claimant)
        s, o = self.term(fact.s), self.term(fact.o)
        self.add(node, RDF + "subject", s, graph)
        self.add(node, RDF + "predicate", self.n(KGO + fact.p), graph)
        self.add(node, RDF + "object", o, graph)
        names = [self.label(fact.s), self.label(fact.o)]
        quote = f"{names[0]} {VERBS.get(fact.p, fact.p)} {names[1]}"
        about = [fact.s] + ([fact.o] if isinstance(fact.o, str) else [])
        self.add(node, KGO + "hasEvidence", self.evidence(doc, quote, names, about), graph)
        for eid in (fact.s, fact.o):
            if isinstance(eid, str):
                self.describe(eid, graph)
        if plain:
            self.add(s, KGO + fact.p, o, graph)
        return node

    def report(self, report: Report, doc: str) -> ox.NamedNode:
        node, graph, _plain = self.assertion(doc, report.cls, report.claimant)
        for prop, value in report.links.items():
            self.add(node, KGO + prop, self.term(value), graph)
            self.describe(value, graph)
        for prop, literal in report.literals.items():
            self.add(node, KGO + prop, literal, graph)
        words = [self.label(e) for e in report.about]
        if report.quantity is not None:
            prop, value, hedge = report.quantity
            dtype = XSD + ("integer" if prop == "count" else "decimal")
            self.add(node, KGO + prop, ox.Literal(str(value), datatype=self.n(dtype)), graph)
            self.add(node, KGO + "qualifier", self.n(KGC + hedge), graph)
            low, high = HEDGE_BOUNDS.get(hedge, (None, None))
            if low is not None:
                self.add(
                    node, KGO + "lowerBound", ox.Literal(str(value + low), datatype=self.n(XSD + "decimal")), graph
                )
            if high is not None:
                self.add(
                    node, KGO + "upperBound", ox.Literal(str(value + high), datatype=self.n(XSD + "decimal")), graph
                )
            words.insert(1, f"{hedge.replace('-', ' ')} {value}")
        quote = f"{words[0]}: {', '.join(words[1:])} ({report.cls})"
        self.add(
            node,
            KGO + "hasEvidence",
            self.evidence(doc, quote, [self.label(e) for e in report.about], report.about),
            graph,
        )
        if report.key is not None:
            for other in self.by_key.setdefault(report.key, []):
                self.add(node, KGO + "contradicts", other, graph)
            self.by_key[report.key].append(node)
        return node

    def documents(self) -> None:
        """Metadata of each synthetic document, in graph/metadata (as the build writes it)."""
        world, rng, graph = self.world, self.rng, GRAPH + "metadata"
        for doc in self.docs:
            author = rng.choice(world.kinds["person"])
            self.authors[doc] = author
            node = self.n(iri("doc/" + doc))
            year = rng.randint(2000, 2024)
            title = f"{world.entities[rng.choice(world.kinds['war'])].label}: report {doc}"
            self.add(node, RDF + "type", self.n(KGO + "SourceDocument"), graph)
            self.add(node, DCTERMS + "title", ox.Literal(title, language="en"), graph)
            self.add(node, RDFS + "label", ox.Literal(title, language="en"), graph)
            self.add(node, DCTERMS + "creator", self.term(author), graph)
            self.add(node, DCTERMS + "publisher", self.term(rng.choice(world.kinds["media"])), graph)
            self.add(node, DCTERMS + "date", world.date(year, "month"), graph)
            self.add(node, DCTERMS + "identifier", ox.Literal(doc), graph)

    def write_all(self) -> None:
        self.documents()
        rng = self.rng
        for fact in self.world.facts:
            first = rng.choice(self.docs)
            node = self.statement(fact, first)
            if rng.random() < 0.12:  # a second, competing account in another document
                other = self.statement(fact, rng.choice(self.docs), rng.choice(self.world.kinds["government"]))
                self.add(other, KGO + "contradicts", node, GRAPH + "doc/" + first)
        for report in self.world.reports:
            self.report(report, rng.choice(self.docs))
        for eid in self.world.entities:  # anything never reported is still described somewhere
            self.describe(eid, GRAPH + "doc/" + self.docs[0])


def ontology_quads() -> list[ox.Quad]:
    """The ontology and concepts in graph/ontology, blank nodes renamed in order (for reproducible bytes)."""
    graph = ox.NamedNode(GRAPH + "ontology")
    names: dict[str, ox.BlankNode] = {}

    def stable(term):  # noqa: ANN001, ANN202 - a pyoxigraph term
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"onto{len(names)}"))
        return term

    sources = [ONTOLOGY_DIR / "kg.ttl", ONTOLOGY_DIR / "concepts.ttl"]
    return [
        ox.Quad(stable(t.subject), t.predicate, stable(t.object), graph)
        for path in sources
        if path.exists()
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    ]


def catalogue(world: World, writer: Writer) -> Catalogue:
    """The constants researchers' queries vary over: entities, names, periods, thresholds."""
    cat = Catalogue()
    rng = random.Random(len(world.entities))
    k = world.kinds
    for eid in sorted(world.entities):
        cat.add("entity", entity=sparql_iri(eid), name=sparql_string(eid))
    for eid in sorted(world.entities):
        e = world.entities[eid]
        for name in [e.label, *e.alt]:
            fragment = name[: max(4, min(len(name), rng.randint(4, 7)))].lower()
            cat.add("name", fragment=sparql_string(fragment))
    for pos_holder in sorted({f.s for f in world.facts if f.p == "holdsPosition"}):
        cat.add("person", person=sparql_iri(pos_holder))
    for war in k["war"]:
        cat.add("war", war=sparql_iri(war))
    for state in k["state"]:
        cat.add("state", state=sparql_iri(state))
        cat.add("actor", actor=sparql_iri(state))
    for force in k["armed-force"]:
        cat.add("actor", actor=sparql_iri(force))
    for claimant in sorted({*writer.authors.values(), *k["government"]}):
        cat.add("claimant", claimant=sparql_iri(claimant))
    for year in range(world.years[0], world.years[1]):
        for month in (1, 4, 7, 10):
            cat.add("period", start=sparql_string(f"{year}-{month:02d}"), end=sparql_string(f"{year + 1}-{month:02d}"))
        cat.add("year", year=sparql_string(str(year)))
    counts = sorted(r.quantity[1] for r in world.reports if r.cls == "CasualtyFigure" and r.quantity)
    for q in range(50, 100, 2):  # thresholds at percentiles 50..98: "many casualties"
        cat.add("threshold", threshold=str(counts[len(counts) * q // 100]) if counts else "10")
    subjects = sorted({f.s for f in world.facts})
    for eid in subjects:
        cat.add("subject", subject=sparql_iri(eid))
    return cat


@dataclass
class GeneratedData:
    path: Path  # the N-Quads file
    catalogue: Catalogue
    triples: int
    graphs: int
    seconds: float
    meta: dict = field(default_factory=dict)


def generate_quads(target: int, seed: int) -> tuple[list[ox.Quad], Catalogue, dict]:
    """All quads for about ``target`` (±15 %) triples, and the query constants.

    The yield per unit of world is not constant at small sizes (every world has
    a few states and a war however small), so the size is corrected by
    regenerating with a rescaled world, at most twice; still deterministic.
    """
    units = max(0.2, target / TRIPLES_PER_UNIT)
    for _attempt in range(3):
        quads, cat, meta = _generate(units, seed)
        if abs(len(quads) - target) <= 0.15 * target:
            break
        units *= target / len(quads)
    return quads, cat, meta


def _generate(units: float, seed: int) -> tuple[list[ox.Quad], Catalogue, dict]:
    rng = random.Random(seed)
    world = World(units, rng)
    world.build()
    writer = Writer(world, documents=max(2, int(units * 1.5)), rng=rng)
    writer.write_all()
    axioms = Axioms.read([ONTOLOGY_DIR / "kg.ttl"])
    data = [ox.Triple(q.subject, q.predicate, q.object) for q in writer.quads]
    ontology = ontology_quads()
    known = {ox.Triple(q.subject, q.predicate, q.object) for q in ontology}
    inferred_graph = ox.NamedNode(GRAPH + "inferred")
    inferred = [
        ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in infer(data, axioms) if t not in known
    ]
    quads = ontology + writer.quads + inferred
    counts: dict[str, int] = {}
    for e in world.entities.values():
        counts[e.types[0]] = counts.get(e.types[0], 0) + 1
    meta = {
        "entities": len(world.entities),
        "facts": len(world.facts),
        "reports": len(world.reports),
        "documents": len(writer.docs),
        "assertions": writer.assertions,
        "inferred": len(inferred),
        "classes": dict(sorted(counts.items())),
    }
    return quads, catalogue(world, writer), meta


def generate(target: int, seed: int, directory: Path) -> GeneratedData:
    """Write ``data.nq`` and ``catalogue.json`` into ``directory`` (reused if already there)."""
    directory.mkdir(parents=True, exist_ok=True)
    nq, cat_path, info = directory / "data.nq", directory / "catalogue.json", directory / "info.json"
    if nq.exists() and cat_path.exists() and info.exists():
        meta = json.loads(info.read_text())
        if meta.get("version") == GENERATOR_VERSION:
            return GeneratedData(nq, Catalogue.load(cat_path), meta["triples"], meta["graphs"], meta["seconds"], meta)
    start = time.perf_counter()
    quads, cat, meta = generate_quads(target, seed)
    ox.serialize(quads, str(nq) + ".tmp", ox.RdfFormat.N_QUADS)
    Path(str(nq) + ".tmp").replace(nq)
    cat.save(cat_path)
    seconds = time.perf_counter() - start
    graphs = len({q.graph_name for q in quads})
    meta.update(
        version=GENERATOR_VERSION,
        target=target,
        seed=seed,
        triples=len(quads),
        graphs=graphs,
        seconds=round(seconds, 2),
    )
    info.write_text(json.dumps(meta, indent=2, sort_keys=True))
    return GeneratedData(nq, cat, len(quads), graphs, seconds, meta)


def iter_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as f:
        yield from f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory for data.nq and catalogue.json")
    args = parser.parse_args(argv)
    data = generate(args.triples, args.seed, args.out)
    print(json.dumps(asdict(data) | {"path": str(data.path), "catalogue": None}, default=str, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
