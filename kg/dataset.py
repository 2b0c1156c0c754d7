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


def void_description(quads: list[ox.Quad], files: list[str]) -> Graph:
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
    g.add((ds, VOID.triples, Literal(len(quads), datatype=XSD.integer)))
    subjects = {q.subject for q in quads}
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(len({q.object for q in quads}), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len({q.predicate for q in quads}), datatype=XSD.integer)))
    type_iri = ox.NamedNode(str(RDF.type))
    typed = Counter(q.object.value for q in quads if q.predicate == type_iri)
    entities = {q.subject for q in quads if q.predicate == type_iri and q.subject.value.startswith(base + "id/")}
    g.add((ds, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(typed), datatype=XSD.integer)))
    for example in (
        "azerbaijan",
        "stepanakert",
        "bishkek-protocol",
        "2020-karabakh-war",
        "ilham-aliyev",
    ):
        g.add((ds, VOID.exampleResource, config.ID[example]))
    for cls, count in sorted(typed.items()):
        if cls.startswith(str(config.KGO)):
            part = URIRef(f"{ds}/class/{cls[len(str(config.KGO)) :]}")
            g.add((ds, VOID.classPartition, part))
            g.add((part, VOID["class"], URIRef(cls)))
            g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    per_graph = Counter(str(q.graph_name.value) for q in quads)
    for name, count in sorted(per_graph.items()):
        subset = URIRef(name)
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
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
    named_graphs: dict[URIRef, Graph],
    extra_files: dict[str, bytes],
) -> dict:
    """Write every dump into ``directory``; return the manifest."""
    quads = canonical_quads(named_graphs)
    pre = prefixes()
    ox.serialize(quads, str(directory / "dataset.nq"), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(directory / "dataset.trig"), ox.RdfFormat.TRIG, prefixes=pre)
    with (
        (directory / "dataset.nq").open("rb") as src,
        (directory / "dataset.nq.gz").open("wb") as raw,
    ):
        with gzip.GzipFile(filename="dataset.nq", mode="wb", fileobj=raw, mtime=0) as gz:
            shutil.copyfileobj(src, gz)
    graphs_dir = directory / "graphs"
    graphs_dir.mkdir()
    counts: dict[str, int] = {}
    for name in sorted(named_graphs):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name.value == str(name)]
        counts[str(name)] = len(triples)
        ox.serialize(triples, str(graphs_dir / graph_file_name(name)), ox.RdfFormat.TURTLE, prefixes=pre)
    for file_name, data in extra_files.items():
        (directory / file_name).write_bytes(data)
    files = sorted(p.name for p in directory.iterdir() if p.is_file())
    void = void_description(quads, files)
    (directory / "void.ttl").write_bytes(canonical_turtle(void))
    return {
        "version": sha256(directory / "dataset.nq"),
        "base": config.BASE,
        "triples": len(quads),
        "graphs": counts,
    }


def canonical_turtle(graph: Graph) -> bytes:
    """Turtle of a graph with no blank nodes, in sorted order (pyoxigraph's serialiser)."""
    quads = canonical_quads({URIRef(config.BASE + "tmp"): graph})
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=prefixes())


def publish(
    dist: Path,
    named_graphs: dict[URIRef, Graph],
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
