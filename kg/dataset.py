"""Assemble the dataset and write ``dist/`` atomically and byte-for-byte reproducibly.

Reproducible: every file is serialised from quads in one sorted order, blank
nodes are canonicalised (RDFC-1.0) first, and nothing time-dependent is
written, so the same input gives the same bytes.

Atomic: a build writes a new version directory beside the others and then
swaps the ``dist`` symlink to it with one ``os.replace``. A failed or
interrupted build never touches what ``dist`` points at, and a server still
reading the previous version keeps reading it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from kg import config
from kg.assembly import Assembly, of_graphs
from kg.config import VOID
from kg.terms import Converter

#: Older versions kept beside the current one, for servers still reading them.
KEEP_VERSIONS = 2


@dataclass
class Timings:
    """Seconds per build stage, for `kg build --timings` and the benchmark."""

    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


def to_quads(graph: Graph, name: URIRef, convert: Converter | None = None) -> list[ox.Quad]:
    """rdflib graph → pyoxigraph quads in the named graph ``name``."""
    convert = convert or Converter()
    graph_name = convert(name)
    return [ox.Quad(convert(s), convert(p), convert(o), graph_name) for s, p, o in graph]


def canonical_quads(named_graphs: dict[URIRef, Graph]) -> list[ox.Quad]:
    """All quads, blank nodes canonically renamed, in one stable order."""
    convert = Converter()
    dataset = ox.Dataset(q for name, graph in named_graphs.items() for q in to_quads(graph, name, convert))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in config.PREFIXES.items()}


def graph_file_name(name: URIRef) -> str:
    """graph/doc/000 → doc-000.ttl"""
    return str(name)[len(str(config.GRAPH)) :].replace("/", "-") + ".ttl"


@dataclass
class Counts:
    """What the VoID description counts over the whole dataset (every quad of every graph)."""

    triples: int
    subjects: int
    objects: int
    properties: int
    entities: int
    typed: dict[str, int]  # class IRI -> rdf:type quads naming it
    per_graph: dict[str, int]  # graph IRI -> quads


def count(assembly: Assembly, per_graph: dict[str, int]) -> Counts:
    """The VoID counts, asked of the store (in Rust: no Python object per quad)."""
    store = assembly.store

    def number(query: str) -> int:
        return int(next(iter(store.query(query)))["n"].value)

    typed: Counter[str] = Counter()
    for row in store.query("SELECT ?c (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c"):
        typed[row["c"].value] += int(row["n"].value)
    entities = (
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
        f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{config.BASE}id/")) }}'
    )
    return Counts(
        triples=len(store),
        subjects=number("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        objects=number("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        properties=number("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        entities=number(entities),
        typed=dict(typed),
        per_graph=per_graph,
    )


def void_description(counts: Counts, files: list[str]) -> Graph:
    """A VoID description with counts, vocabularies, the endpoint, dumps and examples."""
    g = Graph()
    config.bind_prefixes(g)
    ds = config.DATASET_IRI
    base = config.BASE
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("Karabakh Conflict Knowledge Graph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "States, armed forces, persons, organisations, places, agreements, weapon systems, events "
        "and the claims two source texts make about the Nagorno-Karabakh conflict, each tied to "
        "the passage that supports it and to who asserts it.", lang="en")))  # fmt: skip
    g.add((ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((ds, VOID.uriSpace, Literal(base + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.uriLookupEndpoint, URIRef(base + "search?q=")))
    g.add((ds, VOID.rootResource, URIRef(base + "id/nagorno-karabakh")))
    for f in files:
        if f.startswith("dataset."):
            g.add((ds, VOID.dataDump, URIRef(base + "download/" + f)))
    for vocab in (config.KGO, config.SEM, config.NIF, config.PROV, config.SKOS, DCTERMS, config.OA):
        g.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    g.add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(counts.objects, datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(counts.properties, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(counts.typed), datatype=XSD.integer)))
    for example in (
        "azerbaijan",
        "stepanakert",
        "bishkek-protocol",
        "2020-karabakh-war",
        "ilham-aliyev",
    ):
        g.add((ds, VOID.exampleResource, config.ID[example]))
    for cls, number in sorted(counts.typed.items()):
        if cls.startswith(str(config.KGO)):
            part = URIRef(f"{ds}/class/{cls[len(str(config.KGO)) :]}")
            g.add((ds, VOID.classPartition, part))
            g.add((part, VOID["class"], URIRef(cls)))
            g.add((part, VOID.entities, Literal(number, datatype=XSD.integer)))
    for name, number in sorted(counts.per_graph.items()):
        if not number:
            continue  # a graph without quads is not in the dump (as before: counted from the quads)
        subset = URIRef(name)
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(number, datatype=XSD.integer)))
        g.add(
            (
                subset,
                VOID.dataDump,
                URIRef(base + "download/graphs/" + graph_file_name(URIRef(name))),
            )
        )
    g.add((config.ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((config.ONTOLOGY_IRI, RDFS.label, Literal("Karabakh Conflict Ontology", lang="en")))
    return g


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_files(
    directory: Path,
    dataset: Assembly | dict[URIRef, Graph],
    extra_files: dict[str, bytes],
) -> dict:
    """Write every dump into ``directory``; return the manifest.

    One graph at a time, in the order of :func:`canonical_quads`, so that only
    one graph's sorted lines are in memory at once (the 100× corpus has ~9M
    quads): N-Quads written as they come, each graph's Turtle, and TriG fed
    from a generator that walks the graphs in turn.
    """
    assembly = dataset if isinstance(dataset, Assembly) else of_graphs(dataset)
    pre = prefixes()
    graphs_dir = directory / "graphs"
    graphs_dir.mkdir()
    counts: dict[str, int] = {}
    blank = canonical_blank_quads(assembly)
    with (directory / "dataset.nq").open("w", encoding="utf-8") as nquads:

        def all_quads() -> Iterator[ox.Quad]:
            for name in sorted(assembly.names, key=lambda n: f"<{n}>"):
                lines = sorted_lines(assembly, name, blank.get(str(name), []))
                counts[str(name)] = len(lines)
                text = "".join(f"{line} .\n" for line in lines)
                graph_name = ox.NamedNode(str(name))
                nquads.writelines(f"{line} {graph_name} .\n" for line in lines)
                del lines
                triples = list(ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES))
                del text
                ox.serialize(triples, str(graphs_dir / graph_file_name(name)), ox.RdfFormat.TURTLE, prefixes=pre)
                for triple in triples:
                    yield ox.Quad(triple.subject, triple.predicate, triple.object, graph_name)

        ox.serialize(all_quads(), str(directory / "dataset.trig"), ox.RdfFormat.TRIG, prefixes=pre)
    with (
        (directory / "dataset.nq").open("rb") as src,
        (directory / "dataset.nq.gz").open("wb") as raw,
    ):
        with gzip.GzipFile(filename="dataset.nq", mode="wb", fileobj=raw, mtime=0) as gz:
            shutil.copyfileobj(src, gz)
    for file_name, data in extra_files.items():
        (directory / file_name).write_bytes(data)
    files = sorted(p.name for p in directory.iterdir() if p.is_file())
    void = void_description(count(assembly, counts), files)
    (directory / "void.ttl").write_bytes(canonical_turtle(void))
    return {
        "version": sha256(directory / "dataset.nq"),
        "base": config.BASE,
        "triples": len(assembly),
        "graphs": counts,
    }


def has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def canonical_blank_quads(assembly: Assembly) -> dict[str, list[ox.Quad]]:
    """The quads with blank nodes, canonically renamed (RDFC-1.0), by graph.

    Canonicalising these alone gives the labels canonicalising the whole dataset
    gives: RDFC-1.0 hashes a blank node from the quads it appears in (and from
    blank nodes related to it through those), never from quads without one.
    Most of the dataset has none (the ontology's axioms do), so pyoxigraph's
    canonicaliser never sees the millions of other quads.
    """
    query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) }"
    rows = assembly.store.query(query)
    dataset = ox.Dataset(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in dataset:
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    return by_graph


def sorted_lines(assembly: Assembly, name: URIRef, blank: list[ox.Quad]) -> list[str]:
    """One graph's triples as N-Triples lines without the final " .", sorted.

    Sorting "s p o" strings gives the order of (str(s), str(p), str(o)): a term
    can only be a prefix of another where a space follows the shorter one, and
    a space sorts before any character that can follow in a term.
    """
    lines = [f"{q.subject} {q.predicate} {q.object}" for q in assembly.quads(name) if not has_blank_node(q)]
    lines += [f"{q.subject} {q.predicate} {q.object}" for q in blank]
    lines.sort()
    return lines


def canonical_turtle(graph: Graph) -> bytes:
    """Turtle of a graph with no blank nodes, in sorted order (pyoxigraph's serialiser)."""
    quads = canonical_quads({URIRef(config.BASE + "tmp"): graph})
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=prefixes())


def publish(
    dist: Path,
    named_graphs: Assembly | dict[URIRef, Graph],
    extra_files: dict[str, bytes],
    load_store: Callable[[Path, Path], None] | None = None,
    awaited: Callable[[], dict[str, bytes]] | None = None,
) -> dict:
    """Write a new version of the dataset and switch ``dist`` to it in one step.

    ``awaited`` is called once everything else is written: files that come from
    work done meanwhile (the SHACL report). If it raises, nothing is switched.
    """
    versions = dist.parent / f".{dist.name}-versions"
    versions.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="building-", dir=versions))
    work.chmod(0o755)
    try:
        manifest = write_files(work, named_graphs, extra_files)
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if load_store is not None:
            load_store(work / "dataset.nq", work / "store")
        for file_name, data in (awaited() if awaited is not None else {}).items():
            (work / file_name).write_bytes(data)
        final = versions / manifest["version"][:16]
        if final.exists():
            # The same data again (builds are reproducible): keep the directory servers
            # may be reading, drop the new copy.
            shutil.rmtree(work)
        else:
            os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    switch(dist, final)
    prune(versions, keep={final.name})
    return manifest


def switch(dist: Path, target: Path) -> None:
    """Point ``dist`` at ``target`` atomically (a symlink replaced by rename)."""
    if dist.exists() and not dist.is_symlink():
        # A plain directory from elsewhere: move it aside rather than lose it.
        os.replace(dist, dist.parent / f".{dist.name}-versions" / f"previous-{int(time.time())}")
    link = dist.parent / f".{dist.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(target, dist.parent))
    os.replace(link, dist)


def prune(versions: Path, keep: set[str]) -> None:
    """Keep the newest few versions (servers may still read them); delete older ones."""
    old = sorted(
        (p for p in versions.iterdir() if p.is_dir() and p.name not in keep and not p.name.startswith("building-")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in old[KEEP_VERSIONS:]:
        shutil.rmtree(path, ignore_errors=True)
