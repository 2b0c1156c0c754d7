"""Rules meant to carry over to texts the seeds do not contain, each on an invented sentence,
and three short invented texts of different kinds (a wire report, an agreement's wording, an
analysis) with what a reviewer would expect from them.

These are a sanity check of generality, not a held-out benchmark: the texts were written by
the same hand as the rules. The gazetteer is an invented one as well
(fixtures/ingest/unseen/entities.yaml), so the checks do not move when the seeds' entity files
are edited.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.dates import find_dates
from kg.ingest.gazetteer import Gazetteer
from kg.ingest.model import Proposals
from kg.ingest.pipeline import propose

UNSEEN = Path(__file__).parent / "fixtures" / "ingest" / "unseen"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_files([UNSEEN / "entities.yaml"])


def run(text: str, gaz: Gazetteer, doc_date: str = "2022-09-14") -> Proposals:
    return propose(text, "t", doc_date, gaz)


def links(props: Proposals) -> set[tuple[str, str]]:
    return {(props.text[m.start : m.end], m.entity) for m in props.mentions}


def items(props: Proposals, section: str) -> list[dict]:
    out = []
    for it in props.items:
        if it.section == section:
            d = dict(it.fields)
            d.update(by=it.by, quote=props.text[it.start : it.end])
            out.append(d)
    return out


def values(text: str, doc_date: str) -> dict[str, str]:
    return {text[d.start : d.end]: d.value for d in find_dates(text, doc_date)}


# --- entity links ---------------------------------------------------------------------------


def test_an_acronym_defined_after_a_known_name_is_that_entity(gaz: Gazetteer) -> None:
    text = "Yerevan appealed to the Collective Security Treaty Organization (CSTO). The CSTO declined."
    props = run(text, gaz)
    got = [m.entity for m in props.mentions if text[m.start : m.end] == "CSTO"]
    assert got == ["collective-security-treaty-organization"] * 2
    assert "csto" not in props.entities  # no second, unknown organisation


def test_brackets_that_are_not_the_names_initials_define_nothing(gaz: Gazetteer) -> None:
    text = "The Collective Security Treaty Organization (AFP) met. AFP reported it. AFP said so."
    props = run(text, gaz)
    assert ("AFP", "collective-security-treaty-organization") not in links(props)


def test_the_name_word_of_a_designated_weapon_names_it(gaz: Gazetteer) -> None:
    props = run("Armenian crews feared the Bayraktars more than any artillery; one Bayraktar was lost.", gaz)
    assert ("Bayraktars", "tb2-bayraktar") in links(props)
    assert ("Bayraktar", "tb2-bayraktar") in links(props)


def test_a_seat_of_government_names_its_government(gaz: Gazetteer) -> None:
    props = run("The Kremlin said the talks would resume.", gaz)
    assert ("Kremlin", "government-of-russia") in links(props)


def test_a_people_named_by_ethnicity_or_home_is_a_group(gaz: Gazetteer) -> None:
    text = "Ethnic Azeris returned to Shusha while many Karabakh Armenians stayed in Yerevan."
    props = run(text, gaz)
    got = links(props)
    assert ("Karabakh Armenians", "karabakh-armenians") in got
    assert props.entities["karabakh-armenians"].type == "Group"
    assert ("Ethnic Azeris", "ethnic-azeris") in got
    assert ("Azeris", "azerbaijan") in got and ("Armenians", "armenia") in got  # the demonym still names its state


def test_its_ministry_is_the_ministry_of_the_state_named_before(gaz: Gazetteer) -> None:
    text = "Armenian shelling hit Baku's suburbs, and its defence ministry counted the damage."
    props = run(text, gaz)
    # "its": Baku (Azerbaijan's capital), not the demonym before it
    assert ("defence ministry", "ministry-of-defence-of-azerbaijan") in links(props)


def test_the_army_is_the_armed_force_named_last(gaz: Gazetteer) -> None:
    text = "The Azerbaijani Army has grown. Cadets from the army now train abroad."
    assert ("army", "azerbaijani-armed-forces") in links(run(text, gaz))
    assert not any(e == "azerbaijani-armed-forces" for _, e in links(run("Cadets from the army train.", gaz)))


def test_a_dateline_names_its_place_and_agency(gaz: Gazetteer) -> None:
    text = "Shelling resumes\n\nBAKU, Oct 4 (AFP) – Shells fell on Sunday."
    props = run(text, gaz, "2020-10-04")
    got = links(props)
    assert ("BAKU", "baku") in got
    assert ("AFP", "afp") in got and props.entities["afp"].type == "MediaOutlet"


# --- dates ----------------------------------------------------------------------------------


def test_abbreviated_months_with_a_day() -> None:
    got = values("MOSCOW, Sept 14 (Reuters) – Talks ended on 3 Oct. 2021 and resumed on Dec 2.", "2022-09-14")
    assert got["Sept 14"] == "2022-09-14"
    assert got["3 Oct. 2021"] == "2021-10-03"
    assert got["Dec 2"] == "2021-12-02"  # no year: the year of the date before it


def test_since_names_a_period_not_a_point_to_count_from() -> None:
    got = values("In March 2021 the mission, which had existed since 1995, was closed the following year.", "2024")
    assert got["the following year"] == "2022"  # after March 2021, not after 1995


def test_the_worst_fighting_since_a_year_is_not_dated_by_it(gaz: Gazetteer) -> None:
    props = run("Heavy fighting broke out on the border, the worst fighting since 2016.", gaz)
    dates = [s for s in items(props, "statements") if s.get("p") in ("date", "startDate")]
    assert not any(s["value"] == "2016" for s in dates)


def test_a_date_of_another_event_past_a_comma_dates_nothing_after(gaz: Gazetteer) -> None:
    text = "After the 2016 offensive, the villages stood empty, most of their residents fleeing to Armenia."
    props = run(text, gaz)
    dated = {s["s"] for s in items(props, "statements") if s.get("p") in ("date", "startDate")}
    assert not any(props.entities.get(e) and props.entities[e].type == "Displacement" for e in dated)


# --- events and agreements -------------------------------------------------------------------


def test_people_leaving_for_a_place_is_a_displacement(gaz: Gazetteer) -> None:
    text = "Thousands of Armenians living previously in Baku left for Yerevan in 1990."
    props = run(text, gaz)
    disp = [e for e in props.entities.values() if e.type == "Displacement"]
    assert len(disp) == 1
    roles = {(s["p"], s.get("o") or s.get("value")) for s in items(props, "statements") if s["s"] == disp[0].id}
    assert ("place", "baku") in roles and ("startDate", "1990") in roles
    # a person leaving for a meeting is no displacement
    none = run("Ilham Aliyev left for Moscow on Monday.", gaz, "2022-09-14")
    assert not any(e.type == "Displacement" for e in none.entities.values())


def test_a_dissolution_in_the_passive(gaz: Gazetteer) -> None:
    props = run("The Minsk Group was dissolved in 2024.", gaz)
    assert any(e.type == "Dissolution" for e in props.entities.values())


def test_the_signing_formula_signs_the_agreement_the_title_names(gaz: Gazetteer) -> None:
    text = (
        "Joint statement on the Lachin Corridor\n\n"
        "1. A ceasefire shall take effect on 2 April 2021.\n\n"
        "Signed in Moscow on 1 April 2021 by the President of the Republic of Azerbaijan, Ilham Aliyev, "
        "and the Prime Minister of the Republic of Armenia, Nikol Pashinyan."
    )
    props = run(text, gaz, "2021-04-01")
    joint = next(e for e in props.entities.values() if e.type == "JointStatement")
    st = {(s["p"], s.get("o") or s.get("value")) for s in items(props, "statements") if s["s"] == joint.id}
    assert ("signingDate", "2021-04-01") in st
    assert ("signatory", "ilham-aliyev") in st and ("signatory", "nikol-pashinyan") in st
    cease = next(e for e in props.entities.values() if e.type == "Ceasefire")
    st = {(s["p"], s.get("value")) for s in items(props, "statements") if s["s"] == cease.id}
    assert ("startDate", "2021-04-02") in st  # takes effect: not a signing date


def test_an_office_in_a_list_of_signatories_is_the_next_name(gaz: Gazetteer) -> None:
    text = (
        "It was signed by the President of the Republic of Azerbaijan, Ilham Aliyev, "
        "the Prime Minister of the Republic of Armenia, Nikol Pashinyan, and others."
    )
    tenures = {(t["holder"], t["position"]) for t in items(run(text, gaz), "tenures")}
    assert ("ilham-aliyev", "prime-minister-of-armenia") not in tenures
    assert ("nikol-pashinyan", "prime-minister-of-armenia") in tenures
    assert ("ilham-aliyev", "president-of-azerbaijan") in tenures


def test_another_holder_of_a_title_is_not_given_the_state_of_the_first(gaz: Gazetteer) -> None:
    text = "Azerbaijan's President Ilham Aliyev met reporters. Later President Putin called him."
    tenures = {(t["holder"], t["position"]) for t in items(run(text, gaz), "tenures")}
    assert ("vladimir-putin", "president-of-azerbaijan") not in tenures
    assert ("ilham-aliyev", "president-of-azerbaijan") in tenures


# --- quantities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, count, qualifier",
    [
        ("some 3,000 residents were evacuated", 3000, "approximately"),
        ("more than 5,000 people fled", 5000, "more-than"),
        ("up to 800 families left for Armenia", None, None),  # families are no count of people here
    ],
)
def test_displacement_figures(gaz: Gazetteer, phrase: str, count: int | None, qualifier: str | None) -> None:
    text = f"Azerbaijan launched an offensive on Sunday. From Stepanakert, {phrase}."
    got = [c for c in items(run(text, gaz), "casualties") if c["type"] == "displaced"]
    if count is None:
        assert not got
        return
    (c,) = got
    assert c["count"] == count and c["qualifier"] == qualifier


def test_n_of_its_soldiers_counts_the_speakers_side(gaz: Gazetteer) -> None:
    text = "Azerbaijan launched an offensive on Sunday. Armenia's defence ministry said 35 of its soldiers had died."
    (c,) = items(run(text, gaz), "casualties")
    assert (c["count"], c["category"], c["type"], c["side"]) == (35, "soldiers", "killed", "armenia")


def test_a_word_of_another_figure_is_not_this_ones(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on Sunday. The ministry put the number of dead at 120 soldiers, "
        "with several hundred more missing."
    )
    got = {(c.get("count"), c["type"]) for c in items(run(text, gaz), "casualties")}
    assert (120, "killed") in got
    assert (None, "missing") in got


def test_the_size_of_a_force(gaz: Gazetteer) -> None:
    text = "A peacekeeping contingent of the Russian Federation of up to 2,000 troops will be deployed."
    (m,) = [m for m in items(run(text, gaz), "measurements") if m["measure"] == "troop-strength"]
    assert (m["entity"], m["value"], m["qualifier"]) == ("russia", 2000, "up-to")


# --- three invented texts --------------------------------------------------------------------

TEXTS = {"wire_report": "2022-09-14", "agreement": "2021-03-10", "analysis": "2024-03-01"}


@pytest.fixture(scope="module")
def unseen(gaz: Gazetteer) -> dict[str, Proposals]:
    return {n: propose((UNSEEN / f"{n}.txt").read_text(encoding="utf-8"), n, d, gaz) for n, d in TEXTS.items()}


def _dated(props: Proposals) -> set[str]:
    return {
        s["value"]
        for s in items(props, "statements")
        if s.get("p") in ("date", "startDate", "signingDate", "endDate") and "value" in s
    }


def _casualties(props: Proposals) -> set[tuple]:
    return {
        (c.get("count"), c["qualifier"], c["category"], c["type"], c.get("side")) for c in items(props, "casualties")
    }


def test_unseen_wire_report(unseen: dict[str, Proposals]) -> None:
    p = unseen["wire_report"]
    got = links(p)
    for expected in [
        ("YEREVAN", "yerevan"),
        ("Reuters", "reuters"),
        ("Armenian", "armenia"),
        ("Azerbaijani troops", "azerbaijani-armed-forces"),
        ("Nikol Pashinyan", "nikol-pashinyan"),
        ("Mr Pashinyan", "nikol-pashinyan"),
        ("Azerbaijan's defence ministry", "ministry-of-defence-of-azerbaijan"),
        ("ministry", "ministry-of-defence-of-azerbaijan"),  # "The ministry said"
        ("President Putin", "vladimir-putin"),
        ("Collective Security Treaty Organization", "collective-security-treaty-organization"),
        ("CSTO", "collective-security-treaty-organization"),
        ("Azeri", "azerbaijan"),
        ("Baku", "baku"),
        ("Nagorny Karabakh", "nagorno-karabakh"),
        ("Ilham Aliyev", "ilham-aliyev"),
    ]:
        assert expected in got, expected
    assert "csto" not in p.entities
    assert {"2022-09-14", "2022-09-13"} <= _dated(p)  # "Sept 14" (the dateline), "on Tuesday"
    assert "2020" not in {
        s["value"] for s in items(p, "statements") if s["s"].startswith("clashes")
    }  # "worst since 2020"
    cas = _casualties(p)
    assert (49, "at-least", "soldiers", "killed", "armenia") in cas
    assert (50, "exactly", "soldiers", "killed", "azerbaijan") in cas  # "50 of its servicemen had died"
    assert (2700, "approximately", "civilians", "displaced", None) in cas  # "Some 2,700 civilians were evacuated"
    assert (2, "exactly", "civilians", "wounded", "azerbaijan") in cas
    assert (6500, "more-than", "people", "killed", None) in cas
    wounded = next(c for c in items(p, "casualties") if c["type"] == "wounded")
    assert wounded["by"] == "government-of-azerbaijan"  # "according to Baku"
    tenures = {(t["holder"], t["position"]) for t in items(p, "tenures")}
    assert ("vladimir-putin", "president-of-azerbaijan") not in tenures


def test_unseen_agreement(unseen: dict[str, Proposals]) -> None:
    p = unseen["agreement"]
    got = links(p)
    for expected in [
        ("Nagorno-Karabakh", "nagorno-karabakh"),
        ("Republic of Azerbaijan", "azerbaijan"),
        ("Republic of Armenia", "armenia"),
        ("Russian Federation", "russia"),
        ("Lachin Corridor", "lachin-corridor"),
        ("Moscow", "moscow"),
        ("Vladimir Putin", "vladimir-putin"),
    ]:
        assert expected in got, expected
    types = {e.type for e in p.entities.values()}
    assert {"JointStatement", "Ceasefire"} <= types
    st = {(s["p"], s.get("o") or s.get("value")) for s in items(p, "statements")}
    assert ("startDate", "2021-03-12") in st  # the ceasefire takes effect
    assert ("signingDate", "2021-03-10") in st
    assert {("signatory", x) for x in ("ilham-aliyev", "nikol-pashinyan", "vladimir-putin")} <= st
    tenures = {(t["holder"], t["position"]) for t in items(p, "tenures")}
    assert tenures == {
        ("ilham-aliyev", "president-of-azerbaijan"),
        ("nikol-pashinyan", "prime-minister-of-armenia"),
        ("vladimir-putin", "president-of-russia"),
    }
    m = {(x["measure"], x.get("value"), x.get("qualifier")) for x in items(p, "measurements")}
    assert ("troop-strength", 1500, "up-to") in m
    # "within 30 days of the signing of this statement": counted from its signing
    due = [(x["due"], x["value_text"]) for x in items(p, "measurements") if x["measure"] == "deadline"]
    assert due == [("2021-04-09", "The Parties shall exchange prisoners of war and the bodies of the dead")]


def test_unseen_analysis(unseen: dict[str, Proposals]) -> None:
    p = unseen["analysis"]
    got = links(p)
    for expected in [
        ("Baku", "baku"),
        ("Azeri", "azerbaijan"),
        ("Turkish", "turkey"),
        ("Israeli", "israel"),
        ("Bayraktars", "tb2-bayraktar"),
        ("T-72s", "t-72"),
        ("Yerevan", "yerevan"),
        ("defence ministry", "armenian-defence-ministry"),  # "its defence ministry": Yerevan's
        ("Karabakh Armenians", "karabakh-armenians"),
        ("Armenian government", "government-of-armenia"),
        ("Minsk Group", "osce-minsk-group"),
        ("Kremlin", "government-of-russia"),
    ]:
        assert expected in got, expected
    assert {"2020", "2023-09", "2024"} <= _dated(p)  # "the following year": after 2023, not after "since 1992"
    cas = _casualties(p)
    assert (3800, "nearly", "soldiers", "killed", "armenia") in cas  # "its defence ministry ... put" its own dead
    assert (None, "unspecified", "people", "missing", "armenia") in cas  # "several hundred more missing"
    assert (100000, "more-than", "people", "displaced", None) in cas


# --- further rules (entity links, dates, events, quantities) ----------------------------------


def test_a_state_in_the_name_of_an_unknown_body_names_the_state(gaz: Gazetteer) -> None:
    text = "The Armenia Border Guard Command and the Turkish Naval Academy opened; British Petroleum drilled."
    got = links(run(text, gaz))
    assert ("Armenia", "armenia") in got  # a new body named after its state
    assert ("Turkish", "turkey") in got  # a public body: the demonym is its state
    assert not any(e == "united-kingdom" for _, e in got)  # a company: where from, not whose
    # a curated name stays one mention, as the build highlights it
    assert ("Azerbaijan", "azerbaijan") not in links(run("The Azerbaijan Army advanced.", gaz))


def test_places_named_by_a_description(gaz: Gazetteer) -> None:
    text = "Shells fell on Nagorno-Karabakh. The breakaway region's leaders fled to the Armenian capital."
    got = links(run(text, gaz))
    assert ("The breakaway region", "nagorno-karabakh") in got
    assert ("the Armenian capital", "yerevan") in got
    assert not any(s == "the disputed territory" for s, _ in links(run("They left the disputed territory.", gaz)))


def test_a_capital_in_the_possessive_names_its_states_forces(gaz: Gazetteer) -> None:
    got = links(run("Baku's forces advanced while Baku officials watched.", gaz))
    assert ("Baku's forces", "azerbaijani-armed-forces") in got
    assert not any(s.startswith("Baku officials") and e.startswith("azerbaijani") for s, e in got)


def test_a_persons_government_is_the_government_of_the_state_they_head(gaz: Gazetteer) -> None:
    text = "Armenian Prime Minister Nikol Pashinyan spoke. Pashinyan's government resigned."
    got = links(run(text, gaz))
    assert ("government", "government-of-armenia") in got and ("Pashinyan", "nikol-pashinyan") in got


def test_more_date_forms() -> None:
    got = values("In mid-2021 talks began; on 9-10 November 2020 a deal was signed; between 1988 and 1994 war.", "2024")
    assert got["2021"] == "2021"
    assert got["9"] == "2020-11-09" and got["10 November 2020"] == "2020-11-10"
    roles = {
        (d.value, d.role) for d in find_dates("from 1992 to 1994, between 1988 and 1995; in 2008 and 2016", "2024")
    }
    assert roles == {
        ("1992", "start"),
        ("1994", "end"),
        ("1988", "start"),
        ("1995", "end"),
        ("2008", "point"),
        ("2016", "point"),
    }


def test_over_the_past_n_years_starts_then() -> None:
    (d,) = find_dates("He has visited Baku regularly over the past fourteen years.", "2024-03-01")
    assert (d.value, d.role) == ("2010", "start")
    # a period up to the time of writing is no point to count from
    got = values("In 2019 it began. Over the past ten years it grew; two years later it ended.", "2024")
    assert got["two years later"] == "2021"


def test_a_span_before_a_clause_dates_the_clause_not_what_precedes(gaz: Gazetteer) -> None:
    text = "The new clashes come two months after Azerbaijani troops launched an attack on Armenia."
    props = run(text, gaz, "2020-09-28")
    dated = {s["s"]: s["value"] for s in items(props, "statements") if s.get("p") in ("date", "startDate")}
    assert not any(e.startswith("clashes") for e in dated)
    assert any(v == "2020-07" for v in dated.values())  # the attack's


def test_founding_a_named_body_is_an_event(gaz: Gazetteer) -> None:
    props = run("In 2001, Azerbaijan set up the Military Training Centre in Baku.", gaz)
    ev = [e for e in props.entities.values() if e.type == "Event"]
    assert len(ev) == 1
    st = {(s["p"], s.get("o") or s.get("value")) for s in items(props, "statements") if s["s"] == ev[0].id}
    assert ("agent", "azerbaijan") in st and ("date", "2001") in st
    assert not any(
        e.type == "Event" for e in run("Armenia established these facts by force in 1994.", gaz).entities.values()
    )


def test_operations_named_by_their_side(gaz: Gazetteer) -> None:
    text = "Baku's forces began what it called anti-terrorist measures on Tuesday. At least 200 people were killed."
    props = run(text, gaz, "2023-09-21")
    assert any(e.type == "Offensive" for e in props.entities.values())
    assert (200, "at-least", "people", "killed", None) in _casualties(props)


def test_more_casualty_and_loss_forms(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan launched an offensive on Sunday. Two journalists were wounded. Armenian forces lost 40 tanks. "
        "The army had suffered 2,425 deaths. Armenia, which lost the war, has 100 tanks. "
        "The death toll rose to 90 soldiers, Karabakh officials said."
    )
    props = run(text, gaz, "2020-10-12")
    cas = _casualties(props)
    assert (2, "exactly", "civilians", "wounded", None) in cas
    assert (2425, "exactly", "people", "killed", None) in cas
    assert (90, "exactly", "soldiers", "killed", "republic-of-artsakh") in cas  # the officials' side
    losses = {(x["count"], x.get("side"), x["loss_type"]) for x in items(props, "losses")}
    assert losses == {(40, "armenia", "destroyed-or-captured")}


def test_an_acronym_alone_is_the_known_name_with_those_initials(gaz: Gazetteer) -> None:
    got = links(run("Armenia froze its participation in the CSTO.", gaz))
    assert ("CSTO", "collective-security-treaty-organization") in got


def test_an_office_named_with_its_holder_or_its_state_is_a_mention_of_the_position(gaz: Gazetteer) -> None:
    text = (
        "Azerbaijan's President Ilham Aliyev met Armenia, whose prime minister stayed home. "
        "Later President Putin called."
    )
    got = links(run(text, gaz))
    assert ("Azerbaijan's President", "president-of-azerbaijan") in got
    assert ("prime minister", "prime-minister-of-armenia") in got
    # a title used as a form of address is not a mention of the office
    assert not any(e == "president-of-russia" for _, e in got)


def test_an_ordinal_day_of_a_month() -> None:
    assert values("On the 27th of September, fighting began.", "2020-10-01")["27th of September"] == "2020-09-27"
    assert "5 of May" not in values("He was one of 5 of May's recruits.", "2020-10-01")


def test_the_state_of_an_office_in_an_apposition_is_not_the_speaker(gaz: Gazetteer) -> None:
    text = "Nikol Pashinyan, Prime Minister of Armenia, replied that the border was calm."
    agents = {s["o"] for s in items(run(text, gaz), "statements") if s["p"] == "agent"}
    assert agents == {"nikol-pashinyan"}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_unseen_drafts_follow_the_schema_and_anchor(tmp_path: Path, name: str) -> None:
    """The drafts of the invented texts are well-formed: every quote anchors in the text, and
    the draft validates against the annotation schema (when there is one)."""
    import json

    import yaml

    from kg.anchor import anchor
    from kg.config import SCHEMA_FILE
    from kg.ingest.cli import ingest_command

    src = UNSEEN / f"{name}.txt"
    out = tmp_path / "draft.yaml"
    argv = [str(src), "--date", TEXTS[name], "--entities", str(UNSEEN), "-o", str(out), "--doc", "990"]
    assert ingest_command(argv) == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    text = src.read_text(encoding="utf-8")
    for value in draft.values():
        for it in value if isinstance(value, list) else []:
            if isinstance(it, dict) and "quote" in it:
                anchor(text, it["quote"], it.get("occurrence"), doc="990")
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_FILE.exists():
        pytest.skip("no annotation schema yet")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    if "document_file" in schema.get("$defs", {}):
        validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/document_file", "$defs": schema["$defs"]})
        errors = [e.message for e in validator.iter_errors(draft)]
        assert not errors, errors[:5]


def test_a_side_that_lost_soldiers_counts_its_dead(gaz: Gazetteer) -> None:
    text = "Azerbaijan launched an offensive on 27 September. Armenia has lost some 3,800 troops."
    assert (3800, "approximately", "soldiers", "killed", "armenia") in _casualties(run(text, gaz, "2020-12-01"))
