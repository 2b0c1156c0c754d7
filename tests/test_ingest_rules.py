"""The rule modules of kg.ingest, one behaviour at a time, on short invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import ONTOLOGY_FILE
from kg.ingest.dates import find_dates
from kg.ingest.gazetteer import Gazetteer, slug
from kg.ingest.ontology_types import ACTOR_TYPES, AGREEMENT_TYPES, EVENT_TYPES, PARENT, PLACE_TYPES
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


def test_dates_are_independent_of_today() -> None:
    a = find_dates("on Sunday, two years later, in July", "2020-09-28")
    b = find_dates("on Sunday, two years later, in July", "2020-09-28")
    assert a == b


# --- mentions ------------------------------------------------------------------------------


def links(text: str, gaz: Gazetteer) -> dict[str, str]:
    props = propose(text, "t", "2020-09-28", gaz)
    return {text[m.start : m.end]: m.entity for m in props.mentions}


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
