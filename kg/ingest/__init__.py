"""``kg ingest``: read a new plain-text article and propose its annotations.

The proposals are a *draft* in the curated YAML format (docs/annotations.md):
every item carries ``proposed: true``, ``proposed_by`` (the rule that made it)
and ``confidence``, and the file carries ``status: draft`` until a person has
reviewed it. Everything is rule-based (spaCy's rule components, dateparser,
word2number) so that it runs offline and gives byte-identical output for the
same input. ``kg ingest --score`` measures the rules against the curated
annotations (leave-one-document-out over the seed texts).

Modules, in pipeline order: ``reader`` (input checks), ``gazetteer``,
``linker`` and ``names`` (entity mentions, new entities), ``dates``,
``persons`` (titles, tenures), ``events`` (events, agreements),
``quantities`` (casualties, losses, holdings, transfers, measurements),
``attribution`` (who says it), ``draft`` (the writer); ``pipeline`` ties
them together, ``score`` measures them and ``cli`` is the command line.
Shared: ``model`` (proposal objects), ``context``, ``nlp`` (spaCy),
``world`` (general lists: states, titles, months), ``ontology_types``.
"""

from __future__ import annotations

__all__ = ["ingest_command"]


def ingest_command(argv: list[str] | None = None) -> int:
    """Entry point for ``kg ingest`` (imported lazily: spaCy takes ~0.6 s to load)."""
    from kg.ingest.cli import ingest_command as run

    return run(argv)
