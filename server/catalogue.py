"""What the browsing pages need from the whole graph, computed once per dataset version.

Entity pages only run queries bound to the entity. Search, the class list,
the timeline and the disputes need the whole graph; they are computed here
the first time they are asked for after the server starts or the dataset
version changes (a rebuild), from a handful of queries, and then answered
from memory:

* the name index: every label and alternate name, folded for search;
* the instance count of every class;
* the ontology documentation (server/ontology_doc.py);
* the timeline: every event and agreement with its dates and participants;
* the disputes: contradicting assertions, competing casualty figures and
  claims the parties contest.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import current_app
from rdflib import Graph

from kg.store_types import StoreError
from server.assertions import Assertion, date_key, fetch
from server.linkeddata import Site, Term, construct, iri_ref, select, site, values
from server.ontology_doc import OntologyDoc

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: literal predicates of assertions that are descriptions, not points a party can contest
DESCRIPTIVE = ("statedContent", "designation", "justification", "objective", "outcome", "term", "note")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name ("Erdoğan" → "erdogan")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    out, current = [], []
    for c in text:
        if c.isalnum():
            current.append(c)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


# --- the name index -----------------------------------------------------------------------


#: Readable names for the reused vocabulary's properties that pages show.
VOCABULARY_LABELS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "name",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alternate name",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "preferred name",
    "http://www.w3.org/2004/02/skos/core#definition": "definition",
    "http://www.w3.org/2004/02/skos/core#editorialNote": "editorial note",
    "http://www.w3.org/2002/07/owl#sameAs": "same as",
    "http://www.w3.org/2002/07/owl#differentFrom": "different from",
    "http://purl.org/dc/terms/title": "title",
    "http://purl.org/dc/terms/creator": "creator",
    "http://purl.org/dc/terms/publisher": "publisher",
    "http://purl.org/dc/terms/date": "date",
    "http://purl.org/dc/terms/description": "description",
    "http://purl.org/dc/terms/subject": "subject",
    "http://www.w3.org/ns/prov#wasAttributedTo": "attributed to",
    "http://www.w3.org/ns/prov#hadPrimarySource": "primary source",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "derived from",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor": "actor",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace": "place",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasSubEvent": "sub-event",
    "http://groundedannotationframework.org/gaf#denotedBy": "mentioned at",
    "http://groundedannotationframework.org/gaf#denotes": "denotes",
}


@dataclass
class Named:
    """A resource with its names: its label first, then its alternate names."""

    iri: str
    label: str
    aliases: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


@dataclass
class Hit:
    named: Named
    matched: str  # the name that matched
    score: int


class NameIndex:
    """Every label and alternate name, for search by name and for labelling links."""

    def __init__(self, rows: list[dict[str, Term]], types: list[dict[str, Term]], base: str):
        self.entries: dict[str, Named] = {}
        for row in rows:
            iri, predicate, name = row["s"].value, row["p"].value, row["l"].value
            if row["l"].lang not in (None, "", "en") and not row["l"].lang.startswith("en"):
                continue
            entry = self.entries.setdefault(iri, Named(iri, name))
            if predicate == RDFS_LABEL:
                if entry.label != name and entry.label not in entry.aliases and entry.label != "":
                    entry.aliases.append(entry.label)
                entry.label = name
            elif name not in entry.aliases:
                entry.aliases.append(name)
        for entry in self.entries.values():
            entry.aliases = sorted(a for a in set(entry.aliases) if a != entry.label)
        for row in types:
            entry = self.entries.get(row["s"].value)
            if entry is not None and row["t"].value not in entry.types:
                entry.types.append(row["t"].value)
        self.base = base
        self._folded = [
            (entry, name, fold(name), [fold(w) for w in words(name)], name == entry.label)
            for entry in self.entries.values()
            if entry.iri.startswith(base)
            for name in (entry.label, *entry.aliases)
        ]

    def label(self, iri: str) -> str | None:
        entry = self.entries.get(iri)
        return entry.label if entry else None

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Names starting with the query, or with every query word starting one of their words.

        Case- and accent-insensitive; the best match per resource, best first:
        exact name, then name prefix, then word prefixes; labels before aliases.
        """
        q = fold(query.strip())
        if not q:
            return []
        q_words = [fold(w) for w in words(query)]
        best: dict[str, Hit] = {}
        for entry, name, folded, name_words, is_label in self._folded:
            if folded == q:
                score = 300
            elif folded.startswith(q):
                score = 200
            elif q_words and all(any(w.startswith(qw) for w in name_words) for qw in q_words):
                score = 100
            else:
                continue
            score += 10 if is_label else 0
            hit = best.get(entry.iri)
            if hit is None or score > hit.score:
                best[entry.iri] = Hit(entry, name, score)
        hits = sorted(best.values(), key=lambda h: (-h.score, len(h.named.label), h.named.label.lower()))
        return hits[:limit]


# --- the timeline ------------------------------------------------------------------------


@dataclass
class ClaimedDate:
    prop: str
    value: str
    claimant: str
    assertion: str


@dataclass
class TimelineEvent:
    iri: str
    types: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)  # kgo local name -> lexical form
    claimed: list[ClaimedDate] = field(default_factory=list)
    participants: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)

    DATE_ORDER = ("date", "startDate", "signingDate", "endDate")

    @property
    def when(self) -> str | None:
        """The date the timeline sorts by: the plain one, else the first claimed one."""
        for prop in self.DATE_ORDER:
            if prop in self.dates:
                return self.dates[prop]
        claimed = sorted(self.claimed, key=lambda c: self.DATE_ORDER.index(c.prop) if c.prop in self.DATE_ORDER else 9)
        return claimed[0].value if claimed else None

    @property
    def only_claimed(self) -> bool:
        return not self.dates and bool(self.claimed)

    @property
    def sort_key(self) -> tuple:
        key = date_key(self.when) if self.when else None
        return (0, *key) if key else (1, 0, 0, 0)


# --- disputes ----------------------------------------------------------------------------


@dataclass
class Dispute:
    """Assertions that compete: ``kind`` is contradiction, casualties or contested."""

    kind: str
    topic: list[str]  # IRIs the dispute is about (event, subject, predicate...)
    assertions: list[Assertion]

    @property
    def claimants(self) -> list[str]:
        return list(dict.fromkeys(a.claimant for a in self.assertions if a.claimant))


# --- the catalogue -----------------------------------------------------------------------


class Catalogue:
    """Labels, names, counts, ontology, timeline and disputes of one dataset version."""

    def __init__(self, s: Site):
        self.site = s
        self.ontology = self._load_ontology(s)
        rows = select(
            "SELECT DISTINCT ?s ?p ?l WHERE { VALUES ?p { rdfs:label skos:altLabel skos:prefLabel } "
            "?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l)) }"
        )
        types = select(
            "SELECT DISTINCT ?s ?t WHERE { ?s rdfs:label ?l . ?s a ?t . "
            f"FILTER(isIRI(?s) && STRSTARTS(STR(?t), {_string(s.kgo)})) }}"
        )
        self.names = NameIndex(rows, types, s.base)
        counts = select("SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t")
        self.class_counts = {r["t"].value: int(r["n"].value) for r in counts if "t" in r}

    @staticmethod
    def _load_ontology(s: Site) -> OntologyDoc:
        """The ontology and shapes from the build's files, else from the store's ontology graph."""
        ontology, shapes = Graph(), Graph()
        path = s.dist / "ontology.ttl"
        if path.is_file() and path.stat().st_size:
            ontology.parse(path, format="turtle")
        else:
            triples = construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(s.base + 'graph/ontology')} {{ ?s ?p ?o }} }}"
            )
            _add_triples(ontology, triples)
        shapes_path: Path = s.dist / "shapes.ttl"
        if shapes_path.is_file() and shapes_path.stat().st_size:
            shapes.parse(shapes_path, format="turtle")
        return OntologyDoc(ontology, shapes, s.base + "ontology", s.kgo)

    # --- labels ----------------------------------------------------------------------

    def label(self, iri: str) -> str:
        """A name for any IRI: its label, the ontology's label, or a readable fallback."""
        found = self.names.label(iri)
        if found:
            return found
        term = self.ontology.get(iri)
        if term is not None:
            return term.label
        return VOCABULARY_LABELS.get(iri) or self.fallback_label(iri)

    def fallback_label(self, iri: str) -> str:
        base = self.site.base
        if iri.startswith(base + "id/assertion/"):
            return "assertion " + iri.rsplit("/", 1)[-1]
        if "#char=" in iri:
            doc, fragment = iri.split("#", 1)
            return f"{self.label(doc)}, {fragment}"
        for prefix, ns in sorted(self.site.prefixes.items(), key=lambda p: -len(p[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def count(self, class_iri: str) -> int:
        return self.class_counts.get(class_iri, 0)

    # --- home page figures -------------------------------------------------------------

    @cached_property
    def stats(self) -> dict[str, int]:
        kgo = self.site.kgo
        base = self.site.base
        things = [
            e
            for e in self.names.entries.values()
            if e.iri.startswith(base + "id/") and not e.iri.startswith(base + "id/doc/")
        ]
        return {
            "entities": len(things),
            "documents": self.count(kgo + "SourceDocument"),
            "assertions": self.count(kgo + "Assertion")
            or self.count(kgo + "AuthorialAssertion") + self.count(kgo + "AttributedClaim"),
            "claims": self.count(kgo + "AttributedClaim"),
            "events": self.count(kgo + "Event"),
            "classes": sum(1 for c in self.ontology.classes if self.count(c.iri)),
        }

    # --- timeline ------------------------------------------------------------------------

    @cached_property
    def timeline_classes(self) -> list[str]:
        kgo = self.site.kgo
        return self.ontology.with_subclasses(kgo + "Event") + self.ontology.with_subclasses(kgo + "Agreement")

    @cached_property
    def timeline(self) -> list[TimelineEvent]:
        """Every event and agreement, in date order (undated ones last, by name)."""
        kgo = self.site.kgo
        classes = values("t", self.timeline_classes)
        events: dict[str, TimelineEvent] = {}
        for row in select(f"SELECT DISTINCT ?e ?t WHERE {{ {classes} ?e a ?t }}"):
            events.setdefault(row["e"].value, TimelineEvent(row["e"].value)).types.append(row["t"].value)
        # Dates, participants and places of anything, kept for the events found above: one
        # pattern per query joins nothing, which every engine answers quickly.
        date_props = values("p", [kgo + p for p in TimelineEvent.DATE_ORDER])
        for row in select(f"SELECT DISTINCT ?e ?p ?d WHERE {{ {date_props} ?e ?p ?d }}"):
            event = events.get(row["e"].value)
            if event is None:
                continue
            prop = row["p"].value[len(kgo) :]
            if prop not in event.dates or (date_key(row["d"].value) or (0,)) < (date_key(event.dates[prop]) or (0,)):
                event.dates[prop] = row["d"].value
        roles = self.ontology.closure(kgo + "participant", "subs") + [kgo + "participant"]
        roles += [kgo + "party", kgo + "signatory", kgo + "broker"]
        for row in select(f"SELECT DISTINCT ?e ?x WHERE {{ {values('r', roles)} ?e ?r ?x . FILTER(isIRI(?x)) }}"):
            if row["e"].value in events:
                events[row["e"].value].participants.add(row["x"].value)
        for row in select("SELECT DISTINCT ?e ?x WHERE { ?e kgo:place ?x }"):
            if row["e"].value in events:
                events[row["e"].value].places.add(row["x"].value)
        claimed = f"""SELECT DISTINCT ?a ?e ?p ?d ?c WHERE {{
  {date_props}
  ?a rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?d ; kgo:claimant ?c .
  FILTER NOT EXISTS {{ ?e ?p ?d }}
}}"""
        for row in select(claimed):
            event = events.get(row["e"].value)
            if event is not None:
                prop = row["p"].value[len(kgo) :]
                event.claimed.append(ClaimedDate(prop, row["d"].value, row["c"].value, row["a"].value))
        return sorted(events.values(), key=lambda e: (e.sort_key, self.label(e.iri).lower()))

    # --- disputes ------------------------------------------------------------------------

    @cached_property
    def disputes(self) -> list[Dispute]:
        pairs = select("SELECT DISTINCT ?a ?b WHERE { ?a kgo:contradicts ?b }")
        contested_groups = self._contested_groups()
        figures = [r["a"].value for r in select("SELECT DISTINCT ?a WHERE { ?a a kgo:CasualtyFigure }")]
        needed = {r["a"].value for r in pairs} | {r["b"].value for r in pairs} | set(figures)
        for group in contested_groups.values():
            needed |= group
        assertions = fetch(needed) if needed else {}
        out = self._contradictions(pairs, assertions)
        covered = {a.iri for d in out for a in d.assertions}
        out += self._competing_figures(figures, assertions)
        out += self._contested(contested_groups, assertions, covered)
        return out

    def _contradictions(self, pairs: list[dict[str, Term]], assertions: dict[str, Assertion]) -> list[Dispute]:
        """Connected groups of assertions linked by kgo:contradicts."""
        links: dict[str, set[str]] = defaultdict(set)
        for row in pairs:
            a, b = row["a"].value, row["b"].value
            links[a].add(b)
            links[b].add(a)
        seen: set[str] = set()
        out = []
        for start in sorted(links):
            if start in seen:
                continue
            group, todo = [], [start]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                group.append(current)
                todo += sorted(links[current] - seen)
            members = [assertions[i] for i in sorted(group) if i in assertions]
            if len(members) >= 2:
                out.append(Dispute("contradiction", _topic(members), members))
        return out

    def _competing_figures(self, figures: list[str], assertions: dict[str, Assertion]) -> list[Dispute]:
        """Figures for the same people (event, casualty type, category, side) that differ or have several claimants."""
        groups: dict[tuple, list[Assertion]] = defaultdict(list)
        for iri in figures:
            a = assertions.get(iri)
            if a is None or a.one("ofEvent") is None:
                continue
            key = tuple(
                (a.one(p).value if a.one(p) else "") for p in ("ofEvent", "casualtyType", "casualtyCategory", "side")
            )
            groups[key].append(a)
        out = []
        for key, members in sorted(groups.items()):
            claimants = {a.claimant for a in members}
            numbers = {(a.one("count").value if a.one("count") else None, a.one("qualifier")) for a in members}
            if len(members) >= 2 and (len(claimants) > 1 or len(numbers) > 1):
                out.append(Dispute("casualties", [k for k in key if k], members))
        return out

    def _contested_groups(self) -> dict[tuple[str, str], set[str]]:
        """(subject, predicate) pairs on which different claimants make statements, one of them a claim."""
        rows = select(
            """SELECT DISTINCT ?s ?p ?a ?b WHERE {
  { ?a a kgo:AttributedClaim } UNION { ?a kgo:modality ?m . FILTER(?m IN (kgc:alleged, kgc:denied)) }
  ?a rdf:subject ?s ; rdf:predicate ?p ; kgo:claimant ?c1 .
  ?b rdf:subject ?s ; rdf:predicate ?p ; kgo:claimant ?c2 .
  FILTER(?c1 != ?c2)
}"""
        )
        groups: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in rows:
            if row["p"].value.rsplit("/", 1)[-1] in DESCRIPTIVE:
                continue
            groups[(row["s"].value, row["p"].value)] |= {row["a"].value, row["b"].value}
        return groups

    def _contested(
        self, groups: dict[tuple[str, str], set[str]], assertions: dict[str, Assertion], covered: set[str]
    ) -> list[Dispute]:
        out = []
        for (s, p), iris in sorted(groups.items()):
            members = [assertions[i] for i in sorted(iris) if i in assertions]
            if set(iris) <= covered or len(members) < 2:
                continue
            positions = {(a.one("object"), a.modality) for a in members}
            if len(positions) > 1:
                out.append(Dispute("contested", [s, p], members))
        return out


def _topic(members: list[Assertion]) -> list[str]:
    """What a group of assertions is about: the subject and predicate, or the event."""
    for a in members:
        key = a.key()
        if key:
            return [key[0], key[1]]
        event = a.one("ofEvent")
        if event:
            return [event.value]
    return []


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_triples(graph: Graph, triples: list) -> None:
    import pyoxigraph as ox

    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")


_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def catalogue() -> Catalogue:
    """The catalogue of the dataset being served, built on first use after a (re)start or rebuild."""
    s = site()
    cached: Catalogue | None = current_app.extensions.get("kg_catalogue")
    if cached is not None and (cached.site is s or cached.site == s):  # identity first: called per label
        return cached
    with _LOCK:
        cached = current_app.extensions.get("kg_catalogue")
        if cached is None or cached.site != s:
            cached = Catalogue(s)
            current_app.extensions["kg_catalogue"] = cached
    return cached


def warm(app) -> None:  # noqa: ANN001 - a Flask app
    """Build the catalogue now (at app start), so the first visitor does not wait for it.

    Without a store yet (no build) the app still starts: its requests answer 503
    with the store's message until there is one."""
    with app.app_context():
        try:
            catalogue()
        except StoreError as exc:
            log.warning("the page catalogue waits for the store: %s", exc.message)
