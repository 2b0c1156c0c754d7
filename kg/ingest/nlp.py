"""The spaCy pipeline: a blank English tokenizer and sentencizer, nothing downloaded.

Built once per process (``spacy.blank`` takes ~0.1 s, importing spaCy ~0.6 s).
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

#: an endnote mark written onto a word ("Israel.[xv]", "the CSTO.[xxx]"): a token of its own,
#: so that the name before it is a token the matchers can find
ENDNOTE = r"\[[ivxlcdm]+\]"
#: a dateline opening a paragraph: "YEREVAN, Sept 14 (Reuters) –", "BAKU –", "BAKU, Azerbaijan (AP) —",
#: "MOSCOW, November 10. /TASS/."
DATELINE = re.compile(
    r"(?m)^(?P<p>[A-Z][A-Z'’.-]+(?:[\s/][A-Z][A-Z'’.-]+){0,2})"  # "BAKU/YEREVAN": two places
    # the country, in AP's style, before the agency, the dash or the date
    r"(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s+\(|\s*[–—-]\s|,\s+[A-Z][a-z]{2,8}\.?\s+\d))?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:(?:\s+\((?P<o>[A-Z][\w&.]*(?:\s[A-Z][\w&.]*){0,2})\))?\s*[–—-]\s|\.\s+/(?P<slash>[A-Z][\w&.]*)/\.?\s)"
)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, ENDNOTE]).search
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
    out = _endnotes_back(text, out)
    datelines = [(m.start(), m.end()) for m in DATELINE.finditer(text)]
    split: list[tuple[int, int]] = []
    for s, e in out:
        # a sentence the sentencizer began inside a dateline ("MOSCOW, November 10. | /TASS/. ...")
        s = next((de for ds, de in datelines if ds < s < de), s)
        if s >= e:
            continue
        cut = s
        if (line := DATELINE.match(text, s) or TIMESTAMP.match(text, s)) and line.end() < e:
            # the dateline (its agency is no subject of what follows) or a live report's time
            split.append((s, line.end()))
            cut = line.end()
        for m in FOOTNOTE_END.finditer(text, cut, e):
            split.append((cut, m.end(1)))
            cut = m.end()
        split.append((cut, e))
    return [_trim(text, s, e) for s, e in split if text[s:e].strip()]


def _endnotes_back(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An endnote mark the sentencizer put at the start of the next sentence ("... the
    CSTO." | "[xxx] This ...") ends the sentence it annotates."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        m = re.match(rf"\s*{ENDNOTE}", text[s:e])
        if m and out and not text[out[-1][1] : s].strip() and text[out[-1][1] - 1 : out[-1][1]] in ".!?’”":
            out[-1] = (out[-1][0], s + m.end())
            s += m.end()
        out.append((s, e))
    return out


#: a live report's time before an entry: "13:10 – ", "Update, 18:30: "
TIMESTAMP = re.compile(r"[ \t]*(?:Update,?\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|GMT|BST|CET|local\s+time))?\s*[–—:-]\s+")
FOOTNOTE_END = re.compile(r"([.!?][’”]?\[[ivxlcdm]+\])\s+(?=[A-Z‘“0-9])")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    chunk = text[s:e]
    return s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))
