"""One place for the base IRI, namespaces, graph names, paths and media types.

Every other module imports its constants from here, so that changing the
base IRI (``KG_BASE``) or a path changes it everywhere at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

# --- where things live ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("KG_SEEDS", ROOT / "seeds"))
ANNOTATIONS = SEEDS / "annotations"
METADATA = SEEDS / "metadata"
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
SCHEMA_FILE = ROOT / "kg" / "annotation.schema.json"
QUERIES_DIR = ROOT / "queries"
DIST = Path(os.environ.get("KG_DIST", ROOT / "dist"))

# --- IRIs ---------------------------------------------------------------------

#: The canonical base written in ontology/*.ttl; a build with another
#: ``KG_BASE`` rewrites every IRI that starts with it.
CANONICAL_BASE = "https://w3id.org/karabakh-kg/"
BASE = os.environ.get("KG_BASE", CANONICAL_BASE)
if not BASE.endswith("/"):
    BASE += "/"

KGO = Namespace(BASE + "ontology/")  # terms: classes, properties, concepts
ONTOLOGY_IRI = URIRef(BASE + "ontology")
SHAPES_IRI = URIRef(BASE + "shapes")
KGS = Namespace(BASE + "shapes/")  # shapes
KGC = Namespace(BASE + "concept/")  # SKOS concepts: weapon types, hedges, ...
ID = Namespace(BASE + "id/")  # things
GRAPH = Namespace(BASE + "graph/")  # named graphs
DATASET_IRI = URIRef(BASE + "dataset")

GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_METADATA = GRAPH["metadata"]
GRAPH_INFERRED = GRAPH["inferred"]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a source document; evidence IRIs hang off it as ``#char=s,e``."""
    return ID[f"doc/{doc_id}"]


def document_graph(doc_id: str) -> URIRef:
    """The named graph holding what one curated document supports."""
    return GRAPH[f"doc/{doc_id}"]


def proposal_graph(doc_id: str) -> URIRef:
    """The named graph for machine-proposed, not yet reviewed annotations."""
    return GRAPH[f"proposals/{doc_id}"]


# Reused vocabularies, one prefix each.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")

PREFIXES: dict[str, Namespace] = {
    "kgo": KGO,
    "kgs": KGS,
    "kgc": KGC,
    "id": ID,
    "graph": GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sh": SH,
    "sem": SEM,
    "nif": NIF,
    "oa": OA,
    "schema": SCHEMA,
    "foaf": FOAF,
    "time": TIME,
    "void": VOID,
    "sd": SD,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries and the query UI."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph) -> None:  # noqa: ANN001 - any rdflib Graph/Dataset
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


# --- media types: one table, shared by the pipeline and the server ----------

#: rdflib format name -> (preferred media type, file extension)
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("text/turtle", "ttl"),
    "nt": ("application/n-triples", "nt"),
    "json-ld": ("application/ld+json", "jsonld"),
    "xml": ("application/rdf+xml", "rdf"),
    "trig": ("application/trig", "trig"),
    "nquads": ("application/n-quads", "nq"),
}

#: SPARQL SELECT/ASK results: short name (the endpoint's ``format=``) ->
#: (preferred media type, file extension)
RESULT_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/sparql-results+json", "srj"),
    "xml": ("application/sparql-results+xml", "srx"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
}
