"""A source document as a page: its full text, every mention linked, every evidence span addressable.

Each evidence passage becomes ``<mark class="evidence" id="char=s,e">``, so
the RFC 5147 IRI ``doc#char=s,e`` dereferences to ``/page/doc/NNN#char=s,e``
and CSS ``:target`` highlights the passage. Passages may overlap; HTML
elements may only nest, so spans are laid out as a tree: a span that crosses
the end of the span it starts in is cut there, the first piece keeps the id
and the rest become ``<mark class="evidence cont" data-ev="char=s,e">``
pieces (pages.js highlights those too; without JavaScript the first piece
still lands and highlights). Mentions are links to their entity; a mention
inside another mention is not a link (links cannot nest).

The HTML is built here with markupsafe, which escapes every piece of text.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from server.assertions import Assertion, fetch, format_date, sentence
from server.catalogue import Catalogue
from server.linkeddata import Term, iri_ref, page_url, select, site

DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

#: at equal ranges, the evidence passage encloses the mention
KIND_ORDER = {"evidence": 0, "mention": 1}


@dataclass
class Span:
    begin: int
    end: int
    kind: str  # "evidence" | "mention"
    fragment: str  # "char=s,e" of the whole span
    href: str | None = None
    title: str = ""
    continued: bool = False  # a later piece of a span cut at a crossing

    def sort_key(self) -> tuple:
        return (self.begin, -self.end, KIND_ORDER[self.kind], self.fragment)

    def __lt__(self, other: Span) -> bool:
        return self.sort_key() < other.sort_key()


@dataclass
class Node:
    span: Span | None  # None for the root
    begin: int
    end: int
    children: list[Node] = field(default_factory=list)


@dataclass
class DocumentView:
    iri: str
    props: dict[str, list[Term]]
    text: str
    html: Markup
    mention_count: int
    evidence_count: int
    assertions: list[Assertion]

    def one(self, prop: str) -> Term | None:
        found = self.props.get(prop)
        return found[0] if found else None

    def values(self, prop: str) -> list[Term]:
        return self.props.get(prop, [])

    @property
    def author_unknown(self) -> bool:
        flag = self.one(site().kgo + "authorUnknown")
        return not self.values(DCT + "creator") or (flag is not None and flag.value in ("true", "1"))

    @property
    def date_text(self) -> str | None:
        date = self.one(DCT + "date") or self.one(DCT + "issued")
        return format_date(date.value) if date else None


def build(iri: str, cat: Catalogue) -> DocumentView | None:
    """The page model of a source document, or None if there is no such document."""
    ref = iri_ref(iri)
    props: dict[str, list[Term]] = {}
    for row in select(f"SELECT DISTINCT ?p ?o WHERE {{ {ref} ?p ?o }}"):
        props.setdefault(row["p"].value, []).append(row["o"])
    text_terms = props.pop(NIF + "isString", [])
    if not props and not text_terms:
        return None
    text = text_terms[0].value if text_terms else ""
    mentions = _mentions(ref, cat, len(text))
    evidence, supported = _evidence(ref, len(text))
    assertions = fetch(supported) if supported else {}
    _title_evidence(evidence, assertions, cat)
    html = render(text, evidence + mentions)
    ordered = sorted(assertions.values(), key=lambda a: (a.evidence[0].begin if a.evidence else 0, a.iri))
    return DocumentView(iri, props, text, html, len(mentions), len(evidence), ordered)


def _mentions(ref: str, cat: Catalogue, length: int) -> list[Span]:
    rows = select(
        f"""SELECT DISTINCT ?b ?e ?x WHERE {{
  ?m nif:referenceContext {ref} ; a kgo:Mention ; nif:beginIndex ?b ; nif:endIndex ?e ; kgo:denotes ?x .
}}"""
    )
    spans = []
    for row in rows:
        b, e = int(row["b"].value), int(row["e"].value)
        if 0 <= b < e <= length:
            target = row["x"].value
            spans.append(Span(b, e, "mention", f"char={b},{e}", page_url(target), cat.label(target)))
    return spans


def _evidence(ref: str, length: int) -> tuple[list[Span], dict[str, list[str]]]:
    """The evidence spans of the document, and which assertions each supports."""
    rows = select(
        f"""SELECT DISTINCT ?ev ?b ?e ?a WHERE {{
  ?ev nif:referenceContext {ref} ; a kgo:Evidence ; nif:beginIndex ?b ; nif:endIndex ?e .
  OPTIONAL {{ ?a kgo:hasEvidence ?ev }}
}}"""
    )
    spans: dict[str, Span] = {}
    supported: dict[str, list[str]] = {}
    for row in rows:
        b, e = int(row["b"].value), int(row["e"].value)
        if not 0 <= b < e <= length:
            continue
        fragment = f"char={b},{e}"
        spans.setdefault(fragment, Span(b, e, "evidence", fragment))
        if "a" in row:
            supported.setdefault(row["a"].value, []).append(fragment)
    return list(spans.values()), supported


def _title_evidence(spans: list[Span], assertions: dict[str, Assertion], cat: Catalogue) -> None:
    """A tooltip on each passage: what it is evidence for, and who says it."""
    by_fragment = {s.fragment: s for s in spans}
    for a in assertions.values():
        text = "".join(p.text for p in sentence(a, cat.label))
        who = cat.label(a.claimant) if a.claimant else "?"
        for ev in a.evidence:
            span = by_fragment.get(ev.fragment)
            if span is not None:
                line = f"{text} — according to {who}"
                span.title = f"{span.title}\n{line}" if span.title else line


# --- laying out overlapping spans ----------------------------------------------------------------------


def nest(spans: list[Span], length: int) -> Node:
    """A tree of spans where every child lies inside its parent; crossing spans are cut."""
    root = Node(None, 0, length)
    heap = list(spans)
    heapq.heapify(heap)
    stack = [root]
    while heap:
        span = heapq.heappop(heap)
        while stack[-1].end <= span.begin and len(stack) > 1:
            stack.pop()
        parent = stack[-1]
        end = min(span.end, parent.end)
        if end <= span.begin:
            continue
        node = Node(span, span.begin, end)
        parent.children.append(node)
        stack.append(node)
        if span.end > end:  # crosses its parent's end: the rest continues after it
            rest = Span(end, span.end, span.kind, span.fragment, span.href, span.title, continued=True)
            heapq.heappush(heap, rest)
    return root


def render(text: str, spans: list[Span]) -> Markup:
    """The text as HTML: marks for evidence, links for mentions, everything escaped."""
    root = nest(spans, len(text))
    used_ids: set[str] = set()
    return Markup("").join(_render(node, text, used_ids, in_link=False) for node in [root])


def _render(node: Node, text: str, used_ids: set[str], in_link: bool) -> Markup:
    span = node.span
    element_id = None
    if span is not None and not span.continued and span.fragment not in used_ids:
        element_id = span.fragment  # the outermost span of a range gets the id
        used_ids.add(span.fragment)
    inner_in_link = in_link or (span is not None and span.kind == "mention")
    parts: list[Markup] = []
    position = node.begin
    for child in node.children:
        parts.append(escape(text[position : child.begin]))
        parts.append(_render(child, text, used_ids, inner_in_link))
        position = child.end
    parts.append(escape(text[position : node.end]))
    inner = Markup("").join(parts)
    if span is None:
        return inner
    id_attr = Markup(' id="{}"').format(element_id) if element_id else Markup("")
    title_attr = Markup(' title="{}"').format(span.title) if span.title else Markup("")
    if span.kind == "evidence":
        cls = "evidence cont" if span.continued else "evidence"
        return Markup('<mark class="{}" data-ev="{}"{}{}>{}</mark>').format(
            cls, span.fragment, id_attr, title_attr, inner
        )
    if in_link or not span.href:
        return Markup('<span class="mention nested"{}{}>{}</span>').format(id_attr, title_attr, inner)
    return Markup('<a class="mention" href="{}"{}{}>{}</a>').format(span.href, id_attr, title_attr, inner)
