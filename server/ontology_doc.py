"""The ontology as documentation: classes, properties, concepts and shapes, read once per dataset version.

Built from the build's ``ontology.ttl`` (the ontology and the SKOS concepts)
and ``shapes.ttl``, so the term pages, the whole-ontology page and every
label of a class or property on the entity pages come from memory, not from
queries at request time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

KINDS = {
    OWL.Class: "class",
    RDFS.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDF.Property: "property",
    SKOS.ConceptScheme: "concept scheme",
    SKOS.Concept: "concept",
    SH.NodeShape: "node shape",
    SH.PropertyShape: "property shape",
}
CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.IrreflexiveProperty: "irreflexive",
}


def english(graph: Graph, subject: URIRef, *predicates: URIRef) -> str | None:
    """The English (or untagged) value of the first predicate that has one."""
    for predicate in predicates:
        found = list(graph.objects(subject, predicate))
        for lang in ("en", None):
            for value in found:
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
        if found:
            return str(found[0])
    return None


@dataclass
class TermDoc:
    """What the documentation says about one term."""

    iri: str
    label: str
    kinds: list[str] = field(default_factory=list)
    definition: str | None = None
    comment: str | None = None
    supers: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    disjoint: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)

    @property
    def is_class(self) -> bool:
        return "class" in self.kinds

    @property
    def is_property(self) -> bool:
        return any(k.endswith("property") for k in self.kinds)

    @property
    def is_concept(self) -> bool:
        return "concept" in self.kinds

    @property
    def local(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class ShapeDoc:
    """A SHACL shape, summarised: its targets and the constraints on each path."""

    iri: str
    label: str
    targets: list[str]
    constraints: list[dict[str, str]]
    message: str | None = None


class OntologyDoc:
    """Classes, properties, concepts, concept schemes and shapes of the dataset, with labels."""

    def __init__(self, ontology: Graph, shapes: Graph, ontology_iri: str, kgo: str):
        self.graph = ontology
        self.ontology_iri = ontology_iri
        self.kgo = kgo
        self.terms: dict[str, TermDoc] = {}
        self._read_terms(ontology)
        self._link_inverses()
        self.shapes = self._read_shapes(shapes)
        self.meta = self._read_metadata(ontology)

    # --- reading ---------------------------------------------------------------------

    def _read_terms(self, g: Graph) -> None:
        for kind_iri, kind in KINDS.items():
            for subject in g.subjects(RDF.type, kind_iri):
                if isinstance(subject, URIRef):
                    self._term(g, subject).kinds.append(kind)
        for term in self.terms.values():
            iri = URIRef(term.iri)
            term.supers = self._iris(g.objects(iri, RDFS.subClassOf)) + self._iris(g.objects(iri, RDFS.subPropertyOf))
            term.supers += self._iris(g.objects(iri, SKOS.broader))
            term.domain = self._iris(g.objects(iri, RDFS.domain))
            term.range = self._iris(g.objects(iri, RDFS.range))
            term.inverse = self._iris(g.objects(iri, OWL.inverseOf))
            term.disjoint = self._iris(g.objects(iri, OWL.disjointWith))
            term.schemes = self._iris(g.objects(iri, SKOS.inScheme))
            term.types = self._iris(g.objects(iri, RDF.type))
            term.characteristics = [c for t, c in CHARACTERISTICS.items() if (iri, RDF.type, t) in g]
        for term in self.terms.values():
            for parent in term.supers:
                if parent in self.terms and term.iri not in self.terms[parent].subs:
                    self.terms[parent].subs.append(term.iri)
            for scheme in term.schemes:
                if scheme in self.terms:
                    self.terms[scheme].members.append(term.iri)
        for members in g.objects(None, OWL.members):
            classes = [str(c) for c in Collection(g, members) if isinstance(c, URIRef)]
            for c in classes:
                if c in self.terms:
                    self.terms[c].disjoint += [d for d in classes if d != c and d not in self.terms[c].disjoint]
        for term in self.terms.values():
            for attr in ("subs", "members", "disjoint"):
                setattr(term, attr, sorted(getattr(term, attr), key=self.label))

    def _term(self, g: Graph, iri: URIRef) -> TermDoc:
        key = str(iri)
        if key not in self.terms:
            label = english(g, iri, RDFS.label, SKOS.prefLabel) or key.rsplit("/", 1)[-1]
            self.terms[key] = TermDoc(
                key,
                label,
                definition=english(g, iri, SKOS.definition, DCTERMS.description),
                comment=english(g, iri, RDFS.comment),
            )
        return self.terms[key]

    @staticmethod
    def _iris(nodes: Iterable) -> list[str]:
        return sorted({str(x) for x in nodes if isinstance(x, URIRef)})

    def _link_inverses(self) -> None:
        """owl:inverseOf both ways, and a symmetric property is its own inverse."""
        for term in list(self.terms.values()):
            for other in term.inverse:
                if other in self.terms and term.iri not in self.terms[other].inverse:
                    self.terms[other].inverse.append(term.iri)

    def _read_shapes(self, g: Graph) -> dict[str, ShapeDoc]:
        shapes: dict[str, ShapeDoc] = {}
        for subject in set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None)):
            if not isinstance(subject, URIRef):
                continue
            targets = self._iris(g.objects(subject, SH.targetClass)) + self._iris(g.objects(subject, SH.targetNode))
            constraints = []
            for prop in g.objects(subject, SH.property):
                path = g.value(prop, SH.path)
                row = {"path": self._path_text(g, path)}
                for key in ("minCount", "maxCount", "datatype", "class", "nodeKind", "pattern", "in", "node"):
                    value = g.value(prop, SH[key])
                    if value is not None:
                        row[key] = self._shape_value(g, value)
                message = english(g, prop, SH.message, SH.description)
                if message:
                    row["message"] = message
                constraints.append(row)
            constraints.sort(key=lambda r: r["path"])
            label = english(g, subject, RDFS.label, SH.name) or str(subject).rsplit("/", 1)[-1]
            shapes[str(subject)] = ShapeDoc(
                str(subject), label, targets, constraints, english(g, subject, SH.message, RDFS.comment)
            )
        return shapes

    def _path_text(self, g: Graph, path: object) -> str:
        if isinstance(path, URIRef):
            return self.label(str(path))
        if isinstance(path, BNode):
            inverse = g.value(path, SH.inversePath)
            if inverse is not None:
                return "^" + self._path_text(g, inverse)
            try:
                return " / ".join(self._path_text(g, p) for p in Collection(g, path))
            except Exception:  # an unusual path: say so rather than fail
                return "(complex path)"
        return str(path)

    def _shape_value(self, g: Graph, value: object) -> str:
        if isinstance(value, URIRef):
            return str(value)
        if isinstance(value, BNode):
            try:
                return ", ".join(str(v) for v in Collection(g, value))
            except Exception:
                return "(list)"
        return str(value)

    def _read_metadata(self, g: Graph) -> dict[str, str]:
        iri = URIRef(self.ontology_iri)
        meta = {}
        for key, predicate in (
            ("title", DCTERMS.title),
            ("description", DCTERMS.description),
            ("version", OWL.versionInfo),
            ("versionIRI", OWL.versionIRI),
            ("license", DCTERMS.license),
            ("creator", DCTERMS.creator),
            ("created", DCTERMS.created),
            ("modified", DCTERMS.modified),
        ):
            value = english(g, iri, predicate)
            if value:
                meta[key] = value
        return meta

    # --- questions the pages ask ---------------------------------------------------------

    def get(self, iri: str) -> TermDoc | None:
        return self.terms.get(iri)

    def label(self, iri: str) -> str:
        term = self.terms.get(iri)
        return term.label if term else iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def own(self, kind: str) -> list[TermDoc]:
        """Our terms (under kgo:) of one kind, sorted by label."""
        found = [t for t in self.terms.values() if kind in t.kinds and t.iri.startswith(self.kgo)]
        return sorted(found, key=lambda t: t.label.lower())

    @cached_property
    def classes(self) -> list[TermDoc]:
        return self.own("class")

    @cached_property
    def properties(self) -> list[TermDoc]:
        found = [t for t in self.terms.values() if t.is_property and t.iri.startswith(self.kgo)]
        return sorted(found, key=lambda t: t.label.lower())

    @cached_property
    def schemes(self) -> list[TermDoc]:
        return sorted((t for t in self.terms.values() if "concept scheme" in t.kinds), key=lambda t: t.label.lower())

    def closure(self, iri: str, attr: str) -> list[str]:
        """All super- (attr="supers") or sub-terms (attr="subs"), transitively, nearest first."""
        out: list[str] = []
        todo = list(getattr(self.terms.get(iri), attr, []) or [])
        while todo:
            current = todo.pop(0)
            if current in out or current == iri:
                continue
            out.append(current)
            todo += getattr(self.terms.get(current), attr, []) or []
        return out

    def with_subclasses(self, iri: str) -> list[str]:
        return [iri, *self.closure(iri, "subs")]

    def domain_properties(self, cls: str) -> list[tuple[TermDoc, str]]:
        """Properties whose domain is the class or one of its superclasses: (property, domain)."""
        lineage = [cls, *self.closure(cls, "supers")]
        found = []
        for prop in self.properties:
            for domain in prop.domain:
                if domain in lineage:
                    found.append((prop, domain))
                    break
        return found

    def range_properties(self, cls: str) -> list[TermDoc]:
        lineage = [cls, *self.closure(cls, "supers")]
        return [p for p in self.properties if any(r in lineage for r in p.range)]

    def inverse_of(self, prop: str) -> set[str]:
        term = self.terms.get(prop)
        if term is None:
            return set()
        out = set(term.inverse)
        if "symmetric" in term.characteristics:
            out.add(prop)
        return out

    def most_specific(self, classes: Iterable[str]) -> list[str]:
        """Drop every class that is a superclass of another in the list."""
        classes = list(dict.fromkeys(classes))
        supers = {s for c in classes for s in self.closure(c, "supers")}
        return [c for c in classes if c not in supers]
