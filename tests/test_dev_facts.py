"""Every development fact of ../shared/eval is represented in the graph, with its evidence.

For each fact the test asks the published graph, through SPARQL, for the
assertions made in the fact's document whose evidence overlaps the fact's
evidence passage, with every value they carry (literals, and the names of
the entities they link). The fact is represented when one such assertion
carries the fact's object (a number, a date, or a name of the entity) and,
for a fact attributed to a party, names that party as claimant.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import yaml

from kg import config
from tests.published import select

EVAL = config.ROOT.parent / "shared" / "eval"
FACTS_FILE = EVAL / "dev_facts.yaml"
pytestmark = pytest.mark.skipif(not FACTS_FILE.exists(), reason="../shared/eval is not beside the project")


def load_facts() -> list[dict]:
    if not FACTS_FILE.exists():
        return []
    return yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))["facts"]


def document_text(doc: str) -> str:
    meta = yaml.safe_load((config.METADATA / f"{doc}.yaml").read_text(encoding="utf-8"))
    return Path(config.SEEDS / meta["file"]).read_text(encoding="utf-8")


OVERLAPPING = """
SELECT ?a ?claimant ?claimantName ?value ?valueName WHERE {{
  ?a kgo:statedIn <{doc}> ; kgo:hasEvidence ?ev ; kgo:claimant ?claimant .
  ?ev nif:beginIndex ?b ; nif:endIndex ?e .
  FILTER(?b < {end} && ?e > {start})
  OPTIONAL {{ ?claimant rdfs:label|skos:altLabel ?claimantName }}
  {{ ?a ?p ?value . FILTER(?p NOT IN (rdf:type, kgo:hasEvidence, kgo:statedIn, kgo:claimant)) }}
  UNION
  {{ ?a ?p ?linked . FILTER(isIRI(?linked)) ?linked rdfs:label|skos:altLabel|kgo:demonym|dcterms:title ?valueName }}
  UNION
  {{ ?a ?p ?linked . FILTER(isIRI(?linked)) ?linked ?q ?value2 .
     FILTER(?q IN (kgo:date, kgo:startDate, kgo:endDate, kgo:signingDate))
     BIND(?value2 AS ?value) }}
}}
"""


def normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("’", "'")).strip()


def as_number(text: str) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


STOPWORDS = {"the", "and", "with", "from", "that", "this", "into", "over", "none", "announced", "their", "which"}


def content_words(text: str) -> set[str]:
    return {w for w in normal(text).split() if len(w) > 2 and w not in STOPWORDS}


def paraphrased(rows: list[dict], wanted: str) -> bool:
    """A phrase-valued object ('massive artillery and rocket barrages') is carried when
    most of its content words are among the assertion values and linked names."""
    words = content_words(wanted)
    if not words:
        return False
    carried: set[str] = set()
    for row in rows:
        for key in ("value", "valueName", "claimantName"):
            carried |= content_words(row.get(key, ""))
    return len(words & carried) >= max(1, round(len(words) * 2 / 3))


def negated(rows: list[dict]) -> bool:
    """'none' as an object: some value states an absence ('no ...', 'not ...', 0)."""
    return any(
        re.search(r"\b(no|not|none|never)\b", normal(row.get("value", ""))) or row.get("value") == "0" for row in rows
    )


def carries(rows: list[dict], wanted: object) -> bool:
    """Whether some assertion's values include ``wanted`` (a number, a date or a name)."""
    if isinstance(wanted, str) and normal(wanted).startswith("none"):
        return negated(rows)
    number = as_number(wanted) if not isinstance(wanted, str) or re.fullmatch(r"-?[\d,.]+", wanted) else None
    target = normal(str(wanted))
    for row in rows:
        for key in ("value", "valueName"):
            if key not in row:
                continue
            value = row[key]
            if number is not None and as_number(value) == number:
                return True
            got = normal(value)
            if got and (got == target or (len(got) > 3 and got in target) or (len(target) > 3 and target in got)):
                return True
    return isinstance(wanted, str) and number is None and paraphrased(rows, wanted)


def attributed_to(rows: list[dict], attribution: str) -> bool:
    words = {w for w in normal(attribution).split() if len(w) > 2}
    return any(words & set(normal(row.get("claimantName", "")).split()) for row in rows)


@pytest.mark.parametrize("fact", load_facts(), ids=lambda f: f["id"])
def test_fact_is_represented(fact):
    text = document_text(fact["doc"])
    start = text.find(fact["evidence"])
    assert start >= 0, "the evidence is not in the text"
    end = start + len(fact["evidence"])
    rows = select(OVERLAPPING.format(doc=config.document_iri(fact["doc"]), start=start, end=end))
    assert rows, f"no assertion's evidence overlaps {fact['evidence']!r}"
    objects = [fact["object"], *([fact["subject"]] if fact["kind"] == "entity" else [])]
    assert any(carries(rows, o) for o in objects), f"no assertion over {fact['evidence']!r} carries {fact['object']!r}"
    if "author" not in fact["attribution"] and fact["kind"] == "claim":
        claimants = [r for r in rows if r["claimant"] != str(config.ID["simon-anglim"])]
        assert attributed_to(claimants, fact["attribution"]), f"not attributed to {fact['attribution']!r}"
