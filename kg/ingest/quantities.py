"""Numbers with what they count: casualties, equipment losses, holdings, measurements.

A number (digits, "5.000" with a thousands dot, "$158billion", words through
word2number, "two dozen", or none at all: "a number of", "dozens") is kept
only when the words after it say what it counts: people (soldiers, civilians,
"an Azeri family of five"), equipment (tanks, armored personnel carriers, a
weapon model) or a unit (square kilometres, barrels, dollars, "-strong").
The hedge before it ("some", "at least", "more than", "just over", "nearly",
"up to") gives the qualifier; a casualty word near it (killed, dead, wounded,
forced out) makes a casualty figure, a loss word (destruction or capture,
downing) an equipment loss; the demonym or actor next to the noun is the side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from word2number import w2n

from kg.ingest.context import Context
from kg.ingest.dates import UNIT_NUMBER
from kg.ingest.events import CAPTURE
from kg.ingest.gazetteer import slug
from kg.ingest.model import Item, Mention, NewEntity
from kg.ingest.ontology_types import ACTOR_TYPES, EVENT_TYPES, PLACE_TYPES, STATE_TYPES, is_a

WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion"
).split()
NUMBER_RX = re.compile(
    r"(?P<cur>\$\s?)?(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+(?![\d.])|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>million|billion|trillion|bn)\b)?(?P<pct>\s?%|\s?per\s?cent)?(?![\w-]*\d)"
    rf"|(?<![\w-])(?P<words>(?:(?:{'|'.join(WORDS)})(?:[\s-]+(?:and\s+)?)?)+?)(?P<dozen>\s+dozen)?(?=[\s-]|$)"
    r"|(?P<vague>\ba number of|\bdozens of|\bdozens|\bseveral|\bhundreds of|\bthousands of|\bthousands)\b",
    re.I,
)
HEDGES: list[tuple[str, str]] = [
    (r"just over", "just-over"),
    (r"just (?:under|below)", "nearly"),
    (r"more than|over", "more-than"),
    (r"at least", "at-least"),
    (r"fewer than|less than|under", "fewer-than"),
    (r"nearly|almost|close to", "nearly"),
    (r"(?:perhaps )?as many as|up to", "up-to"),
    (
        r"some|about|around|roughly|approximately|an estimated|estimated(?: strength| at)?|circa|perhaps|possibly",
        "approximately",
    ),
]
#: a figure given as an estimate earlier in its sentence is approximate
ESTIMATE = re.compile(r"\b(?:an?|the|one|some|our|their|its|his|her)\s+(?:\w+\s+)?estimate[sd]?\b", re.I)
HEDGE_RX = re.compile(rf"\b(?P<h>{'|'.join(f'(?:{h})' for h, _ in HEDGES)})\s+$", re.I)
MODS = r"(?:[\w’'-]+\s+){0,3}?"
PEOPLE = [
    (r"soldiers|troops|servicemen|military personnel|personnel|officers|conscripts|peacekeepers", "soldiers"),
    (r"civilians?|women|woman|children|child|journalists?|reporters?|villagers|farmers|medics", "civilians"),
    (r"people|persons|Azeris|Azerbaijanis|Armenians|residents|refugees|IDPs|inhabitants|others", "people"),
]
EQUIPMENT = [
    (r"armou?red personnel carriers?|APCs?", "armoured-personnel-carrier"),
    (r"infantry fighting vehicles?|IFVs?", "infantry-fighting-vehicle"),
    (r"armou?red vehicles?", "armoured-vehicle"),
    (r"(?:military |motor )?vehicles?|(?:military )?trucks?", "military-vehicle"),
    (r"(?:main battle )?tanks?", "tank"),
    (r"helicopters?", "helicopter"),
    (r"unmanned combat aerial vehicles|UCAVs?", "ucav"),
    (r"UAVs?|drones?|unmanned aerial vehicles", "uav"),
    (r"loitering munitions?", "loitering-munition"),
    (r"artillery pieces|artillery|howitzers?|(?:self-propelled|towed|artillery)\s+guns?", "artillery"),
    (r"MRLS|(?:multi-barrel )?rocket launchers?", "rocket-artillery"),
    (r"(?:[\w-]+\s+){0,2}air defen[cs]e systems?", "air-defence-system"),
    (r"combat aircraft|fighter jets?|fighters|jets", "combat-aircraft"),
    (r"ballistic missiles?", "ballistic-missile"),
    (r"anti-tank (?:missiles|weapons)", "anti-tank-weapon"),
]
CASUALTY_CUES = [
    (r"killed|killing|dead|died|deaths?|fatalities|lost their lives", "killed"),
    (r"wounded|wounding|injured", "wounded"),
    (r"captured|taken prisoner|prisoners", "captured"),
    (r"missing", "missing"),
    (
        r"forced out|displaced|expelled|fled|flee|fleeing|refugees|evacuated|forced to leave|"
        r"(?:left|leaving|departed|departing)\s+for|(?:left|departed)(?=\s+(?:the\s+)?(?-i:[A-Z]))|arrived\s+from|crossed\s+into|"
        r"departures?\s+of",
        "displaced",
    ),
]
LOSS_CUES = [
    (r"destruction or capture|destroyed,?\s+(?:damaged,?\s+)?or\s+captured", "destroyed-or-captured"),
    (r"downing|downed|shot down", "downed"),
    (r"destruction|destroyed", "destroyed"),
    (r"capture|captured", "captured-equipment"),
]
#: the verb right after the equipment counted ("were destroyed or captured", "were shot down")
LOSS_AFTER = re.compile(
    r"\s*(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(\w+(?:,?\s+\w+,?\s+or\s+\w+|\s+or\s+\w+|\s+down)?)"
)
#: a figure whose noun the next figure's shares: "13 Armenian and seven Azerbaijani soldiers"
SHARED_NOUN = re.compile(
    rf"\s*(?P<mods>[A-Z][\w-]+)\s+and\s+(?:(?:some|about|at\s+least|more\s+than|nearly)\s+)?"
    rf"(?:\d[\d,]*|{UNIT_NUMBER})\s+(?:[A-Z][\w-]+\s+)?(?P<noun>{'|'.join(p for p, _ in PEOPLE)})\b",
    re.I,
)
#: a part of a loss of equipment named before: "255 tanks, of which 146 were destroyed and 109
#: captured", "62 tanks, 33 of them destroyed"
OF_WHICH = re.compile(r",?\s+(?:of\s+which|\d[\d,]*\s+of\s+them)\b")
PART_OF_LOSS = re.compile(
    rf"\b\d[\d,]*\s+(?:{MODS})(?P<noun>{'|'.join(p for p, _ in EQUIPMENT)}),?\s+(?:of\s+which\s+)?"
    r"(?:(?:\d[\d,]*|one|two|three)\s+(?:of\s+them\s+)?(?:were\s+|was\s+)?\w+\s+and\s+)?$"
)
#: a casualty verb right before a bare figure: "and injured nearly 300", "wounding 40"
VERB_BEFORE = re.compile(r"\b(?P<c>killed|killing|wounded|wounding|injured|injuring)\s+$")
#: the two ends of a range: "between 20,000 and 30,000"
BETWEEN = re.compile(r"\bbetween\s+$", re.I)
AND = re.compile(r"\s+(?:and|to)\s+")
#: a figure the death toll comes to: "the death toll had risen to 105", "a death toll of 49"
DEATH_TOLL = re.compile(
    r"\b(?:death\s+toll|number\s+of\s+(?:the\s+)?dead|number\s+of\s+(?:[\w-]+\s+){0,2}?(?P<who>\w+)\s+killed|"
    r"(?:its|their)\s+(?:own\s+)?(?P<of>military\s+|civilian\s+)?(?:losses|dead|death\s+toll))"
    r"\s+(?:[a-z]+\s+){0,3}?(?:to|at|of)\s+$"
)  # (and "the number of Armenian soldiers killed had risen to 105": of those people)
#: a list of further figures, then the verb of their loss, after a figure of equipment
LIST_THEN_LOSS = re.compile(
    r"(?:\s*,\s*|\s+and\s+)(?=[\w\s,-]{0,40}?\d|[\w\s,-]{0,3}(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
    r"[\w\s,-]{0,120}?\s+(?:were|have\s+been|had\s+been)\s+"
    r"(?:destroyed\s+or\s+captured|destroyed|captured|shot\s+down|downed)\b"
)
HOLD_CUE = re.compile(
    r"\b(with|operating|operates|has|have|had|holds?|fleet|pool|consisting|inventory|alongside|its|"
    r"took\s+delivery\s+of|received|acquired|bought|purchased)\b"
)


@dataclass
class Number:
    start: int
    end: int
    value: int | float | None
    as_written: str | None


def _value(m: re.Match[str]) -> Number | None:
    g = m.groupdict()
    if g["vague"]:
        return Number(m.start(), m.end(), None, None)
    if g["num"]:
        if g["pct"]:
            return None
        raw = g["num"]
        written = None
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
            written, raw = raw, raw.replace(".", "")
        v: float = float(raw.replace(",", ""))
        mult = (g["mult"] or "").lower()
        v *= {"million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}.get(mult, 1)
        start = m.start("cur") if g["cur"] else m.start("num")
        return Number(start, m.end(), int(v) if v == int(v) else v, written)
    words = g["words"].strip(" -")
    if not words or words.lower() in ("hundred", "thousand", "million", "billion"):
        return None
    try:
        v = w2n.word_to_num(words.lower().replace("-", " "))
    except ValueError:
        return None
    if g["dozen"]:
        v *= 12
    return Number(m.start("words"), m.end(), v, None)


def _hedge(ctx: Context, start: int) -> tuple[str, int]:
    m = HEDGE_RX.search(ctx.text[max(0, start - 30) : start])
    if not m:
        return "exactly", start
    word = m.group("h").lower()
    for rx, concept in HEDGES:
        if re.fullmatch(rx, word):
            return concept, start - (len(ctx.text[max(0, start - 30) : start]) - m.start())
    return "exactly", start


def _first(pairs: list[tuple[str, str]], text: str, flags: int = 0) -> tuple[str, re.Match[str]] | None:
    best = None
    for rx, concept in pairs:
        m = re.search(rf"\b(?:{rx})\b", text, flags)
        if m and (best is None or m.start() < best[1].start()):
            best = (concept, m)
    return best


def _last(pairs: list[tuple[str, str]], text: str) -> tuple[str, re.Match[str]] | None:
    """The cue nearest the end of ``text``; of cues ending together, the longest."""
    best = None
    for rx, concept in pairs:
        for m in re.finditer(rf"\b(?:{rx})\b", text):
            if best is None or (m.end(), -m.start()) > (best[1].end(), -best[1].start()):
                best = (concept, m)
    return best


def _side(ctx: Context, start: int, end: int, at_start: bool = False) -> str | None:
    """The state whose people or equipment a figure counts: the demonym/actor on the noun
    (with ``at_start``, only one named right at ``start``: the complement after "of")."""
    for m in ctx.mentions_in(start, end):
        if at_start and m.start != start:
            continue
        if ctx.is_type(m.entity, ACTOR_TYPES | STATE_TYPES | PLACE_TYPES):
            st = ctx.state_of(m.entity)
            if st is not None:
                return st.id
            if ctx.is_type(m.entity, ACTOR_TYPES):
                return m.entity
    return None


#: a body of troops whose size the figure after it gives: "a contingent of 1,960 troops",
#: "a peacekeeping force of the Russian Federation of up to 1,500 troops", "the peacekeeping
#: contingent of the Russian Federation, namely, 1,960 military personnel"
FORCE_OF = re.compile(
    r"\b(?:contingent|force|mission|brigade|battalion|garrison|deployment)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?"
    r"(?:\s+(?:of|numbering|(?:will\s+|would\s+)?numbers?)\s+|,\s+namely,\s+|,\s+numbering\s+)$"
)
#: a verb of keeping troops somewhere right before their number: "Russia has kept some 3,000
#: troops at its base", "Turkey stationed 500 soldiers"
STATIONED = re.compile(
    r"\b(?:kept|keeps|keep|stationed|stations|station|based|bases|maintained|maintains|maintain|garrisoned|"
    r"deployed|deploys|deploy|sent|sends)\s+$"
)
#: "lost" right before a figure: equipment destroyed or captured, soldiers killed
LOST_BEFORE = re.compile(r"\blost\s+$")
#: "lost 12 tanks and 9 armoured vehicles": a figure in a list after "lost" (digits only)
LOST_LIST = re.compile(r"\blost\s+(?:\d[\d,.]*\s+(?:[\w-]+\s+){0,3}?[\w-]+(?:,\s+|\s+and\s+|,\s+and\s+))+$")
#: a part of a whole the text owns: "50 of its servicemen", "200 of their soldiers"
PART_OF = re.compile(r"\s*of\s+(?:its|their)\s+")


def _subject_state(ctx: Context, s0: int, verb: int) -> str | None:
    """The state of the subject right before a verb ("Armenian forces lost ...")."""
    who = ctx.mentions_in(max(s0, verb - 40), verb, ACTOR_TYPES | STATE_TYPES)
    if who and re.fullmatch(
        r"\s+(?:has\s+|have\s+|had\s+|reportedly\s+|also\s+|further\s+)*", ctx.text[who[-1].end : verb]
    ):
        st = ctx.state_of(who[-1].entity)
        return st.id if st is not None else None
    return None


#: a reporting verb right after a name: the name is the one that speaks
SPEAKS = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:said|says|acknowledged|admitted|reported|put|puts|claimed|announced|confirmed)\b"
)


def _owner_state(ctx: Context, s0: int, pos: int) -> str | None:
    """The state 'its'/'their' stands for in 'N of its servicemen': the state of the actor
    named last before the figure in its sentence (the ministry that reports its own dead)."""
    for m in reversed(ctx.mentions_in(s0, pos)):
        if ctx.type_of(m.entity) in ("Person", "Position"):
            continue
        capital = ctx.gaz.capital_state(m.entity)
        if capital is not None and SPEAKS.match(ctx.text, m.end):
            return capital.id  # "while Baku acknowledged 31 of its soldiers killed" (not "talks in Moscow")
        if not ctx.is_type(m.entity, ACTOR_TYPES | STATE_TYPES):
            continue
        st = ctx.state_of(m.entity)
        return st.id if st is not None else None
    return None


ORGS = frozenset({"ArmedForce", "MilitaryUnit", "ArmedGroup", "Organisation", "GovernmentBody"})


def _actor_before(ctx: Context, s0: int, pos: int, back_sents: int = 1, prefer_orgs: bool = False) -> str | None:
    """The actor a figure is about: the nearest named one before it (a demonym is an
    adjective, not an actor; a supplier after 'from' is not the one that holds it);
    armed forces and other bodies first when ``prefer_orgs``."""
    i = ctx.sentence_index(pos)
    lo = ctx.sents[max(0, i - back_sents)][0] if ctx.sents else s0
    for lo_ in (s0, lo):
        ms = [
            m
            for m in ctx.mentions_in(lo_, pos, ACTOR_TYPES | STATE_TYPES)
            if ctx.type_of(m.entity) not in ("Person", "Position")
            and m.rule != "gazetteer:demonym"
            and not re.search(r"\bfrom\s+(?:the\s+)?$", ctx.text[max(0, m.start - 10) : m.start])
        ]
        if prefer_orgs and (orgs := [m for m in ms if ctx.is_type(m.entity, ORGS)]):
            return orgs[-1].entity
        if ms:
            return ms[-1].entity
    return None


def _as_of(ctx: Context, s0: int, e0: int) -> str | None:
    ds = [d for d in ctx.dates if s0 <= d.start < e0 and d.pattern in ("y", "my")]
    return ds[0].value[:4] if len(ds) == 1 else None


def find_quantities(ctx: Context, events: list[tuple[int, str]]) -> list[Item]:
    """Casualties, losses, holdings and measurements; ``events``: (position, event id) in text order."""
    text, items = ctx.text, []
    date_spans = [(d.start, d.end) for d in ctx.dates]
    name_spans = [(m.start, m.end) for m in ctx.mentions if m.rule != "rule:cited-title"]
    prev: tuple[int, int, str] | None = None
    low: tuple[int, float] | None = None  # the lower end of "between A and B" (where it ends, A)
    for m in NUMBER_RX.finditer(text):
        num = _value(m)
        if num is None:
            continue
        if (
            num.value is not None
            and BETWEEN.search(text, max(0, num.start - 12), num.start)
            and AND.match(text, num.end)
        ):
            low = (AND.match(text, num.end).end(), num.value)  # "killed between 20,000 and 30,000 people"
            continue
        if any(s <= num.start < e for s, e in date_spans) or any(
            s < num.start < e or (s <= num.start < e and num.end <= e) for s, e in name_spans
        ):
            continue
        s0, e0 = ctx.sentence(num.start)
        if num.end > e0:
            continue
        qualifier, qstart = _hedge(ctx, num.start)
        if (
            qualifier == "exactly"
            and prev is not None
            and prev[2] != "exactly"
            and prev[0] >= s0
            and re.fullmatch(r"[^;.]{0,60}\band\s+", text[prev[1] : num.start])
            # not across a verb: "at least 100 civilians were killed and 416 wounded"
            and not re.search(r"\b(?:were|was|are|is|had|have|has)\b", text[prev[1] : num.start])
        ):
            qualifier = prev[2]  # "an estimated 7 billion barrels ... and 1.3 trillion cubic metres"
        if qualifier == "exactly" and ESTIMATE.search(text[max(s0, num.start - 80) : num.start]):
            qualifier = "approximately"  # "for an impartial estimate, see ‘... killed 5,000 soldiers’"
        prev = (num.start, num.end, qualifier)
        if num.value is None:
            qualifier = "unspecified"
        after = text[num.end : e0]
        item = _classify(ctx, num, qualifier, qstart, after, s0, e0, events)
        if item is None or item.section == "measurements" and item.fields.get("measure") == "count":
            item = _event_count(ctx, num, qualifier, qstart, after, s0) or item
        if item is not None and low is not None and low[0] == num.start and "count" in item.fields:
            # the range's upper end carries it: up to B, at least A
            item.fields.update(qualifier="up-to", lower=low[1], upper=num.value)
            item.start = min(item.start, text.rfind("between", 0, num.start))
        low = None if low is not None and low[0] <= num.start else low
        if item is not None:
            if num.as_written:
                item.extra["as_written"] = num.as_written
            items.append(item)
    items += _holdings_of_transfers(items)
    items += _origin_transfers(ctx, items)
    items += _model_holdings(ctx, items)
    items += _unnumbered_casualties(ctx, items, events)
    items += _durations(ctx)
    items += _shares(ctx)
    items += _spans_of_time(ctx)
    items += _worded(ctx)
    for it in items:
        _quote_the_holder(ctx, it)
    return items


#: the participant a figure's quote should show, per section
HOLDER_KEYS = {"holdings": ("operator",), "transfers": ("supplier", "recipient")}


def _quote_the_holder(ctx: Context, it: Item) -> None:
    """Let the quote show whose figure it is, as annotators quote it: 'the Azerbaijan Army now
    operating forty ...', 'Russia has sold twelve ...' (the named holder before it, in its
    sentence and close by; never a demonym, never past a semicolon)."""
    s0, _ = ctx.sentence(it.start)
    for key in HOLDER_KEYS.get(it.section, ()):
        who = [
            m
            for m in ctx.mentions_in(max(s0, it.start - 100), it.start)
            if m.entity == it.fields.get(key)
            and m.rule != "gazetteer:demonym"
            and ";" not in ctx.text[m.start : it.start]
        ]
        if who:
            it.start = who[-1].start


WORDED = re.compile(r"\b(?P<v>(?P<what>gas|oil)-rich|(?:brigade|battalion|division|regiment|company)-sized)\b")


def _worded(ctx: Context) -> list[Item]:
    """Quantities given in words only: 'a gas-rich state' (reserves), 'a brigade-sized force'."""
    out = []
    for m in WORDED.finditer(ctx.text):
        s0, e0 = ctx.sentence(m.start())
        if not m.group("what"):
            # "a brigade-sized ‘peace keeping’ force": the size is the force's, which the
            # words after it name; a name before it ("Russia inserting ...") is someone else
            noun = re.match(r"[\s‘’'\w-]{0,40}?\b(?:force|unit|contingent|formation|group)\b", ctx.text[m.end() : e0])
            named = ctx.mentions_in(m.end(), m.end() + noun.end(), ACTOR_TYPES) if noun else []
            if noun is None or not named:
                continue
            entity = named[-1].entity
        else:
            entity = _actor_before(ctx, s0, m.start(), back_sents=0)
        if entity is None:
            continue
        measure = f"{m.group('what')}-reserves" if m.group("what") else "troop-strength"
        fields = {"entity": entity, "measure": measure, "value_text": m.group("v")}
        start = max(
            s0,
            min((x.start for x in ctx.mentions if x.entity == entity and s0 <= x.start < m.start()), default=m.start()),
        )
        out.append(Item("measurements", fields, start, m.end(), "rule:quantity-in-words", 0.35))
    return out


#: a figure of people before a bare one it is joined to: "seven servicemen ... were killed and ten
#: were wounded", "100 Azerbaijani civilians were killed and 416 wounded", "20 of its troops had
#: been killed, 72 wounded and 26 were missing" (a list of bare figures after it)
PEOPLE_BEFORE = re.compile(
    rf"(?:\d[\d,]*|\b{UNIT_NUMBER})\s+{MODS}(?P<noun>{'|'.join(p for p, _ in PEOPLE)})\b[^.;]{{0,80}}(?:,|\band)\s+$",
    re.I,
)


def _category_before(text: str, s0: int, pos: int) -> str:
    """The category of people a bare figure counts: that of the figure it is joined to."""
    m = PEOPLE_BEFORE.search(text, s0, pos)
    if m is None:
        return "people"
    return next(c for p, c in PEOPLE if re.fullmatch(p, m["noun"], re.I))


def _event_for(events: list[tuple[int, str]], pos: int, after: int = -1) -> str | None:
    """The last event named before ``pos`` (within 5,000 characters; and after ``after``:
    "... had been shot down during the 2020 war" takes the war its own sentence names)."""
    before = [eid for p, eid in events if after < p <= pos and pos - p < 5000]
    return before[-1] if before else None


def _classify(
    ctx: Context, num: Number, qualifier: str, qstart: int, after: str, s0: int, e0: int, events: list[tuple[int, str]]
) -> Item | None:
    text = ctx.text
    count = {} if num.value is None else {"count": num.value}
    # "an Azeri family of five"
    fam = re.search(
        r"\b(?:an?\s+)?(?P<mods>(?:[A-Z][\w’'-]*\s+)?)family\s+of\s+$", text[max(s0, num.start - 40) : num.start]
    )
    if fam:
        fstart = max(s0, num.start - 40) + fam.start()
        cue = _first(CASUALTY_CUES, text[num.end : e0][:60])
        if cue:
            side = _side(ctx, fstart, num.start)
            fields = {"count": num.value, "qualifier": qualifier, "category": "civilians", "type": cue[0]}
            return _casualty(ctx, fields, side, fstart, num.end + cue[1].end(), events, "rule:family-of")
    toll = DEATH_TOLL.search(text, max(s0, qstart - 60), qstart)
    people_after = re.match(rf"\s*{MODS}(?:{'|'.join(p for p, _ in PEOPLE)})\b", after)
    if toll and num.value is not None and not people_after and not re.match(r"\s*(?:%|per\s*cent)", after):
        # "the death toll had risen to 105": the dead, whoever they are
        who = next((c for p, c in PEOPLE if toll["who"] and re.fullmatch(p, toll["who"], re.I)), None)
        of = {"military": "soldiers", "civilian": "civilians"}.get((toll["of"] or "").strip())
        category = who or of or _category_before(text, s0, num.start)
        fields = {**count, "qualifier": qualifier, "category": category, "type": "killed"}
        side = _side(ctx, toll.start(), qstart)  # "the number of Armenian soldiers killed"
        if side is None and re.match(r"(?:its|their)\b", toll.group(0)):
            side = _owner_state(ctx, s0, toll.start())  # "Azerbaijan later put its military dead at 2,908"
        return _casualty(ctx, fields, side, toll.start(), num.end, events, "rule:death-toll")
    # people
    # people, not the vehicles that carry them ("11 armored personnel carriers")
    mp = re.match(rf"\s*(?P<mods>{MODS})(?P<noun>{'|'.join(p for p, _ in PEOPLE)})\b(?!\s+carriers?\b)", after)
    shared = None if mp else SHARED_NOUN.match(after)
    if shared:  # "13 Armenian and seven Azerbaijani soldiers": the first figure's noun comes last
        mp = shared
    if mp and num.value is not None and re.search(r"\bof\b", mp.group("mods")) and not PART_OF.match(after):
        mp = None  # "two generations of its officers": the number counts something else
    if mp and len(mp.group("mods")) < 30:
        category = next(c for p, c in PEOPLE if re.fullmatch(p, mp.group("noun")))
        nend = num.end + mp.end()
        cue_after = _first(CASUALTY_CUES, text[nend:e0][:70])
        between = text[nend : nend + cue_after[1].start()] if cue_after else ""
        other = re.search(r"\bwith\b|,\s+and\b|;", between) or re.search(r"\bmore\s*$", between)
        if NUMBER_RX.search(between) and other:  # (or "lost 192 servicemen, and 511 were wounded")
            # "3,800 soldiers, with several hundred more missing": the other figure's word (but
            # "10 soldiers and at least one civilian dead" share theirs)
            cue_after = None
        if (
            cue_after
            and cue_after[0] == "displaced"
            and (died := re.search(r"\b(?:were|was)\s+(?P<c>killed|wounded|injured)\b", text[nend:e0][:120]))
        ):
            # "hundreds of civilians fleeing through the snow were killed": what befell them
            cue_after = (next(c for p, c in CASUALTY_CUES if re.fullmatch(p, died["c"])), died)
        cue_before = _last(CASUALTY_CUES, text[max(s0, num.start - 50) : num.start])
        of = re.match(r"\s+of\s+(?:the\s+)?", text[nend:e0])  # "49 servicemen of the Armed Forces of Armenia"
        side = (
            _side(ctx, num.end, num.end + shared.end("mods") if shared else nend)
            or (ctx.gaz.state_of_demonym(mp.group("noun")).id if ctx.gaz.state_of_demonym(mp.group("noun")) else None)
            or (_owner_state(ctx, s0, num.start) if PART_OF.match(after) and num.value is not None else None)
            or (_side(ctx, nend + of.end(), e0, at_start=True) if of else None)
        )
        bodies = re.search(r"\bbod(?:y|ies)\s+of\s+$", text[max(s0, qstart - 12) : qstart])
        if bodies:  # "handed over the bodies of 17 Armenian soldiers": dead, whatever follows
            fields = {**count, "qualifier": qualifier, "category": category, "type": "killed"}
            return _casualty(ctx, fields, side, max(s0, qstart - 12) + bodies.start(), nend, events, "rule:bodies-of")
        lost = LOST_BEFORE.search(text, max(s0, qstart - 12), qstart) if category == "soldiers" else None
        if lost and not cue_after:
            # "Azerbaijan lost 2,900 soldiers": the verb right before the figure; the side is its subject's
            fields = {**count, "qualifier": qualifier, "category": category, "type": "killed"}
            side = side or _subject_state(ctx, s0, lost.start())
            return _casualty(ctx, fields, side, lost.start(), nend, events, "rule:casualty-figure")
        if cue_before and re.fullmatch(r"\s*(?:of\s+)?", text[max(s0, num.start - 50) + cue_before[1].end() : qstart]):
            cue_after = None  # "killing 23 civilians and wounding ...": the word right before counts
        if cue_after or cue_before:
            kind, cend = (cue_after[0], nend + cue_after[1].end()) if cue_after else (cue_before[0], nend)
            cstart = qstart if cue_after else max(s0, num.start - 50) + cue_before[1].start()
            fields = {**count, "qualifier": qualifier, "category": category, "type": kind}
            return _casualty(ctx, fields, side, cstart, cend, events, "rule:casualty-figure")
        strength = re.match(r"\s*(?:strong|active|on active service|in active service)\b", text[nend:e0])
        if category == "soldiers" and re.search(r"\btrained\b", text[nend : nend + 40]):
            return _measure(ctx, "personnel-trained", num, qualifier, qstart, nend + 40, s0, e0, None)
        if category == "people" and re.search(
            r"\b(?:country|population|state|nation)\s+of\s+$", text[max(s0, qstart - 30) : qstart]
        ):
            return _measure(ctx, "population", num, qualifier, qstart, nend, s0, e0, None)
        took = TOOK_PART.match(text, nend, e0) if category == "soldiers" else None
        if took:  # "95 troops from the US Army took part in a ... exercise": the strength of that event
            ev = [x for x in ctx.mentions_in(took.end(), e0, EVENT_TYPES) if x.start - took.end() < 60]
            if ev:
                fields = {"entity": ev[0].entity, "measure": "troop-strength", "value": num.value}
                fields["qualifier"] = qualifier
                return Item("measurements", fields, qstart, ev[0].end, "rule:measure-troop-strength:took-part", 0.4)
        # "a peacekeeping contingent of the Russian Federation of up to 1,500 troops"; "Russia has
        # kept some 3,000 troops at its base in Gyumri" (troops a state keeps somewhere)
        lead = text[max(s0, qstart - 80) : qstart]
        force_of = category == "soldiers" and (FORCE_OF.search(lead) or STATIONED.search(lead))
        if strength or force_of or (category == "soldiers" and re.search(r"\bactive\b", mp.group("mods"))):
            # "72,000 active service personnel", "a force 20,000 strong"
            return _measure(
                ctx, "troop-strength", num, qualifier, qstart, nend + (strength.end() if strength else 0), s0, e0, None
            )
        return None
    # a bare number then a casualty word: "more than 100 wounded"; "wounding at least eighty more"
    bare = re.match(
        r"\s*(?:(?:hundred|thousand)s?\s+)?(?:more\s+)?"
        r"(?:were\s+|are\s+|have\s+been\s+|had\s+been\s+|remain\s+|remained\s+|(?:still\s+))*"
        r"(?:(?P<who>military|civilian|combat)\s+(?=deaths|fatalities|casualties))?"  # "3,825 military deaths"
        r"(?P<c>killed|dead|deaths|fatalities|wounded|injured|captured|missing|expelled|displaced|fled|evacuated)\b",
        after,
    )
    more = re.match(r"\s*more\b", after) if not bare else None
    cue_more = _last(CASUALTY_CUES, text[max(s0, qstart - 20) : qstart]) if more else None
    if cue_more:
        fields = {**count, "qualifier": qualifier, "category": "people", "type": cue_more[0]}
        cstart = max(s0, qstart - 20) + cue_more[1].start()
        return _casualty(ctx, fields, None, cstart, num.end + more.end(), events, "rule:casualty-figure")
    if re.search(r"\bstrength\s+(?:of\s+)?$", text[max(s0, qstart - 15) : num.start]) or re.match(
        r"\s*(?:active|on active service|in active service|active service)\b", after
    ):
        act = re.match(r"\s*(?:active service|on active service|in active service|active)?", after)
        return _measure(ctx, "troop-strength", num, qualifier, qstart, num.end + act.end(), s0, e0, None)
    part = PART_OF_LOSS.search(text, s0, qstart) if num.value else None
    loss_word = re.match(r"\s+(?:of\s+them\s+|were\s+|was\s+)?(?P<c>destroyed|captured|damaged|shot\s+down)\b", after)
    if part and loss_word:
        # "Armenia lost 255 tanks, of which 146 were destroyed and 109 captured": parts of that loss
        wtype = next(c for p, c in EQUIPMENT if re.fullmatch(p, part["noun"]))
        lt = {"destroyed": "destroyed", "captured": "captured-equipment", "shot down": "downed"}.get(
            re.sub(r"\s+", " ", loss_word["c"]), "destroyed"
        )
        fields = {
            "event": _event_for(events, num.start) or _event_for(events, e0, after=num.start),
            "side": _side(ctx, s0, qstart) or _subject_state(ctx, s0, part.start()),
            "weapon_type": wtype,
            **count,
            "qualifier": qualifier,
            "loss_type": lt,
        }
        if fields["event"] is None:
            return None
        fields = {k: v for k, v in fields.items() if v is not None}
        return Item("losses", fields, qstart, num.end + loss_word.end(), "rule:equipment-loss:part", 0.5)
    verb = VERB_BEFORE.search(text, max(s0, qstart - 16), qstart) if not bare and num.value else None
    if verb and not re.match(r"\s*(?:%|per\s*cent|[A-Za-z])", after):
        # "killed at least 68 people and injured nearly 300,": the verb before a bare figure
        kind = next(c for p, c in CASUALTY_CUES if re.fullmatch(p, verb.group("c")))
        fields = {**count, "qualifier": qualifier, "category": _category_before(text, s0, num.start), "type": kind}
        return _casualty(ctx, fields, None, verb.start(), num.end, events, "rule:casualty-figure")
    if bare:
        kind = next(c for p, c in CASUALTY_CUES if re.fullmatch(p, bare.group("c")))
        who = {"military": "soldiers", "combat": "soldiers", "civilian": "civilians"}.get(bare["who"] or "")
        category = who or _category_before(text, s0, num.start)
        fields = {**count, "qualifier": qualifier, "category": category, "type": kind}
        return _casualty(ctx, fields, None, qstart, num.end + bare.end(), events, "rule:casualty-figure")
    # equipment: a weapon type, or a weapon model named right after the number
    me = re.match(rf"\s*(?P<mods>{MODS})(?P<noun>{'|'.join(p for p, _ in EQUIPMENT)})\b", after)
    if text[num.start] == "$" or re.match(r"\s*(?:US\s+)?(?:dollars|euros|pounds)\b", after):
        me = None  # "$1 billion of drones and munitions": money, not a count of drones
    models = [x for x in ctx.mentions_in(num.end, min(e0, num.end + 40)) if ctx.type_of(x.entity) == "WeaponSystem"]
    model = models[0] if models and re.fullmatch(r"\s*(?:[\w’'-]+\s+){0,2}", text[num.end : models[0].start]) else None
    if me or model:
        wtype = next(c for p, c in EQUIPMENT if re.fullmatch(p, me.group("noun"))) if me else None
        nend = max(num.end + me.end() if me else 0, model.end if model else 0)
        if model is not None and (kind := re.match(rf"\s+(?:{'|'.join(p for p, _ in EQUIPMENT)})\b", text[nend:e0])):
            nend += kind.end()  # "one of its Mi-24 helicopters": the kind after the model
        side = _side(ctx, num.end, nend)
        if side is None and re.match(r"\s+of\s+its\s", text[num.end : num.end + 8]):
            side = _owner_state(ctx, s0, num.start)  # "one of its helicopters": the state named before
        what = {"system": model.entity} if model else {"weapon_type": wtype}
        loss = _last(LOSS_CUES, text[s0 : num.start])
        loss_at = s0 + loss[1].start() if loss else None
        if loss is None and (
            lost := LOST_BEFORE.search(text, max(s0, qstart - 12), qstart)
            or LOST_LIST.search(text, max(s0, qstart - 120), qstart)
        ):
            # "Armenian forces lost 250 tanks": the verb right before the figure
            loss, loss_at = ("destroyed-or-captured", lost), lost.start()
            side = side or _subject_state(ctx, s0, lost.start())  # whose: the subject of "lost"
        loss_after = _first(LOSS_CUES, m.group(0)) if (m := re.match(LOSS_AFTER, text[nend:e0])) else None
        if loss_after is None and not OF_WHICH.match(text, nend, e0) and (m := LIST_THEN_LOSS.match(text, nend, e0)):
            # "Two T-72 tanks, three BMP-2s and one D-30 howitzer of the enemy were destroyed"
            loss_after = _first(LOSS_CUES, m.group(0))  # the loss's quote runs to the verb
        if loss or loss_after:
            lt = loss_after[0] if loss_after else loss[0]
            lstart = qstart if loss_after or loss_at is None else loss_at
            lend = nend + (loss_after[1].end() if loss_after else 0)
            fields = {
                "event": _event_for(events, num.start) or _event_for(events, e0, after=num.start),
                "side": side,
                **what,
                **count,
                "qualifier": qualifier,
                "loss_type": lt,
            }
            fields = {k: v for k, v in fields.items() if v is not None}
            if "event" not in fields:
                return None  # a loss is always reported for an event
            return Item("losses", fields, lstart, lend, "rule:equipment-loss", 0.55)
        if model is not None:
            transfer = _transfer(ctx, num, model.entity, count, qualifier, qstart, nend, s0, e0)
            if transfer is not None:
                return transfer
        strength = re.match(r"-strong\b", text[num.end : num.end + 8])
        if HOLD_CUE.search(text[max(s0, num.start - 60) : num.start]) or strength:
            operator = _actor_before(ctx, s0, num.start)
            if operator is None:
                return None
            as_of = _as_of(ctx, s0, e0)
            if model is None and me is not None:
                model = _imported_class(ctx, operator, num.end, nend)
                what = {"system": model.entity} if model else what
            if model is None:  # no model named: a count of the operator's equipment ("186 tanks")
                fields = {
                    "entity": operator,
                    "measure": "count",
                    **({"value": num.value} if num.value else {}),
                    "unit": me.group("noun"),
                    "qualifier": qualifier,
                }
                if as_of:
                    fields["as_of"] = as_of
                return Item("measurements", fields, qstart, nend, "rule:equipment-count", 0.45)
            fields = {"operator": operator, **what, **count, "qualifier": qualifier}
            if as_of:
                fields["as_of"] = as_of
            return Item("holdings", fields, qstart, nend, "rule:holding", 0.45)
        return None
    if num.value is None:
        return None
    # units
    unit_rx = [
        (r"square\s+kilomet(?:er|re)s?|sq\.?\s*km|km2", "area", "square kilometres"),
        (r"barrels\s+of\s+oil(?!\s+per)", "oil-reserves", "barrels"),
        (r"cubic\s+met(?:er|re)s\s+of\s+gas", "gas-reserves", "cubic metres"),
        (r"-?miles?\s+wide|-?(?:kilomet(?:er|re)s?|km)\s+wide|-mile\s+wide", "width", "miles"),
    ]
    for rx, measure, unit in unit_rx:
        mu = re.match(rf"[\s-]*(?:{rx})", after)
        if mu and measure == "width" and re.match(r"\s+[a-z]", after[mu.end() :]):
            return None  # "a fifty-mile wide strip of ...": the width of that strip, not of a place named
        if mu:
            if measure == "width" and re.search(r"kilomet|km", mu.group(0)):
                unit = "kilometres"
            return _measure(ctx, measure, num, qualifier, qstart, num.end + mu.end(), s0, e0, unit)
    if re.match(r"-strong\b|\s+strong\b", after):
        return _measure(
            ctx,
            "troop-strength",
            num,
            qualifier,
            qstart,
            num.end + len(re.match(r"-?\s*strong", after).group(0)),
            s0,
            e0,
            None,
        )
    if text[num.start] == "$" or re.match(r"\s*(?:US\s+)?dollars", after):
        window = text[max(s0, num.start - 60) : min(e0, num.end + 40)]
        for rx, measure in (
            (r"\bGDP\b", "gdp"),
            (r"defen[cs]e budget|(?:military|defen[cs]e)\s+(?:spending|budget|expenditure)", "defence-budget"),
            (r"investment", "investment"),
            (r"arms|armaments|weapons", "arms-spending"),
        ):
            if re.search(rx, window):
                return _measure(ctx, measure, num, qualifier, qstart, num.end, s0, e0, "US dollars")
    if re.search(r"\bpopulation\b", text[s0 : num.start]) and isinstance(num.value, int) and num.value > 999:
        return _measure(ctx, "population", num, qualifier, qstart, num.end, s0, e0, None)
    return None


#: soldiers who take part in an event ("95 troops from the US Army took part in ..."): its strength
TOOK_PART = re.compile(
    r"(?:\s+(?:from|of)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?\s+"
    r"(?:took\s+part|take\s+part|takes\s+part|taking\s+part|participated|participate|joined)\s+in\b"
)


#: an event noun and the preposition that opens what it acts on: "an assault on", "the deployment of"
#: (after a first figure of two: "at least one and perhaps as many as four positions")
ALT_FIGURE = r"(?:(?:(?:at\s+least|more\s+than|some|about)\s+)?[\w,.]+\s+(?:and|or|to)\s+(?:perhaps\s+)?)?"
EVENT_OBJECT = re.compile(rf"\s+(?:on|of|against)\s+(?:the\s+)?{ALT_FIGURE}$")
#: a verb trigger and its object: "to seize and secure at least one ... position"
VERB_OBJECT = re.compile(rf"\s+(?:and\s+[a-z]+\s+)?{ALT_FIGURE}$")
#: the counted noun after a figure, past a second figure ("one and perhaps as many as four X")
COUNTED = re.compile(
    r"(?:\s+(?:and|or|to)\s+(?:perhaps\s+)?(?:as\s+many\s+as\s+|up\s+to\s+)?[\w,.]+)?"
    r"\s+(?:[A-Za-z][\w’'-]*\s+){0,3}?([a-z][\w-]*s|[A-Z]{2,}s)\b"
)


def _event_count(ctx: Context, num: Number, qualifier: str, qstart: int, after: str, s0: int) -> Item | None:
    """'an assault on three areas', 'the deployment of two dozen drones': how many things the
    event acts on is a count measured on the event (the noun counted is its unit)."""
    if num.value is None:
        return None
    noun = COUNTED.match(after)
    if noun is None:
        return None
    ev = [
        x
        for x in ctx.mentions_in(max(s0, qstart - 60), qstart, EVENT_TYPES)
        if EVENT_OBJECT.fullmatch(ctx.text[x.end : qstart])
        or (CAPTURE.fullmatch(ctx.text[x.start : x.end]) and VERB_OBJECT.fullmatch(ctx.text[x.end : qstart]))
    ]
    if not ev:
        return None
    fields = {"entity": ev[-1].entity, "measure": "count", "value": num.value, "unit": noun.group(1)}
    fields["qualifier"] = qualifier
    return Item("measurements", fields, ev[-1].start, num.end + noun.end(), "rule:event-count", 0.4)


#: the kinds of event people are killed, wounded, captured or go missing in
VIOLENT = frozenset({"Offensive", "Attack", "Battle", "War"})


def _casualty_event(ctx: Context, kind: str, start: int, events: list[tuple[int, str]]) -> str | None:
    """The event a casualty figure is reported for: for the displaced, a displacement in its
    sentence; else a fighting event in its sentence, else the last dated fighting event
    before it (not a visit or a meeting that happens to stand nearer)."""
    s0, e0 = ctx.sentence(start)
    if kind == "displaced":
        # the displacement of its own clause: "thousands more expelled from X ...; concurrently,
        # thousands of Y left for Z" are two movements of two peoples
        semi = [s0 + i + 1 for i, c in enumerate(ctx.text[s0:e0]) if c == ";"]
        s0 = max([x for x in semi if x <= start], default=s0)
        e0 = min([x - 1 for x in semi if x > start], default=e0)
    wanted = frozenset({"Displacement"}) if kind == "displaced" else VIOLENT
    # "killed ... in an explosion at a fuel depot": the event the people died in, whatever its kind
    died_in = [
        m
        for m in ctx.mentions_in(start, e0, EVENT_TYPES)
        if re.search(r"\bin\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}$", ctx.text[max(start, m.start - 40) : m.start])
    ]
    if died_in and kind != "displaced":
        return died_in[0].entity
    blast_here = [
        m
        for m in ctx.mentions_in(s0, start, EVENT_TYPES)
        if re.fullmatch(r"(?i)explosions?|blasts?|exploded", ctx.text[m.start : m.end])
    ]
    if kind != "displaced" and blast_here:
        return blast_here[-1].entity  # "an explosion at a fuel depot near Stepanakert killed at least 170 people"
    if kind != "displaced" and re.match(r"\s*The\s+(?:blast|explosion)\b", ctx.text[s0:start]):
        # "... exploded near Stepanakert. The blast killed at least 68 people": that explosion
        blasts = [(p, eid) for p, eid in events if "explosion" in ctx.label_of(eid).lower()]
        if (blast := _event_for(blasts, start)) is not None:
            return blast
    here = [m for m in ctx.mentions_in(s0, e0, wanted) if not m.rule.startswith("gazetteer:demonym")]
    if kind == "displaced":
        # the figure is the subject of the verb after it: "..., and some 186,000 Azerbaijanis left Armenia"
        verb = [m for m in here if 0 < m.start - start <= 60 and not re.search(r",\s|;", ctx.text[start : m.start])]
        here = verb[:1] or here
    if here:
        return min(here, key=lambda m: (abs(m.start - start), m.start)).entity
    fighting = [(p, eid) for p, eid in events if ctx.is_type(eid, VIOLENT)]
    if kind == "displaced":
        return _event_for(fighting, start) or _event_for(events, start)
    # else the last fighting the text named before it, dated or not ("during the 2020 war"):
    # never a visit or a meeting; and of the year its own sentence gives, when it gives one
    named = [(m.start, m.entity) for m in ctx.mentions if m.start < start and ctx.is_type(m.entity, VIOLENT)]
    found = _event_for(fighting, start) or _event_for(named, start)
    years = {d.value[:4] for d in ctx.dates if s0 <= d.start < e0 and d.kind == "absolute"}
    if found is not None and years and not any(y in ctx.label_of(found) or y in found for y in years):
        return _known_war_of(ctx, years) or found
    return found


def _known_war_of(ctx: Context, years: set[str]) -> str | None:
    """The known war (else other fighting) whose name gives one of these years."""
    fights = [e for e in ctx.gaz.entities.values() if is_a(e.types, VIOLENT) and any(y in e.label for y in years)]
    fights.sort(key=lambda e: (e.type != "War", e.id))
    return fights[0].id if len(fights) == 1 or (fights and fights[0].type == "War") else None


def _casualty(
    ctx: Context, fields: dict, side: str | None, start: int, end: int, events: list[tuple[int, str]], rule: str
) -> Item | None:
    ev = _casualty_event(ctx, fields.get("type", ""), start, events)
    if ev is None:
        return None  # a casualty figure is always reported for an event
    out = {"event": ev}
    out.update({k: v for k, v in fields.items() if v is not None})
    if side:
        out["side"] = side
    return Item("casualties", out, start, end, rule, 0.6 if side else 0.5)


def _measure(
    ctx: Context, measure: str, num: Number, qualifier: str, start: int, end: int, s0: int, e0: int, unit: str | None
) -> Item | None:
    if measure in ("troop-strength", "personnel-trained"):
        entity = _actor_before(ctx, s0, num.start, back_sents=2, prefer_orgs=True)
        if entity is None:
            # "Moscow, which deployed about 2,000 peacekeepers", "The Russian peacekeeping force,
            # numbering 1,960 servicemen": the state of the capital or of the demonym before it
            states = [
                st
                for m in ctx.mentions_in(s0, num.start)
                if (
                    st := ctx.gaz.capital_state(m.entity)
                    or (ctx.gaz.get(m.entity) if ctx.is_type(m.entity, STATE_TYPES) else None)
                )
            ]
            entity = states[-1].id if states else None
        if entity and ctx.type_of(entity) == "GovernmentBody" and (state := ctx.state_of(entity)) is not None:
            entity = state.id  # "..., the ministry reported. The contingent will number 1,960": the state's troops
    else:
        group = PLACE_TYPES if measure in ("area", "width") else ACTOR_TYPES | STATE_TYPES | PLACE_TYPES
        i = ctx.sentence_index(num.start)
        entity = None
        for lo, hi in [(s0, e0)] + [ctx.sents[j] for j in range(i - 1, max(-1, i - 4), -1)]:
            ms = [
                m
                for m in ctx.mentions_in(lo, hi, group)
                if ctx.type_of(m.entity) not in ("Person", "Position") and m.rule != "gazetteer:demonym"
            ]
            before = [m for m in ms if m.end <= num.start]
            # a name after the figure only when it says where ("120,000 ... in Karabakh"), not a
            # subject of its own ("... before Baku launched its assault"): else the sentences before
            after = [
                m for m in ms if m.start >= num.end and re.search(r"\b(?:in|of)\s+(?:the\s+)?$", ctx.text[lo : m.start])
            ]
            if before or after:
                entity = (before[-1] if before else after[0]).entity
                break
    if entity is None:
        return None
    if measure in ("defence-budget", "gdp", "arms-spending") and (state := ctx.gaz.capital_state(entity)):
        entity = state.id  # "Baku's defence budget": the state's
    fields = {"entity": entity, "measure": measure, "value": num.value}
    if unit:
        fields["unit"] = unit
    fields["qualifier"] = qualifier
    as_of = _as_of(ctx, s0, e0)
    if as_of:
        fields["as_of"] = as_of
    return Item("measurements", fields, start, min(end, e0), f"rule:measure-{measure}", 0.45)


def inherit_sides(ctx: Context, items: list[Item]) -> None:
    """Fill in a missing side: from the figure before it in the same sentence ("32 Armenian
    soldiers ..., as well as two civilians"), else, for casualties, from the state of the
    party reporting them (a side announces its own dead: "the Armenian side reported ...")."""
    prev: dict[str, Item] = {}
    # a person speaks for the state whose office the text gives them ("Armenia's human rights
    # ombudsman, Kristinne Grigoryan, said two civilians had been killed")
    office_state = {
        it.fields["holder"]: st.id
        for it in items
        if it.section == "tenures" and (st := ctx.state_of(it.fields.get("position"))) is not None
    }
    for it in sorted(items, key=lambda i: i.start):
        if it.section not in ("casualties", "losses"):
            continue
        p = prev.get(it.section)
        if (
            it.section == "losses"
            and p is not None
            and ctx.sentence(p.start) == ctx.sentence(it.start)
            # (the span opens on the loss word before "against": "captured, against around 60 ...")
            and (vs := re.match(r"[\w\s,]{0,30}?\b(?:against|compared\s+with|versus)\s+", ctx.text[it.start : it.end]))
            and "loss_type" in p.fields
        ):
            # "250 Armenian tanks destroyed, damaged or captured, against around 60 Azerbaijani
            # tanks": the figure compared counts the same kind of loss
            it.fields["loss_type"] = p.fields["loss_type"]
            it.start += vs.end()
        if "side" not in it.fields:
            same = p is not None and ctx.sentence(p.start) == ctx.sentence(it.start) and p.by == it.by
            killed = prev.get("casualties")  # "its forces had killed 170 Armenian troops and destroyed six tanks"
            if same and "side" in p.fields:  # (not a figure another speaker gives in that sentence)
                it.fields["side"] = p.fields["side"]
            elif (
                it.section == "losses"
                and killed is not None
                and "side" in killed.fields
                and ctx.sentence(killed.start) == ctx.sentence(it.start)
                and killed.by == it.by
                and re.search(r"\bkill(?:ed|ing)\b[^;.]*\band\s+(?:had\s+)?destroy", ctx.text[killed.start : it.end])
            ):
                it.fields["side"] = killed.fields["side"]
            elif (
                it.section == "casualties"
                and it.fields.get("type") != "displaced"  # (a state counts the refugees it takes in)
                and it.by
                and (st_id := getattr(ctx.state_of(it.by), "id", None) or office_state.get(it.by)) is not None
            ):
                it.fields["side"] = st_id
            elif it.section == "casualties" and it.fields.get("category") in ("civilians", "people"):
                if (st_id := _struck_place_state(ctx, it.start)) is not None:
                    it.fields["side"] = st_id
        prev[it.section] = it


STRUCK_PLACE = re.compile(r"\b(?:at|on|in|against)\s+the\s+$")
PLACE_NOUN = re.compile(r"\s+(?:city|town|village|capital|region|province|district)\b")


def _struck_place_state(ctx: Context, pos: int) -> str | None:
    """Civilians killed where a strike fell are that place's people: "firing at the
    Azerbaijani city of Ganja, killing 23 civilians" → Azerbaijan's side."""
    s0, _ = ctx.sentence(pos)
    for m in reversed(ctx.mentions_in(s0, pos, STATE_TYPES)):
        if STRUCK_PLACE.search(ctx.text[max(s0, m.start - 12) : m.start]) and PLACE_NOUN.match(ctx.text[m.end :]):
            return m.entity
    return None


SELL = re.compile(
    r"\b(?:has\s+|have\s+|had\s+)?(?:sold|supplied|delivered|provided|exported|transferred|"
    r"(?:agreed|promised|pledged|signed\s+a\s+contract)\s+to\s+(?:supply|sell|deliver|provide))\b"
)
BUY = re.compile(r"\b(?:has\s+|have\s+|had\s+)?(?:bought|purchased|acquired|imported|ordered)\b")


def _transfer(
    ctx: Context, num: Number, system: str, count: dict, qualifier: str, start: int, end: int, s0: int, e0: int
) -> Item | None:
    """'Russia has sold twelve SU-30 fighters ... to Armenia'; 'X bought N Y from Z';
    'N Y supplied by Z' (the recipient then is the operator named before)."""
    text = ctx.text
    actors = ACTOR_TYPES | STATE_TYPES

    def named(lo: int, hi: int) -> list:
        return [
            m
            for m in ctx.mentions_in(lo, hi, actors)
            if m.rule != "gazetteer:demonym" and ctx.type_of(m.entity) != "Position"
        ]

    before = text[s0 : num.start]
    supplier = recipient = None
    # the verb nearest the figure ("X sold ..., and Y bought four Z from W": Y's purchase)
    sell = list(SELL.finditer(before))
    buy = list(BUY.finditer(before))
    selling = bool(sell) and (not buy or sell[-1].start() > buy[-1].start())
    if selling and (who := named(s0, s0 + sell[-1].start())):
        supplier = who[-1].entity
        to = re.search(r"\bto\s+(?:the\s+)?", text[end:e0])
        first = named(s0 + sell[-1].end(), num.start)  # "Turkey sold Azerbaijan six drones"
        if to and (rec := named(end + to.end(), min(e0, end + to.end() + 40))) and rec[0].start == end + to.end():
            recipient = rec[0].entity
        elif first and re.fullmatch(r"\s+(?:the\s+)?", text[s0 + sell[-1].end() : first[0].start]):
            recipient = first[0].entity
        elif re.fullmatch(r",\s+which\s+(?:has\s+|had\s+|also\s+)*", text[who[-1].end : s0 + sell[-1].start()]):
            # "Armenia relied almost entirely on Russia, which delivered four Su-30SM fighter
            # jets": the supplier is the relative clause's antecedent, the recipient the subject
            subject = named(s0, who[-1].start)
            if subject and subject[0].start == s0:
                recipient = subject[0].entity
    elif buy and (who := named(s0, s0 + buy[-1].start())):
        recipient = who[-1].entity
        fr = re.search(r"\bfrom\s+(?:the\s+)?", text[end:e0])
        if fr and (sup := named(end + fr.end(), min(e0, end + fr.end() + 40))) and sup[0].start == end + fr.end():
            supplier = sup[0].entity
    else:
        by = re.match(r"[^,;.]{0,20}?\b(?:supplied|provided|sold|delivered)\s+by\s+(?:the\s+)?", text[end:e0])
        if by and (sup := named(end + by.end(), min(e0, end + by.end() + 40))):
            supplier, recipient = sup[0].entity, _actor_before(ctx, s0, num.start, prefer_orgs=True)
    if not (supplier and recipient) or supplier == recipient:
        return None
    fields = {"supplier": supplier, "recipient": recipient, "system": system, **count, "qualifier": qualifier}
    began, ended = _transfer_dates(ctx, s0, num.start, end, e0)
    fields.update({k: v for k, v in (("start", began), ("end", ended)) if v is not None})
    return Item("transfers", fields, start, end, "rule:arms-transfer", 0.45)


def _transfer_dates(ctx: Context, s0: int, at: int, end: int, e0: int) -> tuple[str | None, str | None]:
    """When a transfer began (and ended): the last absolute date of its clause before the figure
    ("In October 2023 France agreed to supply ..."), else one after what is transferred ("... to
    Armenia in 2019"; "delivered by Russia between 2011 and 2013": from 2011 to 2013)."""
    c0 = s0 + max([0, *(m.end() for m in re.finditer(r",\s+and\s+|;\s+", ctx.text[s0:at]))])
    before = [d for d in ctx.dates if c0 <= d.start and d.end <= at and d.kind == "absolute"]
    if before:
        last = before[-1]
        if last.role == "end" and len(before) > 1 and before[-2].role == "start":
            return before[-2].value, last.value  # "Between 2011 and 2013, Russia delivered ..."
        return last.value, None
    after = [
        d
        for d in ctx.dates
        if end <= d.start < e0 and re.fullmatch(r"[^,;.]{0,60}?\s+(?:in|between|from)\s+", ctx.text[end : d.start])
    ]
    if not after:
        return None, None
    first = after[0]
    closing = [d for d in ctx.dates if d.role == "end" and first.end <= d.start <= first.end + 10]
    return first.value, (closing[0].value if first.role == "start" and closing else None)


#: an origin on equipment: "Turkish-manufactured", "Israeli-made", or the bare demonym
MADE = re.compile(r"-(?:manufactured|made|built|designed|supplied)\b")


def _origin(ctx: Context, start: int, end: int) -> Mention | None:
    """The demonym of the state that made the equipment in ``[start, end)``, if it opens it."""
    for m in ctx.mentions_in(start, end, STATE_TYPES):
        if m.rule == "gazetteer:demonym" and re.fullmatch(r"[\s\w]{0,12}", ctx.text[start : m.start]):
            return m
    return None


def _imported_class(ctx: Context, operator: str, start: int, end: int) -> Mention | None:
    """'over forty Turkish-manufactured mobile air defence systems' held by another state's
    force: a kind of equipment of its own (a new WeaponSystem named as the text names it),
    so that its holding and its supplier can be recorded; home-made equipment stays a count."""
    dem = _origin(ctx, start, end)
    op_state = ctx.state_of(operator)
    if dem is None or op_state is None or op_state.id == dem.entity:
        return None
    label = re.sub(r"\s+", " ", ctx.text[dem.start : end]).strip()
    eid = slug(label)
    if ctx.gaz.get(eid) is None and eid not in ctx.props.entities:
        ctx.props.add_entity(NewEntity(eid, "WeaponSystem", label, dem.start, end, "rule:imported-equipment", 0.4))
    m = Mention(dem.start, end, eid, "rule:imported-equipment", 0.4)
    ctx.mentions = sorted([*ctx.mentions, m])  # the demonym inside still names its state
    return m


def _holdings_of_transfers(items: list[Item]) -> list[Item]:
    """'Russia has sold twelve SU-30 fighters to Armenia': what was delivered, the recipient
    now holds (the count and hedge carry over)."""
    out = []
    for it in items:
        if it.section == "transfers" and "count" in it.fields:
            f = it.fields
            fields = {"operator": f["recipient"], "system": f["system"], "count": f["count"]}
            fields["qualifier"] = f.get("qualifier", "exactly")
            out.append(Item("holdings", fields, it.start, it.end, "rule:holding-from-transfer", 0.4))
    return out


def _origin_transfers(ctx: Context, items: list[Item]) -> list[Item]:
    """A holding of equipment whose origin the text gives ('forty Turkish Sakaya MRLS',
    'Turkish-manufactured ...') when another state operates it: that state supplied it."""
    out = []
    have = {(i.fields.get("system"), i.start) for i in items if i.section == "transfers"}
    for it in items:
        if it.section != "holdings" or (it.fields.get("system"), it.start) in have:
            continue
        op_state = ctx.state_of(it.fields["operator"])
        dem = _origin(ctx, it.start, it.end)
        if dem is None or op_state is None or dem.entity == op_state.id:
            continue
        if not any(m.entity == it.fields.get("system") for m in ctx.mentions_in(dem.start, it.end + 1)):
            continue
        fields = {"supplier": dem.entity, "recipient": it.fields["operator"], "system": it.fields["system"]}
        if "count" in it.fields:
            fields["count"] = it.fields["count"]
        fields["qualifier"] = it.fields.get("qualifier", "unspecified")
        out.append(Item("transfers", fields, it.start, it.end, "rule:transfer-from-origin", 0.35))
    return out


#: what joins models in a list ("T-72s and T-90s", "the T-90s and T-72 Aslans")
MODEL_SEP = re.compile(r"(?:\s*,\s*|\s+)(?:and\s+|or\s+)?(?:the\s+)?")
#: a holding named by its make-up: "its 410-strong tank pool consisting of", "a force made up largely of"
MAKE_UP = re.compile(
    r"\b(?P<det>its|their|his|her|the|a|an)\s+(?:[\w-]+\s+){0,2}(?:pool|force|fleet|inventory|arsenal|park)\s+"
    r"(?:consisting|made\s+up|composed|comprised)\s+(?:\w+\s+)?of\s+$|\bcomprising\s+$"
)
#: a verb of using or operating right before the models ("did use the Russian Scud ...")
USES = re.compile(
    r"\b(?:uses?|used|operates?|operated|fields?|fielded)\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$"
)
SUPPLIED_BY = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:supplied|provided|sold|delivered)\s+by\s+(?:the\s+)?")


def _model_groups(ctx: Context) -> list[list[Mention]]:
    """Weapon models in the order written, those joined by 'and'/commas as one list."""
    groups: list[list[Mention]] = []
    for m in sorted((m for m in ctx.mentions if ctx.type_of(m.entity) == "WeaponSystem"), key=lambda m: m.start):
        prev = groups[-1][-1] if groups else None
        gap = ctx.text[prev.end : m.start] if prev is not None and prev.end <= m.start else None
        if gap is not None and MODEL_SEP.fullmatch(re.sub(r"^(?:e?s)\b", "", gap)):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _supplied_by(ctx: Context, end: int, e0: int) -> tuple[str | None, int]:
    """'... Scud ballistic missiles supplied by Armenia': the supplier and where it ends."""
    plural = re.match(r"e?s\b", ctx.text[end:e0])
    at0 = end + (plural.end() if plural else 0)
    by = SUPPLIED_BY.match(ctx.text, at0, e0)
    if by is None:
        return None, end
    sup = [x for x in ctx.mentions_in(by.end(), e0, ACTOR_TYPES | STATE_TYPES) if x.start == by.end()]
    if not sup or sup[0].rule == "gazetteer:demonym":
        return None, end
    return sup[0].entity, sup[0].end


def _owner_after(ctx: Context, end: int, e0: int) -> Mention | None:
    """'the T-90s and T-72 Aslans of the Azerbaijan Army': the actor after 'of'."""
    rest = ctx.text[end:e0]
    m = re.match(r"(?:e?s)?(?:\s+[a-z-]+){0,2}?\s+of\s+(?:the\s+)?", rest)
    if m is None:
        return None
    who = [x for x in ctx.mentions_in(end + m.end(), e0, ACTOR_TYPES | STATE_TYPES) if x.start == end + m.end()]
    return who[0] if who and who[0].rule != "gazetteer:demonym" else None


def _operator_of(ctx: Context, group: list[Mention]) -> tuple[str | None, str]:
    """Who holds the models of a list, and the rule that says so (None: nobody named)."""
    text, first, last = ctx.text, group[0], group[-1]
    s0, e0 = ctx.sentence(first.start)
    owner = _owner_after(ctx, last.end, e0)
    if owner is not None:
        return owner.entity, "rule:holding-of"
    before = text[max(s0, first.start - 80) : first.start]
    poss = [
        x
        for x in ctx.mentions_in(max(s0, first.start - 40), first.start, ACTOR_TYPES | STATE_TYPES)
        if x.rule != "gazetteer:demonym" and re.fullmatch(r"[’']s?\s+(?:[\w-]+\s+){0,2}", text[x.end : first.start])
    ]
    if poss:
        return poss[-1].entity, "rule:holding-possessive"
    make_up = MAKE_UP.search(before)
    if make_up and make_up.group("det") not in ("a", "an"):  # "a tank force made up of": whose?
        return _actor_before(ctx, s0, first.start), "rule:holding-make-up"
    if USES.search(before):
        return _actor_before(ctx, s0, first.start), "rule:holding-user"
    dem = [x for x in ctx.mentions_in(max(s0, first.start - 20), first.start, STATE_TYPES) if x.end == first.start - 1]
    if dem and dem[0].rule == "gazetteer:demonym" and _supplied_by(ctx, last.end, e0)[0] is None:
        others = [x for x in ctx.mentions_in(s0, e0, ACTOR_TYPES | STATE_TYPES) if x.rule != "gazetteer:demonym"]
        if not others:  # "A convoy of Azerbaijani BTR-70 armored personnel carriers"
            return dem[0].entity, "rule:holding-demonym"
    return None, ""


def _model_holdings(ctx: Context, items: list[Item]) -> list[Item]:
    """Models an operator holds where no number is given ('its tank pool consisting of T-72s
    and T-90s', 'the T-90s of the Azerbaijan Army', 'did use the Scud missiles supplied by
    Armenia'): a holding, unspecified, and a transfer when the supplier is named."""
    done = {(i.fields.get("system"), ctx.sentence(i.start)) for i in items if i.section in ("holdings", "transfers")}
    out: list[Item] = []
    for group in _model_groups(ctx):
        operator, rule = _operator_of(ctx, group)
        if operator is None:
            continue
        s0, e0 = ctx.sentence(group[0].start)
        supplier, by_end = _supplied_by(ctx, group[-1].end, e0)
        supplier = supplier if supplier != operator else None
        for m in group:
            if (m.entity, (s0, e0)) in done:
                continue
            done.add((m.entity, (s0, e0)))
            start = min(m.start, group[0].start)
            end = max(m.end, group[-1].end)
            fields = {"operator": operator, "system": m.entity, "qualifier": "unspecified"}
            out.append(Item("holdings", fields, start, end, rule, 0.35))
            if supplier:
                tf = {"supplier": supplier, "recipient": operator, "system": m.entity, "qualifier": "unspecified"}
                out.append(Item("transfers", tf, start, by_end, "rule:transfer-supplied-by", 0.35))
    return out


#: a casualty figure without a number: "with more wounded", "Armenian soldiers killed"
MORE_HURT = re.compile(r"\b(?:with\s+)?(?:many\s+)?more\s+(?P<c>wounded|injured|dead|killed)\b")
UNNUMBERED = re.compile(
    r"\b(?P<noun>soldiers|troops|servicemen|civilians)\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?"
    r"(?P<c>killed|dead|wounded|injured|captured|missing)\b",
    re.I,
)


#: a number right before a demonym: the figure rule has counted it already
NUMBER_BEFORE = re.compile(r"(?:\d|\b(?:some|dozens|hundreds|thousands|several|many|few))\s+$")


def _unnumbered_casualties(ctx: Context, items: list[Item], events: list[tuple[int, str]]) -> list[Item]:
    """Casualties the text reports without a number: 'at least one civilian dead, with more
    wounded' (the side of the figure before), 'Armenian Soldiers killed in ...' (a demonym's
    side): unspecified counts, kept so a reviewer sees every reported loss of life."""
    taken = [(i.start, i.end) for i in items if i.section == "casualties"]
    out: list[Item] = []

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    for m in MORE_HURT.finditer(ctx.text):
        if not free(m.start(), m.end()) or NUMBER_RX.search(ctx.text[max(0, m.start() - 12) : m.start()] + " "):
            continue
        kind = next(c for p, c in CASUALTY_CUES if re.fullmatch(p, m.group("c")))
        fields = {"qualifier": "unspecified", "category": "people", "type": kind}
        if (it := _casualty(ctx, fields, None, m.start(), m.end(), events, "rule:casualty-unnumbered")) is not None:
            out.append(it)
    for m in UNNUMBERED.finditer(ctx.text):
        dem = [x for x in ctx.mentions_in(max(0, m.start() - 25), m.start(), STATE_TYPES) if x.end == m.start() - 1]
        if not dem or dem[0].rule != "gazetteer:demonym" or not free(dem[0].start, m.end()):
            continue
        if NUMBER_BEFORE.search(ctx.text[max(0, dem[0].start - 20) : dem[0].start]):
            continue
        category = "civilians" if m.group("noun").lower() == "civilians" else "soldiers"
        kind = next(c for p, c in CASUALTY_CUES if re.fullmatch(p, m.group("c").lower()))
        fields = {"qualifier": "unspecified", "category": category, "type": kind}
        it = _casualty(ctx, fields, dem[0].entity, dem[0].start, m.end(), events, "rule:casualty-unnumbered")
        if it is not None:
            out.append(it)
    return out


#: how long something went on, said before it: "three days of ... attacks", "months of threats"
DURATION_HEDGE = r"(?:(?P<h>just over|more than|over|nearly|almost|some|about|around)\s+)?"
DURATION_COUNT = rf"(?P<n>(?:a|an|several|many|\d+|(?:{'|'.join(WORDS[:-4])})(?:[\s-](?:{'|'.join(WORDS[:9])}))?)\s+)?"
DURATION_UNIT = r"(?P<u>hours?|days?|weeks?|months?|years?|decades?)"
DURATION = re.compile(rf"\b{DURATION_HEDGE}{DURATION_COUNT}{DURATION_UNIT}\s+of\s+", re.I)
#: "the war lasted 44 days", "fighting that lasted nearly three weeks"
LASTED = re.compile(rf"\b(?:lasted|lasting)\s+{DURATION_HEDGE}{DURATION_COUNT}{DURATION_UNIT}\b", re.I)


#: a stretch of time the clause before lasted ("has been a regular visitor ..., over the past
#: fourteen years", "lived as refugees for the next thirty years")
SPAN_OF_TIME = re.compile(
    r"\b(?:for|over|during|throughout)\s+(?:the\s+)?(?:(?:past|last|previous|next|following)\s+)?"
    r"(?:(?P<h>nearly|almost|more than|over|some|about|around)\s+)?"
    rf"(?P<n>\d+|(?:{'|'.join(WORDS[:-4])})(?:[\s-](?:{'|'.join(WORDS[:9])}))?)\s+"
    r"(?P<u>hours|days|weeks|months|years|decades)\b(?!\s+(?:of|ago|later|before|after|earlier)\b)",
    re.I,
)


def _spans_of_time(ctx: Context) -> list[Item]:
    """'X has been a regular visitor to Y over the past fourteen years': the duration of the
    event named last before it in its clause (no ';' or sentence end between)."""
    out = []
    for m in SPAN_OF_TIME.finditer(ctx.text):
        s0, _ = ctx.sentence(m.start())
        ev = [
            x
            for x in ctx.mentions_in(max(s0, m.start() - 150), m.start(), EVENT_TYPES)
            if not re.search(r"[;:–—]|\b(?:and|but|while|which|who|that)\b", ctx.text[x.end : m.start()])
        ]
        if not ev:
            continue
        n = m.group("n").lower()
        try:
            value = int(n) if n.isdigit() else w2n.word_to_num(n.replace("-", " "))
        except ValueError:
            continue
        hedge = (m.group("h") or "").lower()
        qualifier = next((c for rx, c in HEDGES if re.fullmatch(rx, hedge)), "exactly") if hedge else "exactly"
        fields = {"entity": ev[-1].entity, "measure": "duration", "value": value, "unit": m.group("u").lower()}
        fields["qualifier"] = qualifier
        out.append(Item("measurements", fields, ev[-1].start, m.end(), "rule:measure-duration:span", 0.35))
    return out


#: a supplier's share of a state's arms imports: "Israel provided 69 per cent of Azerbaijan's major
#: arms imports", "Russia accounted for 94% of Armenia's arms imports"
SHARE = re.compile(
    r"\b(?:provided|supplied|accounted\s+for|delivered|made\s+up)\s+"
    r"(?:(?:some|about|around|nearly|almost|more\s+than|over|roughly|approximately|just\s+over)\s+)?"
    r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)"
    r"\s+of\s+(?:the\s+)?(?P<rec>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)[’']s?\s+(?:(?:total|major|overall)\s+)*"
    r"(?:arms|weapons?|military\s+equipment)\s+imports\b"
)


def _period_end(ctx: Context, s0: int, e0: int) -> str | None:
    """The year a period the sentence gives ends ("between 2016 and 2020", "in 2011-2020")."""
    ends = [d for d in ctx.dates if s0 <= d.start < e0 and d.role == "end"]
    return ends[0].value[:4] if len(ends) == 1 else None


def _shares(ctx: Context) -> list[Item]:
    """The share of a state's arms imports one supplier provided: a measurement of the supplier
    (as the curated annotations measure it), the recipient in its note."""
    out = []
    for m in SHARE.finditer(ctx.text):
        s0, e0 = ctx.sentence(m.start())
        supplier = [x for x in ctx.mentions_in(max(s0, m.start() - 40), m.start(), STATE_TYPES)]
        recipient = [x for x in ctx.mentions_in(m.start("rec"), m.end("rec"), STATE_TYPES)]
        if not supplier or not recipient:
            continue
        qualifier, qstart = _hedge(ctx, m.start("n"))
        fields = {"entity": supplier[-1].entity, "measure": "arms-import-share", "value": float(m["n"])}
        fields["value"] = int(fields["value"]) if fields["value"] == int(fields["value"]) else fields["value"]
        fields |= {"unit": "percent", "qualifier": qualifier}
        if as_of := _as_of(ctx, s0, e0) or _period_end(ctx, s0, e0):
            fields["as_of"] = as_of
        item = Item("measurements", fields, supplier[-1].start, m.end(), "rule:arms-import-share", 0.5)
        item.extra["note"] = f"share of {ctx.label_of(recipient[0].entity)}'s arms imports"
        out.append(item)
    return out


def _durations(ctx: Context) -> list[Item]:
    """'a month of artillery barrages', 'three days of intense ... attacks', 'months of
    threats': the duration of the event the words after 'of' name (its trigger or its name
    within a few lower-case words); 'the war lasted 44 days': of the event before 'lasted'. A
    number gives the value, none or 'several' only words."""
    out = []
    for m in DURATION.finditer(ctx.text):
        _, e0 = ctx.sentence(m.start())
        ev = [
            x
            for x in ctx.mentions_in(m.end(), min(e0, m.end() + 70), EVENT_TYPES)
            if re.fullmatch(r"(?:[a-z][\w-]*,?\s+|and\s+|[A-Z]{2,}\s+)*", ctx.text[m.end() : x.start])
        ]
        if ev and (fields := _duration(m, ev[0].entity)) is not None:
            out.append(Item("measurements", fields, m.start(), ev[0].end, "rule:measure-duration", 0.4))
    for m in LASTED.finditer(ctx.text):
        s0, _ = ctx.sentence(m.start())
        ev = ctx.mentions_in(max(s0, m.start() - 60), m.start(), EVENT_TYPES)
        if ev and (fields := _duration(m, ev[-1].entity)) is not None:
            out.append(Item("measurements", fields, ev[-1].start, m.end(), "rule:measure-duration:lasted", 0.4))
    return out


def _duration(m: re.Match[str], event: str) -> dict | None:
    """The fields of a duration of ``event`` read from a DURATION or LASTED match."""
    n = (m.group("n") or "").strip().lower()
    unit = m.group("u").lower().rstrip("s") + "s"
    fields: dict = {"entity": event, "measure": "duration"}
    if n in ("a", "an"):
        fields["value"] = 1
    elif n.isdigit():
        fields["value"] = int(n)
    elif n and n not in ("several", "many"):
        try:
            fields["value"] = w2n.word_to_num(n.replace("-", " "))
        except ValueError:
            return None
    if "value" not in fields:
        fields["value_text"] = re.sub(r"\s+", " ", m.string[m.start("n") if n else m.start("u") : m.end("u")])
    fields["unit"] = unit
    hedge = (m.group("h") or "").lower()
    fields["qualifier"] = (
        next((c for rx, c in HEDGES if re.fullmatch(rx, hedge)), "exactly")
        if hedge
        else ("exactly" if "value" in fields else "unspecified")
    )
    return fields
