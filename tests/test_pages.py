"""The pages people read: entities with their evidence, documents with addressable passages,
search, classes, timeline, disputes, the ontology; and that nothing from the data runs as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from server import close_app, create_app
from server.document_view import Span, render
from tests.linked_data_fixture import BASE, build_fixture_dist, iri, parse_html, queries_sent

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def app():
    app = create_app({"KG_DIST": build_fixture_dist(), "KG_QUERY_PROCESSES": 1})
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.mimetype == "text/html"
    return parse_html(response.text)


# --- entity pages ----------------------------------------------------------------------------------


def test_entity_page_header_names_types_and_twins(client) -> None:
    response = client.get("/page/stepanakert")
    tree = parse_html(response.text)
    assert tree.find("h1").text() == "Stepanakert"
    assert [a.attrs["href"] for a in tree.find("p", cls="types").find_all("a", cls="type")] == [
        "/page/ontology/Settlement"
    ]
    assert "Khankendi" in tree.find("p", cls="aliases").text()
    assert "Capital of the Republic of Artsakh" in tree.find("p", cls="definition").text()
    formats = {a.attrs["href"] for a in tree.find("nav", cls="formats").find_all("a")}
    assert formats == {f"/data/stepanakert.{e}" for e in ("ttl", "jsonld", "nt", "rdf")}
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


def statement(tree, prop: str, value_text: str):
    """The <dd> of a statement under property ``prop`` whose value reads ``value_text``."""
    group = tree.find("div", cls="property-group", data_property=BASE + "ontology/" + prop)
    assert group is not None, prop
    for dd in group.find_all("dd"):
        value = dd.find("span", cls="value")
        if value is not None and value.text().strip() == value_text:
            return dd
    raise AssertionError(f"no {prop} {value_text!r}")


def test_a_fact_shows_its_passage_claimant_and_link_to_the_passage(client) -> None:
    tree = page(client, "/page/opening-of-2020-offensive")
    fact = statement(tree.by_id("statements"), "attacker", "Azerbaijan")
    assert "fact" in fact.classes
    quote = fact.find("blockquote")
    assert quote.text() == "In the opening round of fighting on early Sunday morning, the Azerbaijani attacks"
    assert "Unknown author of the Yerevan analysis" in fact.find(cls="claimant").text()
    passage = fact.find("a", cls="passage")
    assert passage.attrs["href"] == "/page/doc/001#char=3718,3799"
    assert "passage" in passage.classes and "evidence" in passage.parent.parent.parent.classes


def test_a_partys_claim_is_shown_as_its_claim_never_as_fact(client) -> None:
    tree = page(client, "/page/opening-of-2020-offensive")
    claim = statement(tree.by_id("statements"), "attacker", "Armenia")
    assert "claim" in claim.classes and "fact" not in claim.classes
    assert claim.find(cls="badge-claim") is not None
    assert "Government of Azerbaijan" in claim.find(cls="claimed-by").text()
    assert "alleged" in claim.find(cls="claimed-by").text()
    assert claim.find("blockquote").text() == "Azerbaijan’s claims that Armenia attacked first"


def test_inferred_statements_are_marked(client) -> None:
    tree = page(client, "/page/stepanakert")
    inferred = statement(tree.by_id("statements"), "locatedIn", "Azerbaijan")
    assert "inferred" in inferred.classes and inferred.find(cls="badge-inferred") is not None
    asserted = statement(tree.by_id("statements"), "locatedIn", "Nagorno-Karabakh")
    assert "inferred" not in asserted.classes and asserted.find("blockquote") is not None


def test_reports_read_as_hedged_sentences_with_who_reports_them(client) -> None:
    tree = page(client, "/page/opening-of-2020-offensive")
    reports = [li.text() for li in tree.by_id("reports").find_all("li", cls="report")]
    civilian = next(r for r in reports if "civilian" in r)
    assert "at least 1 civilian of Armenia killed" in " ".join(civilian.split())
    assert "according to Unknown author of the Yerevan analysis" in " ".join(civilian.split())
    officials = next(r for r in reports if "32" in r)
    assert "according to Karabakh officials" in " ".join(officials.split())
    measurement = page(client, "/page/stepanakert").by_id("reports").text()
    assert "population of Stepanakert: approximately 75,000 persons" in " ".join(measurement.split())
    tenure = page(client, "/page/ilham-aliyev").by_id("reports").text()
    assert "Ilham Aliyev holds the position President of Azerbaijan" in " ".join(tenure.split())


def test_incoming_links_and_mentions(client) -> None:
    tree = page(client, "/page/azerbaijan")
    incoming = tree.by_id("incoming")
    assert incoming.find("a", href="/page/2020-azerbaijani-offensive") is not None
    mentions = tree.by_id("mentions")
    assert mentions.find("a", href="/page/doc/001#char=124,134") is not None


def test_the_neighbourhood_picture_links_the_neighbours(client) -> None:
    import xml.etree.ElementTree as ET

    tree = page(client, "/page/bishkek-protocol")
    svg = tree.by_id("neighbourhood").find("svg")
    assert svg is not None and svg.find("a", href="/page/russia") is not None
    response = client.get("/page/bishkek-protocol.svg")
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    hrefs = {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}
    assert {"/page/russia", "/page/armenia", "/page/first-karabakh-war"} <= hrefs


def test_entity_pages_only_run_queries_bound_to_the_entity(app, client) -> None:
    """No query of an entity page may scan the graph: each names the entity or binds VALUES."""
    client.get("/")  # the catalogue (whole-graph queries, once per version) is built
    with queries_sent(app) as seen:
        assert client.get("/page/azerbaijan").status_code == 200
    assert seen
    for sparql in seen:
        assert f"<{iri('azerbaijan')}>" in sparql or "VALUES ?" in sparql, sparql


# --- document pages ------------------------------------------------------------------------------------


def test_document_page_has_metadata_and_addressable_passages(client) -> None:
    response = client.get("/page/doc/001")
    tree = parse_html(response.text)
    assert "Azerbaijan launches offensive" in tree.find("h1").text()
    assert tree.find("dd", cls="author").text().startswith("unknown")
    date = tree.find("dd", cls="date").text()
    assert "28 September 2020" in date and "Monday 28 September 2020" in date
    assert tree.find("dd", cls="dateline").find("a", href="/page/yerevan") is not None
    text = tree.by_id("text")
    passage = text.by_id("char=3718,3799")
    assert passage.tag == "mark" and "evidence" in passage.classes
    assert passage.text() == "In the opening round of fighting on early Sunday morning, the Azerbaijani attacks"
    mention = text.find("a", cls="mention", href="/page/azerbaijan")
    assert mention is not None
    ids = [el.attrs["id"] for el in text.iter() if "id" in el.attrs]
    assert len(ids) == len(set(ids))


def test_the_document_text_is_the_source_text_unchanged(client, app) -> None:
    from tests.linked_data_fixture import ROOT

    tree = page(client, "/page/doc/001")
    source = next((ROOT / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    assert tree.by_id("text").text() == source


def test_crossing_passages_are_cut_into_nested_pieces() -> None:
    text = "abcdefghijklmnopqrst"
    spans = [
        Span(0, 10, "evidence", "char=0,10"),
        Span(5, 15, "evidence", "char=5,15"),
        Span(6, 8, "mention", "char=6,8", "/page/x", "X"),
        Span(6, 8, "mention", "char=6,8b", "/page/y", "Y"),
    ]
    html = render(text, spans)
    assert isinstance(html, Markup)
    tree = parse_html(str(html))
    assert tree.text() == text
    assert tree.by_id("char=0,10").text() == "abcdefghij"
    assert tree.by_id("char=5,15").text() == "fghij"
    cont = tree.find("mark", cls="cont")
    assert cont.attrs["data-ev"] == "char=5,15" and cont.text() == "klmno"
    assert all(a.tag != "a" for el in tree.find_all("a") for a in el.ancestors())  # no link inside a link


def test_the_assertions_of_a_document_link_to_their_passages(client) -> None:
    tree = page(client, "/page/doc/001")
    links = {a.attrs["href"] for a in tree.by_id("assertions").find_all("a", cls="passage")}
    assert "/page/doc/001#char=3203,3250" in links


# --- search ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Khankendi", "khank", "KHANKENDI", "Stepa"])
def test_search_finds_alternate_names_by_prefix_ignoring_case(client, q: str) -> None:
    results = client.get("/search.json", query_string={"q": q}).get_json()["results"]
    assert results and results[0]["iri"] == iri("stepanakert")
    assert results[0]["page"] == "/page/stepanakert"


def test_search_matches_the_start_of_any_word(client) -> None:
    results = client.get("/search.json?q=aliy").get_json()["results"]
    assert iri("ilham-aliyev") in [r["iri"] for r in results]


def test_search_page(client) -> None:
    tree = page(client, "/search?q=khankendi")
    form = tree.find("form", id="search")
    assert form.find("input", name="q").attrs["value"] == "khankendi"
    hit = tree.find("ol", cls="results").find("li", cls="hit")
    assert hit.find("a").attrs["href"] == "/page/stepanakert"
    assert "Khankendi" in hit.find(cls="matched").text()
    assert tree.find("ol", cls="results").find("li", cls="none") is None
    assert "Nothing has that name" in page(client, "/search?q=zzzqqq").find("ol", cls="results").text()


# --- home, classes --------------------------------------------------------------------------------------


def test_home_page_links_everywhere_and_has_a_search_box(client) -> None:
    tree = page(client, "/")
    assert tree.find("form", id="search").find("input", name="q") is not None
    hrefs = {a.attrs.get("href") for a in tree.by_id("explore").find_all("a")}
    assert {"/classes", "/timeline", "/disputes", "/sparql", "/shacl", "/download/", "/void"} <= hrefs
    stats = {div.find("dt").text(): div.find("dd").text() for div in tree.by_id("stats").find_all("div")}
    assert stats["source documents"] == "2"


def test_classes_with_counts(client) -> None:
    classes = {c["name"]: c["count"] for c in client.get("/classes.json").get_json()["classes"]}
    assert classes["Settlement"] == 2 and classes["Battle"] == 1
    assert classes["Event"] >= 4  # battles, wars, offensives... are events (inferred)
    tree = page(client, "/classes")
    row = tree.find("tr", data_class="Settlement")
    assert row.find("td", cls="count").text() == "2"
    assert row.find("a").attrs["href"] == "/class/Settlement"


def test_class_page_lists_its_instances(client) -> None:
    tree = page(client, "/class/Settlement")
    assert tree.by_id("instance-count").text() == "2"
    links = {a.attrs["href"] for a in tree.by_id("instances").find_all("a")}
    assert links == {"/page/stepanakert", "/page/yerevan"}
    assert page(client, "/page/ontology/Settlement").by_id("instances") is not None
    assert client.get("/class/NoSuchClass").status_code == 404


def test_ontology_page_documents_every_term_with_anchors(client) -> None:
    tree = page(client, "/page/ontology")
    assert tree.by_id("State") is not None and tree.by_id("attacker") is not None
    attacker = page(client, "/page/ontology/attacker")
    facts = attacker.find("dl", cls="term-facts").text()
    assert "participant" in facts  # its superproperty


# --- timeline, disputes ----------------------------------------------------------------------------------


def test_timeline_is_in_date_order_across_precisions(client) -> None:
    events = client.get("/timeline.json").get_json()["events"]
    whens = [e["when"] for e in events if e["when"]]
    assert whens == ["1988", "1994-05-05", "2020-09", "2020-09-27", "2020-09-27"]
    tree = page(client, "/timeline")
    items = tree.by_id("timeline").find_all("li", cls="event")
    assert [li.attrs["data-date"] for li in items][:3] == ["1988", "1994-05-05", "2020-09"]
    assert items[0].find("time").text() == "1988"
    assert items[1].find("time").text() == "5 May 1994"


def test_timeline_filters_by_type_and_participant(client) -> None:
    battles = client.get("/timeline.json?type=Battle").get_json()["events"]
    assert [e["iri"] for e in battles] == [iri("opening-of-2020-offensive")]
    russia = client.get("/timeline.json?participant=russia").get_json()["events"]
    assert [e["iri"] for e in russia] == [iri("bishkek-protocol")]
    tree = page(client, "/timeline?type=Offensive&participant=azerbaijan")
    labels = [li.find("a", cls="event-link").text() for li in tree.by_id("timeline").find_all("li", cls="event")]
    assert labels == ["2020 Azerbaijani offensive"]
    assert tree.find("select", name="type").find("option", value="Offensive").attrs.get("selected") is not None


def test_disputes_show_both_sides_with_their_evidence(client) -> None:
    disputes = client.get("/disputes.json").get_json()["disputes"]
    kinds = {d["kind"] for d in disputes}
    assert kinds == {"contradiction", "casualties", "contested"}
    contradiction = next(d for d in disputes if d["kind"] == "contradiction")
    quotes = {ev["quote"] for a in contradiction["assertions"] for ev in a["evidence"]}
    assert "Azerbaijan’s claims that Armenia attacked first" in quotes
    assert "In the opening round of fighting on early Sunday morning, the Azerbaijani attacks" in quotes
    figures = next(d for d in disputes if d["kind"] == "casualties")
    assert {a["claimantLabel"] for a in figures["assertions"]} == {
        "Karabakh officials",
        "Unknown author of the Yerevan analysis",
    }
    tree = page(client, "/disputes")
    article = tree.by_id("contradiction").find("article", cls="dispute")
    sides = article.find_all("div", cls="side")
    assert len(sides) == 2 and all(side.find("a", cls="passage") for side in sides)


# --- safety -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/page/mallory", "/page/armenia", "/search?q=mallory", "/page/doc/000", "/page/stepanakert"]
)
def test_markup_in_the_data_is_shown_as_text(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_markup_in_the_query_is_shown_as_text(client) -> None:
    response = client.get("/search", query_string={"q": SCRIPT})
    assert SCRIPT not in response.text and "&lt;script&gt;" in response.text
    missing = client.get("/id/" + "%3Cscript%3E", headers={"Accept": "text/html"})
    assert (
        missing.status_code == 404
        and SCRIPT not in missing.text
        and "<script>" not in missing.text.split("</head>", 1)[1]
    )


@pytest.mark.parametrize(
    "url", ["/", "/page/stepanakert", "/page/doc/000", "/timeline", "/search?q=a", "/page/ontology"]
)
def test_pages_carry_security_headers_and_no_inline_script(client, url: str) -> None:
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    tree = parse_html(response.text)
    for script in tree.find_all("script"):
        assert script.attrs.get("src") and not script.text().strip()
    assert not [el for el in tree.iter() if "style" in el.attrs or any(k.startswith("on") for k in el.attrs)]


def test_pages_work_under_another_base_path(client) -> None:
    """Links are server paths, so a page never points at the canonical w3id.org host."""
    tree = page(client, "/page/bishkek-protocol")
    hrefs = [a.attrs.get("href", "") for a in tree.by_id("entity").find_all("a")]
    assert not [h for h in hrefs if h.startswith(BASE)]


def test_fixture_is_small_enough_to_stay_fast(app) -> None:
    assert Path(app.config["KG_DIST"], "dataset.nq").stat().st_size < 5_000_000


def test_pages_work_on_a_minimal_build_and_never_link_javascript(sample_dist: Path) -> None:
    """A dist/ without ontology, VoID or document texts (the endpoint tests' sample) still serves pages."""
    app = create_app({"KG_DIST": sample_dist, "KG_QUERY_PROCESSES": 1})
    try:
        client = app.test_client()
        response = client.get("/page/evil")
        assert response.status_code == 200
        tree = parse_html(response.text)
        assert not [a for a in tree.find_all("a") if a.attrs.get("href", "").lower().startswith("javascript")]
        assert "&lt;script&gt;" in response.text and "<script>alert" not in response.text
        for url in ("/", "/search?q=azer", "/classes", "/timeline", "/disputes", "/page/azerbaijan"):
            assert client.get(url).status_code == 200, url
        assert client.get("/search.json?q=azer").get_json()["results"][0]["label"] == "Azerbaijan"
    finally:
        close_app(app)


def test_the_memory_backend_serves_the_same_pages(client) -> None:
    """On the rdflib backend the pages' own queries read the files through pyoxigraph in
    memory (rdflib took seconds per page): what a reader gets must not change."""
    memory = create_app({"KG_DIST": build_fixture_dist(), "KG_BACKEND": "memory", "KG_QUERY_PROCESSES": 1})
    try:
        other = memory.test_client()
        memory.extensions["kg_store"]._pool.call = _not_here  # no page query may reach rdflib
        for url in ("/page/azerbaijan", "/page/stepanakert", "/data/azerbaijan.ttl", "/page/no-such-entity"):
            ours, theirs = client.get(url), other.get(url)
            assert (theirs.status_code, theirs.data) == (ours.status_code, ours.data), url
    finally:
        close_app(memory)


def _not_here(*args, **kwargs):
    raise AssertionError("a page query went to the rdflib worker")
