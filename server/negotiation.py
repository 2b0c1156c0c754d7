"""Which format to answer in: the ``format`` parameter, else ``Accept``.

Media types and file extensions come from :mod:`kg.config` (one table for
the pipeline and the server); this module adds what only the endpoint needs:
the ``format=`` short names, the media types also recognised in ``Accept``
(``application/json``, ``text/xml``...), and the W3C format IRIs used in the
service description. Quality values, wildcards and ties are resolved by
werkzeug's ``MIMEAccept.best_match`` (ties go to the server's order, so the
first format listed is the default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg import config

FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    key: str  # the ``format=`` value
    media_type: str  # sent as Content-Type
    extension: str
    label: str
    w3c_iri: str | None = None  # http://www.w3.org/ns/formats/...
    aliases: tuple[str, ...] = ()  # other media types that select it
    charset: bool = False  # text formats get "; charset=utf-8"

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


def _result(key: str, label: str, iri: str, aliases: tuple[str, ...] = (), charset: bool = False) -> Format:
    media_type, extension = config.RESULT_FORMATS[key]
    return Format(key, media_type, extension, label, FORMATS_NS + iri, aliases, charset)


def _rdf(name: str, label: str, iri: str, aliases: tuple[str, ...] = (), charset: bool = False) -> Format:
    media_type, extension = config.RDF_FORMATS[name]
    return Format(extension, media_type, extension, label, FORMATS_NS + iri, aliases, charset)


JSON = _result("json", "SPARQL JSON", "SPARQL_Results_JSON", ("application/json",))
XML = _result("xml", "SPARQL XML", "SPARQL_Results_XML", ("application/xml", "text/xml"))
CSV = _result("csv", "CSV", "SPARQL_Results_CSV", charset=True)
TSV = _result("tsv", "TSV", "SPARQL_Results_TSV", charset=True)

TURTLE = _rdf("turtle", "Turtle", "Turtle", ("application/x-turtle",), charset=True)
NTRIPLES = _rdf("nt", "N-Triples", "N-Triples", ("text/plain",), charset=True)
JSONLD = _rdf("json-ld", "JSON-LD", "JSON-LD", ("application/json",))
RDFXML = _rdf("xml", "RDF/XML", "RDF_XML", ("application/xml", "text/xml"))
TRIG = _rdf("trig", "TriG", "TriG", charset=True)
NQUADS = _rdf("nquads", "N-Quads", "N-Quads", charset=True)

HTML = Format("html", "text/html", "html", "HTML", None, ("application/xhtml+xml",), charset=True)

#: SELECT results, default first
SELECT_FORMATS = (JSON, XML, CSV, TSV)
#: ASK results (CSV/TSV define no boolean form)
ASK_FORMATS = (JSON, XML)
#: CONSTRUCT/DESCRIBE results, default first
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML, TRIG, NQUADS)
#: the service description
DESCRIPTION_FORMATS = (TURTLE, RDFXML, JSONLD, NTRIPLES)

BY_KEY = {f.key: f for f in (*SELECT_FORMATS, *GRAPH_FORMATS, HTML)}


class UnknownFormat(ValueError):
    """A ``format=`` value that names no format at all."""


def negotiate(accept: MIMEAccept, offered: Sequence[Format], format_key: str | None = None) -> Format | None:
    """The offered format to answer with, or None if none is acceptable.

    ``format_key`` (the ``format`` parameter, a short name or a media type)
    wins over ``Accept``. A missing or empty ``Accept`` means anything.
    Raises :class:`UnknownFormat` for a ``format`` that names nothing known.
    """
    if format_key:
        wanted = format_key.strip().lower()
        for fmt in offered:
            if wanted == fmt.key or wanted == fmt.media_type or wanted in fmt.aliases:
                return fmt
        known = set(BY_KEY) | {f.media_type for f in BY_KEY.values()}
        if wanted not in known:
            raise UnknownFormat(format_key)
        return None
    if not accept:
        return offered[0] if offered else None
    # "text/turtle; charset=utf-8" must match text/turtle: werkzeug matches
    # parameters exactly, and no format here is chosen by a parameter
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in accept])
    choices: dict[str, Format] = {}
    for fmt in offered:
        for media_type in (fmt.media_type, *fmt.aliases):
            choices.setdefault(media_type, fmt)
    best = accept.best_match(list(choices))
    return choices.get(best) if best else None


@lru_cache(maxsize=1024)
def negotiate_header(accept_header: str, offered: tuple[Format, ...], format_key: str | None = None) -> Format | None:
    """:func:`negotiate` for a raw ``Accept`` header, remembered: clients send the same
    few headers again and again, and matching one against every media type we offer
    was a quarter of the app's own time per SPARQL request (bench/app_overhead.py)."""
    return negotiate(parse_accept_header(accept_header, MIMEAccept), offered, format_key)


def describe(formats: Sequence[Format]) -> str:
    """'Turtle (text/turtle, format=ttl), ...' for error messages."""
    return ", ".join(f"{f.label} ({f.media_type}, format={f.key})" for f in formats)
