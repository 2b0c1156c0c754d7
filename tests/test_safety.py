"""Requests that must never make the server fetch a URL or fail with a 500."""

from __future__ import annotations

import pytest

from kg.validate import RdfSyntaxError, Source, parse_source


@pytest.mark.parametrize(
    "document",
    [
        b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a"}',
        b'{"@context": [{"p": "http://x/p"}, "http://127.0.0.1:9/ctx"], "@id": "http://x/a"}',
        b'{"@graph": [{"@context": "http://127.0.0.1:9/ctx", "@id": "http://x/a"}]}',
        b'{"@context": {"@import": "http://127.0.0.1:9/ctx"}, "@id": "http://x/a"}',
    ],
)
def test_json_ld_with_a_remote_context_is_refused_before_parsing(document):
    with pytest.raises(RdfSyntaxError, match="remote document"):
        parse_source(Source(document, "json-ld", "upload"))


def test_json_ld_with_an_inline_context_is_parsed():
    graph = parse_source(Source(b'{"@context": {"p": "http://x/p"}, "@id": "http://x/a", "p": "v"}', "json-ld"))
    assert len(graph) == 1
