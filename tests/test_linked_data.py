"""Cool URIs: 303s and content negotiation, data documents and their headers, the
vocabulary, 404s, VoID and downloads; with Flask's test client, then over HTTP
against a real gunicorn."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from server import close_app, create_app
from tests.linked_data_fixture import BASE, build_fixture_dist, iri, parse_html
from tests.sparql_support import kg_server

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
FORMATS = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NIF_ANCHOR = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def dist() -> Path:
    return build_fixture_dist()


@pytest.fixture(scope="module")
def client(dist: Path):
    app = create_app({"KG_DIST": dist, "KG_QUERY_PROCESSES": 1})
    yield app.test_client()
    close_app(app)


def triples(body: bytes, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]


# --- 303 See Other by Accept ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        (BROWSER, "/page/stepanakert"),
        ("text/html", "/page/stepanakert"),
        (None, "/page/stepanakert"),
        ("*/*", "/page/stepanakert"),
        ("text/turtle", "/data/stepanakert.ttl"),
        ("application/ld+json", "/data/stepanakert.jsonld"),
        ("application/n-triples", "/data/stepanakert.nt"),
        ("application/rdf+xml", "/data/stepanakert.rdf"),
        ("text/turtle;q=0.5, application/ld+json", "/data/stepanakert.jsonld"),
        ("text/html;q=0.1, application/n-triples;q=0.9, text/turtle;q=0.3", "/data/stepanakert.nt"),
    ],
)
def test_an_iri_answers_303_to_the_document_accept_prefers(client, accept: str | None, target: str) -> None:
    response = client.get("/id/stepanakert", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == target
    assert response.headers["Vary"] == "Accept"


def test_nothing_acceptable_is_406(client) -> None:
    response = client.get("/id/stepanakert", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "/data/stepanakert.ttl" in response.text


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_data_documents_describe_the_entity_with_its_assertions_and_evidence(client, extension: str) -> None:
    media_type, fmt = FORMATS[extension]
    url = f"/data/stepanakert.{extension}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Location"] == url
    link = response.headers["Link"]
    for other, (other_type, _) in FORMATS.items():
        if other != extension:
            assert f'</data/stepanakert.{other}>; rel="alternate"; type="{other_type}"' in link
    assert '</page/stepanakert>; rel="alternate"; type="text/html"' in link
    graph = triples(response.data, fmt)
    subject = ox.NamedNode(iri("stepanakert"))
    assert ox.Triple(subject, ox.NamedNode(RDFS_LABEL), ox.Literal("Stepanakert", language="en")) in graph
    # incoming, assertions about it, and their evidence passages come along
    assert any(t.object == subject and t.predicate.value.endswith("measuredEntity") for t in graph)
    quotes = {t.object.value for t in graph if t.predicate.value == NIF_ANCHOR}
    assert "Stepanakert/Khankendi was estimated at 75,000" in quotes


def test_data_documents_are_conditional_on_the_dataset_version(client) -> None:
    first = client.get("/data/stepanakert.ttl")
    again = client.get("/data/stepanakert.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_iris_are_404_with_a_search_for_people_and_text_for_programs(client) -> None:
    page = client.get("/id/no-such-place", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.mimetype == "text/html"
    tree = parse_html(page.text)
    form = tree.find("form", id="search")
    assert form is not None and form.attrs["action"] == "/search"
    assert form.find("input", name="q").attrs["value"] == "no such place"
    program = client.get("/id/no-such-place", headers={"Accept": "text/turtle"})
    assert program.status_code == 404 and program.mimetype == "text/plain"
    assert client.get("/data/no-such-place.ttl").status_code == 404
    assert client.get("/page/no-such-place").status_code == 404
    assert client.get("/data/stepanakert.exe").status_code == 404


# --- the vocabulary, the dataset and its graphs --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "page", "data"),
    [
        ("/ontology/State", "/page/ontology/State", "/data/ontology/State.ttl"),
        ("/ontology/attacker", "/page/ontology/attacker", "/data/ontology/attacker.ttl"),
        ("/concept/killed", "/page/concept/killed", "/data/concept/killed.ttl"),
        ("/ontology", "/page/ontology", "/data/ontology.ttl"),
        ("/dataset", "/page/dataset", "/data/dataset.ttl"),
        ("/graph/doc/000", "/page/graph/doc/000", "/data/graph/doc/000.ttl"),
    ],
)
def test_vocabulary_and_dataset_iris_dereference_like_entities(client, path: str, page: str, data: str) -> None:
    html = client.get(path, headers={"Accept": BROWSER})
    assert (html.status_code, html.headers["Location"]) == (303, page)
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert (turtle.status_code, turtle.headers["Location"]) == (303, data)
    assert client.get(page).status_code == 200
    document = client.get(data)
    assert document.status_code == 200
    assert ox.NamedNode(BASE + path.lstrip("/")) in {t.subject for t in triples(document.data, ox.RdfFormat.TURTLE)}


def test_unknown_terms_are_404(client) -> None:
    assert client.get("/ontology/NoSuchClass", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/page/ontology/NoSuchClass").status_code == 404


def test_the_whole_ontology_as_turtle_is_the_build_file(client, dist: Path) -> None:
    assert client.get("/data/ontology.ttl").data == (dist / "ontology.ttl").read_bytes()
    as_nt = triples(client.get("/data/ontology.nt").data, ox.RdfFormat.N_TRIPLES)
    assert len(as_nt) == len(triples((dist / "ontology.ttl").read_bytes(), ox.RdfFormat.TURTLE))


# --- VoID and downloads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_void_by_accept(client, path: str, extension: str) -> None:
    media_type, fmt = FORMATS[extension]
    response = client.get(path, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Location"] == f"/void.{extension}"
    graph = triples(response.data, fmt)
    space = [t.object.value for t in graph if t.predicate.value == VOID + "uriSpace"]
    assert space == [BASE + "id/"]


def test_void_defaults_to_turtle_for_programs_and_html_for_browsers(client) -> None:
    assert client.get("/void", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert client.get("/void", headers={"Accept": BROWSER}).mimetype == "text/html"


def test_every_url_the_void_gives_resolves_here(client) -> None:
    graph = triples(client.get("/void.ttl").data, ox.RdfFormat.TURTLE)
    wanted = {VOID + "dataDump", VOID + "sparqlEndpoint", VOID + "rootResource", VOID + "exampleResource"}
    urls = {t.object.value for t in graph if t.predicate.value in wanted}
    assert any(u.endswith("/download/dataset.nq") for u in urls)
    dumps = [u for u in urls if "/download/" in u]
    assert any("/download/graphs/" in u for u in dumps)
    for url in sorted(urls):
        assert url.startswith(BASE)
        path = "/" + url[len(BASE) :]
        response = client.get(path, headers={"Accept": "text/turtle"})
        if path.startswith("/id/") and not client.get(path.replace("/id/", "/data/", 1) + ".ttl").status_code == 200:
            continue  # an example the fixture data does not have
        assert response.status_code in (200, 303), (path, response.status_code)


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("dataset.trig", "application/trig"),
        ("dataset.nq", "application/n-quads"),
        ("dataset.nq.gz", "application/gzip"),
        ("ontology.ttl", "text/turtle"),
        ("shapes.ttl", "text/turtle"),
        ("void.ttl", "text/turtle"),
        ("graphs/doc-000.ttl", "text/turtle"),
        ("graphs/inferred.ttl", "text/turtle"),
    ],
)
def test_downloads_have_media_type_etag_and_file_name(client, dist: Path, name: str, media_type: str) -> None:
    import json

    version = json.loads((dist / "manifest.json").read_text())["version"]
    response = client.get(f"/download/{name}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.headers["ETag"] == f'"{version}"'
    assert response.headers["Content-Disposition"] == f"attachment; filename={name.rsplit('/', 1)[-1]}"
    assert response.data == (dist / name).read_bytes()
    assert client.get(f"/download/{name}", headers={"If-None-Match": f'"{version}"'}).status_code == 304


def test_download_index_and_refusals(client) -> None:
    index = parse_html(client.get("/download/").text)
    links = {a.attrs["href"] for a in index.find("table", id="downloads").find_all("a")}
    assert "/download/dataset.trig" in links and "/download/dataset.nq.gz" in links
    assert client.get("/download/../kg/config.py").status_code == 404
    assert client.get("/download/store").status_code == 404
    assert client.get("/download/graphs/nothing.ttl").status_code == 404


# --- over HTTP, against gunicorn -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(dist: Path):
    with kg_server(["--dist", str(dist), "--workers", "1", "--threads", "4"]) as base:
        yield base


def test_over_http_303_then_data(server: str) -> None:
    response = requests.get(
        server + "/id/stepanakert", headers={"Accept": "text/turtle"}, allow_redirects=False, timeout=30
    )
    assert response.status_code == 303 and response.headers["Location"] == "/data/stepanakert.ttl"
    followed = requests.get(server + "/id/stepanakert", headers={"Accept": "text/turtle"}, timeout=30)
    assert followed.status_code == 200 and followed.headers["Content-Type"].startswith("text/turtle")
    assert followed.url == server + "/data/stepanakert.ttl"
    assert iri("stepanakert") in followed.text or "id:stepanakert" in followed.text


def test_over_http_pages_carry_security_headers(server: str) -> None:
    response = requests.get(server + "/id/stepanakert", headers={"Accept": BROWSER}, timeout=30)
    assert response.status_code == 200 and response.url == server + "/page/stepanakert"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith(("script-src", "default-src")))
    assert "unsafe-inline" not in script_src
    assert "unsafe-inline" not in csp
    assert "Stepanakert" in response.text


def test_over_http_404_page_and_downloads(server: str) -> None:
    missing = requests.get(server + "/id/atlantis", headers={"Accept": BROWSER}, timeout=30)
    assert missing.status_code == 404 and 'id="search"' in missing.text
    dump = requests.get(server + "/download/dataset.nq.gz", timeout=30)
    assert dump.status_code == 200 and dump.headers["Content-Type"] == "application/gzip"
    assert dump.content[:2] == b"\x1f\x8b"
    void = requests.get(server + "/.well-known/void", headers={"Accept": "application/ld+json"}, timeout=30)
    assert void.status_code == 200 and void.headers["Content-Type"].startswith("application/ld+json")


@pytest.mark.parametrize(
    ("iri", "safe"),
    [
        ("https://w3id.org/karabakh-kg/id/azerbaijan", True),
        ("https://example.org/ünïcode", True),
        *((f"https://example.org/a{c}b", False) for c in '<>"{}|^`\\ \n\r\t\x00\x1f'),
    ],
)
def test_only_iris_that_cannot_break_out_of_a_query_are_written_into_one(iri: str, safe: bool) -> None:
    from server.linkeddata import iri_ref, is_safe_iri

    assert is_safe_iri(iri) is safe
    if safe:
        assert iri_ref(iri) == f"<{iri}>"
