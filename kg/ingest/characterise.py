"""What a party calls something: a characterisation is that party's claim.

A word that judges what it names ("blockade", "genocide", "occupation", "illegal",
"counter-terrorist operation") is not the author's fact when the text puts it in a
party's mouth or in scare quotes beside a party:

* ``Armenian accusations of ‘blockade’``, ``X's claims of genocide`` → X calls the
  event before it (in its sentence) so, ``modality: alleged``;
* ``X's ‘stabilisation’ mission`` → X calls its own event so;
* ``..., and designated a ‘counter-terrorist operation’`` (``dubbed``, ``labelled``,
  ``branded``, ``termed``, ``described as``) → the party that names it: ``by X`` after
  it, else the agent of the event the clause is about;
* ``according to X, the illegal ... statelet occupying ...`` → X's characterisation of
  the entity the parenthetical describes (the attribution pass gives the ``by``, one
  claim per listed speaker).

Each becomes a ``designation`` of the event (``rdfs:comment`` of another entity) with
``by`` the party; a state speaks as itself here (the designation is the state's, as
``Armenian accusations`` are the Armenian side's, not a named body's).
"""

from __future__ import annotations

import re

from kg.ingest.context import Context
from kg.ingest.model import Item, Mention
from kg.ingest.ontology_types import ACTOR_TYPES, EVENT_TYPES, STATE_TYPES

#: words that judge what they name: a party's characterisation, not a neutral description
TERMS = re.compile(
    r"\b(?:illegal|illegitimate|unlawful|occupying|occupied|occupation|occupiers?|aggression|aggressors?|"
    r"genocide|genocidal|ethnic\s+clean(?:s)?ing|blockade|terrorists?|terrorism|"
    r"(?:counter|anti)-terrorist\s+operation|separatists?|puppet|annexation|massacres?|war\s+crimes?|"
    r"invasion|invaders?|provocations?|apartheid|pogroms?)\b",
    re.I,
)
#: a short phrase in scare quotes, lower case (not a quoted name such as ‘Artsakh’)
SCARE = r"[‘“\"](?P<q>[a-z][a-z -]{1,40}?)[’”\"]"
#: the speech-act noun a party's characterisation hangs on ("Armenian accusations of ‘blockade’")
ACCUSE = re.compile(
    rf"(?:[’']s)?\s+(?:[a-z]+\s+)?(?P<n>accusations?|allegations?|claims?|charges?|complaints?)\s+of\s+(?:an?\s+|the\s+)?"
    rf"(?:{SCARE}|(?P<t>{TERMS.pattern}))"
)
#: "X's ‘stabilisation’ mission": the possessor's own word for its event
OWN_WORD = re.compile(rf"[’']s\s+{SCARE}\s+[a-z]")
#: a naming verb before the name given ("designated a ‘counter-terrorist operation’")
NAMED = re.compile(
    rf"\b(?P<v>designated|dubbed|labell?ed|branded|termed|styled|(?:described|characteri[sz]ed)\s+as)\s+"
    rf"(?:as\s+)?(?:an?\s+|the\s+)?{SCARE}"
)
#: "X called the Khojaly killings ‘the largest massacre to date’", "launched what it called
#: ‘anti-terrorist measures’": the caller's word for the event named in the object or before it
CALLED = re.compile(r"\b(?P<v>called|calls)\s+(?P<obj>(?:[\w’'-]+\s+){0,5}?)[‘“\"](?P<q>[a-z][a-z -]{1,60}?)[’”\"]")
AGENT_ROLES = ("agent", "attacker")
#: a speaker accusing someone of what it names ("..., X said, accusing Baku of a ‘genocide’
#: campaign", "X accused Y of aggression"): the speaker's characterisation
ACCUSING = re.compile(
    r"\baccus(?:ing|ed|es|e)\s+(?:[\w’'-]+\s+){1,4}?of\s+(?:an?\s+|the\s+)?"
    rf"(?:(?:[a-z]+\s+)?{SCARE}|(?P<t>{TERMS.pattern}))"
)


def _speaker(ctx: Context, m: Mention) -> str | None:
    """The party a mention stands for: a demonym its state, an actor itself."""
    if ctx.is_type(m.entity, ACTOR_TYPES) and ctx.type_of(m.entity) != "Position":
        return m.entity
    return None


def _event_before(ctx: Context, pos: int) -> Mention | None:
    """The event named last before ``pos`` in its sentence."""
    s0, _ = ctx.sentence(pos)
    ms = [m for m in ctx.mentions if s0 <= m.start < pos and ctx.is_type(m.entity, EVENT_TYPES)]
    return ms[-1] if ms else None


def _item(s: str, value: str, start: int, end: int, by: str, rule: str, modality: str | None = None) -> Item:
    it = Item("statements", {"s": s, "p": "designation", "value": value}, start, end, rule, 0.35)
    it.by, it.modality = by, modality
    return it


def party_words(ctx: Context, items: list[Item], scopes: list | None = None) -> list[Item]:  # list[Scope]
    """Characterisations a party applies (accusations of, its own word, a naming verb, a
    speaker accusing someone of something)."""
    text, out = ctx.text, []
    for a in ACCUSING.finditer(text):
        # the speaker: of the reporting scope that holds the verb, or whose verb it is
        held = [sc for sc in scopes or [] if sc.start <= a.start() < sc.end or sc.verb_start <= a.start() < sc.verb_end]
        if not held:
            continue
        sc = min(held, key=lambda sc: sc.end - sc.start)
        s0, _ = ctx.sentence(a.start())
        # what the accusation judges: the event told before it, not the speech act itself
        evs = [
            m
            for m in ctx.mentions
            if s0 <= m.start < a.start()
            and ctx.is_type(m.entity, EVENT_TYPES)
            and not any(x.verb_start <= m.start < x.verb_end for x in scopes or [])
        ]
        ev = evs[-1] if evs else None
        if ev is not None:
            term = a.group("q") or a.group("t")
            out.append(
                _item(ev.entity, term, a.start(), a.end(), sc.claimant, "rule:characterisation:accusing", "alleged")
            )
    agents: dict[str, str] = {}
    for it in items:
        if it.section == "statements" and it.fields.get("p") in AGENT_ROLES and isinstance(it.fields.get("o"), str):
            agents.setdefault(it.fields["s"], it.fields["o"])
    seen: set[tuple[int, str]] = set()
    for m in ctx.mentions:
        who = _speaker(ctx, m)
        if who is None:
            continue
        _, e0 = ctx.sentence(m.start)
        acc = ACCUSE.match(text, m.end, e0)
        if acc and (m.rule == "gazetteer:demonym" or text[m.end : m.end + 2] in ("’s", "'s")):
            term = acc.group("q") or acc.group("t")
            # the event before it in its sentence, else the one the word itself names
            named = [
                x for x in ctx.mentions_in(acc.end() - len(term) - 1, acc.end()) if ctx.is_type(x.entity, EVENT_TYPES)
            ]
            ev = _event_before(ctx, m.start) or (named[0] if named else None)
            if ev is not None and (m.start, term) not in seen:
                seen.add((m.start, term))
                out.append(
                    _item(ev.entity, term, m.start, acc.end(), who, "rule:characterisation:accusation", "alleged")
                )
            continue
        own = OWN_WORD.match(text, m.end, e0)
        if own and m.rule != "gazetteer:demonym":
            evs = [x for x in ctx.mentions_in(own.start("q"), e0) if ctx.is_type(x.entity, EVENT_TYPES)]
            if evs and evs[0].start <= own.end() and (m.start, own.group("q")) not in seen:
                seen.add((m.start, own.group("q")))
                end = max(own.end("q") + 1, evs[0].end)
                out.append(_item(evs[0].entity, own.group("q"), m.start, end, who, "rule:characterisation:own"))
    for c in CALLED.finditer(text):
        s0, _ = ctx.sentence(c.start())
        # the event the object or the words themselves name, else the last one told before
        obj = [x for x in ctx.mentions_in(c.start("obj"), c.end() + 1) if ctx.is_type(x.entity, EVENT_TYPES)]
        before = [m for m in ctx.mentions if m.start < c.start() and ctx.is_type(m.entity, EVENT_TYPES)]
        last = before[-1] if before and ctx.sentence_index(before[-1].start) >= ctx.sentence_index(s0) - 1 else None
        ev = obj[0] if obj else _event_before(ctx, c.start()) or last
        subject = [
            x
            for x in ctx.mentions
            if s0 <= x.start and re.fullmatch(r"\s+(?:has\s+|have\s+|had\s+)?", text[x.end : c.start()])
        ]
        who = _speaker(ctx, subject[-1]) if subject else None
        if ev is None:
            continue
        who = who or agents.get(ev.entity)  # "launched what it called ...": the one who launched it
        if who is not None:
            out.append(
                _item(ev.entity, c.group("q"), c.start(), c.end(), who, "rule:characterisation:called", "alleged")
            )
    for n in NAMED.finditer(text):
        _, e0 = ctx.sentence(n.start())
        by_x = re.match(r"\s+by\s+(?:the\s+)?", text[n.end() : e0])
        who = None
        if by_x:
            after = [x for x in ctx.mentions if x.start == n.end() + by_x.end()]
            who = _speaker(ctx, after[0]) if after else None
        ev = _event_before(ctx, n.start())
        if ev is None:
            continue
        who = who or agents.get(ev.entity)
        if who is None or re.search(r"[;.]", text[ev.end : n.start()]):
            continue
        out.append(_item(ev.entity, n.group("q"), n.start(), n.end(), who, "rule:characterisation:named"))
    return out


def in_scopes(ctx: Context, scopes: list, items: list[Item]) -> list[Item]:  # list[Scope]
    """'according to X, the illegal ... statelet occupying ...': a characterisation in the
    words of an 'according to' parenthetical, of the entity named last before it. The
    attribution pass gives it its speaker(s); only where no other item lies in the scope."""
    out = []
    done: set[tuple[int, int]] = set()
    for sc in scopes:
        if not sc.according or (sc.start, sc.end) in done:
            continue
        done.add((sc.start, sc.end))
        if any(sc.start <= it.start and it.end <= sc.end + 1 for it in items):
            continue
        spoken = [x for x in scopes if x.according and (x.start, x.end) == (sc.start, sc.end)]
        words0 = max(x.verb_end for x in spoken)
        term = TERMS.search(ctx.text, words0, sc.end)
        if term is None:
            continue
        cut = [c.end() for c in re.finditer(r",\s+|\s[–—]\s", ctx.text[words0 : term.start()])]
        p0 = words0 + cut[-1] if cut else term.start()
        p1 = sc.end
        while p1 > p0 and ctx.text[p1 - 1] in " ,–—":
            p1 -= 1
        s0, _ = ctx.sentence(sc.start)
        before = [
            m
            for m in ctx.mentions
            if s0 <= m.start
            and m.end <= sc.start
            and m.rule != "gazetteer:demonym"
            and (ctx.is_type(m.entity, ACTOR_TYPES) or ctx.is_type(m.entity, STATE_TYPES))
        ]
        if not before or p1 - p0 < 8:
            continue
        s = before[-1].entity
        p = "designation" if ctx.is_type(s, EVENT_TYPES) else "rdfs:comment"
        value = re.sub(r"^(?:the|a|an)\s+", "", ctx.text[p0:p1])
        out.append(
            Item("statements", {"s": s, "p": p, "value": value}, sc.start, p1, "rule:characterisation:according", 0.3)
        )
    return out
