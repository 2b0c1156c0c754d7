"""Persons named with a title, and the offices (tenures) the text gives them.

"the President of Azerbaijan, Ilham Aliyev", "Azeri President Ilham Aliyev",
"Samvel Shahramnayan, President of the ‘Republic of Artsakh’", "Armenia's
Prime Minister Nikol Pashinyan" → a person (known, or proposed new) holding
the position "<Title> of <State>" (known, or proposed new, with the id the
curated files use: president-of-azerbaijan). "X was elected PM in 2018" adds
the tenure's start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.ingest import world
from kg.ingest.context import Context
from kg.ingest.gazetteer import Entity, slug
from kg.ingest.model import Item, Mention, NewEntity
from kg.ingest.ontology_types import STATE_TYPES, is_a

if TYPE_CHECKING:
    from kg.ingest.linker import Linker

#: (with the accented letters of the region's and Europe's names: "Jenča", "Stéphane", "Əliyev")
LOWER = "a-zà-öø-ÿāăąćčďđēėęěğīıįķļľłńňōőœŕřśşšţťūůűųźżžə"
NAME_WORD = rf"[A-ZÀ-ÖØ-ÞĀ-ŽƏ][{LOWER}]+(?:-[A-ZÀ-ÖØ-ÞĀ-ŽƏ][{LOWER}]+)?"
#: a name: up to three words on one line, or an initial and a surname ("I. Aliyev")
INITIAL = r"[A-Z]\.[ \t]?"
NAME = rf"(?:{INITIAL}{NAME_WORD}|{NAME_WORD}(?:[ \t]+(?:(?:de|van|von|der|da|di|du)[ \t]+)?{NAME_WORD}){{0,2}})"
TITLE = "|".join(map(re.escape, sorted(world.TITLES, key=len, reverse=True)))
#: the state after an office's "of": capitalised words on one line ("the Republic of Azerbaijan")
STATE_WORD = r"(?:[A-Z][\w’'-]+|[A-Z](?!\.))"  # not an initial ("... Armenia N. Pashinyan")
STATE = rf"[‘'“]?{STATE_WORD}(?:[ \t]+(?:of[ \t]+)?{STATE_WORD})*[’'”]?"
HON = "|".join(map(re.escape, sorted((*world.HONORIFICS, *world.RANKS), key=len, reverse=True)))


@dataclass
class Titled:
    start: int  # the whole phrase, for the tenure's quote
    end: int
    name: str
    name_start: int
    title: str
    state: Entity | None
    marked: bool = False  # "former", "current", "then": the passage dates the tenure itself


#: a state's formal name around its short one: "the Republic of Armenia" → Armenia
FORMAL = re.compile(
    r"(?:[A-Z][a-z]+\s+)?(?:Republic|Kingdom|Federation|State|Commonwealth)\s+of\s+(?:the\s+)?(?P<s>.+)"
)


def _state(ctx: Context, words: str) -> Entity | None:
    words = words.strip("‘’'“” ")
    e = ctx.gaz.by_name(words) or ctx.gaz.state_of_demonym(words)
    if e is None and (formal := FORMAL.fullmatch(words)):
        e = ctx.gaz.by_name(formal["s"])
    return e if e is not None and is_a(e.types, STATE_TYPES) else None


def _ok_name(ctx: Context, name: str) -> bool:
    first = name.split()[0]
    if first in world.NOT_NAMES or first in world.MONTHS or first in world.WEEKDAYS:
        return False
    if any(name == t or name.startswith(t + " ") for t in world.TITLES):
        return False  # "President of X, Prime Minister of Y": another office, not a name
    if (s := ctx.gaz.by_name(first)) is not None and is_a(s.types, STATE_TYPES):
        return False  # "... of the Republic of Azerbaijan Shahin Mustafayev": the state runs into the name
    e = ctx.gaz.by_name(name)
    return e is None or e.type == "Person"


#: head words of a body whose title a person may bear ("Secretary of the Security Council X")
BODY_HEADS = "Council|Committee|Commission|Ministry|Service|Agency|Office|Assembly|Parliament|Staff"
#: a title spelled out before its acronym in brackets: "Chief of the General Staff (CGS"
ACRONYM_DEF = re.compile(rf"\b(?P<t>{TITLE})\s*\(\s*(?P<a>[A-Z]{{2,6}})\b")
MODIFIER = r"(?:former|current|then|new|late|previous|acting|erstwhile|incumbent)"
#: offices written in lower case after a person's name (the head word of the phrase)
LOWER_OFFICE = (
    r"(?:prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|minister|president|spokes(?:man|woman|person)|"
    r"commander|envoy|ambassador|advis[eo]r|director|fellow|analyst|researcher|professor|official|"
    r"representative|negotiator|chairman|chairwoman|secretary|ombudsman|human\s+rights\s+defender|"
    r"member\s+of\s+(?:the\s+)?(?:[a-z]+[’']s\s+)?parliament|lawmaker|legislator|mp)"
)
#: the same, and the words for a leader that name no office of their own, before a name
#: ("EU foreign policy chief Josep Borrell", "presidential aide Hikmet Hajiyev")
OFFICE_BEFORE_NAME = rf"(?:{LOWER_OFFICE}|chief|aide)"


def title_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines for office titles: {"CGS": "Chief of the General Staff"}."""
    return {m.group("a"): world.TITLES[m.group("t")] for m in ACRONYM_DEF.finditer(text)}


def find_titled(ctx: Context) -> list[Titled]:
    """Every 'title + name' phrase, with the state the office belongs to when given."""
    text, out = ctx.text, []
    acr = title_acronyms(text)
    titles = TITLE + "".join("|" + re.escape(a) for a in sorted(acr, key=len, reverse=True))
    pre = rf"(?:(?:the|The|a|an)\s+)?(?P<mod>(?:{MODIFIER}|{MODIFIER.title()})\s+)?"
    lead = rf"(?:(?:{TITLE}|{HON})\s+)*"  # further titles before the name: "General Sir"
    # "the President of Azerbaijan, Ilham Aliyev"; in an agreement's text "President of the
    # Republic of Azerbaijan I. Aliyev"
    rx_title_of = re.compile(
        rf"{pre}(?P<t>{TITLE})\s+of\s+(?:the\s+)?(?P<s>{STATE})"
        rf"(?:,\s+|\s+(?={INITIAL}))(?P<n>{NAME})"
    )
    # "Azeri President Ilham Aliyev", "a previous UK Chief of the General Staff (CGS - ...) General Sir X"
    rx_adj = re.compile(
        rf"(?:\b(?:the|The|a|an)\s+(?P<mod>{MODIFIER}\s+))?\b(?P<s>[A-Z][a-z]+|[A-Z]{{2,3}})\s+(?P<t>{TITLE})"
        rf"(?:\s*\([^()\n]{{0,80}}\))?\s+{lead}(?P<n>{NAME})"
    )
    # "President Serzh Sargsyan of Armenia": the state after the name
    rx_title_name_of = re.compile(
        rf"\b(?P<t>{TITLE})\s+{lead}(?P<n>{NAME})\s+of\s+(?:the\s+)?(?P<s>{STATE_WORD})\b(?![ \t]+[A-Z])"
    )
    rx_name_first = re.compile(rf"\b(?P<n>{NAME}),\s+(?:the\s+)?(?P<t>{TITLE})\s+of\s+(?:the\s+)?(?P<s>{STATE})")
    # a full name, then an office in lower case, as wire reports write it: "Ruben Vardanyan, a
    # former state minister of the region", "Hikmet Hajiyev, the foreign policy adviser"
    rx_name_office = re.compile(
        rf"\b(?P<n>{NAME}),\s+(?:(?:a|an|the)\s+)?(?P<mod>{MODIFIER}\s+)?"
        rf"(?:(?:(?!and\b|or\b)[a-z]+(?:[’']s)?|[A-Z]{{2,6}}[’']s|[A-Z][a-z]+[’']s)\s+){{0,3}}?"
        rf"(?P<t>(?i:{LOWER_OFFICE}))\b(?:\s+of\s+(?:the\s+)?(?P<s>{STATE}))?"
    )  # (the office in capitals too: "Stéphane Dujarric, Spokesman for the Secretary-General")
    # an office in lower case before a full name, after its state or body: "Azerbaijani foreign
    # minister Jeyhun Bayramov", "EU foreign policy chief Josep Borrell"
    rx_office_name = re.compile(
        rf"\b(?P<s>[A-Z][a-z]+|[A-Z]{{2,3}})\s+(?:[a-z]+\s+){{0,2}}?(?P<t>{OFFICE_BEFORE_NAME})\s+(?P<n>{NAME})"
    )
    # an office (or "counterpart") in lower case in apposition, after a state's possessive or a
    # pronoun: "Russia's chief of general staff, Valery Gerasimov,", "his Armenian counterpart, X,"
    rx_lower_appos = re.compile(
        rf"(?:\b(?P<s>[A-Z][a-z]+)[’']s\s+|\b(?:his|her|its|their)\s+(?:(?P<s2>[A-Z][a-z]+)\s+)?)"
        rf"(?:[a-z]+\s+){{0,2}}?(?P<t>{OFFICE_BEFORE_NAME}|counterpart|chief\s+of\s+(?:the\s+)?general\s+staff),\s+"
        rf"(?P<n>{NAME})(?=,|\s+(?:and|said|says|told|met|visited|was|is|has|had)\b|\.)"
    )
    # a title of a body before the name: "Secretary of the Security Council Armen Grigoryan"
    rx_title_body = re.compile(
        rf"\b(?P<t>{TITLE})\s+of\s+the\s+(?:[A-Z][a-z]+\s+){{0,3}}(?:{BODY_HEADS})\s+"
        rf"(?P<n>{NAME_WORD}[ \t]+{NAME_WORD})\b"
    )
    rx_poss = re.compile(rf"\b(?P<s>[A-Z][a-z]+)[’']s\s+(?P<t>{TITLE}),?\s+(?P<n>{NAME})")
    # "President Putin’s Russia": the office's state after the name
    rx_poss_after = re.compile(rf"\b(?P<t>{TITLE})\s+(?P<n>{NAME})[’']s\s+(?P<s>[A-Z][a-z]+)\b")
    rx_appos = re.compile(rf"{pre}(?P<t>{titles}),\s+{lead}(?P<n>{NAME})\b")
    rx_plain = re.compile(
        rf"(?:\b(?:the|The)\s+(?P<mod>{MODIFIER}\s+))?\b(?P<t>(?:(?:{TITLE}|{HON})\s+)+)(?P<n>{NAME})"
    )
    lower = (rx_name_office, rx_office_name, rx_lower_appos, rx_title_body)
    for rx in (
        rx_title_of,
        rx_name_first,
        rx_title_name_of,
        rx_poss,
        rx_adj,
        rx_poss_after,
        rx_appos,
        *lower,
        rx_plain,
    ):
        for m in rx.finditer(text):
            name = m.group("n")
            # a name runs into a following capitalised word that is not a name ("Aliyev Baku")
            if not _ok_name(ctx, name):
                continue
            said = m.groupdict().get("s") or m.groupdict().get("s2")
            state = _state(ctx, said) if said else None
            if rx in (rx_adj, rx_poss_after, rx_title_name_of) and state is None:
                continue
            if rx in (rx_name_first, rx_name_office) and (
                nxt := re.match(rf"(?:,\s+|\s+(?={INITIAL}))(?:(?:{TITLE}|{HON})\s+)*(?P<n>{NAME})", text[m.end() :])
            ):
                if _ok_name(ctx, nxt.group("n")):
                    # "A, the President of X, B, the Prime Minister of Y, C": in a list of
                    # signatories the office belongs to the name after it, not to A
                    continue
            if rx in lower and " " not in name:
                continue  # a full name only: "Moscow, the ... minister" is no person
            if rx is rx_plain and m.group("t").strip() in world.RANKS and _headline_case(ctx, name, m.end()):
                continue  # "Major Western Powers Urge Restraint": a headline's capitals, not a rank and a name
            if rx is rx_plain:
                words = m.group("t").split()
                title = next((world.TITLES[w] for w in reversed(words) if w in world.TITLES), "")
            elif rx in lower:
                words = " ".join(w.capitalize() for w in m.group("t").split()).replace(" Of ", " of ")
                title = world.TITLES.get(words, world.TITLES.get(words.replace(" the ", " "), ""))
            else:
                title = world.TITLES.get(m.group("t")) or acr[m.group("t")]
            marked = bool(m.groupdict().get("mod"))
            out.append(Titled(m.start(), m.end(), name, m.start("n"), title, state, marked))
    out += _glued_to_state(ctx, pre)
    # a full name a relative clause describes: "Arayik Harutyunyan, who led the enclave",
    # "Ruben Vardanyan, a billionaire who served as ...": a person, with no office to give
    for m in WHO.finditer(text):
        if _ok_name(ctx, m["n"]) and ctx.gaz.by_name(m["n"]) is None:
            out.append(Titled(m.start(), m.end("n"), m["n"], m.start("n"), "", None))
    return out + _titled_pairs(ctx)


def _glued_to_state(ctx: Context, pre: str) -> list[Titled]:
    """An office, its state and the name with no comma between, as agreements write them:
    "Deputy Prime Minister of the Republic of Azerbaijan Shahin Mustafayev". The capitalised
    words split where a known state ends and a name of two or three words follows."""
    out = []
    rx = re.compile(rf"{pre}(?P<t>{TITLE})\s+of\s+(?:the\s+)?(?P<sn>{STATE_WORD}(?:[ \t]+(?:of[ \t]+)?{STATE_WORD})+)")
    for m in rx.finditer(ctx.text):
        words = list(re.finditer(r"\S+", m["sn"]))
        for k in range(len(words) - 2, 0, -1):  # the longest state first: "the Russian Federation"
            state, name = m["sn"][: words[k - 1].end()], m["sn"][words[k].start() :]
            if len(words) - k <= 3 and re.fullmatch(NAME, name) and _ok_name(ctx, name):  # 2 or 3 words
                if (e := _state(ctx, state)) is not None:
                    at = m.start("sn") + words[k].start()
                    out.append(Titled(m.start(), m.end(), name, at, world.TITLES[m["t"]], e, bool(m["mod"])))
                    break
    return out


def _headline_case(ctx: Context, name: str, end: int) -> bool:
    """Whether the words run on in capitals after a name ("Major Western Powers Urge
    Restraint"), or the name begins with a state's demonym ("Private Armenian Donors")."""
    runs_on = re.match(r"[ \t]+[A-Z][a-z]", ctx.text[end:]) is not None
    return runs_on or ctx.gaz.state_of_demonym(name.split()[0]) is not None


WHO = re.compile(
    rf"\b(?P<n>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,2}}),\s+(?:(?:a|an)\s+(?:[a-z-]+\s+){{1,2}})?(?:who|whose)\b"
)


#: two holders of one office in two states: "The foreign ministers of Armenia and Azerbaijan,
#: Ararat Mirzoyan and Jeyhun Bayramov" (the first name the first state's)
PAIR = re.compile(
    rf"\b(?P<t>(?:foreign|defen[cs]e)\s+ministers|prime\s+ministers|presidents|Foreign\s+Ministers|Presidents)"
    rf"\s+of\s+(?:the\s+)?(?P<s1>{STATE_WORD})\s+and\s+(?:the\s+)?(?P<s2>{STATE_WORD}),\s+"
    rf"(?P<n1>{NAME})\s+and\s+(?P<n2>{NAME})\b"
)


def _titled_pairs(ctx: Context) -> list[Titled]:
    out = []
    for m in PAIR.finditer(ctx.text):
        title = world.TITLES.get(" ".join(w.capitalize() for w in m["t"].split())[:-1], "")
        for s, n in (("s1", "n1"), ("s2", "n2")):
            state = _state(ctx, m[s])
            if state is not None and title and _ok_name(ctx, m[n]):
                out.append(Titled(m.start(), m.end(n), m[n], m.start(n), title, state))
    return out


#: a byline: "By Nailia Bagirova and Felix Light", "By Jane Reporter, Reuters"
BYLINE = re.compile(
    rf"(?m)^[ \t]*By\s+(?P<names>{NAME}(?:(?:,\s+|\s+and\s+){NAME})*)[ \t]*(?:,[^\n]*|[ \t]+in[ \t]+[A-Z][^\n]*)?$"
)  # ("By Daniel Marsh in Ganja": where the reporter wrote from)


#: a wire report's closing credits: "(Reporting by Lena Hartmann; additional reporting by Tural
#: Jafarli in Baku; editing by Mark Devlin)"
CREDIT = re.compile(
    rf"(?m)(?:^|[(;])[ \t]*(?:[Aa]dditional\s+)?(?:[Rr]eporting|[Ee]diting|[Ww]riting)\s+by\s+"
    rf"(?P<names>{NAME}(?:(?:,\s+|\s+and\s+){NAME})*)"
)


def byline_persons(linker: Linker) -> None:
    """The persons a byline or a report's credits name (known, or proposed)."""
    ctx = linker.ctx
    for m in [*BYLINE.finditer(ctx.text), *CREDIT.finditer(ctx.text)]:
        for n in re.finditer(NAME, m.group("names")):
            name, start = n.group(), m.start("names") + n.start()
            if " " not in name or not _ok_name(ctx, name):
                continue
            known = ctx.gaz.by_name(name)
            if known is not None:
                linker.add(start, start + len(name), known.id, "rule:byline", 0.8)
            else:
                linker.new(slug(name), "Person", name, start, start + len(name), "rule:byline", 0.7)


def byline_authors(text: str) -> list[str]:
    """The names a byline gives, in its order (for the document's authors)."""
    m = BYLINE.search(text)
    return [n.group() for n in re.finditer(NAME, m.group("names")) if " " in n.group()] if m else []


def person_mentions(linker: Linker) -> None:
    """Mention every titled person, proposing the ones the gazetteer lacks."""
    ctx = linker.ctx
    surnames = ctx.gaz.surname_index()
    # full names first, so that a surname alone ("Mr Pashinyan") finds the person the
    # text named in full anywhere ("Prime Minister of Armenia, Nikol Pashinyan")
    titled = sorted(find_titled(ctx), key=lambda t: (" " not in t.name, t.name_start, t.name))
    for t in titled:
        end = t.name_start + len(t.name)
        known = (
            ctx.gaz.by_name(t.name)
            or (ctx.gaz.get(surnames.get(t.name)) if " " not in t.name else None)
            or _initial_and_surname(ctx, t.name)
        )
        if known is not None:
            linker.add(t.name_start, end, known.id, "gazetteer:titled-name", 0.85)
        elif " " not in t.name and any(
            e.type == "Person" and e.label.endswith(" " + t.name) for e in ctx.gaz.entities.values()
        ):
            continue  # a surname several known persons share ("President Aliyev"): leave it to the reviewer
        elif " " not in t.name and (full := _new_person_named(ctx, t.name)):
            linker.add(t.name_start, end, full, "rule:titled-surname", 0.7)
        elif " " in t.name or t.title:
            linker.new(
                slug(t.name), "Person", t.name, t.name_start, end, "rule:titled-person", 0.6 if " " in t.name else 0.45
            )


def _initial_and_surname(ctx: Context, name: str) -> Entity | None:
    """The one known person an initial and a surname fit ("I. Aliyev": Ilham, not Heydar)."""
    m = re.fullmatch(rf"([A-Z])\.\s?({NAME_WORD})", name)
    if m is None:
        return None
    fits = [e for pid in ctx.gaz.surnames().get(m[2], ()) if (e := ctx.gaz.get(pid)) and e.label.startswith(m[1])]
    return fits[0] if len(fits) == 1 else None


def _new_person_named(ctx: Context, surname: str) -> str | None:
    """The one person proposed so far whose full name ends with ``surname``."""
    ids = {e.id for e in ctx.props.entities.values() if e.type == "Person" and e.label.endswith(" " + surname)}
    return next(iter(ids)) if len(ids) == 1 else None


def new_person_surnames(linker: Linker) -> None:
    """A surname alone, after the text named the person in full ("Pashinyan", "Mr Pashinyan’s")."""
    ctx = linker.ctx
    index: dict[str, set[str]] = {}
    for e in ctx.props.entities.values():
        if e.type == "Person" and " " in e.label:
            index.setdefault(e.label.split()[-1], set()).add(e.id)
    known = {e.label.split()[-1] for e in ctx.gaz.entities.values() if e.type == "Person" and " " in e.label}
    names = sorted(n for n, ids in index.items() if len(ids) == 1 and n not in known and len(n) > 3)
    if not names:
        return
    hon = "|".join(map(re.escape, (*world.HONORIFICS, *world.TITLES)))
    alt = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    for m in re.finditer(rf"\b(?:(?:{hon})\s+)?({alt})\b(?![-\w])", ctx.text):
        pid = next(iter(index[m.group(1)]))
        if m.start() >= ctx.props.entities[pid].start:  # not a namesake the text names before her
            linker.add(m.start(), m.end(), pid, "rule:surname-in-text", 0.65)


def position_id(ctx: Context, title: str, state: Entity, start: int, end: int) -> str:
    """The position '<Title> of <State>': the curated one, or proposed with the curated id form."""
    the = "the " if re.match(r"(?:United|Republic|Kingdom|Federation)\b|.*s$", state.label) else ""
    label = f"{title} of {the}{state.label}"  # "Prime Minister of the United Kingdom"
    eid = slug(label)
    known = ctx.gaz.get(eid) or ctx.gaz.by_name(label) or ctx.gaz.get(slug(f"{title} of {state.label}"))
    if known is None:  # "US Secretary of State", "Azerbaijani Foreign Minister": a label naming both
        names = (*state.names(), *state.demonyms)
        fits = [
            e
            for e in ctx.gaz.entities.values()
            if e.type == "Position"
            and title in e.label
            and any(re.search(rf"\b{re.escape(n)}\b", e.label) for n in names)
        ]
        known = fits[0] if len(fits) == 1 else None
    if known is not None:
        return known.id
    if eid not in ctx.props.entities:
        ctx.props.add_entity(NewEntity(eid, "Position", label, start, end, "rule:position", 0.6))
    return eid


def person_at(ctx: Context, start: int, end: int) -> str | None:
    for m in ctx.mentions:
        if m.start <= start < m.end or start <= m.start < end:
            if ctx.type_of(m.entity) == "Person":
                return m.entity
    return None


def propose_tenures(ctx: Context) -> list[Item]:
    """Tenures for titled persons whose office names its state."""
    items: list[Item] = []
    seen: set[tuple[str, str, int]] = set()
    titled = find_titled(ctx)
    # an office whose state the text gives explicitly somewhere is that state's wherever the
    # same person bears the title ("President Putin’s Russia" ... "President Putin")
    explicit = {(t.name.split()[-1], t.title): t.state for t in titled if t.state is not None}
    # an office the text gives one state only, whoever holds it ("UK Chief of the General Staff" ...
    # "the new CGS, General X")
    by_title: dict[str, set[str]] = {}
    for t in titled:
        if t.state is not None:
            by_title.setdefault(t.title, set()).add(t.state.id)
    title_state = {k: ctx.gaz.get(next(iter(v))) for k, v in by_title.items() if len(v) == 1}
    # who holds each office the text gives a state to: another person bearing the same title
    # with no state is not taken for a holder of that office ("Azerbaijan's President Ilham
    # Aliyev" ... "President Putin"), unless the passage marks a succession ("the new CGS")
    holders: dict[str, set[str]] = {}
    held: dict[tuple[str, str], set[str]] = {}
    for t in titled:
        if t.state is not None:
            holders.setdefault(t.title, set()).add(t.name.split()[-1])
            held.setdefault((t.title, t.state.id), set()).add(t.name.split()[-1])
    for t in titled:
        # the state in the phrase itself, or "former"/"current"/"then": a tenure at every such passage
        given = t.state is not None or t.marked
        stated = t.state is not None  # the phrase names the office's state ("Azeri President X")
        if t.state is None:
            t.state = explicit.get((t.name.split()[-1], t.title)) or _its_state(ctx, t.start)
        if t.state is None and t.title in (
            "Prime Minister",
            "President",
            "Chancellor",
            "Foreign Minister",
            "Defence Secretary",
            "Defence Minister",
        ):
            t.state = _context_state(ctx, t.start)
            others = held.get((t.title, t.state.id), set()) if t.state is not None else set()
            if others and t.name.split()[-1] not in others and not t.marked:
                t.state = None  # the text gives that office to someone else ("President Aliyev")
        if t.state is None and (t.marked or t.name.split()[-1] in holders.get(t.title, set())):
            t.state = title_state.get(t.title)
        if t.state is None or not t.title or t.title in ("General", "Colonel", "Secretary", "Minister"):
            continue
        holder = person_at(ctx, t.name_start, t.name_start + len(t.name))
        if holder is None:
            continue
        pos = position_id(ctx, t.title, t.state, t.start, t.end)
        # one tenure per passage that states the office in full, as annotators quote them;
        # of the passages that leave its state to the context ("President Putin"), the first
        key = (holder, pos, t.start if given else -1)
        at_name = (holder, pos, t.name_start)  # and one per name, however long the phrase
        if key in seen or at_name in seen:
            continue
        seen |= {key, at_name}
        items.append(Item("tenures", {"holder": holder, "position": pos}, t.start, t.end, "rule:title-of-state", 0.7))
        # the office as a phrase of its own ("Azeri President X", "the Defence Secretary, X"),
        # not a title used as a form of address ("President Putin")
        before = ctx.text[t.start : t.name_start]
        named = "," in before or (stated and not re.fullmatch(rf"(?:(?:the|The|{TITLE}|{HON})\s*)+", before))
        office = _office_span(ctx.text, t) if named else None
        if office is not None and not any(
            o.start <= office[0] and office[1] <= o.end for o in ctx.offices
        ):  # "Azeri President", "President of Azerbaijan": the text names the office
            ctx.offices.append(Mention(*office, pos, "rule:office", 0.6))
    _unnamed_offices(ctx)
    items += _became(ctx, explicit, seen)
    items += _succession(ctx, explicit, title_state, items)
    items += _office_of_body(ctx, seen)
    items += _presidency_of(ctx, seen)
    # "X was elected PM in 2018": the tenure's start (the state: the last one named before)
    rx = re.compile(rf"\bwas\s+elected\s+(?P<t>{TITLE})(?:\s+of\s+(?P<s>[A-Z]\w+))?\s+in\s+(?P<y>(?:1[89]|20)\d\d)\b")
    for m in rx.finditer(ctx.text):
        s0, _ = ctx.sentence(m.start())
        holder_m = [x for x in ctx.mentions if s0 <= x.start < m.start() and ctx.type_of(x.entity) == "Person"]
        if not holder_m:
            continue
        state = _state(ctx, m.group("s")) if m.group("s") else None
        if state is None:
            # the last state named before, directly or through a body of it ("the Armenian government")
            states = [st for x in ctx.mentions if s0 <= x.start < m.start() and (st := ctx.state_of(x.entity))]
            state = states[-1] if states else None
        if state is None:
            continue
        holder = holder_m[-1].entity
        pos = position_id(ctx, world.TITLES[m.group("t")], state, m.start(), m.end())
        items.append(
            Item(
                "tenures",
                {"holder": holder, "position": pos, "start": m.group("y")},
                holder_m[-1].start,
                m.end(),
                "rule:elected-in",
                0.55,
            )
        )
    return items


#: "X became president", "X was appointed Foreign Minister", "X was sworn in as Prime Minister"
BECAME = re.compile(
    rf"\s+(?:became|becomes|was\s+appointed(?:\s+as)?|was\s+sworn\s+in\s+as)\s+(?:the\s+)?"
    rf"(?P<t>{TITLE}|{TITLE.lower()})\b(?!\s+of\b)(?:\s+in\s+(?P<y>(?:1[89]|20)\d\d)\b)?"
)


#: an office named by its state and no holder: "Armenia, whose president ...", "Russia's foreign
#: minister", "its prime minister"
UNNAMED_OFFICE = re.compile(
    r"(?:\b(?P<s>[A-Z][\w-]+)(?:[’']s|,\s+whose)|\b[Ii]ts)\s+"
    r"(?P<t>president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister)\b(?!\s+[A-Z])"
)


def _unnamed_offices(ctx: Context) -> None:
    """The office a text names without its holder is a mention of the position."""
    for m in UNNAMED_OFFICE.finditer(ctx.text):
        if m.group("s"):
            state = _state(ctx, m.group("s"))
        else:
            s0, _ = ctx.sentence(m.start())
            states = [
                st
                for x in ctx.mentions
                if s0 <= x.start < m.start() and x.rule != "gazetteer:demonym" and (st := ctx.state_of(x.entity))
            ]
            state = states[-1] if states else None
        title = next((v for k, v in world.TITLES.items() if k.lower() == re.sub(r"\s+", " ", m.group("t"))), "")
        if state is None or not title:
            continue
        pos = position_id(ctx, title, state, m.start("t"), m.end("t"))
        ctx.offices.append(Mention(m.start("t"), m.end("t"), pos, "rule:office", 0.5))


def _office_span(text: str, t: Titled) -> tuple[int, int] | None:
    """Where a titled phrase names the office: the words before the name ("Azeri President",
    "the President of Azerbaijan,"), or after it ("X, President of Y"), less articles and commas."""
    if t.name_start > t.start:
        a, b = t.start, t.name_start
    else:
        a, b = t.name_start + len(t.name), t.end
    seg = text[a:b]
    lead = (
        len(seg)
        - len(seg.lstrip(" ,–—("))
        + (len(m.group(0)) if (m := re.match(r"(?:the|The|a|an)\s+", seg.lstrip(" ,–—("))) else 0)
    )
    trail = len(seg) - len(seg.rstrip(" ,–—)"))
    a, b = a + lead, b - trail
    if b - a < 2 or not re.search(TITLE, text[a:b]):
        return None
    return a, b


def _became(ctx: Context, explicit: dict, seen: set) -> list[Item]:
    """A person right before "became <title>" holds the office from then: the state the text
    gives that person's office elsewhere, else the state named nearest in the sentence."""
    items: list[Item] = []
    for x in ctx.mentions:
        if ctx.type_of(x.entity) != "Person":
            continue
        m = BECAME.match(ctx.text, x.end)
        if m is None:
            continue
        title = next((v for k, v in world.TITLES.items() if k.lower() == m.group("t").lower()), "")
        if not title or title in ("General", "Colonel", "Secretary", "Minister"):
            continue
        s0, e0 = ctx.sentence(x.start)
        state = explicit.get((ctx.label_of(x.entity).split()[-1], title))
        if state is None:
            near = sorted(
                (min(abs(y.start - x.start), abs(y.start - m.end())), y.start, st.id)
                for y in ctx.mentions
                if s0 <= y.start < e0 and y is not x and (st := ctx.state_of(y.entity))
            )
            state = ctx.gaz.get(near[0][2]) if near else None
        if state is None:
            continue
        pos = position_id(ctx, title, state, x.start, m.end())
        if (x.entity, pos, x.start) in seen:
            continue
        seen.add((x.entity, pos, x.start))
        fields = {"holder": x.entity, "position": pos}
        if m.group("y"):
            fields["start"] = m.group("y")
        items.append(Item("tenures", fields, x.start, m.end(), "rule:became-title", 0.55))
    return items


def _its_state(ctx: Context, pos: int) -> Entity | None:
    """The state "its" refers to before a title ("Israel ... and its Foreign Minister, Eli
    Cohen"): the nearest state named before it in the sentence."""
    s0, _ = ctx.sentence(pos)
    if not re.search(r"\bits\s+(?:(?:former|current|then|new)\s+)?$", ctx.text[max(s0, pos - 30) : pos]):
        return None
    states = [st for m in ctx.mentions if s0 <= m.start < pos and (st := ctx.state_of(m.entity))]
    return states[-1] if states else None


def _context_state(ctx: Context, pos: int) -> Entity | None:
    """The state an untold office belongs to ("the former Prime Minister, Boris Johnson"):
    the one state its paragraph names before it, if it names exactly one."""
    para = ctx.text.rfind("\n\n", 0, pos) + 1
    # not the state of another office ("US Secretary of State Antony Blinken has called President
    # Ilham Aliyev": not the US presidency)
    in_office = re.compile(rf"\s+(?:{TITLE})\b")
    states = {
        st.id: st
        for m in ctx.mentions
        if para <= m.start < pos
        and (st := ctx.state_of(m.entity))
        and not in_office.match(ctx.text, m.end)
        and not any(o.start <= m.start < o.end for o in ctx.offices)
    }
    return next(iter(states.values())) if len(states) == 1 else None


def _title_named(ctx: Context, words: str) -> str:
    """The office a title as written names: "president", "PM", a defined acronym ("CGS")."""
    hit = next((v for k, v in world.TITLES.items() if k.lower() == words.lower()), "")
    return hit or title_acronyms(ctx.text).get(words, "")


def _succession(ctx: Context, explicit: dict, title_state: dict, found: list[Item]) -> list[Item]:
    """ "Y's successor as T, X" and "X, Y's father and predecessor as T": X and Y both held T."""
    items: list[Item] = []
    acr = "".join("|" + re.escape(a) for a in title_acronyms(ctx.text))
    t_rx = rf"(?P<t>{TITLE}|{TITLE.lower()}{acr})"
    rel = rf"(?P<p>{NAME})[’']s\s+(?:[a-z]+\s+and\s+)?(?:successor|predecessor)\s+as\s+(?:the\s+)?{t_rx}"
    lead = rf"(?:(?:{TITLE}|{HON})\s+)*"
    for rx in (re.compile(rf"\b{rel},\s+{lead}(?P<n>{NAME})"), re.compile(rf"\b(?P<n>{NAME}),\s+{rel}\b")):
        for m in rx.finditer(ctx.text):
            title = _title_named(ctx, m.group("t"))
            if not title or title in ("General", "Colonel", "Secretary", "Minister"):
                continue
            holders = [h for g in ("n", "p") if (h := person_at(ctx, m.start(g), m.end(g)))]
            if len(holders) != 2 or holders[0] == holders[1]:
                continue
            state = next(
                (explicit[k] for g in ("p", "n") if (k := (m.group(g).split()[-1], title)) in explicit),
                None,
            ) or title_state.get(title)
            if state is None:
                continue
            pos = position_id(ctx, title, state, m.start(), m.end())
            for h in holders:
                fields = {"holder": h, "position": pos}
                if any(i.fields == fields and i.start < m.end() and m.start() < i.end for i in found + items):
                    continue  # "as CGS, General X" is also an apposition
                items.append(Item("tenures", fields, m.start(), m.end(), "rule:successor-as", 0.55))
    return items


#: offices written in lower case, held in a body: "a former commanding officer of 22 SAS"
OFFICE_OF = re.compile(
    r"\b(?P<o>commanding\s+officer|commander|head|chief|director|chairman|chairwoman|chair|"
    r"secretary[- ]general|leader|spokesman|spokeswoman|spokesperson|president|founder)\s+of\s+(?:the\s+)?"
    r"(?P<b>(?:\d+\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*){0,4})"
)


def _office_of_body(ctx: Context, seen: set) -> list[Item]:
    """ "X, a former commanding officer of Y", "X, like Z a former head of Y", "X, the director of
    Y": X (and Z) held the office "<Office> of <Y>", Y as written."""
    items: list[Item] = []
    rx = re.compile(
        rf"\b(?P<n>{NAME}),\s+(?:like\s+(?:{TITLE}\s+|{HON}\s+)*(?P<z>{NAME})\s+)?"
        rf"(?:a|an|the)\s+(?:{MODIFIER}\s+)?(?=[a-z])"
    )
    for m in rx.finditer(ctx.text):
        o = OFFICE_OF.match(ctx.text, m.end())
        if o is None:
            continue
        holders = [h for g in ("n", "z") if m.group(g) and (h := person_at(ctx, m.start(g), m.end(g)))]
        if not holders:
            continue
        office = " ".join(w.capitalize() for w in o.group("o").split())
        label = f"{office} of {o.group('b')}"
        eid = slug(label)
        known = ctx.gaz.get(eid) or ctx.gaz.by_name(label)
        if known is not None:
            eid = known.id
        elif eid not in ctx.props.entities:
            ctx.props.add_entity(NewEntity(eid, "Position", label, o.start(), o.end(), "rule:position", 0.5))
        for h in holders:
            if (h, eid, m.start()) in seen:
                continue
            seen.add((h, eid, m.start()))
            items.append(Item("tenures", {"holder": h, "position": eid}, m.start(), o.end(), "rule:office-of", 0.5))
    return items


def _presidency_of(ctx: Context, seen: set) -> list[Item]:
    """ "the presidency of X", "X's presidency": X was president of the state named nearest in the
    sentence."""
    items: list[Item] = []
    for m in re.finditer(rf"\b(?P<t>presidency|premiership)\s+of\s+(?P<n>{NAME})", ctx.text):
        holder = person_at(ctx, m.start("n"), m.end("n"))
        if holder is None:
            continue
        s0, e0 = ctx.sentence(m.start())
        near = sorted(
            (abs(y.start - m.start()), y.start, st.id)
            for y in ctx.mentions
            if s0 <= y.start < e0 and not (m.start("n") <= y.start < m.end("n")) and (st := ctx.state_of(y.entity))
        )
        if not near:
            continue
        title = "President" if m.group("t") == "presidency" else "Prime Minister"
        pos = position_id(ctx, title, ctx.gaz.get(near[0][2]), m.start(), m.end())
        if (holder, pos, m.start()) in seen:
            continue
        seen.add((holder, pos, m.start()))
        items.append(
            Item("tenures", {"holder": holder, "position": pos}, m.start(), m.end(), "rule:presidency-of", 0.5)
        )
    return items
