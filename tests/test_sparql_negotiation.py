"""Content negotiation: format parameter first, then Accept with q-values."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from server import negotiation as n


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


SELECT = (*n.SELECT_FORMATS, n.HTML)
GRAPH = (*n.GRAPH_FORMATS, n.HTML)


@pytest.mark.parametrize(
    ("header", "offered", "expected"),
    [
        ("", SELECT, "json"),  # no Accept: the first offered
        ("*/*", SELECT, "json"),
        ("*/*", GRAPH, "ttl"),
        ("application/sparql-results+xml", SELECT, "xml"),
        ("application/sparql-results+json;q=0.5, text/csv", SELECT, "csv"),
        ("text/*;q=0.5, text/csv;q=0, text/xml;q=0", SELECT, "tsv"),  # q=0 excludes
        ("text/tab-separated-values;q=0.4, application/sparql-results+xml;q=0.9", SELECT, "xml"),
        ("application/json", SELECT, "json"),  # alias
        ("application/json", GRAPH, "jsonld"),
        ("application/xml", GRAPH, "rdf"),
        ("text/plain", GRAPH, "nt"),
        ("application/n-quads, text/turtle;q=0.9", GRAPH, "nq"),
        # a browser: HTML beats the wildcard and application/xml;q=0.9
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", SELECT, "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", GRAPH, "html"),
    ],
)
def test_accept(header: str, offered: tuple, expected: str) -> None:
    chosen = n.negotiate(accept(header), offered)
    assert chosen is not None and chosen.key == expected


@pytest.mark.parametrize("header", ["image/png", "text/csv;q=0", "application/rdf+xml"])
def test_nothing_acceptable(header: str) -> None:
    assert n.negotiate(accept(header), n.SELECT_FORMATS) is None


def test_format_parameter_wins_over_accept() -> None:
    assert n.negotiate(accept("application/sparql-results+json"), SELECT, "tsv").key == "tsv"
    assert n.negotiate(accept("text/turtle"), GRAPH, "jsonld").key == "jsonld"
    assert n.negotiate(accept(""), SELECT, "text/csv").key == "csv"  # a media type works too


def test_format_parameter_for_the_other_kind_of_result() -> None:
    assert n.negotiate(accept(""), n.GRAPH_FORMATS, "csv") is None


def test_unknown_format_parameter() -> None:
    with pytest.raises(n.UnknownFormat):
        n.negotiate(accept(""), SELECT, "yaml")


def test_formats_come_from_the_shared_tables() -> None:
    from kg import config

    assert n.JSON.media_type == config.RESULT_FORMATS["json"][0]
    assert n.TURTLE.media_type == config.RDF_FORMATS["turtle"][0]
    assert {f.key for f in n.GRAPH_FORMATS} == {ext for _, ext in config.RDF_FORMATS.values()}
    assert all(f.w3c_iri and f.w3c_iri.startswith("http://www.w3.org/ns/formats/") for f in n.GRAPH_FORMATS)


def test_media_type_parameters_do_not_prevent_a_match() -> None:
    assert n.negotiate(accept("text/turtle; charset=utf-8"), n.GRAPH_FORMATS).key == "ttl"
    assert n.negotiate(accept("text/csv;charset=UTF-8;q=0.9, text/tab-separated-values;q=0.1"), SELECT).key == "csv"
