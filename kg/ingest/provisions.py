"""The deadlines an agreement's terms set.

A provision such as "The Kalbajar District shall be returned to the Republic of
Azerbaijan by 15 November 2020, and the Lachin District by 1 December 2020" sets two
deadlines. Each becomes a measurement of the agreement (``measure: deadline``) whose
``due`` is the date and whose ``value_text`` is what is due, so a researcher can ask
for what was to be done by when, and a reviewer sees each deadline on its own line
rather than inside the term's words.

A deadline is either a calendar date after "by", "before" or "no later than" (one the
date rules found; "by 15 December" takes its year from the context), or a span "within
(the next) N days/weeks/months/years", counted from the agreement's date (or, for an
undated agreement, the document's: an agreement's own text is dated by its signing), at
the precision that date has; not a span counted from something else ("within 30 days of
that meeting"). What is due is the clause before the deadline, or after it when the
deadline comes first; an elliptic clause ("and the Lachin District by ...") takes the verb
phrase of the one before, a clause with no subject ("and shall start ...") its sentence's.
"""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta

from kg.ingest.context import Context
from kg.ingest.dates import UNIT_NUMBER, count_words, fmt, parse_value
from kg.ingest.model import Item

#: the words that put a date as a deadline: "by 20 November 2020", "no later than 1 March", "before ..."
BEFORE_DUE = re.compile(r"\b(?:by|before|(?:no|not)\s+later\s+than)\s+(?:the\s+)?$", re.I)
#: a deadline counted from the agreement: "within the next three years", "within 30 days"
WITHIN = re.compile(
    rf"\bwithin\s+(?:the\s+(?:next|following)\s+|a\s+period\s+of\s+)?"
    rf"(?P<n>a|an|one|{UNIT_NUMBER}|\d{{1,3}})\s+(?P<u>day|week|month|year)s?\b",
    re.I,
)
#: what a span is counted from when it is not the agreement: "within 30 days of that meeting"
#: ("within 60 days of the adoption of this Statement" is the agreement's own date)
FROM_ELSEWHERE = re.compile(
    r"\s+(?:of|after|from|following)\s+(?!(?:the\s+)?(?:adoption|signing|signature|entry\s+into\s+force|date)\b|this\b)"
)
#: the verb of a provision: what is due starts at its subject and runs through it
MODAL = re.compile(r"\b(?:shall|will|must|is\s+to|are\s+to|is\s+required\s+to|are\s+required\s+to)\b")
#: where a clause of a provision starts: its beginning, or after "; " or ", and "
CLAUSE_START = re.compile(r"(?:^|;\s+|,\s+and\s+|\.\s+|\s+and\s+(?=shall|will|must))")
CLAUSE_END = re.compile(r"[.;](?:\s|$)")
#: date patterns that name no day of the calendar by themselves ("by Monday", "before last week")
NOT_CALENDAR = frozenset({"weekday", "units", "last", "deictic", "past", "decade"})
SHIFT = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


def deadlines(ctx: Context, agreement: str, base: str | None, term: tuple[str, int, int]) -> list[Item]:
    """The deadlines one term of ``agreement`` sets, each with what is due by it."""
    _, t0, t1 = term
    out: list[Item] = []
    predicate = ""  # the last clause's verb phrase: "and the Lachin District by ..." shares it
    for at, end, value, why, rule in _dues(ctx, base, t0, t1):
        starts = [m.end() for m in CLAUSE_START.finditer(ctx.text, t0, at) if m.end() < at]
        c0 = max([t0, *starts])
        clause = ctx.text[c0:at].strip().rstrip(",")
        if not clause:  # put first: "Within the next three years, a plan shall be agreed ..."
            stop = CLAUSE_END.search(ctx.text, end, t1)
            after = stop.start() if stop else t1
            clause = ctx.text[end:after].strip(" ,")
            c0, end = at, after
        modal = MODAL.search(clause)
        if modal and modal.start() == 0:  # "... and shall start": the subject of the sentence
            s0 = ctx.sentence(at)[0]
            subject = MODAL.search(ctx.text, s0, at)
            if subject is not None:
                clause = f"{ctx.text[s0 : subject.start()].strip()} {clause}"
            modal = MODAL.search(clause)
        if modal:
            predicate = clause[modal.start() :]
        elif predicate:  # an elliptic clause: its subject, the verb phrase before it
            clause = f"{clause} {predicate}"
        else:
            continue  # no verb to say what is due
        item = Item(
            "measurements",
            {"entity": agreement, "measure": "deadline", "due": value, "value_text": clause},
            c0,
            end,
            rule,
            0.4,
        )
        if why:
            item.extra["date_resolution"] = why
        out.append(item)
    return out


def _dues(ctx: Context, base: str | None, t0: int, t1: int) -> list[tuple[int, int, str, str | None, str]]:
    """(where the deadline's words start, where they end, its date, how it was resolved,
    the rule) for each deadline in the term's span, in text order."""
    found = []
    for d in ctx.dates:
        if t0 <= d.start and d.end <= t1 and d.pattern not in NOT_CALENDAR:
            by = BEFORE_DUE.search(ctx.text, t0, d.start)
            if by is not None:
                found.append((by.start(), d.end, d.value, d.resolution, f"rule:deadline:{d.pattern}"))
    if base is not None:
        start, precision = parse_value(base)
        for m in WITHIN.finditer(ctx.text, t0, t1):
            if FROM_ELSEWHERE.match(ctx.text, m.end()):
                continue  # "within 30 days of that meeting": counted from something else
            n = int(m["n"]) if m["n"].isdigit() else count_words(m["n"])
            unit = m["u"].lower()
            value = fmt(start + relativedelta(**{SHIFT[unit]: n}), precision)
            why = f"'{m.group(0)}': counted from the agreement's date ({base}), {value}"
            found.append((m.start(), m.end(), value, why, "rule:deadline:within"))
    return sorted(found)
