"""The rule modules of kg.ingest, one behaviour at a time, on short invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import ONTOLOGY_FILE
from kg.ingest.dates import find_dates
from kg.ingest.gazetteer import Gazetteer, slug
from kg.ingest.model import Proposals
from kg.ingest.ontology_types import ACTOR_TYPES, AGREEMENT_TYPES, EVENT_TYPES, PARENT, PLACE_TYPES, is_a
from kg.ingest.pipeline import propose

FIX = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_dir(FIX / "entities")


def dates(text: str, doc_date: str = "2020-09-28") -> dict[str, tuple[str, str | None]]:
    return {text[d.start : d.end]: (d.value, d.resolution) for d in find_dates(text, doc_date)}


# --- dates ------------------------------------------------------------------------------


def test_absolute_dates_keep_their_precision() -> None:
    got = dates("Signed on 5 May 1994, tested in September 2020, founded in 2001 and ended 1988-1994.")
    assert got["5 May 1994"][0] == "1994-05-05"
    assert got["September 2020"][0] == "2020-09"
    assert got["2001"][0] == "2001"
    assert got["1988"][0] == "1988" and got["1994"][0] == "1994"


def test_weekdays_resolve_against_the_document_date() -> None:
    got = dates("The attack began on Sunday. On Monday morning the toll rose.", "2020-09-28")
    assert got["Sunday"][0] == "2020-09-27"
    assert "document's date" in got["Sunday"][1]
    assert got["Monday morning"][0] == "2020-09-28"  # the document's own day
    assert "Sunday" not in dates("It began on Sunday.", "2020-09")  # no day to count from


def test_relative_dates_hang_on_the_date_before_them() -> None:
    got = dates("The war ended in September 2020 and resumed two years later.")
    assert got["two years later"][0] == "2022"
    got = dates("A statement came on 7 December 2023. Nine weeks before, the republic dissolved.")
    assert got["Nine weeks before"][0] == "2023-10-05"
    got = dates("The clashes came two months after the first raid.", "2020-09-28")
    assert got["two months after"][0] == "2020-07"
    assert dates("It happened last week.", "2020-09-28")["last week"][0] == "2020-09"
    assert dates("Martial law was declared on September 27.", "2020-09-28")["September 27"][0] == "2020-09-27"


def test_days_later_count_from_the_last_date_given_to_the_day() -> None:
    got = dates("He spoke on Monday of a meeting last week. Two days later, Baku replied.", "2023-05-22")
    assert got["Two days later"][0] == "2023-05-24"  # after Monday, not after "last week"
    assert dates("It began in May 2020. Two years later it ended.", "2023-05-22")["Two years later"][0] == "2022"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The town was shelled in mid-July. The previous day, talks had failed.", "The previous day", "2020-07"),
        ("The town was shelled in July. Two days before, talks had failed.", "Two days before", "2020-07"),
        ("The town was shelled in July. Two months later, talks failed.", "Two months later", "2020-09"),
    ],
)
def test_a_shift_finer_than_its_anchor_keeps_to_the_anchor(text: str, phrase: str, value: str) -> None:
    """A day before "mid-July" is in July as far as the text tells (not June, as shifting the
    month's first day would make it)."""
    assert dates(text, "2020-10-18")[phrase][0] == value


def test_a_month_without_a_year_opening_a_period_takes_the_year_of_its_end() -> None:
    got = dates("Fighting between March and May 2021 was sporadic.", "2020-10-18")
    assert got["March"][0] == "2021-03" and got["May 2021"][0] == "2021-05"


def test_dates_are_independent_of_today() -> None:
    a = find_dates("on Sunday, two years later, in July", "2020-09-28")
    b = find_dates("on Sunday, two years later, in July", "2020-09-28")
    assert a == b


# --- mentions ------------------------------------------------------------------------------


def links(text: str, gaz: Gazetteer) -> dict[str, str]:
    props = propose(text, "t", "2020-09-28", gaz)
    return {text[m.start : m.end]: m.entity for m in props.mentions}


def mentioned(props: Proposals) -> set[tuple[str, str]]:
    """(quote, entity) for every mention the proposals write."""
    return {(props.text[m.start : m.end], m.entity) for m in props.mentions}


def test_names_aliases_demonyms_and_inflections(gaz: Gazetteer) -> None:
    got = links("Azeri troops shelled Khankendi while Azerbaijani forces used T-72s near Baku.", gaz)
    assert got["Khankendi"] == "stepanakert"
    assert got["Azerbaijani forces"] == "azerbaijani-armed-forces"
    assert got["Azeri troops"] == "azerbaijani-armed-forces"
    assert got["T-72s"] == "t-72"
    assert links("The Azeri position held.", gaz)["Azeri"] == "azerbaijan"


def test_new_entities_are_typed_from_their_form(gaz: Gazetteer) -> None:
    text = (
        "General Sir Ivan Petrov of the Georgian Defence Ministry inspected BM-21 Grad launchers "
        "and the Harop loitering drone; the Bishkek Protocol held, and convoys moved into Shusha. "
        "A Georgian observer watched."
    )
    props = propose(text, "t", "2020-09-28", gaz)
    types = {e.label: e.type for e in props.entities.values()}
    assert types["Ivan Petrov"] == "Person"
    assert types["BM-21 Grad"] == "WeaponSystem"
    assert types["Harop"] == "WeaponSystem"
    assert types["Bishkek Protocol"] == "Protocol"
    assert types["Shusha"] == "Place"
    assert types["Georgia"] == "State"  # from the general list of states, via its demonym


def test_slug_matches_the_curated_id_form() -> None:
    assert slug("Ilham Aliyev") == "ilham-aliyev"
    assert slug("President of Azerbaijan") == "president-of-azerbaijan"
    assert slug("Armenia’s army") == "armenia-army"


# --- quantities and attribution --------------------------------------------------------------


def section(text: str, gaz: Gazetteer, name: str, doc_date: str = "2020-09-28") -> list[dict]:
    props = propose(text, "t", doc_date, gaz)
    out = []
    for it in props.items:
        if it.section == name:
            d = dict(it.fields)
            d.update(by=it.by, modality=it.modality, quote=text[it.start : it.end])
            out.append(d)
    return out


@pytest.mark.parametrize(
    "phrase, count, qualifier",
    [
        ("at least 80 civilians were killed", 80, "at-least"),
        ("more than 100 soldiers were wounded", 100, "more-than"),
        ("nearly two dozen soldiers were killed", 24, "nearly"),
        ("just over 1,200 soldiers were killed", 1200, "just-over"),
        ("up to 5.000 soldiers were killed", 5000, "up-to"),
        ("some thirty civilians were killed", 30, "approximately"),
        ("dozens of civilians were killed", None, "unspecified"),
    ],
)
def test_casualty_hedges(gaz: Gazetteer, phrase: str, count: int | None, qualifier: str) -> None:
    text = f"Azerbaijan launched an offensive on Sunday. In the fighting, {phrase}."
    (c,) = section(text, gaz, "casualties")
    assert c.get("count") == count and c["qualifier"] == qualifier
    assert c["event"] and c["type"] in ("killed", "wounded")


def test_measurements(gaz: Gazetteer) -> None:
    text = "Nagorno-Karabakh covers 4,400 square kilometres. Azerbaijan has a defence budget of $3 billion."
    got = {m["measure"]: m for m in section(text, gaz, "measurements")}
    assert got["area"]["entity"] == "nagorno-karabakh" and got["area"]["value"] == 4400
    assert got["defence-budget"]["value"] == 3_000_000_000 and got["defence-budget"]["unit"] == "US dollars"


def test_how_many_things_an_event_takes(gaz: Gazetteer) -> None:
    text = (
        "It showed the Azerbaijani forces’ ability to seize and secure"
        " at least one and perhaps as many as four Armenian positions."
    )
    got = {(m["value"], m["qualifier"], m["unit"]) for m in section(text, gaz, "measurements")}
    assert got == {(1, "at-least", "positions"), (4, "up-to", "positions")}
    events = {m["entity"] for m in section(text, gaz, "measurements")}
    assert len(events) == 1 and "offensive" in next(iter(events))


def test_how_many_things_a_capture_takes(gaz: Gazetteer) -> None:
    """Any capture verb, not only "seize": the count of its object is measured on its event."""
    text = "In October 2020 Azerbaijani forces captured three villages near Fuzuli."
    got = [(m["value"], m["unit"], m["measure"]) for m in section(text, gaz, "measurements")]
    assert got == [(3, "villages", "count")]
    events = {m["entity"] for m in section(text, gaz, "measurements")}
    assert len(events) == 1 and "offensive" in next(iter(events))  # a capture is an offensive's act


def test_attribution(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on Sunday. Baku said 12 civilians were killed. "
        "According to Armenian military sources, 7 soldiers were wounded. 3 soldiers were killed."
    )
    got = {c["count"]: c for c in section(text, gaz, "casualties")}
    assert got[12]["by"] == "government-of-azerbaijan"  # a capital speaks for its government
    assert got[7]["by"] == "armenian-military-sources"
    assert got[3]["by"] is None  # the author's own voice


def _stated(text: str, gaz: Gazetteer) -> list[dict]:
    return [s for s in section(text, gaz, "statements") if s.get("p") == "statedContent"]


def test_a_statement_is_its_speakers_claim(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev said on Sunday that the offensive would continue."
    (c,) = _stated(text, gaz)
    assert c["by"] == "ilham-aliyev" and c["value"] == "the offensive would continue"
    dated = [s for s in section(text, gaz, "statements") if s.get("p") == "date"]
    assert [d["value"] for d in dated] == ["2020-09-27"]  # the speech act's date, not the content's


def test_coordinated_and_auxiliary_reporting_verbs(gaz: Gazetteer) -> None:
    text = (
        "The President, Ilham Aliyev, was forced to deny rumours of a retreat "
        "but has since dismissed those calling for talks as naive."
    )
    got = {(c["by"], c["modality"]) for c in _stated(text, gaz)}
    assert got == {("ilham-aliyev", "denied"), ("ilham-aliyev", None)}


def test_possessive_noun_and_pronoun_speakers(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev’s announcement that troops would withdraw surprised many. Later he insisted it was final."
    got = sorted((c["by"], c["value"]) for c in _stated(text, gaz))
    assert got == [("ilham-aliyev", "it was final"), ("ilham-aliyev", "troops would withdraw surprised many")]


def test_a_name_inside_a_longer_speaker_does_not_speak(gaz: Gazetteer) -> None:
    """'the State Border Service of Azerbaijan said': the service speaks, not Azerbaijan too."""
    text = "A former minister was detained on Wednesday, the State Border Service of Azerbaijan said."
    assert {c["by"] for c in _stated(text, gaz)} == {"state-border-service-of-azerbaijan"}
    speakers = {s["o"] for s in section(text, gaz, "statements") if s.get("p") == "agent"}
    assert speakers == {"state-border-service-of-azerbaijan"}  # one speech act, not one of Azerbaijan's too


@pytest.mark.parametrize(
    "office",
    ["Prime Minister of Armenia", "prime minister of Armenia", "prime minister of neighbouring Armenia"],
)
def test_an_office_in_lower_case_is_an_apposition_too(gaz: Gazetteer, office: str) -> None:
    """Wire reports write offices in lower case: 'X, president of the self-declared Y, said'."""
    text = f"Nikol Pashinyan, {office}, said the talks had failed."
    assert [c["by"] for c in _stated(text, gaz)] == ["nikol-pashinyan"]


def test_a_wire_reports_dateline_and_decree(gaz: Gazetteer) -> None:
    """The agency in a dateline is the report's outlet, no actor of its first sentence; a decree
    is named a decree; an abbreviated month after 'from' is part of a date, not a place."""
    text = (
        "YEREVAN, Sept 28 (Reuters) - The leader of Nagorno-Karabakh signed a decree on Thursday "
        "dissolving the breakaway state's institutions from Jan. 1, 2024."
    )
    props = propose(text, "t", "2023-09-28", gaz)
    new = {e.id: e for e in props.entities.values()}
    assert {e.type for e in new.values()} >= {"MediaOutlet", "Declaration"}
    (decree,) = [e for e in new.values() if e.type == "Declaration"]
    assert "decree" in decree.label.lower() and "martial" not in decree.label.lower()
    agents = [it.fields["o"] for it in props.items if it.fields.get("p") == "agent"]
    assert "reuters" not in agents
    assert not any(e.type == "Place" for e in new.values())  # "Jan." is no place


AGREEMENT_TEXT = (
    "Statement by President of the Republic of Azerbaijan, Prime Minister of the Republic of Armenia "
    "and President of the Russian Federation\n\n"
    "We, President of the Republic of Azerbaijan I. Aliyev, Prime Minister of the Republic of Armenia "
    "N. Pashinyan and President of the Russian Federation V. Putin, state the following:\n\n"
    "1. A complete ceasefire and termination of all hostilities in the area of the Nagorno-Karabakh "
    "conflict is declared starting from 00:00 hours Moscow time on 10 November 2020.\n\n"
    "2. The peacekeeping contingent of the Russian Federation, namely, 1,960 military personnel with "
    "small arms, shall be deployed along the contact line.\n"
)


def test_an_agreements_own_text(gaz: Gazetteer) -> None:
    """The title names the parties by their leaders' offices; the preamble's persons, named by
    an initial and a surname, sign it and hold those offices; a ceasefire 'is declared starting
    from' its start date; its numbered provisions are its terms, and a contingent's strength is
    measured. A title is no person's name, and a name does not run across lines."""
    props = propose(AGREEMENT_TEXT, "t", "2020-11-10", gaz)
    tenures = {(it.fields["holder"], it.fields["position"]) for it in props.items if it.section == "tenures"}
    assert {("ilham-aliyev", "president-of-azerbaijan"), ("nikol-pashinyan", "prime-minister-of-armenia")} <= tenures
    persons = {e.label for e in props.entities.values() if e.type == "Person"}
    assert not persons & {"President", "Prime Minister", "Russian Federation\n\nWe"}
    statements = [it.fields for it in props.items if it.section == "statements"]
    (statement,) = [e.id for e in props.entities.values() if e.type == "JointStatement"]
    roles = {(st["p"], st.get("o")) for st in statements if st["s"] == statement}
    assert {("party", "azerbaijan"), ("party", "armenia"), ("party", "russia")} <= roles
    assert {("signatory", "ilham-aliyev"), ("signatory", "nikol-pashinyan")} <= roles
    terms = [st["value"] for st in statements if st["s"] == statement and st["p"] == "term"]
    assert [t[:40] for t in terms] == [
        "A complete ceasefire and termination of ",
        "The peacekeeping contingent of the Russi",
    ]
    assert terms[1].endswith("shall be deployed along the contact line.")  # a provision is a term, whole
    strength = [
        it.fields for it in props.items if it.section == "measurements" and it.fields["measure"] == "troop-strength"
    ]
    assert [(m["entity"], m["value"]) for m in strength] == [("russia", 1960)]
    (ceasefire,) = [e.id for e in props.entities.values() if e.type == "Ceasefire"]
    assert {"p": "startDate", "value": "2020-11-10"}.items() <= next(
        st for st in statements if st["s"] == ceasefire and st["p"] == "startDate"
    ).items()


def test_the_deadlines_an_agreements_terms_set(gaz: Gazetteer) -> None:
    """Each deadline in a provision is a measurement of the agreement: the date it is due and
    what is due; an elliptic clause ('and the Lachin District by ...') shares the verb before
    it; 'within the next three years' counts from the agreement's date."""
    text = AGREEMENT_TEXT + (
        "\n3. The Kalbajar District shall be returned to the Republic of Azerbaijan by 15 November 2020, "
        "and the Lachin District by 1 December 2020.\n\n"
        "4. Within the next three years, a plan shall be agreed for a new route.\n\n"
        "5. The peacekeeping contingent shall be deployed in parallel with the withdrawal of the armed forces.\n"
    )
    props = propose(text, "t", "2020-11-10", gaz)
    (statement,) = [e.id for e in props.entities.values() if e.type == "JointStatement"]
    due = [it for it in props.items if it.section == "measurements" and it.fields["measure"] == "deadline"]
    assert [(it.fields["entity"], it.fields["due"], it.fields["value_text"]) for it in due] == [
        (statement, "2020-11-15", "The Kalbajar District shall be returned to the Republic of Azerbaijan"),
        (statement, "2020-12-01", "the Lachin District shall be returned to the Republic of Azerbaijan"),
        (statement, "2023-11-10", "a plan shall be agreed for a new route"),
    ]
    assert text[due[1].start : due[1].end] == "the Lachin District by 1 December 2020"
    assert "agreement's date (2020-11-10)" in due[2].extra["date_resolution"]
    assert text[due[2].start : due[2].end] == "Within the next three years, a plan shall be agreed for a new route"


@pytest.mark.parametrize(
    ("text", "tenure"),
    [
        ("Ruben Vardanyan, a former state minister of the region, was detained on Wednesday.", None),
        ("Jeyhun Bayramov, the foreign minister of Azerbaijan, met his counterpart.", "foreign-minister-of-azerbaijan"),
    ],
)
def test_a_full_name_before_an_office_in_lower_case_is_a_person(gaz: Gazetteer, text: str, tenure: str | None) -> None:
    props = propose(text, "t", "2023-09-28", gaz)
    (person,) = [e for e in props.entities.values() if e.type == "Person"]
    assert person.label == text.split(",")[0]
    tenures = [it.fields["position"] for it in props.items if it.section == "tenures"]
    assert tenures == ([tenure] if tenure else [])


def test_no_person_from_a_place_before_an_office(gaz: Gazetteer) -> None:
    props = propose("In Stepanakert, the president of the region spoke.", "t", "2023-09-28", gaz)
    assert not [e for e in props.entities.values() if e.type == "Person"]


def test_an_armed_force_named_after_its_state(gaz: Gazetteer) -> None:
    """'the armed forces of Azerbaijan' is Azerbaijan's armed force, as 'Azerbaijani forces'
    is; the people of a figure belong to the side its 'of' complement names."""
    text = (
        "On 13 September 2022 the armed forces of Azerbaijan launched an attack against Armenia. "
        "49 servicemen of the Armed Forces of Armenia were killed."
    )
    attackers = [s["o"] for s in section(text, gaz, "statements") if s.get("p") == "attacker"]
    assert attackers == ["azerbaijani-armed-forces"]
    (killed,) = section(text, gaz, "casualties")
    assert (killed["count"], killed["side"]) == (49, "armenia")


def test_an_appeal_is_a_speech_act_and_an_apposition_ends_the_words_said(gaz: Gazetteer) -> None:
    text = (
        "Armenia calls on the international community to condemn the attack. "
        "Baku claimed that its troops had responded to provocations, an allegation Yerevan rejects."
    )
    got = sorted((c["by"], c["value"]) for c in _stated(text, gaz))
    assert got == [
        ("government-of-armenia", "the international community to condemn the attack"),
        ("government-of-azerbaijan", "its troops had responded to provocations"),  # the rest is the author's
    ]


def test_a_shared_surname_is_the_person_named_in_full_before_it() -> None:
    gaz = Gazetteer.from_files([FIX / "entities" / "core.yaml"])
    gaz.add_raw([{"id": "heydar-aliyev", "type": "Person", "label": "Heydar Aliyev"}])
    text = (
        "The office of President Ilham Aliyev issued the statement. "
        "Last month, Aliyev said at a conference in Baku that Armenia must amend its constitution."
    )
    props = propose(text, "t", "2023-12-07", gaz)
    assert ("Aliyev", "ilham-aliyev") in mentioned(props)
    said = [(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"]
    assert said == [("ilham-aliyev", "Armenia must amend its constitution")]  # not 'at a conference ...'


def test_an_ap_dateline_a_statement_issued_by_two_offices_and_a_titled_speaker_after_the_quote(
    gaz: Gazetteer,
) -> None:
    text = (
        "BAKU, Azerbaijan (AP) — Azerbaijan will release 32 soldiers, according to a joint statement issued "
        "by the office of Azerbaijani President Ilham Aliyev and the government of Armenian Prime Minister "
        "Nikol Pashinyan.\n\n"
        '"This is an important confidence-building measure," EU foreign policy chief Josep Borrell wrote on X.'
    )
    props = propose(text, "t", "2023-12-07", gaz)
    assert {("BAKU", "baku"), ("AP", "ap")} <= mentioned(props)
    (statement,) = [e.id for e in props.entities.values() if e.type == "JointStatement"]
    roles = {(it.fields["p"], it.fields["o"]) for it in props.items if it.fields.get("s") == statement}
    assert roles == {
        ("party", "azerbaijan"),
        ("party", "armenia"),
        ("signatory", "ilham-aliyev"),
        ("signatory", "nikol-pashinyan"),
    }
    said = [(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"]
    assert ("josep-borrell", "This is an important confidence-building measure") in said


def test_two_parties_that_agree_to_do_something(gaz: Gazetteer) -> None:
    text = "Azerbaijan and Armenia agreed on Thursday to exchange prisoners, a rare step toward peace."
    props = propose(text, "t", "2023-12-07", gaz)
    (agreement,) = [e.id for e in props.entities.values() if e.type == "Agreement"]
    got = {
        (it.fields["p"], it.fields.get("o") or it.fields.get("value"))
        for it in props.items
        if it.fields.get("s") == agreement
    }
    assert got == {
        ("party", "azerbaijan"),
        ("party", "armenia"),
        ("signingDate", "2023-12-07"),
        ("term", "exchange prisoners"),
    }
    assert not [
        e
        for e in propose("Azerbaijan would have agreed to talks.", "t", "2023-12-07", gaz).entities.values()
        if e.type == "Agreement"
    ]


def test_arms_sold_to_a_recipient_named_after_the_verb_and_bought_in_a_second_clause(gaz: Gazetteer) -> None:
    text = (
        "Russia sold Armenia at least six T-72 tanks in 2020, "
        "and Azerbaijan bought four T-72 tanks from Israel in 2017."
    )
    got = {(t["supplier"], t["recipient"], t["count"], t["qualifier"]) for t in section(text, gaz, "transfers")}
    assert got == {("russia", "armenia", 6, "at-least"), ("israel", "azerbaijan", 4, "exactly")}


def test_a_transfer_told_in_a_relative_clause(gaz: Gazetteer) -> None:
    """The supplier is the antecedent of 'which', the recipient the sentence's subject; a
    designation with letters after its number is a weapon system ("Su-30SM")."""
    text = "Armenia, by contrast, relied almost entirely on Russia, which delivered four Su-30SM fighter jets in 2019."
    (t,) = section(text, gaz, "transfers")
    assert (t["supplier"], t["recipient"], t["system"], t["count"]) == ("russia", "armenia", "su-30sm", 4)


def test_people_killed_in_an_explosion_are_its_casualties(gaz: Gazetteer) -> None:
    """Not the offensive's: an explosion is an event of its own, told apart by its place."""
    text = (
        "Azerbaijan launched an offensive on Tuesday. At least 68 people were killed in an explosion "
        "at a fuel depot near Stepanakert, which Azerbaijan calls Khankendi, on Monday evening."
    )
    (killed,) = section(text, gaz, "casualties")
    assert killed["event"] == "stepanakert-explosion" and killed["count"] == 68
    places = [s["o"] for s in section(text, gaz, "statements") if s.get("s") == "stepanakert-explosion"]
    assert places == ["stepanakert"]


def test_an_attack_told_by_a_source_after_a_visit(gaz: Gazetteer) -> None:
    """'fired cluster munitions at X' is an attack; its dead are its casualties, never a visit's;
    a name after 'according to' is a source that speaks (an organisation), not a place."""
    text = (
        "Researchers who visited Stepanakert on October 30, 2020, documented four incidents. "
        "Armenian forces fired cluster munitions at the Azerbaijani city of Barda on October 28, "
        "killing 21 civilians, according to Amnesty International."
    )
    props = propose(text, "t", "2020-12-11", gaz)
    amnesty = props.entities["amnesty-international"]
    assert amnesty.type == "Organisation"
    (killed,) = [it for it in props.items if it.section == "casualties"]
    assert props.entities[killed.fields["event"]].type == "Attack"
    assert (killed.fields["count"], killed.by) == (21, "amnesty-international")
    assert killed.claim_date is None  # October 28 dates the attack; 'according to' says nothing of when


def test_a_casualty_with_no_fighting_before_it_hangs_on_no_visit(gaz: Gazetteer) -> None:
    text = "Researchers visited Stepanakert on October 30, 2020. During the war, 21 civilians were killed."
    events = {c["event"] for c in section(text, gaz, "casualties", doc_date="2020-12-11")}
    assert not any("visit" in e for e in events)


def test_troops_a_state_keeps_somewhere(gaz: Gazetteer) -> None:
    text = "Russia has kept some 3,000 troops at its military base in Gyumri."
    (m,) = section(text, gaz, "measurements")
    assert (m["entity"], m["measure"], m["value"], m["qualifier"]) == (
        "russia",
        "troop-strength",
        3000,
        "approximately",
    )


def test_a_capital_of_the_general_list_speaks_for_its_government(gaz: Gazetteer) -> None:
    text = "Moscow said the talks would resume. The Minsk process stalled, the Washington Post wrote."
    props = propose(text, "t", "2023-12-07", gaz)
    assert [c["by"] for c in _stated(text, gaz)][:1] == ["government-of-russia"]
    linked = mentioned(props)
    assert ("Moscow", "moscow") in linked and props.entities["moscow"].type == "Settlement"
    assert not {e for _, e in linked} & {"minsk", "washington"}  # named after the city, not the city


def test_a_second_name_the_text_gives() -> None:
    gaz = Gazetteer.from_files([FIX / "entities" / "core.yaml"])
    gaz.add_raw([{"id": "shusha", "type": "Settlement", "label": "Shusha"}])
    text = "Shushi, which Azerbaijanis call Shusha, fell in November 2020."
    props = propose(text, "t", "2023-12-07", gaz)
    assert ("Shushi", "shusha") in mentioned(props)
    assert "shushi" not in props.entities


def test_a_tass_dateline_a_ministry_named_once_and_a_contingent_that_will_number(gaz: Gazetteer) -> None:
    text = (
        "MOSCOW, November 10. /TASS/. Russian peacekeepers have begun deploying to Nagorno-Karabakh, "
        "the Russian Defense Ministry reported on Tuesday.\n\n"
        "According to the ministry, the peacekeeping contingent will number 1,960 servicemen."
    )
    props = propose(text, "t", "2020-11-10", gaz)
    said = [it.fields["value"] for it in props.items if it.fields.get("p") == "statedContent"]
    assert said == ["Russian peacekeepers have begun deploying to Nagorno-Karabakh"]  # not "/TASS/. ..."
    assert ("TASS", "tass") in mentioned(props)
    ministries = [e.id for e in props.entities.values() if e.type == "GovernmentBody" and "ministry" in e.id]
    assert len(ministries) == 1  # "Russian Defense Ministry" and "the ministry": one entity
    deployed = [e for e in props.entities.values() if e.type == "Deployment"]
    assert len(deployed) == 1
    (m,) = [it.fields for it in props.items if it.section == "measurements"]
    assert (m["entity"], m["measure"], m["value"]) == ("russia", "troop-strength", 1960)


def test_two_parties_that_agree_to_an_agreement_the_text_describes(gaz: Gazetteer) -> None:
    text = (
        "On October 10, the Foreign Ministers of Armenia and Azerbaijan agreed in Moscow to a humanitarian ceasefire."
    )
    props = propose(text, "t", "2020-10-14", gaz)
    (ceasefire,) = [e.id for e in props.entities.values() if is_a(e.type, AGREEMENT_TYPES)]
    assert props.entities[ceasefire].type == "Ceasefire"
    got = {
        (it.fields["p"], it.fields.get("o") or it.fields.get("value"))
        for it in props.items
        if it.fields.get("s") == ceasefire
    }
    assert got == {("party", "armenia"), ("party", "azerbaijan"), ("signingDate", "2020-10-10")}


def test_a_blockade_a_date_on_the_next_trigger_and_a_speaker_after_a_relative_clause(gaz: Gazetteer) -> None:
    text = (
        "On 12 December 2022, a group of activists blocked the Lachin corridor. "
        "The blockade ended only after the September 2023 offensive. "
        "The International Committee of the Red Cross, which had been allowed to evacuate some "
        "patients, said in July that it could no longer deliver aid."
    )
    props = propose(text, "t", "2023-10-15", gaz)
    blockades = [e.id for e in props.entities.values() if e.type == "Blockade"]
    dated = {(it.fields["s"], it.fields["value"]) for it in props.items if it.fields.get("p") in ("date", "startDate")}
    assert {(b, v) for b, v in dated if b in blockades} == {(blockades[0], "2022-12-12")}  # not 2023-09
    said = [(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"]
    assert [v for _, v in said] == ["it could no longer deliver aid"]
    assert said[0][0] is not None and "red-cross" in said[0][0]


def test_a_demand_arrivals_and_the_date_of_words_said_before_their_speaker(gaz: Gazetteer) -> None:
    text = (
        "In August 2024, Baku demanded that Armenia change its constitution. "
        "Azerbaijan launched an offensive in September 2023. "
        "Some 115,000 people arrived from Karabakh that autumn. "
        "Azerbaijan shelled Armenian positions in February 2024, killing four soldiers, Yerevan said."
    )
    props = propose(text, "t", "2024-09-20", gaz)
    said = {(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"}
    assert ("government-of-azerbaijan", "Armenia change its constitution") in said
    casualties = {it.fields["count"]: it for it in props.items if it.section == "casualties"}
    assert casualties[115000].fields["type"] == "displaced"
    assert (
        casualties[4].by == "government-of-armenia" and casualties[4].claim_date is None
    )  # February dates the shelling


def test_a_truce_brokered_by_the_name_before_its_hyphen(gaz: Gazetteer) -> None:
    props = propose("The Russia-brokered truce held for a week.", "t", "2021-01-10", gaz)
    (truce,) = [e for e in props.entities.values() if e.type == "Ceasefire"]
    roles = {(it.fields["p"], it.fields["o"]) for it in props.items if it.fields.get("s") == truce.id}
    assert roles == {("broker", "russia")} and truce.label == "Russia Truce"


def test_a_peace_agreement_initialled_and_a_joint_declaration_signed_by_two_leaders(gaz: Gazetteer) -> None:
    text = (
        "The leaders of Armenia and Azerbaijan initialled a peace agreement on Friday. "
        "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan also signed a joint "
        "declaration on a transit corridor through Armenia's Syunik province, to be called the Trump Route "
        "for International Peace and Prosperity (TRIPP)."
    )
    props = propose(text, "t", "2025-08-08", gaz)
    by_type = {e.type: e for e in props.entities.values()}
    roles = {t: set() for t in ("Agreement", "JointStatement")}
    for it in props.items:
        for t in roles:
            if it.fields.get("s") == by_type[t].id and "o" in it.fields:
                roles[t].add((it.fields["p"], it.fields["o"]))
    assert roles["Agreement"] == {("party", "armenia"), ("party", "azerbaijan")}
    assert roles["JointStatement"] == {("signatory", "ilham-aliyev"), ("signatory", "nikol-pashinyan")}
    assert by_type["Region"].label == "Syunik"
    assert by_type["Corridor"].label == "Trump Route for International Peace and Prosperity"


def test_a_passive_subject_is_not_the_speaker(gaz: Gazetteer) -> None:
    assert _stated("A deal with Azerbaijan was announced that gas would flow.", gaz) == []


def test_a_negated_reporting_verb_states_nothing(gaz: Gazetteer) -> None:
    text = "Baku said a family of five were killed but did not announce any casualties among its forces."
    values = [c["value"] for c in _stated(text, gaz)]
    assert not any(v.startswith("any casualties") for v in values)


def test_an_estimate_is_approximate(gaz: Gazetteer) -> None:
    text = "Azerbaijan launched an offensive on Sunday. By one estimate, 300 soldiers were killed."
    (c,) = section(text, gaz, "casualties")
    assert c["qualifier"] == "approximately"


def test_hedged_and_alleged(gaz: Gazetteer) -> None:
    text = "Azerbaijan launched an offensive on Sunday. Allegedly 9 civilians were killed."
    (c,) = section(text, gaz, "casualties")
    assert c["modality"] == "alleged"


# --- the ontology mirror --------------------------------------------------------------------------


def test_type_tree_mirrors_the_ontology() -> None:
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import RDFS

    g = rdflib.Graph().parse(ONTOLOGY_FILE)
    kgo = "https://w3id.org/karabakh-kg/ontology/"

    def parents(name: str) -> set[str]:
        return {
            str(o)[len(kgo) :] for o in g.objects(rdflib.URIRef(kgo + name), RDFS.subClassOf) if str(o).startswith(kgo)
        }

    for child, parent in PARENT.items():
        assert parent in parents(child), (child, parent)
    for name in ACTOR_TYPES | PLACE_TYPES | EVENT_TYPES | AGREEMENT_TYPES:
        assert (rdflib.URIRef(kgo + name), None, None) in g, name


def test_surname_after_the_full_name_is_the_same_person(gaz: Gazetteer) -> None:
    text = "The Prime Minister of Georgia, Ivan Petrov, spoke. Later Mr Petrov and Petrov’s aides left."
    props = propose(text, "t", "2020-09-28", gaz)
    got = {(m.start, text[m.start : m.end]): m.entity for m in props.mentions}
    assert got[(text.index("Mr Petrov"), "Mr Petrov")] == "ivan-petrov"
    assert got[(text.index("Petrov’s"), "Petrov")] == "ivan-petrov"
    assert "petrov" not in props.entities


def test_office_state_after_a_possessive(gaz: Gazetteer) -> None:
    text = "Armenia's ally, President Ivanov, welcomed President Ivanov’s Russia to the talks."
    props = propose(text, "t", "2020-09-28", gaz)
    tenures = {(i.fields["holder"], i.fields["position"]) for i in props.items if i.section == "tenures"}
    assert tenures == {("ivanov", "president-of-russia")}  # not guessed from "Armenia's" before it


def test_year_in_an_event_name_dates_it(gaz: Gazetteer) -> None:
    props = propose("Leaders met at the 2024 Tbilisi Summit.", "t", "2020-09-28", gaz)
    dated = {(i.fields["s"], i.fields["value"]) for i in props.items if i.fields.get("p") == "date"}
    assert ("tbilisi-summit", "2024") in dated


def test_demonym_inside_a_description_names_its_state(gaz: Gazetteer) -> None:
    text = "Azeri troops advanced; the British Army watched from Europe."
    props = propose(text, "t", "2020-09-28", gaz)
    got = {(m.start, m.end): m.entity for m in props.mentions}
    assert got[(0, 5)] == "azerbaijan" and got[(0, 12)] == "azerbaijani-armed-forces"
    assert (text.index("British"), text.index("British") + 7) not in got  # "British Army" is a name
    assert got[(text.index("Europe"), len(text) - 1)] == "europe"
    assert props.entities["europe"].type == "Region"


# --- events, the fourth round -------------------------------------------------------------------


def _events(text: str, gaz: Gazetteer, doc_date: str = "2020-09-28") -> tuple[dict, list]:
    """The proposed events (id → type) and their statements."""
    props = propose(text, "t", doc_date, gaz)
    return {k: e.type for k, e in props.entities.items()}, [i.fields for i in props.items if i.section == "statements"]


def test_two_speech_acts_of_one_speaker_are_two_events(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev denied the rumours but has since dismissed the critics as naive."
    props = propose(text, "t", "2020-09-28", gaz)
    agents = [i.fields["s"] for i in props.items if i.fields.get("p") == "agent"]
    assert len(agents) == 2 and len(set(agents)) == 2


def test_a_trigger_is_a_whole_word(gaz: Gazetteer) -> None:
    types, _ = _events("Azerbaijan built a well-trained army in 2010.", gaz)
    assert "Training" not in types.values()


def test_a_list_of_dates_gives_one_event_each(gaz: Gazetteer) -> None:
    _, st = _events("There was major fighting around Karabakh in 2008, 2016 and early 2020.", gaz)
    assert sorted(s["value"] for s in st if s.get("p") == "startDate") == ["2008", "2016", "2020"]


def test_a_period_gives_start_and_end(gaz: Gazetteer) -> None:
    _, st = _events("Armenia and Azerbaijan fought three wars, in 1988-1994, 2020 and 2023.", gaz)
    got = {(s["p"], s["value"]) for s in st if s.get("p") in ("startDate", "endDate")}
    assert {("startDate", "1988"), ("endDate", "1994"), ("startDate", "2023")} <= got


def test_a_date_after_a_new_subject_is_not_the_nouns(gaz: Gazetteer) -> None:
    _, st = _events("Following months of threats, Azerbaijan launched an offensive on Sunday.", gaz)
    dated = {s["s"] for s in st if s.get("p") in ("date", "startDate")}
    assert len(dated) == 1 and "offensive" in next(iter(dated))  # the offensive, not the threats


def test_what_happens_during_a_dated_event_shares_its_date(gaz: Gazetteer) -> None:
    _, st = _events("Karabakh was seized by Armenian forces during the breakup of the Soviet Union in 1991.", gaz)
    dated = {(s["s"], s["value"]) for s in st if s.get("p") in ("date", "startDate")}
    assert any("offensive" in s and v == "1991" for s, v in dated), dated  # the seizure, not only the breakup
    _, st = _events("Karabakh was seized by Armenian forces, during the breakup of the Soviet Union in 1991.", gaz)
    assert not any("offensive" in s["s"] and s.get("value") for s in st if s.get("p") in ("date", "startDate"))


def test_acts_of_no_one_named_in_one_year_are_one_only_within_a_paragraph(gaz: Gazetteer) -> None:
    one = "There were military exercises in 2020. A short course was run in Baku in 2020."
    two = "There were military exercises in 2020.\n\nA short course was run in Baku in 2020."
    for text, n in ((one, 1), (two, 2)):
        types, st = _events(text, gaz)
        assert sum(1 for t in types.values() if t == "Training") == n, types
        assert sum(1 for x in st if x.get("p") in ("date", "startDate") and x["value"] == "2020") == n


def test_a_verb_triggers_subject_is_its_agent_unless_passive(gaz: Gazetteer) -> None:
    _, st = _events("On Sunday Azerbaijan deployed drones.", gaz)
    assert {"p": "agent", "o": "azerbaijan"}.items() <= next(s for s in st if s.get("p") == "agent").items()
    _, st = _events("On Sunday, Azerbaijan said soldiers had been trained.", gaz)
    assert not any(s.get("p") == "agent" and "exercise" in s["s"] for s in st)


def test_victory_needs_a_victor(gaz: Gazetteer) -> None:
    types, st = _events(
        "Azerbaijan’s 2020 victory in Karabakh was followed by the victory of people power in 2018.", gaz
    )
    victors = [s for s in st if s.get("p") == "victor"]
    assert [v["o"] for v in victors] == ["azerbaijan"]


def test_personnel_carriers_are_equipment_not_people(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on Sunday. Armenia reported the destruction of 33 Azerbaijani tanks, "
        "11 armored personnel carriers and four helicopters."
    )
    got = {(x["count"], x.get("weapon_type")) for x in section(text, gaz, "losses")}
    assert (11, "armoured-personnel-carrier") in got


def test_its_office_belongs_to_the_state_named_before(gaz: Gazetteer) -> None:
    text = "Russia withdrew its envoy and its Foreign Minister, Ivan Petrov, left Baku."
    props = propose(text, "t", "2020-09-28", gaz)
    tenures = {(i.fields["holder"], i.fields["position"]) for i in props.items if i.section == "tenures"}
    assert tenures == {("ivan-petrov", "foreign-minister-of-russia")}


def test_the_two_sides_are_the_two_states_named_last(gaz: Gazetteer) -> None:
    text = (
        "Relations between Russia and Armenia grew close. They signed a treaty on Friendship and Cooperation in 1997."
    )
    _, st = _events(text, gaz)
    assert {s["o"] for s in st if s.get("p") == "party"} == {"russia", "armenia"}
    _, st = _events(
        "Azerbaijan and Armenia met. The two sides’ previous round of fighting in April 2016 was short.", gaz
    )
    assert {s["o"] for s in st if s.get("p") == "participant"} == {"azerbaijan", "armenia"}


def test_a_visitor_and_where_they_went(gaz: Gazetteer) -> None:
    _, st = _events("Ilham Aliyev – who visited Armenia in 2016 – spoke.", gaz)
    roles = {(s["p"], s["o"]) for s in st if "o" in s}
    assert {("agent", "ilham-aliyev"), ("place", "armenia")} <= roles


def test_a_war_fought_since_a_date_starts_then(gaz: Gazetteer) -> None:
    _, st = _events("Since February 2022, Armenia and Azerbaijan have fought a war.", gaz)
    assert {(s["p"], s.get("value", s.get("o"))) for s in st} >= {
        ("startDate", "2022-02"),
        ("participant", "armenia"),
        ("participant", "azerbaijan"),
    }


def test_launched_does_not_reach_past_a_clause_break(gaz: Gazetteer) -> None:
    text = "In 2023 Azerbaijan launched an offensive on Stepanakert, following Armenia’s attacks."
    _, st = _events(text, gaz)
    attackers = {(s["s"], s["o"]) for s in st if s.get("p") == "attacker"}
    assert ("armenia" in {o for _, o in attackers}) and len({s for s, _ in attackers}) == 2


def test_a_descriptor_in_apposition_types_the_name(gaz: Gazetteer) -> None:
    props = propose(
        "Israel attacked the terrorist group, Zarqa, in 2023. Support for Zarqa grew.", "t", "2020-09-28", gaz
    )
    assert props.entities["zarqa"].type == "ArmedGroup"


# --- the fifth round: figures, speakers, relative dates, citations ------------------------------


@pytest.mark.parametrize(
    "phrase, count, qualifier, kind",
    [
        ("three soldiers went missing and 40 were missing", 40, "exactly", "missing"),
        ("up to 50 soldiers are missing", 50, "up-to", "missing"),
        ("thousands more expelled from Armenia", None, "unspecified", "displaced"),
    ],
)
def test_bare_casualty_words_after_a_number(
    gaz: Gazetteer, phrase: str, count: int | None, qualifier: str, kind: str
) -> None:
    text = f"Azerbaijan launched an offensive on Sunday. In the fighting, {phrase}."
    got = [c for c in section(text, gaz, "casualties") if c.get("count") == count]
    assert got and got[-1]["qualifier"] == qualifier and got[-1]["type"] == kind


def test_a_number_of_something_else_is_no_headcount(gaz: Gazetteer) -> None:
    text = "Azerbaijan launched an offensive on Sunday. Two generations of its officers were trained abroad."
    assert section(text, gaz, "measurements") == []


def test_casualties_without_a_number(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on Sunday. The attacks left 10 Armenian soldiers dead, "
        "with more wounded. Later, Azerbaijani soldiers killed in the fighting were buried."
    )
    got = section(text, gaz, "casualties")
    more = next(c for c in got if c["quote"].endswith("more wounded"))
    assert "count" not in more and more["type"] == "wounded" and more["side"] == "armenia"  # the side before
    named = next(c for c in got if c["quote"].startswith("Azerbaijani soldiers"))
    assert named["qualifier"] == "unspecified" and named["side"] == "azerbaijan" and named["category"] == "soldiers"


def test_a_casualty_figure_hangs_on_fighting_not_on_a_visit(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on 27 September 2020. Ilham Aliyev visited Stepanakert on "
        "5 October 2020. 30 soldiers were killed."
    )
    (c,) = section(text, gaz, "casualties")
    events, _ = _events(text, gaz)
    assert events[c["event"]] == "Offensive"


def test_a_transfer_gives_the_recipient_a_holding(gaz: Gazetteer) -> None:
    text = "Russia has sold twelve T-72 tanks to Armenia."
    (t,) = section(text, gaz, "transfers")
    (h,) = section(text, gaz, "holdings")
    assert (t["supplier"], t["recipient"], t["count"]) == ("russia", "armenia", 12)
    assert (h["operator"], h["system"], h["count"], h["qualifier"]) == ("armenia", "t-72", 12, "exactly")


def test_models_held_without_a_number(gaz: Gazetteer) -> None:
    text = "The Azerbaijani Army is large, its tank pool consisting of T-72s and T-90s."
    got = {(h["operator"], h["system"], h["qualifier"]) for h in section(text, gaz, "holdings")}
    assert got == {
        ("azerbaijani-armed-forces", "t-72", "unspecified"),
        ("azerbaijani-armed-forces", "t-90", "unspecified"),
    }
    text = "The T-72s of the Azerbaijani Army were upgraded."
    assert [h["operator"] for h in section(text, gaz, "holdings")] == ["azerbaijani-armed-forces"]


def test_models_supplied_by_a_state(gaz: Gazetteer) -> None:
    text = "The Azerbaijani Army used the T-72 tanks supplied by Russia in 2020."
    (t,) = section(text, gaz, "transfers")
    assert (t["supplier"], t["recipient"], t["system"]) == ("russia", "azerbaijani-armed-forces", "t-72")


def test_imported_equipment_names_its_supplier(gaz: Gazetteer) -> None:
    text = "The Azerbaijani Army now operates over forty Russian-made mobile air defence systems."
    (h,) = section(text, gaz, "holdings")
    (t,) = section(text, gaz, "transfers")
    assert h["system"] == t["system"] == "russian-made-mobile-air-defence-systems"
    assert (h["count"], h["qualifier"]) == (40, "more-than") and t["supplier"] == "russia"
    # the army's own state's equipment stays a count
    assert section("The Azerbaijani Army now operates 186 Azerbaijani tanks.", gaz, "holdings") == []


def test_a_model_name_before_a_weapon_acronym(gaz: Gazetteer) -> None:
    props = propose("The army now operates forty Turkish Sakaya MRLS.", "t", "2020-09-28", gaz)
    assert props.entities["sakaya"].type == "WeaponSystem"


def test_a_maker_before_its_model(gaz: Gazetteer) -> None:
    props = propose("It now strikes courtesy of Israel Aerospace Industries LORA ballistic missiles.", "t", "2020", gaz)
    assert props.entities["israel-aerospace-industries"].type == "Company"
    assert props.entities["lora"].type == "WeaponSystem"


def test_a_speaker_after_what_was_said(gaz: Gazetteer) -> None:
    text = "More than 100 Azerbaijani soldiers were killed, Armenia claimed. Six civilians died, said Baku."
    got = {c["value"]: c["by"] for c in _stated(text, gaz)}
    assert got == {
        "More than 100 Azerbaijani soldiers were killed": "government-of-armenia",
        "Six civilians died": "government-of-azerbaijan",
    }


def test_a_new_subject_after_and_ends_what_was_said(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev promised to rebuild Stepanakert and a deal with Russia was announced."
    (c,) = _stated(text, gaz)
    assert c["value"] == "to rebuild Stepanakert"
    # after 'that', the reported words may go on past 'and'
    text = "Ilham Aliyev said that the army had won and the war was over."
    (c,) = _stated(text, gaz)
    assert c["value"] == "the army had won and the war was over"


def test_nobody_in_particular_is_no_speaker(gaz: Gazetteer) -> None:
    assert _stated("This is not to suggest that any Armenian government said Karabakh was lost.", gaz) == []
    assert _stated("Iran is a country that Armenia views as a partner.", gaz) == []


@pytest.mark.parametrize(
    "phrase, value",
    [
        ("earlier this month", "2020-09"),
        ("later this year", "2020"),
        ("next month", "2020-10"),
        ("last night", "2020-09-27"),
        ("this morning", "2020-09-28"),
        ("fourteen years ago", "2006"),  # a count of years gives a year
    ],
)
def test_relative_dates_against_the_document_date(phrase: str, value: str) -> None:
    got = dates(f"The clashes began {phrase}.", "2020-09-28")
    assert got[phrase][0] == value and got[phrase][1]


def test_relative_dates_against_the_date_before_them() -> None:
    assert (
        dates("The war ended on 9 November 2020. Twenty-five years later peace came.")["Twenty-five years later"][0]
        == "2045"
    )
    assert dates("The war ended on 9 November 2020; the day before, talks failed.")["the day before"][0] == "2020-11-08"
    got = dates("The deal came on 7 December 2023. The following week it was ratified.")
    assert got["The following week"][0] == "2023-12"
    got = dates("He spoke in 2021; almost concurrently, the minister denied it.")
    assert got["almost concurrently"][0] == "2021"
    # a decade is no date we can write, but the date before it no longer holds after it
    got = dates("The war ended in 1994. Since the late 1980s Azeris fled; concurrently, Armenians left.")
    assert "concurrently" not in got


def test_a_cited_headline_dates_its_own_relative_words() -> None:
    text = "[ix] Jane Doe, ‘Karabakh will cease to exist from next year’, CNN 28 September 2023\n"
    value, why = dates(text, "2024-03")["next year"]
    assert value == "2024" and "cited headline" in why


def test_a_cited_title_names_a_work_its_author_and_outlet(gaz: Gazetteer) -> None:
    text = "[viii] Barbara Tasch, ‘Armenia and Azerbaijan to work towards peace deal’, BBC News 8 December 2023\n"
    props = propose(text, "t", "2024-03", gaz)
    types = {e.label: e.type for e in props.entities.values()}
    assert types["Armenia and Azerbaijan to work towards peace deal"] == "CitedWork"
    assert types["Barbara Tasch"] == "Person" and types["BBC News"] == "MediaOutlet"
    # the names inside the title are part of it, not mentions of their own
    assert not [m for m in props.mentions if m.entity in ("armenia", "azerbaijan")]


def test_a_bare_cited_title_after_its_authors_names_them(gaz: Gazetteer) -> None:
    # an endnote that ends after the title: no outlet, no year; authors after any lower-case word
    text = (
        "[ix] For a fuller account, see Maria Example and Tom Sample, ‘The Long Road Through the Hills’,\n"
        "[x] The question is discussed at Olga Invented, ‘Why Rivers Change Course’, Daily Planet, 3 May 2021\n"
        "[xi] He said, ‘we will come back soon’,\n"
    )
    props = propose(text, "t", "2024-03", gaz)
    types = {e.label: e.type for e in props.entities.values()}
    assert types["The Long Road Through the Hills"] == "CitedWork"
    assert types["Maria Example"] == types["Tom Sample"] == types["Olga Invented"] == "Person"
    # a quotation after a speaker is no title: a bare title needs its authors' names before it
    assert "we will come back soon" not in types


def test_a_known_event_by_what_its_trigger_is_of(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "entities:\n"
        "  - {id: soviet-union, type: State, label: Soviet Union, aliases: [USSR]}\n"
        "  - {id: dissolution-of-the-soviet-union, type: Dissolution, label: Dissolution of the Soviet Union}\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.from_files([FIX / "entities" / "core.yaml", extra])
    _, st = _events("Karabakh was seized during the breakup of the USSR in 1991.", gaz)
    assert {"s": "dissolution-of-the-soviet-union", "p": "date", "value": "1991"} in st


def test_elected_and_captured(gaz: Gazetteer) -> None:
    _, st = _events("Nikol Pashinyan was elected in 2018. In 2020, Azerbaijan seized Stepanakert.", gaz)
    roles = {(s["p"], s["o"]) for s in st if "o" in s}
    assert ("victor", "nikol-pashinyan") in roles and ("target", "stepanakert") in roles


def test_displacement_from_a_place_without_a_date(gaz: Gazetteer) -> None:
    text = "At least 600,000 Azeris were forced out of Karabakh."
    events, _ = _events(text, gaz)
    (c,) = section(text, gaz, "casualties")
    assert events[c["event"]] == "Displacement" and c["side"] == "azerbaijan"


def test_a_demonym_group_is_a_group(gaz: Gazetteer) -> None:
    props = propose("Fighting broke out on Sunday between Armenian separatists and Azerbaijan.", "t", "2020-09-28", gaz)
    assert props.entities["armenian-separatists"].type == "Group"
    parts = {i.fields["o"] for i in props.items if i.fields.get("p") == "participant"}
    assert "armenia" not in parts


def test_a_duration_of_an_event(gaz: Gazetteer) -> None:
    text = "On 12 September 2022 Azerbaijan began a month of artillery barrages. In 2021, months of shelling followed."
    got = [m for m in section(text, gaz, "measurements") if m["measure"] == "duration"]
    assert (got[0]["value"], got[0]["unit"], got[0]["qualifier"]) == (1, "months", "exactly")
    assert got[1]["value_text"] == "months" and got[1]["qualifier"] == "unspecified"


def test_a_cited_headline_is_its_outlets_claim(gaz: Gazetteer) -> None:
    text = "[xxxvi] ‘Armenian soldiers killed in clashes on the border’, al Jazeera 13 February 2024\n"
    props = propose(text, "t", "2024-03", gaz)
    assert {e.label: e.type for e in props.entities.values()}["al Jazeera"] == "MediaOutlet"
    (c,) = section(text, gaz, "casualties", "2024-03")
    assert (c["by"], c["side"], c["qualifier"]) == ("al-jazeera", "armenia", "unspecified")


# --- round six: dates across clauses, headlines, offices taken up ------------------------


def _dated(text: str, gaz: Gazetteer, doc_date: str = "2020-09-28") -> set[tuple[str, str]]:
    props = propose(text, "t", doc_date, gaz)
    return {
        (props.entities[i.fields["s"]].type if i.fields["s"] in props.entities else i.fields["s"], i.fields["value"])
        for i in props.items
        if i.fields.get("p") in ("date", "startDate", "endDate")
    }


def test_a_date_before_a_clause_does_not_date_its_trigger(gaz: Gazetteer) -> None:
    # the year dates the saying, not the fighting inside what was said
    assert not any(
        t == "Battle" for t, _ in _dated("Ivan Petrov said in 2021 that the days of fighting are over.", gaz)
    )
    # nor the visits of a new clause after "and"
    assert not any(
        t == "Visit" for t, _ in _dated("They signed a treaty in 2010 and Petrov has been a regular visitor.", gaz)
    )
    # without a clause between, it still does
    assert ("Battle", "2016") in _dated("In 2016 fighting broke out along the border of Armenia.", gaz)


def test_a_date_after_a_nearer_trigger_is_that_triggers(gaz: Gazetteer) -> None:
    got = _dated("Armenia and Azerbaijan keep a standoff punctuated by wars, in 1988-1994 and 2020.", gaz)
    assert ("War", "1988") in got and ("War", "1994") in got
    props = propose("Armenia and Azerbaijan keep a standoff punctuated by wars, in 1988-1994.", "t", "2020-09-28", gaz)
    standoff = [m for m in props.mentions if props.text[m.start : m.end] == "standoff"]
    dated = {i.fields["s"] for i in props.items if i.fields.get("value") == "1988"}
    assert not any(
        m.entity in dated
        and not any(x.entity == m.entity and props.text[x.start : x.end] == "wars" for x in props.mentions)
        for m in standoff
    )


def test_fighting_in_a_cited_headline_is_dated_by_its_month() -> None:
    text = "See ‘Armenian soldiers killed in clashes with Azerbaijan’, al Jazeera 13 February 2024, online."
    gaz = Gazetteer.from_dir(FIX / "entities")
    props = propose(text, "t", "2024-03-01", gaz)
    dates_ = [i for i in props.items if i.fields.get("p") in ("date", "startDate")]
    assert [i.fields["value"] for i in dates_] == ["2024-02"]
    assert "headline" in dates_[0].extra["date_resolution"]
    # a figure of speech in a headline is no event
    props = propose("See ‘A new plan faces an uphill battle’, Eurasianet 7 February 2024.", "t", "2024-03-01", gaz)
    assert not [i for i in props.items if i.fields.get("p") in ("date", "startDate")]


def test_a_person_who_became_president_holds_the_office(gaz: Gazetteer) -> None:
    text = "Cooperation grew since Mr Ivan Petrov became president, and Russia sent advisers."
    props = propose(text, "t", "2020-09-28", gaz)
    tenures = {(i.fields["holder"], i.fields["position"]) for i in props.items if i.section == "tenures"}
    assert ("ivan-petrov", "president-of-russia") in tenures


def _roles(text: str, gaz: Gazetteer) -> set[tuple[str, str, str]]:
    props = propose(text, "t", "2020-09-28", gaz)
    typed = {k: e.type for k, e in props.entities.items()}
    return {
        (typed.get(i.fields["s"], i.fields["s"]), i.fields["p"], i.fields["o"])
        for i in props.items
        if i.section == "statements" and "o" in i.fields
    }


def test_who_fights_or_trains_with_whom(gaz: Gazetteer) -> None:
    got = _roles("Armenian soldiers died on 13 February 2024 in a confrontation with Azeri forces.", gaz)
    assert ("Battle", "participant", "azerbaijani-armed-forces") in got  # the longest name, not the demonym
    got = _roles("In 2023 troops took part in a training exercise in Baku alongside the Azerbaijani Armed Forces.", gaz)
    assert ("Training", "participant", "azerbaijani-armed-forces") in got


def test_the_target_of_threats_and_a_mission_to_a_place(gaz: Gazetteer) -> None:
    assert ("Announcement", "target", "armenia") in _roles("In 2021 Baku made threats to Armenia.", gaz)
    got = _roles("In January 2022 Russia’s ‘stabilisation’ mission to Armenia began.", gaz)
    assert ("Deployment", "agent", "russia") in got  # a quoted word between the possessive and the trigger
    assert ("Deployment", "place", "armenia") in got


def test_a_title_before_the_speaker_of_a_noun_trigger(gaz: Gazetteer) -> None:
    props = propose(
        "Nikol Pashinyan said that, to judge from statements from President Aliyev, peace was near.",
        "t",
        "2020-09-28",
        gaz,
    )
    agents = [i for i in props.items if i.fields.get("p") == "agent" and i.fields.get("o") == "ilham-aliyev"]
    assert agents
    assert all(i.by is None for i in agents)  # who made a speech act is not the other speaker's claim


def test_an_undated_act_far_away_is_not_merged_into_a_dated_one(gaz: Gazetteer) -> None:
    text = "In January 2022 Russia deployed troops to Armenia.\n\nLater, Russia deployed troops into Stepanakert."
    props = propose(text, "t", "2020-09-28", gaz)
    deployments = [e for e in props.entities.values() if e.type == "Deployment"]
    assert len(deployments) == 2


# --- round seven: endnote marks, short forms, described names, speakers ---------------------


def _links(text: str, gaz: Gazetteer) -> set[tuple[str, str]]:
    props = propose(text, "t", "2020-09-28", gaz)
    return mentioned(props)


def test_a_name_before_an_endnote_mark_is_found(gaz: Gazetteer) -> None:
    from kg.ingest import nlp

    text = "Oil went to Russia.[xv] Azerbaijan grew rich."
    assert ("Russia", "russia") in _links(text, gaz)
    bounds = nlp.sentence_bounds(nlp.parse(text))
    assert [text[s:e] for s, e in bounds] == ["Oil went to Russia.[xv]", "Azerbaijan grew rich."]


def test_an_acronym_defined_in_the_text_is_found_again(gaz: Gazetteer) -> None:
    text = (
        "Armenia joined the Collective Security Treaty Organisation (CSTO) and the Eastern Union (EU). "
        "It left the CSTO.[x] The EU stayed."
    )
    links = _links(text, gaz)
    assert ("CSTO", "collective-security-treaty-organisation") in links
    assert ("EU", "eastern-union") in links


def test_another_given_name_before_a_known_surname_is_another_person(gaz: Gazetteer) -> None:
    text = "The pact was summarised by Heydar Aliyev, Ilham Aliyev’s father."
    props = propose(text, "t", "2020-09-28", gaz)
    assert props.entities["heydar-aliyev"].type == "Person"
    assert ("Aliyev", "ilham-aliyev") not in _links(text, gaz)


def test_a_short_form_names_the_entity_named_in_full_before(gaz: Gazetteer) -> None:
    text = "The Caspian Army was cut. Officers of the Army objected."
    links = _links(text, gaz)
    assert ("Army", "caspian-army") in links


def test_a_common_noun_next_to_a_name_types_it(gaz: Gazetteer) -> None:
    text = (
        "Missiles struck the Azerbaijani city of Ganja and took Shusha, a mountain town. "
        "The defence manufacturers Elbit and Rafael upgraded tanks after the presidency of Serzh Sargsyan."
    )
    types = {e.label: e.type for e in propose(text, "t", "2020-09-28", gaz).entities.values()}
    assert types["Ganja"] == "Settlement" and types["Shusha"] == "Settlement"
    assert types["Elbit"] == "Company" and types["Rafael"] == "Company"
    assert types["Serzh Sargsyan"] == "Person"


def test_a_places_officials_name_its_state(gaz: Gazetteer) -> None:
    links = _links("Karabakh officials announced 32 soldiers had been killed.", gaz)
    assert ("Karabakh", "republic-of-artsakh") in links


def test_a_name_after_a_preposition_is_not_the_speaker(gaz: Gazetteer) -> None:
    text = "The Caspian Army was cut, while others within the Army have suggested that drones should be used."
    props = propose(text, "t", "2020-09-28", gaz)
    assert not any(i.by == "caspian-army" for i in props.items)


def test_a_speaker_across_an_apposition_and_a_parenthetical(gaz: Gazetteer) -> None:
    text = (
        "Peace came as Ivan Petrov, President of Artsakh – according to Russia, a statelet – ordered all bodies "
        "to cease functioning and proclaimed that Artsakh itself would dissolve on 1 January 2024."
    )
    props = propose(text, "t", "2023-12-07", gaz)
    dated = [i for i in props.items if i.fields.get("value") == "2024-01-01"]
    assert dated and dated[0].by == "ivan-petrov"
    assert any(i.fields.get("p") == "statedContent" and i.by == "ivan-petrov" for i in props.items)


def test_a_document_speaks_for_the_body_its_name_begins_with(gaz: Gazetteer) -> None:
    text = (
        "The Ministry of Defence was cut; the Ministry of Defence Command Paper of 2023, suggested that "
        "mass was now less important."
    )
    props = propose(text, "t", "2023-12-07", gaz)
    (said,) = [i for i in props.items if i.fields.get("p") == "statedContent"]
    assert said.by == "ministry-of-defence" and said.fields["s"] == "ministry-of-defence-command-paper"


def test_the_size_of_an_announced_investment_is_the_authors_fact(gaz: Gazetteer) -> None:
    text = "President Aliyev has announced $600 million of investment in Azerbaijan’s arms industry."
    (m,) = section(text, gaz, "measurements")
    assert m["value"] == 600000000 and m["by"] is None
    props = propose(text, "t", "2023-12-07", gaz)
    assert any(i.fields.get("p") == "statedContent" and i.by == "ilham-aliyev" for i in props.items)


def test_a_while_inside_quoted_words_does_not_end_the_speakers_clause(gaz: Gazetteer) -> None:
    text = (
        "Ilham Aliyev said that ‘allies would be won while enemies would be lost’ in ‘a new age’ "
        "while others disagreed."
    )
    props = propose(text, "t", "2023-12-07", gaz)
    (said,) = [i for i in props.items if i.fields.get("p") == "statedContent"]
    assert "a new age" in said.fields["value"] and "others" not in said.fields["value"]


def test_sizes_and_widths_measure_what_they_describe(gaz: Gazetteer) -> None:
    text = (
        "Russia inserted a brigade-sized peace force into Karabakh. Nakhchivan is cut off by a fifty-mile wide strip. "
        "By 2025 the Caspian Army will have 72,000 active service personnel."
    )
    got = section(text, gaz, "measurements")
    assert not any(m["measure"] == "width" for m in got)
    assert not any(m.get("value_text") == "brigade-sized" for m in got)
    (strength,) = [m for m in got if m["measure"] == "troop-strength"]
    assert (strength["entity"], strength["value"]) == ("caspian-army", 72000)


def test_a_head_word_before_of_types_a_longer_name(gaz: Gazetteer) -> None:
    text = "A deal was signed by the State Oil Company of Azerbaijan (SOCAR). SOCAR will drill."
    props = propose(text, "t", "2020-09-28", gaz)
    e = props.entities["state-oil-company-of-azerbaijan"]
    assert e.type == "Company" and "SOCAR" in e.aliases
    assert ("SOCAR", e.id) in _links(text, gaz)


def test_what_an_event_acts_on_is_counted_on_it(gaz: Gazetteer) -> None:
    text = "On 3 March 2019 Azerbaijan launched an assault on three villages near Shusha."
    got = section(text, gaz, "measurements")
    assert [(m["measure"], m["value"], m["unit"], m["qualifier"]) for m in got] == [("count", 3, "villages", "exactly")]
    assert got[0]["entity"].startswith("azerbaijan-offensive")


def test_the_noun_of_an_attack_takes_its_target_and_support_verbs_their_subject(gaz: Gazetteer) -> None:
    assert ("Attack", "target", "stepanakert") in _roles("In 2019 the shelling of Stepanakert began.", gaz)
    got = _roles("In 2019 Armenia passed resolutions on the matter.", gaz)
    assert ("Announcement", "agent", "armenia") in got


def test_a_fronted_phrase_of_prolonged_activity_takes_the_main_clause_subject(gaz: Gazetteer) -> None:
    got = _roles("Following weeks of angry threats, Armenia closed the border on Friday.", gaz)
    assert ("Announcement", "agent", "armenia") in got
    got = _roles("BAKU – After years of peace talks, Azerbaijan is losing patience.", gaz)
    assert ("Meeting", "participant", "azerbaijan") in got
    durations = section("After years of peace talks, Azerbaijan is losing patience.", gaz, "measurements")
    assert [(m["measure"], m["value_text"], m["unit"]) for m in durations] == [("duration", "years", "years")]


def test_a_fronted_phrase_gives_no_agent_when_its_subject_is_not_written(gaz: Gazetteer) -> None:
    # a participle's subject is understood ("After inflicting ..."), and a directed act need not
    # be the subject's (after months of shelling, the subject may be the one shelled)
    assert not _roles("After inflicting months of threats, Armenia withdrew.", gaz)
    assert not _roles("After months of shelling, Armenia withdrew.", gaz)
    assert not _roles("After months of threats, the talks failed.", gaz)


def _tenures(props) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(i.fields["holder"], i.fields["position"]) for i in props.items if i.section == "tenures"}


def test_offices_by_acronym_successor_and_predecessor(gaz: Gazetteer) -> None:
    text = (
        "A former French Chief of the General Staff (CGS) General Jean Dupont spoke often. "
        "General Dupont’s successor as CGS, General Paul Martin, disagreed. "
        "The new CGS, General Luc Bernard, said little."
    )
    props = propose(text, "900", "2021-01-01", gaz)
    pos = "chief-of-the-general-staff-of-france"
    assert {("jean-dupont", pos), ("paul-martin", pos), ("luc-bernard", pos)} <= _tenures(props)


def test_predecessor_as_president_gives_both_their_office(gaz: Gazetteer) -> None:
    text = (
        "The Russian President Ivan Ivanov spoke. Later the line was summed up by Mr Oleg Ivanov, "
        "Ivan Ivanov’s father and predecessor as president, in a speech."
    )
    t = _tenures(propose(text, "900", "2021-01-01", gaz))
    assert {("oleg-ivanov", "president-of-russia"), ("ivan-ivanov", "president-of-russia")} <= t


def test_lower_case_office_of_a_body_and_a_presidency(gaz: Gazetteer) -> None:
    text = "General Sir John Smith, like General Tom Brown a former commanding officer of 7 Rifles, spoke."
    t = _tenures(propose(text, "900", "2021-01-01", gaz))
    assert {("john-smith", "commanding-officer-of-7-rifles"), ("tom-brown", "commanding-officer-of-7-rifles")} <= t


def test_agreement_parties_with_and_its(gaz: Gazetteer) -> None:
    text = "Russia keeps its security alliance with Armenia."
    props = propose(text, "900", "2021-01-01", gaz)
    parties = {i.fields.get("o") for i in props.items if i.section == "statements" and i.fields.get("p") == "party"}
    assert {"russia", "armenia"} <= parties


# --- characterisations and listed speakers (eleventh round) ------------------------------


def _said_so(text: str, gaz: Gazetteer, doc_date: str = "2021-06-01") -> list[tuple[str, str, str | None, str]]:
    props = propose(text, "t", doc_date, gaz)
    return [
        (i.fields["p"], i.fields["value"], i.by, i.modality or "")
        for i in props.items
        if i.fields.get("p") in ("designation", "rdfs:comment")
    ]


def test_accusations_of_a_word_in_scare_quotes_are_that_sides_claim(gaz: Gazetteer) -> None:
    got = _said_so("In March 2021, Russia closed the border, leading to Azerbaijani accusations of ‘blockade’.", gaz)
    assert got == [("designation", "blockade", "azerbaijan", "alleged")]
    got = _said_so("In March 2021, Russia launched an offensive, with Armenia’s claims of genocide.", gaz)
    assert got == [("designation", "genocide", "armenia", "alleged")]
    # the author's own word, with no party beside it, is no claim
    assert not _said_so("In March 2021, Russia closed the border: a ‘blockade’ in all but name.", gaz)


def test_a_naming_verb_gives_the_events_agent_as_the_party(gaz: Gazetteer) -> None:
    got = _said_so("Armenia’s offensive, launched on 3 May 2021, was dubbed a ‘peace operation’.", gaz)
    assert got == [("designation", "peace operation", "armenia", "")]


def test_a_partys_own_word_for_its_event(gaz: Gazetteer) -> None:
    got = _said_so("Armenia sent a contingent to Russia’s ‘stabilisation’ mission to Syria in May 2021.", gaz)
    assert ("designation", "stabilisation", "russia", "") in got


def test_each_listed_speaker_makes_the_claim(gaz: Gazetteer) -> None:
    text = (
        "The vote came as Ivan Petrov, President of Artsakh – according to Russia, Armenia and every other "
        "state, the illegal leader of a statelet occupying Karabakh – resigned on 3 May 2021."
    )
    got = _said_so(text, gaz)
    assert sorted(by for _, _, by, _ in got) == ["government-of-armenia", "government-of-russia"]
    assert {v for _, v, _, _ in got} == {"illegal leader of a statelet occupying Karabakh"}
    # "every other state" names no one: no third claim; a neutral phrase is no characterisation
    text = "The vote came as Ivan Petrov – according to Russia and Armenia, a popular leader – resigned."
    assert not _said_so(text, gaz)


def test_troops_taking_part_give_the_events_strength(gaz: Gazetteer) -> None:
    text = "In May 2021, 40 troops from the Azerbaijani Army took part in a training exercise in Armenia."
    got = [m for m in section(text, gaz, "measurements") if m["measure"] == "troop-strength"]
    assert [(m["value"], m["qualifier"]) for m in got] == [(40, "exactly")]


def test_a_stretch_of_time_after_an_event_is_its_duration(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev has been a regular visitor to Armenia over the past twelve years."
    got = [m for m in section(text, gaz, "measurements") if m["measure"] == "duration"]
    assert [(m["value"], m["unit"], m["qualifier"]) for m in got] == [(12, "years", "exactly")]
    # "two years later" dates something; it is no duration
    text = "Ilham Aliyev visited Armenia in 2019 and again two years later."
    assert not [m for m in section(text, gaz, "measurements") if m["measure"] == "duration"]


# --- a speaker after the clause it reports ------------------------------------------------


def test_a_states_body_after_the_clause_is_its_speaker(gaz: Gazetteer) -> None:
    text = "Azeri troops shelled Khankendi on Monday, Russia's defence ministry said, accusing Baku of aggression."
    got = section(text, gaz, "statements")
    body = "russian-defence-ministry"
    # the reported event's details are the speaker's claim; the speech act is the author's report
    roles = {(s["p"], s.get("o")): s["by"] for s in got if s.get("p") in ("attacker", "defender", "target")}
    assert roles == {("attacker", "azerbaijani-armed-forces"): body, ("target", "stepanakert"): body}
    (dated,) = [s for s in got if s["p"] == "date" and s["s"] != body]
    assert dated["by"] == body
    (said,) = [s for s in got if s["p"] == "statedContent"]
    assert said["by"] == body and said["value"] == "Azeri troops shelled Khankendi on Monday"
    (agent,) = [s for s in got if s["p"] == "agent"]
    assert agent["o"] == body and agent["by"] is None and agent["quote"] == "Russia's defence ministry said"
    # "on Monday" lies inside what was said: the speech act is not dated by it
    assert not [s for s in got if s["p"] == "date" and s["s"] == said["s"]]
    # the accusation is the speaker's characterisation of the event it reports
    (word,) = [s for s in got if s["p"] == "designation"]
    assert (word["value"], word["by"], word["modality"], word["s"]) == ("aggression", body, "alleged", dated["s"])


def test_a_possessive_in_the_speakers_phrase_is_no_participant(gaz: Gazetteer) -> None:
    text = "Azerbaijani forces attacked on 3 May 2021, Armenia's foreign ministry said."
    got = section(text, gaz, "statements")
    assert not [s for s in got if s.get("o") in ("armenia", "armenian-foreign-ministry") and s["p"] != "agent"]
    assert {s["by"] for s in got if s["p"] == "attacker"} == {"armenian-foreign-ministry"}


def test_the_demonym_form_and_officials_speak_after_the_clause_too(gaz: Gazetteer) -> None:
    text = "Armenian forces fired on Stepanakert on 3 May 2021, the Azerbaijani foreign ministry said."
    assert {s["by"] for s in _stated(text, gaz)} == {"azerbaijani-foreign-ministry"}
    text = "Armenian forces fired on Stepanakert on 3 May 2021, Russian officials said."
    assert {s["by"] for s in _stated(text, gaz)} == {"russian-officials"}


def test_according_to_the_ministry_is_the_ministry_named_before(gaz: Gazetteer) -> None:
    text = (
        "Azeri troops shelled Khankendi on Monday, Armenia's defence ministry said. "
        "At least 12 soldiers were killed and more than 30 civilians wounded, according to the ministry."
    )
    got = section(text, gaz, "casualties")
    assert [(c["count"], c["by"]) for c in got] == [
        (12, "armenian-defence-ministry"),
        (30, "armenian-defence-ministry"),
    ]
    # the quote stays on the figure: the speaker comes after it
    assert got[0]["quote"] == "At least 12 soldiers were killed"
    # the same figures with no speaker are the author's
    text = "Azeri troops shelled Khankendi on Monday. At least 12 soldiers were killed."
    assert [c["by"] for c in section(text, gaz, "casualties")] == [None]


def test_a_date_after_on_is_not_what_an_attack_is_on(gaz: Gazetteer) -> None:
    text = "Azeri troops shelled the town on Sunday, Armenia and Russia protested."
    got = section(text, gaz, "statements")
    assert not [s for s in got if s["p"] in ("defender", "target")]


def test_a_shared_surname_is_linked_when_no_surname_is_unique() -> None:
    """With only two Aliyevs known, the shared surname still finds the one named in full."""
    gaz = Gazetteer()
    gaz.add_raw(
        [
            {"id": "ilham-aliyev", "type": "Person", "label": "Ilham Aliyev"},
            {"id": "heydar-aliyev", "type": "Person", "label": "Heydar Aliyev"},
        ]
    )
    text = "Ilham Aliyev spoke first. Later, Aliyev left."
    assert ("Aliyev", "ilham-aliyev") in mentioned(propose(text, "t", "2023-12-07", gaz))


def test_widths_in_km_and_vehicles_are_measured(gaz: Gazetteer) -> None:
    text = (
        "The Lachin corridor, 5 km wide, shall remain under the control of the peacekeeping contingent of the "
        "Russian Federation. The peacekeeping contingent of the Russian Federation, namely, 1,960 military "
        "personnel with small arms, 90 armored personnel carriers and 380 motor vehicles, shall be deployed."
    )
    got = {(m["entity"], m["measure"], m["value"], m.get("unit")) for m in section(text, gaz, "measurements")}
    assert ("lachin-corridor", "width", 5, "kilometres") in got
    assert ("russia", "count", 380, "motor vehicles") in got


def test_a_loss_hangs_on_the_known_war_the_text_names(gaz: Gazetteer) -> None:
    """A war the graph knows, named but not found by a trigger word, still takes the figures after it."""
    got = section("During the Second Karabakh War, Armenia lost 12 tanks, the ministry said.", gaz, "losses")
    assert [(x["event"], x["side"], x["count"]) for x in got] == [("2020-karabakh-war", "armenia", 12)]


def test_every_figure_of_a_list_after_lost_is_a_loss(gaz: Gazetteer) -> None:
    text = "During the Second Karabakh War, Azerbaijan lost 4 helicopters, 20 tanks, and 3 trucks."
    got = section(text, gaz, "losses")
    assert [(x["side"], x["count"], x["weapon_type"]) for x in got] == [
        ("azerbaijan", 4, "helicopter"),
        ("azerbaijan", 20, "tank"),
        ("azerbaijan", 3, "military-vehicle"),
    ]


def test_two_states_that_clashed_both_take_part(gaz: Gazetteer) -> None:
    props = propose("Armenia and Azerbaijan clashed on Tuesday.", "t", "2022-09-14", gaz)
    (battle,) = [e for e in props.entities.values() if e.type == "Battle"]
    roles = {(it.fields["p"], it.fields.get("o")) for it in props.items if it.fields.get("s") == battle.id}
    assert {("participant", "armenia"), ("participant", "azerbaijan"), ("startDate", None)} <= roles


def test_a_provocation_committed_is_an_attack_and_its_figures_keep_their_category(gaz: Gazetteer) -> None:
    """A ministry's 'provocation' is an attack by whoever 'committed' it; 'and ten were wounded'
    counts the servicemen of the figure before it; 'at least' does not cross the verb."""
    text = (
        "On 16 November, units of the Armenian armed forces committed a large-scale military provocation on the "
        "border. As a result of the provocation, seven servicemen of the Republic of Azerbaijan were killed and ten "
        "were wounded. At least 100 Azerbaijani civilians were killed and 416 wounded."
    )
    props = propose(text, "t", "2021-11-16", gaz)
    (attack,) = [e for e in props.entities.values() if e.type == "Attack"]
    attackers = [
        it.fields["o"] for it in props.items if it.fields.get("s") == attack.id and it.fields["p"] == "attacker"
    ]
    assert attackers == ["armenian-armed-forces"]
    casualties = [it.fields for it in props.items if it.section == "casualties"]
    assert [(c["count"], c["qualifier"], c["category"], c["type"]) for c in casualties] == [
        (7, "exactly", "soldiers", "killed"),
        (10, "exactly", "soldiers", "wounded"),
        (100, "at-least", "civilians", "killed"),
        (416, "exactly", "civilians", "wounded"),
    ]
    assert casualties[0]["event"] == casualties[1]["event"] == attack.id


def test_a_list_of_equipment_before_the_verb_of_its_loss(gaz: Gazetteer) -> None:
    """A count opening a sentence is no part of a weapon's name, and every figure of a list the
    verb after it governs is a loss; a suffix of a known name is no new weapon."""
    text = (
        "Armenia and Azerbaijan clashed on Tuesday. Two T-72 tanks and three BMP-2 infantry fighting vehicles "
        "were destroyed. Russia sold Armenia Iskander-E missile systems."
    )
    props = propose(text, "t", "2022-09-14", gaz)
    assert {e.label for e in props.entities.values() if e.type == "WeaponSystem"} == {"BMP-2"}
    losses = [it.fields for it in props.items if it.section == "losses"]
    assert [(x["system"], x["count"], x["loss_type"]) for x in losses] == [
        ("t-72", 2, "destroyed"),
        ("bmp-2", 3, "destroyed"),
    ]


def test_a_strike_in_another_month_is_not_the_known_one(gaz: Gazetteer) -> None:
    """A known attack whose label gives a month, or a side the text does not give, is not the
    strike a text reports in another month by an unnamed hand."""
    label = "Opening missile attacks of the September 2020 offensive"
    g = _with(gaz, {"id": "opening-strikes-2020", "type": "Attack", "label": label, "no_mentions": True})
    text = (
        "On October 28, 2020, rockets carrying cluster submunitions struck the centre of Barda, killing 21 civilians."
    )
    props = propose(text, "t", "2020-10-29", g)
    (attack,) = [e for e in props.entities.values() if e.type == "Attack"]
    casualties = [it.fields for it in props.items if it.section == "casualties"]
    assert [(c["event"], c["count"]) for c in casualties] == [(attack.id, 21)]


PRAGUE = (
    "Joint Statement of the Republic of Armenia and the Republic of Azerbaijan\n\n"
    "On the margins of the meeting in Prague, the President of the Republic of Azerbaijan, Ilham Aliyev, the "
    "Prime Minister of the Republic of Armenia, Nikol Pashinyan, and the President of the French Republic, "
    "Emmanuel Macron, met on 6 October 2022 and agreed on the following:\n\n"
    "1. The Parties shall release all persons detained in the hostilities of 13 and 14 September 2022 not later "
    "than 1 December 2022.\n"
    "2. The mission shall consist of up to 40 experts and shall start within 30 days.\n"
    "3. The commissions shall meet in October and report within 30 days of that meeting.\n"
    "4. The ministers shall meet before 15 November 2022 to advance the text of a peace treaty.\n\n"
    "Done at Prague on 7 October 2022.\n\n"
    "For the Republic of Azerbaijan: Ilham Aliyev\n"
    "For the Republic of Armenia: Nikol Pashinyan\n"
)


def test_an_agreement_text_with_a_title_of_its_parties_and_a_signature_block(gaz: Gazetteer) -> None:
    """A title line names the agreement whole; a paragraph ending 'agreed on the following:' is
    its preamble; the numbered provisions are its terms, with their deadlines (not one counted
    from something else); 'For X: Name' lines give parties and signatories; the closing formula
    dates it; a treaty the text means to advance is not one signed."""
    props = propose(PRAGUE, "t", "2022-10-07", gaz)
    (statement,) = [e for e in props.entities.values() if e.type == "JointStatement"]
    assert statement.label == "Joint Statement of the Republic of Armenia and the Republic of Azerbaijan"
    on_it = [
        it.fields for it in props.items if it.fields.get("s") == statement.id or it.fields.get("entity") == statement.id
    ]
    roles = {(f["p"], f.get("o", f.get("value"))) for f in on_it if "p" in f}
    assert {("party", "azerbaijan"), ("party", "armenia"), ("signingDate", "2022-10-07")} <= roles
    assert {("signatory", "ilham-aliyev"), ("signatory", "nikol-pashinyan")} <= roles
    assert len([r for r in roles if r[0] == "term"]) == 4
    due = [(f["due"], f["value_text"]) for f in on_it if f.get("measure") == "deadline"]
    assert due == [
        ("2022-12-01", "The Parties shall release all persons detained in the hostilities of 13 and 14 September 2022"),
        ("2022-11-06", "The mission shall start"),
        ("2022-11-15", "The ministers shall meet"),
    ]
    assert not any(e.type == "Treaty" for e in props.entities.values())
    short = propose(PRAGUE.replace("not later than 1 December 2022", "by 1 December"), "t", "2022-10-07", gaz)
    assert "2022-12-01" in [it.fields.get("due") for it in short.items]  # a day and month: the context's year
    tenures = {(it.fields["holder"], it.fields["position"]) for it in props.items if it.section == "tenures"}
    assert ("emmanuel-macron", "president-of-france") in tenures  # "the French Republic"
    (clashes,) = [e.id for e in props.entities.values() if e.type == "Battle"]
    dates = {(it.fields["p"], it.fields["value"]) for it in props.items if it.fields.get("s") == clashes}
    assert dates == {("startDate", "2022-09-13"), ("endDate", "2022-09-14")}


def _with(gaz: Gazetteer, *raw: dict) -> Gazetteer:
    g = Gazetteer.from_dir(FIX / "entities")
    g.add_raw(list(raw))
    return g


def test_a_claim_the_author_calls_untrue_is_the_claimants(gaz: Gazetteer) -> None:
    text = (
        "The claims of the Government of Azerbaijan that units of the Armenian army attacked the border "
        "are absolutely untrue."
    )
    props = propose(text, "t", "2021-11-16", gaz)
    said = [it for it in props.items if it.fields.get("p") == "statedContent"]
    assert [(it.fields["value"], it.by) for it in said] == [
        ("units of the Armenian army attacked the border", "government-of-azerbaijan")
    ]
    attack = [it for it in props.items if it.fields.get("p") == "attacker"]
    assert attack and all(it.by == "government-of-azerbaijan" and it.modality == "alleged" for it in attack)


def test_bodies_handed_over_are_dead_and_a_death_toll_counts_the_dead(gaz: Gazetteer) -> None:
    text = (
        "During the Second Karabakh War, Azerbaijan said it had handed over the bodies of 17 Armenian soldiers, "
        "while Armenia said around 20 of its troops had been captured. Nikol Pashinyan told parliament the "
        "death toll had risen to 105."
    )
    got = section(text, gaz, "casualties", "2022-09-14")
    assert [(c["count"], c["type"], c["by"]) for c in got] == [
        (17, "killed", "government-of-azerbaijan"),  # a state speaks through its government
        (20, "captured", "government-of-armenia"),
        (105, "killed", "nikol-pashinyan"),
    ]
    said = [
        it.fields["value"]
        for it in propose(text, "t", "2022-09-14", gaz).items
        if it.fields.get("p") == "statedContent"
    ]
    assert "the death toll had risen to 105" in said  # not "parliament the death toll ..."


@pytest.mark.parametrize(
    ("text", "person", "position"),
    [
        (
            "Armenia's Human Rights Defender, Arman Tatoyan, reported that 85 civilians had died.",
            "arman-tatoyan",
            "human-rights-defender-of-armenia",
        ),
        (
            "Russia's chief of general staff, Valery Gerasimov, visited Baku.",
            "valery-gerasimov",
            "chief-of-the-general-staff-of-russia",
        ),
        ("Aliyev met his Armenian counterpart, Ararat Mirzoyan, in Moscow.", "ararat-mirzoyan", None),
    ],
)
def test_a_person_in_apposition_to_an_office_in_lower_case(
    gaz: Gazetteer, text: str, person: str, position: str | None
) -> None:
    props = propose(text, "t", "2022-09-14", gaz)
    assert person in {m.entity for m in props.mentions}
    tenures = [(it.fields["holder"], it.fields["position"]) for it in props.items if it.section == "tenures"]
    assert tenures == ([(person, position)] if position else [])


def test_two_holders_of_one_office_in_two_states(gaz: Gazetteer) -> None:
    text = "The foreign ministers of Armenia and Azerbaijan, Ararat Mirzoyan and Jeyhun Bayramov, met in Moscow."
    props = propose(text, "t", "2022-09-14", gaz)
    tenures = {(it.fields["holder"], it.fields["position"]) for it in props.items if it.section == "tenures"}
    assert tenures == {
        ("ararat-mirzoyan", "foreign-minister-of-armenia"),
        ("jeyhun-bayramov", "foreign-minister-of-azerbaijan"),
    }


def test_a_participle_after_a_postposed_speaker_is_the_speakers_too(gaz: Gazetteer) -> None:
    text = (
        '"The enemy is trying to advance," Nikol Pashinyan said on Tuesday, adding that Azerbaijani troops had '
        "occupied about 10 square km of Armenian territory."
    )
    props = propose(text, "t", "2022-09-14", gaz)
    (offensive,) = [e.id for e in props.entities.values() if e.type == "Offensive"]
    attacker = [it for it in props.items if it.fields.get("s") == offensive and it.fields["p"] == "attacker"]
    assert [(it.fields["o"], it.by) for it in attacker] == [("azerbaijani-armed-forces", "nikol-pashinyan")]
    assert not any(
        e.type == "Offensive"
        for e in propose("They live in the occupied territories.", "t", "2022-09-14", gaz).entities.values()
    )


def test_a_date_of_what_was_called_for_does_not_date_the_call(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "2020-armistice", "type": "Ceasefire", "label": "2020 Nagorno-Karabakh armistice"})
    props = propose("Nikol Pashinyan called for a return to the November 2020 ceasefire.", "t", "2022-09-14", g)
    (call,) = [e for e in props.entities.values() if e.type == "Announcement"]
    assert not any(it.fields.get("s") == call.id and it.fields["p"] == "date" for it in props.items)
    assert "2020-armistice" in {m.entity for m in props.mentions}  # a ceasefire is the armistice of that date


def test_a_second_name_the_text_gives_names_the_place_everywhere(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "shusha", "type": "Settlement", "label": "Shusha"})
    text = "In Shushi, known in Azerbaijan as Shusha, the cathedral was hit. Later Shushi (Shusha) was quiet."
    links = [(text[m.start : m.end], m.entity) for m in propose(text, "t", "2022-09-14", g).mentions]
    assert links.count(("Shushi", "shusha")) == 2
    assert not any(name.startswith("In ") for name, _ in links)


def test_an_office_whose_state_follows_the_name_and_its_holder_speaks(gaz: Gazetteer) -> None:
    """'President X of Armenia warned': X holds Armenia's presidency and speaks, not Armenia; the
    next president named without a state is not given Armenia's office."""
    g = _with(gaz, {"id": "serzh-sargsyan", "type": "Person", "label": "Serzh Sargsyan"})
    text = (
        "President Serzh Sargsyan of Armenia warned on Monday that war could come. "
        "President Ilham Aliyev told his security council that Azerbaijan had won."
    )
    props = propose(text, "t", "2016-04-05", g)
    tenures = [(it.fields["holder"], it.fields["position"]) for it in props.items if it.section == "tenures"]
    assert tenures == [("serzh-sargsyan", "president-of-armenia")]
    agents = [it.fields["o"] for it in props.items if it.fields.get("p") == "agent"]
    assert agents == ["serzh-sargsyan", "ilham-aliyev"]


def test_a_name_in_a_relative_clause_does_not_speak(gaz: Gazetteer) -> None:
    text = "Ilham Aliyev, whose country borders the Republic of Armenia, said the talks had failed."
    agents = [it.fields["o"] for it in propose(text, "t", "2022-09-14", gaz).items if it.fields.get("p") == "agent"]
    assert agents == ["ilham-aliyev"]


def test_a_defence_ministry_of_a_place_that_is_no_state_speaks(gaz: Gazetteer) -> None:
    text = (
        "Fighting erupted on Saturday. Two days later, the Nagorno-Karabakh defence ministry said 18 soldiers had died."
    )
    props = propose(text, "t", "2016-04-05", gaz)
    (body,) = [e for e in props.entities.values() if e.type == "GovernmentBody"]
    assert body.label == "Nagorno-Karabakh defence ministry"
    dated = {(it.fields["s"], it.fields["value"]) for it in props.items if it.fields.get("p") == "date"}
    assert any(s.startswith("nagorno-karabakh-defence-ministry-statement") and v == "2016-04-04" for s, v in dated)


def test_a_suppliers_share_of_a_states_arms_imports(gaz: Gazetteer) -> None:
    text = "Between 2016 and 2020 Russia provided about 94 per cent of Armenia's major arms imports."
    (m,) = section(text, gaz, "measurements")
    assert (m["entity"], m["measure"], m["value"], m["unit"], m["qualifier"], m["as_of"]) == (
        "russia",
        "arms-import-share",
        94,
        "percent",
        "approximately",
        "2020",
    )


def test_a_capitals_defence_budget_is_its_states(gaz: Gazetteer) -> None:
    text = "Baku's defence budget reached $2.24 billion in 2020. Its military spending in 2023 was an estimated $3.1bn."
    got = [(m["entity"], m["value"], m["qualifier"], m["as_of"]) for m in section(text, gaz, "measurements")]
    assert got == [("azerbaijan", 2240000000, "exactly", "2020"), ("azerbaijan", 3100000000, "approximately", "2023")]


def test_transfers_agreed_and_their_dates(gaz: Gazetteer) -> None:
    """'agreed to supply' is a sale; its date is the clause's; a designation with three digits
    and a name before 'self-propelled howitzers' or 'radars' are weapon systems."""
    text = (
        "In October 2023 Russia agreed to supply Armenia three GM200 radars. "
        "Russia delivered 36 CAESAR self-propelled howitzers to Armenia in 2019."
    )
    props = propose(text, "t", "2024-07-01", gaz)
    assert {e.label for e in props.entities.values() if e.type == "WeaponSystem"} >= {"GM200", "CAESAR"}
    got = [
        (t["supplier"], t["recipient"], t["count"], t.get("start"))
        for t in section(text, gaz, "transfers", "2024-07-01")
    ]
    assert got == [("russia", "armenia", 3, "2023-10"), ("russia", "armenia", 36, "2019")]


def test_a_ceasefire_brokered_by_a_capital_is_brokered_by_its_state(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "moscow", "type": "Settlement", "label": "Moscow", "definition": "Capital of Russia."})
    text = "A ceasefire brokered by Moscow took effect on Tuesday. The Moscow-brokered truce held."
    brokers = [it.fields["o"] for it in propose(text, "t", "2021-11-16", g).items if it.fields.get("p") == "broker"]
    assert brokers == ["russia", "russia"]


def test_a_ceasefire_violated_is_not_dated_by_the_violations(gaz: Gazetteer) -> None:
    text = "Since the beginning of November alone, Armenian units have violated the ceasefire more than 40 times."
    props = propose(text, "t", "2021-11-16", gaz)
    assert not any(it.fields.get("p") == "signingDate" for it in props.items)


def test_a_war_that_lasted_from_one_date_to_another(gaz: Gazetteer) -> None:
    text = "The 2020 war lasted 44 days from September 27 to November 10, 2020."
    props = propose(text, "t", "2021-11-16", gaz)
    on_war = {(it.fields.get("p") or it.fields.get("measure"), it.fields.get("value")) for it in props.items}
    assert {("startDate", "2020-09-27"), ("endDate", "2020-11-10"), ("duration", 44)} <= on_war


def test_a_period_another_clause_opens_does_not_date_a_war(gaz: Gazetteer) -> None:
    text = "Their talks, mediated since 1992, have produced no settlement of a conflict that killed 30,000 people."
    assert not any(e.type == "War" for e in propose(text, "t", "2016-04-05", gaz).entities.values())


def test_each_name_of_a_list_a_common_noun_types(gaz: Gazetteer) -> None:
    text = "Troops shelled the towns of Jermuk, Goris and Kapan. Shells fell on the Tartar and Aghdam districts."
    new = {e.label: e.type for e in propose(text, "t", "2022-09-14", gaz).entities.values()}
    assert {k: new.get(k) for k in ("Jermuk", "Goris", "Kapan", "Tartar", "Aghdam")} == {
        "Jermuk": "Settlement",
        "Goris": "Settlement",
        "Kapan": "Settlement",
        "Tartar": "Region",
        "Aghdam": "Region",
    }


def test_a_known_name_inside_a_longer_one_with_a_head_word(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "united-nations", "type": "Organisation", "label": "United Nations"})
    text = "According to the United Nations High Commissioner for Refugees (UNHCR), 90,000 people fled in October 2020."
    props = propose(text, "t", "2021-11-16", g)
    (org,) = [e for e in props.entities.values() if e.type == "Organisation"]
    assert org.label == "United Nations High Commissioner for Refugees"
    displaced = [it for it in props.items if it.section == "casualties"]
    assert [(it.fields["count"], it.fields["type"], it.by) for it in displaced] == [(90000, "displaced", org.id)]


def test_fighting_between_the_two_republics_is_between_the_states_named_before(gaz: Gazetteer) -> None:
    text = "Soldiers from Armenia and Azerbaijan died in the worst fighting between the two former Soviet republics."
    parts = {
        it.fields["o"] for it in propose(text, "t", "2022-09-14", gaz).items if it.fields.get("p") == "participant"
    }
    assert parts == {"armenia", "azerbaijan"}


def test_a_body_in_the_subjects_apposition_and_it_said(gaz: Gazetteer) -> None:
    """'X, a spokesman for the ministry, denied': X speaks, once; 'It denied' continues the body
    that spoke in the sentence before."""
    text = (
        "Ilham Aliyev, a spokesman for the Government of Azerbaijan, denied that any ground had been lost. "
        "The Government of Azerbaijan said its forces had held. It denied targeting civilians."
    )
    props = propose(text, "t", "2022-09-14", gaz)
    agents = [(it.fields["o"], text[it.start : it.end]) for it in props.items if it.fields.get("p") == "agent"]
    assert agents == [
        ("ilham-aliyev", "Ilham Aliyev, a spokesman for the Government of Azerbaijan, denied"),
        ("government-of-azerbaijan", "Government of Azerbaijan said"),
        ("government-of-azerbaijan", "It denied"),
    ]


def test_one_of_its_helicopters_shot_down_during_the_war_named_after(gaz: Gazetteer) -> None:
    text = "Azerbaijan admitted that one of its T-72 tanks had been destroyed during the Second Karabakh War."
    got = section(text, gaz, "losses", "2022-09-14")
    assert [(x["event"], x["side"], x["system"], x["count"], x["loss_type"]) for x in got] == [
        ("2020-karabakh-war", "azerbaijan", "t-72", 1, "destroyed")
    ]


def test_two_figures_sharing_one_noun_in_a_flare_up_the_sentence_dates(gaz: Gazetteer) -> None:
    text = "Last November, at least 13 Armenian and seven Azerbaijani soldiers were killed in a flare-up."
    props = propose(text, "t", "2022-09-14", gaz)
    (battle,) = [e.id for e in props.entities.values() if e.type == "Battle"]
    got = [(c["event"], c["count"], c["category"], c["side"]) for c in section(text, gaz, "casualties", "2022-09-14")]
    assert got == [(battle, 13, "soldiers", "armenia"), (battle, 7, "soldiers", "azerbaijan")]
    assert battle.endswith("2021-11")


def test_spans_of_days_in_every_order() -> None:
    got = dates("Fighting raged on September 19 and 20, 2023. It resumed on 19 and 20 September.", "2023-09-25")
    assert got["September 19"][0] == "2023-09-19" and got["20, 2023"][0] == "2023-09-20"
    assert got["19"][0] == "2023-09-19" and got["20 September"][0] == "2023-09-20"
    assert "year of the text's context" in got["20 September"][1]


def test_what_an_attack_verb_hits_and_what_both_sides_said(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijani forces attacked Stepanakert on September 19 and 20, 2023, and Armenia fought back. "
        "A ceasefire brokered by Russia took effect on Tuesday but was broken within hours, both sides said."
    )
    props = propose(text, "t", "2023-09-25", gaz)
    roles = {(it.fields["p"], it.fields.get("o") or it.fields.get("value")) for it in props.items}
    assert {("target", "stepanakert"), ("startDate", "2023-09-19"), ("endDate", "2023-09-20")} <= roles
    agents = sorted(it.fields["o"] for it in props.items if it.fields.get("p") == "agent")
    assert agents == ["government-of-armenia", "government-of-azerbaijan"]  # the two named before, not the broker


def test_n_days_before_a_clause_and_dates_that_name_a_text() -> None:
    """'two days before Russia brokered a ceasefire' dates the ceasefire after the date before it;
    a year-less date does not take its year from a treaty's name or a statement's date."""
    got = dates("Troops took Shusha on 8 November 2020, two days before Russia brokered a ceasefire.", "2021-01-01")
    assert got["two days before"][0] == "2020-11-10"
    text = (
        "Yerevan, 14 September 2022. The attack violated the trilateral statement of 9 November 2020 and the "
        "1997 Treaty on Friendship with Russia. A ceasefire was agreed on the evening of 14 September."
    )
    assert dates(text, "2022-09-14")["14 September"][0] == "2022-09-14"


def test_an_interview_the_sentence_opens_with_is_the_speakers_one_speech_act(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "statements-2023", "type": "Announcement", "label": "Statements on Karabakh (2023)"})
    text = "In an interview with TASS in March, Nikol Pashinyan said that the issue could be resolved."
    props = propose(text, "t", "2023-04-24", g)
    acts = [e.id for e in props.entities.values() if e.type == "Announcement"]
    assert acts == ["nikol-pashinyan-statement-2023-03"]
    assert "statements-2023" not in {m.entity for m in props.mentions}  # no statement of that year reused


def test_an_agreement_title_in_capitals_and_a_signature_on_the_next_line(gaz: Gazetteer) -> None:
    text = (
        "JOINT STATEMENT OF THE OFFICE OF THE PRIME MINISTER OF THE REPUBLIC OF ARMENIA AND THE ADMINISTRATION "
        "OF THE PRESIDENT OF THE REPUBLIC OF AZERBAIJAN\n\n"
        "1. The Republic of Azerbaijan shall release 32 Armenian servicemen not later than 15 December 2023.\n\n"
        "For the Administration of the President of the Republic of Azerbaijan:\n"
        "Hikmet Hajiyev, Assistant to the President, Head of the Foreign Policy Affairs Department\n"
    )
    props = propose(text, "t", "2023-12-07", gaz)
    (statement,) = [e for e in props.entities.values() if e.type == "JointStatement"]
    assert statement.label.endswith("Joint Statement")
    on_it = {(it.fields.get("p") or it.fields.get("measure"), it.fields.get("o")) for it in props.items}
    assert {("party", "azerbaijan"), ("signatory", "hikmet-hajiyev"), ("deadline", None), ("term", None)} <= on_it
    labels = {e.label for e in props.entities.values()}
    assert not labels & {"THE", "Head"}  # no acronym in a line of capitals, no person "Head"
    assert not [it for it in props.items if it.section == "tenures"]


def test_a_title_of_one_bodys_statement_is_no_agreement_and_long_names_get_short_ids(gaz: Gazetteer) -> None:
    one = "Statement of the Ministry of Foreign Affairs of the Republic of Armenia on the war\n\nText."
    assert not any(e.type == "JointStatement" for e in propose(one, "t", "2022-09-14", gaz).entities.values())
    long = (
        "Joint Statement of the Office of the Prime Minister of the Republic of Armenia and the Administration of "
        "the President of the Republic of Azerbaijan\n\n1. The Parties shall exchange lists by 31 January 2024.\n"
    )
    (statement,) = [e for e in propose(long, "t", "2023-12-07", gaz).entities.values() if e.type == "JointStatement"]
    assert len(statement.id) <= 60 and statement.label.endswith("Republic of Azerbaijan")


def test_a_designation_in_brackets_after_a_name_is_its_acronym(gaz: Gazetteer) -> None:
    text = "Baku hosted the UN Climate Change Conference (COP29) in November 2024."
    assert not any(e.type == "WeaponSystem" for e in propose(text, "t", "2024-12-01", gaz).entities.values())


def test_words_before_their_speaker_and_where_or_to_whom_they_were_said(gaz: Gazetteer) -> None:
    text = (
        '"We chased them away like dogs," Ilham Aliyev said in a televised address that night. '
        '"The status quo is not eternal," President Ilham Aliyev told his generals afterwards. '
        "Russia is seriously concerned by the checkpoint, the Government of Azerbaijan said in a statement on Monday."
    )
    said = [
        it.fields["value"]
        for it in propose(text, "t", "2022-09-15", gaz).items
        if it.fields.get("p") == "statedContent"
    ]
    assert said == [
        "We chased them away like dogs",
        "The status quo is not eternal",
        "Russia is seriously concerned by the checkpoint",
    ]


def test_speakers_in_apposition_and_after_said(gaz: Gazetteer) -> None:
    """'X, foreign policy adviser to President Y, told AFP': X speaks and is a person; '"...,"
    said A B, the ICRC's regional director': A B too, and 'Thomas de Waal' is one name."""
    text = (
        "Hikmet Hajiyev, foreign policy adviser to President Ilham Aliyev, told AFP that they left freely. "
        '"Families have been separated," said Ariane Bauer, the ICRC’s regional director for Europe. '
        '"It was the moment the word lost its meaning," said Thomas de Waal, a senior fellow at Carnegie Europe.'
    )
    props = propose(text, "t", "2023-09-30", gaz)
    agents = [it.fields["o"] for it in props.items if it.fields.get("p") == "agent"]
    assert agents == ["hikmet-hajiyev", "ariane-bauer", "thomas-de-waal"]
    said = [it.fields["value"] for it in props.items if it.fields.get("p") == "statedContent"]
    assert said[1:] == ["Families have been separated", "It was the moment the word lost its meaning"]


def test_a_full_name_a_relative_clause_describes_is_a_person(gaz: Gazetteer) -> None:
    text = (
        "Arayik Harutyunyan, who led the enclave until September, resigned. "
        "Guards detained Ruben Vardanyan, a billionaire who served as state minister."
    )
    new = {e.label: e.type for e in propose(text, "t", "2023-09-30", gaz).entities.values()}
    assert new.get("Arayik Harutyunyan") == new.get("Ruben Vardanyan") == "Person"


def test_the_number_of_soldiers_killed_had_risen_to(gaz: Gazetteer) -> None:
    text = "During the Second Karabakh War the number of Armenian soldiers killed had risen to 105 by 14 September."
    got = section(text, gaz, "casualties", "2020-09-15")
    assert [(c["count"], c["category"], c["side"], c["type"]) for c in got] == [(105, "soldiers", "armenia", "killed")]


def test_a_body_named_without_its_state_in_a_text_that_never_names_it(gaz: Gazetteer) -> None:
    g = _with(
        gaz,
        {"id": "united-kingdom", "type": "State", "label": "United Kingdom", "demonyms": ["British"]},
        {
            "id": "uk-mod",
            "type": "GovernmentBody",
            "label": "Ministry of Defence (United Kingdom)",
            "aliases": ["Ministry of Defence"],
        },
    )
    armenian = "According to the Ministry of Defence, units of the Armed Forces of Armenia repelled the attack."
    assert "uk-mod" not in {m.entity for m in propose(armenian, "t", "2022-09-14", g).mentions}
    british = "The British government said the Ministry of Defence would cut the Army."
    assert "uk-mod" in {m.entity for m in propose(british, "t", "2022-09-14", g).mentions}


def test_a_title_of_a_body_before_a_name_and_a_namesake_named_later(gaz: Gazetteer) -> None:
    text = (
        "A ceasefire was agreed at 20:00, Secretary of the Security Council Armen Grigoryan said on television. "
        "The Human Rights Defender of Armenia, Kristine Grigoryan, said that soldiers had been executed."
    )
    props = propose(text, "t", "2022-09-15", gaz)
    said = {(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"}
    assert said == {
        ("armen-grigoryan", "A ceasefire was agreed at 20:00"),
        ("kristine-grigoryan", "soldiers had been executed"),
    }


def test_an_explosion_its_blast_and_the_figures_of_what_it_did(gaz: Gazetteer) -> None:
    text = (
        "On Monday night, a fuel depot exploded near Stepanakert. The blast killed at least 68 people and injured "
        "nearly 300, while 105 others were still missing, Karabakh's health ministry said."
    )
    props = propose(text, "t", "2023-09-30", gaz)
    (blast,) = [e.id for e in props.entities.values() if "explosion" in e.id]
    got = [(c["event"], c["count"], c["qualifier"], c["type"]) for c in section(text, gaz, "casualties", "2023-09-30")]
    assert got == [
        (blast, 68, "at-least", "killed"),
        (blast, 300, "nearly", "wounded"),
        (blast, 105, "exactly", "missing"),
    ]
    assert any(e.label == "Karabakh health ministry" for e in props.entities.values())


def test_a_name_and_its_acronym_in_brackets_before_the_verb_speaks(gaz: Gazetteer) -> None:
    text = "The International Committee of the Red Cross (ICRC) said on Friday it had evacuated 17 patients."
    agents = [it.fields["o"] for it in propose(text, "t", "2023-09-30", gaz).items if it.fields.get("p") == "agent"]
    assert agents == ["international-committee-of-the-red-cross"]


def test_the_parts_of_a_loss_of_equipment(gaz: Gazetteer) -> None:
    text = (
        "In the Second Karabakh War, Armenia lost 255 tanks, of which 146 were destroyed and 109 captured. "
        "Azerbaijan lost 62 tanks, 33 of them destroyed."
    )
    got = [(x["side"], x["count"], x["loss_type"]) for x in section(text, gaz, "losses", "2021-01-01")]
    assert got == [
        ("armenia", 255, "destroyed-or-captured"),
        ("armenia", 146, "destroyed"),
        ("armenia", 109, "captured-equipment"),
        ("azerbaijan", 62, "destroyed-or-captured"),
        ("azerbaijan", 33, "destroyed"),
    ]


def test_figures_of_the_year_their_sentence_gives_and_each_speakers_side(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "april-2016-clashes", "type": "Battle", "label": "April 2016 clashes"})
    text = (
        "In the April 2016 clashes, which lasted four days, Azerbaijan used drones. "
        "Armenia acknowledged 3,825 military deaths in 2020, and Azerbaijan reported 2,908 soldiers killed."
    )
    got = [(c["event"], c["count"], c["category"], c["side"]) for c in section(text, g, "casualties", "2022-09-14")]
    assert got == [
        ("2020-karabakh-war", 3825, "soldiers", "armenia"),
        ("2020-karabakh-war", 2908, "soldiers", "azerbaijan"),
    ]


def test_lists_of_places_and_losses_and_money_that_counts_nothing(gaz: Gazetteer) -> None:
    text = (
        "On the night of 12 to 13 September, Azerbaijani troops shelled positions near Goris. "
        "Three civilians were wounded in Jermuk and Sotk. In the 2020 war, Armenia also lost 147 towed artillery "
        "pieces and 19 self-propelled guns. The war showed what about $1 billion of drones could do."
    )
    props = propose(text, "t", "2022-09-14", gaz)
    new = {e.label: e.type for e in props.entities.values()}
    assert new.get("Jermuk") == new.get("Sotk") == "Place"
    attack = [e.id for e in props.entities.values() if e.type == "Attack"]
    assert attack and attack[0].endswith("2022-09-12")
    losses = [(x["side"], x["count"], x["weapon_type"]) for x in section(text, gaz, "losses", "2022-09-14")]
    assert losses == [("armenia", 147, "artillery"), ("armenia", 19, "artillery")]
    assert not [m for m in section(text, gaz, "measurements", "2022-09-14") if m.get("unit") == "drones"]


def test_a_population_of_the_place_named_before_not_after(gaz: Gazetteer) -> None:
    text = "Nagorno-Karabakh is mountainous. The region had an estimated population of 120,000 before Baku attacked."
    (m,) = [m for m in section(text, gaz, "measurements", "2023-09-30") if m["measure"] == "population"]
    assert (m["entity"], m["value"], m["qualifier"]) == ("nagorno-karabakh", 120000, "approximately")


def test_what_a_party_called_an_event_is_its_word(gaz: Gazetteer) -> None:
    text = (
        "In February 1992, Armenian forces attacked Khojaly. The Government of Azerbaijan called the killings "
        '"the largest massacre of the conflict". In September 2023, Azerbaijan launched what it called '
        '"anti-terrorist measures" against Karabakh.'
    )
    got = {
        (it.fields["value"], it.by)
        for it in propose(text, "t", "2024-01-01", gaz).items
        if it.fields.get("p") == "designation"
    }
    assert got == {
        ("the largest massacre of the conflict", "government-of-azerbaijan"),
        ("anti-terrorist measures", "azerbaijan"),
    }


def test_a_checkpoint_set_up_by_a_states_border_service(gaz: Gazetteer) -> None:
    text = "On 23 April 2023, the State Border Service of Azerbaijan set up a checkpoint on the Lachin road."
    props = propose(text, "t", "2023-04-24", gaz)
    assert {e.type for e in props.entities.values()} >= {"Blockade", "GovernmentBody"}


def test_peacekeepers_a_capital_deployed_and_a_force_numbering(gaz: Gazetteer) -> None:
    g = _with(gaz, {"id": "moscow", "type": "Settlement", "label": "Moscow", "definition": "Capital of Russia."})
    text = (
        "Moscow, which deployed about 2,000 peacekeepers to Karabakh, has rejected criticism. "
        "The Russian peacekeeping force, numbering 1,960 servicemen, was deployed in November 2020."
    )
    got = [(m["entity"], m["value"], m["qualifier"]) for m in section(text, g, "measurements", "2023-09-30")]
    assert got == [("russia", 2000, "approximately"), ("russia", 1960, "exactly")]


def test_a_capture_its_town_and_the_toll_a_capital_puts_on_it(gaz: Gazetteer) -> None:
    text = (
        "On the night of 25–26 February 1992, Armenian forces captured the town of Stepanakert, and hundreds of "
        "Azerbaijani civilians fleeing through the snow were killed. Baku puts the number of dead at 613."
    )
    props = propose(text, "t", "2024-01-01", gaz)
    assert ("target", "stepanakert") in {(it.fields.get("p"), it.fields.get("o")) for it in props.items}
    got = [(c.get("count"), c["type"], c["by"]) for c in section(text, gaz, "casualties", "2024-01-01")]
    assert got == [(None, "killed", None), (613, "killed", "government-of-azerbaijan")]  # a capital speaks for it


def test_a_designation_alone_is_the_one_known_model_named_with_it(gaz: Gazetteer) -> None:
    g = _with(
        gaz, {"id": "tb2-bayraktar", "type": "WeaponSystem", "label": "TB2 Bayraktar", "aliases": ["Bayraktar TB2"]}
    )
    props = propose("Analysts estimate that Baku fielded 18 TB2s.", "t", "2023-01-01", g)
    assert "tb2-bayraktar" in {m.entity for m in props.mentions}
    assert not any(e.type == "WeaponSystem" for e in props.entities.values())


def test_a_ceasefire_of_a_year_is_the_known_one_its_definition_dates(gaz: Gazetteer) -> None:
    g = _with(
        gaz,
        {
            "id": "bishkek-protocol",
            "type": ["Protocol", "Ceasefire"],
            "label": "Bishkek Protocol",
            "definition": "The ceasefire agreement signed in Bishkek in May 1994.",
        },
    )
    props = propose("A Russian-brokered ceasefire took effect on 12 May 1994.", "t", "2024-01-01", g)
    assert not [e for e in props.entities.values() if e.type == "Ceasefire"]
    assert {"s": "bishkek-protocol", "p": "broker", "o": "russia"} in [it.fields for it in props.items]


def test_a_pogrom_is_an_attack_and_its_dead_of_both_peoples(gaz: Gazetteer) -> None:
    text = "The pogrom in Sumgait began on 27 February 1988. At least 26 Armenians and six Azerbaijanis were killed."
    props = propose(text, "t", "2024-01-01", gaz)
    (attack,) = [e.id for e in props.entities.values() if e.type == "Attack"]
    got = [(c["event"], c["count"], c["side"]) for c in section(text, gaz, "casualties", "2024-01-01")]
    assert got == [(attack, 26, "armenia"), (attack, 6, "azerbaijan")]


def test_a_range_of_figures_is_one_figure_with_its_bounds(gaz: Gazetteer) -> None:
    got = section("The Second Karabakh War killed between 6,000 and 7,000 people.", gaz, "casualties", "2021-01-01")
    assert [(c["count"], c["qualifier"], c["lower"], c["upper"]) for c in got] == [(7000, "up-to", 6000, 7000)]
    assert got[0]["quote"] == "killed between 6,000 and 7,000 people"


def test_may_the_month_hedges_nothing_and_other_offices_lend_no_state(gaz: Gazetteer) -> None:
    props = propose("On 12 May 2021, Azerbaijani troops attacked Armenia.", "t", "2021-05-13", gaz)
    assert all(it.modality is None for it in props.items)
    text = "Russian Defence Minister Sergei Shoigu has called President Ilham Aliyev."
    tenures = [it.fields for it in propose(text, "t", "2023-09-20", gaz).items if it.section == "tenures"]
    assert [t["holder"] for t in tenures] == ["sergei-shoigu"]  # no Russian presidency for Aliyev


def test_speakers_in_apposition_with_says_and_a_trailing_speaker_is_not_what_was_said(gaz: Gazetteer) -> None:
    text = (
        "During the Second Karabakh War, Nagorno-Karabakh's human rights ombudsman, Gegham Stepanyan, says at "
        "least 25 people have been killed. Nikol Pashinyan urged Ilham Aliyev to halt the offensive, the "
        "Government of Armenia said. The Government of Azerbaijan later put its own losses at 192 servicemen killed."
    )
    props = propose(text, "t", "2023-09-25", gaz)
    said = [(it.by, it.fields["value"]) for it in props.items if it.fields.get("p") == "statedContent"]
    assert ("gegham-stepanyan", "at least 25 people have been killed") in said
    assert ("nikol-pashinyan", "Ilham Aliyev to halt the offensive") in said
    dead = [
        (c["count"], c["by"], c["side"]) for c in section(text, gaz, "casualties", "2023-09-25") if c["count"] == 192
    ]
    assert dead == [(192, "government-of-azerbaijan", "azerbaijan")]


def test_a_live_reports_time_is_no_part_of_what_was_said(gaz: Gazetteer) -> None:
    text = "Wednesday 20 September 2023\n\n13:00 – A ceasefire has been agreed, the Government of Armenia says.\n"
    said = [
        it.fields["value"]
        for it in propose(text, "t", "2023-09-20", gaz).items
        if it.fields.get("p") == "statedContent"
    ]
    assert said == ["A ceasefire has been agreed"]


def test_condemning_and_expressing_concern_are_speech_acts(gaz: Gazetteer) -> None:
    text = "The Government of Armenia strongly condemned the attack on Jermuk. Russia expressed deep concern."
    agents = [it.fields["o"] for it in propose(text, "t", "2023-09-20", gaz).items if it.fields.get("p") == "agent"]
    assert agents == ["government-of-armenia", "government-of-russia"]


def test_an_interviews_answers_are_the_interviewees(gaz: Gazetteer) -> None:
    text = (
        "Ilham Aliyev spoke to us in Baku.\n\n"
        "Q: How many soldiers did you lose in the Second Karabakh War?\n\n"
        "A: We lost 2,908 servicemen, and 6 are missing.\n"
    )
    got = [(c["count"], c["type"], c["by"]) for c in section(text, gaz, "casualties", "2021-01-01")]
    assert got == [(2908, "killed", "ilham-aliyev"), (6, "missing", "ilham-aliyev")]


def test_names_with_accents_and_an_office_in_capitals_in_apposition(gaz: Gazetteer) -> None:
    text = (
        "Assistant Secretary-General Miroslav Jenča briefed the Council. "
        "Stéphane Dujarric, Spokesman for the Secretary-General, said that the UN was concerned."
    )
    props = propose(text, "t", "2023-09-20", gaz)
    assert {"Miroslav Jenča", "Stéphane Dujarric"} <= {e.label for e in props.entities.values() if e.type == "Person"}
    assert [it.fields["o"] for it in props.items if it.fields.get("p") == "agent"] == ["stephane-dujarric"]


def test_the_deaths_of_n_and_n_weeks_after_what_the_sentence_dated() -> None:
    got = dates("Pashinyan spoke on 3 October 2023, two weeks after Azerbaijan launched its operation.", "2023-12-01")
    assert got["two weeks after"][0] == "2023-09-19"


def test_the_deaths_of_at_least_n_people_and_several_hundred_injured(gaz: Gazetteer) -> None:
    text = "The attack on 19 September 2023 resulted in the deaths of at least 200 people and several hundred injured."
    got = [(c.get("count"), c["type"]) for c in section(text, gaz, "casualties", "2023-10-05")]
    assert got == [(200, "killed"), (None, "wounded")]


def test_a_live_reports_day_heading_dates_its_entries(gaz: Gazetteer) -> None:
    text = (
        "Tuesday 19 September 2023\n\n13:10 – Azerbaijani forces attacked Stepanakert.\n\n"
        "Wednesday 20 September 2023\n\n13:00 – A ceasefire has been agreed, brokered by Russia.\n"
    )
    props = propose(text, "t", "2023-09-21", gaz)
    dated = {
        (it.fields["p"], it.fields["value"]) for it in props.items if it.fields.get("p") in ("date", "signingDate")
    }
    assert dated == {("date", "2023-09-19"), ("signingDate", "2023-09-20")}


def test_headings_and_a_resolutions_verbs_name_nothing(gaz: Gazetteer) -> None:
    text = (
        "Note to correspondents\n\n1. Condemns the attack by Azerbaijan.\n"
        "2. Urges the Commission to present a review.\n3. Under Rule 132(2), the debate was closed.\n"
    )
    labels = {e.label for e in propose(text, "t", "2023-10-05", gaz).entities.values()}
    assert not labels & {"Note", "Condemns", "Urges", "Urges the Commission", "Rule"}


def test_a_treaty_a_party_is_ready_to_sign_is_not_signed(gaz: Gazetteer) -> None:
    text = "Nikol Pashinyan said Armenia was ready to sign a peace treaty with Azerbaijan by the end of 2023."
    props = propose(text, "t", "2023-10-01", gaz)
    assert not [e for e in props.entities.values() if e.type == "Treaty"]
    assert not [it for it in props.items if it.fields.get("p") == "signingDate"]


def test_displaced_and_departures_and_the_period_between_two_years(gaz: Gazetteer) -> None:
    text = (
        "Between 1988 and 1994, 724,000 Azerbaijanis were displaced from Armenia. "
        "In September 2023 the departure of more than 100,000 persons from Nagorno-Karabakh began."
    )
    props = propose(text, "t", "2023-10-01", gaz)
    got = [(c["count"], c["qualifier"], c["type"]) for c in section(text, gaz, "casualties", "2023-10-01")]
    assert got == [(724000, "exactly", "displaced"), (100000, "more-than", "displaced")]
    dated = {
        (it.fields["p"], it.fields["value"]) for it in props.items if it.fields.get("p") in ("startDate", "endDate")
    }
    assert {("startDate", "1988"), ("endDate", "1994"), ("startDate", "2023-09")} <= dated


def test_a_people_that_left_a_place_is_displaced_from_it_and_each_figure_goes_with_its_own_verb(
    gaz: Gazetteer,
) -> None:
    text = "Between 1988 and 1991, about 350,000 Armenians left Azerbaijan, and some 186,000 Azerbaijanis left Armenia."
    props = propose(text, "t", "2023-10-01", gaz)
    places = {it.fields["s"]: it.fields["o"] for it in props.items if it.fields.get("p") == "place"}
    assert sorted(places.values()) == ["armenia", "azerbaijan"]
    got = {c["count"]: places[c["event"]] for c in section(text, gaz, "casualties", "2023-10-01")}
    assert got == {350000: "azerbaijan", 186000: "armenia"}  # each left the place its own verb names
    # a person who left a city is travelling, not displaced
    assert not section("Aliyev left Moscow on Friday.", gaz, "casualties") and not [
        it
        for it in propose("Aliyev left Moscow on Friday.", "t", "2023-10-01", gaz).items
        if it.fields.get("p") == "place"
    ]


def test_an_event_name_opening_with_a_compound_is_linked_in_lower_case() -> None:
    gaz = Gazetteer.from_dir(Path(__file__).parent.parent / "seeds" / "annotations" / "entities")
    text = (
        "During the four-day war of April 2016, Azerbaijan retook land. The 44-day war ended. A four-day visit began."
    )
    props = propose(text, "t", "2023-10-01", gaz)
    linked = {text[m.start : m.end]: m.entity for m in props.mentions}
    assert linked["four-day war"] == "april-2016-clashes" and linked["44-day war"] == "2020-karabakh-war"
    assert "four-day visit" not in linked and not [e for e in props.entities.values() if e.type == "War"]


def test_an_office_its_state_and_a_name_with_no_comma_between(gaz: Gazetteer) -> None:
    text = (
        "It was co-chaired by Deputy Prime Minister of the Republic of Azerbaijan Shahin Mustafayev and "
        "Deputy Prime Minister of the Russian Federation Alexei Overchuk."
    )
    props = propose(text, "t", "2021-01-30", gaz)
    held = {it.fields["holder"]: it.fields["position"] for it in props.items if it.section == "tenures"}
    assert held == {
        "shahin-mustafayev": "deputy-prime-minister-of-azerbaijan",
        "alexei-overchuk": "deputy-prime-minister-of-russia",
    }
    assert not [e for e in props.entities if "federation" in e or e.startswith("azerbaijan-")]


PROTOCOL = """PROTOCOL
of the First Meeting of the Working Group on Transport Links

Moscow, 30 January 2021

The Working Group, co-chaired by Deputy Prime Minister of the Republic of Azerbaijan Shahin Mustafayev and \
Deputy Prime Minister of the Republic of Armenia Mher Grigoryan, have agreed as follows:

1. The expert subgroups shall report to the co-chairs no later than 10 February 2021.

2. The second meeting of the Working Group shall be held in Moscow no later than 27 February 2021.

Done in Moscow on 30 January 2021.

For the Republic of Azerbaijan
S. Mustafayev

For the Republic of Armenia
M. Grigoryan
"""


def test_a_protocols_own_text_its_signature_block_without_colons_and_its_deadlines(gaz: Gazetteer) -> None:
    props = propose(PROTOCOL, "t", "2021-01-30", gaz)
    (protocol,) = [e for e in props.entities.values() if e.type == "Protocol"]
    facts = {
        (it.fields.get("p"), it.fields.get("o", it.fields.get("value")))
        for it in props.items
        if it.fields.get("s") == protocol.id
    }
    assert {("party", "azerbaijan"), ("party", "armenia"), ("signingDate", "2021-01-30")} <= facts
    assert {("signatory", "shahin-mustafayev"), ("signatory", "mher-grigoryan")} <= facts  # "S. Mustafayev"
    due = sorted(it.fields["due"] for it in props.items if it.fields.get("measure") == "deadline")
    assert due == ["2021-02-10", "2021-02-27"]
    # a meeting to be held "no later than" a date is not dated by its deadline
    assert not [it for it in props.items if it.fields.get("p") == "date" and it.fields.get("value") == "2021-02-27"]


def test_day_month_year_in_figures_and_a_report_narrative_moving_into_the_next_year() -> None:
    assert dates("05.03.2023\n\nToday, on 5 March, shots were fired.", "2023-03-05")["05.03.2023"][0] == "2023-03-05"
    text = "The blockade began on 12 December 2022. Aid stopped from mid-June. On 25 September, a depot exploded."
    got = dates(text, "2023-10-06")
    assert got["mid-June"][0] == "2023-06" and got["25 September"][0] == "2023-09-25"
    # a history keeps the year of its passage
    assert (
        dates("On 8 May 1992 they took Shusha. On 2 February, a raid.", "2023-10-06")["2 February"][0] == "1992-02-02"
    )


def test_a_bylines_date_is_no_heading_of_a_live_report(gaz: Gazetteer) -> None:
    text = "By Jane Reporter\n15 July 2024\n\nFighting broke out between Armenia and Azerbaijan."
    props = propose(text, "t", "2024-07-15", gaz)
    assert not [it for it in props.items if it.fields.get("value") == "2024-07-15"]


def test_losses_destroyed_damaged_or_captured_and_a_figure_compared_against_them(gaz: Gazetteer) -> None:
    text = (
        "During the 2020 war, Oryx records more than 250 Armenian tanks destroyed, damaged or captured, "
        "against around 60 Azerbaijani tanks."
    )
    got = [(x["count"], x["side"], x["loss_type"]) for x in section(text, gaz, "losses")]
    assert got == [(250, "armenia", "destroyed-or-captured"), (60, "azerbaijan", "destroyed-or-captured")]


def test_a_ministry_that_puts_its_own_dead_at_a_figure_reports_its_side(gaz: Gazetteer) -> None:
    text = "During the 2020 war, Azerbaijan's defence ministry put its own dead at 2,908 servicemen."
    (c,) = section(text, gaz, "casualties")
    assert (c["count"], c["side"]) == (2908, "azerbaijan")


def test_the_defence_ministry_is_not_guessed_from_the_state_named_last(gaz: Gazetteer) -> None:
    """A report from Baku names Armenia last as often as not: with no ministry of that kind named
    before, "The Defense Ministry said" is not given to the state the text named last."""
    text = "Azerbaijan launched an offensive on Tuesday. Armenia denied it. The Defence Ministry said 50 soldiers died."
    props = propose(text, "t", "2023-09-21", gaz)
    said = [m.entity for m in props.mentions if text[m.start : m.end] == "Defence Ministry"]
    assert not [e for e in said if e.startswith(("armenian-", "azerbaijani-"))]


def test_the_defence_ministry_is_the_one_the_text_named_last(gaz: Gazetteer) -> None:
    text = (
        'Azerbaijan launched what its Defence Ministry called "local anti-terrorist measures". Armenia denied '
        "any involvement. The Defence Ministry said its forces had taken 90 positions. The Defence Ministry in "
        "Baku dismissed the accusation."
    )
    props = propose(text, "t", "2023-09-21", gaz)
    said = {m.start: m.entity for m in props.mentions if text[m.start : m.end] == "Defence Ministry"}
    assert len(said) == 3 and len(set(said.values())) == 1 and next(iter(said.values())).startswith("azerbaijani-")


def test_persons_with_a_possessive_office_a_seat_in_parliament_a_rank_or_a_credit(gaz: Gazetteer) -> None:
    text = (
        "Ramin Mammadov, a member of parliament, said talks went well. Gegham Stepanyan, the region's human "
        "rights ombudsman, said 200 people had died. Killed were Major Davit Danielyan and Senior Lieutenant "
        "Ararat Gasparyan. Major fighting broke out.\n\n"
        "(Reporting by Lena Hartmann; additional reporting by Tural Jafarli in Baku; editing by Mark Devlin)"
    )
    props = propose(text, "t", "2023-09-21", gaz)
    persons = {e.label for e in props.entities.values() if e.type == "Person"}
    assert persons == {
        "Ramin Mammadov",
        "Gegham Stepanyan",
        "Davit Danielyan",
        "Ararat Gasparyan",
        "Lena Hartmann",
        "Tural Jafarli",
        "Mark Devlin",
    }


def test_refugees_that_arrived_from_a_place_or_crossed_into_a_country_and_an_explosions_toll(gaz: Gazetteer) -> None:
    text = (
        "More than 100,000 refugees have arrived from Nagorno-Karabakh since 24 September. According to the "
        "Government of Armenia, 100,617 people had crossed into the country by 2 October.\n\nOn 25 September, "
        "as thousands queued for petrol, an explosion at a fuel depot near Stepanakert killed at least 170 people."
    )
    props = propose(text, "t", "2023-10-06", gaz)
    events = {e.id: e.type for e in props.entities.values()}
    got = {c["count"]: (events.get(c["event"]), c.get("side")) for c in section(text, gaz, "casualties", "2023-10-06")}
    assert got[100000] == ("Displacement", None) and got[100617] == ("Displacement", None)  # no side from Armenia
    assert got[170][0] != "Displacement"
    assert not [it for it in props.items if it.fields.get("value") == "2023-10-02"]  # "by 2 October" is a cut-off
    places = {it.fields["o"] for it in props.items if it.fields.get("p") == "place"}
    assert "nagorno-karabakh" in places


def test_its_soldiers_after_a_capital_and_its_military_dead_are_that_states(gaz: Gazetteer) -> None:
    text = (
        "In April 2016 heavy fighting broke out. Sargsyan said 92 Armenian servicemen had died, while Baku "
        "acknowledged 31 of its soldiers killed. In the 2020 war, Azerbaijan later put its military dead at 2,908."
    )
    got = {c["count"]: (c["side"], c["category"]) for c in section(text, gaz, "casualties", "2023-11-14")}
    assert got == {92: ("armenia", "soldiers"), 31: ("azerbaijan", "soldiers"), 2908: ("azerbaijan", "soldiers")}


def test_perhaps_hedges_a_figure(gaz: Gazetteer) -> None:
    text = "In the war, perhaps 200,000 Azerbaijanis fled or were driven out of Armenia."
    (c,) = section(text, gaz, "casualties", "2023-11-14")
    assert (c["count"], c["qualifier"]) == (200000, "approximately")


#: the curated 2020 armistice as core.yaml declares it (shortened definition)
ARMISTICE_2020 = {
    "id": "2020-armistice",
    "type": ["Ceasefire", "JointStatement"],
    "label": "2020 Nagorno-Karabakh armistice",
    "definition": "The trilateral statement signed on 9 November 2020.",
}


def test_a_statement_named_by_its_date_is_the_known_one_of_that_month_and_a_contract_for_arms(gaz: Gazetteer) -> None:
    g = _with(gaz, ARMISTICE_2020)
    text = (
        "Guided by point 9 of the Statement of 9 November 2020, the parties met. The Statement of 11 January "
        "2021 was adopted. Armenia's Defence Minister, Suren Papikyan, signed a contract for 36 CAESAR howitzers."
    )
    props = propose(text, "t", "2024-07-15", g)
    assert {"s": "2020-armistice", "p": "signingDate", "value": "2020-11-09"} in [it.fields for it in props.items]
    kinds = sorted(e.type for e in props.entities.values() if e.type in ("JointStatement", "ArmsAgreement"))
    assert kinds == ["ArmsAgreement", "JointStatement"]  # the January statement is another one


def test_a_quotation_before_an_office_with_its_states_adjective_and_the_speech_dated_after_the_verb(
    gaz: Gazetteer,
) -> None:
    text = (
        '"There are no units of the Armenian armed forces in Nagorno-Karabakh," Armenian Prime Minister '
        "Nikol Pashinyan said in a televised address on Thursday, rejecting Baku's claim."
    )
    props = propose(text, "t", "2023-09-21", gaz)
    said = {it.fields["p"]: it.fields["value"] for it in props.items if it.fields.get("p") in ("statedContent", "date")}
    assert said == {
        "statedContent": "There are no units of the Armenian armed forces in Nagorno-Karabakh",
        "date": "2023-09-21",
    }


def test_last_or_next_month_and_may_after_a_preposition() -> None:
    got = dates("Traffic was restricted since last December and a checkpoint set up in April.", "2023-09-21")
    assert got["last December"][0] == "2022-12" and got["April"][0] == "2023-04"
    assert dates("Talks failed; in May they resumed.", "2023-09-21")["May"][0] == "2023-05"
    assert "May" not in dates("May the talks succeed.", "2023-09-21")


def test_the_name_after_according_to_x_and_its_acronym_is_the_clauses_subject_not_a_second_speaker(
    gaz: Gazetteer,
) -> None:
    text = (
        "According to the Stockholm International Peace Research Institute (SIPRI), Israel accounted for "
        "69 per cent of Azerbaijan's arms imports in 2016-20."
    )
    props = propose(text, "t", "2024-07-15", gaz)
    assert {it.by for it in props.items if it.by} == {"stockholm-international-peace-research-institute"}


def test_main_battle_tanks_are_no_battle_and_deliveries_give_holdings_and_transfer_periods(gaz: Gazetteer) -> None:
    text = (
        "The IISS credited Azerbaijan with some 439 main battle tanks, among them 100 T-90s delivered by Russia "
        "between 2011 and 2013. Armenia took delivery of four Su-30SM fighters at the end of 2019."
    )
    props = propose(text, "t", "2024-07-15", gaz)
    assert not [e for e in props.entities.values() if e.type == "Battle"]
    (t,) = [it.fields for it in props.items if it.section == "transfers"]
    assert (t["supplier"], t["recipient"], t["start"], t["end"]) == ("russia", "azerbaijan", "2011", "2013")
    held = {(it.fields["operator"], it.fields.get("count")) for it in props.items if it.section == "holdings"}
    assert ("armenia", 4) in held


def test_a_body_named_after_an_office_in_the_possessive_and_a_states_health_ministry(gaz: Gazetteer) -> None:
    text = (
        "The Prosecutor General's Office of Azerbaijan said on December 14 that it had arrested four servicemen. "
        "Baku was calm. Its Prosecutor General's Office said one civilian had been killed. Armenia's Health "
        "Ministry said 293 people were treated."
    )
    props = propose(text, "t", "2020-12-17", gaz)
    labels = {e.label for e in props.entities.values() if e.type == "GovernmentBody"}
    assert labels == {"Prosecutor General's Office of Azerbaijan", "Armenian Ministry of Health"}
    assert "Office of Azerbaijan" not in {e.label for e in props.entities.values()}


def test_a_toll_an_office_holder_reports_is_on_the_side_of_the_state_of_the_office(gaz: Gazetteer) -> None:
    text = (
        "During the 2022 fighting, Armenia's human rights ombudsman, Kristinne Grigoryan, said two civilians "
        "had been killed."
    )
    (c,) = section(text, gaz, "casualties", "2022-09-15")
    assert (c["count"], c["side"]) == (2, "armenia")


def test_a_strike_named_by_its_munition_and_opening_fire_are_attacks(gaz: Gazetteer) -> None:
    text = (
        "Rescue workers dug through the rubble on Sunday after a missile struck a residential district overnight, "
        "killing at least nine civilians. On 5 March a sabotage group opened fire on a police car."
    )
    props = propose(text, "t", "2020-10-11", gaz)
    attacks = [e for e in props.entities.values() if e.type == "Attack"]
    assert len(attacks) == 2
    (c,) = section(text, gaz, "casualties", "2020-10-11")
    assert (c["count"], c["qualifier"], c["category"]) == (9, "at-least", "civilians")


def test_a_ceasefire_of_another_month_is_not_the_known_one_and_a_trilateral_statement_is_a_joint_statement(
    gaz: Gazetteer,
) -> None:
    g = _with(gaz, ARMISTICE_2020)
    text = (
        "A ceasefire for humanitarian purposes shall be declared as of 12:00 noon on 10 October 2020. The "
        "trilateral statement signed by the leaders of Azerbaijan, Armenia and Russia was violated."
    )
    props = propose(text, "t", "2020-10-10", g)
    assert "2020-armistice" not in {it.fields.get("s") for it in props.items}
    kinds = sorted(e.type for e in props.entities.values() if e.type in ("Ceasefire", "JointStatement"))
    assert kinds == ["Ceasefire", "JointStatement"]


def test_formal_ministers_titles_a_capitalised_possessive_office_and_a_byline_with_a_place(gaz: Gazetteer) -> None:
    text = (
        "Strike on Ganja\n\nBy Daniel Marsh in Ganja\n\nThe Minister of Foreign Affairs of the Republic of "
        "Azerbaijan, Jeyhun Bayramov, and the Minister of Foreign Affairs of the Republic of Armenia, Zohrab "
        "Mnatsakanyan, met. Artak Beglaryan, Karabakh's human rights ombudsman, said 21 had died."
    )
    props = propose(text, "t", "2020-10-11", gaz)
    held = {it.fields["holder"]: it.fields["position"] for it in props.items if it.section == "tenures"}
    assert held["jeyhun-bayramov"] == "foreign-minister-of-azerbaijan"
    assert held["zohrab-mnatsakanyan"] == "foreign-minister-of-armenia"
    persons = {e.label for e in props.entities.values() if e.type == "Person"}
    assert {"Daniel Marsh", "Artak Beglaryan"} <= persons


def test_a_places_defence_ministry_reports_its_states_dead_and_tanks_destroyed_with_troops_killed(
    gaz: Gazetteer,
) -> None:
    gaz = Gazetteer.from_dir(Path(__file__).parent.parent / "seeds" / "annotations" / "entities")
    text = (
        "In the April 2016 fighting, the Karabakh defence ministry said on Monday that 20 of its troops had been "
        "killed. Azerbaijan's Defence Ministry said its forces had killed as many as 170 Armenian troops and "
        "destroyed six tanks."
    )
    props = propose(text, "t", "2016-04-05", gaz)
    sides = {
        it.fields.get("count"): it.fields.get("side") for it in props.items if it.section in ("casualties", "losses")
    }
    assert sides == {20: "republic-of-artsakh", 170: "armenia", 6: "armenia"}


def test_review_probes_of_the_session_rules(gaz: Gazetteer) -> None:
    """Probes a reviewer found misfiring in the session's new rules, each now right."""
    full = Gazetteer.from_dir(Path(__file__).parent.parent / "seeds" / "annotations" / "entities")

    def items(text: str, date: str = "2023-09-21", g: Gazetteer = full) -> list:
        return propose(text, "t", date, g).items

    def new(text: str, date: str = "2023-09-21") -> dict[str, str]:
        return {e.id: e.type for e in propose(text, "t", date, full).entities.values()}

    # a capital that is only a place in the sentence gives "its" no state
    text = (
        "In the April 2016 fighting, Armenia's defence ministry, after talks in Moscow, said 31 of its soldiers died."
    )
    assert {it.fields.get("side") for it in items(text, "2016-04-05") if it.section == "casualties"} == {"armenia"}
    # "The Azerbaijani Prosecutor General's Office"; "Its ..." is the subject's, not the state named last
    assert "prosecutor-general-office-of-azerbaijan" in new("The Azerbaijani Prosecutor General's Office said so.")
    text = "Azerbaijan accused Armenia of shelling. Its Prosecutor General's Office opened a case."
    assert "prosecutor-general-office-of-armenia" not in new(text)
    # reporting by a broadcaster is no credit line; a rank before a headline's capitals is no person
    assert not new("Baku criticised the reporting by Radio Free Europe in the region.")
    assert not [t for t in new("Major Western Powers Urge Restraint in Karabakh").values() if t == "Person"]
    # a contract for electricity is no arms deal; one body's "a Statement of <date>" is no agreement
    assert "ArmsAgreement" not in new("Armenia signed a contract for the supply of electricity with Iran.").values()
    assert (
        "JointStatement" not in new("The foreign ministry issued a Statement of 12 December 2022 on the road.").values()
    )
    # "By 5 October" is a cut-off; a range before a transfer gives its start and end
    assert not [
        it
        for it in items("The war ended. By 5 October some 100,000 refugees have crossed into Armenia.", "2023-10-06")
        if it.fields.get("value") == "2023-10-05"
    ]
    text = "Between 2011 and 2013, Russia delivered 24 BM-30 Smerch launchers to Azerbaijan."
    (t,) = [it.fields for it in items(text, "2024-01-01") if it.section == "transfers"]
    assert (t["start"], t["end"]) == ("2011", "2013")
    # "since mid-2022" does not anchor the next month's year; "the last May Day parade" is no date
    assert dates("Since mid-2022 the road was closed. In March talks were held.", "2023-09-21")["March"][0] == "2023-03"
    assert "May" not in dates("It was the last May Day parade.", "2023-09-21")
    # the supplier after "from" does not hold what the recipient received
    text = "Azerbaijan took delivery of 30 TB2 Bayraktar drones from Turkey in 2020, and received 4 Harop drones."
    assert "turkey" not in {it.fields.get("operator") for it in items(text, "2024-01-01") if it.section == "holdings"}


def test_bare_figures_in_a_list_after_a_figure_of_troops_count_troops(gaz: Gazetteer) -> None:
    text = "In the April 2016 fighting, 20 Armenian troops had been killed, 72 wounded and 26 were missing."
    got = {c["count"]: c["category"] for c in section(text, gaz, "casualties", "2016-04-05")}
    assert got == {20: "soldiers", 72: "soldiers", 26: "soldiers"}


def test_a_reports_year_less_day_after_a_far_background_date_is_of_the_reports_weeks() -> None:
    filler = "The talks went on for years without result. " * 8
    text = "The 1994 ceasefire held for decades. " + filler + "The fighting that erupted on September 27 continued."
    assert dates(text, "2020-10-11")["September 27"][0] == "2020-09-27"
    # a history dated to the day keeps its passage's year
    text = "In February 1988 crowds gathered. " + filler + "The pogrom, which began on 27 February, lasted."
    assert dates(text, "2023-11-14")["27 February"][0] == "1988-02-27"


def test_a_joint_statements_title_in_capitals_over_a_lower_case_line(gaz: Gazetteer) -> None:
    text = (
        "JOINT STATEMENT\nof the President of the Republic of Azerbaijan and the Prime Minister of the Republic of "
        "Armenia on Humanitarian Issues\n\nThe Parties have agreed as follows:\n\n1. The Parties shall release "
        "detainees.\n\nDone at the state border on 14 February 2026.\n\nFor the Republic of Azerbaijan\n"
        "Ilham Aliyev\n\nFor the Republic of Armenia\nNikol Pashinyan\n"
    )
    props = propose(text, "t", "2026-02-14", gaz)
    (statement,) = [e.id for e in props.entities.values() if e.type == "JointStatement"]
    facts = {
        (it.fields.get("p"), it.fields.get("o", it.fields.get("value")))
        for it in props.items
        if it.fields.get("s") == statement
    }
    assert {("signingDate", "2026-02-14"), ("party", "azerbaijan"), ("party", "armenia")} <= facts


def test_absolute_dates_are_read_by_dateparsers_absolute_parser_alone() -> None:
    from kg.ingest.dates import _parser, normalise

    assert _parser()._settings.PARSERS == ["absolute-time"]
    assert normalise("5 May 1994", 3) == "1994-05-05" and normalise("Sept 14 2021", 3) == "2021-09-14"
    assert normalise("31 February 2020", 3) is None
