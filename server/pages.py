"""The pages people read: home, entities, documents, the ontology, search, classes, timeline, disputes.

Every page has a machine-readable twin: an entity's page links its data
documents (/data/<name>.ttl|.jsonld|.nt|.rdf, also in the ``Link`` header);
search, classes, timeline and disputes answer JSON at ``<page>.json`` with
the same query parameters. Templates are autoescaped; nothing from the data
is ever marked safe except the document text and the SVG, which are built
with escaping (markupsafe, ElementTree) in Python.

The blueprint carries the linked-data routes (server/linkeddata.py) nested
inside it, so registering ``server.pages`` serves the whole linked-data site.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request, url_for

from server import assertions as A
from server import document_view, entity_view, linkeddata, neighbourhood
from server.catalogue import Catalogue, TimelineEvent, catalogue
from server.linkeddata import describe_headers, iri_of, not_found, page_url, site

bp = Blueprint("pages", __name__)
bp.register_blueprint(linkeddata.bp)

SEARCH_LIMIT = 50
CLASS_PAGE_SIZE = 200


# --- template helpers -------------------------------------------------------------------


@bp.app_template_global("label")
def _label(iri: str) -> str:
    return catalogue().label(iri)


@bp.app_template_global("href")
def _href(iri: str) -> str | None:
    """A link for an IRI: its page here, an external http(s) IRI as is, else nothing."""
    return page_url(iri) or A.external_href(iri)


@bp.app_template_global("sentence")
def _sentence(a: A.Assertion) -> list[A.Part]:
    return A.sentence(a, catalogue().label)


@bp.app_template_global("attribution")
def _attribution(a: A.Assertion) -> list[A.Part]:
    return A.attribution(a, catalogue().label)


@bp.app_template_global("value_part")
def _value_part(term: linkeddata.Term) -> A.Part:
    return A.value_part(term, catalogue().label)


PREPOSITIONS = ("of", "by", "in", "to", "for", "at", "with", "from", "on", "as")


@bp.app_template_global("incoming_label")
def _incoming_label(prop: str) -> str:
    """How an incoming link reads: the inverse property's label, or "is attacker of", "located in it"."""
    cat = catalogue()
    for inverse in sorted(cat.ontology.inverse_of(prop)):
        return cat.label(inverse)
    text = cat.label(prop)
    first, last = text.split(" ", 1)[0], text.rsplit(" ", 1)[-1]
    is_verb = first.endswith("s") and not first.endswith("ss")  # supports, controls, claims territory
    return f"{text} it" if is_verb or last in PREPOSITIONS else f"is {text} of"


@bp.app_template_filter("date")
def _date(lexical: str | None) -> str:
    return A.format_date(lexical) if lexical else ""


@bp.app_template_filter("number")
def _number(value: Any) -> str:
    return A.format_number(str(value))


@bp.app_template_global("class_name")
def _class_name(iri: str) -> str:
    """kgo:Battle → "Battle" (the /class/<name> path)."""
    return iri[len(site().kgo) :] if iri.startswith(site().kgo) else iri.rsplit("/", 1)[-1]


def page(template: str, iri: str | None = None, status: int = 200, **context: Any) -> Response:
    """A rendered page, with the links to its twins when it describes a resource."""
    context.setdefault("formats", linkeddata.alternate_links(iri, html=False) if iri else [])
    html = render_template(template, cat=catalogue(), site=site(), iri=iri, **context)
    response = Response(html, status, mimetype="text/html")
    if iri:
        describe_headers(response, iri, request.path)
    elif context.get("json_url"):
        response.headers["Link"] = f'<{context["json_url"]}>; rel="alternate"; type="application/json"'
    return response


def twin(data: Any) -> Response:
    response = jsonify(data)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- home ----------------------------------------------------------------------------------


@bp.route("/")
def home() -> Response:
    cat = catalogue()
    manifest = linkeddata.read_manifest(site().dist)
    return page(
        "home.html",
        stats=cat.stats,
        manifest=manifest,
        classes=_class_rows(cat)[:12],
        formats=[(f"/void.{f.extension}", f) for f in linkeddata.DATA_FORMATS],
    )


# --- resources: /page/<name> ---------------------------------------------------------------


@bp.route("/page/<path:name>")
def resource(name: str) -> Response:
    """The HTML page of any IRI of ours; ``<name>.svg`` is an entity's neighbourhood picture."""
    if not linkeddata.is_safe_iri(iri_of(name)):
        return not_found(request.path)
    if name.endswith(".svg"):
        return neighbourhood_svg(name[: -len(".svg")])
    first = name.split("/", 1)[0]
    if name.startswith("doc/") and name.count("/") == 1:
        return document(name[len("doc/") :])
    if name == "ontology":
        return ontology_page()
    if first in ("ontology", "concept"):
        return term_page(iri_of(name))
    if first == "shapes" or name == "shapes":
        return shapes_page(iri_of(name))
    if first in ("dataset", "graph"):
        return void_resource_page(iri_of(name))
    return entity(iri_of(name))


def entity(iri: str) -> Response:
    """An entity's page; a large entity's is abridged unless ``?show=all`` (see server/entity_view.py)."""
    cat = catalogue()
    view = entity_view.build(iri, cat, full=request.args.get("show") == "all")
    if not view.exists:
        return not_found(request.path, iri)
    svg = neighbourhood.svg(view, cat)
    return page(
        "entity.html",
        iri,
        view=view,
        svg=svg,
        svg_url=request.path + ".svg",
        show_all_url=request.path + "?show=all",
        rows_shown=entity_view.ROWS_SHOWN,
        about_query=_about_query(iri),
    )


def _about_query(iri: str) -> str:
    """A SPARQL query listing every assertion about ``iri``: the "more" link of an abridged page."""
    ref = linkeddata.iri_ref(iri)
    return (
        f"PREFIX kgo: <{site().kgo}>\n"
        f"SELECT DISTINCT ?assertion ?role WHERE {{\n  ?assertion ?role {ref} ; kgo:statedIn ?doc .\n"
        f"  {linkeddata.not_about_filter()}\n}} ORDER BY ?assertion"
    )


def neighbourhood_svg(name: str) -> Response:
    iri = iri_of(name)
    cat = catalogue()
    view = entity_view.build(iri, cat)
    if not view.exists:
        return not_found(request.path, iri)
    response = Response(neighbourhood.svg(view, cat, standalone=True), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


def document(doc_id: str) -> Response:
    iri = site().doc_iri(doc_id)
    view = document_view.build(iri, catalogue())
    if view is None:
        return not_found(request.path, iri)
    return page("document.html", iri, view=view)


# --- the ontology, its terms, the shapes --------------------------------------------------------


def ontology_page() -> Response:
    cat = catalogue()
    onto = cat.ontology
    return page(
        "ontology.html",
        onto.ontology_iri,
        onto=onto,
        classes=onto.classes,
        properties=onto.properties,
        schemes=onto.schemes,
        formats=[(f"/data/ontology.{f.extension}", f) for f in linkeddata.DATA_FORMATS],
    )


def term_page(iri: str) -> Response:
    cat = catalogue()
    term = cat.ontology.get(iri)
    if term is None:
        if linkeddata.description(iri):
            return entity(iri)
        return not_found(request.path, iri)
    if term.is_class:
        return class_response(term.iri)
    return page("term.html", iri, term=term, onto=cat.ontology)


def shapes_page(iri: str) -> Response:
    cat = catalogue()
    shapes = sorted(cat.ontology.shapes.values(), key=lambda s: s.label.lower())
    if iri != site().base + "shapes":
        shapes = [s for s in shapes if s.iri == iri]
        if not shapes:
            return not_found(request.path, iri)
    return page("term.html", iri, shapes=shapes, onto=cat.ontology, term=None)


def void_resource_page(iri: str) -> Response:
    """The dataset IRI, its class partitions and named graphs: their VoID description."""
    triples = linkeddata.description(iri)
    if not triples:
        return not_found(request.path, iri)
    rows = [
        (t.subject.value, t.predicate.value, t.object.value, isinstance(t.object, ox.NamedNode))
        for t in triples
        if isinstance(t.subject, ox.NamedNode)
    ]
    return page("term.html", iri, void_rows=rows, term=None, onto=catalogue().ontology)


# --- search -----------------------------------------------------------------------------------


def _search_hits(q: str) -> list[dict[str, Any]]:
    cat = catalogue()
    out = []
    for hit in cat.names.search(q, SEARCH_LIMIT):
        named = hit.named
        types = cat.ontology.most_specific(named.types)
        out.append(
            {
                "iri": named.iri,
                "label": named.label,
                "matched": hit.matched,
                "aliases": named.aliases,
                "types": [cat.label(t) for t in types],
                "page": page_url(named.iri),
            }
        )
    return out


@bp.route("/search")
def search() -> Response:
    q = request.args.get("q", "").strip()
    hits = _search_hits(q) if q else []
    return page("search.html", q=q, hits=hits, json_url=url_for("pages.search_json", q=q))


@bp.route("/search.json")
def search_json() -> Response:
    q = request.args.get("q", "").strip()
    return twin({"query": q, "results": _search_hits(q) if q else []})


# --- classes --------------------------------------------------------------------------------------


def _class_rows(cat: Catalogue) -> list[dict[str, Any]]:
    rows = []
    for term in cat.ontology.classes:
        rows.append(
            {
                "iri": term.iri,
                "name": _class_name(term.iri),
                "label": term.label,
                "count": cat.count(term.iri),
                "depth": len(cat.ontology.closure(term.iri, "supers")),
                "supers": term.supers,
            }
        )
    rows.sort(key=lambda r: (-r["count"], r["label"].lower()))
    return rows


@bp.route("/classes")
def classes() -> Response:
    cat = catalogue()
    return page("classes.html", rows=_class_rows(cat), tree=_class_tree(cat), json_url=url_for("pages.classes_json"))


@bp.route("/classes.json")
def classes_json() -> Response:
    rows = _class_rows(catalogue())
    return twin({"classes": [{k: r[k] for k in ("iri", "name", "label", "count")} for r in rows]})


def _class_tree(cat: Catalogue) -> list[tuple[int, Any, int]]:
    """(depth, term, count) in tree order: roots (classes with no superclass of ours) first."""
    kgo = site().kgo
    out: list[tuple[int, Any, int]] = []

    def walk(iri: str, depth: int) -> None:
        term = cat.ontology.get(iri)
        out.append((depth, term, cat.count(iri)))
        for sub in term.subs:
            if sub.startswith(kgo) and sub in cat.ontology.terms:
                walk(sub, depth + 1)

    for term in cat.ontology.classes:
        if not any(s.startswith(kgo) for s in term.supers):
            walk(term.iri, 0)
    return out


@bp.route("/class/<name>")
def class_page(name: str) -> Response:
    iri = site().kgo + name
    term = catalogue().ontology.get(iri)
    if term is None or not term.is_class:
        return not_found(request.path, iri)
    return class_response(iri)


def class_response(iri: str) -> Response:
    cat = catalogue()
    term = cat.ontology.get(iri)
    page_number = max(1, request.args.get("page", 1, type=int) or 1)
    offset = (page_number - 1) * CLASS_PAGE_SIZE
    rows = linkeddata.select(
        f"SELECT DISTINCT ?s WHERE {{ ?s a {linkeddata.iri_ref(iri)} }} ORDER BY ?s "
        f"LIMIT {CLASS_PAGE_SIZE + 1} OFFSET {offset}"
    )
    instances = sorted((r["s"].value for r in rows[:CLASS_PAGE_SIZE]), key=lambda i: cat.label(i).lower())
    return page(
        "class.html",
        iri,
        term=term,
        onto=cat.ontology,
        count=cat.count(iri),
        instances=instances,
        page_number=page_number,
        has_next=len(rows) > CLASS_PAGE_SIZE,
        domain_properties=cat.ontology.domain_properties(iri),
        range_properties=cat.ontology.range_properties(iri),
        subclass_counts=[(s, cat.count(s)) for s in term.subs],
    )


# --- timeline -------------------------------------------------------------------------------------


def _timeline_filtered() -> tuple[list[TimelineEvent], dict[str, str]]:
    """The timeline, filtered server-side by ?type=<Class> and ?participant=<name>."""
    cat = catalogue()
    events = cat.timeline
    filters = {k: request.args.get(k, "").strip() for k in ("type", "participant")}
    if filters["type"]:
        wanted = set(cat.ontology.with_subclasses(site().kgo + filters["type"]))
        events = [e for e in events if wanted & set(e.types)]
    if filters["participant"]:
        who = iri_of(filters["participant"])
        events = [e for e in events if who in e.participants]
    return events, filters


def _event_json(e: TimelineEvent, cat: Catalogue) -> dict[str, Any]:
    return {
        "iri": e.iri,
        "label": cat.label(e.iri),
        "page": page_url(e.iri),
        "types": [_class_name(t) for t in cat.ontology.most_specific(e.types)],
        "when": e.when,
        "dates": e.dates,
        "claimedDates": [asdict(c) for c in e.claimed],
        "participants": sorted(e.participants),
        "places": sorted(e.places),
    }


@bp.route("/timeline")
def timeline() -> Response:
    cat = catalogue()
    events, filters = _timeline_filtered()
    participants = sorted({p for e in cat.timeline for p in e.participants}, key=lambda i: cat.label(i).lower())
    types = [t for t in cat.timeline_classes if any(t in e.types for e in cat.timeline)]
    return page(
        "timeline.html",
        events=events,
        filters=filters,
        participants=[(linkeddata.name_of(p) or p, cat.label(p)) for p in participants],
        types=sorted(((_class_name(t), cat.label(t)) for t in types), key=lambda x: x[1].lower()),
        json_url=url_for("pages.timeline_json", **{k: v for k, v in filters.items() if v}),
    )


@bp.route("/timeline.json")
def timeline_json() -> Response:
    cat = catalogue()
    events, filters = _timeline_filtered()
    return twin({"filters": filters, "events": [_event_json(e, cat) for e in events]})


# --- disputes -------------------------------------------------------------------------------------


@bp.route("/disputes")
def disputes() -> Response:
    cat = catalogue()
    groups = {
        kind: [d for d in cat.disputes if d.kind == kind] for kind in ("contradiction", "casualties", "contested")
    }
    return page("disputes.html", groups=groups, json_url=url_for("pages.disputes_json"))


def _assertion_json(a: A.Assertion, cat: Catalogue) -> dict[str, Any]:
    return {
        "iri": a.iri,
        "text": "".join(p.text for p in A.sentence(a, cat.label)),
        "claimant": a.claimant,
        "claimantLabel": cat.label(a.claimant) if a.claimant else None,
        "modality": a.modality,
        "attributed": a.is_attributed,
        "document": a.document,
        "evidence": [{"iri": ev.iri, "quote": ev.quote, "page": ev.url} for ev in a.evidence],
    }


@bp.route("/disputes.json")
def disputes_json() -> Response:
    cat = catalogue()
    return twin(
        {
            "disputes": [
                {
                    "kind": d.kind,
                    "about": d.topic,
                    "claimants": d.claimants,
                    "assertions": [_assertion_json(a, cat) for a in d.assertions],
                }
                for d in cat.disputes
            ]
        }
    )
