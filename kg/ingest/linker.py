"""Entity mentions: names the gazetteer knows, and new entities it does not.

Known names are matched with spaCy's PhraseMatcher on whole tokens, case-
sensitively as the build does, plus the inflections a text uses that the
build would miss (plurals "T-72s", "Smerches"; demonyms "Azeri" → the state;
"Mr Pashinyan" → the person with that surname). Pattern rules link phrases
built from a demonym to the body they name ("Azerbaijani forces" → the armed
forces, "Armenian defense ministry", "Karabakh officials"); capitalised
sequences that no name covers become new entities (names.py), typed from
their head word, form or place; persons from the title before them (persons.py).
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher

from kg.ingest import world
from kg.ingest.context import Context
from kg.ingest.gazetteer import Entity, slug
from kg.ingest.model import Mention, NewEntity
from kg.ingest.names import NewNames
from kg.ingest.nlp import DATELINE, pipeline
from kg.ingest.ontology_types import EVENT_TYPES, PLACE_TYPES, STATE_TYPES, is_a

#: rules whose mention is a description built on a state's name or demonym, not a name
PHRASE_RULES = frozenset(
    {
        "rule:demonym-armed-force",
        "rule:demonym-ministry",
        "rule:demonym-government",
        "rule:officials",
        "rule:sources",
        "rule:demonym-group",
    }
)
#: "the Army", "the ministry": a head word alone, not followed by the rest of a name
SHORT_FORM = re.compile(r"\b[Tt]he\s+(?P<h>[A-Z][a-z]+|ministry)\b(?!\s+(?:of\s+)?[A-Z‘'])(?![’']s\s+[A-Z])")
#: words an acronym leaves out ("Organization for Security and Co-operation in Europe" → OSCE)
INITIAL_SKIP = frozenset({"of", "for", "and", "in", "on", "the", "de", "du"})
#: an acronym defined in brackets after a name: "Collective Security Treaty Organization (CSTO)"
ACRONYM_DEF = re.compile(r"\s*\((?:the\s+)?(?P<a>[A-Z][A-Za-z]?[A-Z][A-Za-z]{0,6})\)")
#: a state's body named by a possessive pronoun: "its defence ministry", "their armed forces"
ITS_BODY = re.compile(
    r"\b(?:[Ii]ts|[Tt]heir)\s+(?P<h>(?i:(?:defen[cs]e|foreign)\s+ministry|ministry\s+of\s+(?:defen[cs]e|foreign\s+affairs))|"
    r"armed\s+forces|army|government)\b"
)
#: what follows a city's name in the name of something named after it: "the Minsk Group", "the
#: Minsk process", "the Washington Post", "the Tehran format"
NAMED_AFTER = re.compile(r"[ \t]+(?:[A-Z][a-z]|process\b|format\b|talks\b|group\b|protocol\b|agreement\b|accords?\b)")

#: the longest id a new entity gets from its name
MAX_ID = 60
#: a second name the text gives: "Shushi, which Azerbaijanis call Shusha", "Stepanakert, which
#: Azerbaijan calls Khankendi", "Khankendi, known in Armenian as Stepanakert"
CALLED = re.compile(
    r"\b(?!(?:In|On|At|From|Near|The|To|For|By|Of)\b)"  # "In Shushi, known as ...": not the preposition
    r"(?P<a>[A-Z][\w’'-]+(?:[ \t][A-Z][\w’'-]+)?),\s+(?:which\s+(?:[\w-]+\s+){0,2}?(?:calls?|called|knows?\s+as)"
    r"|(?:known|called)\s+(?:in\s+\w+\s+|to\s+(?:[\w-]+\s+){1,2})?as)\s+(?P<b>[A-Z][\w’'-]+(?:[ \t][A-Z][\w’'-]+)?)"
)


def not_the_city(text: str, start: int, end: int) -> bool:
    """Whether a capital's name stands for something else: a thing named after the city ("the
    Minsk process", "the Washington Post") or a citation's place of publication ("(Rome: ...")."""
    return bool(NAMED_AFTER.match(text, end)) or (text[start - 1 : start] == "(" and text[end : end + 1] == ":")


#: a wire report's "The Defence Ministry said": the ministry of that kind the text named before
#: (and "Its Defence Ministry said" when its sentence names no state before it for ITS_BODY)
THE_MINISTRY_SAID = re.compile(
    r"\b(?P<the>[Tt]he|[Ii]ts)\s+(?P<h>(?:Defen[cs]e|Foreign)\s+Ministry)(?=(?:\s+in\s+[A-Z][a-z]+)?\s+(?:said|says|added|"
    r"announced|reported|claimed|denied|dismissed|rejected|accused|stated|spokes(?:man|woman|person)))"
)
#: a ministry's word in a phrase → its id word and the field of its formal name
MINISTRIES = (
    ("defen", "defence", "Defence"),
    ("foreign", "foreign", "Foreign Affairs"),
    ("health", "health", "Health"),
    ("interior", "interior", "Internal Affairs"),
)


def ministry_kind(phrase: str) -> tuple[str, str]:
    """The id word and formal field of the ministry a phrase names ("Defense Ministry" →
    defence, Defence; "ministry of foreign affairs" → foreign, Foreign Affairs)."""
    low = phrase.lower()
    return next((w, f) for k, w, f in MINISTRIES if k in low)


#: a body named after an office in the possessive: "the Prosecutor General's Office of
#: Azerbaijan", "Its Prosecutor General's Office", "Azerbaijan's Prosecutor General's Office"
TITLE_OFFICE = re.compile(
    r"(?:\b(?P<its>[Ii]ts|[Tt]heir)\s+|\b(?:[Tt]he\s+)?(?P<owner>(?!The\b)[A-Z][a-z]+)(?:[’']s)?\s+|\b[Tt]he\s+)"
    r"(?P<name>(?:[A-Z][a-z]+\s+){1,2}(?:General|President|Minister)[’']s\s+(?:Office|Administration))"
    r"(?:\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?(?P<of>[A-Z][a-z]+))?"
)
#: an armed force named by its common noun: "the army's tanks", "its armed forces"
THE_ARMY = re.compile(r"\b(?:the|its|their)\s+(?P<h>army|armed\s+forces)(?![\w-])(?!\s+of\b)")
#: the bodies a state's name inside a proper name marks as that state's
BODY_TYPES = frozenset(
    {"GovernmentBody", "ArmedForce", "MilitaryUnit", "Company", "EducationalInstitution", "Organisation", "Facility"}
)
#: bodies a demonym in their name marks as the state's own ("the Turkish Military Academy")
PUBLIC_BODY_TYPES = frozenset({"GovernmentBody", "ArmedForce", "MilitaryUnit", "EducationalInstitution"})
#: a place named by a description: "the breakaway region", "the Armenian-majority region", "the
#: disputed territory", "the self-proclaimed republic" (not "the region of X": a name follows)
DESCRIBED_PLACE = re.compile(
    r"\b[Tt]he\s+(?:(?:breakaway|disputed|contested|self-proclaimed|self-declared|separatist|unrecognised|"
    r"unrecognized|mountainous|[A-Z][a-z]+-(?:majority|held|populated|controlled))\s+)+"
    r"(?P<n>region|enclave|territory|republic)\b(?!\s+of\b)(?![\w-])"
)
REGIONS = frozenset({"Region", "Enclave"})
DEFACTO = frozenset({"DeFactoState"})
#: a person's government: "Pashinyan's government"
PERSONS_BODY = re.compile(r"\b(?P<n>[A-Z][a-z]+)[’']s\s+(?P<h>government|administration|cabinet)\b")
#: groups a text names by their people and what they do ("Armenian separatists")
GROUP_HEADS = {
    "separatists": "Group",
    "nationalists": "Group",
    "rebels": "ArmedGroup",
    "militants": "ArmedGroup",
    "insurgents": "ArmedGroup",
}


#: a quoted title followed, on its line, by its outlet and a year: a citation
#: a particle that may open an outlet's name ("al Jazeera")
PARTICLE = r"(?:(?:al|el|de|la|le)\s+)?"
CITED = re.compile(
    r"‘(?P<t>(?:[^‘’\n]|[‘’](?=[A-Za-z]))+?)’(?![A-Za-z])"
    rf"(?=\s*,?\s*{PARTICLE}[A-Z][^\n]{{0,80}}?\b(?:19|20)\d\d\b)"
)
#: a quoted title after its authors that ends its endnote line with a comma (the rest of the
#: reference is missing): "see Jane Roe and John Doe, ‘Title of the work’,\n"
CITED_BARE = re.compile(r"(?<=[A-Za-z], )‘(?P<t>(?:[^‘’\n]|[‘’](?=[A-Za-z]))+?)’,[ \t]*$", re.M)


#: the authors before a cited title: "[xxii] Arie Egozi, ‘", "see Cory Welt and Andrew S Bowen, ‘", "at X Y, ‘"
AUTHORS = re.compile(
    r"(?:^|\]\s+|[;:.]\s+|\b[Ss]ee\s+|\b[a-z]+\s+|,\s+)(?P<a>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w.’'-]*|and))+),\s*$"
)
PERSON_NAME = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][\w’'-]+){1,2}")
#: the outlet after a cited title: "’, BBC News 3 December 2020", "’, Financial Times, 16 August 2023"
OUTLET = re.compile(
    rf"’\s*,?\s*(?P<o>{PARTICLE}[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,4}}?)\s*,?\s+"
    r"(?=(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + "|".join(world.MONTHS) + r")\b|(?:19|20)\d\d\b)"
)


def adjective(state: Entity) -> str:
    """The state's adjective ("Azerbaijani"), else its label."""
    return state.demonyms[0] if state.demonyms else state.label


class Linker(NewNames):
    """Finds mentions in ``ctx.text`` and registers new entities in ``ctx.props``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.cands: list[Mention] = []
        self.acronyms: set[str] = set()  # acronyms the text defines for a known name
        self._name_words: dict[str, set[str]] | None = None

    # --- helpers --------------------------------------------------------------

    def add(self, start: int, end: int, eid: str, rule: str, conf: float) -> None:
        self.cands.append(Mention(start, end, eid, rule, conf))

    def new(
        self,
        eid: str,
        type_: str,
        label: str,
        start: int,
        end: int,
        rule: str,
        conf: float,
        aliases: list[str] | None = None,
    ) -> str:
        """Propose a new entity (unless the gazetteer knows the id) and mention it. A long
        name (an agreement's title) gets an id of its first words, cut at a word."""
        if len(eid) > MAX_ID:
            eid = eid[: MAX_ID + 1].rsplit("-", 1)[0]
        if self.ctx.gaz.get(eid) is None:
            self.ctx.props.add_entity(NewEntity(eid, type_, label, start, end, rule, conf, list(aliases or [])))
        self.add(start, end, eid, rule, conf)
        return eid

    def state_entity(self, e: Entity, start: int, end: int) -> str:
        """A state the gazetteer has from world.py becomes a proposed new entity."""
        if not e.curated and e.id not in self.ctx.props.entities:
            rule = self.ctx.gaz.world_rule(e)
            self.ctx.props.add_entity(NewEntity(e.id, e.type, e.label, start, end, rule, 0.8))
        return e.id

    # --- 1. names the gazetteer knows ------------------------------------------

    def known_names(self) -> None:
        ctx, nlp_vocab = self.ctx, self.ctx.doc.vocab
        exact = PhraseMatcher(nlp_vocab, attr="ORTH")
        lower = PhraseMatcher(nlp_vocab, attr="LOWER")
        rules: dict[str, tuple[str, str, float]] = {}
        seen: set[tuple[str, str]] = set()
        make = self.ctx.doc.vocab.strings

        def pattern(matcher: PhraseMatcher, form: str, eid: str, rule: str, conf: float) -> None:
            if (form, matcher is lower and "l" or "e") in seen or not form.strip():
                return
            seen.add((form, matcher is lower and "l" or "e"))
            key = f"{rule}|{eid}|{form}"
            make.add(key)
            rules[key] = (eid, rule, conf)
            matcher.add(key, [pipeline().make_doc(form)])

        for e in ctx.gaz.entities.values():
            if e.no_mentions:
                continue
            for i, name in enumerate(e.names()):
                pattern(exact, name, e.id, "gazetteer:label" if i == 0 else "gazetteer:alias", 0.95 if i == 0 else 0.9)
                if e.type == "WeaponSystem" or re.search(r"[A-Z0-9]$", name):
                    for infl in (name + "s", name + "es"):
                        pattern(exact, infl, e.id, "gazetteer:inflection", 0.8)
                if " " in name:
                    pattern(lower, name, e.id, "gazetteer:case", 0.7)
            for word in self._model_names(e):
                # "Bayraktar TB2" → "the Bayraktars", "BM-30 Smerch" → "a Smerch"
                for form in (word, word + "s", word + "es"):
                    pattern(exact, form, e.id, "gazetteer:model-name", 0.6)
            for d in e.demonyms:
                pattern(exact, d, e.id, "gazetteer:demonym", 0.7)
                if not d.endswith("s"):
                    pattern(exact, d + "s", e.id, "gazetteer:demonym", 0.6)
        for matcher in (exact, lower):
            for key, s, t in matcher(ctx.doc):
                eid, rule, conf = rules[make[key]]
                span = ctx.doc[s:t]
                if matcher is lower and not span.text[:1].isupper() and not self._event_nickname(span.text, eid):
                    continue
                e = ctx.gaz.entities[eid]
                if not e.curated and e.type == "Settlement" and not_the_city(ctx.text, span.start_char, span.end_char):
                    continue
                if not e.curated:
                    self.state_entity(e, span.start_char, span.end_char)
                self.add(span.start_char, span.end_char, eid, rule, conf)

    def _event_nickname(self, form: str, eid: str) -> bool:
        """An event's name that opens with a hyphenated compound ('four-day war', '44-day war'):
        written in lower case as often as not, and no description of anything else."""
        return bool(re.match(r"\w+-\w+\s", form)) and is_a(self.ctx.gaz.entities[eid].types, EVENT_TYPES)

    def called_otherwise(self) -> None:
        """'Shushi, which Azerbaijanis call Shusha': the text gives a second name of one
        place; when the gazetteer knows one of the two, the other names the same entity."""
        text = self.ctx.text
        known = {(c.start, c.end): c.entity for c in self.cands}
        found: dict[str, str] = {}  # the other name → the entity, for the text's other uses of it
        for m in CALLED.finditer(text):
            a, b = known.get(m.span("a")), known.get(m.span("b"))
            if a and not b:
                found[m["b"]] = a
            elif b and not a:
                found[m["a"]] = b
        for name, eid in found.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not any(c.start < m.end() and m.start() < c.end for c in self.cands):
                    self.add(m.start(), m.end(), eid, "rule:called-otherwise", 0.7)

    def _model_names(self, e: Entity) -> list[str]:
        """The name word of a weapon system named by a designation and a name ('Bayraktar
        TB2', 'BM-30 Smerch', 'T-72 Aslan'): used alone, it names the system, unless it is
        a common word or names something else in the gazetteer."""
        if e.type != "WeaponSystem":
            return []
        if self._name_words is None:
            self._name_words = {}
            for x in self.ctx.gaz.entities.values():
                for n in (*x.names(), *x.demonyms):
                    for w in n.split():
                        self._name_words.setdefault(w, set()).add(x.id)
        out = []
        for name in e.names():
            words = name.split()
            if len(words) != 2 or sum(bool(re.search(r"\d", w)) for w in words) != 1:
                continue
            word = next(w for w in words if not re.search(r"\d", w))
            if (
                re.fullmatch(r"[A-Z][a-z]{3,}", word)
                and word not in world.NOT_NAMES
                and self._name_words.get(word, set()) <= {e.id}
                and word not in out
            ):
                out.append(word)
        return out

    def surnames(self) -> None:
        """'Mr Pashinyan', 'President Aliyev', 'Pashinyan' → the one person with that surname;
        a surname several known persons bear ("Aliyev": Ilham, Heydar), the one of them the text
        last named in full before it ("... President Ilham Aliyev ... Last month, Aliyev said")."""
        bearers = self.ctx.gaz.surnames()
        if not bearers:
            return
        titles = "|".join(map(re.escape, (*world.HONORIFICS, *world.TITLES)))
        names = "|".join(map(re.escape, sorted(bearers, key=len, reverse=True)))
        text = self.ctx.text
        full = [c for c in self.cands if c.rule == "gazetteer:label" and " " in text[c.start : c.end]]
        for m in re.finditer(rf"\b(?:(?:{titles})\s+)?({names})\b", text):
            ids = bearers[m.group(1)]
            if len(ids) > 1:
                if any(c.start <= m.start(1) and m.end(1) <= c.end for c in full):
                    continue  # the surname of a full name
                before = [c for c in full if c.end <= m.start() and c.entity in ids]
                if before:
                    self.add(m.start(), m.end(), before[-1].entity, "gazetteer:surname-named-before", 0.7)
                continue
            pid = next(iter(ids))
            given = re.search(r"(?<![\w’'-])([A-Z][a-z]+)\s+$", text[max(0, m.start() - 30) : m.start()])
            if m.start() == m.start(1) and given and self._other_given_name(given.group(1), pid):
                # "Heydar Aliyev, Ilham Aliyev’s father": another given name is another person
                s = m.start() - len(given.group(0))
                name = f"{given.group(1)} {m.group(1)}"
                self.new(slug(name), "Person", name, s, m.end(), "rule:surname-other-given-name", 0.55)
                continue
            self.add(m.start(), m.end(), pid, "gazetteer:surname", 0.75)

    def _other_given_name(self, word: str, pid: str) -> bool:
        """Whether ``word`` before a known surname is a given name other than the person's."""
        e = self.ctx.gaz.get(pid)
        if e is None or word in world.NOT_NAMES or word in world.HONORIFICS or word in world.TITLES:
            return False
        if word in world.MONTHS or word in world.WEEKDAYS or word in world.STATES:
            return False
        if any(word in n.split() for n in e.names()) or self.ctx.gaz.by_name(word) is not None:
            return False
        return self.ctx.gaz.state_of_demonym(word) is None

    # --- 2. phrases built on a demonym ----------------------------------------------

    def demonym_phrases(self) -> None:
        ctx, gaz = self.ctx, self.ctx.gaz
        forms: dict[str, Entity] = {}
        for s in gaz.states():
            for n in (*s.names(), *s.demonyms):
                forms.setdefault(n, s)
        # a capital in the possessive names its state's bodies: "Baku's forces", "Moscow's troops"
        capitals = {
            n: st
            for e in gaz.entities.values()
            if (st := gaz.capital_state(e.id)) is not None
            for n in e.names()
            if n not in forms
        }
        if not forms:
            return
        alt = "|".join(map(re.escape, sorted({*forms, *capitals}, key=len, reverse=True)))
        demonyms = {d for s in gaz.states() for d in s.demonyms} - {n for s in gaz.states() for n in s.names()}
        text = ctx.text
        rx = re.compile(
            rf"\b(?:the\s+)?[‘'“]?(?P<n>{alt})[’'”]?(?P<poss>[’']s)?\s+(?P<h>armed forces|forces|army|troops|"
            r"military personnel|servicemen|"
            r"(?:defen[cs]e|foreign|health|interior) ministry|ministry of (?:defen[cs]e|foreign affairs|health)|"
            r"government|officials|authorities|military sources|side|"
            r"separatists|rebels|militants|insurgents|nationalists)\b",
            re.I,
        )
        # the same bodies named after their state: "the armed forces of Azerbaijan", "the Armed
        # Forces of Armenia" (a state's name only: "the army of Baku" is no form of it)
        # ("the Ministry of Defense of the Republic of Azerbaijan": its defence ministry)
        rx_of = re.compile(
            rf"\b(?P<h>armed forces|army|ministry of (?:defen[cs]e|foreign affairs))\s+of\s+(?:the\s+)?"
            rf"(?:Republic\s+of\s+)?(?P<n>{alt})\b",
            re.I,
        )
        for m in [*rx.finditer(text), *rx_of.finditer(text)]:
            name, head = m.group("n"), m.group("h").lower()
            if not name[0].isupper() or (m.re is rx_of and name not in forms):
                continue
            if m.groupdict().get("poss") and (name in demonyms or m.group(0).lower().startswith("the ")):
                continue  # a possessive names the state itself ("Armenia's defence ministry"), not its people
            if name in capitals and not m.group("poss"):
                continue  # "Baku officials" are the city's; "Baku's forces" are Azerbaijan's
            state = (
                forms.get(name)
                or capitals.get(name)
                or next((v for k, v in forms.items() if k.lower() == name.lower()), None)
            )
            if state is None:
                continue
            if m.groupdict().get("poss"):
                name = adjective(state)  # "Russia's officials" are the Russian officials
            start, end = min(m.start("n"), m.start("h")), max(m.end("n"), m.end("h"))
            if start > 0 and text[start - 1] in "‘'“":  # "the ‘Artsakh’ authorities"
                start -= 1
            adj = adjective(state)
            if head in ("armed forces", "forces", "army", "troops", "military personnel", "servicemen"):
                force = gaz.find_typed(
                    frozenset({"ArmedForce"}),
                    lambda e, s=state, a=adj: gaz.state_of(e.id) is s or e.label.startswith(a + " "),
                )
                proper = m.group("h")[0].isupper()  # "the British Army" is a name, not a description
                if force is not None:
                    self.add(start, end, force.id, "rule:demonym-armed-force", 0.75)
                elif proper:
                    label = text[start:end]
                    self.new(slug(label), "ArmedForce", label, start, end, "rule:demonym-armed-force", 0.65)
                else:
                    self.new(
                        f"{slug(adj)}-armed-forces",
                        "ArmedForce",
                        f"{adj} Armed Forces",
                        start,
                        end,
                        "rule:demonym-armed-force",
                        0.6,
                    )
            elif "ministry" in head:
                what, field = ministry_kind(head)
                label = f"{adj} Ministry of {field}"
                known = gaz.by_name(label) or gaz.by_name(m.group(0).strip("‘'“ ").removeprefix("the "))
                if known is not None:
                    self.add(start, end, known.id, "rule:demonym-ministry", 0.75)
                else:
                    self.new(
                        f"{slug(adj)}-{what}-ministry",
                        "GovernmentBody",
                        label,
                        start,
                        end,
                        "rule:demonym-ministry",
                        0.6,
                    )
            elif head == "government":
                self.government(state, start, end, "rule:demonym-government", 0.7)
            elif head in ("officials", "authorities"):
                known = gaz.by_name(f"{name} {head}")
                if known is not None:
                    self.add(start, end, known.id, "rule:officials", 0.75)
                else:
                    self.new(
                        slug(f"{name} {head}"), "GovernmentBody", f"{name} {head}", start, end, "rule:officials", 0.55
                    )
            elif head == "military sources":
                known = gaz.by_name(f"{name} military sources")
                if known is not None:
                    self.add(start, end, known.id, "rule:sources", 0.75)
                else:
                    self.new(
                        slug(f"{name} military sources"),
                        "Group",
                        f"{name} military sources",
                        start,
                        end,
                        "rule:sources",
                        0.55,
                    )
            elif head in GROUP_HEADS:  # "Armenian separatists": a group named by its people
                label = f"{name} {head}"
                known = gaz.by_name(label)
                if known is not None:
                    self.add(start, end, known.id, "rule:demonym-group", 0.7)
                else:
                    self.new(slug(label), GROUP_HEADS[head], label, start, end, "rule:demonym-group", 0.5)
            elif head == "side":  # "the Armenian side": a party to the fighting, speaking as one
                label = f"{name} side"
                known = gaz.by_name(label)
                if known is not None:
                    self.add(start, end, known.id, "rule:side", 0.7)
                else:
                    self.new(slug(label), "Group", label, start, end, "rule:side", 0.5)
        self.ethnic_groups(demonyms)
        # "<Place> officials" for places that are not states ("Karabakh officials")
        places = [e for e in gaz.entities.values() if is_a(e.types, PLACE_TYPES)]
        names = {n: e for e in places for n in e.names() if not e.no_mentions}
        if names:
            alt = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
            heads = r"officials|authorities|leadership|(?:defen[cs]e|foreign|interior|health|emergencies)\s+ministry"
            for m in re.finditer(rf"\b[‘']?({alt})[’']?(?:[’']s)?\s+({heads})\b", text):
                label = f"{m.group(1)} {m.group(2)}"
                known = gaz.by_name(label)
                if known is not None:
                    self.add(m.start(), m.end(), known.id, "rule:officials", 0.75)
                else:
                    self.new(slug(label), "GovernmentBody", label, m.start(), m.end(), "rule:officials", 0.55)

    def ethnic_groups(self, demonyms: set[str]) -> None:
        """'ethnic Armenians', 'the Karabakh Armenians': a people named by its ethnicity, or by
        the place it lives in, is a group apart from the state of that demonym (the displaced,
        the besieged); the demonym inside still names its state."""
        ctx, gaz = self.ctx, self.ctx.gaz
        plural = sorted({d for d in demonyms if d.endswith("s")} | {d + "s" for d in demonyms if d.endswith("n")})
        if not plural:
            return
        places = {
            n for e in gaz.entities.values() if is_a(e.types, PLACE_TYPES) and not e.no_mentions for n in e.names()
        }
        places -= {n for st in gaz.states() for n in st.names()}
        qual = "|".join(["[Ee]thnic", *map(re.escape, sorted(places, key=len, reverse=True))])
        dem = "|".join(map(re.escape, sorted(plural, key=len, reverse=True)))
        for m in re.finditer(rf"(?<![\w-])(?P<q>{qual})\s+(?P<d>{dem})(?![\w-])", ctx.text):
            label = f"{m.group('q')[:1].upper()}{m.group('q')[1:]} {m.group('d')}"
            known = gaz.by_name(label)
            if known is not None:
                self.add(m.start(), m.end(), known.id, "rule:ethnic-group", 0.7)
            else:
                self.new(slug(label), "Group", label, m.start(), m.end(), "rule:ethnic-group", 0.5)

    def its_bodies(self) -> None:
        """'its defence ministry', 'their armed forces': the body of the state the sentence
        named last before it ("Yerevan's losses were heavy; its defence ministry said" → the
        Armenian defence ministry), as a demonym phrase names it."""
        ctx, gaz, text = self.ctx, self.ctx.gaz, self.ctx.text
        for m in ITS_BODY.finditer(text):
            s0, _ = ctx.sentence(m.start())
            states = [
                st
                for c in sorted(self.cands, key=lambda c: (c.start, c.end))
                if s0 <= c.start
                and c.end <= m.start()
                and c.rule != "gazetteer:demonym"  # an adjective ("Armenian shelling") is no referent
                and (st := gaz.state_of(c.entity) or gaz.capital_state(c.entity))
            ]
            if not states:
                continue
            state, head = states[-1], m.group("h").lower()
            adj = adjective(state)
            start, end = m.start("h"), m.end("h")
            if "ministry" in head:
                self.ministry(state, ministry_kind(head)[0], start, end, "rule:its-body")
            elif head == "government":
                self.government(state, start, end, "rule:its-body", 0.55)
            else:
                force = gaz.find_typed(
                    frozenset({"ArmedForce"}),
                    lambda e, s=state, a=adj: gaz.state_of(e.id) is s or e.label.startswith(a + " "),
                )
                if force is not None:
                    self.add(start, end, force.id, "rule:its-body", 0.55)
        # "The Defence Ministry said": the ministry of that kind the text named last ("its Defence
        # Ministry called ..."). Not the ministry of the state named last: a report from Baku names
        # Armenia last as often as not ("... Armenia denied. The Defense Ministry said ...")
        for m in THE_MINISTRY_SAID.finditer(text):
            if any(c.start <= m.start("h") < c.end and c.rule.startswith("gazetteer:") for c in self.cands):
                continue  # part of a name the gazetteer knows
            s0, _ = ctx.sentence(m.start())
            if m["the"].lower() == "its" and any(
                s0 <= c.start < m.start() and gaz.state_of(c.entity)
                for c in self.cands
                if c.rule != "gazetteer:demonym"
            ):
                continue  # "Armenia rejected the claim, and its Defence Ministry said": ITS_BODY's
            what = ministry_kind(m.group("h"))[0]
            if m["the"].lower() == "its":  # "Azerbaijan fired. Its Defense Ministry said": the subject's
                if (subject := self._subject_state(m.start())) is not None:
                    self.ministry(subject, what, m.start("h"), m.end("h"), "rule:the-ministry", 0.75)
                continue
            named = [
                c
                for c in sorted((c for c in self.cands if c.end <= m.start()), key=lambda c: (c.start, c.end))
                if self.ctx.type_of(c.entity) == "GovernmentBody" and what[:5] in self.ctx.label_of(c.entity).lower()
            ]
            if named:
                self.add(m.start("h"), m.end("h"), named[-1].entity, "rule:the-ministry", 0.75)
        # "the army's T-72 tanks", "cadets from the army": the armed force the text named last
        # (within the last few sentences), in lower case a description, not a name
        for m in THE_ARMY.finditer(text):
            if (force := self.last_named(m.start(), frozenset({"ArmedForce"}))) is not None:
                self.add(m.start("h"), m.end("h"), force, "rule:the-army", 0.5)

    def _subject_state(self, pos: int) -> Entity | None:
        """The state (or capital's state) named first in the sentence of ``pos`` before it, else
        in the sentence before: the subject a possessive 'its' most often refers to."""
        ctx, gaz = self.ctx, self.ctx.gaz
        if not ctx.sents:
            return None
        i = ctx.sentence_index(pos)
        spans = [(ctx.sents[i][0], pos)] + ([ctx.sents[i - 1]] if i > 0 else [])
        for lo, hi in spans:
            for c in sorted((c for c in self.cands if lo <= c.start and c.end <= hi), key=lambda c: c.start):
                if (st := gaz.state_of(c.entity) or gaz.capital_state(c.entity)) is not None:
                    return st
        return None

    def known_or_new(self, label: str, type_: str, start: int, end: int, rule: str) -> None:
        """Link the entity the gazetteer knows by ``label``, else propose it."""
        known = self.ctx.gaz.by_name(label)
        if known is not None:
            self.add(start, end, known.id, rule, 0.7)
        else:
            self.new(slug(label), type_, label, start, end, rule, 0.6)

    def ministry(self, state: Entity, what: str, start: int, end: int, rule: str, conf: float = 0.55) -> None:
        """The state's defence or foreign ministry: the one the gazetteer knows, else a new one
        (``conf`` for a phrase that a new name in capitals would otherwise claim)."""
        gaz, adj = self.ctx.gaz, adjective(state)
        field = next(f for _, w, f in MINISTRIES if w == what)
        label = f"{adj} Ministry of {field}"
        known = gaz.by_name(label) or gaz.find_typed(
            frozenset({"GovernmentBody"}),
            lambda e, s=state, w=what: gaz.state_of(e.id) is s and w[:5] in e.label.lower(),
        )
        if known is not None:
            self.add(start, end, known.id, rule, conf)
        else:
            self.new(f"{slug(adj)}-{what}-ministry", "GovernmentBody", label, start, end, rule, conf - 0.05)

    def last_named(self, pos: int, types: frozenset[str], by_name: bool = False) -> str | None:
        """The curated entity of ``types`` the text named last before ``pos``, within that
        sentence and the three before it (``by_name``: through its name, not a demonym)."""
        ctx, gaz = self.ctx, self.ctx.gaz
        lo = ctx.sents[max(0, ctx.sentence_index(pos) - 3)][0] if ctx.sents else 0
        named = [
            c
            for c in self.cands
            if lo <= c.start
            and c.end <= pos
            and (not by_name or (c.rule.startswith("gazetteer:") and c.rule != "gazetteer:demonym"))
            and (e := gaz.get(c.entity)) is not None
            and e.curated
            and is_a(e.types, types)
        ]
        return max(named, key=lambda c: (c.start, c.end, c.entity)).entity if named else None

    def datelines(self) -> None:
        """A news dateline, 'YEREVAN, Sept 14 (Reuters) –' or 'BAKU –': the place in capitals
        is the known place of that name; the agency in brackets after it, a media outlet."""
        ctx, gaz = self.ctx, self.ctx.gaz
        for m in DATELINE.finditer(ctx.text):
            for part in re.finditer(r"[^/]+", m.group("p").strip()):  # "BAKU/YEREVAN": each place
                known = gaz.by_name(part.group().strip().title())
                if known is not None and is_a(known.types, PLACE_TYPES | STATE_TYPES):
                    start = m.start("p") + part.start()
                    self.add(start, start + len(part.group().strip()), known.id, "rule:dateline", 0.7)
            group = "o" if m.group("o") else "slash" if m.group("slash") else None
            if group:  # "(Reuters)", "/TASS/"
                o, s, e = m.group(group), m.start(group), m.end(group)
                known = gaz.by_name(o)
                if known is not None:
                    self.add(s, e, known.id, "rule:dateline-agency", 0.7)
                else:
                    self.new(slug(o), "MediaOutlet", o, s, e, "rule:dateline-agency", 0.55)

    def described_places(self) -> None:
        """Places the text names by a description after naming them: 'the Armenian capital' →
        the settlement the gazetteer gives as Armenia's capital; 'the breakaway region', 'the
        disputed territory', 'the self-proclaimed republic' → the region (or de facto state,
        for a republic) the text named last, within the last few sentences."""
        gaz, text = self.ctx.gaz, self.ctx.text
        capitals = {st.id: e for e in gaz.entities.values() if (st := gaz.capital_state(e.id)) is not None}
        for m in re.finditer(r"\b[Tt]he\s+(?P<d>[A-Z][a-z]+)\s+capital\b(?!\s*,?\s+[A-Z])", text):
            st = gaz.state_of_demonym(m.group("d"))
            if st is not None and st.id in capitals:
                self.add(m.start(), m.end(), capitals[st.id].id, "rule:described-capital", 0.6)
        for m in DESCRIBED_PLACE.finditer(text):  # "the breakaway region"
            wanted = DEFACTO if m.group("n").lower() == "republic" else REGIONS
            if (place := self.last_named(m.start(), wanted, by_name=True)) is not None:
                self.add(m.start(), m.end(), place, "rule:described-place", 0.5)

    def persons_governments(self) -> None:
        """'Pashinyan's government': the government of the state the text makes that person head
        of ("Armenian Prime Minister Nikol Pashinyan")."""
        from kg.ingest.persons import find_titled

        ctx = self.ctx
        found = list(PERSONS_BODY.finditer(ctx.text))
        if not found:
            return  # (reading the titles costs a pass over the text: only when needed)
        heads = {"President", "Prime Minister", "Chancellor"}
        states: dict[str, set[str]] = {}
        for t in find_titled(ctx):
            if t.state is not None and t.title in heads:
                states.setdefault(t.name.split()[-1], set()).add(t.state.id)
        if not states:
            return
        for m in found:
            ids = states.get(m.group("n"), set())
            if len(ids) == 1 and (st := ctx.gaz.get(next(iter(ids)))) is not None:
                # the head word only: the name before it still names the person
                self.government(st, m.start("h"), m.end("h"), "rule:persons-government", 0.55)

    def title_offices(self) -> None:
        """'the Prosecutor General's Office of Azerbaijan', 'Its Prosecutor General's Office': a
        body named after an office in the possessive is one name (not 'Office of Azerbaijan'),
        the state's: the one after 'of', before it in the possessive, or else the sentence's subject."""
        gaz, text = self.ctx.gaz, self.ctx.text
        for m in TITLE_OFFICE.finditer(text):
            start, end = m.start("name"), m.end()
            state = gaz.by_name(m["of"]) if m["of"] else None
            if state is None and (owner := m["owner"]):
                state = gaz.by_name(owner) or gaz.state_of_demonym(owner)
            if state is None and m["its"]:
                # the state that opens the sentence, else the sentence before: its subject ("Azerbaijan
                # accused Armenia of shelling. Its Prosecutor General's Office ..."), not the state named last
                state = self._subject_state(start)
            if state is None or not is_a(state.types, STATE_TYPES):
                continue
            self.known_or_new(f"{m['name']} of {state.label}", "GovernmentBody", start, end, "rule:title-office")

    def seats(self) -> None:
        """'the Kremlin', 'the White House': a seat of government names that government."""
        ctx = self.ctx
        by_label = {s.label: s for s in ctx.gaz.states()}
        alt = "|".join(map(re.escape, sorted(world.SEATS, key=len, reverse=True)))
        for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])(?!\s+[A-Z])", ctx.text):
            state = by_label.get(world.SEATS[m.group(0)])
            if state is not None and ctx.gaz.by_name(m.group(0)) is None:
                self.government(state, m.start(), m.end(), "rule:seat-of-government", 0.6)

    def government(self, state: Entity, start: int, end: int, rule: str, conf: float) -> str:
        """The government of a state: the curated one, or a proposed 'government-of-<state>'."""
        gaz = self.ctx.gaz
        label = f"Government of {state.label}"
        known = gaz.by_name(label) or gaz.get(f"government-of-{state.id}")
        if known is not None:
            self.add(start, end, known.id, rule, conf)
            return known.id
        return self.new(f"government-of-{state.id}", "GovernmentBody", label, start, end, rule, conf - 0.1)

    def short_forms(self) -> None:
        """'the Army', 'the Group', 'the ministry' after the text named it in full ('the
        British Army', 'the OSCE Minsk Group'): the last entity named before whose name ends
        with that head word."""
        from kg.ingest.names import HEADS

        ctx, text = self.ctx, self.ctx.text
        heads = {h for h in HEADS if h[0].isupper()}

        def label(eid: str) -> str:
            e = ctx.gaz.get(eid) or ctx.props.entities.get(eid)
            return e.label if e is not None else ""

        for m in SHORT_FORM.finditer(text):
            head = m.group("h").capitalize()
            if head not in heads:
                continue
            named = [
                c
                for c in self.cands
                if c.end <= m.start() and label(c.entity).endswith(" " + head) and c.rule not in PHRASE_RULES
            ]
            if not named and m.group("h") == "ministry":
                # "according to the ministry" after "Armenia's defence ministry said": the
                # ministry the text named last, however it was named
                named = [c for c in self.cands if c.end <= m.start() and " Ministry" in f" {label(c.entity)}"]
            if named:
                last = max(named, key=lambda c: (c.start, c.end, c.entity))
                self.add(m.start("h"), m.end("h"), last.entity, "rule:short-form", 0.5)

    def known_acronyms(self) -> None:
        """An acronym in brackets right after a name the gazetteer knows is that entity's short
        name wherever the text uses it: 'the Collective Security Treaty Organization (CSTO)' ...
        'the CSTO said' (unless the gazetteer gives that acronym to another entity)."""
        ctx, text = self.ctx, self.ctx.text
        known_names = {n for e in ctx.gaz.entities.values() for n in (*e.names(), *e.demonyms)}
        defined: dict[str, str] = {}
        for m in ACRONYM_DEF.finditer(text):
            word = m.group("a")
            if word in known_names or word in defined or word in world.COMMON_ACRONYMS:
                continue
            before = [
                c
                for c in self.cands
                if c.end == m.start()
                and c.entity in ctx.gaz.entities
                and ctx.gaz.entities[c.entity].curated
                and c.rule in ("gazetteer:label", "gazetteer:alias", "gazetteer:case")
                and " " in text[c.start : c.end]
            ]
            if not before:
                continue
            name = max(before, key=lambda c: (c.end - c.start, c.entity))
            initials = "".join(
                w[0] for w in re.findall(r"[A-Za-z][\w-]*", text[name.start : name.end]) if w[0].isupper()
            )
            if not initials.startswith(word[0]):
                continue  # the brackets say something else: "Armenia (which ...)", "(AFP)"
            defined[word] = name.entity
        # an acronym used alone, the initials of exactly one known name of three words or more
        # ("CSTO" for the Collective Security Treaty Organization, "OSCE")
        initials: dict[str, set[str]] = {}
        for e in ctx.gaz.entities.values():
            if not e.curated or e.no_mentions:
                continue
            for n in e.names():
                words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", n) if w[0].isupper()]
                if len(words) >= 3 and len(words) == len([w for w in n.split() if w.lower() not in INITIAL_SKIP]):
                    initials.setdefault("".join(w[0] for w in words), set()).add(e.id)
        for m in re.finditer(r"(?<![\w-])([A-Z]{3,6})(?![\w-])", text):
            word = m.group(1)
            ids = initials.get(word, set())
            if word not in defined and word not in known_names and len(ids) == 1:
                defined[word] = next(iter(ids))
        self.acronyms = set(defined)
        for word, eid in sorted(defined.items()):
            for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                self.add(m.start(), m.end(), eid, "rule:acronym-known", 0.65)

    # --- 4. choose ---------------------------------------------------------------

    def resolve(self) -> list[Mention]:
        """Longest span wins; on ties the more confident rule; then the earlier rule name."""
        best: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for m in sorted(set(self.cands), key=lambda m: (-(m.end - m.start), -m.confidence, m.start, m.rule, m.entity)):
            if any(m.start < e and s < m.end for s, e in taken):
                continue
            taken.append((m.start, m.end))
            best.append(m)
        # a phrase a rule built on a demonym describes a body, it is not a name: the demonym
        # in it still names its state ("Azerbaijani Defence Ministry" → Azerbaijan too)
        # (a capitalised head makes it a name: "British Army", "Azerbaijani Defence Ministry")
        # (a later occurrence of a proposed description is one too: "Armenian military sources")
        built = {e.id for e in self.ctx.props.entities.values() if e.rule in PHRASE_RULES}
        phrases = [
            m
            for m in best
            if (m.rule in PHRASE_RULES or m.entity in built) and self.ctx.text[m.start : m.end].split()[-1].islower()
        ]
        gspans = {(c.start, c.end) for c in self.cands if c.rule == "rule:ethnic-group"}
        groups = [m for m in best if (m.start, m.end) in gspans]
        for m in sorted(set(self.cands), key=lambda m: (m.start, m.end, m.entity)):
            if m.rule == "gazetteer:demonym" and any(g.start < m.start and m.end == g.end for g in groups):
                best.append(m)  # "ethnic Armenians": the demonym still names its state
                continue
            if m.rule not in ("gazetteer:demonym", "gazetteer:label", "gazetteer:alias"):
                continue
            inside = [
                p
                for p in phrases
                if p.start <= m.start and m.end <= p.end and (p.start, p.end) != (m.start, m.end)
                if p.entity != m.entity
            ]
            if not inside:
                continue
            officials = inside[0].rule == "rule:officials"
            if m.rule != "gazetteer:alias" and not (officials and not self._is_state(m.entity)):
                best.append(m)
                continue
            # "Karabakh officials", "the ‘Artsakh’ authorities": a place's officials are its state's
            state = self.ctx.gaz.state_of(m.entity)
            if state is not None and state.id != inside[0].entity:
                best.append(Mention(m.start, m.end, state.id, "rule:officials-state", 0.5))
        best += self._states_in_names(best)
        used = {m.entity for m in best}
        for eid in [e for e in self.ctx.props.entities if e not in used]:
            del self.ctx.props.entities[eid]
        return sorted(best)

    def _states_in_names(self, best: list[Mention]) -> list[Mention]:
        """A state's name inside the proper name of a body the gazetteer does not know still
        names the state ("the Israel Defence Force", "the State Oil Company of Azerbaijan",
        "the Turkish Military Academy"): the reviewer will say whose body it is. A curated
        name ("Azerbaijan Army") is one mention, as the build highlights it."""
        ctx, out = self.ctx, []
        bodies = [
            m
            for m in best
            if ctx.is_type(m.entity, BODY_TYPES)
            and m.entity not in ctx.gaz.entities  # a new name: nothing else says whose body it is
            and " " in ctx.text[m.start : m.end]
            and m.rule not in PHRASE_RULES
        ]
        if not bodies:
            return out
        for c in sorted(set(self.cands), key=lambda c: (c.start, c.end, c.entity)):
            if c.rule not in ("gazetteer:label", "gazetteer:alias", "gazetteer:demonym") or not self._is_state(
                c.entity
            ):
                continue
            host = next(
                (b for b in bodies if b.start <= c.start and c.end <= b.end and (b.start, b.end) != (c.start, c.end)),
                None,
            )
            if host is None or host.entity == c.entity or c in best:
                continue
            if c.rule == "gazetteer:demonym" and not ctx.is_type(host.entity, PUBLIC_BODY_TYPES):
                continue  # "British Petroleum", "American Enterprise Institute": where from, not whose
            out.append(c)
        return out

    def _is_state(self, eid: str) -> bool:
        e = self.ctx.gaz.get(eid)
        return e is not None and is_a(e.types, STATE_TYPES)

    def run(self) -> list[Mention]:
        self.known_names()
        self.called_otherwise()
        self.surnames()
        self.demonym_phrases()
        self.seats()
        self.title_offices()
        self.its_bodies()
        self.datelines()
        self.described_places()
        self.persons_governments()
        from kg.ingest.persons import byline_persons, new_person_surnames, person_mentions

        byline_persons(self)
        person_mentions(self)
        self.new_names()
        new_person_surnames(self)
        self.known_acronyms()
        self.acronyms_and_credits()
        self.repeat_new_names()
        self.aliases_in_text()
        self.repeat_new_names()
        self.short_forms()
        self.foreign_bodies()
        best = self.resolve()
        return sorted(best + self.cited_titles())

    def foreign_bodies(self) -> None:
        """'the Ministry of Defence' in a text that never names the United Kingdom is not the
        UK's: a state's body named without its state is that body only where the text names
        the state too (else the reviewer links it)."""
        text, gaz = self.ctx.text, self.ctx.gaz
        named = {c.entity for c in self.cands if self._is_state(c.entity)}
        named |= {st.id for c in self.cands if (st := gaz.capital_state(c.entity)) is not None}

        def foreign(c: Mention) -> bool:
            if c.rule not in ("gazetteer:label", "gazetteer:alias", "gazetteer:case"):
                return False
            if self.ctx.type_of(c.entity) not in ("GovernmentBody", "ArmedForce"):
                return False
            state = gaz.state_of(c.entity)
            said = text[c.start : c.end]
            home = gaz.get(c.entity) is not None and gaz.get(c.entity).home  # the text's publisher
            return (
                state is not None
                and not home
                and state.id not in named
                and not any(n in said for n in (*state.names(), *state.demonyms))
            )

        self.cands = [c for c in self.cands if not foreign(c)]

    # --- 5. cited works --------------------------------------------------------------

    def cited_titles(self) -> list[Mention]:
        """‘Title’, Outlet 5 May 2020: the quoted title of a cited work names that work
        (a CitedWork labelled with the title, as the curated files label them). The names
        inside it stay visible to the other rules (a headline's figures, its speaker), but
        are not written as mentions of their own: the title is one name."""
        ctx, out = self.ctx, []
        found = {m.start(): m for m in CITED.finditer(ctx.text)}
        for m in CITED_BARE.finditer(ctx.text):  # a bare title only after its authors
            if m.start() not in found and AUTHORS.search(ctx.text, ctx.text.rfind("\n", 0, m.start()) + 1, m.start()):
                found[m.start()] = m
        for _, m in sorted(found.items()):
            title = m.group("t").strip()
            if len(title.split()) < 3:
                continue
            known = ctx.gaz.by_name(title)
            if known is not None:
                eid = known.id
            else:
                eid = "cw-" + slug(title)[:60].strip("-")
                ctx.props.add_entity(
                    NewEntity(eid, "CitedWork", title, m.start("t"), m.end("t"), "rule:cited-title", 0.5)
                )
            out.append(Mention(m.start("t"), m.end("t"), eid, "rule:cited-title", 0.5))
            out += self._credits(m.start(), m.end(), out)
        return out

    def _credits(self, t0: int, t1: int, taken: list[Mention]) -> list[Mention]:
        """Who wrote a cited work and who published it: 'Barbara Tasch, ‘Title’, BBC News 8
        December 2023' → a Person before the title, a MediaOutlet after it (or the curated
        entities of those names)."""
        text, out = self.ctx.text, []
        before = AUTHORS.search(text, text.rfind("\n", 0, t0) + 1, t0)
        spans: list[tuple[int, int, str]] = []
        if before:
            for a in re.finditer(r"[^,]+?(?=\s+and\s+|$)", before.group("a")):
                name = re.sub(r"^(?:and|See)\s+", "", a.group(0).strip())
                if PERSON_NAME.fullmatch(name):
                    s = before.start("a") + a.start() + a.group(0).index(name)
                    spans.append((s, s + len(name), "Person"))
        after = OUTLET.match(text, t1 - 1)  # from the closing quote
        if after and after.group("o") not in world.NOT_NAMES:
            spans.append((after.start("o"), after.end("o"), "MediaOutlet"))
        for s, e, type_ in spans:
            if any(m.start < e and s < m.end for m in [*self.ctx.mentions, *taken, *out]):
                continue
            name = text[s:e]
            known = self.ctx.gaz.by_name(name)
            if known is not None:
                out.append(Mention(s, e, known.id, "rule:citation-credit", 0.6))
                continue
            eid = slug(name)
            if self.ctx.gaz.get(eid) is None:
                self.ctx.props.add_entity(NewEntity(eid, type_, name, s, e, "rule:citation-credit", 0.45))
            out.append(Mention(s, e, eid, "rule:citation-credit", 0.45))
        return out
