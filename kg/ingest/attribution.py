"""Who says it: reporting verbs and phrases give an item its ``by``.

"Baku said ...", "Karabakh officials announced ...", "according to X",
"announced dead by the Armenian defense ministry", "Armenian military sources
also showed evidence of ...", "Azerbaijan's claims that ..." open a scope (the
rest of the clause, or for passive and "according to" forms the whole
sentence); every proposed item inside it is attributed to the claimant. A
capital city that speaks is its state's government ("Baku said" → the
government of Azerbaijan). Items outside any scope are the author's own
voice and get no ``by``. Hedge and allegation words give the modality, and
the date in the reporting clause the claim date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.context import Context
from kg.ingest.gazetteer import slug
from kg.ingest.model import Item, Mention, NewEntity
from kg.ingest.ontology_types import ACTOR_TYPES, PLACE_TYPES, STATE_TYPES

VERBS = (
    r"said|says|claimed|claims|announced|announces|reported|reports|stated|states|accused|accuses|"
    r"denied|denies|tweeted|warned|insisted|alleged|alleges|confirmed|told|showed evidence|"
    r"argued|declared that|maintained|suggested|proclaimed|insists|warns"
)
ACTIVE = re.compile(rf",?\s*(?:also\s+|has\s+|had\s+|have\s+)?(?P<v>{VERBS})\b")
PASSIVE = re.compile(rf"\b(?:{VERBS}|announced dead|reported dead)\s+by\s+(?:the\s+)?$")
ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
CLAIMS_THAT = re.compile(r"[’']s\s+(?:claims?|allegations?|assertions?)\s+that\b")
HEDGED = re.compile(r"\b(may|might|seems?|seemingly|probably|possibly|perhaps|apparently|likely|presumably)\b", re.I)
ALLEGED = re.compile(r"\b(allegedly|alleged|allegations?|purportedly|reportedly)\b", re.I)
DENIED = re.compile(r"\b(denied|denies|deny)\b")


@dataclass
class Scope:
    start: int
    end: int
    claimant: str
    verb_start: int
    verb_end: int
    modality: str | None = None
    active: bool = False  # "X said ...": a speech act of its own (not "according to X", "by X")


def claimant_for(ctx: Context, m: Mention) -> str | None:
    """The speaker a mention stands for: actors as they are, but a state or its capital
    speaks through its government ("Azerbaijan claims", "Baku said")."""
    if m.rule == "gazetteer:demonym":
        return None  # an adjective ("Armenian military sources" is matched whole)
    state = None
    if ctx.is_type(m.entity, STATE_TYPES):
        state = ctx.gaz.get(m.entity)
    elif ctx.is_type(m.entity, ACTOR_TYPES):
        return m.entity if ctx.type_of(m.entity) != "Position" else None
    elif ctx.is_type(m.entity, PLACE_TYPES):
        state = ctx.gaz.capital_state(m.entity)
    if state is not None:
        label = f"Government of {state.label}"
        known = ctx.gaz.by_name(label) or ctx.gaz.get(f"government-of-{state.id}")
        if known is not None:
            return known.id
        eid = f"government-of-{state.id}"
        ctx.props.add_entity(NewEntity(eid, "GovernmentBody", label, m.start, m.end, "rule:capital-speaks", 0.5))
        return eid
    return None


def find_scopes(ctx: Context) -> list[Scope]:
    text, scopes = ctx.text, []
    for m in ctx.mentions:
        s0, e0 = ctx.sentence(m.start)
        # a mention of which only the head of a longer phrase is the speaker is skipped
        tail = text[m.end : e0]
        act = ACTIVE.match(tail)
        if act:
            who = claimant_for(ctx, m)
            if who:
                v0, v1 = m.end + act.start("v"), m.end + act.end("v")
                stop = re.search(r"\s(?:but|while|whereas)\s+(?!did\b)|;", text[v1:e0])
                end = v1 + stop.start() if stop else e0
                mod = "denied" if DENIED.fullmatch(act.group("v")) else None
                scopes.append(Scope(m.start, end, who, v0, v1, mod, active=True))
                continue
        acc = ACCORDING.search(text[max(s0, m.start - 30) : m.start])
        if acc or PASSIVE.search(text[max(s0, m.start - 40) : m.start]):
            who = claimant_for(ctx, m)
            if who:
                start, end = s0, e0
                a0 = max(s0, m.start - 30) + acc.start() if acc else m.start
                # a parenthetical "– according to X, ... –" covers only itself
                if acc and re.search(r"(?:\s[–—-]|,)\s*$", text[s0:a0]):
                    close = re.search(r"\s[–—-]\s|[;.]", text[m.end : e0])
                    start, end = a0, (m.end + close.start() if close else e0)
                scopes.append(Scope(start, end, who, m.start, m.end))
                continue
        ct = CLAIMS_THAT.match(tail)
        if ct:
            who = claimant_for(ctx, m)
            if who:
                scopes.append(Scope(m.start, e0, who, m.start, m.end + ct.end(), "alleged"))
    return scopes


def announcements(ctx: Context, scopes: list[Scope]) -> list[Item]:
    """Each 'X said/announced ...' is itself an event: an Announcement with X as agent, the
    date of the reporting clause, and what was said as its stated content."""
    items: list[Item] = []
    for sc in scopes:
        if not sc.active or "tweeted" in ctx.text[sc.verb_start : sc.verb_end]:
            continue  # 'according to' and passive forms report no speech act; tweets are events already
        s0, e0 = ctx.sentence(sc.verb_start)
        dates = [d for d in ctx.dates if s0 <= d.start and d.end <= sc.verb_start]
        date = dates[-1] if dates else None
        who = ctx.label_of(sc.claimant)
        when = date.value if date else ""
        eid = slug(f"{who} statement {when}".strip())
        label = f"{who} statement" + (f" ({when})" if when else "")
        ctx.props.add_entity(NewEntity(eid, "Announcement", label, sc.start, sc.verb_end, "rule:reporting-verb", 0.45))
        ctx.mentions.append(Mention(sc.verb_start, sc.verb_end, eid, "rule:reporting-verb:mention", 0.4))
        said = re.sub(r"^\s*(?:that\s+)?", "", ctx.text[sc.verb_end : sc.end]).strip().rstrip(",")
        new = [
            Item(
                "statements",
                {"s": eid, "p": "agent", "o": sc.claimant},
                sc.start,
                sc.verb_end,
                "rule:reporting-verb",
                0.5,
            )
        ]
        if date is not None:
            it = Item(
                "statements",
                {"s": eid, "p": "date", "value": date.value},
                min(date.start, sc.start),
                sc.verb_end,
                f"rule:reporting-verb+date:{date.pattern}",
                0.4,
            )
            if date.resolution:
                it.extra["date_resolution"] = date.resolution
            new.append(it)
        if len(said) > 3:
            new.append(
                Item(
                    "statements",
                    {"s": eid, "p": "statedContent", "value": said},
                    sc.start,
                    sc.end,
                    "rule:reporting-verb+content",
                    0.4,
                )
            )
        for it in new:
            it.authorial = True
        items += new
    ctx.mentions.sort()
    return items


def attribute(ctx: Context, items: list[Item], scopes: list[Scope] | None = None) -> None:
    """Set ``by``, ``modality`` and ``claim_date`` on the items in a reporting scope."""
    scopes = find_scopes(ctx) if scopes is None else scopes
    for it in items:
        if it.authorial:
            continue
        inside = [
            s
            for s in scopes
            if s.start <= it.start
            and it.end <= s.end + 1
            or (s.start <= it.start < s.end and it.end > s.end and it.section != "statements")
        ]
        if inside:
            sc = min(inside, key=lambda s: s.end - s.start)
            it.by = sc.claimant
            if sc.modality:
                it.modality = sc.modality
            s0, e0 = ctx.sentence(sc.verb_start)
            ds = [d for d in ctx.dates if s0 <= d.start < e0 and d.end <= sc.verb_start + 1]
            if ds and ds[-1].precision >= 2 and it.section != "statements":
                it.claim_date = ds[-1].value
            # let the quote show who says it, as annotators do
            if (
                it.section in ("casualties", "losses", "measurements")
                and sc.start < it.start
                and it.start - sc.start < 120
                and sc.start >= s0
            ):
                it.start = sc.start
        s0, e0 = ctx.sentence(it.start)
        window = ctx.text[max(s0, it.start - 60) : it.end]
        if it.modality is None:
            if ALLEGED.search(window):
                it.modality = "alleged"
            elif HEDGED.search(window):
                it.modality = "hedged"
