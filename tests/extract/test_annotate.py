"""The extraction step that decides what analysis reads of a record's words."""

import pytest

from sitrep.extract.annotate import default_annotator, named_forces
from sitrep.model import Entity, Event, Statement
from tests.conftest import sample_document

ANNOTATOR = default_annotator()


def said(text, quote=None):
    statement = Statement("s1", "d", 0, len(text), text, quote=quote)
    ANNOTATOR.statement(statement)
    return statement


@pytest.mark.parametrize("text, asserts", [
    ("The ministry said units were returning to their permanent bases.", ["withdraw"]),
    ("The ministry said the drills had ended and troops were going home.", ["withdraw"]),
    ("The spokesman said there would be no invasion of anyone.", ["no_attack"]),
    ("We don’t want a war and are pulling back the troops.", ["withdraw", "no_attack"]),
    ("The ministry said the troops had arrived at the range.", []),
])
def test_a_statement_asserts_what_the_claim_cues_name(text, asserts):
    assert said(text).asserts == asserts


@pytest.mark.parametrize("text, refutes", [
    ("Officials said they had seen no signs of a withdrawal at all.", ["withdraw"]),
    ("The envoy said the country was ready to invade at any moment.", ["no_attack"]),
    ("An analyst said: we found no evidence of it on the ground.", ["it"]),
    ("An analyst said the pullback claim was simply false.", ["withdraw"]),
    ("Officials said the talks would go on.", []),
])
def test_a_statement_refutes_what_the_refutation_cues_name(text, refutes):
    assert said(text).refutes == refutes


def test_first_person_is_read_from_the_quote_when_there_is_one():
    assert said("The general said our troops stay.").first_person
    assert not said("The general said the troops stay.").first_person
    assert not said('Of us all, he said "the troops stay".', quote="the troops stay").first_person
    assert said('He said "we stay".', quote="we stay").first_person
    assert not said("The USSR stayed.").first_person  # whole words only


@pytest.mark.parametrize("text, categories", [
    ("Columns of tanks and a field hospital were seen.", ["armour", "medical"]),
    ("Two Iskander-M launchers and several Smerches arrived.", ["ballistic missile",
                                                                "rocket artillery"]),
    ("Fuel lorries, howitzers and Grad rocket launchers moved.",
     ["artillery", "rocket artillery", "logistics"]),
    ("The tankers' union met.", []),  # whole words only
])
def test_equipment_categories_are_those_whose_names_or_plurals_the_text_holds(text, categories):
    assert sorted(ANNOTATOR.categories(text)) == sorted(categories)


@pytest.mark.parametrize("text", [
    "Columns of TANKS, “howitzers” and İskander launchers moved.",  # dotted capital I
    "Two Iſkander launchers and a ſelf-propelled gun stood by.",  # long s
    "Ten KORNETS — and nothing else — came; the Tankers’ union met.",
    "No equipment is named here at all.",
])
def test_skipping_categories_whose_first_words_are_absent_changes_nothing(text):
    searched = [category for category, pattern, _ in ANNOTATOR.equipment
                if pattern.search(text)]
    assert ANNOTATOR.categories(text) == searched


def test_an_event_subject_key_is_set_only_where_the_subject_names_a_force():
    forces = ["41st combined arms army"]
    assert ANNOTATOR.subject_key("The 41st Combined Arms Army's equipment", forces) == \
        "41st combined arms army equipment"
    assert ANNOTATOR.subject_key("41st Combined Arms Army equipment", forces) == \
        "41st combined arms army equipment"
    assert ANNOTATOR.subject_key("Russian troops", forces) is None
    assert ANNOTATOR.subject_key(None, forces) is None
    assert ANNOTATOR.subject_key("41st Combined Arms Army", []) is None


def test_an_event_gets_its_words_equipment_and_subject_key():
    event = Event("e1", "d", 0, 0, "T-72 tanks of the 41st Army moved to Klintsy.",
                  subject="41st Army tanks")
    ANNOTATOR.event(event, ["41st army"])
    assert event.words == ["t", "72", "tanks", "of", "the", "41st", "army", "moved", "to",
                           "klintsy"]
    assert (event.equipment_categories, event.subject_key) == (["armour"], "41st army tanks")


def test_named_forces_are_units_and_named_systems_not_kinds_of_thing():
    entities = [Entity("u", "unit", "41st Army"), Entity("i", "equipment", "Iskander"),
                Entity("t", "equipment", "tank", attributes={"generic": "true"}),
                Entity("p", "place", "Klintsy")]
    assert named_forces(entities) == ["41st army", "iskander"]


def test_the_pipeline_sets_the_fields_on_what_it_extracts(pipeline):
    doc = sample_document('Defence Minister Sergei Shoigu said: "Our units are returning to '
                          'their bases."\nThe 41st Combined Arms Army\'s tanks moved from '
                          "Yelnya to Klintsy on 3 February.")
    extraction = pipeline.extract(doc)
    [statement] = extraction.statements
    assert (statement.asserts, statement.refutes, statement.first_person) == (
        ["withdraw"], [], True)
    move = next(e for e in extraction.events if e.kind == "move")
    assert move.subject_key == "41st combined arms army"
    assert move.equipment_categories == ["armour"] and move.words[-2:] == ["3", "february"]
    before = [(e.subject_key, e.words) for e in extraction.events]
    ANNOTATOR.annotate_records(extraction.statements, extraction.events,
                               extraction.entities)  # the step alone gives what the pipeline gave
    assert [(e.subject_key, e.words) for e in extraction.events] == before
