"""The example queries shipped for researchers: documented, valid, and answered by the graph."""

from __future__ import annotations

import re

import pytest

from kg import config
from tests.published import store

EXAMPLES = sorted((config.QUERIES_DIR).glob("*.rq"))


def test_there_are_at_least_25_examples():
    assert len(EXAMPLES) >= 25


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_documented_and_returns_rows(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# title: \S", text, re.M), "needs a '# title:' line"
    assert re.search(r"^# description: \S", text, re.M), "needs a '# description:' line"
    result = store().query(text, use_default_graph_as_union=True)
    rows = list(result)
    assert rows, f"{path.name} returns no rows on the published graph"
