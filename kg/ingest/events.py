"""Events and agreements: a trigger word gives the type, the sentence the rest.

Event triggers ("launched ... an offensive", "declared martial law", "called
for a general mobilization", "tweeted", "clashes") give the ontology class;
the date is the nearest date in the sentence; the attacker or agent is the
actor the sentence names before the trigger (or the demonym on it: "the
Azerbaijani attacks"); "against X" gives the defender (an actor) or target (a
place), "in X" the place. Mentions of one event are merged (same type, same
day; or same type and year and actor): an attack and the offensive it opens are
two events, as annotators keep them. Agreements are named
("the Bishkek Protocol") or described ("a ceasefire agreement signed by A, B
and the protocol's broker, C, on 5 May 1994", "a joint statement from ...").

An event or agreement the gazetteer knows (same type, its year in the label)
is reused; others are proposed as new entities with an id built from the
actor, the type and the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.ingest import provisions, world
from kg.ingest.attribution import VERBS
from kg.ingest.context import Context
from kg.ingest.dates import DateMention, parse_value
from kg.ingest.gazetteer import slug
from kg.ingest.model import Item, Mention, NewEntity
from kg.ingest.nlp import TIMESTAMP
from kg.ingest.ontology_types import (
    ACTOR_TYPES,
    AGREEMENT_TYPES,
    EVENT_TYPES,
    PLACE_TYPES,
    STATE_TYPES,
    ancestors,
    is_a,
)

TRIGGERS: list[tuple[str, str]] = [
    (
        "Declaration",
        r"declared\s+martial\s+law|declaration\s+of\s+martial\s+law|martial\s+law\s+was\s+declared|"
        r"(?:signed\s+a\s+|issued\s+a\s+)?decree",
    ),
    ("Mobilisation", r"(?:general\s+)?mobili[sz]ation|mobili[sz]ed"),
    (
        "Offensive",
        r"(?:counter|anti)-terrorist\s+(?:operation|measures)|(?:military\s+|ground\s+)?offensives?|(?:ground\s+|conventional\s+)?assault|"
        r"military\s+operation|(?:land\s+|military\s+)campaigns?|invasion|invaded|thrust|"
        r"seized|seizing|seizure|seize(?=\s+(?:and\s+[a-z]+\s+)?(?:the\s+|[A-Z]|at\s+least|\d|one|two|three|four|five|several))|re-?occupying|re-?occupied|(?<!the\s)occupied(?=\s+(?:about|some|around|nearly|at\s+least|more\s+than|\d|the\s|parts?\s|(?-i:[A-Z])))|captured|capturing|capture(?=\s+[A-Z])|"
        r"(?<=\d{4}\s)operation",
    ),
    (
        "Attack",
        r"attacked|cross-border\s+attack|(?:surprise\s+)?attacks?|strikes|incursion|barrages|barraged|bombardments?|"
        r"shelling|shelled|atrocities|massacres?|firing|fired\s+(?:[\w-]+\s+){0,3}?(?:on|at)|bombing|bombed|air\s*raids?|"
        r"purging|purges?|pogroms?|(?:military\s+)?provocations?|"
        # a munition's strike on a place: "rockets ... struck the centre of Barda", "missiles hit Ganja"
        r"(?:struck|hit)(?=\s+(?:the\s+(?:centre|center|city|town|village|outskirts)\s+of\s+)?(?-i:[A-Z]))|"
        # a strike named by its munition: "a missile strike on Ganja", "a missile struck a district"
        r"(?:missile|drone|air|artillery|rocket)\s+strikes?|(?:missiles?|rockets?|shells?|drones?)\s+(?:struck|hit)\b|"
        r"opened\s+fire",
    ),
    (
        "Battle",
        r"clash(?:es|ed)?|skirmish(?:es)?|flare-ups?|battles?(?!\s+tanks?\b|[\s-]+(?:group|ship|field|ground)s?\b)|"
        r"(?:opening\s+|latest\s+|previous\s+)?round\s+of\s+fighting|fighting(?!\s+vehicles?\b)|"
        r"confrontations?|firefights?|exchanges?\s+of\s+fire|hostilities",
    ),
    ("War", r"war|wars|conflict|standoff|victory(?!\s+parade)"),
    (
        "Announcement",
        r"tweeted|(?:bombshell\s+|concurrent\s+|joint\s+)?announcement|speech|interview|rhetoric|threats|threatened|"
        r"statements|resolutions|press\s+conference|(?:media|propaganda|information|disinformation)\s+campaigns?",
    ),
    ("Visit", r"visited|regular\s+visitor|(?:state\s+|official\s+)visit"),
    ("Election", r"was\s+elected|elections?"),
    (
        "Blockade",
        r"blockade|closure|(?:has|have|had)\s+been\s+closed|checkpoints|checkpoint(?=\s+(?:on|at)\s)|"
        r"blocked(?=\s+(?:the\s+|a\s+)?(?-i:[A-Z])|\s+(?:the\s+|a\s+)?(?:road|roads|corridor|highway|route|border|crossing|access))",
    ),
    (
        "Deployment",
        r"deployed|deploying|inserting|deployment|(?:peace-?keeping|stabili[sz]ation)[’']?\s+(?:mission|force)",
    ),
    (
        "Training",
        r"exercise\s+together|(?:training|peacekeeping)\s+exercise|(?:military\s+)?exercises|trained|"
        r"(?:short|training)\s+courses?",
    ),
    ("Acquisition", r"has\s+(?:bought|purchased)|bought|purchased"),
    ("Ceremony", r"victory\s+parade|parade"),
    ("Meeting", r"gather(?:ed)?|rally|summit|peace\s+talks|(?:bilateral\s+)?meetings?|conference|negotiations"),
    (
        "Dissolution",
        r"would\s+dissolve|dissolution|cease\s+functioning|cease\s+to\s+exist|breakup|implosion|disbanded|"
        r"(?:was|were|had\s+been|has\s+been)\s+dissolved",
    ),
    ("Revolution", r"street\s+protests|revolution|uprising|people\s+power"),
    # the founding of a named body: "in 2001, Azerbaijan set up the Training and Education Centre"
    ("Event", r"(?:set\s+up|established|founded)(?=\s+(?:the\s+|a\s+|an\s+|its\s+)?(?-i:[A-Z][a-z]))"),
    # a blast that is no attack by anyone the text names: "an explosion at a fuel depot"
    ("Event", r"explosions?|blasts?|exploded"),
    (
        "Displacement",
        r"were\s+forced\s+out|expelled|exodus|expulsions?|deported|deportations?|fled|flee|fleeing|"
        r"were\s+evacuated|evacuation|(?:left|departed|departing|leaving)\s+for|"
        r"(?:left|departed)(?=\s+(?:the\s+)?(?-i:[A-Z]))|(?:were|was|been|being)\s+displaced|departure(?=\s+of\s)|"
        r"(?:have|has|had)\s+(?:arrived\s+from|crossed\s+into)|arrived\s+from",
    ),
]
#: office titles and honorifics that may stand before a name ("from President Putin")
TITLE_WORDS = "|".join(re.escape(t) for t in sorted((*world.TITLES, *world.HONORIFICS), key=len, reverse=True))
#: the role the actor on a trigger plays, where the word says more than its type
WORD_ROLE = {"victory": "victor"}
#: what a trigger names, where its word says more than its type (a decree is a Declaration,
#: but no declaration of martial law)
TRIGGER_WORD = {
    "decree": "decree",
    "explosion": "explosion",
    "explosions": "explosion",
    "blast": "explosion",
    "exploded": "explosion",
}
#: a trigger is a whole word, not part of a compound ("well-trained", "post-war")
TRIGGER_RX = [(t, re.compile(rf"(?<![\w-])(?:{rx})\b(?!-)", re.I)) for t, rx in TRIGGERS]
#: words that may stand between an actor's adjective and the trigger ("Azerbaijani military offensive")
MODIFIERS = r"(?:(?:latest|new|second|first|initial|military|ground|major|surprise|cross-border|coordinated)\s+){1,2}"
LAUNCH = re.compile(
    r"\b(launched|launching|began|begun|started|mounted|conducted|initiated|carried out|opened|waged|fought|"
    r"set up|imposed|erected|led|leading|staged|organi[sz]ed|passed|held|holding|issued|committed)\b"
)
AGENT_ROLE = {"Offensive": "attacker", "Attack": "attacker", "Battle": "participant", "War": "participant"}
COMBAT = {"Offensive", "Attack", "Battle"}
TYPE_WORD = {
    "Offensive": "offensive",
    "Attack": "attack",
    "Battle": "clashes",
    "War": "war",
    "Declaration": "martial-law",
    "Mobilisation": "mobilisation",
    "Announcement": "statement",
    "Visit": "visit",
    "Election": "election",
    "Blockade": "blockade",
    "Deployment": "deployment",
    "Ceremony": "parade",
    "Dissolution": "dissolution",
    "Displacement": "displacement",
    "Revolution": "protests",
    "Training": "exercise",
    "Meeting": "meeting",
    "Acquisition": "purchase",
    "Event": "establishment",
}

AGREEMENT_RX = re.compile(
    r"\b(?P<a>[Jj]oint\s+statement|[Cc]easefire\s+agreement|[Cc]easefire|[Aa]rmistice|[Tt]ruce|[Pp]eace\s+treaty|"
    r"treaty\s+on\s+(?:[A-Z]\w+(?:\s+(?:and|of)\s+|\s+)?)+|agreements?\s+on\s+(?:[a-z]+\s+){0,3}cooperation|"
    r"(?:arms|weapons)\s+deal|deal\s+with|strategic\s+partnership|security\s+alliance|"
    r"(?:peace|framework)\s+(?:agreement|deal|accord)|[Jj]oint\s+declaration|"
    # a statement named by its date ("the Statement of 9 November 2020"), a contract for arms
    r"(?:[Tt]rilateral\s+)?[Ss]tatement(?=\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})|[Tt]rilateral\s+statement|"
    r"[Cc]ontracts?(?=\s+for\s+[^.;]{0,60}?\b(?:\d|weapons?|arms|howitzers?|tanks?|drones?|missiles?|systems?|"
    r"radars?|launchers?|aircraft|jets?|fighters?|helicopters?|artillery|ammunition|rifles?|vehicles?)\b)|"
    # an agreement's own title: "Statement by President of X, Prime Minister of Y and ..."
    r"(?<![^\n])(?:(?:Joint|Trilateral|Quadrilateral|Bilateral)\s+)?(?:Statement|Declaration)"
    r"(?=\s+(?:by|of|following|between)\s)|"
    r"(?<![^\n])(?:JOINT|TRILATERAL|QUADRILATERAL)\s+(?:STATEMENT|DECLARATION)"
    r"(?=\s+(?:BY|OF|FOLLOWING|BETWEEN|by|of|following|between)\s)|"
    # a protocol's, an agreement's or a memorandum's own title, the text's first line
    r"\A(?:PROTOCOL|AGREEMENT|MEMORANDUM(?:\s+OF\s+UNDERSTANDING)?|Protocol|Agreement|Memorandum"
    r"(?:\s+of\s+Understanding)?)(?=\s+(?:of|on|between|by|OF|ON|BETWEEN|BY)\s))"
)
AGREEMENT_TYPE = [
    ("joint statement", "JointStatement"),
    ("trilateral statement", "JointStatement"),
    ("protocol", "Protocol"),
    ("joint declaration", "JointStatement"),
    ("Statement", "JointStatement"),
    ("ceasefire", "Ceasefire"),
    ("armistice", "Ceasefire"),
    ("truce", "Ceasefire"),
    ("Partnership", "Alliance"),
    ("partnership", "Alliance"),
    ("alliance", "Alliance"),
    ("training", "TrainingAgreement"),
    ("treaty", "Treaty"),
    ("arms deal", "ArmsAgreement"),
    ("contract", "ArmsAgreement"),
    ("weapons deal", "ArmsAgreement"),
    ("agreement", "Agreement"),
]
HYPOTHETICAL = re.compile(
    r"\b(seek|would|towards|toward|negotiat\w*|propos\w*|possible|potential|calls? for|"
    r"advance|draft\w*|future|ready|willing|prepared|hopes?|plans?|intends?|aims?)\b[^.;]*$"
)
ACTORS = ACTOR_TYPES | STATE_TYPES


@dataclass
class Found:
    """One event or agreement, with its evidence, before it is written out."""

    type: str
    start: int
    end: int
    rule: str
    confidence: float
    date: DateMention | None = None
    roles: list[tuple[str, Mention, int, int]] = field(default_factory=list)  # role, who, trigger span
    terms: list[tuple[str, int, int]] = field(default_factory=list)
    content: tuple[str, int, int] | None = None
    known: str | None = None
    label: str | None = None
    word: str = ""  # what the trigger names, for ids and labels ("offensive", "decree")
    also: list[tuple[int, int]] = field(default_factory=list)
    eid: str = ""
    date_at: tuple[int, int] | None = None  # the trigger the date belongs to, if not the first
    end_date: DateMention | None = None  # the end of a period ("wars in 1988-1994")
    effective: bool = False  # the agreement's date is when it takes effect, not its signing


#: the outlet of a cited work before its date: "’, Guardian ", "’, al Jazeera " (a lower-case
#: particle may open an outlet's name)
CITATION = re.compile(r"[’”]\s*,?\s*(?:(?:[A-Z][\w.&-]*|al|el|de|la|le)\s*){1,5},?\s*$")


def _dates_in(ctx: Context, s: int, e: int) -> list[DateMention]:
    """Dates in [s, e), less the publication dates of cited works (‘Title’, Outlet 5 May 2020)."""
    return [
        d
        for d in ctx.dates
        if s <= d.start and d.end <= e and not CITATION.search(ctx.text[max(0, d.start - 60) : d.start])
    ]


def clause(ctx: Context, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: its sentence, cut at semicolons."""
    s0, e0 = ctx.sentence(pos)
    semi = [s0 + i + 1 for i, c in enumerate(ctx.text[s0:e0]) if c == ";"]
    start = max([x for x in semi if x <= pos], default=s0)
    end = min([x - 1 for x in semi if x > pos], default=e0)
    return start, end


def _nearest_date(
    ctx: Context, start: int, end: int, s0: int, e0: int, reach: int = 60, durable: bool = False
) -> DateMention | None:
    """See :func:`_nearest_date_of`; a span's end stands for its start ("On the night of 12 to
    13 September, troops shelled ...": from the 12th, to the 13th)."""
    d = _nearest_date_of(ctx, start, end, s0, e0, reach, durable)
    if d is not None and d.role == "end":  # ("Between 1988 and 1994, ... were displaced": from 1988)
        opened = [x for x in ctx.dates if x.end <= d.start and x.role == "start" and d.start - x.end <= 30]
        return opened[-1] if opened else d
    return d


def _nearest_date_of(
    ctx: Context, start: int, end: int, s0: int, e0: int, reach: int = 60, durable: bool = False
) -> DateMention | None:
    """The date of a trigger: a year just before it ("the 2020 offensive"), made more precise
    by a date of that year right after it ("... launched in late September"); else the
    nearest date after it in its clause, else the nearest before it."""
    c0, c1 = clause(ctx, start)
    ds = _dates_in(ctx, max(s0, c0), min(e0, c1))
    if SUPERLATIVE.search(ctx.text[max(s0, c0, start - 60) : start]):
        # "the worst fighting ... since 2020": the date it is compared with, not its own
        ds = [d for d in ds if not (d.start > end and re.search(r"\bsince\s+$", ctx.text[d.start - 8 : d.start]))]
    # "talks, mediated since 1992, have produced no settlement of a conflict": a period another
    # clause opens is not the date of a trigger after it
    ds = [
        d
        for d in ds
        if not (d.end <= start and re.search(r"\bsince\s+$", ctx.text[max(0, d.start - 8) : d.start]))
        or "," not in ctx.text[d.end : start]
    ]
    # "The second meeting shall be held no later than 27 February 2021": a deadline, not its date
    ds = [d for d in ds if not DEADLINE_BEFORE.search(ctx.text, max(0, d.start - 20), d.start)]
    if not ds:
        return None
    after = [
        d
        for d in ds
        if 0 <= d.start - end <= reach and not _new_clause(ctx, end, d.start) and not _dates_what_follows(ctx, d)
    ]
    before_adj = [
        d
        for d in ds
        if d.pattern in ("y", "my", "m") and re.fullmatch(r"(?:[’']s)?\s+(?:[a-z-]+\s+)?", ctx.text[d.end : start])
    ]  # "the 2020 offensive", "2016 border fighting", not "1996 and a treaty"
    if before_adj:
        adj = before_adj[-1]
        finer = [d for d in after if d.value.startswith(adj.value) and d.precision > adj.precision]
        return finer[0] if finer else adj
    # a date after a nearer trigger is that trigger's ("a standoff punctuated by three wars, in
    # 1988-1994": the wars'), and one after a comma and a new noun phrase belongs to that phrase
    # ("elections, the September 2023 one")
    after = [
        d
        for d in after
        if not _trigger_between(ctx, end, d.start)
        and not NEW_PHRASE.search(ctx.text[end : d.start])
        and not _dates_next_trigger(ctx, d)
    ]
    if after:
        return min(after, key=lambda d: (d.start, -d.precision))
    # what happens during a dated event shares its date: "seized by Armenian forces during the
    # breakup of the Soviet Union in 1991"
    during = [d for d in ds if d.start > end and DURING.fullmatch(ctx.text, end, d.start)]
    if during:
        return during[0]
    if durable:
        # a war or standoff lasts: a date earlier in its clause dates something else, unless it
        # says when it began ("Since February 2022, X and Y have fought a war")
        since = [d for d in ds if d.role == "start" and 0 <= start - d.end <= 120]
        return since[-1] if since else None
    # a date before the trigger dates it unless a clause lies between: "said in 2021 that the
    # days of fighting", "in 2010 and X has been a regular visitor", "2018, after leading protests"
    # nor when another event's trigger and a new clause stand between ("After the 2023 offensive,
    # the town was empty, much of the population departing": 2023 is the offensive's; but "the
    # 2024 Conference, where he held meetings": a relative clause on the dated event)
    before = [
        d
        for d in ds
        if 0 <= start - d.end <= 80
        and not CLAUSE_BREAK.search(ctx.text[d.end : start])
        and not (
            _trigger_between(ctx, d.end, start)
            and re.search(r",(?!\s*(?:where|when|in\s+which|at\s+which|during\s+which)\b)", ctx.text[d.end : start])
        )
    ]
    return before[-1] if before else None


#: the words that make the date after them a deadline
DEADLINE_BEFORE = re.compile(r"\b(?:(?:[Nn]o|[Nn]ot)\s+later\s+than|[Bb]y)\s+$")
#: who leaves, before "left for": a counted people, and where it lived ("thousands of ethnic
#: Armenians living previously in Azerbaijan")
LEFT_FOR_SUBJECT = re.compile(
    r"\b(?:\d[\d,.]*|[Tt]housands|[Hh]undreds|[Tt]ens\s+of\s+thousands|[Dd]ozens|[Mm]any|[Mm]ost|[Mm]uch)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:people|persons|residents|inhabitants|civilians|families|refugees|population|[A-Z][a-z]+s)\b"
    r"(?P<lived>\s+(?:who\s+)?(?:living|lived|had\s+lived)\s+(?:previously\s+|there\s+)?in\s+(?:the\s+)?)?"
    r"[^,;.]*$"
)
#: a superlative before a trigger: "since <date>" after it is a comparison ("the worst fighting
#: since 2020", "the first visit since 2019"), not when it began
SUPERLATIVE = re.compile(
    r"\b(?:worst|heaviest|deadliest|bloodiest|fiercest|biggest|largest|greatest|first|most\s+[a-z]+)\s+(?:[a-z-]+\s+){0,2}$"
)
#: what opens a new clause or noun phrase between a date and a trigger after it
CLAUSE_BREAK = re.compile(
    r"\b(?:that|and|but|while|whereas|which|who)\b|,\s*(?:after|before|when|because|since|although|following)\b"
)
#: from a trigger to the date of the event it happened during, within one clause
DURING = re.compile(r"[^,;:()–—]{0,60}?\bduring\s+(?:the\s+)?[^,;:()–—]{1,60}?\s+(?:in|on)\s+")
#: a comma and a determiner: a new noun phrase, the date after it is its own
NEW_PHRASE = re.compile(r",\s*(?:the|a|an|this|that|its|their)\s")


def _dates_what_follows(ctx: Context, d: DateMention) -> bool:
    """ "X comes two months after Azeri forces launched an attack": a span before a clause dates
    that clause (the attack), not what stands before it (X)."""
    return d.pattern == "units" and bool(
        re.search(r"\b(?:after|before)$", ctx.text[d.start : d.end])
        and re.match(r"\s+(?:the\s+|a\s+|an\s+)?[A-Za-z]", ctx.text[d.end : d.end + 6])
    )


def _dates_next_trigger(ctx: Context, d: DateMention) -> bool:
    """Whether a date stands on the trigger right after it ("ended after the September 2023
    offensive": the offensive's date, not the ending's)."""
    m = re.match(r"(?:[’']s)?\s+(?:[a-z-]+\s+)?", ctx.text[d.end : d.end + 40])
    return m is not None and any(rx.match(ctx.text, d.end + m.end()) for _, rx in TRIGGER_RX)


def _trigger_between(ctx: Context, a: int, b: int) -> bool:
    """Whether an event trigger word lies in [a, b)."""
    seg = ctx.text[a:b]
    return any(rx.search(seg) for _, rx in TRIGGER_RX)


def _heading_date(ctx: Context, start: int) -> DateMention | None:
    """The day heading a live report's entry stands under ("Tuesday 19 September 2023" /
    "13:10 – Azerbaijan's defence ministry says it has begun ..."): the last line before it
    that is a date to the day and nothing else."""
    for d in sorted((d for d in ctx.dates if d.end <= start and d.precision == 3), key=lambda d: -d.start):
        line0 = ctx.text.rfind("\n", 0, d.start) + 1
        line1 = ctx.text.find("\n", d.end)
        line = ctx.text[line0 : line1 if line1 != -1 else len(ctx.text)].strip()
        written = ctx.text[d.start : d.end]
        rest = line[: -len(written)].strip(" ,") if line.endswith(written) else None
        if rest is not None and (not rest or rest in world.WEEKDAYS):
            # a live report's: its entries are timed ("13:10 – ..."); a byline's date is no heading
            lines = ctx.text[d.end : start].split("\n")[1:]  # the lines after the heading, to the trigger's
            return d if any(TIMESTAMP.match(x) for x in lines) else None
    return None


def _headline_date(ctx: Context, start: int, end: int) -> DateMention | None:
    """An event told in a cited headline that gives no date of its own (‘Soldiers killed in
    clashes’, Outlet 13 February 2024) happened by the report's date: its month, not its day.
    Only fighting reported with its toll (killed, wounded): a headline's "uphill battle" is no event."""
    text = ctx.text
    line0 = text.rfind("\n", 0, start) + 1
    open_q = text.rfind("‘", line0, start)
    if open_q == -1 or re.search(r"’(?!\w)", text[open_q:start]):
        return None
    close = re.search(r"’(?!\w)", text[end:])
    if close is None or "\n" in text[end : end + close.start()]:
        return None
    if not re.search(r"\b(?:killed|wounded|injured|dead)\b", text[open_q : end + close.start()]):
        return None
    after = end + close.end()
    for d in ctx.dates:
        if d.kind == "absolute" and d.precision == 3 and after <= d.start <= after + 60:
            if "\n" in text[after : d.start] or not CITATION.search(text[max(0, d.start - 60) : d.start]):
                return None
            why = f"not stated; reported in a headline of {d.value}, so that month (on or before the day)"
            return replace(d, value=d.value[:7], resolution=why, confidence=0.5)
    return None


def _new_clause(ctx: Context, a: int, b: int) -> bool:
    """Whether a comma and a new subject (an actor) stand between ``a`` and ``b``: "months
    of threats, Azerbaijan launched on Sunday ..." — Sunday dates the launch, not the threats."""
    return any(
        re.search(r",\s*(?:the\s+)?$", ctx.text[a : m.start]) and CLAUSE_VERB.match(ctx.text, m.end)
        for m in ctx.mentions_in(a, b, ACTORS)
    )


#: a finite verb right after a subject ("Azerbaijan launched", "Baku has said"), not a list ("A, B and C")
CLAUSE_VERB = re.compile(
    r"\s+(?:[a-z]+ly\s+)?(?:(?:has|have|had|was|were|is|are|will|would|did|does)\b|[a-z]+ed\b|[a-z]+s\b(?!\s+and\b))"
)


def _actor_before(ctx: Context, s0: int, start: int) -> Mention | None:
    ms = [
        m
        for m in ctx.mentions_in(s0, start, ACTORS)
        if ctx.type_of(m.entity) != "Position" and not _speaker_phrase(ctx, m, start, inner=True)
    ]
    return ms[-1] if ms else None


#: a reporting verb after a speaker ("Armenia's defence ministry said", "X, officials say")
REPORTING = re.compile(rf"\s+(?:(?:also|has|have|had|later|then)\s+)*(?:{VERBS})\b")


def _speaker_phrase(ctx: Context, m: Mention, end: int, inner: bool = False) -> bool:
    """Whether ``m`` names who reports the event, not who takes part in it: the speaker of a
    reporting verb, or a party's possessive inside the speaker's phrase ("Armenia's defence
    ministry said": neither Armenia nor its ministry is a participant). With ``inner``, only
    the possessive: a speaker before the event may report its own act ("X said it launched")."""
    heads = [
        x
        for x in ctx.mentions
        if x.start <= m.start and m.end <= x.end and x.end <= end and not (inner and x.end - x.start <= m.end - m.start)
    ]
    return any(REPORTING.match(ctx.text, x.end) for x in heads)


#: words that may stand between a subject and its verb ("Armenia has since attacked")
SUBJECT_GAP = re.compile(
    r"(?:\s*[,–—]\s*who\b)?"  # a relative clause on the subject: "the Pope – who visited"
    r"(?:\s+(?:has|have|had|also|then|later|since|again|reportedly|repeatedly|once|first|"
    r"allegedly|itself|never|just|already|now|regularly))*\s+"
)
#: a copula before a noun that names the subject's act ("Erdogan has been a regular visitor")
COPULA_GAP = re.compile(r"\s+(?:has\s+been|had\s+been|was|is|became)\s+(?:an?|the)\s+")
PASSIVE_GAP = re.compile(r"\b(?:was|were|been|being|is|are|be)\b")


LIST_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:in\s+)?(?:(?:early|late|mid)[\s-]+)?")


def _range_end(ctx: Context, d: DateMention | None) -> DateMention | None:
    """The end of a written period whose start is ``d`` ("1988-1994" → 1994, "13 and 14
    September 2022" → 14 September)."""
    if d is None or d.role != "start":
        return None
    if d.pattern.endswith("range"):
        return next((x for x in ctx.dates if x.pattern == d.pattern and x.role == "end" and x.start > d.start), None)
    # "from September 27 to November 10, 2020": the date right after, that ends the period
    nxt = next((x for x in ctx.dates if x.start >= d.end), None)
    gap = ctx.text[d.end : nxt.start] if nxt is not None else ""
    ends = nxt is not None and nxt.role == "end" and re.fullmatch(r"\s*(?:to|until|till|through|and)\s+", gap)
    return nxt if ends else None


def _date_list(ctx: Context, d: DateMention) -> list[DateMention]:
    """The dates listed after ``d`` ("in 2008, 2016 and early 2020" → 2016, 2020):
    each a separate occurrence of what the trigger names."""
    out: list[DateMention] = []
    last = _range_end(ctx, d) or d
    while True:
        sep = LIST_SEP.match(ctx.text, last.end)
        nxt = next((x for x in ctx.dates if sep and x.start == sep.end() and x.role != "end"), None)
        if nxt is None:
            return out
        out.append(nxt)
        last = _range_end(ctx, nxt) or nxt


def _launch_before(pre: str) -> int | None:
    """Where "launched/began/mounted ..." stands in the 120 characters before a noun
    trigger (its offset in ``pre``), if it does: its subject is the event's agent."""
    tail = pre[-120:]
    found = list(LAUNCH.finditer(tail))
    if not found or re.search(r"[,;:–—()]", tail[found[-1].end() :]):
        return None  # the trigger lies past a break: "launched an assault on X, ... following Y's atrocities"
    return len(pre) - len(tail) + found[-1].start()


def _subject_of(ctx: Context, s0: int, start: int) -> Mention | None:
    """The subject of a verb trigger: an actor right before it, with at most auxiliaries
    and adverbs between ("Azerbaijan deployed", "Armenia has since attacked"); none for a
    passive ("officers have been trained": they are not who trained them)."""
    m = _actor_before(ctx, max(s0, start - 60), start)
    if m is None or PASSIVE_GAP.search(ctx.text[m.end : start]):
        return None
    return m if SUBJECT_GAP.fullmatch(ctx.text[m.end : start]) else None


#: a trigger that takes what it captures as its object ("seized Shusha", "the seizure of X")
CAPTURE = re.compile(r"seized|seizing|seizure|seize|captured|capturing|capture|re-?occupying|re-?occupied", re.I)


def _captured(ctx: Context, s0: int, e0: int, start: int, end: int) -> list[tuple[str, Mention, int, int]]:
    """What a capture takes is its target: the place right after the verb ("seizing Shusha",
    "the seizure of X"), or the place the passive participle follows ("Karabakh, seized by")."""
    # (also "captured the town of Khojaly", "took the city of Shusha")
    obj = re.match(
        r"\s+(?:of\s+)?(?:the\s+)?(?:(?:[a-z-]+\s+)?(?:town|city|village|region|district)\s+of\s+)?", ctx.text[end:e0]
    )
    after = [x for x in ctx.mentions_in(end, min(e0, end + 60), PLACE_TYPES) if obj and x.start == end + obj.end()]
    if after:
        return [("target", after[0], start, end)]
    if re.match(r"\s+by\b", ctx.text[end:e0]):
        before = [x for x in ctx.mentions_in(max(s0, start - 40), start, PLACE_TYPES) if x.rule != "gazetteer:demonym"]
        if before and re.fullmatch(r",?\s*", ctx.text[before[-1].end : start]):
            return [("target", before[-1], start, end)]
    return []


#: a fronted phrase of prolonged activity whose head is the trigger, at the start of a sentence
#: or paragraph (after a dateline, "CITY – "): "Following months of bellicose threats, X ...",
#: "After decades of peace talks, X ..."; no participle ("After inflicting ... attacks": its
#: subject is understood, not written)
FRONTED = re.compile(
    r"(?:[A-Z][A-Z .'-]*\s+[–—-]\s+)?(?:Following|After|Amid|Amidst|Despite)\s+(?:(?:some|several|many)\s+)?"
    r"(?:hours|days|weeks|months|years|decades)\s+of\s+(?:(?![a-z]+ing\s)[a-z][\w-]*\s+){0,2}"
)
#: the types whose fronted, prolonged activity the main clause's subject carries on, and its
#: role: not a directed act (after months of shelling, the subject is as likely the one shelled)
FRONTED_ROLE = {"Announcement": "agent", "Meeting": "participant", "Battle": "participant", "Training": "agent"}


def _fronted_subject(ctx: Context, s0: int, e0: int, start: int, end: int, role: str) -> list:
    """The agent of a trigger in a fronted phrase of prolonged activity is the subject of the
    clause the phrase opens: "After years of talks, X is frustrated" → X. The subject is an
    actor right after the phrase's comma, followed by a finite verb."""
    text = ctx.text
    line0 = max(s0, text.rfind("\n", 0, start) + 1)
    if not FRONTED.fullmatch(text, line0, start):
        return []
    comma = re.match(r"[^,;.:()–—]{0,40}?,\s*(?:the\s+)?", text[end:e0])
    if comma is None:
        return []
    at = end + comma.end()
    subj = sorted(
        (x for x in ctx.mentions_in(at, min(e0, at + 60), ACTORS) if x.start == at),
        key=lambda x: (x.start - x.end, x.entity),
    )
    if not subj or not CLAUSE_VERB.match(text, subj[0].end):
        return []
    return [(role, subj[0], start, end)]


def _elected(ctx: Context, s0: int, start: int, end: int, word: str) -> list[tuple[str, Mention, int, int]]:
    """'X was elected': the person right before the verb won the election (a victor, not an
    agent); other election words name no one."""
    if not word.lower().startswith("was"):
        return []
    who = _actor_before(ctx, max(s0, start - 40), start)
    if who is None or ctx.type_of(who.entity) != "Person" or not re.fullmatch(r"\s+", ctx.text[who.end : start]):
        return []
    return [("victor", who, start, end)]


def find_events(ctx: Context) -> list[Found]:
    text, out = ctx.text, []
    for type_, rx in TRIGGER_RX:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if any(x.start <= start < x.end for x in ctx.mentions if ctx.is_type(x.entity, EVENT_TYPES)):
                continue  # part of a named event ("2020 Karabakh War")
            s0, e0 = ctx.sentence(start)
            date = _nearest_date(ctx, start, end, s0, e0, durable=type_ == "War")
            if date is None and type_ in COMBAT:
                # "Last November, at least 13 soldiers were killed in a flare-up": the sentence's date
                date = _opening_date(ctx, s0, e0, comma=True) or _headline_date(ctx, start, end)
            date = date or _heading_date(ctx, start)  # a live report's day heading
            word = TRIGGER_WORD.get(m.group(0).split()[-1].lower(), TYPE_WORD[type_])
            f = Found(type_, start, end, f"rule:trigger-{word}", 0.5, date=date, word=word)
            pre = text[s0:start]
            agent = None
            # the demonym/state right on the trigger: "Azerbaijani attacks", "Azerbaijan's second offensive"
            adj = [
                x
                for x in ctx.mentions_in(max(s0, start - 40), start, ACTORS)
                if re.fullmatch(
                    r"[’'](?:s|(?<=s[’']))?\s+(?:[‘']?[\w-]+[’']?\s+){0,3}[‘']?|\s+(?:" + MODIFIERS + r")?",
                    text[x.end : start],
                )
            ]
            if (
                type_ == "War"
                and date is None
                and not (re.match(r"\s+between\s", text[end:e0]) or re.search(r"\b(?:fought|waged)\b", pre[-60:]))
            ):
                continue  # only a dated war ("the 2020 war"), one between or fought by parties; others are generic
            if (
                type_ == "Announcement"
                and re.fullmatch(r"\s*(?:In|During)\s+(?:an?|the|his|her|its|their)\s+(?:[a-z]+\s+)?", pre)
                and re.search(rf",\s+[^,;]*?\b(?:{VERBS})\b", text[end:e0])
            ):
                continue  # "In an interview with TASS, X said ...": the speech act the verb reports
            said = re.sub(r"\s+", " ", m.group(0).lower())
            if type_ == "Displacement" and re.fullmatch(
                r"(?:left|departed|departing|leaving)(?: for)?|(?:(?:have|has|had) )?(?:arrived from|crossed into)",
                said,
            ):
                # "left for X", "left X" are a displacement only when a people moves: "thousands of
                # ethnic Armenians living previously in Azerbaijan left for Armenia", "350,000
                # Armenians left Azerbaijan"; it left where it lived, or the place it left
                base = max(s0, clause(ctx, start)[0], start - 120)
                who = LEFT_FOR_SUBJECT.search(text[base:start])
                if who is None:
                    continue
                lived = (
                    ctx.mentions_in(base + who.end("lived"), start, PLACE_TYPES | STATE_TYPES)
                    if who.group("lived")
                    else []
                )
                if lived:
                    f.roles.append(("place", lived[0], base + who.start(), end))
                elif not said.endswith((" for", " into")):  # (arrived from X: X is the place left)
                    mv = re.match(r"\s+(?:the\s+)?", text[end:])  # "left Azerbaijan": the place left
                    gap = end + (mv.end() if mv else 0)
                    left = [
                        x for x in ctx.mentions_in(gap, min(e0, gap + 40), PLACE_TYPES | STATE_TYPES) if x.start == gap
                    ]
                    if left:
                        f.roles.append(("place", left[0], start, end))
            if type_ == "Displacement":
                pass  # its subject is who was displaced ("Azeris were forced out"), not an agent
            elif adj:
                agent = adj[-1]
            elif type_ in ("Declaration", "Mobilisation"):
                agent = _actor_before(ctx, s0, start)
            elif (launch := _launch_before(pre)) is not None:
                agent = _actor_before(ctx, s0, s0 + launch)  # the subject of "launched ..."
            elif re.fullmatch(r"[a-z]+ed", m.group(0).split()[0].lower()) or type_ == "Event":
                agent = _subject_of(ctx, s0, start)  # "Azerbaijan deployed", "X set up the Y"
            elif type_ == "Visit":
                near = _actor_before(ctx, max(s0, start - 60), start)
                if near is not None and COPULA_GAP.match(re.sub(r"\s+regular$", "", text[near.end : start])):
                    agent = near
            if agent is None and WORD_ROLE.get(m.group(0).lower()):
                continue  # "victory" alone names no event ("the victory of people power")
            if agent is not None and type_ in ("War", "Battle") and re.search(r"\bfought\b", pre[-60:]):
                c0 = clause(ctx, start)[0]
                for x in ctx.mentions_in(max(s0, c0), start, ACTORS):
                    f.roles.append(("participant", x, start, end))
            elif agent is not None:
                role = WORD_ROLE.get(m.group(0).lower(), AGENT_ROLE.get(type_, "agent"))
                if type_ == "Battle" and (other := _joined_before(ctx, s0, agent)) is not None:
                    f.roles.append((role, other, start, end))  # "Armenia and Azerbaijan clashed"
                f.roles.append((role, agent, start, end))
            if not f.roles:
                # a noun trigger with its agent after it: "announcement from X", "shelling by X";
                # what dissolved: "the breakup of the USSR"
                by = re.match(
                    r"\s+(?:from|by)\s+(?:the\s+)?"
                    if type_ == "Announcement"
                    else r"\s+of\s+(?:the\s+)?"
                    if type_ == "Dissolution"
                    else r"\s+by\s+(?:the\s+)?",
                    text[end:e0],
                )
                if by:
                    # a title may stand before the name: "statements from President Putin"
                    at = end + by.end()
                    title = re.match(rf"(?:(?:{TITLE_WORDS})\s+)+", text[at:e0])
                    x = ctx.mentions_in(at, min(e0, at + 60), ACTORS)
                    x = [y for y in x if y.start in (at, at + (title.end() if title else 0))]
                    if x:
                        role = "participant" if type_ == "Dissolution" else AGENT_ROLE.get(type_, "agent")
                        f.roles.append((role, x[0], start, end))
            if not f.roles and type_ in FRONTED_ROLE:
                # "Following months of threats, X launched ...": the main clause's subject
                f.roles += _fronted_subject(ctx, s0, e0, start, end, FRONTED_ROLE[type_])
            if type_ == "Election":
                f.roles = _elected(ctx, s0, start, end, m.group(0))
            if type_ == "Offensive" and CAPTURE.fullmatch(m.group(0)):
                f.roles += _captured(ctx, s0, e0, start, end)
            post = text[end:e0]
            # "on Sunday" dates the act; it names no one it is on
            mt = next(
                (
                    x
                    for x in re.finditer(r"\b(against|targeting|on)\s+(?:the\s+)?", post[:80])
                    if not any(d.start == end + x.end() for d in ctx.dates)
                ),
                None,
            )
            if mt and type_ in COMBAT:
                objs = [
                    x
                    for x in ctx.mentions_in(end + mt.end(), min(e0, end + mt.end() + 90))
                    if ctx.is_type(x.entity, ACTORS | PLACE_TYPES) and not _speaker_phrase(ctx, x, e0)
                ]
                # the object right after the preposition, or after a short description of it
                # ("against the Armenian-held breakaway republic of X", "on the terrorist group, Hamas")
                # an adjective in a compound ("the Armenian-held republic") is not the object
                objs = [x for x in objs if not (x.rule == "gazetteer:demonym" and text[x.end : x.end + 1] == "-")]
                gap = text[end + mt.end() : objs[0].start] if objs else ""
                if objs and re.fullmatch(r"[\w’'-]*(?:\s+[a-z][\w-]*){0,4},?\s*", gap):
                    o = objs[0]
                    role = "target" if ctx.is_type(o.entity, PLACE_TYPES) else "defender"
                    st = ctx.state_of(o.entity) if role == "target" and re.search(r"\brepublic\s+of\s+$", gap) else None
                    if st is not None:  # "the breakaway republic of X": the state that holds X
                        o, role = Mention(o.start, o.end, st.id, "rule:republic-of", 0.5), "defender"
                    f.roles.append((role, o, start, end))
            direct = re.match(r"\s+(?:the\s+)?", post) if VERB_OF_ATTACK.fullmatch(m.group(0)) else None
            if direct and not any(r in ("target", "defender") for r, *_ in f.roles):
                # "attacked Stepanakert", "shelled the town of Martuni": the verb's object
                obj = ctx.mentions_in(end + direct.end(), min(e0, end + direct.end() + 40), ACTORS | PLACE_TYPES)
                if obj and obj[0].start == end + direct.end() and obj[0].rule != "gazetteer:demonym":
                    role = "target" if ctx.is_type(obj[0].entity, PLACE_TYPES) else "defender"
                    f.roles.append((role, obj[0], start, end))
            mo = re.match(r"\s+of\s+(?:the\s+)?", post) if re.search(r"(?:ing|ion|ment)s?$", m.group(0)) else None
            if mo and type_ in COMBAT and not any(r == "target" for r, *_ in f.roles):
                # what a noun of attack is of: "the shelling of X", "the bombardment of X"
                obj = ctx.mentions_in(end + mo.end(), min(e0, end + mo.end() + 40), PLACE_TYPES)
                if obj and obj[0].start == end + mo.end() and obj[0].rule != "gazetteer:demonym":
                    f.roles.append(("target", obj[0], start, end))
            if type_ == "Visit":
                # whom or where one visits: "visited Azerbaijan", "a regular visitor to Baku"
                mv = re.match(r"\s*(?:to\s+)?(?:the\s+)?", post)  # always matches (a visit may end its sentence)
                obj = ctx.mentions_in(end + mv.end(), min(e0, end + mv.end() + 40), ACTORS | PLACE_TYPES)
                if obj and obj[0].start == end + mv.end():
                    f.roles.append(("place", obj[0], start, end))
            # where it happened; people are displaced from a place ("forced out of X", "expelled from X")
            prep = r"in|into|out\s+of|from" if type_ == "Displacement" else r"in|into"
            if type_ == "Deployment":
                prep += r"|to"  # "a mission to Kazakhstan", "deployed to X"
            if type_ == "Displacement" and text[start:end].endswith("out"):
                prep += r"|of"  # "were forced out | of Karabakh"
            if f.word == "explosion":
                prep += r"|at|near|outside"  # "an explosion at a fuel depot near Stepanakert"
            if type_ not in ("Declaration", "Mobilisation", "Announcement", "Election"):
                # "expelled from Armenia", "a mission to Kazakhstan": a state is the place; the
                # first preposition in reach that a place follows
                where = PLACE_TYPES | STATE_TYPES if type_ in ("Displacement", "Deployment") else PLACE_TYPES
                for mp in re.finditer(rf"\b(?:{prep})\s+(?:the\s+)?", post[:60]):
                    if re.search(r"[,;.]", post[: mp.start()]) or mp.start() > 25:
                        break
                    places = [x for x in ctx.mentions_in(end + mp.end(), min(e0, end + mp.end() + 40), where)]
                    if places and places[0].start == end + mp.end():
                        f.roles.append(("place", places[0], start, end))
                        break
            # who fights or trains with whom: "confrontation with Azeri forces", "an exercise in
            # Armenia alongside the Armenian Army"
            mw = re.match(r"[^,;.]{0,40}?\b(?:with|alongside)\s+(?:the\s+)?", post)
            if mw and type_ in ("Battle", "Training"):
                # the longest name there: "Azeri forces", not the demonym inside it
                x = [
                    y
                    for y in ctx.mentions_in(end + mw.end(), min(e0, end + mw.end() + 40), ACTORS)
                    if y.start == end + mw.end()
                ]
                x.sort(key=lambda y: (y.start - y.end, y.entity))
                if x and not any(x[0].entity == r[1].entity for r in f.roles):
                    f.roles.append(("participant", x[0], start, end))
            # what a threat is against: "threats to Israel", "threatened Armenia"
            mth = re.match(
                r"\s+(?:to|against)\s+(?:the\s+)?|\s+" if m.group(0).lower().startswith("threat") else r"$^", post
            )
            if mth:
                x = ctx.mentions_in(end + mth.end(), min(e0, end + mth.end() + 40), ACTORS)
                if x and x[0].start == end + mth.end():
                    f.roles.append(("target", x[0], start, end))
            mb = re.search(r"\bbetween\s+(?:the\s+)?", post[:40])
            two = (
                re.match(
                    r"two\s+(?:[\w-]+\s+){0,2}?(?:republics|countries|states|sides|neighbou?rs|nations)\b",
                    post[mb.end() :],
                )
                if mb
                else None
            )
            if mb and two and type_ in COMBAT | {"War"}:
                # "between the two former Soviet republics": the two states named last, not "Soviet"
                f.roles += [("participant", x, start, end) for x in ctx.pair_before(start)]
            elif mb and type_ in COMBAT | {"War"}:
                pair = ctx.mentions_in(end + mb.end(), min(e0, end + mb.end() + 80), ACTORS)
                # a demonym inside a longer name is an adjective ("Armenian separatists")
                pair = [x for x in pair if not any(y is not x and y.start <= x.start and x.end <= y.end for y in pair)]
                for x in pair[:2]:
                    f.roles.append(("participant", x, start, end))
            if not f.roles and type_ in COMBAT | {"War"} and PAIR_POSSESSIVE.search(text[max(s0, start - 60) : start]):
                # "the two sides’ previous round of fighting": the two states named last
                f.roles += [("participant", x, start, end) for x in ctx.pair_before(start)]
            if type_ == "Announcement":
                q = list(re.finditer(r"“([^”]+)”", text[s0:start]))
                if q:
                    f.content = (q[-1].group(1), s0 + q[-1].start(1), s0 + q[-1].end(1))
            if f.date is None and not f.roles:
                continue
            f.confidence = round(0.35 + 0.15 * bool(f.date) + 0.1 * bool(f.roles), 2)
            f.end_date = _range_end(ctx, f.date)
            out.append(f)
            for d in _date_list(ctx, f.date) if f.date is not None and f.date.start >= end else []:
                # "fighting ... in 2008, 2016 and early 2020": one happening per date
                out.append(
                    Found(
                        type_,
                        start,
                        end,
                        f.rule,
                        f.confidence,
                        date=d,
                        roles=list(f.roles),
                        end_date=_range_end(ctx, d),
                        word=f.word,
                    )
                )
            if type_ == "Declaration":
                ad = re.match(
                    r",?\s+as\s+did\s+", text[end : end + 60] if not f.date else text[f.date.end : f.date.end + 20]
                )
                if ad:
                    base = (f.date.end if f.date else end) + ad.end()
                    who = ctx.mentions_in(base, base + 40, ACTORS)
                    if who:
                        g = Found(
                            type_,
                            start,
                            who[0].end,
                            f.rule,
                            f.confidence,
                            date=f.date,
                            roles=[("agent", who[0], start, end)],
                            word=f.word,
                        )
                        out.append(g)
    return _merge(ctx, out)


def _agent(f: Found) -> str | None:
    return next((m.entity for r, m, _, _ in f.roles if r in ("attacker", "agent")), None)


def _merge(ctx: Context, found: list[Found]) -> list[Found]:
    """One event per happening: the same type on the same day by the same side, or in the
    same year by the same side, is one event (its first, fullest mention). Different kinds
    of combat stay apart: "the Azerbaijani attacks" opening "the offensive" are two events."""
    found.sort(key=lambda f: (f.start, f.end, f.type))
    merged: list[Found] = []
    for f in found:
        target = None
        for g in merged:
            same_kind = f.type == g.type
            if not same_kind:
                continue
            fa, ga = _agent(f), _agent(g)
            if fa and ga and fa != ga:
                continue
            fd, gd = f.date.value if f.date else None, g.date.value if g.date else None
            if fd and gd:
                same_time = fd == gd or (f.type == g.type and (fd[:4] == gd[:4]) and (fd in gd or gd in fd))
                # a year or a month is a long time: two acts in it by no one named are one only
                # when told in one paragraph ("a course in 2020" is not "exercises in 2020" pages before)
                vague = min(f.date.precision, g.date.precision) < 3 and not (fa or ga)
                if same_time and not (vague and "\n\n" in ctx.text[g.start : f.start]):
                    target = g
            elif (
                f.type == g.type
                and (fa or ga)
                and fa == ga
                and (fd or gd)
                and "\n\n" not in ctx.text[g.start : f.start]
            ):
                target = g  # an undated mention of the same side's act, in the same paragraph
            if target:
                break
        if target is None:
            merged.append(f)
            continue
        target.also.append((f.start, f.end))
        if f.date and (target.date is None or f.date.precision > target.date.precision):
            target.date, target.date_at = f.date, (f.start, f.end)
        have = {(r, m.entity) for r, m, _, _ in target.roles}
        target.roles += [x for x in f.roles if (x[0], x[1].entity) not in have]
    return merged


def find_agreements(ctx: Context) -> list[Found]:
    text, out = ctx.text, []
    described: list[Found] = []  # every agreement phrase, kept or not (a signing formula may date it)
    named = [m for m in ctx.mentions if ctx.is_type(m.entity, AGREEMENT_TYPES)]
    for m in named:
        s0, e0 = ctx.sentence(m.start)
        f = Found(ctx.type_of(m.entity), m.start, m.end, "rule:agreement-name", 0.5, known=m.entity)
        _agreement_args(ctx, f, s0, e0)
        out.append(f)
    for m in AGREEMENT_RX.finditer(text):
        start, end = m.start(), m.end()
        if any(x.start <= start < x.end for x in named):
            continue
        s0, e0 = ctx.sentence(start)
        if HYPOTHETICAL.search(text[s0:start]):
            continue
        phrase = m.group(0)
        type_ = next(t for k, t in AGREEMENT_TYPE + [("", "Agreement")] if k in phrase.lower() or k in phrase)
        f = Found(type_, start, end, f"rule:agreement-{slug(type_)}", 0.45)
        # the label: the phrase itself, singular ("agreements on military training cooperation")
        line_end = text.find("\n", end) if "\n" in text[end:] else len(text)
        # "the Statement of 9 November 2020" names a text; "issued a Statement of ..." is one body's
        named_by_date = re.match(r"\s+of\s+\d", text[end : end + 8]) and re.search(
            r"\b[Tt]he\s+$", text[max(0, start - 8) : start]
        )
        if phrase in ("Statement", "Declaration") and " and " not in text[end:line_end] and not named_by_date:
            continue  # "Statement of the Ministry of Foreign Affairs of X on ...": one body's, no agreement
        words = re.sub(r"\s+", " ", phrase).strip()
        words = words.title() if words.isupper() else words  # "JOINT STATEMENT" in a title in capitals
        f.label = re.sub(r"^agreements\b", "agreement", words)
        f.label = f.label[:1].upper() + f.label[1:] if not words.startswith("deal") else "deal"
        _agreement_args(ctx, f, s0, e0)
        described.append(f)
        if f.date is None and not f.roles and not ("\n" not in text[:start] and PROVISION.search(text)):
            continue  # (the title of an agreement's own text is kept: its provisions follow)
        out.append(f)
        # "agreements on ... in 1992 and 1996": one agreement per date
        if phrase.startswith("agreements") and f.date is not None:
            more = re.match(r"\s+and\s+(?:in\s+)?", text[f.date.end : f.date.end + 10])
            nxt = [d for d in ctx.dates if more and d.start == f.date.end + more.end()]
            for d in nxt:
                out.append(
                    Found(
                        type_,
                        start,
                        end,
                        f.rule,
                        f.confidence,
                        date=d,
                        roles=list(f.roles),
                        date_at=(start, end),
                        label=f.label,
                    )
                )
    out += _agreed_to(ctx, [f for f in described if f not in out])
    kept_ids = {id(f) for f in out}
    out += _signing_formula(ctx, [*out, *(f for f in described if id(f) not in kept_ids)], out)
    _agreement_text(ctx, out)
    # one agreement per name / per (type, date)
    seen: dict[tuple, Found] = {}
    result = []
    for f in sorted(out, key=lambda f: (f.start, f.end)):
        key = (f.known,) if f.known else (f.type, f.label, f.date.value if f.date else None)
        if key in seen and (f.known or f.date):
            g = seen[key]
            g.also.append((f.start, f.end))
            have = {(r, x.entity) for r, x, _, _ in g.roles}
            g.roles += [y for y in f.roles if (y[0], y[1].entity) not in have]
            if g.date is None and f.date is not None:
                g.date, g.date_at = f.date, (f.start, f.end)
            continue
        seen[key] = f
        result.append(f)
    return result


#: two parties that agree to do something: "Azerbaijan and Armenia agreed on Thursday to exchange
#: prisoners" (what they agree to, up to the end of its clause, is the agreement's term)
AGREED_TO = re.compile(r"\b(?:have\s+|had\s+)?(?P<v>agreed)(?:\s+[^.;,]{0,40}?)?\s+to\s+(?P<t>[a-z][^.;,]*)")


def _agreed_to(ctx: Context, described: list[Found]) -> list[Found]:
    """'A and B agreed to ...' with A and B named right before the verb: an agreement between
    them, dated as its clause is, its term what they agreed to; or, when what they agreed to is
    an agreement the text describes ('agreed in Moscow to a humanitarian ceasefire'), that one,
    with them as its parties. ``described``: the agreements described but not kept (no date, no
    party)."""
    text, out = ctx.text, []
    for m in AGREED_TO.finditer(text):
        s0, e0 = ctx.sentence(m.start())
        if HYPOTHETICAL.search(text[s0 : m.start()]):
            continue
        before = [x for x in ctx.mentions_in(s0, m.start(), ACTORS) if ctx.type_of(x.entity) != "Position"]
        y = before[-1] if before else None
        x = _joined_before(ctx, s0, y) if y is not None and not text[y.end : m.start()].strip() else None
        if x is None:
            continue  # "A and B agreed": both right before the verb
        term = m.group("t").strip()
        named = next((g for g in described if m.start("t") <= g.start < m.start("t") + 40), None)
        f = named or Found("Agreement", m.start("v"), m.end("v"), "rule:agreed-to", 0.45, label="agreement")
        f.roles += [("party", x, m.start("v"), m.end("v")), ("party", y, m.start("v"), m.end("v"))]
        f.date = f.date or _nearest_date(ctx, m.start("v"), m.end("v"), s0, e0) or _opening_date(ctx, s0, e0)
        if named is None:
            f.terms.append((term, m.start("t"), m.start("t") + len(term)))
        out.append(f)
    return out


def _joined_before(ctx: Context, s0: int, y: Mention) -> Mention | None:
    """The actor joined to ``y`` by "and" right before it ("Armenia and Azerbaijan", "President
    X and Prime Minister Y": an office's words may stand between), offices and demonyms aside."""
    prev = [
        x
        for x in ctx.mentions_in(s0, y.start, ACTORS)
        if ctx.type_of(x.entity) != "Position" and x.rule != "gazetteer:demonym"
    ]
    if prev and re.fullmatch(r"\s+and\s+(?:the\s+)?(?:[A-Z][a-z]+\s+){0,3}", ctx.text[prev[-1].end : y.start]):
        return prev[-1]
    return None


def _opening_date(ctx: Context, s0: int, e0: int, comma: bool = False) -> DateMention | None:
    """The date a sentence opens with ("On October 10, the ministers agreed ...", "Last
    November, ..."); with ``comma``, only one set off by a comma, which dates the whole sentence."""
    lead = re.match(
        r"\s*(?:On|In|By|Last|Early|Late|Earlier|Later)\s+(?:this\s+|the\s+(?:night|morning|evening|afternoon)\s+of\s+)?",
        ctx.text[s0:e0],
    )
    if lead is None:
        return None
    # (the date may take the lead word in: "Last November" is a date of its own)
    word = s0 + len(lead.group(0)) - len(lead.group(0).lstrip())
    d = next((d for d in ctx.dates if d.start in (s0 + lead.end(), word)), None)
    # (a span ends where its end does: "On the night of 12 to 13 September,")
    if d is not None and comma and not ctx.text.startswith(",", (_range_end(ctx, d) or d).end):
        return None
    return d


#: the closing formula of an agreement's text: "Signed in Moscow on 10 March 2021 by ...",
#: "Done at Minsk on 5 May 1994"
SIGNED_FORMULA = re.compile(r"(?m)^(?:Signed|Done|Concluded)\b")


def _signing_formula(ctx: Context, cands: list[Found], kept: list[Found]) -> list[Found]:
    """An agreement's text ends with its signing: the date there is its signing date and the
    persons after "by" its signatories (the state of an office, "the President of X, A", is
    not one). It is the signing of the agreement the text's title names, else of the one it
    named last before the formula."""
    text, new = ctx.text, []
    for m in SIGNED_FORMULA.finditer(text):
        before = [f for f in cands if f.end <= m.start()]
        if not before:
            continue
        # the document's own title names what is signed ("Joint statement on ..."), else the
        # agreement named last before the formula
        title = [f for f in before if "\n" not in text[: f.start]]
        f = title[0] if title else max(before, key=lambda f: (f.end, f.start))
        s0, e0 = ctx.sentence(m.start())
        ds = [d for d in _dates_in(ctx, s0, e0) if d.precision == 3]
        if ds:
            f.date, f.date_at, f.effective = ds[0], (m.start(), m.end()), False
        by = re.search(r"\bby\s+", text[m.end() : e0])
        if by:
            a = m.end() + by.end()
            for x in ctx.mentions_in(a, e0, ACTORS):
                if ctx.type_of(x.entity) != "Person":
                    continue
                if not any(r == "signatory" and y.entity == x.entity for r, y, _, _ in f.roles):
                    f.roles.append(("signatory", x, m.start(), m.end()))
        if (f.date is not None or f.roles) and all(f is not k for k in (*kept, *new)):
            new.append(f)
    return new


#: an agreement's preamble: "We, President of X I. Aliyev, ... and President of Z V. Putin,
#: state the following:" (or declare, agree, have agreed); or a paragraph that ends "... met on
#: 6 October 2022 and agreed on the following:"
PREAMBLE = re.compile(r"(?m)^We,\s|^[^\n]*\b(?:the\s+following|as\s+follows)\s*:[ \t]*$")
PREAMBLE_VERB = re.compile(r"\b(?:state|declare|agree|agreed|have\s+agreed|hereby)\b")


#: a numbered provision of an agreement's text: "2. The Aghdam District shall be returned ..."
PROVISION = re.compile(r"(?m)^[ \t]*\d{1,2}\.[ \t]+(?P<t>\S[^\n]*?)[ \t]*$")
#: a line of an agreement's signature block: "For the Republic of Armenia: Nikol Pashinyan"
#: (or with no colon, the name on the next line: "For the Republic of Armenia\nM. Grigoryan")
SIGNATURE = re.compile(
    r"(?m)^For\s+(?P<who>[^:\n]{2,120}?)(?::[ \t]*\n?|(?<![.,;!?])[ \t]*\n)[ \t]*(?P<name>[^\n]{2,120}?)[ \t]*$"
)


def _agreement_text(ctx: Context, found: list[Found]) -> None:
    """An agreement's own text, under its title: the persons of its preamble sign it, its
    numbered provisions (after the preamble, or the title when it has none) are its terms,
    and each line of its signature block ("For X: Name") names a party and its signatory."""
    title = next((f for f in found if "\n" not in ctx.text[: f.start]), None)
    if title is None:
        return
    preambles = [m for m in PREAMBLE.finditer(ctx.text) if PREAMBLE_VERB.search(ctx.text, m.start(), m.end() + 400)]
    after = ctx.text.find("\n", title.end)
    if preambles:
        m = preambles[0]
        s0, e0 = ctx.sentence(m.start())
        e0 = max(e0, m.end())
        for x in ctx.mentions_in(s0, e0, ACTORS):
            if ctx.type_of(x.entity) == "Person":
                _add_role(title, "signatory", x, m.start(), m.end())
        after = e0
    for p in PROVISION.finditer(ctx.text, max(after, 0)):
        title.terms.append((re.sub(r"\s+", " ", p["t"]), p.start("t"), p.end("t")))
    for sig in SIGNATURE.finditer(ctx.text, max(after, 0)):
        for x in ctx.mentions_in(sig.start("who"), sig.end("who"), ACTORS):
            if ctx.type_of(x.entity) not in ("Person", "Position"):
                _add_role(title, "party", x, sig.start(), sig.end())
                break
        signer = next(
            (
                x
                for x in ctx.mentions_in(sig.start("name"), sig.end("name"), ACTORS)
                if ctx.type_of(x.entity) == "Person"
            ),
            None,
        )  # the signer, not a person named in his title ("Assistant to the President")
        if signer is None:
            signer = _signed_with_initials(ctx, sig.start("name"), sig["name"])
        if signer is None and (full := re.match(r"[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){1,2}(?=,|$)", sig["name"])):
            # "Hikmet Hajiyev, Assistant to the President, ...": a person the text names only here
            s, e = sig.start("name"), sig.start("name") + full.end()
            eid = slug(full.group())
            if ctx.gaz.get(eid) is None:
                ctx.props.add_entity(NewEntity(eid, "Person", full.group(), s, e, "rule:signature", 0.5))
            signer = Mention(s, e, eid, "rule:signature", 0.5)
            ctx.mentions.append(signer)
        if signer is not None:
            _add_role(title, "signatory", signer, sig.start(), sig.end())


def _signed_with_initials(ctx: Context, at: int, name: str) -> Mention | None:
    """'S. Mustafayev' under a signature: the person the text named in full with that
    initial and surname ("Shahin Mustafayev"), known or new."""
    m = re.match(r"((?:[A-Z]\.[ \t]?){1,2})([A-Z][\w-]+)\b", name)
    if m is None:
        return None
    initial, surname = m.group(1)[0], m.group(2)
    people = {x.entity for x in ctx.mentions if ctx.type_of(x.entity) == "Person"}
    fits = [e for e in people if (lab := ctx.label_of(e).split()) and lab[-1] == surname and lab[0][0] == initial]
    if len(fits) != 1:
        return None
    mention = Mention(at, at + m.end(), fits[0], "rule:signature-initials", 0.6)
    ctx.mentions.append(mention)
    return mention


def _add_role(f: Found, role: str, x: Mention, start: int, end: int) -> None:
    """Give ``f`` the role once per entity."""
    if not any(r == role and y.entity == x.entity for r, y, _, _ in f.roles):
        f.roles.append((role, x, start, end))


#: an agreement that takes effect on a date: that is when it starts, not when it was signed
EFFECT = re.compile(
    r"\b(?:take|takes|took|taking|come|comes|came|enter|enters|entered)\s+(?:effect|into\s+force)\b|\beffective\b"
)


#: an agreement declared from a moment on ("... is declared starting from 00:00 hours on <date>")
DECLARED_FROM = re.compile(
    r"\b(?:is|are|was|were|shall\s+be|will\s+be)\s+declared\s+(?:starting\s+)?(?:from|as\s+of)\b"
)


#: two parties named by a plural phrase: "the two sides’", "both countries’"
PAIR_POSSESSIVE = re.compile(
    r"\b(?:the\s+two|both)\s+(?:sides|countries|states|parties|governments)[’']\s+(?:[a-z-]+\s+){0,3}$", re.I
)
#: a plural subject that signs or agrees: "They signed", "The two countries concluded"
PAIR_SIGNED = re.compile(
    r"\b(?:they|the\s+two\s+(?:sides|countries|states|parties|governments)|both\s+(?:sides|countries|states))\s+"
    r"(?:\w+\s+){0,2}?(?:signed|concluded|agreed)\b",
    re.I,
)


#: an agreement already in force, named as what is kept or broken: a date nearby is not its own
UPHELD = re.compile(
    r"\b(?:violat\w+|broke|broken|breach\w*|observ\w+|respect\w*|uph[oe]ld\w*|return\s+to|"
    r"abid\w+\s+by|adhere\w*\s+to)\s+(?:the\s+|a\s+|this\s+|that\s+)?$"
)


def _agreement_args(ctx: Context, f: Found, s0: int, e0: int) -> None:
    text = ctx.text
    f.date = _nearest_date(ctx, f.start, f.end, s0, e0, reach=120)  # "signed by A, B and C on <date>"
    if UPHELD.search(text, max(s0, f.start - 40), f.start):
        f.date = None  # "have violated the ceasefire since November": the date is of the violations
    elif f.date is None and re.search(r"\b(?:agreed|reached|signed|announced)\b", text[s0:e0]):
        f.date = _heading_date(ctx, f.start)  # "13:00 – A ceasefire has been agreed" under its day
    if f.date is not None and f.date.start > f.end and EFFECT.search(text[f.end : f.date.start]):
        f.effective = True  # "a ceasefire ... shall take effect at 00:00 on 12 March"
    if f.date is None and (declared := DECLARED_FROM.search(text, f.end, e0)):
        # "A complete ceasefire and termination of all hostilities in the area of ... is declared
        # starting from 00:00 hours Moscow time on 10 November 2020": when it starts
        after = [d for d in ctx.dates if declared.end() <= d.start < e0]
        if after:
            f.date, f.date_at, f.effective = after[0], (declared.start(), declared.end()), True
    if PAIR_SIGNED.search(text[s0 : f.start]) or re.match(
        r"\s+between\s+(?:their|the)\s+two\s+(?:countries|states|sides)\b", text[f.end : e0]
    ):
        # "They signed agreements ...", "a treaty between their two countries": the two states named last
        pair = PAIR_SIGNED.search(text[s0 : f.start])
        at = s0 + pair.start() if pair else f.start
        f.roles += [("party", m, f.start, f.end) for m in ctx.pair_before(at)]
    post = text[f.end : e0]
    sb = re.search(r"\b(?:signed|issued)\s+by\s+", post[:80])
    if sb:  # "signed by A, B and C", "a joint statement issued by the office of President X and ..."
        a = f.end + sb.end()
        stop = re.search(r"\s+on\s+\d|\s+in\s+\d|[;.]", text[a:e0])
        b = a + stop.start() if stop else e0
        for x in ctx.mentions_in(a, b, ACTORS):
            if ctx.type_of(x.entity) == "Position":
                continue  # the office names its holder, who is named too
            role = "signatory" if ctx.type_of(x.entity) == "Person" else "party"
            if re.search(r"broker[’']?s?,?\s*$|broker,\s*$", text[max(a, x.start - 30) : x.start]):
                role = "broker"
            f.roles.append((role, x, f.start, f.end))
    if re.search(r"(?:Statement|Declaration)$", text[f.start : f.end]) and re.match(r"\s+(?:by|of|between)\s", post):
        # the text's title, "Statement by President of X, Prime Minister of Y and President of
        # Z": the states of the offices it names are its parties (the persons sign it below)
        f.roles += [("party", x, f.start, f.end) for x in ctx.mentions_in(f.end, e0, STATE_TYPES)]
    hyphen = re.search(r"-(?:brokered|mediated|backed)\s+(?:[a-z]+\s+)?$", text[max(s0, f.start - 40) : f.start])
    if hyphen:  # "the Russia-brokered truce": the name right before the hyphen
        at = max(s0, f.start - 40) + hyphen.start()
        x = [_capital_as_state(ctx, y) for y in ctx.mentions_in(max(s0, at - 40), at) if y.end == at]
        x = [y for y in x if ctx.is_type(y.entity, ACTORS | STATE_TYPES)]
        if x:
            f.roles.append(("broker", x[-1], f.start, f.end))
    for mb in re.finditer(r"\b(?:brokered|mediated)\s+by\s+(?:the\s+)?", text[s0:e0]):
        x = [_capital_as_state(ctx, y) for y in ctx.mentions_in(s0 + mb.end(), min(e0, s0 + mb.end() + 40))]
        x = [y for y in x if ctx.is_type(y.entity, ACTORS)]
        if x:
            f.roles.append(("broker", x[0], f.start, f.end))
    mw = (
        re.match(r"\s+with\s+(?:the\s+)?", text[f.start :][len("deal") :])
        if text[f.start : f.end].startswith("deal")
        else None
    )
    if mw:  # "a deal with Israel": the other party
        a = f.start + len("deal") + mw.end()
        x = ctx.mentions_in(a, min(e0, a + 40), ACTORS)
        if x and x[0].start == a:
            f.roles.append(("party", x[0], f.start, x[0].end))
    # "its strategic partnership and security alliance with Armenia": the other party after "with",
    # the owner before ("its": the state named last; "Russia's")
    mw2 = re.match(
        r"(?:[”’\"']?\s*(?:and\s+(?:[a-z]+\s+){0,2}(?:alliance|partnership)\s+)?)?\s+with\s+(?:the\s+)?", post
    )
    if not mw and mw2 and not text[f.start : f.end].startswith("deal"):
        a = f.end + mw2.end()
        x = ctx.mentions_in(a, min(e0, a + 40), ACTORS)
        if x and x[0].start == a:
            owner = re.search(
                r"\b(?P<its>its|their)\s+(?:[“‘\"']?[a-z]+\s+){0,2}[“‘\"']?$", text[max(s0, f.start - 40) : f.start]
            )
            if owner and owner.group("its") == "its":
                before = [st for y in ctx.mentions if s0 <= y.start < f.start and (st := ctx.state_of(y.entity))]
                own = next(
                    (
                        y
                        for y in reversed(ctx.mentions)
                        if s0 <= y.start < f.start and before and ctx.state_of(y.entity) is before[-1]
                    ),
                    None,
                )
                if own is not None and own.entity != x[0].entity:
                    f.roles.append(("party", own, f.start, f.end))
            f.roles.append(("party", x[0], f.start, x[0].end))
    # "the X authorities asked for an armistice": the subject right before the verb is a party
    ms = re.search(
        r"\b(?:asked|called|sued|pressed)\s+for\s+(?:an?|the)\s+$|"
        r"\b(?:accepted|agreed\s+to|concluded|signed|initiall?ed)\s+(?:an?|the)\s+$",
        text[s0 : f.start],
    )
    if ms:
        subj = [y for y in ctx.mentions_in(s0, s0 + ms.start(), ACTORS) if s0 + ms.start() - y.end <= 12]
        if subj:
            # "the X authorities": the state inside the subject, when it names one
            last = [y for y in subj if y.start >= subj[-1].start or y.end >= subj[-1].end]
            states = [y for y in last if ctx.is_type(y.entity, STATE_TYPES)]
            who = [(states or subj)[-1]]
            # "The leaders of A and B initialled", "President X and Prime Minister Y signed": both
            if (other := _joined_before(ctx, s0, who[0])) is not None:
                who.insert(0, other)
            for y in who:  # a person signs; a state or body is a party
                f.roles.append(("signatory" if ctx.type_of(y.entity) == "Person" else "party", y, f.start, f.end))
    mf = re.match(r"\s+(?:from|between)\s+", post)
    if mf:
        a = f.end + mf.end()
        stop = re.search(r",\s+(?:announcing|agreeing|which|who)\b|[;.]", text[a:e0])
        b = a + stop.start() if stop else e0
        for x in ctx.mentions_in(a, b, ACTORS):
            if re.search(r"\bof\s+(?:the\s+)?$", text[a : x.start]):
                continue  # the state of an office ("the President of Azerbaijan, Ilham Aliyev")
            f.roles.append(("party", x, f.start, f.end))
    mt = re.search(r"\b(?:announcing|agreeing\s+to|agreed\s+to|under\s+which)\s+(?:that\s+)?(?P<t>[^\[.;]+)", post)
    if mt:
        term = re.split(r",\s+even\b", mt.group("t"))[0].strip().rstrip(",")
        t0 = f.end + mt.start("t")
        f.terms.append((term, t0, t0 + len(term)))


OF_OBJECT = re.compile(r"\s+of\s+(?:the\s+)?")


def _known_by_object(ctx: Context, f: Found, word: str) -> str | None:
    """'the breakup of the USSR', 'the implosion of the Soviet Union': a known event of the
    type whose label names what the trigger's 'of' complement names ("Dissolution of the
    Soviet Union"), whatever word the text uses for it."""
    of = OF_OBJECT.match(ctx.text, f.end)
    if of is None:
        return None
    obj = next((m for m in ctx.mentions if m.start == of.end()), None)
    e_obj = ctx.gaz.get(obj.entity) if obj is not None else None
    if e_obj is None:
        return None
    for e in ctx.gaz.entities.values():
        if not any(t in ancestors(f.type) for t in e.types) or word not in e.label.lower():
            continue
        if any(re.search(rf"\bof\s+(?:the\s+)?{re.escape(n)}\b", e.label) for n in e_obj.names()):
            return e.id
    return None


def _capital_as_state(ctx: Context, m: Mention) -> Mention:
    """A capital that acts stands for its state ("brokered by Moscow", "the Moscow-brokered truce")."""
    state = ctx.gaz.capital_state(m.entity)
    return Mention(m.start, m.end, state.id, "rule:capital-state", 0.6) if state is not None else m


#: an attack's verb whose direct object is what it hits ("shelled Stepanakert")
VERB_OF_ATTACK = re.compile(r"attacked|shelled|bombed|struck|hit|barraged|invaded", re.I)


#: words that name one kind of happening: "the November 2020 ceasefire" is the "2020 armistice"
SAME_WORD = dict.fromkeys(("ceasefire", "armistice", "truce"), ("ceasefire", "armistice", "truce"))


def _known_event(ctx: Context, f: Found) -> str | None:
    """A gazetteer event/agreement of a compatible type whose label has the year (and agent)."""
    if f.known:
        return f.known
    word = (f.word or TYPE_WORD.get(f.type) or f.type).split("-")[0].lower()
    by_object = _known_by_object(ctx, f, word)
    if by_object:
        return by_object
    year = f.date.value[:4] if f.date else None
    if not year:
        return None
    agent = _agent(f)
    for e in ctx.gaz.entities.values():
        if not any(t in ancestors(f.type) for t in e.types):
            continue
        # the year in its name, or else (an agreement of the same kind) in its definition ("signed
        # in Bishkek in May 1994"); the word in its name ("the 1994 ceasefire" is the Bishkek Protocol)
        same_kind = is_a(f.type, AGREEMENT_TYPES) and f.type in e.types
        if year not in e.label and not (same_kind and _dated_in(f.date, e.definition)):
            continue
        if not any(w in e.label.lower() for w in SAME_WORD.get(word, (word,))) and not same_kind:
            continue
        if _other_month(e.label, f.date) or (
            is_a(f.type, AGREEMENT_TYPES) and _other_month_of_year(e.definition, f.date)
        ):
            continue  # "... attacks of the September 2020 offensive" is not a strike in October 2020
        if agent is None and f.type in ("Attack", "Battle") and _names_a_state(ctx, e.label):
            continue  # whose fighting the text does not say: not the one the label gives a side
        if f.type == "Announcement" and not agent:
            continue  # a statement or interview of a year is anyone's: only its speaker tells which
        if (
            agent
            and ctx.gaz.get(agent)
            and not any(n in e.label for n in (*ctx.gaz.entities[agent].names(), *ctx.gaz.entities[agent].demonyms))
        ):
            continue
        return e.id
    return None


def _dated_in(d: DateMention, definition: str) -> bool:
    """Whether a definition gives the date's year, and its month when the text gives one ("the
    Statement of 9 November 2020" is the one "signed on 9 November 2020", not another of 2020)."""
    when = parse_value(d.value)[0]
    said = f"{world.MONTHS[when.month - 1]} {when.year}" if d.precision >= 2 else str(when.year)
    return re.search(rf"\b{said}\b", definition) is not None


def _other_month_of_year(definition: str, d: DateMention) -> bool:
    """Whether a definition dates the thing to a month of the date's year other than the date's
    ("signed on 9 November 2020": not the humanitarian ceasefire of 10 October 2020)."""
    if d.precision < 2:
        return False
    year, month = d.value[:4], int(d.value[5:7])
    named = [i + 1 for i, m in enumerate(world.MONTHS) if re.search(rf"\b{m}\s+{year}\b", definition)]
    return bool(named) and month not in named


def _names_a_state(ctx: Context, label: str) -> bool:
    return any(re.search(rf"\b{re.escape(n)}\b", label) for e in ctx.gaz.states() for n in (*e.names(), *e.demonyms))


def _other_month(label: str, d: DateMention) -> bool:
    """Whether the label names a month of the year and the date, to the month, is another."""
    named = [i + 1 for i, m in enumerate(world.MONTHS) if re.search(rf"\b{m}\b", label)]
    return bool(named) and d.precision >= 2 and int(d.value[5:7]) not in named


def to_items(ctx: Context, events: list[Found], agreements: list[Found]) -> list[Item]:
    """Entities and statements for the events and agreements found."""
    items: list[Item] = []
    used: list[str] = []
    dated: dict[str, list[str]] = {}  # event → its dates: a known event's date is proposed once (2020 in 2020-09)
    for f in [*events, *agreements]:
        is_agreement = is_a(f.type, AGREEMENT_TYPES)
        known = _known_event(ctx, f)
        agent = _agent(f)
        if known:
            f.eid = known
        else:
            who = (
                ctx.label_of(agent)
                if agent
                else " ".join(ctx.label_of(m.entity) for r, m, _, _ in f.roles if r in ("participant", "party"))
            )
            for role in ("signatory", "broker") if is_agreement else ():
                # a joint declaration its leaders signed, "the Russia-brokered truce": by them
                who = who or " ".join(ctx.label_of(m.entity) for r, m, _, _ in f.roles if r == role)
            if not who and (f.type == "Displacement" or f.word == "explosion"):
                # "600,000 Azeris were forced out of Karabakh", "an explosion at a fuel depot near
                # Stepanakert": told apart by the place, even with no date or actor
                who = next((ctx.label_of(m.entity) for r, m, _, _ in f.roles if r == "place"), "")
            if not who and not f.date and not f.label:
                continue
            if not who and not f.date:  # nothing to tell it from others of its kind: name it by its text
                who = f"document {ctx.props.doc_id}"
            words = f.label or f.word or TYPE_WORD.get(f.type) or slug(f.type)
            when = f.date.value if f.date else ""
            f.eid = slug(" ".join(x for x in (who, words, when) if x))
            base = f"{who} {f.label}".strip() if f.label else " ".join(x for x in (who, words.replace("-", " ")) if x)
            label = f"{base} ({when})" if when else base
            n = sum(1 for u in used if u == f.eid)
            used.append(f.eid)
            if n:  # two happenings the rules could not tell apart by actor, type and date
                f.eid, label = f"{f.eid}-{n + 1}", f"{label} ({n + 1})"
            ctx.props.add_entity(
                NewEntity(f.eid, f.type, label[:1].upper() + label[1:], f.start, f.end, f.rule, f.confidence)
            )
        for s, e in [(f.start, f.end), *f.also]:
            ctx.mentions.append(Mention(s, e, f.eid, f"{f.rule}:mention", 0.5))
        if f.date is not None and not any(v in f.date.value or f.date.value in v for v in dated.get(f.eid, ())):
            dated.setdefault(f.eid, []).append(f.date.value)
            t0, t1 = f.date_at or (f.start, f.end)
            s, e = min(t0, f.date.start), max(t1, f.date.end)
            durative = f.type in ("Offensive", "War", "Blockade", "Deployment", "Displacement", "Battle")
            pred = (
                ("startDate" if f.effective else "signingDate")
                if is_agreement
                else {"start": "startDate", "end": "endDate"}.get(f.date.role, "startDate" if durative else "date")
            )
            it = Item(
                "statements",
                {"s": f.eid, "p": pred, "value": f.date.value},
                s,
                e,
                f"{f.rule}+date:{f.date.pattern}",
                round(f.confidence * f.date.confidence, 2),
            )
            if f.date.resolution:
                it.extra["date_resolution"] = f.date.resolution
            items.append(it)
            if f.end_date is not None and not is_agreement:
                d = f.end_date
                items.append(
                    Item(
                        "statements",
                        {"s": f.eid, "p": "endDate", "value": d.value},
                        min(t0, f.date.start),
                        max(t1, d.end),
                        f"{f.rule}+date:{d.pattern}",
                        round(f.confidence * d.confidence, 2),
                    )
                )
        for role, m, t0, t1 in f.roles:
            s, e = min(t0, m.start), max(t1, m.end)
            items.append(
                Item(
                    "statements",
                    {"s": f.eid, "p": role, "o": m.entity},
                    s,
                    e,
                    f"{f.rule}+{role}",
                    round(f.confidence, 2),
                )
            )
        for term, s, e in f.terms:
            items.append(Item("statements", {"s": f.eid, "p": "term", "value": term}, s, e, "rule:agreement-term", 0.4))
            base = f.date.value if f.date is not None else ctx.props.doc_date
            items += provisions.deadlines(ctx, f.eid, base, (term, s, e))
        if f.content:
            c, s, e = f.content
            items.append(
                Item("statements", {"s": f.eid, "p": "statedContent", "value": c}, s, e, "rule:quoted-content", 0.6)
            )
    ctx.mentions.sort()
    return items


def named_dates(ctx: Context, items: list[Item]) -> list[Item]:
    """The year written on a named event or agreement: "the 2020 Karabakh War", "the 2024
    Munich Security Conference", "the Bishkek Protocol of 1994" → its date (unless an
    item already dates it)."""
    # a trigger that dated the event elsewhere ("three wars, in ... 2020") does not stop the
    # name from dating it where it stands; one date per name and value is enough
    dated = {
        (i.fields["s"], i.fields["value"])
        for i in items
        if i.fields.get("p") in ("date", "startDate", "signingDate") and not i.rule.startswith("rule:trigger")
    }
    out: list[Item] = []
    for m in ctx.mentions:
        if not ctx.is_type(m.entity, EVENT_TYPES | AGREEMENT_TYPES):
            continue
        if m.rule.startswith("rule:trigger") or m.rule.startswith("rule:agreement-"):
            continue  # a trigger word, dated (or not) by find_events
        name = ctx.text[m.start : m.end]
        if not re.search(r"[A-Z]", name):
            continue
        for d in ctx.dates:
            if d.kind != "absolute" or d.role != "point":
                continue
            gap_before = ctx.text[d.end : m.start]
            gap_after = ctx.text[m.end : d.start]
            inside = m.start <= d.start and d.end <= m.end
            if (m.entity, d.value) in dated:
                continue
            year_on = d.pattern == "y" and (inside or (d.end <= m.start and gap_before == " ") or gap_after == " of ")
            # "the breakup of the Soviet Union in 1991", "the Bishkek Protocol on 5 May 1994"
            if year_on or (m.end <= d.start and gap_after in (" in ", " on ")):
                is_agreement = ctx.is_type(m.entity, AGREEMENT_TYPES)
                s, e = min(d.start, m.start), max(d.end, m.end)
                if s > 4 and ctx.text[s - 4 : s].lower() == "the ":
                    s -= 4
                out.append(
                    Item(
                        "statements",
                        {"s": m.entity, "p": "signingDate" if is_agreement else "date", "value": d.value},
                        s,
                        e,
                        "rule:year-in-name",
                        0.6,
                    )
                )
                dated.add((m.entity, d.value))
                break
    return out
