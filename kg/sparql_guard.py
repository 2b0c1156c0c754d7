"""Look inside a SPARQL request before an engine runs it.

Two questions need the *parsed* request, not a regex over its text (a regex is
fooled by comments, strings and ``\\u`` escapes):

* Does it reach out to the network? ``SERVICE <x>`` in a query or an update's
  WHERE, and ``LOAD <x>``, make the engine fetch a URL: pyoxigraph and rdflib
  both do it. Those are refused unless the IRI is on the allowlist.
* Does a query carry its own dataset (``FROM``/``FROM NAMED``)? Then the
  service's union default graph must not override it.

rdflib's parser answers both from the algebra. It costs ~10 ms, so it only
runs when the text could hold a relevant keyword at all: every keyword must
appear literally (case-insensitively) in the text, unless the text uses a
``\\u`` escape, which also triggers a full parse. A query without "service",
"from", "load" or a backslash-u cannot contain any of these constructs, and
skips the parse.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from kg.store_types import QueryRefused

# rdflib's pyparsing grammar is not thread-safe.
_PARSE_LOCK = threading.Lock()

# Substrings, not words: SPARQL lets a keyword follow a number with no space ("1SERVICE").
# A false alarm (e.g. "differentFrom") only costs rdflib's parse (~10 ms).
_QUERY_TRIGGER = re.compile(r"service|from|\\u", re.IGNORECASE)
_UPDATE_TRIGGER = re.compile(r"service|load|\\u", re.IGNORECASE)
_NETWORK_WORDS = re.compile(r"service|load|\\u", re.IGNORECASE)
#: An IRIREF of the SPARQL grammar: a keyword inside one is part of an IRI, not a keyword.
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def _keywords_may_appear(trigger: re.Pattern, text: str) -> bool:
    return bool(trigger.search(_IRIREF.sub(" ", text)))


_FROM_WORD = re.compile(r"\bfrom\b", re.IGNORECASE)


@dataclass(frozen=True)
class QueryFacts:
    has_dataset_clause: bool


@dataclass(frozen=True)
class UpdateFacts:
    operations: int
    #: the update names its own dataset (USING, USING NAMED or WITH)
    has_using_or_with: bool


def _allowed(iri: str, allowlist: Iterable[str]) -> bool:
    """Exact match, or prefix match for an allowlist entry ending in ``*``."""
    for entry in allowlist:
        if entry.endswith("*") and iri.startswith(entry[:-1]):
            return True
        if iri == entry:
            return True
    return False


def _remote_targets(algebra) -> list[str]:  # noqa: ANN001 - rdflib CompValue tree
    """IRIs (or ``?var``) of every SERVICE and LOAD in an rdflib algebra tree."""
    from rdflib import Variable
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[str] = []

    def visit(node):  # noqa: ANN001, ANN202
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.term
                found.append(f"?{term}" if isinstance(term, Variable) else str(term))
            elif node.name == "Load":
                found.append(str(node.iri))
        return None

    traverse(algebra, visitPre=visit)
    return found


def _refuse_remote(targets: list[str], allowlist: Iterable[str]) -> None:
    allowlist = list(allowlist)
    for target in targets:
        if target.startswith("?"):
            raise QueryRefused(
                f"SERVICE {target}: a service IRI chosen at query time cannot be checked "
                "against the allowlist, so it is refused."
            )
        if not _allowed(target, allowlist):
            raise QueryRefused(
                f"<{target}>: this endpoint does not fetch remote data (SERVICE, LOAD) "
                "unless the URL is on its allowlist (KG_SERVICE_ALLOWLIST)."
            )


def parse_error_message(exc: Exception) -> str:
    """rdflib/pyparsing error as 'line L, column C: message'."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or str(exc)
    if line is not None and col is not None:
        return f"line {line}, column {col}: {msg}"
    return msg


def check_query(text: str, allowlist: Iterable[str] = ()) -> QueryFacts:
    """Refuse network access outside the allowlist; report a dataset clause.

    Raises :class:`QueryRefused`. A query rdflib cannot parse is left to the
    engine (which reports the syntax error with its own position), except when
    it mentions SERVICE: an unparseable query that might call out is refused.
    """
    if not _keywords_may_appear(_QUERY_TRIGGER, text):
        return QueryFacts(has_dataset_clause=False)
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with _PARSE_LOCK:
            query = translateQuery(parseQuery(text))
    except Exception as exc:  # rdflib raises many types on bad or exotic input
        if _NETWORK_WORDS.search(text):
            raise QueryRefused(
                "This query mentions SERVICE, which is only allowed for allowlisted "
                f"endpoints, and it could not be checked: {parse_error_message(exc)}"
            ) from None
        return QueryFacts(has_dataset_clause=bool(_FROM_WORD.search(text)))
    _refuse_remote(_remote_targets(query.algebra), allowlist)
    return QueryFacts(has_dataset_clause=bool(query.algebra.datasetClause))


def check_update(text: str, allowlist: Iterable[str] = (), *, need_facts: bool = False) -> UpdateFacts:
    """Refuse LOAD/SERVICE outside the allowlist; with ``need_facts``, always
    parse and report whether the update names its own dataset (USING/WITH),
    which conflicts with the protocol's using-graph-uri parameters."""
    if not need_facts and not _keywords_may_appear(_UPDATE_TRIGGER, text):
        return UpdateFacts(operations=-1, has_using_or_with=False)
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSE_LOCK:
            update = translateUpdate(parseUpdate(text))
    except Exception as exc:
        if _NETWORK_WORDS.search(text) or need_facts:
            raise QueryRefused(
                "This update could not be checked (it mentions LOAD or SERVICE, or comes "
                f"with using-graph-uri parameters): {parse_error_message(exc)}"
            ) from None
        return UpdateFacts(operations=-1, has_using_or_with=False)
    targets: list[str] = []
    using_or_with = False
    for op in update.algebra:
        targets.extend(_remote_targets(op))
        if op.name == "Modify" and (op.using or op.withClause):
            using_or_with = True
    _refuse_remote(targets, allowlist)
    return UpdateFacts(operations=len(update.algebra), has_using_or_with=using_or_with)


_WHERE_AFTER_BRACE = re.compile(r"\}(\s*)(WHERE\b)", re.IGNORECASE)


def _using_of(algebra) -> list[list[tuple[str | None, str | None]]]:  # noqa: ANN001
    """For each Modify operation, its USING clauses as (default, named) pairs."""
    out = []
    for op in algebra:
        if op.name == "Modify":
            out.append(
                [
                    (
                        str(u.default) if u.default is not None else None,
                        str(u.named) if u.named is not None else None,
                    )
                    for u in op.using or ()
                ]
            )
    return out


def add_using_clauses(text: str, using: Iterable[str], using_named: Iterable[str]) -> str:
    """Apply the protocol's using-graph-uri/using-named-graph-uri parameters to
    every DELETE/INSERT operation of an update, as USING clauses.

    pyoxigraph's Python API has no parameter for an update's dataset, so the
    clauses are written into the text, just before the WHERE that follows a
    template's closing brace. The result is then checked with rdflib's parser:
    every Modify operation must carry exactly these clauses, and nothing else
    may change. If that check fails (a comment between ``}`` and WHERE, say),
    the update is refused rather than run with the wrong dataset.
    """
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    using, using_named = list(using), list(using_named)
    clauses = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    rewritten = _WHERE_AFTER_BRACE.sub(lambda m: f"}}{m.group(1)}{clauses} {m.group(2)}", text)
    expected = [(g, None) for g in using] + [(None, g) for g in using_named]
    try:
        with _PARSE_LOCK:
            before = translateUpdate(parseUpdate(text)).algebra
            after = translateUpdate(parseUpdate(rewritten)).algebra
    except Exception as exc:
        raise QueryRefused(f"cannot apply using-graph-uri: {parse_error_message(exc)}") from None
    modify_count = len(_using_of(before))
    if (
        [op.name for op in before] != [op.name for op in after]
        or _using_of(after) != [expected] * modify_count
        or _strip_bnodes(before, drop_using=True) != _strip_bnodes(after, drop_using=True)
    ):
        raise QueryRefused(
            "cannot apply using-graph-uri/using-named-graph-uri to this update; "
            "write USING clauses in the update itself instead."
        )
    return rewritten


def _strip_bnodes(algebra, drop_using: bool) -> str:  # noqa: ANN001
    """A comparable text of an update's algebra: blank node labels (fresh at
    every parse) and USING clauses left out."""
    ops = []
    for op in algebra:
        items = {k: v for k, v in op.items() if not (drop_using and k == "using")}
        ops.append(repr(items))
    return re.sub(r"BNode\('[^']*'\)", "BNode()", "\n".join(ops))
