"""Assertions as people read them: who says what, how firmly, where, with the quoted passage.

An assertion node (``kgo:Statement`` or an n-ary report) is fetched with all
its triples and its evidence in one query bound to the assertion IRIs
(``VALUES``), then turned into a sentence made of :class:`Part` objects, text
and links, which the templates render escaped. Nothing here turns a claim
into a fact: :attr:`Assertion.is_claim` is true for anything attributed to a
party other than the author, or hedged, alleged or denied, and the pages show
those as claims, with who makes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from server.linkeddata import Term, page_url, select, site, values

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

#: kinds of n-ary report, in the order an entity page lists them
REPORT_KINDS = ("CasualtyFigure", "EquipmentLoss", "EquipmentHolding", "ArmsTransfer", "Measurement", "Tenure")
#: at most this many assertions are fetched per query
CHUNK = 400

Labeller = Callable[[str], str]


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: plain text, or a link when ``href`` is set."""

    text: str
    href: str | None = None
    cls: str | None = None


@dataclass
class Evidence:
    """A quoted passage: RFC 5147 ``doc#char=begin,end`` with its text."""

    iri: str
    doc: str
    begin: int
    end: int
    quote: str

    @property
    def fragment(self) -> str:
        return f"char={self.begin},{self.end}"

    @property
    def url(self) -> str:
        return f"{page_url(self.doc) or ''}#{self.fragment}"


@dataclass
class Assertion:
    iri: str
    types: set[str] = field(default_factory=set)
    props: dict[str, list[Term]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    #: the ontology namespace of the dataset it was read from (kept here: pages ask for
    #: properties thousands of times, and looking the site up each time was a tenth of a page)
    kgo: str = ""

    def _kgo(self) -> str:
        if not self.kgo:
            self.kgo = site().kgo
        return self.kgo

    def one(self, name: str) -> Term | None:
        """The value of kgo:name (or rdf:name for subject/predicate/object)."""
        key = RDF + name if name in ("subject", "predicate", "object") else self._kgo() + name
        found = self.props.get(key)
        return found[0] if found else None

    def all(self, name: str) -> list[Term]:
        return self.props.get(self._kgo() + name, [])

    def is_a(self, name: str) -> bool:
        return self._kgo() + name in self.types

    @property
    def kind(self) -> str:
        for name in ("Statement", *REPORT_KINDS):
            if self.is_a(name):
                return name
        return "Assertion"

    @property
    def claimant(self) -> str | None:
        term = self.one("claimant")
        return term.value if term else None

    @property
    def document(self) -> str | None:
        term = self.one("statedIn")
        return term.value if term else None

    @property
    def modality(self) -> str:
        term = self.one("modality")
        return term.value.rsplit("/", 1)[-1] if term else "stated"

    @property
    def is_attributed(self) -> bool:
        return self.is_a("AttributedClaim")

    @property
    def is_claim(self) -> bool:
        """Shown as someone's claim, never as plain fact."""
        return self.is_attributed or self.modality != "stated" or self.is_a("Proposal")

    @property
    def contradicts(self) -> list[str]:
        return [t.value for t in self.all("contradicts") if t.is_iri]

    def key(self) -> tuple[str, str, Term | None] | None:
        """(subject, predicate, object) of a Statement."""
        s, p = self.one("subject"), self.one("predicate")
        if s is None or p is None:
            return None
        return (s.value, p.value, self.one("object"))


EVIDENCE_BRANCH = """
  UNION
  {
    # The evidence in its own branch: an OPTIONAL filtered on ?p would make the
    # engine look at every passage of the graph (a cost that grows with the graph).
    ?a kgo:hasEvidence ?o . BIND(kgo:hasEvidence AS ?p)
    ?o nif:anchorOf ?q ; nif:beginIndex ?b ; nif:endIndex ?e .
    OPTIONAL { ?o nif:referenceContext ?ctx }
  }"""


def fetch(iris: Iterable[str], evidence: bool = True) -> dict[str, Assertion]:
    """Every triple and evidence passage of the given assertions, in queries bound to them.

    ``evidence=False`` leaves the passages out (their nodes are still among
    the values of ``kgo:hasEvidence``), for lists that show no quotes.
    """
    iris = sorted(set(iris))
    found: dict[str, Assertion] = {}
    kgo = site().kgo
    for start in range(0, len(iris), CHUNK):
        chunk = iris[start : start + CHUNK]
        rows = select(
            f"""SELECT ?a ?p ?o ?q ?b ?e ?ctx WHERE {{
  {values("a", chunk)}
  {{ ?a ?p ?o }}{EVIDENCE_BRANCH if evidence else ""}
}}"""
        )
        for row in rows:
            _add_row(found, row, kgo)
    for a in found.values():
        a.evidence.sort(key=lambda ev: (ev.doc, ev.begin))
    return found


RDF_TYPE = RDF + "type"


def _add_row(found: dict[str, Assertion], row: dict[str, Term], kgo: str) -> None:
    """One row of :func:`fetch` into its assertion: a type, a property value or a passage."""
    iri = row["a"].value
    a = found.get(iri)
    if a is None:
        a = found[iri] = Assertion(iri, kgo=kgo)
    p, o = row["p"].value, row["o"]
    if p == RDF_TYPE:
        a.types.add(o.value)
        return
    bucket = a.props.get(p)
    if bucket is None:
        a.props[p] = [o]
    elif o not in bucket:
        bucket.append(o)
    quote = row.get("q")
    if quote is not None and not any(ev.iri == o.value for ev in a.evidence):
        ctx = row.get("ctx")
        doc = ctx.value if ctx is not None else o.value.split("#", 1)[0]
        a.evidence.append(Evidence(o.value, doc, int(row["b"].value), int(row["e"].value), quote.value))


# --- values as text ----------------------------------------------------------------------

MONTHS = ("January February March April May June July August September October November December").split()
_DATE = re.compile(r"^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?")


def date_key(lexical: str) -> tuple[int, int, int] | None:
    """A sort key for a date of any precision (year, year-month, day): coarser sorts first."""
    match = _DATE.match(lexical.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return (int(year), int(month or 0), int(day or 0))


def format_date(lexical: str) -> str:
    """'1994-05-05' → '5 May 1994', '2024-03' → 'March 2024', '2020' → '2020'."""
    key = date_key(lexical)
    if key is None:
        return lexical
    year, month, day = key
    if month and 1 <= month <= 12:
        return f"{day} {MONTHS[month - 1]} {year}" if day else f"{MONTHS[month - 1]} {year}"
    return str(year)


def format_number(lexical: str) -> str:
    try:
        number = float(lexical)
    except ValueError:
        return lexical
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.3f}".rstrip("0").rstrip(".")


DATE_TYPES = {XSD + t for t in ("date", "gYear", "gYearMonth", "dateTime")}
NUMBER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "int",
        "long",
    )
}


def literal_text(term: Term) -> str:
    """A literal as a person reads it (dates and numbers formatted, the rest verbatim)."""
    if term.datatype in DATE_TYPES:
        return format_date(term.value)
    if term.datatype in NUMBER_TYPES:
        return format_number(term.value)
    if term.datatype == XSD + "boolean":
        return "yes" if term.value in ("true", "1") else "no"
    return term.value


def external_href(iri: str) -> str | None:
    """Only http(s) IRIs become links: never javascript:, data: or file:."""
    return iri if iri.lower().startswith(("http://", "https://")) else None


def value_part(term: Term | None, label: Labeller) -> Part:
    """A value as a link (our IRIs), a labelled external IRI, or text."""
    if term is None:
        return Part("?")
    if term.is_iri:
        return Part(label(term.value), page_url(term.value) or external_href(term.value))
    if term.kind == "bnode":
        return Part("(blank node)")
    return Part(literal_text(term), cls="literal")


# --- sentences ----------------------------------------------------------------------------

PLURAL_TO_SINGULAR = {"people": "person", "soldiers": "soldier", "civilians": "civilian"}


def quantity(a: Assertion, label: Labeller, number_prop: str = "count") -> list[Part]:
    """'at least 600,000', 'approximately 33', 'thousands' (as written) or 'an unspecified number of'."""
    number = a.one(number_prop)
    hedge = a.one("qualifier")
    hedge_text = label(hedge.value) if hedge else ""
    if hedge_text in ("exactly", "unspecified"):
        hedge_text = ""
    written = a.one("asWritten")
    if number is not None:
        text = format_number(number.value)
        parts = [Part(f"{hedge_text} {text}".strip(), cls="quantity")]
        if written and written.value not in (number.value, text):
            parts.append(Part(f" (“{written.value}”)", cls="as-written"))
        return parts
    if written:
        return [Part(f"“{written.value}”", cls="quantity as-written")]
    return [Part(f"{hedge_text} an unspecified number of".strip(), cls="quantity")]


def _is_one(a: Assertion) -> bool:
    number = a.one("count")
    return number is not None and number.value.strip() in ("1", "1.0")


def _category(a: Assertion, label: Labeller) -> str:
    category = a.one("casualtyCategory")
    text = label(category.value) if category else "people"
    return PLURAL_TO_SINGULAR.get(text, text) if _is_one(a) else text


def _period(a: Assertion, start: str = "startDate", end: str = "endDate") -> list[Part]:
    s, e = a.one(start), a.one(end)
    if s and e:
        return [Part(f" ({format_date(s.value)}–{format_date(e.value)})")]
    if s:
        return [Part(f" (from {format_date(s.value)})")]
    if e:
        return [Part(f" (until {format_date(e.value)})")]
    return []


def _as_of(a: Assertion) -> list[Part]:
    as_of = a.one("asOf")
    return [Part(f" (as of {format_date(as_of.value)})")] if as_of else []


def _link(a: Assertion, name: str, label: Labeller) -> Part:
    return value_part(a.one(name), label)


def sentence(a: Assertion, label: Labeller) -> list[Part]:
    """What the assertion says, in words, with links to everything it names."""
    kind = a.kind
    if kind == "Statement":
        s, p, o = a.one("subject"), a.one("predicate"), a.one("object")
        return [
            value_part(s, label),
            Part(" "),
            Part(label(p.value) if p else "?", cls="property"),
            Part(" "),
            value_part(o, label),
        ]
    if kind == "CasualtyFigure":
        parts = [*quantity(a, label), Part(f" {_category(a, label)}")]
        if a.one("side"):
            parts += [Part(" of "), _link(a, "side", label)]
        kind_of = a.one("casualtyType")
        parts.append(Part(f" {label(kind_of.value)}" if kind_of else " affected"))
        if a.one("ofEvent"):
            parts += [Part(" in "), _link(a, "ofEvent", label)]
        return parts
    if kind == "EquipmentLoss":
        what = _link(a, "system", label) if a.one("system") else _link(a, "lostWeaponType", label)
        parts = [*quantity(a, label), Part(" "), what]
        if a.one("side"):
            parts += [Part(" of "), _link(a, "side", label)]
        loss = a.one("lossType")
        parts.append(Part(f" {label(loss.value)}" if loss else " lost"))
        if a.one("ofEvent"):
            parts += [Part(" in "), _link(a, "ofEvent", label)]
        return parts
    if kind == "EquipmentHolding":
        return [
            _link(a, "operator", label),
            Part(" holds "),
            *quantity(a, label),
            Part(" "),
            _link(a, "system", label),
            *_as_of(a),
        ]
    if kind == "ArmsTransfer":
        parts = [_link(a, "supplier", label), Part(" supplies "), *quantity(a, label), Part(" ")]
        parts += [_link(a, "system", label), Part(" to "), _link(a, "recipient", label), *_period(a)]
        return parts
    if kind == "Measurement":
        parts = [_link(a, "measure", label), Part(" of "), _link(a, "measuredEntity", label), Part(": ")]
        if a.one("value") is None and a.one("valueText"):
            parts.append(Part(f"“{a.one('valueText').value}”", cls="quantity"))
        else:
            parts += quantity(a, label, "value")
        unit = a.one("unit")
        if unit:
            parts.append(Part(f" {unit.value}"))
        due = a.one("dueDate")
        if due:
            parts.append(Part(f" (due by {format_date(due.value)})"))
        return parts + _as_of(a)
    if kind == "Tenure":
        return [_link(a, "holder", label), Part(" holds the position "), _link(a, "position", label), *_period(a)]
    return [Part(label(a.iri), page_url(a.iri))]


def attribution(a: Assertion, label: Labeller) -> list[Part]:
    """'according to X (alleged)', the voice in which it is said."""
    parts: list[Part] = []
    if a.claimant:
        parts += [Part("according to "), Part(label(a.claimant), page_url(a.claimant), "claimant")]
    if a.modality != "stated":
        parts.append(Part(f" ({a.modality})", cls=f"modality modality-{a.modality}"))
    return parts
