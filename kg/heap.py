"""Python's garbage collector in a build whose heap grows with the corpus.

The build holds millions of long-lived objects (annotations, ontology, shapes)
and makes and drops one document's rdflib graph at a time (rdflib graphs hold
reference cycles, so only the collector frees them). Left to its heuristics,
the collector walks the long-lived objects again and again; here they are
frozen once they are made, and full collections happen between documents.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settled() -> None:
    """Tell the garbage collector that what exists now stays (gc.freeze).

    The graphs are millions of long-lived objects without cycles; each full
    collection would walk all of them again, a cost that grows with the
    corpus (10×: a build 12.3× slower than 1×). Frozen, they are left out of
    collections, and forked processes (validation) no longer copy the pages
    that a collection would touch.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def manual_full_collections() -> Iterator[None]:
    """No automatic full garbage collections: the caller collects (:func:`settled`) after
    each document, when its objects are garbage.

    Python's collector walks every object not frozen at each full collection. It ran
    about four per document, while the document's rdflib graph and reasoning were
    alive: 40 % of the document loop at 10× (23 of 58 s), and more per document as
    the corpus grows (0.25 s a collection at 10×, 0.46 s at 30×). Collected by hand
    after each document, with all that came before frozen, a collection walks one
    document's objects."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
