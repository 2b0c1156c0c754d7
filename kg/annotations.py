"""Load the curated annotations and check them before anything is built.

Annotations are written by people, so every mistake must come back as a
message naming the file, the item and what to do, all of them at once rather
than one per build. The JSON Schema (kg/annotation.schema.json) checks the
shape of each file; this module checks what a schema cannot: ids that must
exist, names that must not be shared, terms that must be in the ontology.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from kg import config

#: libyaml's safe loader where PyYAML was built with it (10x faster), else the Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The lists of a document file, in the order the build processes them.
ITEM_KINDS = (
    "statements",
    "tenures",
    "casualties",
    "losses",
    "holdings",
    "transfers",
    "measurements",
)

#: Keys of an item that name entities (checked to exist).
ENTITY_KEYS = (
    "s", "o", "by", "cites", "holder", "position", "event", "side", "system",
    "operator", "supplier", "recipient", "entity",
)  # fmt: skip


class AnnotationError(ValueError):
    """One or more problems in the annotation files, each on its own line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the annotations:\n  " + "\n  ".join(problems))


@dataclass
class Item:
    """One annotated item (a statement, a casualty figure, ...) and where it was written."""

    kind: str
    data: dict[str, Any]
    source: str  # "seeds/annotations/000-a.yaml: statements[3]", for messages
    reviewed: bool = True  # False in a `kg ingest` draft a person has not yet marked reviewed

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Document:
    """A source text with its metadata and everything annotated about it."""

    id: str
    text: str
    metadata: dict[str, Any]
    author: str | None = None
    items: list[Item] = field(default_factory=list)
    #: New entities a draft proposes: id -> (entity, where it was written)
    entities: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)


@dataclass
class Corpus:
    entities: dict[str, dict[str, Any]]
    entity_sources: dict[str, str]
    documents: dict[str, Document]


def _schema() -> dict:
    return json.loads(config.SCHEMA_FILE.read_text(encoding="utf-8"))


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(config.ROOT))
    except ValueError:
        return str(path)


def read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{_rel(path)}: cannot read: {exc}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(f"{_rel(path)}:{where}: invalid YAML: {getattr(exc, 'problem', exc)}")
    return None


def check_schema(data: Any, definition: str, path: Path, problems: list[str]) -> bool:
    """Check ``data`` against one ``$defs`` entry; report every error, not just the first."""
    schema = _schema()
    validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", **schema})
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        problems.append(f"{_rel(path)}: {where}: {error.message}")
    return not errors


def _normalise_dates(value: Any) -> Any:
    """YAML reads 2020-09-27 as a date; the format keeps dates as text of a precision."""
    if isinstance(value, dict):
        return {k: _normalise_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_dates(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


def load_entities(directory: Path, problems: list[str]) -> tuple[dict[str, dict], dict[str, str]]:
    entities: dict[str, dict] = {}
    sources: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _normalise_dates(read_yaml(path, problems))
        if data is None or not check_schema(data, "entities_file", path, problems):
            continue
        for index, entity in enumerate(data["entities"]):
            where = f"{_rel(path)}: entities[{index}] ({entity['id']})"
            if entity["id"] in entities:
                problems.append(f"{where}: id already used in {sources[entity['id']]}")
                continue
            entities[entity["id"]] = entity
            sources[entity["id"]] = where
    return entities, sources


def names(entity: dict) -> list[str]:
    """Every name of an entity: its label first, then its aliases."""
    return [entity["label"], *entity.get("aliases", [])]


def check_unique_names(entities: dict[str, dict], sources: dict[str, str], problems: list[str]) -> None:
    """One resource per real-world thing: no two entities share a name unless declared distinct."""
    owners: dict[str, list[str]] = defaultdict(list)
    for eid, entity in entities.items():
        for name in {n.casefold() for n in names(entity)}:
            owners[name].append(eid)
    for name, ids in sorted(owners.items()):
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                distinct = second in entities[first].get("distinct_from", []) or first in entities[second].get(
                    "distinct_from", []
                )
                if not distinct:
                    problems.append(
                        f"{sources[second]}: name {name!r} is also a name of {first!r} "
                        f"({sources[first]}); merge them, or add distinct_from"
                    )


def load_metadata(directory: Path, problems: list[str]) -> dict[str, dict]:
    metadata = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _normalise_dates(read_yaml(path, problems))
        if data is not None and check_schema(data, "metadata_file", path, problems):
            metadata[str(data["id"])] = data
    return metadata


def read_text(path: Path, problems: list[str]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{_rel(path)}: cannot read the text: {exc}")
        return None


def load_documents(annotation_files: list[Path], metadata: dict[str, dict], problems: list[str]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for doc_id, meta in sorted(metadata.items()):
        text = read_text(config.SEEDS / meta["file"], problems)
        if text is not None:
            documents[doc_id] = Document(doc_id, text, meta)
    for path in annotation_files:
        data = _normalise_dates(read_yaml(path, problems))
        if data is None or not check_schema(data, "document_file", path, problems):
            continue
        doc = documents.get(str(data["document"]))
        if doc is None:
            problems.append(
                f"{_rel(path)}: document {data['document']!r} has no metadata file in {_rel(config.METADATA)}"
            )
            continue
        if doc.author and doc.author != data["author"]:
            problems.append(f"{_rel(path)}: author {data['author']!r} differs from {doc.author!r}")
        doc.author = data["author"]
        # Review status belongs to each file (a text may be annotated in several parts).
        reviewed = data.get("status", "reviewed") == "reviewed" and doc.metadata.get("status") != "draft"
        for index, entity in enumerate(data.get("entities", [])):
            doc.entities[entity["id"]] = (entity, f"{_rel(path)}: entities[{index}] ({entity['id']})")
        for kind in ITEM_KINDS:
            for index, item in enumerate(data.get(kind, [])):
                doc.items.append(Item(kind, item, f"{_rel(path)}: {kind}[{index}]", reviewed))
    return documents


def add_draft_entities(
    entities: dict[str, dict], sources: dict[str, str], documents: dict[str, Document], problems: list[str]
) -> None:
    """Entities a `kg ingest` draft proposes join the others, but may not redefine a curated one."""
    for doc in documents.values():
        for eid, (entity, where) in sorted(doc.entities.items()):
            if eid in entities:
                problems.append(f"{where}: id already used in {sources[eid]}; link to it instead")
                continue
            entities[eid] = {**entity, "no_mentions": True}
            sources[eid] = where


def check_references(corpus: Corpus, problems: list[str]) -> None:
    """Every id an item names must be an entity, every local id unique in its document."""
    entities = corpus.entities
    for doc in corpus.documents.values():
        for key in ("authors",):
            for eid in doc.metadata.get(key, []):
                if eid not in entities:
                    problems.append(f"metadata {doc.id}: unknown entity {eid!r} in {key}")
        for key in ("publisher", "dateline"):
            eid = doc.metadata.get(key)
            if eid and eid not in entities:
                problems.append(f"metadata {doc.id}: unknown entity {eid!r} in {key}")
        if doc.author and doc.author not in entities:
            problems.append(f"document {doc.id}: unknown author entity {doc.author!r}")
        local_ids: dict[str, str] = {}
        for item in doc.items:
            for key in ENTITY_KEYS:
                value = item.get(key)
                if value is not None and value not in entities and not (key == "o" and ":" in value):
                    problems.append(f"{item.source}: {key}: unknown entity {value!r}")
            if "id" in item.data:
                if item["id"] in local_ids:
                    problems.append(f"{item.source}: id {item['id']!r} also used at {local_ids[item['id']]}")
                local_ids[item["id"]] = item.source
            if item.kind == "statements" and ("o" in item.data) == ("value" in item.data):
                problems.append(f"{item.source}: give exactly one of 'o' (an entity) or 'value' (a literal)")
    for eid, entity in entities.items():
        for key in ("publisher",):
            if entity.get(key) and entity[key] not in entities:
                problems.append(f"{corpus.entity_sources[eid]}: {key}: unknown entity {entity[key]!r}")
        for other in entity.get("distinct_from", []) + entity.get("authors", []):
            if other not in entities:
                problems.append(f"{corpus.entity_sources[eid]}: unknown entity {other!r}")


def annotation_files(directory: Path) -> list[Path]:
    """The document annotation files: curated ones, then `kg ingest` drafts."""
    return sorted(directory.glob("*.yaml")) + sorted((directory / "drafts").glob("*.yaml"))


def load_corpus(annotations: Path = config.ANNOTATIONS, metadata_dir: Path = config.METADATA) -> Corpus:
    """Load and check everything; raise AnnotationError listing every problem found."""
    problems: list[str] = []
    entities, sources = load_entities(annotations / "entities", problems)
    check_unique_names(entities, sources, problems)
    metadata = load_metadata(metadata_dir, problems)
    documents = load_documents(annotation_files(annotations), metadata, problems)
    add_draft_entities(entities, sources, documents, problems)
    corpus = Corpus(entities, sources, documents)
    check_references(corpus, problems)
    if problems:
        raise AnnotationError(problems)
    return corpus
