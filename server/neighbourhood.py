"""A picture of an entity's neighbourhood: a radial SVG drawn on the server.

The entity sits in the middle; the things it is linked to sit on a circle
around it, each a link to its own page, each edge labelled with the
property (a claim's edge is dashed). No script, no inline CSS (the
Content-Security-Policy allows neither): colours are SVG presentation
attributes. Built with ElementTree, which escapes every label.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict

from markupsafe import Markup

from server.catalogue import Catalogue
from server.entity_view import EntityView
from server.linkeddata import page_url, site

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 760, 520
RADIUS = 190
MAX_NEIGHBOURS = 24
#: fill colour by the broad class of a neighbour
COLOURS = (
    ("Actor", "#d2e3fc"),
    ("Place", "#ceead6"),
    ("Event", "#fde293"),
    ("Agreement", "#f6d1e4"),
    ("WeaponSystem", "#e2d5f7"),
    ("SourceDocument", "#e8eaed"),
)


def _truncate(text: str, size: int = 26) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _colour(iri: str, cat: Catalogue) -> str:
    entry = cat.names.entries.get(iri)
    types = set(entry.types) if entry else set()
    lineage = {s for t in types for s in (t, *cat.ontology.closure(t, "supers"))}
    for name, colour in COLOURS:
        if site().kgo + name in lineage:
            return colour
    return "#f1f3f4"


def _neighbours(view: EntityView, cat: Catalogue) -> list[tuple[str, list[str], bool]]:
    """(IRI, property labels with direction arrows, only-claimed) for the most linked neighbours."""
    labels: dict[str, list[str]] = defaultdict(list)
    claimed: dict[str, bool] = defaultdict(lambda: True)
    for other, prop, direction, is_claim in view.neighbours():
        if other == view.iri or page_url(other) is None:
            continue
        text = cat.label(prop) + (" →" if direction == "out" else " ←")
        if text not in labels[other]:
            labels[other].append(text)
        claimed[other] = claimed[other] and is_claim
    ranked = sorted(labels, key=lambda i: (-len(labels[i]), cat.label(i).lower()))
    return [(i, labels[i], claimed[i]) for i in ranked[:MAX_NEIGHBOURS]]


def svg(view: EntityView, cat: Catalogue, standalone: bool = False) -> Markup | bytes:
    """The picture as inline markup for a page, or as a standalone image/svg+xml document."""
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "role": "img",
            "class": "neighbourhood",
            "aria-labelledby": "nb-title",
            "font-family": "system-ui, sans-serif",
            "font-size": "12",
        },
    )
    neighbours = _neighbours(view, cat)
    title = ET.SubElement(root, "title", {"id": "nb-title"})
    title.text = f"{view.label} and {len(neighbours)} linked things"
    cx, cy = WIDTH / 2, HEIGHT / 2
    edges = ET.SubElement(root, "g", {"class": "edges", "stroke": "#9aa0a6", "stroke-width": "1.2"})
    nodes = ET.SubElement(root, "g", {"class": "nodes"})
    count = max(len(neighbours), 1)
    for index, (iri, props, only_claimed) in enumerate(neighbours):
        angle = 2 * math.pi * index / count - math.pi / 2
        x, y = cx + RADIUS * math.cos(angle) * 1.45, cy + RADIUS * math.sin(angle)
        line = {"x1": f"{cx:.1f}", "y1": f"{cy:.1f}", "x2": f"{x:.1f}", "y2": f"{y:.1f}"}
        if only_claimed:
            line["stroke-dasharray"] = "5 4"
        ET.SubElement(edges, "line", line)
        edge_label = ET.SubElement(
            edges,
            "text",
            {"x": f"{(cx + x) / 2:.1f}", "y": f"{(cy + y) / 2 - 3:.1f}", "text-anchor": "middle", "fill": "#5f6368",
             "stroke": "none", "font-size": "10"},
        )  # fmt: skip
        edge_label.text = _truncate(props[0] + (f" +{len(props) - 1}" if len(props) > 1 else ""), 30)
        link = ET.SubElement(nodes, "a", {"href": page_url(iri) or "", "class": "nb-node"})
        link_title = ET.SubElement(link, "title")
        link_title.text = f"{cat.label(iri)}: {', '.join(props)}"
        ET.SubElement(
            link,
            "rect",
            {"x": f"{x - 80:.1f}", "y": f"{y - 13:.1f}", "width": "160", "height": "26", "rx": "13",
             "fill": _colour(iri, cat), "stroke": "#5f6368", "stroke-width": "0.8"},
        )  # fmt: skip
        text = ET.SubElement(
            link, "text", {"x": f"{x:.1f}", "y": f"{y + 4:.1f}", "text-anchor": "middle", "fill": "#1d1d1f"}
        )
        text.text = _truncate(cat.label(iri), 22)  # about 7 px a character: fits the 160 px box
    centre = ET.SubElement(nodes, "g", {"class": "nb-centre"})
    ET.SubElement(
        centre,
        "rect",
        {"x": f"{cx - 105:.1f}", "y": f"{cy - 17:.1f}", "width": "210", "height": "34", "rx": "17",
         "fill": _colour(view.iri, cat), "stroke": "#1d1d1f", "stroke-width": "2"},
    )  # fmt: skip
    label = ET.SubElement(
        centre, "text", {"x": f"{cx:.1f}", "y": f"{cy + 5:.1f}", "text-anchor": "middle", "font-weight": "bold"}
    )
    label.text = _truncate(view.label, 28)
    body = ET.tostring(root, encoding="unicode")
    if standalone:
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")
    return Markup(body)
