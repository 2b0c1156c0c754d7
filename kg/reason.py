"""OWL 2 RL reasoning with owlrl, keeping only what is new and worth reading.

owlrl's closure adds thousands of axiomatic triples (every node owl:sameAs
itself, every class a subclass of owl:Thing, facts about RDF's own
vocabulary). A researcher querying the inferred graph wants the new facts
about *our* data: types from domains, ranges and subclasses, inverse and
symmetric links, super-properties. This module computes the closure and
filters it down to those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import config


class InconsistencyError(ValueError):
    """The data contradicts the ontology (e.g. a thing typed with two disjoint classes)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("OWL 2 RL reasoning found inconsistencies:\n  " + "\n  ".join(errors))


#: Namespaces whose terms are vocabulary, not data: triples *about* them are noise.
VOCABULARY_NAMESPACES = tuple(
    str(ns)
    for ns in (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV)
    + (config.SEM, config.NIF, config.OA, config.SCHEMA, config.FOAF, config.GAF, config.TIME)
)

#: Types every node gets by OWL semantics; they say nothing.
TRIVIAL_TYPES = frozenset(
    {
        OWL.Thing,
        RDFS.Resource,
        OWL.NamedIndividual,
        RDFS.Class,
        OWL.Class,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDFS.Datatype,
        RDFS.Literal,
    }
)


def _is_vocabulary(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(VOCABULARY_NAMESPACES)


#: Predicates and objects ``meaningful`` looks for, as sets: it runs on every inferred
#: triple (hundreds of thousands on larger corpora), and ``OWL.sameAs`` builds a new
#: URIRef at each use while ``==`` on rdflib terms is a Python-level call.
_SCHEMA_CONSEQUENCES = frozenset({RDFS.domain, RDFS.range})
_HIERARCHY = frozenset({RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty})
_REFLEXIVE_NOISE = frozenset({OWL.sameAs, OWL.differentFrom})
_THING = frozenset({OWL.Thing})
_TYPE = RDF.type


def meaningful(triple: tuple) -> bool:
    """Whether an inferred triple tells a reader something about the data or our terms."""
    s, p, o = triple
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
        return False
    if p in _REFLEXIVE_NOISE and s == o:
        return False  # owl:sameAs itself; owl:differentFrom itself would be an error anyway
    if p in _SCHEMA_CONSEQUENCES or o in _THING:
        return False  # schema-level consequences (scm-dom, scm-rng): noise to a reader of data
    if p in _HIERARCHY:
        return s != o and o not in TRIVIAL_TYPES and not _is_vocabulary(s)
    if p == _TYPE and o in TRIVIAL_TYPES:
        return False
    return not _is_vocabulary(s)


def relevant(graphs: Iterable[Graph], ontology: Graph) -> Graph:
    """The part of the graphs' union that OWL 2 RL rules can use: the ontology, and data
    triples whose predicate the ontology says something about (or rdf:type).

    Why this is sound: every OWL 2 RL rule that derives a new triple from a data
    triple needs an ontology axiom about that triple's predicate (domain, range,
    sub-property, inverse, symmetry, transitivity, functionality, chains) or
    reads rdf:type (class axioms). The only exceptions are the owl:sameAs
    rules, so when the data uses owl:sameAs nothing is filtered. Offsets,
    quoted text, labels and the documents' full text (most of the triples) are
    left out, and owlrl's time falls with them; tests/test_reason.py checks that
    the result equals the closure of everything. The union of everything is
    never built: only the triples kept are copied.
    """
    graphs = list(graphs)
    if any((None, OWL.sameAs, None) in graph for graph in graphs):
        return union_of(graphs)
    known = set(ontology.subjects()) | {RDF.type}
    kept = Graph() + ontology
    for graph in graphs:
        for predicate in set(graph.predicates()) & known:
            kept += graph.triples((None, predicate, None))
    return kept


def union_of(graphs: Iterable[Graph]) -> Graph:
    """One graph with every triple of ``graphs`` (a set: repeated triples collapse)."""
    union = Graph()
    for graph in graphs:
        union += graph
    return union


def owlrl_closure(graph: Graph) -> Graph:
    """owlrl's OWL 2 RL closure of ``graph``, in place; raises on inconsistency."""
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    errors = sorted(str(m) for m in graph.objects(None, ERRNS.error))
    if errors:
        raise InconsistencyError(errors)
    return graph


def plain(term: object) -> object:
    """``"x"^^xsd:string`` → ``"x"``: reasonable types plain literals, rdflib keeps them plain."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def schema_closure(ontology: Graph) -> Graph:
    """owlrl's closure of the ontology alone: the schema-level consequences (sub-class
    and sub-property chains, inverses, disjointness) the fast engine leaves out.
    Depends on the ontology only, so the build computes it while it reads the seeds."""
    return owlrl_closure(Graph() + ontology)


def fast_closure(graph: Graph, ontology: Graph, schema: Graph | None = None) -> set[tuple]:
    """The same closure, computed by `reasonable` (Rust) for the data and owlrl for the
    ontology alone: owlrl takes ~15 s on the seeds' data, reasonable under one.

    reasonable implements the OWL 2 RL rules over instances; the schema-level
    rules it skips (sub-property transitivity, inconsistency checks) are run by
    owlrl on the small ontology graph (``schema``, when already computed by
    :func:`schema_closure`), and disjointness is checked on the result.
    tests/test_reason.py checks the output equals owlrl's, triple for triple.
    """
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    triples = {(s, p, plain(o)) for s, p, o in reasoner.reason()}
    if schema is None:
        schema = schema_closure(ontology)
    triples |= set(schema)
    check_disjointness(triples, schema)
    return triples


def check_disjointness(triples: set[tuple], schema: Graph) -> None:
    """Individuals in two disjoint classes: the inconsistency owlrl would report."""
    types: dict[object, set[object]] = {}
    for s, p, o in triples:
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
    pairs = {(a, b) for a, b in schema.subject_objects(OWL.disjointWith)}
    for members in schema.objects(None, OWL.members):
        classes = list(Collection(schema, members))
        pairs |= {(a, b) for i, a in enumerate(classes) for b in classes[i + 1 :]}
    errors = [
        f"Disjoint classes {a} and {b} have a common individual {s}"
        for s, classes in types.items()
        for a, b in pairs
        if a in classes and b in classes
    ]
    if errors:
        raise InconsistencyError(sorted(errors))


def infer(
    graphs: Iterable[Graph],
    ontology: Graph | None = None,
    *,
    engine: str = "fast",
    schema: Graph | None = None,
) -> Graph:
    """The OWL 2 RL closure of the union of ``graphs``, minus what was there and minus noise.

    With ``ontology`` given, only the triples the rules can use are reasoned
    over (see ``relevant``), by the fast engine unless ``engine="owlrl"``;
    ``schema`` is the ontology's own closure if already computed.
    """
    union = relevant(graphs, ontology) if ontology is not None else union_of(graphs)
    asserted = set(union)
    if engine == "fast" and ontology is not None:
        closure = fast_closure(union, ontology, schema)
    else:
        closure = set(owlrl_closure(union))
    inferred = Graph()
    config.bind_prefixes(inferred)
    for triple in closure:
        if triple not in asserted and meaningful(triple):
            inferred.add(triple)
    return inferred


# --- reasoning one part at a time -------------------------------------------------------------

#: Axioms under which an OWL 2 RL rule joins data triples other than through a transitive or
#: functional property (or owl:sameAs): with any of them in the ontology, every triple may meet
#: any other, and the parts are reasoned over as one.
_JOINING_AXIOMS = frozenset(
    {
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.intersectionOf,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.propertyDisjointWith,
        OWL.sameAs,
    }
)
_JOINING_KINDS = (OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty)


def joining_properties(ontology: Graph) -> frozenset | None:
    """The properties through which OWL 2 RL joins two data triples (transitive, functional,
    inverse-functional), or None when the ontology has axioms that join any triples."""
    if any((None, axiom, None) in ontology for axiom in _JOINING_AXIOMS):
        return None
    return frozenset(s for kind in _JOINING_KINDS for s in ontology.subjects(RDF.type, kind))


class PartwiseReasoner:
    """The closure :func:`infer` computes, one part (document graph) at a time.

    Why it equals reasoning over the union: with this ontology, every OWL 2 RL
    rule but three derives a triple from *one* data triple and the ontology
    (domains, ranges, sub-classes, sub-properties, inverses, symmetry), so its
    consequences are found in the part holding that triple. The three that
    join two data triples are transitivity, functional and inverse-functional
    properties (which would then yield owl:sameAs). So each part is closed on
    its own, and then the triples of those properties, from every part's
    closure, are closed once more together with the ontology: whatever the
    union's closure holds is then in one of these closures (a join needs two
    triples of a joining property, and all of them meet in the last one; what
    follows from its new triples through one-triple rules follows there too,
    the ontology being in it). Two cases leave that argument, and then the
    parts are reasoned over together, as before: owl:sameAs anywhere (every
    triple of a node is copied to its equals), and ontologies with axioms that
    join other triples (property chains, keys, intersections, restrictions).
    Disjoint classes are checked over the types of all parts (``check``).
    tests/test_reason_parts.py compares the result with :func:`infer`.

    ``sink`` receives the candidates: every meaningful triple of a closure that
    its part does not assert. What the union asserts (the ontology, and data
    triples whose predicate is in ``known``, as ``relevant`` keeps them) is
    removed at the end by the caller, who holds every part
    (:func:`kg.build.drop_asserted`).
    """

    def __init__(self, ontology: Graph, sink: Callable[[Iterable[tuple]], None]):
        self.ontology = ontology
        self.sink = sink
        self.known = set(ontology.subjects()) | {RDF.type}
        self.joining = joining_properties(ontology)
        self.chains: set[tuple] = set()  # triples of joining properties other than functional ones
        self.functional: dict[tuple, tuple[int, list[tuple]]] = {}  # (subject, property) -> (part, triples)
        self.parts = 0
        self.types: dict[object, set[object]] = {}
        self.together = self.joining is None
        self.disjoint = disjoint_classes(ontology)
        #: Functional properties join two triples of one subject (inverse-functional ones, two of
        #: one object: those are kept whole, with the transitive ones).
        self.functional_properties = frozenset(ontology.subjects(RDF.type, OWL.FunctionalProperty))

    def add(self, graph: Graph) -> None:
        """Close one part; keep its candidates, its joining triples and its types."""
        if self.together or (None, OWL.sameAs, None) in graph:
            self.together = True
            return
        kept = relevant([graph], self.ontology)
        closure = reasonable_closure(kept)
        self.sink(t for t in closure if t not in kept and meaningful(t))
        self.parts += 1
        self.collect(closure)

    def collect(self, closure: Iterable[tuple]) -> None:
        """Keep what later steps need from a closure: joining triples and types.

        A functional property joins two triples of one subject; where all of a subject's
        triples of that property are in one part, that part's closure has the join
        already. So only those of subjects seen in two parts are kept (most such
        subjects are a document's own assertions: hundreds of thousands at 100×).
        """
        joining = self.joining or frozenset()
        functional = self.functional_properties
        for triple in closure:
            s, p, o = triple
            if p == OWL.sameAs and s != o:
                self.together = True  # a part derived an equality: its consequences reach other parts
            if p in functional:
                part, triples = self.functional.setdefault((s, p), (self.parts, []))
                triples.append(triple)
                if part != self.parts:
                    self.functional[(s, p)] = (-1, triples)  # seen in two parts: -1
            elif p in joining:
                self.chains.add(triple)
            elif p == RDF.type and o in self.disjoint:
                self.types.setdefault(s, set()).add(o)

    def joins(self) -> Iterator[tuple]:
        """The triples of joining properties that may meet a triple of another part."""
        yield from self.chains
        for part, triples in self.functional.values():
            if part == -1:
                yield from triples

    def finish(self, schema: Graph) -> None:
        """Close the joining triples of all parts together; add the ontology's own closure;
        check disjoint classes over every part's types. Raises InconsistencyError."""
        if self.together:
            return
        joined = Graph() + self.ontology
        for triple in self.joins():
            joined.add(triple)
        self.parts += 1
        closure = reasonable_closure(joined)
        closure |= set(schema)
        self.collect(closure)
        if self.together:  # the joins gave an equality
            return
        self.sink(t for t in closure if t not in joined and meaningful(t))
        disjoint_errors(self.types, schema)


def disjoint_classes(ontology: Graph) -> frozenset:
    """Every class named in a disjointness axiom: the only types the disjointness check reads
    (OWL 2 RL derives no new disjointness between classes, only types of individuals)."""
    classes = set(ontology.subjects(OWL.disjointWith)) | set(ontology.objects(None, OWL.disjointWith))
    for members in ontology.objects(None, OWL.members):
        classes.update(Collection(ontology, members))
    return frozenset(classes)


def reasonable_closure(graph: Graph) -> set[tuple]:
    """`reasonable`'s OWL 2 RL closure of ``graph`` (its plain literals as rdflib's)."""
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    return {(s, p, plain(o)) for s, p, o in reasoner.reason()}


def disjoint_errors(types: dict[object, set[object]], schema: Graph) -> None:
    """Individuals in two disjoint classes, from a map of their types; raises InconsistencyError."""
    check_disjointness({(s, RDF.type, o) for s, classes in types.items() for o in classes}, schema)
