"""Everything an entity page shows, gathered with queries that all bind the entity's IRI.

Five queries per page, each bounded by the entity (never by the graph):
its outgoing quads, its incoming quads, the assertions about it (fetched
with their evidence), the assertions it is the claimant of, and its
mentions. Labels come from the catalogue in memory.

How a statement is shown:

* a plain triple in a document graph is a fact the author states; the
  authorial assertions with the same subject, predicate and object give its
  evidence (quote, claimant, document, link to the passage);
* an assertion that is a claim (attributed to another party, or hedged,
  alleged, denied) has no plain triple: it is listed under its property as a
  claim, with who makes it;
* a triple only in ``graph/inferred`` is marked inferred; entailments that
  only restate a shown triple (an inverse, or a superproperty from another
  vocabulary) are left to the data document;
* n-ary reports (casualty figures, losses, holdings, transfers, measurements,
  tenures) are sentences with their hedges and who reports them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from server.assertions import REPORT_KINDS, Assertion, fetch
from server.catalogue import Catalogue
from server.linkeddata import DESCRIPTION_LIMIT, Term, iri_ref, select, site

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GAF = "http://groundedannotationframework.org/gaf#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

#: shown in the page's header rather than among the statements
HEADER_PREDICATES = {RDF + "type", RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "definition"}
#: mention plumbing and the document text: shown elsewhere
HIDDEN_PREDICATES = {GAF + "denotedBy", NIF + "isString"}
CLAIMS_SHOWN = 25


@dataclass
class Row:
    """One value of one property of the entity, and what supports it."""

    prop: str
    value: Term
    inferred: bool = False
    support: list[Assertion] = field(default_factory=list)
    claim: Assertion | None = None


@dataclass
class Mention:
    iri: str
    doc: str
    begin: int
    end: int


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    inferred_types: list[str] = field(default_factory=list)
    other_types: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    outgoing: dict[str, list[Row]] = field(default_factory=dict)
    incoming: dict[str, list[Row]] = field(default_factory=dict)
    reports: list[Assertion] = field(default_factory=list)
    claims_made: list[Assertion] = field(default_factory=list)
    claims_made_count: int = 0
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    itself: Assertion | None = None  # when the entity is an assertion
    hidden_inferred: int = 0

    @property
    def exists(self) -> bool:
        return bool(self.types or self.outgoing or self.incoming or self.reports or self.itself or self.definitions)

    def neighbours(self) -> list[tuple[str, str, str, bool]]:
        """(neighbour IRI, property IRI, "out"|"in", is_claim) for the neighbourhood picture."""
        out = []
        for direction, groups in (("out", self.outgoing), ("in", self.incoming)):
            for prop, rows in groups.items():
                for row in rows:
                    if row.value.is_iri:
                        out.append((row.value.value, prop, direction, row.claim is not None))
        return out


def build(iri: str, cat: Catalogue) -> EntityView:
    """The page model of ``iri``."""
    view = EntityView(iri, cat.label(iri))
    about = _assertions_about(iri)
    inferred_graph = site().base + "graph/inferred"
    _outgoing(view, cat, inferred_graph, about)
    _incoming(view, inferred_graph, about)
    _attach_assertions(view, about)
    _drop_restated_inferences(view, cat)
    view.aliases = list(cat.names.entries[iri].aliases) if iri in cat.names.entries else []
    _claims_made(view)
    view.mentions = _mentions(iri)
    if view.itself is None:
        own = fetch([iri])
        if iri in own and own[iri].document:
            view.itself = own[iri]
    return view


def _assertions_about(iri: str) -> dict[str, Assertion]:
    rows = select(
        f"""SELECT DISTINCT ?a WHERE {{
  ?a ?role {iri_ref(iri)} . ?a kgo:statedIn ?doc .
  FILTER(?role NOT IN (kgo:claimant, kgo:statedIn, kgo:contradicts))
}} LIMIT {DESCRIPTION_LIMIT}"""
    )
    return fetch(r["a"].value for r in rows)


def _outgoing(view: EntityView, cat: Catalogue, inferred_graph: str, about: dict[str, Assertion]) -> None:
    rows = select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {iri_ref(view.iri)} ?p ?o }} }} LIMIT {DESCRIPTION_LIMIT}")
    graphs: dict[tuple[str, Term], set[str]] = defaultdict(set)
    for row in rows:
        graphs[(row["p"].value, row["o"])].add(row["g"].value)
    kgo = site().kgo
    types = []
    for (prop, value), where in graphs.items():
        inferred = where == {inferred_graph}
        if prop == RDF + "type":
            types.append((value.value, inferred))
        elif prop == SKOS + "definition":
            if value.value not in view.definitions:
                view.definitions.append(value.value)
        elif prop in HEADER_PREDICATES or prop in HIDDEN_PREDICATES or prop == kgo + "denotedBy":
            continue
        elif value.is_iri and value.value in about:
            continue  # hasReport, hasTenure...: the report is shown as a sentence
        elif inferred and not prop.startswith(kgo):
            view.hidden_inferred += 1
        else:
            view.outgoing.setdefault(prop, []).append(Row(prop, value, inferred))
    _split_types(view, cat, types)


def _split_types(view: EntityView, cat: Catalogue, types: list[tuple[str, bool]]) -> None:
    """Our classes (most specific first), inferred superclasses, and classes of other vocabularies."""
    kgo = site().kgo
    asserted = [t for t, inferred in types if not inferred and t.startswith(kgo)]
    inferred = [t for t, inf in types if inf and t.startswith(kgo) and t not in asserted]
    view.types = cat.ontology.most_specific(asserted) or cat.ontology.most_specific(inferred)
    view.inferred_types = [t for t in inferred if t not in view.types]
    view.other_types = sorted({t for t, _ in types if not t.startswith(kgo)})


def _incoming(view: EntityView, inferred_graph: str, about: dict[str, Assertion]) -> None:
    rows = select(
        f"""SELECT ?s ?p ?g WHERE {{
  GRAPH ?g {{ ?s ?p {iri_ref(view.iri)} }}
  FILTER(?p NOT IN (kgo:denotes, gaf:denotes, nif:referenceContext, oa:hasSource, kgo:statedIn,
                    kgo:claimant, rdf:subject, rdf:object, kgo:evidenceFor))
}} LIMIT {DESCRIPTION_LIMIT}"""
    )
    graphs: dict[tuple[str, Term], set[str]] = defaultdict(set)
    for row in rows:
        if row["s"].value in about:
            continue  # the entity is a role of an assertion: shown as the assertion
        graphs[(row["p"].value, row["s"])].add(row["g"].value)
    kgo = site().kgo
    for (prop, value), where in graphs.items():
        inferred = where == {inferred_graph}
        if inferred and not prop.startswith(kgo):
            view.hidden_inferred += 1
            continue
        view.incoming.setdefault(prop, []).append(Row(prop, value, inferred))


def _attach_assertions(view: EntityView, about: dict[str, Assertion]) -> None:
    """Evidence to the facts it supports; claims as claims; reports as reports."""
    for a in sorted(about.values(), key=lambda x: x.iri):
        key = a.key()
        if key is None:
            if a.kind in REPORT_KINDS:
                view.reports.append(a)
            continue
        subject, prop, obj = key
        if obj is None:
            continue
        if subject == view.iri:
            groups, other = view.outgoing, obj
        elif obj.is_iri and obj.value == view.iri:
            groups, other = view.incoming, Term.iri(subject)
        else:
            continue
        rows = groups.setdefault(prop, [])
        fact = next((r for r in rows if r.value == other and r.claim is None), None)
        if a.is_claim:
            rows.append(Row(prop, other, claim=a))
        elif fact is None:  # stated, but its triple is shown in the header (a name, a definition)
            rows.append(Row(prop, other, support=[a]))
        else:
            fact.support.append(a)
            fact.inferred = False
    view.reports.sort(key=lambda a: (REPORT_KINDS.index(a.kind), a.iri))
    for groups in (view.outgoing, view.incoming):
        for prop in [p for p, rows in groups.items() if not rows]:
            del groups[prop]


def _drop_restated_inferences(view: EntityView, cat: Catalogue) -> None:
    """An inferred row that only restates another is not repeated.

    Restating: the same link through a subproperty (``attacker`` entails
    ``participant``), or the mirror of a link through an inverse or symmetric
    property (``participant`` entails ``participatedIn`` the other way).
    Incoming inferred mirrors give way to outgoing rows, and outgoing inferred
    mirrors to asserted incoming ones, so one of each pair stays.
    """
    all_out = {(prop, r.value) for prop, rows in view.outgoing.items() for r in rows}
    asserted_in = {(prop, r.value) for prop, rows in view.incoming.items() for r in rows if not r.inferred}
    for groups, mirror in ((view.outgoing, asserted_in), (view.incoming, all_out)):
        same_side = {(prop, r.value) for prop, rows in groups.items() for r in rows}
        for prop in list(groups):
            inverses = [q for inv in cat.ontology.inverse_of(prop) for q in (inv, *cat.ontology.closure(inv, "subs"))]
            subs = cat.ontology.closure(prop, "subs")
            kept = [
                r
                for r in groups[prop]
                if not r.inferred
                or not (
                    any((inv, r.value) in mirror for inv in inverses)
                    or any((sub, r.value) in same_side for sub in subs)
                )
            ]
            view.hidden_inferred += len(groups[prop]) - len(kept)
            if kept:
                groups[prop] = kept
            else:
                del groups[prop]
    for groups in (view.outgoing, view.incoming):
        for rows in groups.values():
            rows.sort(key=lambda r: (r.claim is not None, r.inferred, cat.label(r.value.value).lower()))


def _claims_made(view: EntityView) -> None:
    ref = iri_ref(view.iri)
    count = select(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a kgo:claimant {ref} }}")
    view.claims_made_count = int(count[0]["n"].value) if count and "n" in count[0] else 0
    if view.claims_made_count:
        rows = select(f"SELECT DISTINCT ?a WHERE {{ ?a kgo:claimant {ref} }} ORDER BY ?a LIMIT {CLAIMS_SHOWN}")
        found = fetch(r["a"].value for r in rows)
        view.claims_made = [found[k] for k in sorted(found)]


def _mentions(iri: str) -> dict[str, list[Mention]]:
    rows = select(
        f"""SELECT DISTINCT ?m ?ctx ?b ?e WHERE {{
  ?m kgo:denotes {iri_ref(iri)} ; nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e .
}} LIMIT {DESCRIPTION_LIMIT}"""
    )
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for row in rows:
        by_doc[row["ctx"].value].append(
            Mention(row["m"].value, row["ctx"].value, int(row["b"].value), int(row["e"].value))
        )
    return {doc: sorted(ms, key=lambda m: m.begin) for doc, ms in sorted(by_doc.items())}
