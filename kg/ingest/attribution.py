"""Who says it: reporting verbs and phrases give an item its ``by``.

"Baku said ...", "Karabakh officials announced ...", "according to X",
"announced dead by the Armenian defense ministry", "Armenian military sources
also showed evidence of ...", "Azerbaijan's claims that ...", "X, the Defence
Secretary, was forced to deny ... but has since dismissed ...", "he insisted",
"an announcement from X: ...", "‘Headline’, Outlet date" open a scope (the
rest of the clause, up to the next coordinated reporting verb; for passive
and "according to" forms the whole sentence); every proposed item inside it
is attributed to the claimant. What a speaker says becomes the stated content
of an Announcement, attributed to the speaker: a party's statement is its
claim, never the author's fact. A
capital city that speaks is its state's government ("Baku said" → the
government of Azerbaijan). Items outside any scope are the author's own
voice and get no ``by``. Hedge and allegation words give the modality, and
the date in the reporting clause the claim date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.ingest import world
from kg.ingest.context import Context
from kg.ingest.gazetteer import slug
from kg.ingest.model import Item, Mention, NewEntity
from kg.ingest.ontology_types import ACTOR_TYPES, PLACE_TYPES, STATE_TYPES
from kg.ingest.persons import OFFICE_BEFORE_NAME

#: verbs that report what someone says, in every form a clause may use them
VERBS = (
    r"said|says|say|claimed|claims|claim|announced|announces|announce|reported|reports|stated|"
    r"accused|accuses|accuse|denied|denies|deny|tweeted|warned|warns|warn|insisted|insists|insist|"
    r"alleged|alleges|allege|confirmed|confirms|told|tells|showed evidence|argued|argues|argue|"
    r"declared that|maintained|maintains|suggested|suggests|suggest|proclaimed|proclaims|"
    r"dismissed|dismisses|dismiss|promised|promises|promise|pledged|pledges|vowed|vows|urged|urges|"
    r"called for|calls for|call for|called on|calls on|call on|appealed to|appeals to|demanded|demands|"
    r"asserted|asserts|acknowledged|acknowledges|admitted|admits|"
    r"stressed|stresses|emphasi[sz]ed|emphasi[sz]es|rejected|rejects|wrote|writes|predicted|predicts|"
    r"replied|responded|countered|concluded|explained|described|describes|"
    r"condemned|condemns|welcomed|welcomes|reiterated|reiterates|reaffirmed|reaffirms|"
    r"expressed\s+(?:deep\s+|grave\s+|serious\s+)?concern|stating|contended|contends|"
    r"believed|believes|believe|thought|thinks|think|suspected|suspects|suspect|feared|fears|fear|"
    r"(?:saw|sees|see|viewed|views|view|regarded|regards|regard|considered|considers)(?=[^.;]{1,80}\bas\b)|"
    # "Baku puts the number of dead at 613"
    r"(?:put|puts)(?=\s+(?:(?:the|its|their)\s+)?(?:own\s+)?(?:total\s+)?(?:number|toll|death\s+toll|figure|losses|dead|casualties)\b)"
)
#: auxiliaries and adverbs that may stand between a speaker and the reporting verb
#: ("has since dismissed", "was forced to deny", "had also repeatedly warned")
#: (not "not"/"never": "did not announce X" states no X)
AUX = (
    r"(?:(?:also|has|had|have|was|were|is|are|been|then|since|later|previously|once|repeatedly|"
    r"publicly|openly|recently|again|forced|quick|quickly|to|would|will|did|does|do|"
    r"reportedly|allegedly|himself|herself|itself|themselves|strongly|firmly|categorically|"
    r"resolutely|unequivocally|once\s+again)\s+)*"
)
ACTIVE = re.compile(rf",?\s*{AUX}(?P<v>{VERBS})\b")
#: an apposition between a speaker and the verb ("Ben Wallace, the Defence Secretary, said"),
#: or a relative clause ("the Red Cross, which had been allowed to evacuate some patients, said")
#: (or an office without an article: "Nikol Pashinyan, Prime Minister of Armenia, said")
#: (in either case: wire reports write "Nikol Pashinyan, prime minister of Armenia, said")
OFFICE = "|".join(
    re.sub(r"\b([A-Z])(?=[a-z])", lambda c: f"[{c[1]}{c[1].lower()}]", re.escape(t))
    for t in sorted(world.TITLES, key=len, reverse=True)
)
APPOSITION = re.compile(
    rf",\s+(?:the\s+|a\s+|its\s+|his\s+|her\s+|which\s+|who\s+|whose\s+|(?=[a-z])|(?=(?:{OFFICE})\b)|"
    rf"(?=[A-Z][a-z]+\s+(?:for|of|to)\s))"
    rf"[^,;.–—()]{{1,60}},\s*{AUX}(?P<v>{VERBS})\b"
)
#: the state of an office in an apposition ("X, Prime Minister of Armenia, said", "X, president
#: of the self-declared Republic of Artsakh, said"): not the speaker
OFFICE_OF = re.compile(rf",\s+(?:the\s+)?(?:{OFFICE})\s+of\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,2}}$")
#: the state of an office after its holder's name ("President Serzh Sargsyan of Armenia"): not the speaker
TITLED_OF = re.compile(rf"\b(?:{OFFICE})\s+(?:[A-Z][a-z]+\s+){{1,3}}of\s+(?:the\s+)?$")
#: a name inside a relative clause of the subject ("X, whose country co-chairs the Y, said")
RELATIVE = re.compile(r",\s+(?:whose|which|who)\s+[^,;.]*$")
#: a name inside the subject's apposition ("X, a spokesman for the Armenian defence ministry, denied")
IN_APPOSITION = re.compile(
    rf"[A-Za-z],\s+(?:(?:a|an|the)\s+)?[a-z][^,;.]*\b(?:for|of|at|to|with)\s+(?:the\s+)?(?:(?:{OFFICE})\s+)?$"
)  # (or "X, foreign policy adviser to President Y, told AFP": X speaks)
#: the state after a person's name, before the verb ("Serzh Sargsyan of Armenia warned")
OF_STATE = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+(?=\s)")
#: a second verb of the same speaker later in the clause ("stated ... and argued ...")
#: (or a participle: "..., adding that ...")
PARTICIPLES = r"adding|saying|insisting|claiming|noting|warning|stressing|arguing|alleging"
COORDINATED = re.compile(
    rf"(?:,\s*|\s)(?:(?:and|but)\s+{AUX}|(?=(?:{PARTICIPLES})\s+that\b))(?P<v>{VERBS}|{PARTICIPLES})\b"
)
PASSIVE = re.compile(
    rf"\b(?:{VERBS}|announced dead|reported dead|summari[sz]ed|described|characteri[sz]ed|dubbed)\s+by\s+(?:the\s+)?$"
)
ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
#: a speech act named by a noun, its speaker after it ("an announcement from X: ...")
NOUN_FROM = re.compile(
    r"\b(?:announcement|statements?|declaration|warnings?|claims?|assurances?|pledges?|promises?|"
    r"accusations?|allegations?)\s+(?:from|by|of)\s+(?:the\s+)?$"
)
#: a speech act named by a noun after the speaker's possessive ("Azerbaijan's claims that ...")
CLAIMS_THAT = re.compile(
    r"[’']s?\s+(?:[a-z]+\s+)?(?P<n>claims?|allegations?|assertions?|accusations?|announcement|statements?|"
    r"assurances?|promises?|pledges?|warnings?|insistence|stated\s+(?:aim|goal|objective|policy|position))\b"
)
#: a quantifier that makes a speaker nobody in particular
NOT_REFERRING = re.compile(r"\b(?:any|no|every|each)\s+(?:[a-z]+\s+){0,2}$", re.I)
#: a subject's apposition and a parenthetical between dashes before its (first) verb
DETOUR = re.compile(r"(?:,\s+[^,;.–—()]{1,80}?)?\s+[–—]\s+[^–—;]{1,300}?\s+[–—]\s+(?P<v0>[a-z]+ed)\b")
#: a speech act that commits its speaker to what it names ("announced $600 million of
#: investment", "pledged new funding"): the figure is the size of the act the author reports
PERFORMATIVE = re.compile(r"announced|announces|promised|promises|pledged|pledges")
COMMITMENT = re.compile(
    r"\s+(?:(?:a|an|the|new|further|additional|some|over|nearly|about)\s+)*(?:US)?[$£€]?\s?[\d.,]+\s*"
    r"(?:million|billion|bn|m|thousand)?\s+(?:(?:US\s+)?dollars\s+|pounds\s+|euros\s+)?(?:of|in|for)\s+"
    r"(?:new\s+)?(?:investment|spending|funding|aid|loans?|grants?|contracts?)\b"
)
#: a preposition before a name: the name is its object ("President of Artsakh – ... – ordered")
PREP_BEFORE = re.compile(r"\b(?:of|in|from|to|for|with|by|within|among|at|on)\s+(?:the\s+)?[‘']?$")
#: a preposition before a name: the name is not the subject of the verb after it
IN_PHRASE = re.compile(r"\b(?:within|among|amongst|inside|from|in)\s+(?:the\s+)?$")
#: a view verb straight before 'as': its object is a relative clause's antecedent
VIEW_AS = re.compile(r"(?:saw|sees|see|viewed|views|view|regarded|regards|regard|considered|considers)\s+as\b")
#: pronouns that continue the last person named as speaker ("he said", "She has warned")
PRONOUN_SPEAKER = re.compile(rf"\b(?:[Hh]e|[Ss]he)\s+{AUX}(?P<v>{VERBS})\b")
#: ("may" in lower case only: "May" is the month, as in "on 12 May 1994")
HEDGED = re.compile(r"\b(may|(?i:might|seems?|seemingly|probably|possibly|perhaps|apparently|likely|presumably))\b")
ALLEGED = re.compile(r"\b(allegedly|alleged|allegations?|purportedly|reportedly)\b", re.I)
DENIED = re.compile(r"\b(denied|denies|deny)\b")
#: a cited title ("‘Britain risks ... says Army Chief’, Daily Telegraph"): its words are not speech
CITED_TITLE = re.compile(r"‘[^‘’\n]{3,200}’\s*,?\s*(?:[A-Z][\w.&-]*\s*){1,5}")


@dataclass
class Scope:
    start: int
    end: int
    claimant: str
    verb_start: int
    verb_end: int
    modality: str | None = None
    active: bool = False  # "X said ...": a speech act of its own (not "according to X", "by X")
    noun: bool = False  # "X's announcement that ...", "an announcement from X": a speech act too
    event: str | None = None  # the speech act is a document the text names ("the ... Command Paper")
    speaker_start: int | None = None  # where the speaker is named, when far before the verb
    according: bool = False  # "according to X": the rest of the clause is X's claim


#: what may stand between two speakers of one list ("the United Nations (UN), the European Union")
LIST_GAP = re.compile(r"(?:\s*\([A-Z][\w.-]{0,9}\))?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def _listed_speakers(ctx: Context, m: Mention, end: int) -> list[Mention]:
    """The speakers listed after ``m`` ('according to A (a), B and C'): one claim each.
    A quantified member ('and every other body') names no one and ends the list."""
    out, last, joined = [], m, False
    for x in ctx.mentions:
        if x.start < last.end or x.end > end:
            continue
        if x.entity == last.entity and x.start - last.end < 4:
            continue  # the acronym in brackets after a name
        if not LIST_GAP.fullmatch(ctx.text, last.end, x.start):
            break
        joined = joined or re.search(r"\b(?:and|or)\s", ctx.text[last.end : x.start]) is not None
        out.append(x)
        last = x
    # a list ends with "and C"; without it the name after the comma is the clause's subject
    # ("according to the Stockholm International Peace Research Institute (SIPRI), Israel accounted ...")
    joined = joined or (
        bool(out)
        and re.match(r"(?:\s*\([A-Z][\w.-]{0,9}\))?\s*,?\s*(?:and|or)\s", ctx.text[last.end : end]) is not None
    )
    return out if joined else []


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


def _document_author(ctx: Context, m: Mention) -> str | None:
    """A document that speaks ('the Ministry of Defence Command Paper ... suggested') speaks
    for the body its name begins with (a mention of that body inside the document's name)."""
    if ctx.type_of(m.entity) != "Announcement":
        return None
    inner = [
        x
        for x in ctx.mentions
        if x.start == m.start and x.end < m.end and x.entity != m.entity and ctx.is_type(x.entity, ACTOR_TYPES)
    ]
    if inner:
        return claimant_for(ctx, inner[0])
    e = ctx.props.entities.get(m.entity) or ctx.gaz.get(m.entity)
    label = e.label if e is not None else ""
    for x in ctx.mentions:
        if x.end <= m.start and ctx.is_type(x.entity, ACTOR_TYPES) and ctx.type_of(x.entity) != "Person":
            name = ctx.label_of(x.entity)
            if len(name) > 3 and label.startswith(name + " "):
                return claimant_for(ctx, x)
    return None


def _in_cited_title(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quoted title followed by its outlet (an endnote's citation)."""
    line0 = text.rfind("\n", 0, pos) + 1
    line1 = text.find("\n", pos)
    line1 = len(text) if line1 == -1 else line1
    return any(m.start() < pos < m.end() for m in CITED_TITLE.finditer(text, line0, line1))


#: "and" opening a clause with a subject of its own ("... and a deal with X was announced",
#: "... and in 2023 the objective seems to ..."): the author speaks again
NEW_SUBJECT = re.compile(
    r",?\s(?:and|but)\s+(?:(?:in|on|by|at|after|before|since|during)\s+[\w’'-]+(?:\s+\d{4})?,?\s+)?"
    r"(?:the|a|an|this|these|those)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:was|were|is|are|has|have|had|seems?|seemed|will|would|could|can|may|might)\b"
)


#: a reporting verb before its speaker, after what was said ("..., said the ministry.")
SAID_X_VERBS = r"said|says|claimed|claims|reported|added|announced|stated"
SAID_X = re.compile(rf"[,’”\"]\s+(?P<v>{SAID_X_VERBS})\s+(?:the\s+)?$")


def _postposed(ctx: Context, m: Mention, v1: int, s0: int, e0: int) -> int | None:
    """'..., Armenia claimed.': a speaker and verb after what was said, closing the sentence.
    Returns where the words said end (the comma before the speaker), else None."""
    before = ctx.text[s0 : m.start]
    # (after an office before the name: '..., EU foreign policy chief Josep Borrell wrote')
    lead = re.search(
        rf"(?:,|[’”\"],?)\s*(?:the\s+)?(?:(?:[A-Z]{{2,3}}|[A-Z][a-z]+)\s+(?:[a-z]+\s+){{0,2}}?{OFFICE_BEFORE_NAME}\s+)?"
        rf"(?:(?:[A-Z][a-z]+\s+)?(?:{OFFICE})\s+(?:of\s+the\s+(?:[A-Z][a-z]+\s+){{1,4}})?)?$",
        before,
    )
    if lead is None or len(before.strip()) < 15 or ctx.text.startswith(",", m.end):
        return None  # (", X, says ...": X in apposition to its office, speaking what follows)
    # what may follow the verb: where and when it was said ("in a statement on Monday", "that
    # night"), and after "told" whom ("told the National Assembly", "told his generals")
    told = re.search(r"\b(?:told|tells)$", ctx.text[s0:v1]) is not None
    where = rf"(?:\s+(?:{SAID_AT}){'|' + TOLD_TO if told else ''})?"
    if not re.match(
        rf"\s*(?:\[[ivxlcdm]+\])?{where}\s*(?:on\s+\w+\s*)?(?:{PARTICIPLE.pattern}[^;]*)?[.;]?\s*[“\"]?\s*$",
        ctx.text[v1:e0],
    ):
        return None
    return s0 + lead.start()


#: where and when a postposed speaker said it: "in a televised address that night", "on Monday"
SAID_AT = (
    r"(?:in|at(?!\s+least)|on|during|after|before)\b[^,;.“”\"]{0,60}|afterwards|later|today|yesterday|"
    r"(?:late|early|last|this|that)\s+(?:night|day|morning|evening|afternoon|week|month|year)"
)
#: whom a postposed speaker told: "the National Assembly", "his generals afterwards", "Reuters"
TOLD_TO = r"(?:the|his|her|its|their|a|an)\s+[^,;.“”\"]{1,50}|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}"


#: a participle clause after a postposed speaker's verb ("..., X said, accusing Y of ..."): the
#: speaker's words too
PARTICIPLE = re.compile(r",\s+(?:[a-z]+ly\s+)?[a-z]+ing\b")


def _clause_end(text: str, v1: int, e0: int) -> int:
    """Where what a speaker says ends: at 'but/while/whereas' opening a new clause, or ';';
    when the words said are not introduced by 'that' or a colon, also at 'and' opening a
    clause with a new subject (reported speech after 'that' may go on past it)."""
    # (also at an apposition that names what was said, in the author's voice: "..., an allegation
    # the Ministry rejects")
    stops = [
        x
        for x in re.finditer(
            r"\s(?:but|while|whereas)\s+(?!did\b)|;|,\s+(?:an?|the)\s+(?:allegation|claim|accusation|assertion|charge)\b",
            text[v1:e0],
        )
    ]
    stop = next((x for x in stops if not _quoted(text, v1, v1 + x.start())), None)
    end = v1 + stop.start() if stop else e0
    if not re.match(r"\s*(?:that\b|:)", text[v1:end]):
        new = NEW_SUBJECT.search(text, v1, end)
        end = new.start() if new else end
    return end


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened after ``start`` (‘...’; a ’ before a
    letter is an apostrophe): a 'while' in the words quoted does not end the speaker's clause."""
    depth = 0
    for i in range(start, pos):
        ch = text[i]
        if ch == "‘":
            depth += 1
        elif ch == "’" and depth and not text[i + 1 : i + 2].isalpha():
            depth -= 1
    return depth > 0


def _active(ctx: Context, start: int, who: str, v0: int, v1: int, e0: int) -> list[Scope]:
    """'X said ...' and each verb coordinated with it ('... and argued ...', '... but has
    since dismissed ...'): one scope per speech act, each ending where the next one's
    'and'/'but' begins. The first starts at the speaker (``start``), the others at their verb."""
    text = ctx.text
    semi = text.find(";", v1, e0)
    coords = list(COORDINATED.finditer(text, v1, e0 if semi == -1 else semi))
    verbs = [(v0, v1), *((c.start("v"), c.end("v")) for c in coords)]
    ends = [c.start() for c in coords] + [_clause_end(text, verbs[-1][1], e0)]
    out = []
    for i, ((a, b), end) in enumerate(zip(verbs, ends, strict=True)):
        mod = "denied" if DENIED.fullmatch(text[a:b]) else None
        out.append(Scope(start if i == 0 else a, end, who, a, b, mod, active=True))
    return out


def _last_person(ctx: Context, pos: int, reach: int = 400) -> Mention | None:
    """The person named last before ``pos`` (within ``reach`` characters): whom 'he'/'she' means."""
    ms = [m for m in ctx.mentions_in(max(0, pos - reach), pos) if ctx.type_of(m.entity) == "Person"]
    return ms[-1] if ms else None


def find_scopes(ctx: Context) -> list[Scope]:
    text, scopes = ctx.text, []
    for m in ctx.mentions:
        s0, e0 = ctx.sentence(m.start)
        if _in_cited_title(text, m.start):
            continue
        if any(x.start <= m.start and x.end >= m.end and x.end - x.start > m.end - m.start for x in ctx.mentions):
            continue  # "the State Border Service of Azerbaijan said": the whole name speaks, not Azerbaijan
        tail = text[m.end : e0]
        if NOT_REFERRING.search(text[max(s0, m.start - 25) : m.start]):
            continue  # "any recent Armenian government", "no state": nobody in particular speaks
        acronym = re.match(r"\s*\([A-Z][\w-]{1,8}\)", tail)  # "the International Committee ... (ICRC) said"
        act = ACTIVE.match(tail, acronym.end() if acronym else 0) or APPOSITION.match(tail)
        if act and OFFICE_OF.search(text[max(s0, m.start - 40) : m.start]):
            act = None  # "X, Prime Minister of Armenia, said": Armenia is the office's, X speaks
        if act and (
            TITLED_OF.search(text[max(s0, m.start - 60) : m.start])
            or RELATIVE.search(text[max(s0, m.start - 80) : m.start])
            or IN_APPOSITION.search(text[max(s0, m.start - 80) : m.start])
        ):
            act = None  # "President X of Armenia warned", "X, whose country chairs the Group, said": X speaks
        if not act and ctx.type_of(m.entity) == "Person" and (of := OF_STATE.match(tail)):
            act = ACTIVE.match(tail, of.end())  # "President Serzh Sargsyan of Armenia warned ..."
        year = re.match(r"\s+(?:of|in)\s+(?:19|20)\d\d\b", tail)
        if not act and year and ctx.type_of(m.entity) == "Announcement":
            act = ACTIVE.match(tail, year.end())  # "the ... Command Paper of 2023, suggested"
        if act and IN_PHRASE.search(text[max(s0, m.start - 12) : m.start]):
            act = None  # "others within the Army have suggested": the speaker is the head before
        if act and VIEW_AS.match(text, m.end + act.start("v")):
            act = None  # "that X views as a threat": what is viewed stands before, not in the scope
        if act and re.search(r"\b(?:was|were|been|being|is|are)\s+$", tail[: act.start("v")]):
            act = None  # a passive ("a deal with X was announced"): X is not the speaker
        if act and (post := _postposed(ctx, m, m.end + act.end("v"), s0, e0)) is not None:
            who = claimant_for(ctx, m)
            if who:  # "More than 100 troops were killed, Armenia claimed.": the words before
                v0, v1 = m.end + act.start("v"), m.end + act.end("v")
                scopes.append(Scope(s0, post, who, v0, v1, active=True, speaker_start=m.start))
                when = re.match(r"\s*(?:on\s+\w+\s*)?", text[v1:e0]).end()  # "said on Tuesday, adding ..."
                if part := PARTICIPLE.match(text, v1 + when, e0):  # "..., X said, accusing Y of ...": X's too
                    scopes.append(Scope(part.start() + 1, e0, who, v0, v1))
                continue
        if act:
            who = claimant_for(ctx, m)
            author = None if who else _document_author(ctx, m)
            if author:  # "the Ministry of Defence Command Paper of 2023, suggested ...": its author speaks
                for sc in _active(ctx, m.start, author, m.end + act.start("v"), m.end + act.end("v"), e0)[:1]:
                    sc.event = m.entity
                    scopes.append(sc)
                continue
            if who:
                scopes += _active(ctx, m.start, who, m.end + act.start("v"), m.end + act.end("v"), e0)
                continue
        if not act and not PREP_BEFORE.search(text[max(s0, m.start - 12) : m.start]) and (det := DETOUR.match(tail)):
            # "X, President of Y – according to Z, ... – ordered ... and proclaimed that ...":
            # the subject's first verb reports nothing; a reporting verb coordinated with it does
            v0 = m.end + det.end("v0")
            semi = text.find(";", v0, e0)
            c = COORDINATED.search(text, v0, e0 if semi == -1 else semi)
            later = (
                [  # a nearer subject of its own takes the verb ("A and B – ... – vanished as C, ...")
                    x
                    for x in ctx.mentions_in(v0, c.start())
                    if c and DETOUR.match(text[x.end : e0]) and x.entity != m.entity
                ]
                if c
                else []
            )
            ok = c is not None and not later and not NEW_SUBJECT.search(text, v0, c.start())
            who = claimant_for(ctx, m) if ok else None
            if c and who:
                for sc in _active(ctx, c.start("v"), who, c.start("v"), c.end("v"), e0):
                    sc.speaker_start = m.start
                    scopes.append(sc)
                continue
        inverted = SAID_X.search(text[max(s0, m.start - 30) : m.start])
        # (the speaker may have an apposition: '"...," said Ariane Bauer, the ICRC's regional director.')
        if inverted and re.match(
            r"\s*(?:\[[ivxlcdm]+\])?\s*(?:on\s+\w+\s*)?(?:,\s+(?:a|an|the)\s+[^.;“”\"]{1,100})?[.;]?\s*[“\"]?\s*$",
            text[m.end : e0],
        ):
            who = claimant_for(ctx, m)
            if who:  # "..., said the Armenian defence ministry."
                v0 = max(s0, m.start - 30) + inverted.start("v")
                scopes.append(Scope(s0, v0, who, v0, max(s0, m.start - 30) + inverted.end("v"), active=True))
                continue
        acc = ACCORDING.search(text[max(s0, m.start - 30) : m.start])
        noun = NOUN_FROM.search(text[max(s0, m.start - 40) : m.start])
        if acc or noun or PASSIVE.search(text[max(s0, m.start - 40) : m.start]):
            who = claimant_for(ctx, m)
            if who:
                start, end = s0, e0
                a0 = max(s0, m.start - 30) + acc.start() if acc else m.start
                # a parenthetical "– according to X, ... –" covers only itself; one that closes
                # the sentence ("..., according to the ministry.") covers what it follows
                last = acc and re.match(r"\s*(?:\[[ivxlcdm]+\])?\s*[.;]?\s*$", text[m.end : e0])
                if acc and not last and re.search(r"(?:\s[–—-]|,)\s*$", text[s0:a0]):
                    close = re.search(r"\s[–—-]\s|[;.]", text[m.end : e0])
                    start, end = a0, (m.end + close.start() if close else e0)
                if noun:  # "an announcement from X: he was willing ...": the noun and what follows
                    start = max(s0, m.start - 40) + noun.start()
                    end = _before_rejection(text, m.end, end)
                mod = "alleged" if noun and re.search(r"alleg|accus|claim", noun.group(0)) else None
                scopes.append(Scope(start, end, who, m.start, m.end, mod, noun=bool(noun), according=bool(acc)))
                if acc:  # "according to A, B and C": each speaker makes the same claim
                    for x in _listed_speakers(ctx, m, end):
                        if (other := claimant_for(ctx, x)) and other != who:
                            scopes.append(Scope(start, end, other, x.start, x.end, according=True))
                continue
        ct = CLAIMS_THAT.match(tail)
        if ct:
            who = claimant_for(ctx, m)
            if who:
                n = ct.group("n")
                mod = "alleged" if re.match(r"claim|alleg|accus|assert", n) else None
                end = _before_rejection(text, m.end, _clause_end(text, m.end + ct.end(), e0))
                scopes.append(Scope(m.start, end, who, m.start, m.end + ct.end(), mod, noun=True))
    for p in PRONOUN_SPEAKER.finditer(text):
        if any(sc.verb_start <= p.start("v") < sc.verb_end for sc in scopes):
            continue
        who = _last_person(ctx, p.start())
        if who is not None:
            _, e0 = ctx.sentence(p.start())
            scopes += _active(
                ctx,
                p.start(),
                who.entity,
                p.start("v"),
                p.end("v"),
                e0,
            )
    scopes += _it_said(ctx, scopes)
    scopes += _answers(ctx)
    scopes += _both_sides_said(ctx)
    scopes += _cited_titles(ctx)
    return sorted(scopes, key=lambda sc: (sc.start, sc.end, sc.claimant))


#: an interview's answers ("A: We lost 192 of our servicemen ...") and its questions
ANSWER = re.compile(r"(?m)^[ \t]*A[:.][ \t]+(?P<a>[^\n]+)")
QUESTION = re.compile(r"(?m)^[ \t]*Q[:.][ \t]+")


def _answers(ctx: Context) -> list[Scope]:
    """In an interview (lines 'Q: ...' and 'A: ...'), every answer is the words of the person
    the text names last before its first question: the interviewee's claims, not the author's."""
    first_q = QUESTION.search(ctx.text)
    if first_q is None:
        return []
    persons = [m for m in ctx.mentions if m.end <= first_q.start() and ctx.type_of(m.entity) == "Person"]
    if not persons:
        return []
    who = persons[-1].entity
    return [Scope(a.start("a"), a.end("a"), who, a.start(), a.start("a")) for a in ANSWER.finditer(ctx.text)]


#: "..., both sides said.": each of the two states named before says the words before
BOTH_SAID = re.compile(
    r",\s+(?:both\s+(?:sides|countries|governments)|the\s+two\s+(?:sides|countries|governments))\s+"
    r"(?P<v>said|say|claimed|reported|confirmed)\s*[.;]"
)


def _both_sides_said(ctx: Context) -> list[Scope]:
    out: list[Scope] = []
    for m in BOTH_SAID.finditer(ctx.text):
        s0, _ = ctx.sentence(m.start())
        # the two named before the sentence: inside it, a third state may broker or watch
        for side in ctx.pair_before(s0) or ctx.pair_before(m.start()):
            if who := claimant_for(ctx, side):
                speaker = m.start() + len(m.group(0)) - len(m.group(0).lstrip(", "))
                out.append(Scope(s0, m.start(), who, m.start("v"), m.end("v"), active=True, speaker_start=speaker))
    return out


#: "It denied ...", "They said ..." opening a sentence: the body or state that spoke last
IT_SPEAKER = re.compile(rf"(?:^|(?<=[.!?]\s))(?:It|They)\s+{AUX}(?P<v>{VERBS})\b", re.M)


def _it_said(ctx: Context, scopes: list[Scope]) -> list[Scope]:
    """A sentence whose subject is 'It' or 'They' continues the speaker of the sentence before,
    when that speaker is no person (a ministry, a government, a state)."""
    out: list[Scope] = []
    for p in IT_SPEAKER.finditer(ctx.text):
        before = [sc for sc in scopes if sc.active and sc.end <= p.start() and p.start() - sc.end <= 300]
        if not before or ctx.type_of(before[-1].claimant) == "Person":
            continue
        _, e0 = ctx.sentence(p.start())
        out += _active(ctx, p.start(), before[-1].claimant, p.start("v"), p.end("v"), e0)
    return out


#: the author's verdict on a claim the sentence names: "The claims of X that ... are absolutely untrue"
REJECTION = re.compile(
    r"\s+(?:are|is|were|was)\s+(?:[a-z]+\s+)?(?:untrue|false|baseless|groundless|unfounded|lies|fabricated|"
    r"a\s+lie|a\s+fabrication|disinformation|nonsense)\b"
)


def _before_rejection(text: str, start: int, end: int) -> int:
    """Where a claim's words end when the author rejects them after them: the claim is the
    speaker's, the verdict the author's."""
    verdict = REJECTION.search(text, start, end)
    return verdict.start() if verdict else end


TITLE_THEN_SOURCE = re.compile(r"‘(?P<t>[^‘’\n]{3,200})’\s*,?\s*")


def _cited_titles(ctx: Context) -> list[Scope]:
    """‘Title’, Outlet date: what a cited headline says is the outlet's claim, not the author's."""
    out = []
    for t in TITLE_THEN_SOURCE.finditer(ctx.text):
        src = [m for m in ctx.mentions_in(t.end(), t.end() + 60, ACTOR_TYPES) if m.start == t.end()]
        if src and ctx.type_of(src[0].entity) not in ("Person", "State", "DeFactoState"):
            out.append(Scope(t.start("t"), t.end("t"), src[0].entity, src[0].start, src[0].end))
    return out


def _existing_statement(ctx: Context, sc: Scope) -> str | None:
    """An announcement event the trigger rules already found on this speech act's noun."""
    for m in ctx.mentions:
        if m.rule.startswith("rule:trigger-statement") and m.start < sc.verb_end and sc.start < m.end:
            return m.entity
    return None


def announcements(ctx: Context, scopes: list[Scope]) -> list[Item]:
    """Each 'X said/announced ...' is itself an event: an Announcement with X as agent, the
    date of the reporting clause, and what was said as its stated content. The event and
    its date are the author's report; what was said is the speaker's claim (``by`` X)."""
    items: list[Item] = []
    for sc in scopes:
        if not (sc.active or sc.noun) or "tweeted" in ctx.text[sc.verb_start : sc.verb_end]:
            continue  # 'according to' and passive forms report no speech act; tweets are events already
        date = _speech_date(ctx, sc)
        said = _said(ctx, sc, date.end if date is not None and date.start >= sc.verb_end else sc.verb_end)
        eid = sc.event or (_existing_statement(ctx, sc) if sc.noun else None)
        new: list[Item] = []
        if eid is None:
            if sc.noun and len(said) <= 3:
                continue
            eid, new = _announcement(ctx, sc, date)
        if len(said) > 3:
            it = Item(
                "statements",
                {"s": eid, "p": "statedContent", "value": said},
                sc.start,
                sc.end,
                "rule:reporting-verb+content",
                0.4,
            )
            it.by, it.modality = sc.claimant, sc.modality
            new.append(it)
        for it in new:
            it.authorial = True
        items += new
    ctx.mentions.sort()
    return items


#: where, how or to whom something was said, between the verb and 'that' ("said at a conference
#: in Baku that", "told reporters on Monday that")
SAID_WHERE = re.compile(
    r"\s*(?:(?:at|in|on|during|after|before|to|from|with)\s|(?:reporters|journalists|lawmakers|parliament)\b)"
    r"[^,;:“”\"‘’.]{0,80}?\bthat\s"
)


#: who is told, before what they are told: "told parliament", "told his security council"
TOLD_WHOM = re.compile(
    r"\s+(?:(?:the|his|her|its|their)\s+)?(?:[a-z]+\s+){0,2}?(?:parliament|reporters|journalists|lawmakers|"
    r"council|assembly|press|media|audience|congress|senate|committee|cabinet|nation|troops|[A-Z][\w.]+)\b"
)


def _said(ctx: Context, sc: Scope, start: int) -> str:
    """What a speaker says: the scope after the verb (and the date of saying it), without
    'that', endnote marks and commas."""
    if sc.end <= sc.verb_start:  # the words said come first ("..., Armenia claimed.")
        start = sc.start
    elif where := SAID_WHERE.match(ctx.text, start, sc.end):
        start = where.end()  # "said at a conference in Baku that ...": what was said follows 'that'
    elif re.fullmatch(r"told|tells", ctx.text[sc.verb_start : sc.verb_end]) and (
        whom := TOLD_WHOM.match(ctx.text, start, sc.end)
    ):
        start = whom.end()  # "told parliament the death toll had risen": not the one spoken to
    said = re.sub(r"^\s*(?:that\s+|:\s*)?", "", ctx.text[start : sc.end])
    said = re.sub(r"\[[ivxlcdm]+\]", "", said).strip()
    # "X urged Y to halt the offensive, the State Department said": the last clause is another's
    said = re.sub(rf",\s+(?:the\s+)?[A-Z][\w.’' -]{{1,60}}?\s+(?:{SAID_X_VERBS})\s*[.;]?$", "", said)
    said = re.sub(r"\s+(?:and|but)$", "", said).strip().rstrip(",.").strip()
    closing = {'"': '"', "“": "”", "‘": "’"}.get(said[:1])
    if closing and closing not in said[1:]:
        said = said[1:]  # '"This is ...," X wrote': the quotation's mark, not what was said
    elif closing and said.endswith(closing) and closing not in said[1:-1]:
        said = said[1:-1]  # the whole quotation, between its marks
    elif not closing and said.endswith(('"', "”")) and not re.search(r'["“]', said[:-1]):
        said = said[:-1]  # the end of a quotation whose opening mark came before the scope
    return said.strip().rstrip(",").strip()


def _speech_date(ctx: Context, sc: Scope):  # noqa: ANN202 - DateMention | None
    """When a speech act happened: a date right after its verb ("stated on the record in
    2021", "said on Sunday"), else the nearest one before it in its clause (not past a ';'),
    never a date inside what was said."""
    s0, _ = ctx.sentence(sc.verb_start)
    semi = ctx.text.rfind(";", s0, sc.verb_start)
    c0 = semi + 1 if semi != -1 else s0
    after = [
        d
        for d in ctx.dates
        if sc.verb_end <= d.start <= sc.verb_end + 40
        and re.fullmatch(r"[\s,]*(?:(?:[a-z]+\s+){0,5}(?:on|in|at|during)\s+)?", ctx.text[sc.verb_end : d.start])
        and not re.search(r"\bthat\b", ctx.text[sc.verb_end : d.start])
    ]  # not "called for a return to the November 2020 ceasefire": that date is of what was said
    if after:
        return after[0]
    if sc.noun:
        return None  # "X's key stated aim": a date before the speaker dates something else
    if sc.end <= sc.verb_start:  # "..., X said": what comes before is what was said
        c0 = max(c0, sc.end)
    before = [d for d in ctx.dates if c0 <= d.start and d.end <= sc.verb_start and sc.verb_start - d.end <= 80]
    return before[-1] if before else None


def _announcement(ctx: Context, sc: Scope, date) -> tuple[str, list[Item]]:  # noqa: ANN001 - DateMention | None
    """A new Announcement event for a speech act: its id, agent and date items."""
    who = ctx.label_of(sc.claimant)
    when = date.value if date else ""
    eid = slug(f"{who} statement {when}".strip())
    label = f"{who} statement" + (f" ({when})" if when else "")
    eid, label = _distinct(ctx, eid, label)
    ctx.props.add_entity(NewEntity(eid, "Announcement", label, sc.start, sc.verb_end, "rule:reporting-verb", 0.45))
    ctx.mentions.append(Mention(sc.verb_start, sc.verb_end, eid, "rule:reporting-verb:mention", 0.4))
    new = [
        Item(
            "statements",
            {"s": eid, "p": "agent", "o": sc.claimant},
            sc.start if sc.speaker_start is None else sc.speaker_start,
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
    return eid, new


def _distinct(ctx: Context, eid: str, label: str) -> tuple[str, str]:
    """An id and label no entity proposed so far has: two speech acts of one speaker on one
    date ("was forced to deny ... but has since dismissed ...") are two events, not one."""
    if eid not in ctx.props.entities:
        return eid, label
    n = 2
    while f"{eid}-{n}" in ctx.props.entities:
        n += 1
    return f"{eid}-{n}", f"{label} ({n})"


def attribute(ctx: Context, items: list[Item], scopes: list[Scope] | None = None) -> list[Item]:
    """Set ``by``, ``modality`` and ``claim_date`` on the items in a reporting scope.
    Returns the copies of an item that several listed speakers claim (one claim each)."""
    scopes = find_scopes(ctx) if scopes is None else scopes
    copies: list[Item] = []
    for it in items:
        if it.authorial:
            continue
        also: list[str] = []
        inside = [
            s
            for s in scopes
            if s.start <= it.start
            and it.end <= s.end + 1
            or (s.start <= it.start < s.end and it.end > s.end and it.section != "statements")
        ]
        if inside and it.fields.get("p") == "agent" and ctx.type_of(it.fields.get("s")) == "Announcement":
            inside = []  # who made another speech act is the author's report, not the speaker's claim
        if inside and it.section == "tenures":
            sc = min(inside, key=lambda s: s.end - s.start)
            if any(m.entity == sc.claimant for m in ctx.mentions_in(it.start, it.end)):
                inside = []  # "by X, Y's predecessor as president, as ...": the author describes the speaker
        if inside and it.section != "statements":
            sc = min(inside, key=lambda s: s.end - s.start)
            if PERFORMATIVE.fullmatch(ctx.text[sc.verb_start : sc.verb_end]) and COMMITMENT.match(
                ctx.text, sc.verb_end
            ):
                inside = []  # "X has announced $600 million of investment": the act's size, not a claim
        if inside:
            sc = min(inside, key=lambda s: s.end - s.start)
            it.by = sc.claimant
            also = [
                s.claimant
                for s in inside
                if s.according and (s.start, s.end) == (sc.start, sc.end) and s.claimant != sc.claimant
            ]
            if sc.modality:
                it.modality = sc.modality
            s0, e0 = ctx.sentence(sc.verb_start)
            ds = [d for d in ctx.dates if s0 <= d.start < e0 and d.end <= sc.verb_start + 1]
            if (
                ds
                and ds[-1].precision >= 2
                and it.section != "statements"
                and not sc.according
                and sc.end > sc.verb_start
            ):
                # ("according to X" names no act of saying, and in "..., X said" the words said come
                # first: a date before the verb dates what is reported)
                it.claim_date = ds[-1].value
            # let the quote show who says it, as annotators do
            if (
                it.section in ("casualties", "losses", "measurements")
                and sc.start < it.start
                and it.start - sc.start < 120
                and not (sc.according and it.start < sc.verb_start)  # "..., according to X": the figure's own
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
        for who in dict.fromkeys(also):
            copies.append(replace(it, by=who, fields=dict(it.fields), extra=dict(it.extra)))
    return copies
