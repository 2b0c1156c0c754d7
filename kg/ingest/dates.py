"""Dates in the text, absolute and relative, resolved at the precision given.

Absolute dates ("5 May 1994", "September 27", "September 2020", "in 2016",
"1988-1994") are found by pattern and normalised by dateparser (month names,
abbreviations, ordinals, impossible days). Relative ones are resolved against
the document's date ("on Sunday": the Sunday on or before it; "last week")
or against the dated passage they hang on, the last date the text gave
before them ("two years later", "Nine weeks before"), and each records how,
as the curated files' ``date_resolution`` does. A date keeps the precision the
text gives: YYYY, YYYY-MM or YYYY-MM-DD, never more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta
from word2number import w2n

from kg.ingest import world

#: the precision a shift by one of these units keeps (days and weeks: to the day)
UNIT_PRECISION = {"year": 1, "month": 2}
MONTH_ABBR = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
M_FULL = "|".join(world.MONTHS)
M_ANY = "|".join((*world.MONTHS, *sorted(MONTH_ABBR, key=len, reverse=True)))
#: an abbreviated month before or after a day ("Sept 14", "3 Oct."): a dateline's date
M_ABBR = "|".join(sorted(MONTH_ABBR, key=len, reverse=True))
Y = r"(?:1[89]\d\d|20\d\d)"
WD = "|".join(world.WEEKDAYS)
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirty": 30,
    "twenty": 20,
    "fifteen": 15,
}

#: a count of days, weeks, months or years in words, up to ninety-nine ("twenty-five years later")
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
UNIT_NUMBER = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:{_UNITS}))?|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS})"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "9-10 November 2020", "the hostilities of 13 and 14 September 2022": a span of days
    (
        "dmy-range",
        re.compile(
            rf"\b(?P<d1>\d{{1,2}})\s*(?:[-–]|\s(?:and|to)\s)\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{M_ANY})\.?,?\s+(?P<y>{Y})\b"
        ),
    ),
    # "September 19 and 20, 2023", "19-20 September" (the year from the context when not given)
    (
        "mdy-range",
        re.compile(
            rf"\b(?P<m>{M_FULL}|{M_ABBR}\.?)\s+(?P<d1>\d{{1,2}})\s*(?:[-–]|\s(?:and|to)\s)\s*(?P<d>\d{{1,2}})"
            rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>{Y}))?\b(?![,.]?\d)"
        ),
    ),
    (
        "dm-range",
        re.compile(
            rf"\b(?P<d1>\d{{1,2}})\s*(?:[-–]|\s(?:and|to)\s)\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+"
            rf"(?P<m>{M_FULL}|{M_ABBR}\b\.?)(?![\w-]|\s+\d)"
        ),
    ),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{M_ANY})\.?,?\s+(?P<y>{Y})\b")),
    # "05.03.2023": day, month and year in figures, as the region's ministries date their releases
    ("dotted", re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>{Y})(?![\d]|\.\d)")),
    ("mdy", re.compile(rf"\b(?P<m>{M_ANY})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{Y})\b")),
    (
        "md",
        re.compile(
            rf"\b(?P<m>{M_FULL}|{M_ABBR}\.?)\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
            r"(?![\d,.]*\s*(?:%|per\b|million|billion|years?))"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:(?:st|nd|rd|th)\s+of|(?:st|nd|rd|th)?)\s+(?P<m>{M_FULL}|{M_ABBR}\b\.?)(?![\w-])"
        ),
    ),
    ("my", re.compile(rf"\b(?:(?P<q>early|mid|late)[\s-]+)?(?P<m>{M_ANY})\.?,?\s+(?P<y>{Y})\b")),
    ("range", re.compile(rf"(?<![\d,.$£€])\b(?P<y>{Y})\s*[-–]\s*(?P<y2>{Y}|\d\d)\b(?![,.]?\d)")),
    ("qy", re.compile(rf"\b(?:early|mid|late)[\s-](?P<y>{Y})\b(?![\d,.]\d|\s*%|\s*[-–]\s*\d)", re.I)),
    ("y", re.compile(rf"(?<![\d,.$£€/-])\b(?P<y>{Y})\b(?![\d,.]\d|\s*%|\s*[-–]\s*\d)")),
    # "the late 1980s": no value at any precision we keep, but a time the narrative moves to
    ("decade", re.compile(r"\b(?:(?:early|mid|late)[\s-]+)?(?:1[89]\d0|20\d0)s\b")),
    (
        "m",
        re.compile(
            rf"(?<![\w-])(?:(?P<q>early|mid|late)[\s-]+)?(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?P<m>{M_FULL})\b"
            r"(?!\s+\d|\s+Day\b)"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<last>last|this|early|late)\s+)?(?:(?P<q>early)\s+)?(?P<w>{WD})(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "units",
        re.compile(
            rf"\b(?P<n>a|an|{UNIT_NUMBER}|\d{{1,2}})\s+(?P<u>day|week|month|year)s?\s+"
            r"(?P<dir>later|afterwards|after|before|earlier|ago|previously)\b",
            re.I,
        ),
    ),
    (
        "past",
        re.compile(
            rf"\b(?:over|for|in|during|throughout)\s+the\s+(?:past|last)\s+(?P<n>{UNIT_NUMBER}|\d{{1,2}})\s+"
            r"(?P<u>years|decades)\b",
            re.I,
        ),
    ),
    (
        "last",
        re.compile(
            r"\b(?:(?P<edge>earlier|later|early|late)\s+)?(?P<w>last|this|past|next)\s+(?P<u>week|month|year)\b(?!s)",
            re.I,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<w>yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|"
            r"the following (?:day|week|month|year)|the previous (?:day|week|month|year)|"
            r"the (?:next|day) (?:day|after|before)|later that (?:day|morning|evening)|the same (?:day|month|year)|"
            r"(?:almost\s+|nearly\s+)?(?:concurrently|simultaneously))\b",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    kind: str  # absolute | relative
    pattern: str
    role: str = "point"  # point | start | end
    resolution: str | None = None
    confidence: float = 0.9

    @property
    def precision(self) -> int:
        return value_precision(self.value)


def value_precision(value: str) -> int:
    """1 for YYYY, 2 for YYYY-MM, 3 for YYYY-MM-DD."""
    return value.count("-") + 1


def fmt(d: date, precision: int) -> str:
    return (f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat())[precision - 1]


def parse_value(value: str) -> tuple[date, int]:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), len(parts)


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    # A fixed RELATIVE_BASE keeps results independent of today's date (determinism). Only
    # absolute strings are read here ("5 May 1994", assembled from a pattern's parts): the
    # relative parsers, tried first by default, cost ten times as much and never apply.
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first", "PARSERS": ["absolute-time"]},
    )


def normalise(text: str, precision: int) -> str | None:
    """dateparser's reading of an absolute date string, at ``precision``; None if impossible."""
    data = _parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return fmt(data.date_obj.date(), precision)


def count_words(words: str) -> int:
    """A count written in words ("a", "fourteen", "twenty-five"), through word2number."""
    low = words.lower()
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    try:
        return int(w2n.word_to_num(low.replace("-", " ")))
    except ValueError:
        return 0


def _month(word: str) -> int:
    word = word.rstrip(".")
    return world.MONTHS.index(word) + 1 if word in world.MONTHS else MONTH_ABBR[word]


def find_dates(text: str, doc_date: str) -> list[DateMention]:
    """Every date expression, resolved, in text order (overlaps: the longest wins)."""
    raw: list[tuple[int, int, str, re.Match[str]]] = []
    for name, rx in PATTERNS:
        for m in rx.finditer(text):
            raw.append((m.start(), m.end(), name, m))
    raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for r in raw:
        if not any(r[0] < c[1] and c[0] < r[1] for c in chosen):
            chosen.append(r)
    chosen.sort(key=lambda r: r[0])

    ddate, dprec = parse_value(doc_date)
    out: list[DateMention] = []
    anchor: DateMention | None = None
    for start, end, name, m in chosen:
        if name == "decade":
            anchor = None  # what follows is not dated by the date before the decade
            continue
        base = _cited_date(text, start, end, chosen) if name in DOC_RELATIVE else None
        if base is not None:  # "‘... from next year’, CNN 28 September 2023": the headline's date
            found = [
                replace(d, resolution=(d.resolution or "").replace("the document's date", "the cited headline's date"))
                for d in _resolve(name, m, start, end, *parse_value(base), base, anchor)
            ]
        else:
            near = anchor
            if _far(anchor, start, ddate, dprec):  # the date as read from the report's own day
                near = _near(anchor, ddate, _resolve(name, m, start, end, ddate, dprec, doc_date, None))
            found = _resolve(name, m, start, end, ddate, dprec, doc_date, _anchor_for(name, m, near, out))
        # "since 2020" starts a period, "until 2020" ends one
        edge = re.search(
            r"\b(since|from|until|till)\s+(?:early\s+|late\s+|mid-)?$", text[max(0, start - 12) : start], re.I
        )
        if edge and len(found) == 1:
            role = "start" if edge.group(1).lower() in ("since", "from") else "end"
            found = [replace(found[0], role=role)]
        prev = out[-1] if out else None
        if prev is not None and len(found) == 1 and prev.role in ("start", "point"):
            # "from 1992 to 1994", "between 1988 and 1994": the second date ends the period
            gap = text[prev.end : start]
            opened = prev.role == "start" or re.search(
                r"\bbetween\s+(?:early\s+|late\s+|mid-)?$", text[max(0, prev.start - 16) : prev.start], re.I
            )
            if opened and re.fullmatch(r"\s+(?:to|until|till|through|and)\s+(?:early\s+|late\s+|mid-)?", gap):
                out[-1] = replace(prev, role="start")
                found = [replace(found[0], role="end")]
                if prev.pattern == "m" and found[0].kind == "absolute" and found[0].precision >= 2:
                    # "between March and May 2021": the first month is of the year the second gives
                    year = found[0].value[:4]
                    out[-1] = replace(
                        out[-1],
                        value=year + prev.value[4:],
                        resolution=f"'{text[prev.start : prev.end]}': the year of the end of its period, {year}",
                    )
        for dm in found:
            out.append(dm)
        since = edge is not None and edge.group(1).lower() == "since"
        # "since last December" anchors the months after it; "since mid-2022" (a year) does not
        recent = bool(found) and found[-1].precision >= 2 and int(found[-1].value[:4]) >= ddate.year - 1
        if found and (not since or recent) and name != "past" and not _names_a_text(text, start, end):
            # "since 1992", "over the past ten years" name a period that lasts until the time
            # of writing, not a point the narrative stands at: "the following year" is not 1993
            anchor = found[-1] if found[-1].role != "start" else found[0]
    return out


#: a date that names an agreement or a document rather than a time the narrative stands at:
#: "the trilateral statement of 9 November 2020", "the 1997 Treaty on Friendship"
OF_A_TEXT = re.compile(
    r"\b(?:statement|agreement|treaty|declaration|protocol|resolution|accord|ceasefire|armistice|decree|"
    r"convention|charter|law)\s+of\s+(?:the\s+)?$",
    re.I,
)
TEXT_NAMED = re.compile(r"\s+(?:Treaty|Agreement|Protocol|Declaration|Statement|Accords?|Convention|Charter)\b")


def _names_a_text(text: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) dates an agreement or document it names: the date of a
    year-less date after it is then not its year ("... and the 1997 Treaty on Friendship. A
    ceasefire was agreed on the evening of 14 September")."""
    return bool(OF_A_TEXT.search(text, max(0, start - 40), start) or TEXT_NAMED.match(text, end))


def _far(anchor: DateMention | None, start: int, ddate: date, dprec: int) -> bool:
    """Whether a report dated to the day may have left the passage's date behind: it is
    years before the report's own and more than some 300 characters back."""
    return anchor is not None and dprec == 3 and int(anchor.value[:4]) < ddate.year - 1 and start - anchor.end > 300


def _near(anchor: DateMention | None, ddate: date, own_day: list[DateMention]) -> DateMention | None:
    """The passage's date, unless the date read from the report's own day (``own_day``) falls
    in the two months before the report: a background paragraph's "the 1994 ceasefire" does
    not date "The fighting that erupted on September 27" three paragraphs on in a report of 11
    October 2020. (A history dated to the day keeps its passage: "The pogrom, which began on
    27 February" is 1988's, not nine months before the feature.)"""
    if len(own_day) != 1:
        return anchor
    when, prec = parse_value(own_day[0].value)
    recent = prec >= 2 and timedelta(0) <= ddate - when <= timedelta(days=62)
    return None if recent else anchor


def _anchor_for(
    name: str, m: re.Match[str], anchor: DateMention | None, before: list[DateMention]
) -> DateMention | None:
    """What a relative date counts from: the date before it; but days or weeks count from the
    last date given to the day ("On Monday ... since a meeting last week. Two days later": two
    days after Monday, not after "last week")."""
    if name != "units" or anchor is None or m.group("u").lower() not in ("day", "week"):
        return anchor
    if parse_value(anchor.value)[1] == 3:
        return anchor
    return next((d for d in reversed(before) if parse_value(d.value)[1] == 3), anchor)


#: words before a month that make "May" the month, not the verb: "in May", "until May"
MONTH_CUE = re.compile(r"\b(?:[Ii]n|[Oo]f|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Tt]o|[Dd]uring|[Tt]hrough)\s+$")


#: patterns resolved against the date of writing, not against the date before them
DOC_RELATIVE = frozenset({"weekday", "last", "deictic", "units", "past"})


def _cited_date(text: str, start: int, end: int, chosen: list) -> str | None:
    """The date of a cited headline a relative date lies in (‘Title’, Outlet 28 September
    2023): its 'next year' is the year after that, not after the citing text's date."""
    line0 = text.rfind("\n", 0, start) + 1
    open_q = text.rfind("‘", line0, start)
    if open_q == -1 or "’" in text[open_q:start].replace("’s", "").replace("n’t", ""):
        return None
    close = re.search(r"’(?!\w)", text[end:])
    if close is None or "\n" in text[end : end + close.start()]:
        return None
    after = end + close.end()
    for c in chosen:
        if c[2] in ("dmy", "mdy", "my") and after <= c[0] <= after + 60 and "\n" not in text[after : c[0]]:
            g = c[3].groupdict()
            precision = 3 if c[2] != "my" else 2
            return normalise(f"{g.get('d') or ''} {g['m']} {g['y']}".strip(), precision)
    return None


def _context_year(anchor: DateMention | None, ddate: date, month: int, dprec: int, day: int = 1) -> int:
    """The year of a date written without one: the dated passage before it, else the document's.

    A report's narrative moves on to the days it is written in: a day of the year that comes
    before the passage's own is of the next year ("the blockade, which began on 12 December
    2022 ... On 25 September", written in October 2023, is 2023's), when the passage is of the
    year before the document's and that day is not after the document's date; in a history,
    the passage's year ("In May 1992 ... On 2 February")."""
    if anchor is not None:
        a, aprec = parse_value(anchor.value)
        if aprec >= 2 and a.year == ddate.year - 1 and (month, day) < (a.month, a.day if aprec == 3 else 1):
            later = (a.year + 1, month, day)
            if dprec == 1 or later <= (ddate.year, ddate.month, ddate.day):
                return a.year + 1
        return a.year
    if dprec >= 2 and month > ddate.month:
        return ddate.year - 1
    return ddate.year


def _resolve(
    name: str,
    m: re.Match[str],
    start: int,
    end: int,
    ddate: date,
    dprec: int,
    doc_date: str,
    anchor: DateMention | None,
) -> list[DateMention]:
    g = m.groupdict()
    if name in ("dmy-range", "mdy-range", "dm-range"):
        y = g.get("y") or _context_year(anchor, ddate, _month(g["m"]), dprec, int(g["d1"]))
        v1 = normalise(f"{g['d1']} {g['m']} {y}", 3)
        v2 = normalise(f"{g['d']} {g['m']} {y}", 3)
        if not v1 or not v2 or v2 <= v1:
            return []
        kind, why = "absolute", None
        if not g.get("y"):
            kind, why = "relative", f"'{m.group(0)}': no year given; the year of the text's context, {y}"
        return [
            DateMention(start, m.end("d1"), v1, kind, name, role="start", resolution=why),
            DateMention(m.start("d"), end, v2, kind, name, role="end", resolution=why),
        ]
    if name == "qy":  # "mid-2021": the year, at the precision the text gives (the year is the mention)
        return [DateMention(m.start("y"), end, g["y"], "absolute", "y", confidence=0.8)]
    if name == "dotted":
        try:
            v = date(int(g["y"]), int(g["mo"]), int(g["d"])).isoformat()
        except ValueError:
            return []
        return [DateMention(start, end, v, "absolute", "dmy")]
    if name in ("dmy", "mdy"):
        v = normalise(f"{g['d']} {g['m']} {g['y']}", 3)
        return [DateMention(start, end, v, "absolute", name)] if v else []
    if name in ("md", "dm"):
        y = _context_year(anchor, ddate, _month(g["m"]), dprec, int(g["d"]))
        v = normalise(f"{g['d']} {g['m']} {y}", 3)
        if not v:
            return []
        why = f"'{m.group(0)}': no year given; the year of the text's context, {y}"
        return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.8)]
    if name == "my":
        v = normalise(f"{g['m']} {g['y']}", 2)
        return [DateMention(start, end, v, "absolute", name)] if v else []
    if name == "range":
        y1, y2 = g["y"], g["y2"]
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if int(y2) <= int(y1):
            return []
        return [
            DateMention(start, start + len(g["y"]), y1, "absolute", name, role="start"),
            DateMention(m.start("y2"), end, y2, "absolute", name, role="end"),
        ]
    if name == "y":
        return [DateMention(start, end, g["y"], "absolute", name, confidence=0.85)]
    if name == "m":
        month = _month(g["m"])
        if (
            g["m"] == "May"
            and not (g.get("q") or g.get("rel"))
            and not MONTH_CUE.search(m.string, max(0, start - 10), start)
        ):
            return []  # too often the verb at a sentence start ("May God ...", "May the talks succeed")
        y = _context_year(anchor, ddate, month, dprec)
        why = f"'{m.group(0)}': no year given; the year of the text's context, {y}"
        if g.get("rel") and dprec >= 2:  # "since last December", written in September 2023: 2022
            shift = {"last": -(month >= ddate.month), "this": 0, "next": month <= ddate.month}[g["rel"].lower()]
            y = ddate.year + shift
            why = f"'{m.group(0)}': relative to the document's date ({doc_date}), {y}"
        elif g.get("rel") and g["rel"].lower() != "this":  # a document dated to the year: the year before or after
            y = ddate.year + (-1 if g["rel"].lower() == "last" else 1)
            why = f"'{m.group(0)}': relative to the document's year ({doc_date}), {y}"
        v = f"{y:04d}-{month:02d}"
        return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.7)]
    if name == "weekday":
        if dprec < 3 or g.get("last") == "this":
            return []
        target = world.WEEKDAYS.index(g["w"])
        back = (ddate.weekday() - target) % 7
        if g.get("last") == "last" and back == 0:
            back = 7
        d = ddate - timedelta(days=back)
        why = f"'{m.group(0)}': the {g['w']} on or before the document's date ({doc_date}), {d.isoformat()}"
        return [DateMention(start, end, d.isoformat(), "relative", name, resolution=why, confidence=0.75)]
    if name == "units":
        n = int(g["n"]) if g["n"].isdigit() else count_words(g["n"])
        unit, direction = g["u"].lower(), g["dir"].lower()
        follows = m.string[end : end + 2].strip()[:1]
        clausal = direction in ("after", "before") and follows not in ("", ",", ".", ";", ")")
        near = anchor is not None and 0 <= start - anchor.end <= 30  # "on 3 October 2023, two weeks after ..."
        if clausal and direction == "after" and near:
            base, bprec = parse_value(anchor.value)
            base_desc = f"the date before it in the text ({anchor.value})"
            sign = -1
        elif direction == "ago" or (clausal and direction == "after"):
            base, bprec, base_desc = ddate, dprec, f"the document's date ({doc_date})"
            sign = -1
        else:
            if anchor is None:
                base, bprec, base_desc = ddate, dprec, f"the document's date ({doc_date})"
            else:
                base, bprec = parse_value(anchor.value)
                base_desc = f"the date before it in the text ({anchor.value})"
            sign = 1 if direction in ("later", "afterwards", "after") else -1
            if clausal and direction == "before":
                if anchor is None:
                    return []  # "two days before Russia brokered a ceasefire", and no date to count from
                sign = 1  # "took Shusha on 8 November, two days before Russia brokered a ceasefire": the 10th
        delta = {
            "day": relativedelta(days=n),
            "week": relativedelta(weeks=n),
            "month": relativedelta(months=n),
            "year": relativedelta(years=n),
        }[unit]
        prec = min(bprec, UNIT_PRECISION.get(unit, 3))
        days = {"day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}[unit]
        if prec < UNIT_PRECISION.get(unit, 3) and days < {1: 365, 2: 28}[prec]:
            delta = relativedelta()  # "two days before" a month (or a year) is in it, as far as we know
        d = base + delta if sign > 0 else base - delta
        v = fmt(d, prec)
        why = f"'{m.group(0)}': {n} {unit}(s) {'after' if sign > 0 else 'before'} {base_desc}, {v}"
        return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.6)]
    if name == "past":
        # "over the past fourteen years": a period that began that long before the time of writing
        n = int(g["n"]) if g["n"].isdigit() else count_words(g["n"])
        years = n * (10 if g["u"].lower() == "decades" else 1)
        if not n:
            return []
        v = f"{ddate.year - years:04d}"
        why = f"'{m.group(0)}': {years} years before the document's date ({doc_date}), {v}"
        return [DateMention(start, end, v, "relative", name, role="start", resolution=why, confidence=0.55)]
    if name == "last":
        unit, w = g["u"].lower(), g["w"].lower()
        if w == "past":
            return []
        shift = {"last": -1, "this": 0, "next": 1}[w]
        if unit == "year":
            v = str(ddate.year + shift)
        elif dprec < 2:
            return []
        elif unit == "month":
            v = fmt(ddate + relativedelta(months=shift), 2)
        else:
            if dprec < 3:
                return []
            monday = ddate - timedelta(days=ddate.weekday()) + timedelta(weeks=shift)
            sunday = monday + timedelta(days=6)
            if monday.month != sunday.month:
                return []
            v = fmt(monday, 2)
        why = f"'{m.group(0)}': relative to the document's date ({doc_date}), {v}"
        return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.6)]
    if name == "deictic":
        w = g["w"].lower()
        if w in ("yesterday", "today", "tonight", "last night") or w.startswith("this "):
            if dprec < 3:
                return []
            d = ddate - timedelta(days=1 if w in ("yesterday", "last night") else 0)
            why = f"'{m.group(0)}': relative to the document's date ({doc_date}), {d.isoformat()}"
            return [DateMention(start, end, d.isoformat(), "relative", name, resolution=why, confidence=0.7)]
        if anchor is None:
            return []
        base, bprec = parse_value(anchor.value)
        unit = {"after": "day", "before": "day"}.get(w.split()[-1], w.split()[-1])
        following = "following" in w or "next" in w or w.endswith("after")
        shift = 1 if following else -1 if ("previous" in w or w.endswith("before")) else 0
        delta = {
            "day": relativedelta(days=shift),
            "week": relativedelta(weeks=shift),
            "month": relativedelta(months=shift),
            "year": relativedelta(years=shift),
        }.get(unit, relativedelta())
        if unit == "week":  # a week is dated by its month, when it lies in one
            monday = base + delta - timedelta(days=(base + delta).weekday())
            if bprec < 3 or monday.month != (monday + timedelta(days=6)).month:
                return []
            v = fmt(monday, 2)
            why = f"'{m.group(0)}': relative to the date before it in the text ({anchor.value}), {v}"
            return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.5)]
        prec = min(bprec, UNIT_PRECISION.get(unit, 3))
        if prec < UNIT_PRECISION.get(unit, 3):
            delta = relativedelta()  # "mid-July ... The previous day": still July, not June
        v = fmt(base + delta, prec)
        why = f"'{m.group(0)}': relative to the date before it in the text ({anchor.value}), {v}"
        return [DateMention(start, end, v, "relative", name, resolution=why, confidence=0.6)]
    return []
