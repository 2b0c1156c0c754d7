"""The dataset's files, and its VoID description, at the URLs its VoID gives.

``dist/void.ttl`` names its dumps and endpoint under the dataset's base
(``BASE + "download/dataset.nq"``, ``BASE + "sparql"``); this server serves
the base's paths, so those URLs resolve here: ``/download/dataset.nq``,
``/sparql``. Every file is sent as it was built, with its media type,
``ETag`` = the dataset version (a rebuild changes it), and a
``Content-Disposition`` naming the file. VoID is re-serialised by pyoxigraph
for formats other than Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, send_file

from server import negotiation as n
from server.linkeddata import DATA_FORMATS, choose, file_triples, not_acceptable, not_found, serialize, site

bp = Blueprint("downloads", __name__)


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    description: str


#: the files of the build offered for download (besides graphs/*.ttl)
FILES = (
    Download("dataset.trig", "application/trig", "The whole dataset, every named graph (TriG)."),
    Download("dataset.nq", "application/n-quads", "The whole dataset, every named graph (N-Quads)."),
    Download("dataset.nq.gz", "application/gzip", "The same N-Quads, gzip-compressed."),
    Download("ontology.ttl", "text/turtle", "The ontology and its SKOS concept schemes."),
    Download("shapes.ttl", "text/turtle", "The SHACL shapes the dataset is validated against."),
    Download("void.ttl", "text/turtle", "The VoID description: counts, vocabularies, dumps, endpoint."),
    Download("shacl-report.ttl", "text/turtle", "The SHACL validation report of this build."),
    Download("manifest.json", "application/json", "The build's version, base IRI and triple counts."),
)
BY_NAME = {d.name: d for d in FILES}
VOID_OFFERED: tuple[n.Format, ...] = (*DATA_FORMATS, n.HTML)


def _version() -> str:
    return site().version


def send(path: Path, media_type: str, name: str) -> Response:
    """A file of the build, conditional on its ETag (the dataset version)."""
    charset = "; charset=utf-8" if media_type.startswith("text/") or media_type.endswith(("trig", "n-quads")) else ""
    response = send_file(
        path,
        mimetype=media_type + charset,
        as_attachment=True,
        download_name=name,
        etag=_version(),
        conditional=True,
        max_age=current_app.config.get("KG_CACHE_MAX_AGE", 300),
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _graph_files() -> list[Path]:
    folder = site().dist / "graphs"
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


@bp.route("/download/")
def index() -> Response:
    dist = site().dist
    files = [(d, (dist / d.name).stat().st_size) for d in FILES if (dist / d.name).is_file()]
    graphs = [(p.name, p.stat().st_size) for p in _graph_files()]
    html = render_template("downloads.html", files=files, graphs=graphs, site=site())
    response = Response(html, mimetype="text/html")
    response.set_etag(_version())
    return response.make_conditional(request)


@bp.route("/download/<name>")
def download(name: str) -> Response:
    entry = BY_NAME.get(name)
    path = site().dist / name
    if entry is None or not path.is_file():
        return not_found(request.path)
    return send(path, entry.media_type, name)


@bp.route("/download/graphs/<name>")
def graph(name: str) -> Response:
    allowed = {p.name: p for p in _graph_files()}
    if name not in allowed:
        return not_found(request.path)
    return send(allowed[name], "text/turtle", name)


# --- VoID ------------------------------------------------------------------------------------------------


def void_path() -> Path:
    return site().dist / "void.ttl"


@bp.route("/.well-known/void")
@bp.route("/void")
def void() -> Response:
    """The VoID description in the format ``Accept`` asks for (Turtle by default; HTML for browsers)."""
    fmt = choose(VOID_OFFERED)
    if fmt is None:
        return not_acceptable(site().base + "dataset")
    if fmt is n.HTML:
        from server.pages import void_resource_page

        return void_resource_page(site().base + "dataset")
    return void_document(fmt, negotiated=True)


@bp.route("/void.<extension>")
def void_in(extension: str) -> Response:
    fmt = next((f for f in DATA_FORMATS if f.extension == extension), None)
    if fmt is None:
        return not_found(request.path)
    return void_document(fmt, negotiated=False)


def void_document(fmt: n.Format, negotiated: bool) -> Response:
    path = void_path()
    if not path.is_file():
        return not_found(request.path)
    body = path.read_bytes() if fmt is n.TURTLE else serialize(file_triples(path), fmt)
    response = Response(body, content_type=fmt.content_type)
    response.set_etag(f"{_version()}-{fmt.extension}")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Content-Location"] = f"/void.{fmt.extension}"
    links = [f'</void.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in DATA_FORMATS if f is not fmt]
    links.append(f'<{site().base}dataset>; rel="about"')
    response.headers["Link"] = ", ".join(links)
    if negotiated:
        response.headers["Vary"] = "Accept"
    return response.make_conditional(request)


def void_counts() -> dict[str, int]:
    """void:triples, void:entities... of the dataset, for the home page."""
    path = void_path()
    counts: dict[str, int] = {}
    dataset = ox.NamedNode(site().base + "dataset")
    for t in file_triples(path):
        if (
            t.subject == dataset
            and isinstance(t.object, ox.Literal)
            and t.predicate.value.startswith("http://rdfs.org/ns/void#")
        ):
            try:
                counts[t.predicate.value.rsplit("#", 1)[-1]] = int(t.object.value)
            except ValueError:
                continue
    return counts
