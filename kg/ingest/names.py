"""New entities: the capitalised names, designations and acronyms no curated name covers.

A mixin of the Linker (linker.py), which owns the candidate mentions: it types a
name from its head word (a Ministry, a Protocol, a Corridor, a War), from its form
(a model designation like T-72 or BM-30 Smerch, a name before a weapon word like
"Harop loitering drone") or from where it stands (after "in", "into", "towards": a
place); then it merges names the text gives as one ("Stepanakert/Khankendi",
"(known as ...)") and finds every later occurrence of each new name.
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher

from kg.ingest import world
from kg.ingest.context import Context
from kg.ingest.dates import NUMBER_WORDS
from kg.ingest.gazetteer import slug
from kg.ingest.model import Mention
from kg.ingest.nlp import pipeline

#: a weapon's designation: "T-72", "BM-30", "Su-30SM", "T-72B3", "TB2"
WEAPON_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}-\d{1,3}(?:[A-Z]{1,3}\d?)?|[A-Z]{2,4}\d{1,3})(?:e?s)?$")
WEAPON_NOUNS = (
    r"(?:(?:loitering|ballistic|cruise|unmanned|combat|aerial|multi-barrel|multiple|anti-tank|mobile|"
    r"main|battle|attack|fighter|guided|surface-to-air|air defen[cs]e|self-propelled|weapon-locating|"
    r"counter-battery|long-range|short-range|medium-range|air-defen[cs]e)\s+)*"
    r"(?:drones?|missiles?|UCAVs?|UAVs?|MRLS|tanks?|rocket launchers?|howitzers?|helicopters?|"
    r"fighters?|jets?|aircraft|systems?|radars?|launchers?)\b"
)
WEAPON_AFTER = re.compile(r"^\s+" + WEAPON_NOUNS)
#: an acronym for a kind of weapon that may end a capitalised sequence ("Sakaya MRLS")
WEAPON_TAIL = re.compile(r"MRLS|MLRS|UCAVs?|UAVs?|SAMs?|APCs?|IFVs?|MBTs?")

#: a designation alone in brackets, after the name it abbreviates
BRACKETED = re.compile(r"\([A-Za-z0-9-]+\)")
#: a line written in capitals, of three words or more ("JOINT STATEMENT OF THE OFFICE OF ...")
CAPS_LINE = re.compile(r"(?m)^[^a-z\n]*[A-Z]{2,}(?:[^a-z\n]*\s[A-Z]{2,}){2,}[^a-z\n]*$")
#: head word of a capitalised name → (type, proposal rule)
HEADS: dict[str, str] = {
    **dict.fromkeys(("Army", "Forces", "Force", "Navy"), "ArmedForce"),
    **dict.fromkeys(("Brigade", "Regiment", "Division", "Battalion", "SAS"), "MilitaryUnit"),
    **dict.fromkeys(
        ("Ministry", "Government", "Parliament", "Office", "Cabinet", "Assembly"),
        "GovernmentBody",
    ),
    **dict.fromkeys(("Company", "Industries", "Industry", "Corporation", "Petroleum"), "Company"),
    **dict.fromkeys(
        ("Academy", "Centre", "Center", "University", "College", "School"),
        "EducationalInstitution",
    ),
    # think tanks and non-governmental organisations ("American Enterprise Institute", "Human
    # Rights Watch", "Amnesty International")
    **dict.fromkeys(("Institute", "Watch", "International", "Foundation"), "Organisation"),
    "Party": "PoliticalParty",
    **dict.fromkeys(("News", "Times", "Magazine", "Post", "Guardian", "Telegraph"), "MediaOutlet"),
    **dict.fromkeys(("Union", "Organization", "Organisation", "Alliance"), "InternationalOrganisation"),
    **dict.fromkeys(
        ("Group", "Committee", "Commission", "Commissioner", "Council", "Service", "Agency"), "Organisation"
    ),
    "Protocol": "Protocol",
    "Treaty": "Treaty",
    **dict.fromkeys(("Agreement", "Accord", "Memorandum", "Partnership"), "Agreement"),
    **dict.fromkeys(("Statement", "Declaration"), "JointStatement"),
    "Paper": "Announcement",  # a government's "Command Paper", "White Paper": a policy it announces
    "Ceasefire": "Ceasefire",
    "Armistice": "Ceasefire",
    "War": "War",
    **dict.fromkeys(("Conference", "Summit"), "Meeting"),
    "Parade": "Ceremony",
    **dict.fromkeys(("Corridor", "Route"), "Corridor"),
    **dict.fromkeys(("Sea", "River", "Mountains", "Valley", "Gulf", "Bay", "Province"), "Region"),
    **dict.fromkeys(("Region", "Oblast", "District", "Strip"), "Region"),
    **dict.fromkeys(("Bridge", "Base", "Airport", "Field", "Pipeline"), "Facility"),
}
CONNECTORS = {"of", "the", "for", "and", "&", "de", "al"}


def head_type(words: list[str]) -> str | None:
    """The type a capitalised name's head word gives: its last word ("Defence Ministry"), or
    a head word before "of"/"for" in a longer name ("Ministry of Defence", "State Oil Company
    of Azerbaijan")."""
    head = HEADS.get(words[-1]) if words else None
    if head is None and len(words) > 2:
        of = (k for k in range(len(words) - 2) if words[k] in HEADS and words[k + 1].lower() in ("of", "for"))
        k = next(of, None)
        head = HEADS.get(words[k]) if k is not None else None
    if head == "Organisation" and words[0] in ("State", "National", "Federal"):
        return "GovernmentBody"  # "State Border Service", "National Security Service": a state's
    return head


#: a common-noun description right before a name, in apposition ("the terrorist group, Hamas")
APPOSED = re.compile(
    r"\b(?:the|a|an)\s+(?P<mods>(?:[\w-]+\s+){0,3})(?P<n>group|organi[sz]ation|movement|militia|faction|party)\s*,\s*$"
)
ARMED = re.compile(r"\b(?:terrorist|militant|armed|rebel|paramilitary|jihadi(?:st)?|insurgent|separatist)\b")


def _apposed_type(m: re.Match[str]) -> str:
    """The type a descriptor gives: an armed or terrorist group is an ArmedGroup, a party a
    PoliticalParty, a movement or group a Group, an organisation an Organisation."""
    noun = m.group("n")
    if noun == "militia" or ARMED.search(m.group("mods")):
        return "ArmedGroup"
    if noun == "party":
        return "PoliticalParty"
    return "Organisation" if noun.startswith("organi") else "Group"


PLACE_PREPS = {"in", "to", "into", "from", "near", "towards", "via", "across", "through", "outside"}
CALENDAR = set(world.MONTHS) | set(world.WEEKDAYS)


def singular(word: str) -> str:
    """'Smerches' → 'Smerch', 'T-72s' → 'T-72', 'LORAs' → 'LORA' (names of models only)."""
    if re.search(r"(ch|sh|x)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


class NewNames:
    """The new-entity half of the Linker (it provides ``ctx``, ``cands``, ``add`` and ``new``)."""

    ctx: Context
    cands: list[Mention]

    def add(self, start: int, end: int, eid: str, rule: str, conf: float) -> None:  # pragma: no cover
        raise NotImplementedError

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
    ) -> str:  # pragma: no cover
        raise NotImplementedError

    # --- 3. capitalised names nobody knows --------------------------------------------

    def sequences(self) -> list[tuple[int, int]]:
        """Token index ranges of capitalised names (with inner 'of', 'the', 'and', hyphens)."""
        doc, out, i = self.ctx.doc, [], 0
        n = len(doc)

        def cap(t) -> bool:  # noqa: ANN001
            return bool(
                t.text[:1].isupper()
                and (t.is_alpha or WEAPON_TOKEN.match(t.text) or re.match(r"^[A-Z][\w.]*$", t.text))
            )

        while i < n:
            if not cap(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < n:
                t = doc[j]
                if cap(t) and doc[j - 1].whitespace_ in (" ", "") and "\n" not in doc[j - 1].text:
                    j += 1
                elif t.text == "-" and not doc[j - 1].whitespace_ and j + 1 < n and cap(doc[j + 1]):
                    j += 2
                elif t.lower_ in CONNECTORS and j + 1 < n and cap(doc[j + 1]) and t.text.islower():
                    j += 1
                elif (  # a title line names both parties: "Joint Statement of X and the Y", "... of
                    # the Office of the Prime Minister of X and the Administration of ..."
                    t.lower_ in ("and", "of")
                    and j + 2 < n
                    and doc[j + 1].text == "the"
                    and cap(doc[j + 2])
                    and self._statement_title(i, j)
                ):
                    j += 2
                elif (  # "Centre for the Armed Forces", "Ministry of the Interior" (after a head word)
                    t.lower_ in ("of", "for")
                    and doc[j - 1].text in HEADS
                    and j + 2 < n
                    and doc[j + 1].text == "the"
                    and cap(doc[j + 2])
                    and doc[j + 2].text not in world.NOT_NAMES
                    and t.whitespace_
                    and doc[j + 1].whitespace_
                ):
                    j += 2
                else:
                    break
            out += self._split_list(i, j)
            i = j
        return out

    def _model_named(self, designation: str):  # noqa: ANN202 - Entity | None
        """The one known weapon system a name of which has this designation as a word ("TB2s"
        → "Bayraktar TB2"), if only one has."""
        fits = {
            e.id: e
            for e in self.ctx.gaz.entities.values()
            if e.type == "WeaponSystem" and any(designation in n.split() for n in e.names())
        }
        return next(iter(fits.values())) if len(fits) == 1 else None

    def _statement_title(self, i: int, j: int) -> bool:
        """Whether tokens i..j open the text's line with a joint statement's head word: a title."""
        doc = self.ctx.doc
        at_line_start = i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
        return at_line_start and any(HEADS.get(doc[k].text) == "JointStatement" for k in range(i, j))

    def _split_list(self, i: int, j: int) -> list[tuple[int, int]]:
        """'Goris and Kapan' after 'the towns of', 'Tartar and Aghdam' before 'districts': a list
        of names the common noun around it types, each a name of its own."""
        doc, text = self.ctx.doc, self.ctx.text
        ands = [k for k in range(i + 1, j - 1) if doc[k].text == "and"]
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        listed = re.search(r"\b(?:cities|towns|villages|settlements)\s+of\s+(?:[A-Z][\w-]+,\s+)*$", text[:start])
        listed = listed or re.match(r"[ \t]+(?:provinces|regions|districts)\b", text[end:])
        # two single names after a preposition of place: "wounded in Jermuk and Goris"
        single = len(ands) == 1 and ands[0] - i == 1 and j - ands[0] == 2
        listed = listed or (single and re.search(r"\b(?:in|near|around|from|between)\s+$", text[:start]))
        if len(ands) != 1 or not listed or any(doc[k].text in HEADS for k in range(i, j)):
            return [(i, j)]
        return [(i, ands[0]), (ands[0] + 1, j)]

    def new_names(self) -> None:
        ctx, doc, text = self.ctx, self.ctx.doc, self.ctx.text
        known_spans = [(m.start, m.end) for m in self.cands]
        # tokens lying wholly inside a known name (one pass, not one per sequence and token)
        known_tokens: set[int] = set()
        for s, e in known_spans:
            sp = doc.char_span(s, e, alignment_mode="contract")
            if sp is not None:
                known_tokens.update(range(sp.start, sp.end))
        # a line in capitals (a title) has no names the case can tell: its known names are linked
        caps = [m.span() for m in CAPS_LINE.finditer(text)]
        for i, j in self.sequences():
            if any(a <= doc[i].idx < b for a, b in caps):
                continue
            # drop a leading article/sentence word and leading demonyms or states ("Turkish Sakaya")
            while i < j and (
                doc[i].text in world.NOT_NAMES or doc[i].text in CALENDAR or doc[i].lower_ in NUMBER_WORDS
            ):
                i += 1  # and a count: "Two T-72 tanks"
            maker = self._maker_then_model(i, j)
            if maker is not None:  # "Israel Aerospace Industry LORA ballistic missiles"
                i = maker
            while i < j and i in known_tokens and j - i > 1 and not head_type([t.text for t in doc[i:j]]):
                i += 1
            while i < j and doc[i].lower_ in CONNECTORS and doc[i].text.islower():
                i += 1  # "T-72s and T-90s" once the known T-72s is dropped
            if j - i > 1 and WEAPON_TAIL.fullmatch(doc[j - 1].text):
                j -= 1  # "Sakaya MRLS": a name, then the kind of weapon it is
            if i >= j or doc[i].text == "-":
                continue  # nothing left, or a suffix of a known name ("Iskander-E")
            span = doc[i:j]
            start, end, name = span.start_char, span.end_char, span.text
            covered = any(s <= start and end <= e for s, e in known_spans)
            head = head_type([t.text for t in span])
            if WEAPON_TOKEN.match(doc[i].text):
                if not BRACKETED.fullmatch(text, max(0, start - 1), min(len(text), end + 1)):
                    self.weapon(i, j)  # (not "the Conference of the Parties (COP29)": its acronym)
                continue
            if covered and not head:
                continue
            if (start, end) in known_spans:
                continue  # linked already, the whole of it ("Russian Defense Ministry": the ministry)
            if ctx.gaz.by_name(name):
                continue
            if head:
                self._named(name, head, start, end)
                continue
            if WEAPON_AFTER.match(text[end : end + 60]) and not any(s <= start < e for s, e in known_spans):
                self.new(slug(name), "WeaponSystem", name, start, end, "rule:weapon-name", 0.55)
                continue
            described = APPOSED.search(text[max(0, start - 60) : start])
            if described and not covered and len(span) <= 3:
                # "the terrorist group, Hamas": the descriptor before the name types it
                self.new(slug(name), _apposed_type(described), name, start, end, "rule:apposed-descriptor", 0.5)
                continue
            kind = _described(text, start, end, name) if not covered and len(span) <= 4 else None
            if kind is not None:
                # "the Azerbaijani city of Ganja", "Shusha, a mountain town", "the defence
                # manufacturers Elbit and Rafael", "the presidency of Serzh Sargsyan"
                for part in re.finditer(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", name) if kind == "Company" else [None]:
                    s0, label = (start + part.start(), part.group(0)) if part else (start, name)
                    if not ctx.gaz.by_name(label):
                        self.new(slug(label), kind, label, s0, s0 + len(label), f"rule:described-{kind}", 0.5)
                continue
            # (or a name joined by "and" to one after such a preposition: "in Jermuk and Goris")
            prep = i > 0 and doc[i - 1].lower_ in PLACE_PREPS
            prep = prep or (i > 2 and doc[i - 1].lower_ == "and" and doc[i - 3].lower_ in PLACE_PREPS)
            if len(span) <= 3 and prep and not covered:
                if name.isupper() or doc[i].text in world.HONORIFICS or doc[i].text in world.TITLES:
                    continue
                if any(d.start <= start < d.end for d in ctx.dates):
                    continue  # "from Jan. 1, 2024": a month, not a place
                if i > 1 and doc[i - 2].lower_ == "according" and doc[i - 1].lower_ == "to":
                    # "according to Amnesty International": a source that speaks, not a place
                    self.new(slug(name), "Organisation", name, start, end, "rule:according-to-source", 0.4)
                    continue
                if len(span) == 1 and re.search(r"(?:ern|ian|ese|ish|ic)$", name):
                    continue  # an adjective ("Western ideas"), not a place
                if (
                    (doc[i].is_sent_start or (i > 0 and doc[i - 1].is_sent_start))
                    and len(span) == 1
                    and _common(ctx, name)
                ):
                    continue
                self.new(slug(name), "Place", name, start, end, "rule:place-after-preposition", 0.4)

    def _maker_then_model(self, i: int, j: int) -> int | None:
        """A maker's name, then a model, then a weapon word: 'Israel Aerospace Industry LORA
        ballistic missiles'. The maker (up to its company head word) is proposed as a company;
        the index where the model starts is returned (None: no such pattern)."""
        doc, text = self.ctx.doc, self.ctx.text
        for k in range(i + 1, j - 1):
            if HEADS.get(doc[k].text) != "Company":
                continue
            end = doc[j - 1].idx + len(doc[j - 1].text)
            if not WEAPON_AFTER.match(text[end : end + 60]):
                return None
            span = doc[i : k + 1]
            if self.ctx.gaz.by_name(span.text) is None:
                self.new(
                    slug(span.text), "Company", span.text, span.start_char, span.end_char, "rule:head-Company", 0.5
                )
            return k + 1
        return None

    def _named(self, name: str, type_: str, start: int, end: int) -> None:
        label = re.sub(r"^(?:the|The)\s+", "", name)
        if " " not in label and label in HEADS:
            return  # "the Army", "the Group": a head word alone names nothing new
        # "the second Karabakh War": the ordinal is part of the name
        ordinal = re.search(r"\b(first|second|third)\s+$", self.ctx.text[max(0, start - 8) : start])
        if type_ == "War" and ordinal:
            label = f"{ordinal.group(1).capitalize()} {label}"
            start -= len(ordinal.group(0))
        if type_ == "JointStatement" and "Joint" not in label:
            return
        if type_ == "Organisation" and label.split()[0] in world.NOT_NAMES:
            return
        eid = slug(label)
        # an acronym in brackets right after it is an alias: "State Oil Company of Azerbaijan (SOCAR)"
        m = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", self.ctx.text[end : end + 12])
        aliases = [m.group(1)] if m else []
        self.new(eid, type_, label, start, end, f"rule:head-{type_}", 0.5, aliases)
        if m:
            self.add(end + m.start(1), end + m.end(1), eid, "rule:acronym", 0.6)

    def weapon(self, i: int, j: int) -> None:
        """A model designation ('T-72', 'BM-30 Smerch', 'TB2 Bayraktar'), singularised."""
        doc = self.ctx.doc
        words = [singular(doc[i].text)]
        k = i + 1
        if k < j and doc[k].is_alpha and doc[k].text[0].isupper() and not self.ctx.gaz.by_name(doc[k].text):
            words.append(singular(doc[k].text))
            k += 1
        label = " ".join(words)
        start, end = doc[i].idx, doc[k - 1].idx + len(doc[k - 1].text)
        known = self.ctx.gaz.by_name(label) or self.ctx.gaz.by_name(words[0]) or self._model_named(words[0])
        if known is not None:
            self.add(start, end, known.id, "gazetteer:inflection", 0.8)
        else:
            self.new(slug(label), "WeaponSystem", label, start, end, "rule:weapon-designation", 0.6)

    # --- 5. a new name, once found, is found everywhere --------------------------------

    def aliases_in_text(self) -> None:
        """'Stepanakert/Khankendi' and 'Stepanakert (known as Khankendi ...)' name one place."""
        ctx = self.ctx
        pairs = []
        for m in re.finditer(r"\b([A-Z][\w-]+)/([A-Z][\w-]+)\b", ctx.text):
            pairs.append(((m.start(1), m.end(1)), (m.start(2), m.end(2))))
        rx = r"\b([A-Z][\w-]+)(?:,[^,()]{0,60},?)?\s+\((?:also\s+)?known\s+as\s+([A-Z][\w-]+)"
        for m in re.finditer(rx, ctx.text):
            pairs.append(((m.start(1), m.end(1)), (m.start(2), m.end(2))))
        for a, b in pairs:
            at = {(c.start, c.end): c.entity for c in self.cands}
            ea, eb = at.get(a), at.get(b)
            if (ea is None and eb is None) or ea == eb:
                continue
            known = [e for e in (ea, eb) if e in ctx.gaz.entities]
            if len(known) == 2:
                continue  # two curated entities: leave them apart
            if known:
                keep = known[0]
            else:  # the new entity first proposed
                keep = min((e for e in (ea, eb) if e), key=lambda e: (ctx.props.entities[e].start, e))
            other, other_span = (eb, b) if keep == ea else (ea, a)
            name = ctx.text[other_span[0] : other_span[1]]
            if other is not None:
                gone = ctx.props.entities.pop(other)
                self.cands = [
                    Mention(c.start, c.end, keep, "rule:alias-in-text", 0.6) if c.entity == other else c
                    for c in self.cands
                ]
                name = gone.label
            if keep in ctx.props.entities:
                new = ctx.props.entities[keep]
                if name != new.label and name not in new.aliases:
                    new.aliases.append(name)
            self.add(other_span[0], other_span[1], keep, "rule:alias-in-text", 0.6)

    def acronyms_and_credits(self) -> None:
        """Unknown acronyms written twice or more ("NATO", "AFP") are organisations; photo
        credits ("Photo: AFP/Karen Minasyan") name an outlet and a photographer."""
        ctx = self.ctx
        known = {n for e in ctx.gaz.entities.values() for n in (*e.names(), *e.demonyms)}
        known |= {n for e in ctx.props.entities.values() for n in (e.label, *e.aliases)}
        known |= getattr(self, "acronyms", set())  # defined for a known name: the linker's
        counts: dict[str, list[tuple[int, int]]] = {}
        caps = [m.span() for m in CAPS_LINE.finditer(ctx.text)]  # "... OF THE OFFICE ...": words, not acronyms
        for m in re.finditer(r"(?<![\w-])([A-Z]{3,6})(?![\w-])", ctx.text):
            if not any(a <= m.start() < b for a, b in caps):
                counts.setdefault(m.group(1), []).append((m.start(), m.end()))
        for word, spans in sorted(counts.items()):
            if len(spans) >= 2 and word not in known and word not in world.COMMON_ACRONYMS:
                for s, e in spans:
                    self.new(slug(word), "Organisation", word, s, e, "rule:acronym-organisation", 0.35)
        rx = r"\b(?:Photo|Image|Source)s?:\s*(?P<org>[A-Z][\w.]+)(?:/[^/\n]*?)*/(?P<name>[A-Z][a-z]+ [A-Z][a-z]+)\b"
        for m in re.finditer(rx, ctx.text):
            self.new(
                slug(m.group("name")),
                "Person",
                m.group("name"),
                m.start("name"),
                m.end("name"),
                "rule:photo-credit",
                0.6,
            )
            if m.group("org") not in known:
                self.new(
                    slug(m.group("org")),
                    "MediaOutlet",
                    m.group("org"),
                    m.start("org"),
                    m.end("org"),
                    "rule:photo-credit",
                    0.5,
                )

    def repeat_new_names(self) -> None:
        """Every occurrence of a proposed entity's label or alias is a mention of it
        (weapon models in the plural too: "Smerches", "T-72 Aslans")."""
        ctx = self.ctx
        names = {}
        for e in ctx.props.entities.values():
            forms = [e.label, *e.aliases]
            if e.type == "WeaponSystem":
                forms += [f + "s" for f in forms] + [f + "es" for f in forms]
                if " " in e.label:
                    last = e.label.split()[-1]
                    forms += [last + "s", last + "es"]
            for n in forms:
                # an acronym the text defined ("European Union (EU)") counts even when short
                if (len(n) > 2 or (n.isupper() and len(n) == 2 and n != e.label)) and n[0].isupper():
                    names.setdefault(n, e.id)
        if not names:
            return
        matcher = PhraseMatcher(ctx.doc.vocab, attr="ORTH")
        for n in sorted(names):
            matcher.add(n, [pipeline().make_doc(n)])
        strings = ctx.doc.vocab.strings
        for key, s, t in matcher(ctx.doc):
            span = ctx.doc[s:t]
            self.add(span.start_char, span.end_char, names[strings[key]], "rule:repeat-new-name", 0.55)


#: a common noun right before a name that says what it names
SETTLEMENT_NOUNS = r"(?:city|town|village|capital|port|settlement)"
#: "the city of X", and each name of a list "the towns of Jermuk, Goris and Kapan"
BEFORE_SETTLEMENT = re.compile(
    rf"\b(?:the|a)\s+(?:[\w-]+\s+){{0,2}}{SETTLEMENT_NOUNS}\s+of\s+$"
    r"|\bthe\s+(?:[\w-]+\s+){0,2}(?:cities|towns|villages|settlements)\s+of\s+(?:[A-Z][\w-]+(?:,\s+|\s+and\s+))*$"
)
AFTER_SETTLEMENT = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?{SETTLEMENT_NOUNS}\b")
#: a common noun for a region right after a name: "Armenia's Syunik province", "the Tavush region"
AFTER_REGION = re.compile(
    r"[ \t]+(?:province|region|district|oblast|governorate)s?\b"
    r"|(?:,[ \t]+[A-Z][\w-]+)*,?[ \t]+and[ \t]+[A-Z][\w-]+[ \t]+(?:provinces|regions|districts)\b"
)  # and the first names of "the Tartar and Aghdam districts"
BEFORE_COMPANY = re.compile(r"\b(?:manufacturers?|makers?|firms?|compan(?:y|ies)|contractors?|producers?)\s+$")
BEFORE_PERSON = re.compile(r"\b(?:presidency|premiership|government|administration|regime|cabinet)\s+of\s+$")
PERSON_FORM = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}")


def _described(text: str, start: int, end: int, name: str) -> str | None:
    """The type a common noun next to an unknown name gives it: a settlement ("the city of
    X", "X, a mountain town"), companies ("the defence manufacturers X and Y"), a person
    ("the presidency of X Y", a given name and a surname)."""
    before = text[max(0, start - 60) : start]
    if any(w in HEADS for w in name.split()):
        return None
    if BEFORE_SETTLEMENT.search(before) or AFTER_SETTLEMENT.match(text, end):
        return "Settlement"
    if AFTER_REGION.match(text, end):
        return "Region"
    if BEFORE_COMPANY.search(before):
        return "Company"
    if BEFORE_PERSON.search(before) and PERSON_FORM.fullmatch(name):
        return "Person"
    return None


def _common(ctx: Context, word: str) -> bool:
    """Whether a capitalised word also occurs in lower case in the text (a common word)."""
    return re.search(rf"\b{re.escape(word.lower())}\b", ctx.text) is not None
