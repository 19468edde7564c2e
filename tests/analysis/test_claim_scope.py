"""What evidence a claim answers to: places that overlap, what it presupposes dated after
it, and no claim at all under a condition (invented sentences and places)."""

import pytest

from sitrep.analysis.contradictions import NEAR_KM, ContradictionFinder, places_overlap
from sitrep.model import PlacePoint, Ref
from tests.analysis.reports import event, report, statement

DAY = "2024-03-04"
PULLBACK = "We are pulling back our brigades from Ostrel, said Colonel Ivo Marek."
# Ostrel, Kessa about 66 km from it, Dorn about 2000 km away
POINTS = {"Ostrel": (50.0, 30.0), "Kessa": (50.5, 30.5), "Dorn": (50.0, 58.0)}


def pullback(text=PULLBACK, place="Ostrel"):
    said = statement("s1", text, side="VA", speaker="Ivo Marek", date=DAY)
    carried = event("e1", "withdraw", text, side="VA", modality="claimed", statement="s1",
                    location=place)
    return report("claim", said, carried, published=DAY, places=POINTS)


def seen(name, kind, date, place=None, published=None, text="Valdorian armour was filmed."):
    return report(name, event("e1", kind, text, side="VA", date=date, location=place),
                  published=published or date or DAY, places=POINTS)


def against(*reports):
    finder = ContradictionFinder()
    for r in reports:
        finder.add(r)
    return [e.item.ref for r in finder.records.values() for e in r.against]


# -- places -------------------------------------------------------------------------------


def test_a_build_up_near_the_place_of_a_withdrawal_contradicts_it_one_far_away_does_not():
    assert against(pullback(), seen("near", "build_up", "2024-03-08", "Kessa")) == [
        Ref("id-near", "e1")]
    assert against(pullback(), seen("far", "build_up", "2024-03-08", "Dorn")) == []
    assert against(seen("far", "build_up", "2024-03-08", "Dorn"), pullback()) == []


def test_an_unknown_place_on_either_side_overlaps():
    assert against(pullback(), seen("nowhere", "build_up", "2024-03-08")) == [
        Ref("id-nowhere", "e1")]
    assert against(pullback(place=None), seen("far", "build_up", "2024-03-08", "Dorn")) == [
        Ref("id-far", "e1")]


def test_places_overlap_within_the_distance_or_inside_a_country():
    ostrel = PlacePoint("Ostrel", 50.0, 30.0, "VA", "city")
    far_town = PlacePoint("Dorn", 50.0, 58.0, "VA", "city")
    valdoria = PlacePoint("Valdoria", 48.0, 44.0, "VA", "country")
    abroad = PlacePoint("Merin", 48.0, 44.5, "OS", "city")
    assert places_overlap(ostrel, PlacePoint("Kessa", 50.5, 30.5))
    assert not places_overlap(ostrel, far_town)  # one country, but neither is the country
    assert places_overlap(valdoria, far_town) and places_overlap(ostrel, valdoria)
    assert places_overlap(valdoria, abroad)  # 37 km from the country's point
    assert places_overlap(ostrel, None) and places_overlap(None, None)
    assert NEAR_KM == 150


# -- time order ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["build_up", "deploy"])
def test_what_a_withdrawal_presupposes_counts_only_after_it(kind):
    """A cut presupposes the deployment before it."""
    assert against(pullback(), seen("before", kind, "2024-03-02", "Kessa")) == []
    assert against(pullback(), seen("same_day", kind, DAY, "Kessa")) == []
    assert against(pullback(), seen("after", kind, "2024-03-06", "Kessa")) == [
        Ref("id-after", "e1")]


def test_an_undated_build_up_reported_later_is_not_shown_to_postdate_the_claim():
    undated = seen("undated", "build_up", None, "Kessa", published="2024-03-06")
    assert against(pullback(), undated) == []


def test_troops_seen_staying_or_building_go_against_a_withdrawal_whenever_in_the_window():
    assert against(pullback(), seen("stay", "remain", "2024-03-02", "Kessa")) == [
        Ref("id-stay", "e1")]
    assert against(pullback(), seen("camp", "construct", "2024-03-02", "Kessa")) == [
        Ref("id-camp", "e1")]
    assert against(pullback(), seen("far_camp", "construct", "2024-03-06", "Dorn")) == []


def test_the_time_order_of_other_kinds_is_unchanged():
    denial = report("claim", statement("s1", "We have no plans to attack Ostrelia, Marek said.",
                                       kind="denial", side="VA", speaker="Ivo Marek", date=DAY),
                    published=DAY)
    assert against(denial, seen("before", "build_up", "2024-03-02")) == [Ref("id-before", "e1")]


# -- conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Only after the talks end will our brigades pull back from Ostrel, said Colonel Ivo Marek.",
    "If Ostrelia stops its drills, we will pull back our brigades, said Colonel Ivo Marek.",
    "We will not pull back our brigades unless Ostrelia does, said Colonel Ivo Marek.",
])
def test_a_statement_under_a_condition_asserts_no_proposition(text):
    claim = pullback(text)
    assert claim.statements[0].proposition is None
    assert against(claim, seen("after", "build_up", "2024-03-06", "Kessa")) == []
    assert pullback().statements[0].proposition is not None


# -- words that do not refute -------------------------------------------------------------


@pytest.mark.parametrize("text, refutes", [
    ("We have not seen any pullback from Ostrel, said Karen Holt.", True),
    ("We have not verified the pullback yet, said Karen Holt.", False),
    ("Washington had not confirmed the withdrawal, said Karen Holt.", False),
])
def test_not_having_verified_a_withdrawal_does_not_refute_it(text, refutes):
    words = report("words", statement("s1", text, kind="assessment", side="OS",
                                      speaker="Karen Holt", date="2024-03-05"),
                   published="2024-03-05")
    assert against(pullback(), words) == ([Ref("id-words", "s1")] if refutes else [])
