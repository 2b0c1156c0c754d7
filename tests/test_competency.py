"""The competency questions of ../shared/eval, each answered by a committed SPARQL query.

Each ``queries/competency/CQnn.rq`` starts with comment lines::

    # question: Who is the President of Azerbaijan?
    # expected: ["Ilham Aliyev"]

(and ``# match: includes`` where the question asks for examples and the
expected list is a sample of them), and returns its answers in the variable ``?answer``: an entity IRI (matched by
any of its names: label or alternate names) or a literal (numbers compared as
numbers, text as words). The test requires a one-to-one match between the rows
and the expected answers: nothing missing, nothing extra.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

import pytest
import yaml

from kg import config
from tests.published import select, store

QUERIES = config.QUERIES_DIR / "competency"
EVAL = config.ROOT.parent / "shared" / "eval" / "dev_competency_questions.yaml"


def header(text: str, key: str) -> str:
    match = re.search(rf"^# {key}: (.*)$", text, re.M)
    assert match, f"missing '# {key}:' line"
    return match.group(1)


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", str(text).casefold().replace("’", "'")).split()


def number(text: str) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def names_of(value: str) -> list[str]:
    """What a result value can be called: an IRI's label and alternate names, or the literal."""
    if not value.startswith(config.BASE):
        return [value]
    rows = select(f"SELECT ?n WHERE {{ <{value}> rdfs:label|skos:altLabel|dcterms:title ?n }}")
    return [r["n"] for r in rows] or [value]


def matches(expected: object, names: list[str]) -> bool:
    want = number(expected) if not isinstance(expected, str) or re.fullmatch(r"[\d,.]+", expected) else None
    for name in names:
        if want is not None and number(name) == want:
            return True
        if want is None and (words(name) == words(expected) or set(words(expected)) <= set(words(name))):
            return True
    return False


def one_to_one(expected: list, results: list[list[str]]) -> bool:
    """Whether each expected answer can be paired with its own result row."""
    if len(expected) != len(results):
        return False
    pairs = {i: [j for j, names in enumerate(results) if matches(e, names)] for i, e in enumerate(expected)}
    taken: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in pairs[i]:
            if j not in seen:
                seen.add(j)
                if j not in taken or assign(taken[j], seen):
                    taken[j] = i
                    return True
        return False

    return all(assign(i, set()) for i in pairs)


def load_questions() -> list[dict]:
    return yaml.safe_load(EVAL.read_text(encoding="utf-8"))["questions"] if EVAL.exists() else []


QUESTIONS = load_questions()


@pytest.mark.skipif(not QUESTIONS, reason="../shared/eval is not beside the project")
def test_every_question_has_a_query():
    missing = [q["id"] for q in QUESTIONS if not (QUERIES / f"{q['id']}.rq").exists()]
    assert not missing, f"no query for {missing}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_question_is_answered_exactly(question):
    path = QUERIES / f"{question['id']}.rq"
    text = path.read_text(encoding="utf-8")
    assert header(text, "question") == question["question"]
    expected = json.loads(header(text, "expected"))
    assert expected == question["answer"], "the .rq file's expected answer differs from the eval file"
    solutions = store().query(text, use_default_graph_as_union=True)
    results = [names_of(row["answer"].value) for row in solutions if row["answer"] is not None]
    if re.search(r"^# match: includes$", text, re.M):
        # The question asks for examples ("e.g.") and the eval lists a sample of them:
        # every expected answer must be among the results, which may hold more.
        missing = [e for e in expected if not any(matches(e, names) for names in results)]
        assert not missing, f"missing {missing} among {len(results)} results"
    else:
        assert one_to_one(expected, results), f"expected {expected}, got {results}"
