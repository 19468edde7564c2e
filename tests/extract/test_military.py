import pytest
import spacy

from sitrep.extract.military import MilitaryFinder
from sitrep.lang import LanguagePack
from sitrep.extract.tokens import Tokens
from sitrep.knowledge import default_knowledge


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def finder(nlp):
    knowledge = default_knowledge()
    return MilitaryFinder(nlp, LanguagePack.load("en"), knowledge.equipment, knowledge.units)


def found(finder, nlp, text):
    """(span text, kind, name, attributes) for each mention, in text order."""
    doc = nlp(text)
    return [(doc[m.start:m.end].text, m.kind, m.name, dict(m.attributes))
            for m in finder.find(Tokens(doc))]


def test_numbered_units_are_found_by_pattern_with_their_echelon(finder, nlp):
    mentions = found(finder, nlp, "Satellite images placed the 41st Combined Arms Army near the "
                                  "lake, while the 1st Guards Tank Army stayed behind the 20th Army.")
    assert [(text, name, attrs["echelon"]) for text, _, name, attrs in mentions] == [
        ("41st Combined Arms Army", "41st Combined Arms Army", "army"),
        ("1st Guards Tank Army", "1st Guards Tank Army", "army"),
        ("20th Army", "20th Army", "army")]
    assert all(kind == "unit" and attrs["generic"] == "false" for _, kind, _, attrs in mentions)


def test_a_division_with_an_honorific_and_a_lower_case_division(finder, nlp):
    mentions = found(finder, nlp, "Elements of the 4th Guards Kantemirovskaya Tank Division "
                                  "relieved the 150th motor rifle division at dawn.")
    assert [(text, name) for text, _, name, _ in mentions] == [
        ("4th Guards Kantemirovskaya Tank Division", "4th Guards Kantemirovskaya Tank Division"),
        ("150th motor rifle division", "150th Motor Rifle Division")]
    assert mentions[1][3]["echelon"] == "division"


def test_spelled_out_ordinals_become_digits(finder, nlp):
    [(text, _, name, _)] = found(finder, nlp, "The First Guards Tank Army left its barracks.")
    assert (text, name) == ("First Guards Tank Army", "1st Guards Tank Army")


@pytest.mark.parametrize("text", [
    "Historians call it the crisis of the 21st century.",
    "The 2nd round of talks ended without a deal.",
    "The 2nd group of evacuees crossed at noon.",
    "The first battalion of volunteers was a rumour.",
    "Prices rose in the 1st quarter of the year.",
])
def test_ordinals_without_a_military_echelon_are_not_units(finder, nlp, text):
    assert found(finder, nlp, text) == []


def test_districts_and_fleets_in_title_and_lower_case(finder, nlp):
    mentions = found(finder, nlp, "Units of the Southern Military District joined ships of the "
                                  "Black Sea Fleet and troops from the western military district.")
    assert [(text, name, attrs["echelon"]) for text, _, name, attrs in mentions] == [
        ("Southern Military District", "Southern Military District", "district"),
        ("Black Sea Fleet", "Black Sea Fleet", "fleet"),
        ("western military district", "Western Military District", "district")]


def test_districts_that_share_the_noun_are_one_mention_each(finder, nlp):
    mentions = found(finder, nlp, "Drills began in the central, western and southern military districts.")
    assert [(text, name) for text, _, name, _ in mentions] == [
        ("central", "Central Military District"),
        ("western", "Western Military District"),
        ("southern military districts", "Southern Military District")]


def test_battalion_tactical_groups_are_generic_units(finder, nlp):
    mentions = found(finder, nlp, "Officials counted 30 BTGs, then one more BTG, "
                                  "and said battalion tactical groups kept arriving.")
    assert [text for text, *_ in mentions] == ["BTGs", "BTG", "battalion tactical groups"]
    assert {(kind, name, attrs["generic"]) for _, kind, name, attrs in mentions} == {
        ("unit", "battalion tactical group", "true")}


def test_named_systems_carry_their_category(finder, nlp):
    mentions = found(finder, nlp, "Launchers for Iskander-M missiles stood beside a BM-21 Grad "
                                  "battery and two S-400 radars.")
    assert [(text, name, attrs["category"], attrs["generic"]) for text, _, name, attrs in mentions] == [
        ("Iskander-M", "Iskander", "ballistic missile", "false"),
        ("BM-21 Grad", "BM-21 Grad", "rocket artillery", "false"),
        ("S-400", "S-400", "air defence", "false")]


@pytest.mark.parametrize("written", ["T-72", "T72", "t-72", "T-72s"])
def test_designations_with_or_without_hyphen_and_plural(finder, nlp, written):
    [(text, kind, name, _)] = found(finder, nlp, f"A column of {written} moved south.")
    assert (text, kind, name) == (written, "equipment", "T-72")


def test_designation_with_a_space_is_found(finder, nlp):
    [(text, _, name, _)] = found(finder, nlp, "Two Su 34 jets flew low.")
    assert (text, name) == ("Su 34", "Su-34")


def test_plural_generic_items_have_the_singular_name(finder, nlp):
    mentions = found(finder, nlp, "Engineers laid pontoon bridges while tanks waited and "
                                  "field hospitals asked for blood supplies.")
    assert [(text, name, attrs["category"], attrs["generic"]) for text, _, name, attrs in mentions] == [
        ("pontoon bridges", "pontoon bridge", "logistics", "true"),
        ("tanks", "tank", "armour", "true"),
        ("field hospitals", "field hospital", "medical", "true"),
        ("blood supplies", "blood supply", "medical", "true")]


def test_names_that_are_also_words_match_only_as_written(finder, nlp):
    assert found(finder, nlp, "A patriot and a grad student watched the tornado.") == []
    assert [name for _, _, name, _ in found(finder, nlp, "Patriot batteries and Grad rockets.")] == [
        "Patriot", "BM-21 Grad"]


def test_a_longer_unit_wins_over_the_equipment_word_inside_it(finder, nlp):
    mentions = found(finder, nlp, "The 2nd Guards Tank Army and a think tank.")
    assert [(text, kind) for text, kind, _, _ in mentions] == [("2nd Guards Tank Army", "unit")]


def test_token_offsets_give_back_the_text(finder, nlp):
    text = "The 76th Guards Air Assault Division flew in Il-76 aircraft with BMD-4M vehicles."
    doc = nlp(text)
    spans = [(doc[m.start:m.end].start_char, doc[m.start:m.end].end_char)
             for m in finder.find(Tokens(doc))]
    assert [text[a:b] for a, b in spans] == ["76th Guards Air Assault Division", "Il-76", "BMD-4M"]


def test_shipped_packs_name_each_piece_of_equipment_once():
    names = [row.name for pack in default_knowledge().packs for row in pack.equipment]
    assert len(set(names)) == len(names)
