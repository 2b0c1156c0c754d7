"""The query mix: templates in ``bench/queries/*.rq`` filled with seeded constants.

Every request gets its own constants (an entity, a name fragment, a period, a
threshold...), drawn from the generated data's catalogue with a seeded RNG, so
no server can answer from a result cache and every server gets exactly the
same sequence of requests.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from bench.generate import Catalogue

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")


@dataclass(frozen=True)
class QueryTemplate:
    name: str  # file stem, e.g. "05-suppliers-of-weapons-in-deadly-events"
    title: str
    pools: tuple[str, ...]
    text: str

    @property
    def short(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT/DESCRIBE answer with RDF, not a results table."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().upper().startswith("PREFIX"))
        return bool(re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE | re.MULTILINE))


@dataclass(frozen=True)
class Request:
    index: int
    template: QueryTemplate
    query: str


def load_templates(directory: Path = QUERIES_DIR) -> list[QueryTemplate]:
    templates = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(m.groups() for line in text.splitlines() if (m := _HEADER.match(line)))
        pools = tuple(p.strip() for p in header.get("pools", "").split(",") if p.strip())
        templates.append(QueryTemplate(path.stem, header.get("title", path.stem), pools, text))
    return templates


def fill(template: QueryTemplate, catalogue: Catalogue, rng: random.Random) -> str:
    values: dict[str, str] = {}
    for pool in template.pools:
        entries = catalogue.pools.get(pool)
        if not entries:
            raise KeyError(f"{template.name}: the catalogue has no {pool!r} constants")
        values.update(rng.choice(entries))
    return Template(template.text).substitute(values)


def request_sequence(
    templates: list[QueryTemplate], catalogue: Catalogue, seed: int, count: int, offset: int = 0
) -> list[Request]:
    """``count`` requests from position ``offset``: each template once per round, in a seeded order.

    Request ``i`` depends only on (seed, i), so a run of any length, and every
    peer, sees the same request at the same position.
    """
    requests = []
    for index in range(offset, offset + count):
        round_no, slot = divmod(index, len(templates))
        order = list(range(len(templates)))
        random.Random(f"{seed}:order:{round_no}").shuffle(order)
        template = templates[order[slot]]
        rng = random.Random(f"{seed}:constants:{index}")
        requests.append(Request(index, template, fill(template, catalogue, rng)))
    return requests
