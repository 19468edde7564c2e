"""Sides from the text: people and bodies no pack lists get the state the text gives them.

The sentences are written here, about a crisis between Moldova and Chile with invented
people and bodies, so no knowledge pack can know who anyone is.
"""

from __future__ import annotations

import pytest

from sitrep.extract import build_pipeline
from tests.conftest import sample_document


@pytest.fixture(scope="module", params=["statistical", "rules"])
def reader(request, gazetteer):
    return build_pipeline(fast=request.param == "rules")


def sides_of(reader, text: str) -> dict[str, str | None]:
    """Each person's and organisation's side, by name."""
    extraction = reader.extract(sample_document(text))
    return {e.name: e.attributes.get("side") for e in extraction.entities
            if e.kind in ("person", "organisation")}


def speaker_sides(reader, text: str) -> list[tuple[str | None, str | None]]:
    return [(s.speaker, s.speaker_side) for s in reader.extract(sample_document(text)).statements]


@pytest.mark.parametrize("text, person, side", [
    ("Moldovan President Varina Odelcu said the border was calm.", "Varina Odelcu", "MD"),
    ("Chile's Foreign Minister Tomas Brevilla said the talks had failed.", "Tomas Brevilla", "CL"),
    ("The remarks by Moldovan foreign ministry spokesman Ilie Ranvescu came late.",
     "Ilie Ranvescu", "MD"),
    ("Tomas Brevilla, Chile's defence minister, said the ships had left.", "Tomas Brevilla", "CL"),
])
def test_a_person_takes_the_state_named_with_the_office(reader, text, person, side):
    assert sides_of(reader, text).get(person) == side


def test_the_side_found_once_carries_to_every_later_statement_of_that_person(reader):
    text = ("Moldovan President Varina Odelcu spoke in the morning. "
            "Odelcu said on Monday that no battalion had crossed the river.")
    assert speaker_sides(reader, text)[-1] == ("Varina Odelcu", "MD")


def test_an_organisation_named_after_its_state_or_with_of_takes_that_state(reader):
    sides = sides_of(reader, "The Moldovan Coastal Guard and the Maritime Security Council "
                             "(MSC) of Chile met on Friday.")
    assert sides.get("Moldovan Coastal Guard") == "MD"
    assert sides.get("Maritime Security Council") == "CL"


def test_a_person_in_a_sentence_that_names_a_state_elsewhere_takes_no_side(reader):
    sides = sides_of(reader, "Moldova said on Monday that Varina Odelcu had resigned.")
    assert sides.get("Varina Odelcu") is None


def test_a_capital_that_speaks_stands_for_its_state(reader, gazetteer):
    from sitrep.extract.sides import Sides

    assert Sides(gazetteer).of("Santiago") == "CL"
    assert Sides(gazetteer).of("Chisinau") == "MD"


def test_an_own_side_action_told_by_that_sides_minister_is_a_claim(reader):
    text = ("Chile's Defence Minister Tomas Brevilla said on Monday that Chilean troops "
            "withdrew from the border.")
    events = reader.extract(sample_document(text)).events
    assert [e.modality for e in events if e.kind == "withdraw"] == ["claimed"]


def test_one_name_for_two_states_bodies_takes_no_side(reader):
    text = ("Chile's Naval Command said on Monday that the frigates had sailed. "
            "Moldova's Naval Command said on Tuesday that no frigate had come.")
    assert sides_of(reader, text).get("Naval Command") is None
    assert [side for _, side in speaker_sides(reader, text)] == ["CL", "MD"]
