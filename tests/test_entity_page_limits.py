"""Large entities: an abridged page that says so and links to the rest, data documents that stay
complete (or say they are cut), and the in-process page queries (pyoxigraph terms read directly,
the store's hidden union graph never seen as a graph of the dataset).

The fixture is small, so the page caps are lowered here to make its entities "large".
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store_engines import UNION_GRAPH, OxigraphEngine
from kg.store_types import TermRows, oxigraph_term_to_json
from server import close_app, create_app, entity_view, linkeddata
from server.linkeddata import Term
from tests.linked_data_fixture import BASE, build_fixture_dist, iri, parse_html, queries_sent

KGO = BASE + "ontology/"
ENTITY = "opening-of-2020-offensive"  # facts with passages, a party's claim, reports, mentions


@pytest.fixture(scope="module")
def dist() -> Path:
    return build_fixture_dist()


@pytest.fixture(scope="module")
def app(dist: Path):
    app = create_app({"KG_DIST": dist, "KG_QUERY_PROCESSES": 1})
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """One assertion per part, one value per property, one mention: every entity is large."""
    monkeypatch.setattr(entity_view, "ASSERTIONS_SHOWN", 1)
    monkeypatch.setattr(entity_view, "ROWS_SHOWN", 1)
    monkeypatch.setattr(entity_view, "MENTIONS_SHOWN", 1)


def html(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return parse_html(response.text)


def assertions_about(dist: Path, name: str) -> set[str]:
    """Every assertion about an entity, straight from the store (the page's own definition)."""
    store = ox.Store.read_only(str(dist / "store"))
    query = f"""PREFIX kgo: <{KGO}>
SELECT DISTINCT ?a WHERE {{ ?a ?role <{iri(name)}> ; kgo:statedIn ?doc .
  FILTER(?role NOT IN (kgo:claimant, kgo:statedIn, kgo:contradicts)) }}"""
    return {row["a"].value for row in store.query(query, default_graph=ox.NamedNode(UNION_GRAPH))}


def facts(tree) -> list:
    return [dd for dd in tree.find_all("dd", cls="statement") if "fact" in dd.classes]


# --- pages ----------------------------------------------------------------------------------------


def test_an_ordinary_entitys_page_is_whole(client) -> None:
    for name in (ENTITY, "stepanakert", "azerbaijan"):
        tree = html(client, f"/page/{name}")
        assert tree.by_id("abridged") is None, name
        assert not tree.find_all("a", cls="show-all"), name


def test_a_large_entitys_page_is_abridged_and_links_to_the_rest(client, small_caps) -> None:
    tree = html(client, f"/page/{ENTITY}")
    notice = tree.by_id("abridged")
    assert notice is not None
    assert notice.find("a", cls="show-all").attrs["href"] == f"/page/{ENTITY}?show=all"
    assert notice.find("a", cls="sparql-all").attrs["href"].startswith("/sparql?query=")
    assert {a.attrs["href"] for a in notice.find_all("a", type="text/turtle")} == {f"/data/{ENTITY}.ttl"}
    reports = tree.by_id("reports")
    assert len(reports.find_all("li", cls="report")) == 1
    assert reports.find("p", cls="more").find("a", cls="show-all") is not None
    hub = html(client, "/page/azerbaijan")
    more = hub.find("dd", cls="more-rows")
    assert more is not None and more.find("a", cls="show-all").attrs["href"] == "/page/azerbaijan?show=all"
    for group in [*tree.find_all("div", cls="property-group"), *hub.find_all("div", cls="property-group")]:
        assert len(group.find_all("dd", cls="statement")) <= 1
    mentions = hub.by_id("mentions")
    assert len(mentions.find_all("a", cls="mention-link")) == 1
    assert "the first 1 are listed" in " ".join(mentions.find("p", cls="more").text().split())


def test_show_all_lifts_the_caps(client, small_caps) -> None:
    full = html(client, f"/page/{ENTITY}?show=all")
    assert full.by_id("abridged") is None and not full.find_all("a", cls="show-all")
    abridged = html(client, f"/page/{ENTITY}")
    quotes = {q.text() for q in full.find_all("blockquote")}
    assert {q.text() for q in abridged.find_all("blockquote")} < quotes
    assert "Azerbaijan’s claims that Armenia attacked first" in quotes


def fact_passages(tree) -> dict[tuple[str, str], set[str]]:
    """(property, value) -> the quotes shown with that fact."""
    return {
        (dd.parent.attrs["data-property"], dd.find("span", cls="value").text().strip()): {
            q.text() for q in dd.find_all("blockquote")
        }
        for dd in facts(tree)
        if dd.find(cls="badge-inferred") is None
    }


@pytest.mark.parametrize("name", [ENTITY, "azerbaijan"])
def test_an_abridged_page_shows_a_fact_with_all_its_passages_or_not_at_all(client, small_caps, name: str) -> None:
    abridged = fact_passages(html(client, f"/page/{name}"))
    full = fact_passages(html(client, f"/page/{name}?show=all"))
    assert set(abridged) < set(full)
    for key, quotes in abridged.items():
        assert quotes == full[key], key


def test_a_claim_left_out_is_not_shown_as_a_fact(client, small_caps) -> None:
    """Armenia as attacker is Azerbaijan's claim: shown as a claim or not at all."""
    tree = html(client, f"/page/{ENTITY}")
    for dd in facts(tree):
        if dd.parent.attrs.get("data-property") == KGO + "attacker":
            assert dd.find("span", cls="value").text().strip() != "Armenia"
    claims = [dd for dd in tree.find_all("dd", cls="statement") if "claim" in dd.classes]
    assert all(dd.find(cls="badge-claim") is not None for dd in claims)


def test_a_hub_page_costs_a_bounded_number_of_queries(app, client, small_caps) -> None:
    """Capped or not, a page asks the store the same few questions, each bound to the entity."""
    with queries_sent(app) as seen:
        assert client.get(f"/page/{ENTITY}").status_code == 200
    assert 4 <= len(seen) <= 9
    assert all(f"<{iri(ENTITY)}>" in q or "VALUES ?" in q for q in seen)


# --- data documents --------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["jsonld", "ttl"])
def test_the_data_of_an_abridged_page_lists_every_assertion(client, dist: Path, small_caps, extension: str) -> None:
    response = client.get(f"/data/{ENTITY}.{extension}")
    assert response.status_code == 200 and linkeddata.TRUNCATED_HEADER not in response.headers
    fmt = ox.RdfFormat.JSON_LD if extension == "jsonld" else ox.RdfFormat.TURTLE
    quads = list(ox.parse(response.data, format=fmt))
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    expected = assertions_about(dist, ENTITY)
    assert len(expected) > 1 and expected <= subjects
    quotes = {q.object.value for q in quads if q.predicate.value.endswith("#anchorOf")}
    assert "Azerbaijan’s claims that Armenia attacked first" in quotes


def test_a_data_document_cut_at_the_limit_says_so(client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkeddata, "DESCRIPTION_LIMIT", 1)
    response = client.get(f"/data/{ENTITY}.ttl")
    assert response.status_code == 200
    assert response.headers[linkeddata.TRUNCATED_HEADER] == "true"


# --- in-process page queries ----------------------------------------------------------------------


def test_page_queries_never_see_the_union_graph_as_a_graph(app) -> None:
    """Native queries run without the named-graph list (its cost grows with the graphs); the
    hidden union graph they could then see is dropped, so a triple's graphs stay its real ones."""
    with app.test_request_context("/"):
        rows = linkeddata.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{iri('stepanakert')}> ?p ?o }} }}")
    graphs = {row["g"].value for row in rows}
    assert graphs and UNION_GRAPH not in graphs
    assert BASE + "graph/inferred" in graphs


def test_native_rows_are_the_same_terms_as_sparql_json(dist: Path) -> None:
    engine = OxigraphEngine(str(dist / "store"))
    query = f"SELECT ?p ?o WHERE {{ <{iri('stepanakert')}> ?p ?o }}"
    native = engine.query(query, trusted=True, native=True)
    assert isinstance(native, TermRows)
    json_rows = engine.query(query).bindings
    assert len(native.rows) == len(json_rows) > 0
    from_native = {tuple(Term.from_ox(t) for t in row) for row in native.rows}
    from_json = {(Term.from_json(b["p"]), Term.from_json(b["o"])) for b in json_rows}
    assert from_native == from_json
    for term in (
        ox.Literal("5.000", language="en"),
        ox.Literal("1994-05-05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ox.Literal("plain"),
        ox.BlankNode("b0"),
        ox.NamedNode(iri("x")),
    ):
        assert Term.from_ox(term) == Term.from_json(oxigraph_term_to_json(term))
    assert engine.query(query, native=True).form == "select"  # untrusted: never native
    assert not isinstance(engine.query(query, native=True), TermRows)
