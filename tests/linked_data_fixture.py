"""A small, fixed dataset for the linked-data tests, built once per test session.

The seed texts with the annotations in tests/fixtures/linked_data/ (not the
real ones, which change while people annotate), built by ``kg build`` into a
temporary directory. Also a tiny HTML parser, so tests can ask for elements
by id and class rather than match strings.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg import config

ROOT = config.ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "linked_data"
BASE = config.BASE

_lock = threading.Lock()
_built: dict[str, Path] = {}


def build_fixture_dist() -> Path:
    """``kg build`` of the fixture annotations; the same directory for the whole session."""
    with _lock:
        if "dist" in _built:
            return _built["dist"]
        work = Path(tempfile.mkdtemp(prefix="kg-linked-data-"))
        atexit.register(shutil.rmtree, work, ignore_errors=True)
        seeds = work / "seeds"
        (seeds / "annotations" / "entities").mkdir(parents=True)
        for text in (ROOT / "seeds").glob("*.txt"):
            shutil.copy(text, seeds / text.name)
        shutil.copytree(FIXTURE / "metadata", seeds / "metadata")
        shutil.copy(FIXTURE / "entities.yaml", seeds / "annotations" / "entities" / "entities.yaml")
        for doc in ("000.yaml", "001.yaml"):
            shutil.copy(FIXTURE / doc, seeds / "annotations" / doc)
        dist = work / "dist"
        env = {**os.environ, "KG_SEEDS": str(seeds), "KG_DIST": str(dist)}
        env.pop("KG_BASE", None)
        result = subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", "--dist", str(dist)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"the fixture build failed:\n{result.stdout}\n{result.stderr}")
        _built["dist"] = dist
        return dist


def iri(name: str) -> str:
    return f"{BASE}id/{name}"


# --- a small HTML tree, for asserting on pages --------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Element | str
    parent: Element | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for el in self.iter():
            if tag and el.tag != tag:
                continue
            if cls and cls not in el.classes:
                continue
            if any(el.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(el)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def by_id(self, element_id: str) -> Element | None:
        return next((el for el in self.iter() if el.attrs.get("id") == element_id), None)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            while len(self.stack) > 1 and self.stack[-1].tag != tag:
                self.stack.pop()
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    """The page as a tree; raises if its elements do not nest properly."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    if builder.errors or len(builder.stack) != 1:
        raise AssertionError(f"badly nested HTML: {builder.errors[:5]}, unclosed: {[e.tag for e in builder.stack[1:]]}")
    return builder.root


@contextmanager
def queries_sent(app: Any) -> Iterator[list[str]]:
    """The SPARQL texts the app sends its store while the block runs."""
    store = app.extensions["kg_store"]
    seen: list[str] = []
    original = store.query

    def recording(sparql: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(sparql)
        return original(sparql, *args, **kwargs)

    store.query = recording
    try:
        yield seen
    finally:
        store.query = original
