"""Everything an entity page shows, gathered with queries that all bind the entity's IRI.

Five to seven queries per page, each bounded by the entity (never by the
graph): its outgoing quads, its incoming quads, the assertions about it
(listed, then the shown ones fetched with their evidence), the assertions
it is the claimant of, and its mentions. Labels come from the catalogue in
memory.

A page is bounded too, so that a hub (a state named by hundreds of
assertions) costs about what an ordinary entity does: at most
:data:`ASSERTIONS_SHOWN` assertions of each part (statements with the
entity as subject, as object, and n-ary reports) are fetched and shown, at
most :data:`ROWS_SHOWN` values per property and :data:`MENTIONS_SHOWN`
mentions. A fact is shown with all its passages or not at all (never bare,
as if nobody had stated it). What is left out is counted and linked
(``?show=all`` lifts the caps; the data documents hold everything).

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
from server.linkeddata import DESCRIPTION_LIMIT, NOT_UNION_GRAPH, Term, iri_ref, not_about_filter, select, site

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GAF = "http://groundedannotationframework.org/gaf#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

#: shown in the page's header rather than among the statements
HEADER_PREDICATES = {RDF + "type", RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "definition"}
#: mention plumbing and the document text: shown elsewhere
HIDDEN_PREDICATES = {GAF + "denotedBy", NIF + "isString"}
CLAIMS_SHOWN = 10
#: at most this many assertions per part of a page (subject, object, reports) unless ``?show=all``
ASSERTIONS_SHOWN = 20
#: at most this many values per property on a page unless ``?show=all``
ROWS_SHOWN = 12
#: at most this many mentions on a page unless ``?show=all``
MENTIONS_SHOWN = 200
#: the parts of the assertions about an entity, in the order they are filled
PARTS = ("subject", "object", "report")


@dataclass
class Row:
    """One value of one property of the entity, and what supports it."""

    prop: str
    value: Term
    inferred: bool = False
    support: list[Assertion] = field(default_factory=list)
    claim: Assertion | None = None
    #: left out of an abridged page: its passages did not fit in the page's assertions
    cut: bool = False


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
    #: whether the page's caps are lifted (``?show=all``)
    full: bool = False
    #: part ("subject", "object", "report") -> (assertions shown, assertions in all)
    assertion_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: ("out"|"in", property) -> values of that property left out of the page
    more_rows: dict[tuple[str, str], int] = field(default_factory=dict)
    mentions_shown: int = 0
    mentions_total: int = 0

    @property
    def capped(self) -> bool:
        """Whether anything was left out of this page (the caps of a large entity)."""
        return (
            bool(self.more_rows)
            or self.mentions_shown < self.mentions_total
            or any(shown < total for shown, total in self.assertion_counts.values())
        )

    @property
    def assertions_total(self) -> int:
        return sum(total for _, total in self.assertion_counts.values())

    @property
    def assertions_shown(self) -> int:
        return sum(shown for shown, _ in self.assertion_counts.values())

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


def build(iri: str, cat: Catalogue, full: bool = False) -> EntityView:
    """The page model of ``iri``; ``full`` lifts the caps of a large entity's page."""
    view = EntityView(iri, cat.label(iri), full=full)
    listed = _assertions_about(iri)
    inferred_graph = site().base + "graph/inferred"
    is_assertion = _outgoing(view, cat, inferred_graph, listed)
    _incoming(view, inferred_graph, listed)
    about = fetch(_choose_shown(view, cat, listed))
    _attach_assertions(view, about)
    _drop_restated_inferences(view, cat)
    _cap_rows(view)
    view.aliases = list(cat.names.entries[iri].aliases) if iri in cat.names.entries else []
    _claims_made(view)
    view.mentions = _mentions(view)
    if is_assertion:  # only an assertion has kgo:statedIn: no query for every other entity
        own = fetch([iri])
        if iri in own and own[iri].document:
            view.itself = own[iri]
    return view


@dataclass(frozen=True)
class Listed:
    """An assertion about the entity, before it is fetched: its part and, for a
    statement, the property and the other end (the key of the row it supports)."""

    part: str  # "subject" | "object" | "report"
    key: tuple[str, Term] | None = None


def _assertions_about(iri: str) -> dict[str, Listed]:
    """Every assertion about ``iri`` (up to DESCRIPTION_LIMIT), by IRI.

    Only what a page needs to choose which to show: what each one says is
    fetched for the shown ones alone. Roles that are not "about" (claimant,
    document, contradicts, mentions, and their super-properties) are left
    out before the join: a state has hundreds of mentions, a party hundreds
    of claims.
    """
    ref = iri_ref(iri)
    # Three branches, each starting from the entity: with one OPTIONAL for the statement's
    # parts, pyoxigraph evaluated that OPTIONAL over every statement of the store first.
    rows = select(
        f"""SELECT ?a ?role ?s ?p ?o WHERE {{
  {{ ?a rdf:subject {ref} ; rdf:predicate ?p ; rdf:object ?o ; kgo:statedIn ?doc . BIND(rdf:subject AS ?role) }}
  UNION {{ ?a rdf:object {ref} ; rdf:subject ?s ; rdf:predicate ?p ; kgo:statedIn ?doc . BIND(rdf:object AS ?role) }}
  UNION {{
    SELECT DISTINCT ?a ?role WHERE {{
      ?a ?role {ref} . {not_about_filter()} FILTER(?role NOT IN (rdf:subject, rdf:object))
      ?a kgo:statedIn ?doc .
    }}
  }}
}} LIMIT {DESCRIPTION_LIMIT}"""
    )
    listed: dict[str, Listed] = {}
    for row in sorted(rows, key=lambda r: (r["a"].value, r["role"].value)):
        role, a = row["role"].value, row["a"].value
        if a in listed:
            continue
        if role == RDF + "subject" and "p" in row:
            listed[a] = Listed("subject", (row["p"].value, row["o"]))
        elif role == RDF + "object" and "p" in row:
            listed[a] = Listed("object", (row["p"].value, row["s"]))
        else:
            listed[a] = Listed("report")
    return listed


def _choose_shown(view: EntityView, cat: Catalogue, listed: dict[str, Listed]) -> list[str]:
    """The assertions the page fetches and shows: all of them, or ASSERTIONS_SHOWN per part.

    On a capped side (subject or object), the budget goes to the rows in the
    order the page lists them, each with all its supporting assertions, so
    that every fact shown keeps its passages; a fact whose assertions no
    longer fit is left out of the page (``cut``, counted with the hidden
    rows). Claims (assertions with no fact row) get what is left. Reports:
    the first ASSERTIONS_SHOWN by IRI.
    """
    limit = DESCRIPTION_LIMIT if view.full else ASSERTIONS_SHOWN
    chosen: list[str] = []
    for part, groups in (("subject", view.outgoing), ("object", view.incoming)):
        members = [a for a, item in listed.items() if item.part == part]
        taken = members if len(members) <= limit else _budget(groups, cat, listed, members, limit)
        if members:
            view.assertion_counts[part] = (len(taken), len(members))
        chosen += taken
    reports = [a for a, item in listed.items() if item.part == "report"]
    if reports:
        view.assertion_counts["report"] = (min(limit, len(reports)), len(reports))
    return chosen + reports[:limit]


def _budget(
    groups: dict[str, list[Row]], cat: Catalogue, listed: dict[str, Listed], members: list[str], limit: int
) -> list[str]:
    """At most ``limit`` of one side's statement assertions, given to its rows in page order."""
    by_key: dict[tuple[str, Term], list[str]] = defaultdict(list)
    for a in members:
        by_key[listed[a].key].append(a)
    taken: list[str] = []
    for prop in sorted(groups):
        for row in sorted(groups[prop], key=lambda r: _row_order(r, cat)):
            support = by_key.pop((prop, row.value), [])
            if not support:
                continue
            if not taken or len(taken) + len(support) <= limit:  # the first fact always fits
                taken += support
            else:
                row.cut = True
    claims = sorted(a for found in by_key.values() for a in found)
    return taken + claims[: max(0, limit - len(taken))]


def _row_order(row: Row, cat: Catalogue) -> tuple:
    """How rows are listed under a property: facts, then claims, then inferred; by label."""
    return (row.claim is not None, row.inferred, cat.label(row.value.value).lower())


def _outgoing(view: EntityView, cat: Catalogue, inferred_graph: str, about: dict[str, Listed]) -> bool:
    """Outgoing rows and types; returns whether the entity is itself an assertion (has kgo:statedIn)."""
    ref = iri_ref(view.iri)
    rows = select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {ref} ?p ?o }} {NOT_UNION_GRAPH} }} LIMIT {DESCRIPTION_LIMIT}")
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
    return any(prop == kgo + "statedIn" for prop, _ in graphs)


def _split_types(view: EntityView, cat: Catalogue, types: list[tuple[str, bool]]) -> None:
    """Our classes (most specific first), inferred superclasses, and classes of other vocabularies."""
    kgo = site().kgo
    asserted = [t for t, inferred in types if not inferred and t.startswith(kgo)]
    inferred = [t for t, inf in types if inf and t.startswith(kgo) and t not in asserted]
    view.types = cat.ontology.most_specific(asserted) or cat.ontology.most_specific(inferred)
    view.inferred_types = [t for t in inferred if t not in view.types]
    view.other_types = sorted({t for t, _ in types if not t.startswith(kgo)})


def _incoming(view: EntityView, inferred_graph: str, about: dict[str, Listed]) -> None:
    rows = select(
        f"""SELECT ?s ?p ?g WHERE {{
  GRAPH ?g {{ ?s ?p {iri_ref(view.iri)} }} {NOT_UNION_GRAPH}
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


def _cap_rows(view: EntityView) -> None:
    """Leave out the cut rows, and all but ROWS_SHOWN values per property (unless ``full``); count them."""
    for direction, groups in (("out", view.outgoing), ("in", view.incoming)):
        for prop in list(groups):
            rows = groups[prop]
            kept = [r for r in rows if not r.cut]
            if not view.full:
                kept = kept[:ROWS_SHOWN]
            if len(kept) < len(rows):
                view.more_rows[(direction, prop)] = len(rows) - len(kept)
            if kept:
                groups[prop] = kept
            else:
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
            rows.sort(key=lambda r: _row_order(r, cat))


def _claims_made(view: EntityView) -> None:
    """The first CLAIMS_SHOWN assertions the entity is the claimant of, and how many there are.

    One query for the many entities that claim nothing or little; the count
    is asked for only when there are more than are shown.
    """
    ref = iri_ref(view.iri)
    rows = select(f"SELECT DISTINCT ?a WHERE {{ ?a kgo:claimant {ref} }} ORDER BY ?a LIMIT {CLAIMS_SHOWN + 1}")
    view.claims_made_count = len(rows)
    if len(rows) > CLAIMS_SHOWN:
        count = select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a kgo:claimant {ref} }}")  # a set: no DISTINCT
        view.claims_made_count = int(count[0]["n"].value) if count and "n" in count[0] else len(rows)
    if rows:
        found = fetch((r["a"].value for r in rows[:CLAIMS_SHOWN]), evidence=False)  # listed without passages
        view.claims_made = [found[k] for k in sorted(found)]


def _mentions(view: EntityView) -> dict[str, list[Mention]]:
    """The entity's mentions by document: at most MENTIONS_SHOWN unless ``full``.

    Their number comes from a count, asked only when there are more than are shown.
    """
    ref = iri_ref(view.iri)
    limit = DESCRIPTION_LIMIT if view.full else MENTIONS_SHOWN
    rows = select(
        f"""SELECT ?m ?ctx ?b ?e WHERE {{
  ?m kgo:denotes {ref} ; nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e .
}} LIMIT {limit + 1}"""
    )
    # No ORDER BY: sorting the mentions of a hub costs more than all the rest of the query; which
    # ones come first is the store's index order (stable for a dataset version).
    view.mentions_total = view.mentions_shown = len(rows)
    if len(rows) > limit:
        rows = rows[:limit]
        view.mentions_shown = limit
        # one triple per mention in the (set) union graph: COUNT(*) is exact and needs no hash set
        count = select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?m kgo:denotes {ref} }}")
        view.mentions_total = int(count[0]["n"].value) if count and "n" in count[0] else limit + 1
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for row in rows:
        by_doc[row["ctx"].value].append(
            Mention(row["m"].value, row["ctx"].value, int(row["b"].value), int(row["e"].value))
        )
    return {doc: sorted(ms, key=lambda m: m.begin) for doc, ms in sorted(by_doc.items())}
