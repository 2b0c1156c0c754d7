"""Quote → character offsets.

Annotators quote the text; offsets are computed, never typed by hand, so
they cannot drift from the text. A quote that is missing or ambiguous is an
error a person can fix: the message names the document, the quote and the
closest passage (or every place the quote occurs).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class AnchorError(ValueError):
    """A quote that cannot be anchored to exactly one span of its text."""


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def fragment(self) -> str:
        """The RFC 5147 fragment identifying this span of a text/plain document."""
        return f"char={self.start},{self.end}"


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset at which ``quote`` occurs in ``text`` (overlaps included)."""
    found, i = [], text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def closest_passage(text: str, quote: str) -> str:
    """The passage of ``text`` most like ``quote``, to show next to a failed anchor.

    Compares the quote with windows of its own length around positions that
    share its rarest-looking word, falling back to a coarse scan.
    """
    n = len(quote)
    words = sorted({w for w in quote.split() if len(w) > 3}, key=len, reverse=True)
    starts: set[int] = set()
    for word in words[:5]:
        for i in occurrences(text, word):
            offset = quote.find(word)
            starts.add(max(0, i - offset))
    if not starts:
        starts = set(range(0, max(1, len(text) - n), max(1, n // 4)))
    best = max(
        starts,
        key=lambda s: difflib.SequenceMatcher(None, quote, text[s : s + n], autojunk=False).ratio(),
    )
    return text[best : best + n]


def anchor(text: str, quote: str, occurrence: int | None = None, *, doc: str = "?") -> Span:
    """Find the one span of ``text`` that ``quote`` denotes.

    ``occurrence`` (1-based) picks one when the quote occurs several times; it
    is required then, so that an evidence link never lands on the wrong passage.
    """
    if not quote:
        raise AnchorError(f"document {doc}: empty quote")
    starts = occurrences(text, quote)
    if not starts:
        raise AnchorError(
            f"document {doc}: quote not found: {quote!r}\n  closest passage: {closest_passage(text, quote)!r}"
        )
    if occurrence is None:
        if len(starts) > 1:
            places = ", ".join(f"{i + 1}: char {s}" for i, s in enumerate(starts))
            raise AnchorError(
                f"document {doc}: quote occurs {len(starts)} times: {quote!r} ({places}); "
                "add 'occurrence: N' or quote a longer passage"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise AnchorError(
            f"document {doc}: occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s): {quote!r}"
        )
    start = starts[occurrence - 1]
    return Span(start, start + len(quote))
