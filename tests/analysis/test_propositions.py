"""Propositions read from statements, and contradictions decided by comparing them with
observations through the registry of kinds (invented sentences)."""

import pytest

from sitrep.analysis.contradictions import ClaimKind, ContradictionFinder, shipped_kinds
from sitrep.model import Ref
from tests.analysis.reports import event, report, statement

DAY, LATER = "2024-03-04", "2024-03-09"

# a claim of each kind of the registry, in the words of an invented Valdorian official,
# and an observation of the Valdorian side that goes against it
CASES = {
    "withdraw": ("We are pulling back our brigades from the Ostrel line, said Colonel Ivo Marek.",
                 None, "build_up"),
    "no_attack": ("We have no intention to attack Ostrelia, said Colonel Ivo Marek.", None, "attack"),
    "not_deployed": ("Colonel Ivo Marek denied that Valdorian tanks were sent to the border.",
                     ("deploy", "denial"), "deploy"),
    "pursue_diplomacy": ("We are committed to dialogue with Ostrelia, said Colonel Ivo Marek.",
                         None, "build_up"),
    "exercise_only": ("These are only routine exercises, we said, said Colonel Ivo Marek.", None,
                      "attack"),
    "drills_end": ("Our drills near Kessa will end on Friday, said Colonel Ivo Marek.", None,
                   "remain"),
    "peaceful_intent": ("Valdoria wants peace, we say, said Colonel Ivo Marek.", None, "attack"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_of_claim_is_contradicted_by_what_goes_against_it(kind):
    text, carried, seen_kind = CASES[kind]
    records = []
    if carried:
        event_kind, statement_kind = carried
        records = [statement("s1", text, kind=statement_kind, side="VA", speaker="Ivo Marek",
                             date=DAY),
                   event("e1", event_kind, text, side="VA", modality="claimed", statement="s1")]
    else:
        records = [statement("s1", text, side="VA", speaker="Ivo Marek", date=DAY)]
    claim = report("claim", *records, published=DAY)
    assert claim.statements[0].proposition.side == "VA"
    seen = report("seen", event("e1", seen_kind, "Valdorian armour was filmed near Kessa.",
                                side="VA", date=LATER), published=LATER)
    finder = ContradictionFinder()
    finder.add(claim)
    finder.add(seen)
    [record] = finder.contradictions()
    assert record.claim.assertion == kind
    assert [e.item.ref for e in record.against] == [Ref("id-seen", "e1")]
    assert record.why.startswith("Ivo Marek claimed")


def test_registry_has_every_kind_the_brief_names():
    names = {k.kind for k in shipped_kinds().kinds}
    assert set(CASES) <= names


def test_a_denial_states_the_event_did_not_happen():
    text = "The ministry denied that Valdorian troops had massed at the border."
    said = statement("s1", text, kind="denial", side="VA", speaker="the ministry", date=DAY)
    massed = event("e1", "build_up", text, side="VA", modality="claimed", statement="s1",
                   location="Kessa")
    proposition = report("claim", said, massed, published=DAY).statements[0].proposition
    assert (proposition.what, proposition.negated, proposition.side, proposition.place) == (
        "build_up", True, "VA", "Kessa")


def test_a_claim_in_one_document_is_contradicted_by_an_observation_in_another():
    text = "Colonel Ivo Marek denied that Valdorian tanks were sent to the border."
    claim = report("claim", statement("s1", text, kind="denial", side="VA", speaker="Ivo Marek",
                                      date=DAY),
                   event("e1", "deploy", text, side="VA", modality="claimed", statement="s1"),
                   published=DAY)
    other = report("other", event("e1", "build_up", "Valdorian tanks gathered at Kessa.",
                                  side="VA", date=LATER), published=LATER)
    finder = ContradictionFinder()
    finder.add(other)  # the evidence may arrive first
    finder.add(claim)
    [record] = finder.contradictions()
    assert record.claim.item.ref == Ref("id-claim", "s1")
    assert [e.item.ref for e in record.against] == [Ref("id-other", "e1")]


def test_a_claim_borne_out_later_is_confirmed():
    text = "We are pulling back our brigades from the Ostrel line, said Colonel Ivo Marek."
    claim = report("claim", statement("s1", text, side="VA", speaker="Ivo Marek", date=DAY),
                   published=DAY)
    left = report("left", event("e1", "withdraw", "Valdorian brigades left the Ostrel line.",
                                side="VA", date=LATER), published=LATER)
    finder = ContradictionFinder()
    finder.add(claim)
    finder.add(left)
    record = finder.records[Ref("id-claim", "s1"), "VA"]
    assert record.status == "confirmed"
    assert [e.item.ref for e in record.confirming] == [Ref("id-left", "e1")]


def test_a_case_adds_its_own_kind_of_claim():
    """A case's kind: a denied construction is contradicted by construction seen."""
    text = "The ministry denied that Valdoria was building a runway on the reef."
    claim = report("claim", statement("s1", text, kind="denial", side="VA", speaker="the ministry",
                                      date=DAY),
                   event("e1", "construct", text, side="VA", modality="claimed", statement="s1"),
                   published=DAY)
    seen = report("seen", event("e1", "construct", "Imagery shows a new runway on the reef.",
                                side="VA", date=LATER), published=LATER)
    runway = ClaimKind.from_line("no_construction\tconstruct-\tconstruct\t-", "case.yaml")
    finder = ContradictionFinder(kinds=shipped_kinds().with_kinds((runway,)))
    finder.add(claim)
    finder.add(seen)
    [record] = finder.contradictions()
    assert record.claim.assertion == "no_construction"


def test_a_kind_of_claim_with_missing_fields_is_an_error_naming_where():
    with pytest.raises(Exception, match="case.yaml"):
        ClaimKind.from_line("no_construction\tconstruct-", "case.yaml")


def test_an_exercise_claimed_is_not_a_claim_of_only_exercises():
    """"Valdoria explained the move with its autumn manoeuvres" claims an exercise, not
    that the forces do nothing but exercise: a build-up seen later does not go against
    it (the seeds' Zapad sentence); "only routine exercises" does claim it."""
    text = "The Valdorian ministry explained the move with its large autumn manoeuvres."
    claim = report("claim", statement("s1", text, side="VA", speaker="the ministry", date=DAY),
                   event("e1", "exercise", text, side="VA", modality="claimed", statement="s1"),
                   published=DAY)
    seen = report("seen", event("e1", "build_up", "Valdorian armour massed near Kessa.",
                                side="VA", date=LATER), published=LATER)
    finder = ContradictionFinder()
    finder.add(claim)
    finder.add(seen)
    assert finder.contradictions() == []
    assert finder.records[Ref("id-claim", "s1"), "VA"].claim.assertion == "exercise"
