"""One resource per real-world thing: names are not shared, each thing has one canonical label."""

from __future__ import annotations

from tests.published import select


def test_no_two_resources_share_a_name_unless_declared_distinct():
    rows = select(
        """SELECT DISTINCT ?a ?b ?name WHERE {
             ?a rdfs:label|skos:altLabel ?n1 . ?b rdfs:label|skos:altLabel ?n2 .
             FILTER(STRSTARTS(STR(?a), STR(id:)) && STRSTARTS(STR(?b), STR(id:)) && STR(?a) < STR(?b))
             FILTER(!STRSTARTS(STR(?a), CONCAT(STR(id:), "assertion/")) && !CONTAINS(STR(?a), "#"))
             FILTER(LCASE(STR(?n1)) = LCASE(STR(?n2)))
             FILTER NOT EXISTS { ?a owl:differentFrom ?b } FILTER NOT EXISTS { ?b owl:differentFrom ?a }
             BIND(STR(?n1) AS ?name)
           }"""
    )
    assert not rows, "resources sharing a name: " + "; ".join(f"{r['a']} / {r['b']}: {r['name']}" for r in rows)


def test_every_entity_has_exactly_one_canonical_label():
    rows = select(
        """SELECT ?e (COUNT(DISTINCT ?label) AS ?n) WHERE {
             ?m kgo:denotes ?e . OPTIONAL { ?e rdfs:label ?label }
           } GROUP BY ?e HAVING (COUNT(DISTINCT ?label) != 1)"""
    )
    assert not rows, rows[:5]


def test_alternate_names_are_alt_labels():
    rows = select("SELECT ?alias WHERE { id:stepanakert skos:altLabel ?alias }")
    assert "Khankendi" in {r["alias"] for r in rows}
    rows = select("SELECT ?alias WHERE { id:republic-of-artsakh skos:altLabel ?alias }")
    assert "Artsakh" in {r["alias"] for r in rows}
