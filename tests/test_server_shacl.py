"""GET and POST /shacl (server/shacl.py), on a tiny Flask app holding only the blueprint.

The app's DIST is a temporary folder with a report and a manifest made here,
so these tests do not depend on a build or on the rest of the server.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import flask
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg import config
from kg import validate as kv
from server.shacl import bp

CORPUS = Path(__file__).parent / "shapes_corpus"
VALID = (CORPUS / "valid.ttl").read_text(encoding="utf-8")
BROKEN = (CORPUS / "capital-value.class.ttl").read_text(encoding="utf-8")
VERSION = "v-test-123"
PREFIXES = """@prefix id: <https://w3id.org/karabakh-kg/id/> .
@prefix kgo: <https://w3id.org/karabakh-kg/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
#: A state whose demonym is a plain string (a violation) that looks like a script.
HOSTILE = PREFIXES + 'id:x a kgo:State ; rdfs:label "X"@en ; kgo:demonym "<script>alert(1)</script>" .\n'


def make_app(dist: Path, **settings: object) -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(DIST=dist, TESTING=True, **settings)
    app.register_blueprint(bp)
    return app


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ with a published report (one violation) and a manifest."""
    folder = tmp_path_factory.mktemp("dist")
    data = Graph().parse(data=VALID, format="turtle").parse(data=BROKEN, format="turtle")
    report = kv.validate(data)
    (folder / "shacl-report.ttl").write_text(kv.to_turtle(report), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"version": VERSION}), encoding="utf-8")
    return folder


@pytest.fixture
def client(dist: Path) -> flask.testing.FlaskClient:
    return make_app(dist, SHACL_MAX_BYTES=200_000, SHACL_TIMEOUT=60).test_client()


def report_of(response: flask.Response, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=response.get_data(as_text=True), format=fmt)


def conforms(graph: Graph) -> bool:
    return bool(next(graph.objects(None, SH.conforms)).toPython())


# --- GET ---------------------------------------------------------------------------------


def test_get_turtle_is_the_published_report_with_the_version_as_etag(client: flask.testing.FlaskClient) -> None:
    response = client.get("/shacl", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert VERSION in response.headers["ETag"]
    assert "Accept" in response.headers["Vary"]
    graph = report_of(response)
    assert not conforms(graph)
    assert (None, SH.sourceShape, config.KGS["capital-value"]) in graph
    assert (None, config.KGS.focusNodeCount, None) in graph
    again = client.get("/shacl", headers={"Accept": "text/turtle", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_get_without_accept_is_turtle(client: flask.testing.FlaskClient) -> None:
    response = client.get("/shacl", headers={"Accept": "*/*"})
    assert response.mimetype == "text/turtle"


def test_get_json_ld(client: flask.testing.FlaskClient) -> None:
    response = client.get("/shacl", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert (None, SH.sourceShape, config.KGS["capital-value"]) in report_of(response, "json-ld")


def test_get_html_shows_form_and_report(client: flask.testing.FlaskClient) -> None:
    response = client.get("/shacl", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<form" in page and 'name="data"' in page and 'type="file"' in page
    assert "kgs:capital-value" in page and "id:artsakh" in page
    assert "must be a settlement" in page
    assert "<script" not in page and " style=" not in page


def test_get_format_parameter(client: flask.testing.FlaskClient) -> None:
    assert client.get("/shacl?format=json-ld").mimetype == "application/ld+json"
    assert client.get("/shacl?format=pdf").status_code == 400


def test_get_unacceptable_type_is_406(client: flask.testing.FlaskClient) -> None:
    assert client.get("/shacl", headers={"Accept": "application/pdf"}).status_code == 406


def test_get_without_a_published_report(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    assert client.get("/shacl", headers={"Accept": "text/turtle"}).status_code == 404
    page = client.get("/shacl", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "No validation report has been published" in page.get_data(as_text=True)


# --- POST --------------------------------------------------------------------------------


def test_post_turtle_that_conforms(client: flask.testing.FlaskClient) -> None:
    response = client.post("/shacl", data=VALID, content_type="text/turtle")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/turtle"
    assert response.headers["Cache-Control"] == "no-store"
    assert conforms(report_of(response))


def test_post_turtle_with_a_violation(client: flask.testing.FlaskClient) -> None:
    response = client.post("/shacl", data=VALID + BROKEN.split("\n\n", 1)[1], content_type="text/turtle")
    graph = report_of(response)
    assert not conforms(graph)
    assert (None, SH.sourceShape, config.KGS["capital-value"]) in graph


@pytest.mark.parametrize("fmt", ["nt", "json-ld", "xml", "trig"])
def test_post_other_formats(client: flask.testing.FlaskClient, fmt: str) -> None:
    graph = Graph().parse(data=VALID, format="turtle")
    media_type = config.RDF_FORMATS[fmt][0]
    body = graph.serialize(format=fmt)
    if fmt == "trig":
        body = "{\n" + graph.serialize(format="nt") + "}\n"
    response = client.post("/shacl", data=body, content_type=media_type, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert conforms(report_of(response, "json-ld"))


def test_post_bad_syntax_is_400_with_line_and_column(client: flask.testing.FlaskClient) -> None:
    response = client.post("/shacl", data=PREFIXES + "id:a kgo:b id:c id:d .\n", content_type="text/turtle")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "line 4, column" in text
    assert "Traceback" not in text


def test_post_too_large_is_413(dist: Path) -> None:
    client = make_app(dist, SHACL_MAX_BYTES=1000).test_client()
    response = client.post("/shacl", data=VALID, content_type="text/turtle")
    assert response.status_code == 413
    form = client.post("/shacl", data={"data": VALID}, content_type="multipart/form-data")
    assert form.status_code == 413


def test_post_unsupported_media_type_is_415(client: flask.testing.FlaskClient) -> None:
    assert client.post("/shacl", data="hello", content_type="text/plain").status_code == 415
    assert client.post("/shacl", data=b"\x00").status_code == 415


def test_post_timeout_is_503(dist: Path) -> None:
    client = make_app(dist, SHACL_TIMEOUT=0.01).test_client()
    response = client.post("/shacl", data=VALID, content_type="text/turtle")
    assert response.status_code == 503
    assert "longer than" in response.get_data(as_text=True)


def test_post_with_inference(client: flask.testing.FlaskClient) -> None:
    response = client.post("/shacl?inference=rdfs", data=VALID, content_type="text/turtle")
    assert response.status_code == 200
    assert (None, config.KGS.inference, None) in report_of(response)
    assert "rdfs" in {str(o) for o in report_of(response).objects(None, config.KGS.inference)}
    assert client.post("/shacl?inference=magic", data=VALID, content_type="text/turtle").status_code == 400


def test_form_paste_answers_an_escaped_html_report(client: flask.testing.FlaskClient) -> None:
    response = client.post(
        "/shacl",
        data={"data": HOSTILE, "format": "turtle", "inference": "none"},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "kgs:demonym-value" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_form_upload_by_extension(client: flask.testing.FlaskClient) -> None:
    nt = Graph().parse(data=VALID, format="turtle").serialize(format="nt").encode()
    response = client.post(
        "/shacl",
        data={"file": (io.BytesIO(nt), "data.nt"), "format": "auto"},
        content_type="multipart/form-data",
        headers={"Accept": "text/turtle"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert conforms(report_of(response))


def test_form_errors_come_back_on_the_page(client: flask.testing.FlaskClient) -> None:
    empty = client.post("/shacl", data={"data": ""}, headers={"Accept": "text/html"})
    assert empty.status_code == 400
    assert "No data" in empty.get_data(as_text=True)
    bad = client.post("/shacl", data={"data": "@prefix x: <y> .\nx:a x:b"}, headers={"Accept": "text/html"})
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "line 2" in page and "<form" in page
