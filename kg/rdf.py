"""Annotations → RDF graphs: one per document, one for metadata, one for the ontology.

The rule that keeps the graph honest lives here: every annotated item becomes
an assertion node that names its claimant, its document and its evidence,
and only what a document's author states in their own voice, unhedged, is
also asserted as a plain triple. A party's claim exists only as a claim.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg import config
from kg.anchor import AnchorError, Span, anchor
from kg.annotations import ENTITY_KEYS, AnnotationError, Corpus, Document, Item, names
from kg.config import ID, KGC, KGO, NIF, OA

ONTOLOGY_SOURCES = (config.ONTOLOGY_FILE, config.ONTOLOGY_DIR / "concepts.ttl")

#: Properties whose literal values are dates of a precision.
DATE_PROPERTIES = {KGO[p] for p in ("date", "startDate", "endDate", "signingDate", "asOf", "dueDate", "claimDate")}
#: Properties whose literal values are names, in English.
NAME_PROPERTIES = {RDFS.label, SKOS.altLabel, SKOS.prefLabel, KGO.demonym}

#: How a hedge bounds the true value of a count: (lower offset, upper offset) or None.
HEDGE_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "exactly": (0, 0),
    "at-least": (0, None),
    "more-than": (1, None),
    "just-over": (1, None),
    "fewer-than": (None, -1),
    "nearly": (None, -1),
    "up-to": (None, 0),
}


def rebase(text: str) -> str:
    """Rewrite IRIs written with the canonical base for the configured one."""
    return text if config.BASE == config.CANONICAL_BASE else text.replace(config.CANONICAL_BASE, config.BASE)


def load_ontology() -> Graph:
    graph = Graph()
    for path in ONTOLOGY_SOURCES:
        graph.parse(data=rebase(path.read_text(encoding="utf-8")), format="turtle")
    config.bind_prefixes(graph)
    return graph


def _is_word(character: str) -> bool:
    """Whether ``character`` is a regular-expression word character (\\w)."""
    return character.isalnum() or character == "_"


def date_literal(value: str) -> Literal:
    """A date that keeps the precision the text gives: xsd:gYear, xsd:gYearMonth or xsd:date."""
    value = str(value)
    if re.fullmatch(r"-?\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"-?\d{4}-\d{2}", value):
        if not 1 <= int(value[-2:]) <= 12:
            raise ValueError(f"no such month: {value!r}")
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"no such day: {value!r}") from None
        return Literal(value, datatype=XSD.date)
    raise ValueError(f"not a date of year, month or day precision: {value!r}")


def number_literal(value: Any, datatype: URIRef = XSD.decimal) -> Literal:
    if datatype == XSD.integer:
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


@dataclass
class Terms:
    """What the ontology declares, to check the annotations against it."""

    classes: set[URIRef]
    properties: set[URIRef]
    concepts: set[URIRef]

    @classmethod
    def of(cls, ontology: Graph) -> Terms:
        classes = set(ontology.subjects(RDF.type, OWL.Class))
        properties = {
            s
            for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
            for s in ontology.subjects(RDF.type, kind)
        }
        concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
        return cls({c for c in classes if isinstance(c, URIRef)}, properties, concepts)


def resolve_term(name: str) -> URIRef:
    """``parentOf`` → kgo:parentOf; ``skos:altLabel`` → the SKOS IRI."""
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix not in config.PREFIXES:
            raise KeyError(f"unknown prefix {prefix!r} in {name!r}")
        return config.PREFIXES[prefix][local]
    return KGO[name]


# Reused-vocabulary properties annotators may use besides the ontology's own.
EXTRA_PROPERTIES = {
    RDFS.label,
    SKOS.altLabel,
    SKOS.definition,
    RDFS.comment,
    OWL.sameAs,
    DCTERMS.subject,
}


class GraphBuilder:
    """Turns a checked corpus into graphs; collects problems instead of stopping at the first."""

    def __init__(self, corpus: Corpus, ontology: Graph):
        self.corpus = corpus
        self.ontology = ontology
        self.terms = Terms.of(ontology)
        self.problems: list[str] = []

    # --- small helpers --------------------------------------------------------

    def entity(self, eid: str) -> URIRef:
        return ID[eid]

    def concept(self, name: str, where: str) -> URIRef:
        iri = KGC[name]
        if iri not in self.terms.concepts:
            self.problems.append(f"{where}: {name!r} is not a concept in ontology/concepts.ttl")
        return iri

    def term(self, name: str, allowed: set[URIRef], kind: str, where: str) -> URIRef | None:
        try:
            iri = resolve_term(name)
        except KeyError as exc:
            self.problems.append(f"{where}: {exc}")
            return None
        if iri not in allowed:
            self.problems.append(f"{where}: {name!r} is not a {kind} of the ontology")
            return None
        return iri

    def checked_date(self, value: str, where: str) -> Literal | None:
        try:
            return date_literal(value)
        except ValueError as exc:
            self.problems.append(f"{where}: {exc}")
            return None

    def claimant(self, doc: Document, item: Item) -> str:
        return item.get("by") or doc.author

    def is_authorial(self, doc: Document, item: Item) -> bool:
        return self.claimant(doc, item) == doc.author

    # --- entities and mentions ------------------------------------------------

    def describe_entity(self, graph: Graph, eid: str) -> None:
        data = self.corpus.entities[eid]
        node = self.entity(eid)
        where = self.corpus.entity_sources[eid]
        types = data["type"] if isinstance(data["type"], list) else [data["type"]]
        for name in types:
            cls = self.term(name, self.terms.classes, "class", where)
            if cls is not None:
                graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(data["label"], lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(data["label"], lang="en")))
        for alias in data.get("aliases", []):
            graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for demonym in data.get("demonyms", []):
            graph.add((node, KGO.demonym, Literal(demonym, lang="en")))
        if "definition" in data:
            graph.add((node, SKOS.definition, Literal(data["definition"], lang="en")))
        if "note" in data:
            graph.add((node, KGO.note, Literal(data["note"])))
        for other in data.get("distinct_from", []):
            graph.add((node, OWL.differentFrom, self.entity(other)))
        if "title" in data:
            graph.add((node, DCTERMS.title, Literal(data["title"], lang="en")))
        if "publisher" in data:
            graph.add((node, DCTERMS.publisher, self.entity(data["publisher"])))
        for author in data.get("authors", []):
            graph.add((node, DCTERMS.creator, self.entity(author)))
        if "date" in data and (date := self.checked_date(data["date"], where)) is not None:
            graph.add((node, DCTERMS.date, date))
        if "url" in data:
            graph.add((node, SCHEMA_URL, Literal(data["url"], datatype=XSD.anyURI)))

    def mentions(self, doc: Document) -> list[tuple[Span, str]]:
        """Every whole-word occurrence of an entity's name or demonym, leftmost, longest first.

        One pass over the text: at each place a name could start (a word, or the first
        character of a name that starts with punctuation), only the names beginning
        with that word are tried. A regular expression with every name as an
        alternative would try them all at every character: cost texts × names.
        """
        index, starts = self.name_index()
        found: list[tuple[Span, str]] = []
        text, end = doc.text, 0
        for match in starts.finditer(text) if starts else ():
            begin = match.start()
            if begin < end or (begin and _is_word(text[begin - 1])):
                continue
            for name, eid in index.get(match.group(), ()):
                stop = begin + len(name)
                if text.startswith(name, begin) and (stop == len(text) or not _is_word(text[stop])):
                    found.append((Span(begin, stop), eid))
                    end = stop
                    break
        return found

    def name_index(self) -> tuple[dict[str, list[tuple[str, str]]], re.Pattern | None]:
        """Names by their first word (or first character, if not a word character), longest
        first; and the pattern that finds where a name may start. Built once per corpus."""
        if self._name_index is None:
            first: dict[str, str] = {}
            for eid, data in self.corpus.entities.items():
                if not data.get("no_mentions"):
                    for name in [*names(data), *data.get("demonyms", [])]:
                        first.setdefault(name, eid)
            index: dict[str, list[tuple[str, str]]] = {}
            for name, eid in sorted(first.items(), key=lambda item: (-len(item[0]), item[0])):
                word = re.match(r"\w+", name)
                index.setdefault(word.group() if word else name[0], []).append((name, eid))
            symbols = "".join(sorted({key for key in index if not _is_word(key[0])}))
            pattern = r"\w+" + (f"|[{re.escape(symbols)}]" if symbols else "")
            self._name_index = (index, re.compile(pattern) if index else None)
        return self._name_index

    _name_index: tuple[dict[str, list[tuple[str, str]]], re.Pattern | None] | None = None

    def span_node(self, graph: Graph, doc: Document, span: Span, cls: URIRef) -> URIRef:
        node = URIRef(f"{config.document_iri(doc.id)}#{span.fragment()}")
        doc_node = config.document_iri(doc.id)
        graph.add((node, RDF.type, cls))
        # xsd:integer, not NIF's xsd:nonNegativeInteger: the same numbers, and the type
        # pyoxigraph gives them back with, so the dumps say what the endpoint says.
        graph.add((node, NIF.beginIndex, Literal(span.start, datatype=XSD.integer)))
        graph.add((node, NIF.endIndex, Literal(span.end, datatype=XSD.integer)))
        graph.add((node, NIF.anchorOf, Literal(doc.text[span.start : span.end])))
        graph.add((node, NIF.referenceContext, doc_node))
        return node

    # --- items ----------------------------------------------------------------

    def assertion_iri(self, doc: Document, item: Item) -> URIRef:
        if "id" in item.data:
            return ID[f"assertion/{doc.id}-{item['id']}"]
        digest = hashlib.sha256(json.dumps(item.data, sort_keys=True, default=str).encode()).hexdigest()
        return ID[f"assertion/{doc.id}-{digest[:12]}"]

    def reference(self, doc: Document, ref: str) -> URIRef:
        doc_id, _, local = ref.rpartition(":")
        return ID[f"assertion/{doc_id or doc.id}-{local}"]

    def add_common(self, graph: Graph, doc: Document, item: Item, node: URIRef, cls: URIRef) -> None:
        """What every assertion carries: type, claimant, document, evidence, hedges, notes."""
        graph.add((node, RDF.type, cls))
        graph.add(
            (
                node,
                RDF.type,
                KGO.AuthorialAssertion if self.is_authorial(doc, item) else KGO.AttributedClaim,
            )
        )
        graph.add((node, KGO.claimant, self.entity(self.claimant(doc, item))))
        graph.add((node, KGO.statedIn, config.document_iri(doc.id)))
        graph.add((node, KGO.modality, self.concept(item.get("modality", "stated"), item.source)))
        try:
            span = anchor(doc.text, item["quote"], item.get("occurrence"), doc=doc.id)
        except AnchorError as exc:
            self.problems.append(f"{item.source}: {exc}")
        else:
            evidence = self.span_node(graph, doc, span, KGO.Evidence)
            graph.add((evidence, OA.hasSource, config.document_iri(doc.id)))
            graph.add((node, KGO.hasEvidence, evidence))
        self.add_dates(graph, item, node, {"claim_date": KGO.claimDate})
        if "date_resolution" in item.data:
            graph.add((node, KGO.dateResolution, Literal(item["date_resolution"])))
        if "cites" in item.data:
            graph.add((node, KGO.citesSource, self.entity(item["cites"])))
        for ref in item.get("contradicts", []):
            graph.add((node, KGO.contradicts, self.reference(doc, ref)))
        if "note" in item.data:
            graph.add((node, KGO.note, Literal(item["note"])))
        if "as_written" in item.data:
            graph.add((node, KGO.asWritten, Literal(str(item["as_written"]))))
        if item.get("proposed") or not item.reviewed:
            graph.add((node, RDF.type, KGO.Proposal))
            graph.add((node, KGO.proposedBy, Literal(item.get("proposed_by", "unknown"))))
            if "confidence" in item.data:
                graph.add((node, KGO.confidence, number_literal(item["confidence"])))

    def plain_fact(self, doc: Document, item: Item) -> bool:
        """Only the author's own, unhedged, reviewed word becomes a plain triple."""
        return (
            self.is_authorial(doc, item)
            and item.get("modality", "stated") == "stated"
            and item.reviewed
            and not item.get("proposed")
        )

    def literal_for(self, predicate: URIRef, value: Any, where: str) -> Literal | None:
        try:
            if predicate in DATE_PROPERTIES:
                return date_literal(value)
        except ValueError as exc:
            self.problems.append(f"{where}: {exc}")
            return None
        if isinstance(value, bool):
            return Literal(value)
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        if isinstance(value, float):
            return number_literal(value)
        if predicate in NAME_PROPERTIES:
            return Literal(str(value), lang="en")
        return Literal(str(value))

    def add_quantity(self, graph: Graph, item: Item, node: URIRef, key: str, prop: URIRef, datatype: URIRef) -> None:
        """A count or value with its hedge, and the bounds the hedge implies."""
        value = item.get(key)
        qualifier = item.get("qualifier", "exactly" if value is not None else "unspecified")
        graph.add((node, KGO.qualifier, self.concept(qualifier, item.source)))
        if value is None:
            return
        graph.add((node, prop, number_literal(value, datatype)))
        low, high = HEDGE_BOUNDS.get(qualifier, (None, None))
        if "lower" in item.data:
            graph.add((node, KGO.lowerBound, number_literal(item["lower"])))
        elif low is not None and qualifier != "exactly":
            graph.add((node, KGO.lowerBound, number_literal(value + low)))
        if "upper" in item.data:
            graph.add((node, KGO.upperBound, number_literal(item["upper"])))
        elif high is not None and qualifier != "exactly":
            graph.add((node, KGO.upperBound, number_literal(value + high)))

    def add_links(self, graph: Graph, item: Item, node: URIRef, links: dict[str, URIRef]) -> None:
        for key, prop in links.items():
            if key in item.data:
                graph.add((node, prop, self.entity(item[key])))

    def add_dates(self, graph: Graph, item: Item, node: URIRef, dates: dict[str, URIRef]) -> None:
        for key, prop in dates.items():
            if key in item.data and (date := self.checked_date(item[key], f"{item.source}: {key}")) is not None:
                graph.add((node, prop, date))

    def statement(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.Statement)
        predicate = self.term(item["p"], self.terms.properties | EXTRA_PROPERTIES, "property", item.source)
        if predicate is None:
            return
        subject = self.entity(item["s"])
        if "value" in item.data:
            obj = self.literal_for(predicate, item["value"], item.source)
        elif ":" in item["o"]:  # a concept or ontology term, e.g. kgc:tank
            obj = self.term(item["o"], self.terms.concepts | self.terms.classes, "concept or class", item.source)
        else:
            obj = self.entity(item["o"])
        if obj is None:
            return
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, predicate))
        graph.add((node, RDF.object, obj))
        if self.plain_fact(doc, item):
            graph.add((subject, predicate, obj))

    def tenure(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.Tenure)
        self.add_links(graph, item, node, {"holder": KGO.holder, "position": KGO.position})
        self.add_dates(graph, item, node, {"start": KGO.startDate, "end": KGO.endDate})
        if self.plain_fact(doc, item):
            graph.add((self.entity(item["holder"]), KGO.holdsPosition, self.entity(item["position"])))

    def casualty(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.CasualtyFigure)
        self.add_links(graph, item, node, {"event": KGO.ofEvent, "side": KGO.side})
        graph.add((node, KGO.casualtyCategory, self.concept(item["category"], item.source)))
        graph.add((node, KGO.casualtyType, self.concept(item["type"], item.source)))
        self.add_quantity(graph, item, node, "count", KGO["count"], XSD.integer)

    def loss(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.EquipmentLoss)
        self.add_links(graph, item, node, {"event": KGO.ofEvent, "side": KGO.side, "system": KGO.system})
        if "weapon_type" in item.data:
            graph.add((node, KGO.lostWeaponType, self.concept(item["weapon_type"], item.source)))
        graph.add((node, KGO.lossType, self.concept(item["loss_type"], item.source)))
        self.add_quantity(graph, item, node, "count", KGO["count"], XSD.integer)

    def holding(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.EquipmentHolding)
        self.add_links(graph, item, node, {"operator": KGO.operator, "system": KGO.system})
        self.add_dates(graph, item, node, {"as_of": KGO.asOf})
        self.add_quantity(graph, item, node, "count", KGO["count"], XSD.integer)

    def transfer(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.ArmsTransfer)
        links = {"supplier": KGO.supplier, "recipient": KGO.recipient, "system": KGO.system}
        self.add_links(graph, item, node, links)
        self.add_dates(graph, item, node, {"start": KGO.startDate, "end": KGO.endDate, "date": KGO.date})
        self.add_quantity(graph, item, node, "count", KGO["count"], XSD.integer)

    def measurement(self, graph: Graph, doc: Document, item: Item, node: URIRef) -> None:
        self.add_common(graph, doc, item, node, KGO.Measurement)
        self.add_links(graph, item, node, {"entity": KGO.measuredEntity})
        graph.add((node, KGO.measure, self.concept(item["measure"], item.source)))
        if "unit" in item.data:
            graph.add((node, KGO.unit, Literal(item["unit"])))
        if "value_text" in item.data:
            graph.add((node, KGO.valueText, Literal(item["value_text"])))
        self.add_dates(graph, item, node, {"as_of": KGO.asOf, "due": KGO.dueDate})
        self.add_quantity(graph, item, node, "value", KGO.value, XSD.decimal)

    HANDLERS = {
        "statements": statement,
        "tenures": tenure,
        "casualties": casualty,
        "losses": loss,
        "holdings": holding,
        "transfers": transfer,
        "measurements": measurement,
    }

    # --- graphs ---------------------------------------------------------------

    def referenced_entities(self, doc: Document, items: list[Item]) -> set[str]:
        found = {doc.author} if doc.author else set()
        for item in items:
            found.update(item[k] for k in ENTITY_KEYS if k in item.data and ":" not in str(item[k]))
        return found

    def document_graph(
        self, doc: Document, items: list[Item], with_mentions: bool = True, declared: Iterable[str] = ()
    ) -> Graph:
        """The graph of what ``items`` of ``doc`` say, with the entities they name and,
        ``with_mentions``, every mention of a known entity in the text; and the ``declared``
        entities (a draft's proposed ones, which no mention finds until they are reviewed)."""
        graph = Graph()
        seen: set[URIRef] = set()
        for item in items:
            node = self.assertion_iri(doc, item)
            if node in seen:
                self.problems.append(f"{item.source}: the same item is annotated twice; delete one")
                continue
            seen.add(node)
            self.HANDLERS[item.kind](self, graph, doc, item, node)
        mentioned = set()
        for span, eid in self.mentions(doc) if with_mentions else ():
            node = self.span_node(graph, doc, span, KGO.Mention)
            graph.add((node, KGO.denotes, self.entity(eid)))
            mentioned.add(eid)
        for eid in sorted(mentioned | self.referenced_entities(doc, items) | set(declared)):
            self.describe_entity(graph, eid)
        return graph

    def metadata_graph(self) -> Graph:
        graph = Graph()
        for doc in self.corpus.documents.values():
            meta = doc.metadata
            node = config.document_iri(doc.id)
            graph.add((node, RDF.type, KGO.SourceDocument))
            graph.add((node, DCTERMS.title, Literal(meta["title"], lang="en")))
            graph.add((node, RDFS.label, Literal(meta["title"], lang="en")))
            for author in meta.get("authors", []):
                graph.add((node, DCTERMS.creator, self.entity(author)))
                self.describe_entity(graph, author)
            if meta.get("author_unknown"):
                graph.add((node, KGO.authorUnknown, Literal(True)))
                if doc.author:
                    graph.add((node, DCTERMS.creator, self.entity(doc.author)))
                    self.describe_entity(graph, doc.author)
            for key, prop in (("publisher", DCTERMS.publisher), ("dateline", KGO.dateline)):
                if meta.get(key):
                    graph.add((node, prop, self.entity(meta[key])))
                    self.describe_entity(graph, meta[key])
            if (date := self.checked_date(meta["date"], f"metadata {doc.id}: date")) is not None:
                graph.add((node, DCTERMS.date, date))
                graph.add((node, DCTERMS.issued, date))
            if "date_source" in meta:
                graph.add((node, KGO.dateInference, Literal(meta["date_source"])))
            for key, prop in (
                ("citation", DCTERMS.bibliographicCitation),
                ("genre", DCTERMS.type),
                ("title_note", KGO.note),
            ):
                if key in meta:
                    graph.add((node, prop, Literal(meta[key])))
            if "language" in meta:
                graph.add((node, DCTERMS.language, Literal(meta["language"], datatype=XSD.language)))
            if "url" in meta:
                graph.add((node, SCHEMA_URL, Literal(meta["url"], datatype=XSD.anyURI)))
            graph.add((node, DCTERMS.identifier, Literal(doc.id)))
            graph.add((node, KGO.fileName, Literal(meta["file"])))
            graph.add((node, DCTERMS["format"], Literal("text/plain")))
            graph.add((node, NIF.isString, Literal(doc.text)))
        return graph


SCHEMA_URL = config.SCHEMA.url


@dataclass
class Graphs:
    """The named graphs of the dataset, before reasoning."""

    ontology: Graph
    metadata: Graph
    documents: dict[str, Graph]  # doc id -> graph
    proposals: dict[str, Graph]  # doc id -> graph of unreviewed drafts


def build_graphs(corpus: Corpus, ontology: Graph | None = None) -> Graphs:
    """All graphs of the dataset; raises AnnotationError listing every problem found."""
    ontology = ontology if ontology is not None else load_ontology()
    documents, proposals, metadata = {}, {}, Graph()
    for name, graph in iter_graphs(corpus, ontology):
        if name == config.GRAPH_METADATA:
            metadata = graph
        elif str(name).startswith(str(config.GRAPH["proposals/"])):
            proposals[str(name)[len(str(config.GRAPH["proposals/"])) :]] = graph
        else:
            documents[str(name)[len(str(config.GRAPH["doc/"])) :]] = graph
    return Graphs(ontology, metadata, documents, proposals)


def iter_graphs(corpus: Corpus, ontology: Graph) -> Iterator[tuple[URIRef, Graph]]:
    """The named graphs of the documents (curated, then proposals, document by document),
    then the metadata graph, one at a time: the build moves each out of rdflib before
    the next is made. Raises AnnotationError listing every problem found, after the last."""
    builder = GraphBuilder(corpus, ontology)
    for doc_id, doc in sorted(corpus.documents.items()):
        reviewed = [item for item in doc.items if item.reviewed]
        drafts = [item for item in doc.items if not item.reviewed]
        if reviewed or not drafts:
            yield config.document_graph(doc_id), builder.document_graph(doc, reviewed)
        if drafts:  # mentions go with the curated graph when there is one
            proposed = [eid for eid, (entity, _) in doc.entities.items() if entity.get("proposed")]
            graph = builder.document_graph(doc, drafts, with_mentions=not reviewed, declared=proposed)
            yield config.proposal_graph(doc_id), graph
    metadata = builder.metadata_graph()
    if builder.problems:
        raise AnnotationError(builder.problems)
    yield config.GRAPH_METADATA, metadata


def described_entities(graph: Graph) -> set[URIRef]:
    """The IRIs a graph types: what it describes."""
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def unused_entities(corpus: Corpus, graphs: Graphs | set[URIRef]) -> list[str]:
    """Entities no graph describes: declared but never mentioned or referenced.

    ``graphs``: the graphs, or the IRIs they describe (:func:`described_entities`)."""
    if isinstance(graphs, Graphs):
        described: set[URIRef] = set()
        for graph in [graphs.metadata, *graphs.documents.values(), *graphs.proposals.values()]:
            described |= described_entities(graph)
    else:
        described = graphs
    return sorted(eid for eid in corpus.entities if ID[eid] not in described)
