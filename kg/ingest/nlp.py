"""The spaCy pipeline: a blank English tokenizer and sentencizer, nothing downloaded.

Built once per process (``spacy.blank`` takes ~0.1 s, importing spaCy ~0.6 s).
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def parse(text: str) -> Doc:
    return pipeline()(text)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character spans, split further at blank lines (headings, captions) and
    after footnote markers ("...areas.[viii] Nine weeks"), which hide a sentence end."""
    out: list[tuple[int, int]] = []
    text = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        cut = start
        while (i := text.find("\n", cut, end)) != -1:
            out.append((start, i))
            start = cut = i + 1
        out.append((start, end))
    split: list[tuple[int, int]] = []
    for s, e in out:
        cut = s
        for m in FOOTNOTE_END.finditer(text, s, e):
            split.append((cut, m.end(1)))
            cut = m.end()
        split.append((cut, e))
    return [_trim(text, s, e) for s, e in split if text[s:e].strip()]


FOOTNOTE_END = re.compile(r"([.!?][’”]?\[[ivxlcdm]+\])\s+(?=[A-Z‘“0-9])")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    chunk = text[s:e]
    return s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))
