"""The /sparql endpoint through Flask's test client: protocol, formats, errors,
service description, query page, headers, safety."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kg import config
from server import close_app, create_app
from tests.sparql_support import NUMBERS
from tests.test_store import SLOW_QUERY

SD = "http://www.w3.org/ns/sparql-service-description#"
DOC1 = str(config.document_graph("001"))
STATES = f"SELECT ?s WHERE {{ ?s a <{config.KGO}State> }} ORDER BY ?s"
MAX_ROWS = 10


@pytest.fixture(scope="module")
def queries_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("queries")
    (directory / "01-states.rq").write_text(
        "# title: States <b>\n# description: Every state & its name.\n" + STATES + "\n", encoding="utf-8"
    )
    (directory / "02-untitled.rq").write_text("ASK {}\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def app(sample_dist: Path, queries_dir: Path):
    app = create_app(
        {
            "KG_DIST": sample_dist,
            "KG_MAX_ROWS": MAX_ROWS,
            "KG_QUERY_TIMEOUT": 2,
            "KG_QUERIES_DIR": queries_dir,
            "KG_MAX_QUERY_BYTES": 5000,
            "KG_BLUEPRINTS": [],
        }
    )
    yield app
    close_app(app)


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


def get(client: FlaskClient, query: str, accept: str | None = None, **params):
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


# --- the three ways of sending a query -------------------------------------------------------------


def test_get_post_form_and_post_direct_agree(client: FlaskClient) -> None:
    by_get = get(client, STATES)
    by_form = client.post("/sparql", data={"query": STATES})
    by_body = client.post("/sparql", data=STATES, content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.json == by_form.json == by_body.json
    assert [b["s"]["value"] for b in by_get.json["results"]["bindings"]] == [
        f"{config.ID}armenia",
        f"{config.ID}azerbaijan",
    ]


def test_protocol_dataset(client: FlaskClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = client.get("/sparql", query_string=[("query", count), ("default-graph-uri", DOC1)])
    assert response.json["results"]["bindings"][0]["n"]["value"] == str(NUMBERS)
    form = client.post("/sparql?default-graph-uri=" + quote(DOC1), data={"query": count})
    assert form.json == response.json


# --- formats ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt", "media_type", "parser"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", None, "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", None, "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        (None, "xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        (None, "tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_formats(client: FlaskClient, accept, fmt, media_type, parser) -> None:
    response = get(client, STATES, accept, **({"format": fmt} if fmt else {}))
    assert response.status_code == 200
    assert response.mimetype == media_type
    rows = list(ox.parse_query_results(response.data, parser))
    assert [row["s"].value for row in rows] == [f"{config.ID}armenia", f"{config.ID}azerbaijan"]


def test_csv(client: FlaskClient) -> None:
    response = get(client, STATES, "text/csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.get_data(as_text=True).splitlines() == ["s", f"{config.ID}armenia", f"{config.ID}azerbaijan"]


def test_ask(client: FlaskClient) -> None:
    assert get(client, "ASK { ?s ?p ?o }").json == {"head": {}, "boolean": True}
    xml = get(client, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert bool(ox.parse_query_results(xml.data, ox.QueryResultsFormat.XML)) is True


@pytest.mark.parametrize(
    ("accept", "fmt", "rdf_format"),
    [
        ("text/turtle", None, ox.RdfFormat.TURTLE),
        ("application/n-triples", None, ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", None, ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", None, ox.RdfFormat.RDF_XML),
        ("application/trig", None, ox.RdfFormat.TRIG),
        ("application/n-quads", None, ox.RdfFormat.N_QUADS),
        (None, "ttl", ox.RdfFormat.TURTLE),
        (None, "jsonld", ox.RdfFormat.JSON_LD),
        (None, "nq", ox.RdfFormat.N_QUADS),
    ],
)
def test_construct_formats(client: FlaskClient, accept, fmt, rdf_format) -> None:
    query = f"CONSTRUCT {{ ?s a <{config.KGO}State> }} WHERE {{ ?s a <{config.KGO}State> }}"
    response = get(client, query, accept, **({"format": fmt} if fmt else {}))
    assert response.status_code == 200
    assert response.mimetype == rdf_format.media_type
    assert len(list(ox.parse(response.data, format=rdf_format))) == 2


def test_describe(client: FlaskClient) -> None:
    response = get(client, f"DESCRIBE <{config.ID}armenia>", "application/n-triples")
    assert response.status_code == 200
    assert len(list(ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES))) >= 2


def test_q_values(client: FlaskClient) -> None:
    response = get(client, STATES, "application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1")
    assert response.mimetype == "text/csv"


def test_406_lists_what_is_offered(client: FlaskClient) -> None:
    response = get(client, STATES, "image/png")
    assert response.status_code == 406
    body = response.get_data(as_text=True)
    assert "application/sparql-results+json" in body and "text/turtle" in body
    construct = get(client, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert construct.status_code == 406
    assert "text/turtle" in construct.get_data(as_text=True)


def test_unknown_format(client: FlaskClient) -> None:
    response = get(client, STATES, format="yaml")
    assert response.status_code == 400 and "yaml" in response.get_data(as_text=True)


# --- errors -------------------------------------------------------------------------------------------


def test_syntax_error_gives_line_and_column(client: FlaskClient) -> None:
    response = get(client, "SELECT *\nWHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert re.search(r"line 2, column \d+", response.get_data(as_text=True))
    assert "Traceback" not in response.get_data(as_text=True)


def test_errors_in_json_when_preferred(client: FlaskClient) -> None:
    response = get(client, "SELECT", "application/json")
    assert response.status_code == 400
    assert response.json["status"] == 400 and "line 1" in response.json["message"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "ASK {}", "content_type": "text/plain"}, 415),
        ({"data": "ASK {}"}, 415),  # no Content-Type at all
        ({"data": "ASK {}", "content_type": "application/sparql-query; charset=UTF-16"}, 415),
        ({"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),  # not UTF-8
        ({"data": "x" * 6000, "content_type": "application/sparql-query"}, 413),
        ({"data": {"query": ["ASK {}", "ASK {}"]}}, 400),  # two queries
        ({"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ({"data": {"nothing": "here"}}, 400),
    ],
)
def test_bad_posts(client: FlaskClient, kwargs, status) -> None:
    response = client.post("/sparql", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype in ("text/plain", "application/json")


def test_bad_methods(client: FlaskClient) -> None:
    assert client.put("/sparql?query=ASK%20%7B%7D").status_code == 405
    assert client.get("/sparql", query_string=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert client.get("/sparql?update=CLEAR%20ALL").status_code == 400
    assert client.get("/update?update=CLEAR%20ALL").status_code == 405


def test_oversized_get(client: FlaskClient) -> None:
    response = get(client, "ASK {}" + " " * 6000)
    assert response.status_code == 413 and "limit" in response.get_data(as_text=True)


def test_timeout_is_a_readable_503(client: FlaskClient) -> None:
    response = get(client, SLOW_QUERY)
    assert response.status_code == 503
    assert "time limit" in response.get_data(as_text=True)
    assert get(client, "ASK {}").status_code == 200


def test_unknown_path_is_plain_text(client: FlaskClient) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404 and response.mimetype == "text/plain"


# --- safety -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "PREFIX r: <http://127.0.0.1:9/>\nSELECT * WHERE { FILTER EXISTS { SERVICE r:sparql { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o . sErViCe <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(client: FlaskClient, query: str) -> None:
    response = get(client, query)
    assert response.status_code == 400
    assert "allowlist" in response.get_data(as_text=True)


def test_a_comment_does_not_hide_or_fake_service(client: FlaskClient) -> None:
    # "SERVICE" only in a comment or a string: an ordinary query
    assert get(client, "SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' } # SERVICE <http://x/>").status_code == 200


def test_read_only_by_default(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 403
    assert client.post("/update", data="CLEAR ALL", content_type="application/sparql-update").status_code == 403
    assert (
        client.put(
            "/data?graph=http://ex/g", data="<http://ex/s> <http://ex/p> 1 .", content_type="text/turtle"
        ).status_code
        == 403
    )
    assert get(client, "ASK { ?s ?p ?o }").json["boolean"] is True


def test_truncation_is_signalled(client: FlaskClient) -> None:
    response = get(client, f"SELECT ?s WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}")
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert len(response.json["results"]["bindings"]) == MAX_ROWS
    page = get(client, f"SELECT ?s WHERE {{ GRAPH <{DOC1}> {{ ?s ?p ?o }} }}", format="html")
    assert f"Only the first {MAX_ROWS} rows" in page.get_data(as_text=True)
    assert "X-SPARQL-Truncated" not in get(client, STATES).headers


# --- headers --------------------------------------------------------------------------------------------


def test_security_headers_everywhere(client: FlaskClient) -> None:
    for response in (
        get(client, STATES),
        client.get("/sparql", headers={"Accept": "text/html"}),
        client.get("/nothing"),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    html = client.get("/sparql", headers={"Accept": "text/html"})
    assert "default-src 'none'" in html.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in html.headers["Content-Security-Policy"]


def test_cors(client: FlaskClient) -> None:
    assert get(client, STATES).headers["Access-Control-Allow-Origin"] == "*"
    assert client.post("/sparql", data={"query": STATES}).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_etag_and_304(client: FlaskClient) -> None:
    first = get(client, STATES)
    etag = first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"] and first.headers["Vary"] == "Accept"
    again = client.get("/sparql", query_string={"query": STATES}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    other_format = get(client, STATES, "text/csv")
    assert other_format.headers["ETag"] != etag
    posted = client.post("/sparql", data={"query": STATES})
    assert "ETag" not in posted.headers and posted.headers["Cache-Control"] == "no-store"


# --- service description --------------------------------------------------------------------------------


def description(client: FlaskClient, accept: str = "text/turtle", fmt=ox.RdfFormat.TURTLE) -> list[ox.Triple]:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == fmt.media_type
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.data, format=fmt)]


def objects(triples: list[ox.Triple], predicate: str) -> set[str]:
    return {t.object.value for t in triples if t.predicate.value == SD + predicate}


def test_service_description(client: FlaskClient, sample_dist: Path) -> None:
    triples = description(client)
    assert objects(triples, "endpoint") == {"http://localhost/sparql"}
    assert objects(triples, "supportedLanguage") == {SD + "SPARQL11Query"}
    assert objects(triples, "feature") == {SD + "UnionDefaultGraph"}  # no federation: no allowlist
    assert "http://www.w3.org/ns/formats/SPARQL_Results_TSV" in objects(triples, "resultFormat")
    assert "http://www.w3.org/ns/formats/JSON-LD" in objects(triples, "resultFormat")
    manifest = json.loads((sample_dist / "manifest.json").read_text())
    assert objects(triples, "name") == set(manifest["graphs"])
    inferred = next(
        t.subject for t in triples if t.predicate.value == SD + "name" and t.object.value == str(config.GRAPH_INFERRED)
    )
    regimes = {
        t.object.value for t in triples if t.subject == inferred and t.predicate.value == SD + "entailmentRegime"
    }
    assert regimes == {"http://www.w3.org/ns/entailment/OWL-RDF-Based"}


@pytest.mark.parametrize(
    ("accept", "fmt"), [("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/ld+json", ox.RdfFormat.JSON_LD)]
)
def test_service_description_formats(client: FlaskClient, accept, fmt) -> None:
    assert objects(description(client, accept, fmt), "endpoint") == {"http://localhost/sparql"}


def test_service_description_by_default(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "*/*"})
    assert response.mimetype == "text/turtle"


# --- the query page ----------------------------------------------------------------------------------------


def test_query_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<form class="query" method="get" action="/sparql">' in html
    assert f"PREFIX kgo: &lt;{config.KGO}&gt;" in html  # preloaded prefixes, escaped
    # nothing the Content-Security-Policy would block: no script, no inline style or handler
    assert "<script" not in html and " style=" not in html and not re.search(r"\son[a-z]+=", html)
    # examples, one click away, titles escaped
    assert "States &lt;b&gt;" in html and "Every state &amp; its name." in html
    assert "02-untitled" in html
    assert "format=html" in html


def test_results_page_escapes_and_links_safely(client: FlaskClient) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{config.ID}evil> ?p ?o }}"
    html = get(client, query, format="html").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "<script>" not in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
    assert 'href="http://www.w3.org/2000/01/rdf-schema#label"' in html  # IRIs link to themselves
    assert "rdfs:label" in html  # shown compacted
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in html  # download links


def test_browser_following_a_query_link_gets_html(client: FlaskClient) -> None:
    response = get(client, STATES, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert response.mimetype == "text/html"
    assert "azerbaijan" in response.get_data(as_text=True)


def test_error_on_the_page(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE {", format="html")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "could not be answered" in response.get_data(as_text=True)


# --- updates ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def writable(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("w") / "data.ttl"
    path.write_text("<http://ex/s> <http://ex/p> 1 .\n", encoding="utf-8")
    app = create_app(
        {
            "KG_BACKEND": request.param,
            "KG_DATA": [f"{path}=http://ex/g"],
            "KG_ENABLE_UPDATE": True,
            "KG_UPDATE_TOKEN": "s3cret",
            "KG_BLUEPRINTS": [],
        }
    )
    yield app.test_client()
    close_app(app)


TOKEN = {"Authorization": "Bearer s3cret"}


def test_update_needs_the_token(writable: FlaskClient) -> None:
    update = "INSERT DATA { GRAPH <http://ex/g> { <http://ex/s> <http://ex/p> 2 } }"
    missing = writable.post("/update", data=update, content_type="application/sparql-update")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = writable.post(
        "/update", data=update, content_type="application/sparql-update", headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    right = writable.post("/update", data=update, content_type="application/sparql-update", headers=TOKEN)
    assert right.status_code == 204
    count = get(writable, "SELECT (COUNT(*) AS ?n) WHERE { <http://ex/s> <http://ex/p> ?o }")
    assert count.json["results"]["bindings"][0]["n"]["value"] == "2"
    assert "ETag" not in count.headers  # the data can change


def test_update_by_form_with_using_graph_uri(writable: FlaskClient) -> None:
    response = writable.post(
        "/sparql?using-graph-uri=http%3A%2F%2Fex%2Fg",
        data={"update": "INSERT { GRAPH <http://ex/copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }"},
        headers=TOKEN,
    )
    assert response.status_code == 204, response.get_data(as_text=True)
    assert get(writable, "ASK { GRAPH <http://ex/copy> { <http://ex/s> <http://ex/p> 1 } }").json["boolean"]
    conflict = writable.post(
        "/sparql?using-graph-uri=http%3A%2F%2Fex%2Fg",
        data={"update": "WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        headers=TOKEN,
    )
    assert conflict.status_code == 400


def test_load_is_refused(writable: FlaskClient) -> None:
    response = writable.post(
        "/update", data="LOAD <http://127.0.0.1:9/x.ttl>", content_type="application/sparql-update", headers=TOKEN
    )
    assert response.status_code == 400 and "allowlist" in response.get_data(as_text=True)


def test_graph_store_protocol(writable: FlaskClient) -> None:
    graph = "/data?graph=" + quote("http://ex/gsp", safe="")
    assert writable.get(graph).status_code == 404
    assert writable.put(graph, data="<http://ex/a> <http://ex/b> 1 .", content_type="text/turtle").status_code == 401
    created = writable.put(graph, data="<http://ex/a> <http://ex/b> 1 .", content_type="text/turtle", headers=TOKEN)
    assert created.status_code == 201
    added = writable.post(
        graph, data='<http://ex/a> <http://ex/b> "2" .', content_type="application/n-triples", headers=TOKEN
    )
    assert added.status_code == 204
    body = writable.get(graph, headers={"Accept": "application/n-triples"})
    assert body.status_code == 200 and len(list(ox.parse(body.data, format=ox.RdfFormat.N_TRIPLES))) == 2
    replaced = writable.put(graph, data="<http://ex/a> <http://ex/b> 3 .", content_type="text/turtle", headers=TOKEN)
    assert replaced.status_code == 204
    assert (
        len(list(ox.parse(writable.get(graph, headers={"Accept": "text/turtle"}).data, format=ox.RdfFormat.TURTLE)))
        == 1
    )
    bad = writable.put(graph, data="not rdf", content_type="text/turtle", headers=TOKEN)
    assert bad.status_code == 400
    assert writable.put(graph, data="x", content_type="image/png", headers=TOKEN).status_code == 415
    assert writable.delete(graph, headers=TOKEN).status_code == 204
    assert writable.delete(graph, headers=TOKEN).status_code == 404
    assert writable.get("/data").status_code == 400
