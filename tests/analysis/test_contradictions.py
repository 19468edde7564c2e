import datetime as dt
import itertools
import random

import pytest

from sitrep.analysis.contradictions import ANAPHORA_REACH, MAX_EVIDENCE, ContradictionFinder
from sitrep.model import Proposition, Ref
from tests.analysis.reports import day, event, report, statement

CLAIM_DAY = "2022-02-15"
RETURNING = ("The drills near Bryansk have ended and the battalions are returning to their "
             "permanent bases, Colonel Pavel Rudenko told reporters.")
NO_INVASION = "We are not going to attack anyone, said ministry spokesman Oleg Varin."
CAMP = "Satellite pictures showed more armoured vehicles arriving at a field camp near Yelnya."


def withdrawal_claim(name="claim", date=CLAIM_DAY, *extra, speaker="Pavel Rudenko",
                     text=RETURNING, published=None):
    """A Russian colonel says units return to base; the claimed withdrawal rides along."""
    said = statement("s1", text, side="RU", speaker=speaker, date=date)
    withdrawal = event("e1", "withdraw", text, side="RU", modality="claimed", statement="s1")
    return report(name, said, withdrawal, *extra, published=published or date,
                  publisher="Moscow Daily")


def denial(name="denial", date=CLAIM_DAY, text=NO_INVASION):
    said = statement("s1", text, kind="denial", side="RU", speaker="Oleg Varin", date=date)
    return report(name, said, published=date, publisher="Moscow Daily")


def observed(name, kind, date, side="RU", text=CAMP, publisher="Northern Monitor", **fields):
    seen = event("e1", kind, text, side=side, date=date, **fields)
    return report(name, seen, published=date, publisher=publisher)


def refutation(name, text, date="2022-02-17", side="NATO", kind="assessment"):
    said = statement("s1", text, kind=kind, side=side, speaker="Karen Holt", date=date)
    return report(name, said, published=date, publisher="Brussels Post")


def find(*reports, **options):
    finder = ContradictionFinder(**options)
    for r in reports:
        finder.add(r)
    return finder


def record_of(finder, doc="id-claim", item="s1", side="RU"):
    return finder.records[Ref(doc, item), side]


def against(finder, doc="id-claim", item="s1"):
    return [e.item.ref for e in record_of(finder, doc, item).against]


def summary(finder):
    return [(r.claim.item.ref, r.claim.assertion, sorted((e.item.ref for e in r.against), key=str))
            for r in finder.contradictions()]


# -- observed events against a claim --------------------------------------------------


def test_build_up_after_announced_withdrawal_contradicts_it():
    finder = find(withdrawal_claim(), observed("camp", "build_up", "2022-02-20"))
    [record] = finder.contradictions()
    assert record.claim.item.ref == Ref("id-claim", "s1")
    assert record.claim.assertion == "withdraw"
    assert record.claim.events == (Ref("id-claim", "e1"),)
    assert record.status == "contradicted"
    assert [e.item.ref for e in record.against] == [Ref("id-camp", "e1")]
    assert record.confirming == []


# Troops seen staying put go against a withdrawal whenever they are seen in the window; a
# build-up counts only after it (test_what_a_withdrawal_presupposes_counts_only_after_it).
@pytest.mark.parametrize("date, paired", [
    ("2022-02-08", True),   # 7 days before: the window's first day
    ("2022-02-07", False),  # 8 days before
    ("2022-04-16", True),   # 60 days after: the window's last day
    ("2022-04-17", False),  # 61 days after
])
@pytest.mark.parametrize("evidence_first", [False, True])
def test_evidence_counts_only_inside_the_window(date, paired, evidence_first):
    docs = [withdrawal_claim(), observed("camp", "remain", date)]
    finder = find(*(reversed(docs) if evidence_first else docs))
    assert against(finder) == ([Ref("id-camp", "e1")] if paired else [])
    assert record_of(finder).status == ("contradicted" if paired else "open")


def test_window_comes_from_the_options():
    docs = [withdrawal_claim(), observed("camp", "build_up", "2022-02-26")]
    assert against(find(*docs)) == [Ref("id-camp", "e1")]
    assert against(find(*docs, after_days=10)) == []
    early = [withdrawal_claim(), observed("camp", "remain", "2022-02-12")]
    assert against(find(*early, before_days=2)) == []
    assert against(find(*early, before_days=3)) == [Ref("id-camp", "e1")]


@pytest.mark.parametrize("side", ["BY", "UA", None])
def test_build_up_by_another_side_does_not_count(side):
    for docs in ([withdrawal_claim(), observed("camp", "build_up", "2022-02-20", side=side)],
                 [observed("camp", "build_up", "2022-02-20", side=side), withdrawal_claim()]):
        finder = find(*docs)
        assert finder.contradictions() == []
        assert record_of(finder).status == "open"


def test_negated_build_up_does_not_contradict_a_withdrawal():
    finder = find(withdrawal_claim(), observed("camp", "build_up", "2022-02-20", negated=True))
    assert finder.contradictions() == []


def test_observed_withdrawal_by_the_same_side_confirms():
    finder = find(withdrawal_claim(), observed("rail", "withdraw", "2022-02-18",
                                               text="Trains took tanks back to Kursk."))
    record = record_of(finder)
    assert record.status == "confirmed"
    assert [e.item.ref for e in record.confirming] == [Ref("id-rail", "e1")]
    assert finder.contradictions() == []


def test_claim_without_evidence_is_open_and_its_claimed_event_does_not_confirm_it():
    finder = find(withdrawal_claim())
    assert list(finder.records) == [(Ref("id-claim", "s1"), "RU")]
    assert record_of(finder).status == "open"
    assert finder.contradictions() == []


def test_statement_of_another_kind_or_without_a_side_is_no_claim():
    assessment = report("a", statement("s1", RETURNING, kind="assessment", side="RU"))
    no_side = report("b", statement("s1", RETURNING, kind="claim", side=None))
    assert find(assessment, no_side).records == {}


def test_words_alone_make_a_claim_only_in_the_first_person_or_a_denial():
    third = "Russian units are returning to their bases, the ministry said."
    first = "Our units are returning to their bases, the ministry said."
    reports = [report(name, statement("s1", text, side="RU", date=CLAIM_DAY), published=CLAIM_DAY)
               for name, text in (("third", third), ("first", first))]
    assert [r.claim.assertion for r in find(*reports).records.values()] == ["withdraw"]
    assert list(find(*reports).records) == [(Ref("id-first", "s1"), "RU")]


def test_movement_counts_only_when_it_heads_towards_the_country_at_risk():
    towards = observed("road", "move", "2022-02-20", destination="Klintsy",
                       text="A column moved from Yelnya to Klintsy.")
    away = observed("road", "move", "2022-02-20", destination="Omsk",
                    text="A column moved from Yelnya to Omsk.")

    def heads_to_klintsy(event, report):
        return event.destination == "Klintsy"

    assert against(find(withdrawal_claim(), towards)) == []  # no `towards`: no movement counts
    assert against(find(withdrawal_claim(), towards, towards=heads_to_klintsy)) == [
        Ref("id-road", "e1")]
    assert against(find(withdrawal_claim(), away, towards=heads_to_klintsy)) == []


# -- denials ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    NO_INVASION,
    "Russia has never attacked anyone and never will, Oleg Varin said.",
    pytest.param("We have no plans to invade anyone, said ministry spokesman Oleg Varin.",
                 id="no-plans-to-invade"),
    pytest.param("Russia has no intention to attack Ukraine, Varin said.",
                 id="no-intention-to-attack"),
])
def test_denial_asserts_no_attack_and_a_build_up_contradicts_it(text):
    finder = find(denial(text=text), observed("camp", "build_up", "2022-02-20"))
    assert [r.claim.assertion for r in finder.contradictions()] == ["no_attack"]
    [record] = finder.contradictions()
    assert record.claim.assertion == "no_attack"
    assert record.claim.item.what == "denial"
    assert [e.item.ref for e in record.against] == [Ref("id-camp", "e1")]
    assert "no intention to attack" in record.why


def test_denial_is_not_contradicted_by_another_sides_build_up():
    finder = find(denial(), observed("camp", "build_up", "2022-02-20", side="BY"))
    assert finder.contradictions() == []
    assert record_of(finder, "id-denial").status == "open"


def test_denial_is_not_confirmed_by_a_withdrawal():
    finder = find(denial(), observed("rail", "withdraw", "2022-02-18"))
    assert record_of(finder, "id-denial").status == "open"


def test_claimed_event_of_another_kind_is_contradicted_by_its_opposite():
    text = "No Russian soldiers are deployed in the Donbas, the embassy said."
    said = statement("s1", text, side="RU", speaker="the embassy", date=CLAIM_DAY)
    claimed = event("e1", "deploy", text, side="RU", modality="claimed", negated=True,
                    statement="s1")
    claim = report("claim", said, claimed, published=CLAIM_DAY)
    seen = observed("donbas", "deploy", "2022-02-19", text="Russian units deployed near Horlivka.")
    finder = find(claim, seen)
    [record] = finder.contradictions()
    assert (record.claim.assertion, record.claim.negated) == ("not_deployed", False)
    assert [e.item.ref for e in record.against] == [Ref("id-donbas", "e1")]
    assert record.why.startswith("the embassy claimed not-deployed (2022-02-15): deploy by RU")
    # the same observation, negated, is what the claim says: it bears it out
    quiet = observed("donbas", "deploy", "2022-02-19", negated=True,
                     text="No Russian units deployed near Horlivka.")
    assert record_of(find(claim, quiet)).status == "confirmed"


# -- statements that refute a claim ------------------------------------------------------


@pytest.mark.parametrize("text", [
    "We have seen no signs of a pullback so far, said Karen Holt.",
    "What we see is the opposite of a de-escalation.",
    "Russia is still building up forces along the border.",
    "Russian forces have not withdrawn from Belarus.",
])
def test_refutation_by_another_side_in_an_earlier_document_pairs(text):
    finder = find(refutation("nato", text, date="2022-02-14"), withdrawal_claim())
    assert against(finder) == [Ref("id-nato", "s1")]
    assert record_of(finder).against[0].reason == "Karen Holt (2022-02-14) says otherwise"


def test_refutation_in_the_claims_own_document_pairs():
    holt = statement("s2", "We have seen no signs of a pullback so far, said Karen Holt.",
                     kind="assessment", side="NATO", speaker="Karen Holt", date=CLAIM_DAY)
    finder = find(withdrawal_claim("claim", CLAIM_DAY, "x" * 2 * ANAPHORA_REACH, holt))
    assert against(finder) == [Ref("id-claim", "s2")]


def test_refutation_by_the_claimants_own_side_does_not_count():
    finder = find(refutation("ru", "We have seen no signs of a pullback.", side="RU"),
                  withdrawal_claim())
    assert against(finder) == []


def test_refutation_of_something_else_does_not_count():
    finder = find(refutation("nato", "There are no signs of an invasion being planned.",
                             date="2022-02-14"), withdrawal_claim())
    assert against(finder) == []


def test_refutation_of_a_denial():
    finder = find(refutation("us", "Moscow has already decided to invade.", side="US",
                             date="2022-02-14"), denial())
    assert against(finder, "id-denial") == [Ref("id-us", "s1")]


def test_refutation_in_a_later_document_pairs_as_well():
    finder = find(withdrawal_claim(), refutation("nato", "We have seen no signs of a pullback."))
    assert against(finder) == [Ref("id-nato", "s1")]


# -- "no evidence of it" right after a claim ------------------------------------------------


def us_official(text="We found no evidence of it, a US official said."):
    return statement("s2", text, kind="assessment", side="US", speaker="a US official",
                     date=CLAIM_DAY)


@pytest.mark.parametrize("text", [
    "We found no evidence of it, a US official said.",
    "But that is not true, a US official said.",
    "We didn\u2019t find any evidence of this, a US official said.",
])
def test_anaphoric_refutation_right_after_the_claim_pairs(text):
    finder = find(withdrawal_claim("claim", CLAIM_DAY, us_official(text)))
    assert against(finder) == [Ref("id-claim", "s2")]
    assert "a US official" in record_of(finder).why


def test_anaphoric_refutation_far_from_the_claim_does_not_pair():
    near = withdrawal_claim("claim", CLAIM_DAY, "x" * (ANAPHORA_REACH - 200), us_official())
    far = withdrawal_claim("claim", CLAIM_DAY, "x" * (ANAPHORA_REACH + 10), us_official())
    assert against(find(near)) == [Ref("id-claim", "s2")]
    assert against(find(far)) == []


def test_anaphoric_refutation_before_the_claim_does_not_pair():
    said = statement("s1", RETURNING, side="RU", speaker="Pavel Rudenko", date=CLAIM_DAY)
    withdrawal = event("e1", "withdraw", RETURNING, side="RU", modality="claimed", statement="s1")
    claim = report("claim", us_official(), said, withdrawal, published=CLAIM_DAY)
    assert record_of(find(claim)).claim.assertion == "withdraw"
    assert against(find(claim)) == []


def test_anaphoric_refutation_does_not_reach_other_documents():
    other = report("other", us_official(), published=CLAIM_DAY, publisher="Brussels Post")
    assert against(find(withdrawal_claim(), other)) == []
    assert against(find(other, withdrawal_claim())) == []


def test_anaphoric_refutation_by_the_claimants_side_does_not_pair():
    own = statement("s2", "We found no evidence of it, a second officer said.",
                    kind="assessment", side="RU", date=CLAIM_DAY)
    assert against(find(withdrawal_claim("claim", CLAIM_DAY, own))) == []


# -- order, dates, wording ----------------------------------------------------------------


def test_evidence_before_or_after_the_claim_gives_the_same_contradictions():
    shuffled = [withdrawal_claim(), denial(),
                observed("camp", "build_up", "2022-02-20"),
                observed("rail", "withdraw", "2022-02-18", text="Trains took tanks back to Kursk."),
                observed("late", "deploy", "2022-05-30")]
    first = [refutation("nato", "We have seen no signs of a pullback.", date="2022-02-13"),
             observed("belarus", "build_up", "2022-02-21", side="BY")]
    expected = summary(find(*first, *shuffled))
    assert expected == [
        (Ref("id-claim", "s1"), "withdraw", [Ref("id-camp", "e1"), Ref("id-nato", "s1")]),
        (Ref("id-denial", "s1"), "no_attack", [Ref("id-camp", "e1")])]
    statuses = {ref: r.status for ref, r in find(*first, *shuffled).records.items()}
    assert statuses == {(Ref("id-claim", "s1"), "RU"): "contradicted",
                        (Ref("id-denial", "s1"), "RU"): "contradicted"}
    for order in itertools.permutations(shuffled):
        finder = find(*first, *order)
        assert summary(finder) == expected, [r.name for r in order]
        assert {ref: r.status for ref, r in finder.records.items()} == statuses


def test_month_precision_claim_covers_the_whole_month():
    in_january = withdrawal_claim("claim", "2022-01", published="2022-02-01")
    on_tenth = withdrawal_claim("claim", "2022-01-10")
    march = observed("camp", "build_up", "2022-03-25")  # 53 days after 31 January
    assert against(find(in_january, march)) == [Ref("id-camp", "e1")]
    assert against(find(march, in_january)) == [Ref("id-camp", "e1")]
    assert against(find(on_tenth, march)) == []  # 74 days after 10 January
    december = observed("camp", "remain", "2021-12-26")  # 6 days before 1 January
    assert against(find(in_january, december)) == [Ref("id-camp", "e1")]
    assert against(find(on_tenth, december)) == []


def test_year_precision_claim_covers_the_whole_year():
    assert against(find(withdrawal_claim("claim", "2021", published="2022-01-05"),
                        observed("camp", "build_up", "2022-02-20"))) == [Ref("id-camp", "e1")]


def test_undated_claim_takes_the_publication_date():
    claim = withdrawal_claim("claim", None, published="2022-02-15")
    assert against(find(claim, observed("camp", "build_up", "2022-02-20"))) == [
        Ref("id-camp", "e1")]
    assert against(find(claim, observed("camp", "build_up", "2022-06-20"))) == []


def test_why_names_the_claimant_the_claim_and_the_evidence():
    [record] = find(withdrawal_claim(), observed("camp", "build_up", "2022-02-20")).contradictions()
    assert record.why == ("Pavel Rudenko claimed a withdrawal or de-escalation (2022-02-15): "
                          "build-up by RU seen on 2022-02-20 (reported by Northern Monitor)")


def test_why_falls_back_to_the_side_without_a_speaker():
    docs = [withdrawal_claim(speaker=None), observed("camp", "build_up", "2022-02-20")]
    [record] = find(*docs).contradictions()
    assert record.why.startswith("RU claimed a withdrawal")


def test_curly_apostrophes_match_like_straight_ones():
    curly = denial(text="We don\u2019t want a war with anybody, said Oleg Varin.")
    finder = find(curly, observed("camp", "build_up", "2022-02-20"))
    assert [r.claim.assertion for r in finder.contradictions()] == ["no_attack"]
    refuted = find(refutation("nato", "We haven\u2019t seen any sign of a withdrawal.",
                              date="2022-02-14"), withdrawal_claim())
    assert against(refuted) == [Ref("id-nato", "s1")]


def test_contradictions_are_in_the_order_of_the_claims_dates():
    finder = find(withdrawal_claim("claim", "2022-02-15"), denial("denial", "2022-02-01"),
                  observed("camp", "build_up", "2022-02-20"))
    assert [r.claim.item.ref.doc_id for r in finder.contradictions()] == ["id-denial", "id-claim"]


def test_evidence_is_kept_once_per_claim():
    camp = observed("camp", "build_up", "2022-02-20")
    finder = find(withdrawal_claim(), camp)
    finder.add(camp)  # the finder itself does not skip a document added again
    assert against(finder) == [Ref("id-camp", "e1")]


def test_evidence_kept_is_the_nearest_in_time_whatever_the_order():
    days = [f"2022-02-{d:02d}" for d in (9, 10, 11, 12, 13, 17, 18, 19, 20, 21)]
    camps = [observed(f"camp{i}", "remain", d) for i, d in enumerate(days)]
    assert len(camps) > MAX_EVIDENCE
    claim_day = dt.date(2022, 2, 15)
    nearest = sorted(camps, key=lambda r: abs(r.published - claim_day))[:MAX_EVIDENCE]
    expected = sorted((Ref(r.doc_id, "e1") for r in nearest), key=str)  # 10-13 and 17-20 Feb
    for docs in ([withdrawal_claim(), *camps], [*camps, withdrawal_claim()],
                 [withdrawal_claim(), *reversed(camps)]):
        assert sorted(against(find(*docs)), key=str) == expected


def test_ties_in_days_go_to_the_earlier_date_then_the_reference():
    days = ["2022-02-13", "2022-02-17", "2022-02-14", "2022-02-16"] * 3  # 1 or 2 days away
    camps = [observed(f"camp{i:02d}", "remain", d) for i, d in enumerate(days)]
    kept = against(find(withdrawal_claim(), *camps))
    # 1 day away: 14 Feb before 16 Feb; then 2 days away: 13 Feb before 17 Feb
    assert kept == [Ref(f"id-camp{i:02d}", "e1") for i in (2, 6, 10, 3, 7, 11, 0, 4)]
    for seed in range(5):
        shuffled = [withdrawal_claim(), *camps]
        random.Random(seed).shuffle(shuffled)
        assert against(find(*shuffled)) == kept


def test_a_full_list_still_takes_a_nearer_item():
    far = [observed(f"far{i}", "build_up", "2022-03-20") for i in range(MAX_EVIDENCE)]
    finder = find(withdrawal_claim(), *far)
    assert len(against(finder)) == MAX_EVIDENCE
    finder.add(observed("near", "build_up", "2022-02-16"))
    assert against(finder)[0] == Ref("id-near", "e1")
    assert Ref(f"id-far{MAX_EVIDENCE - 1}", "e1") not in against(finder)


def test_confirming_evidence_is_the_nearest_too():
    rails = [observed(f"rail{d}", "withdraw", f"2022-02-{d}", text="Trains took tanks home.")
             for d in range(16, 28)]
    kept = [e.item.ref for e in record_of(find(*reversed(rails), withdrawal_claim())).confirming]
    assert kept == [Ref(f"id-rail{d}", "e1") for d in range(16, 16 + MAX_EVIDENCE)]


def test_claims_alike_share_their_evidence_but_not_an_anaphoric_refutation():
    other = withdrawal_claim("other", speaker="Igor Konashenkov")
    refuted = withdrawal_claim("refuted", CLAIM_DAY, us_official())
    finder = find(other, refuted, observed("camp", "build_up", "2022-02-20"))
    assert against(finder, "id-other") == [Ref("id-camp", "e1")]
    assert against(finder, "id-refuted") == [Ref("id-refuted", "s2"), Ref("id-camp", "e1")]


def test_month_precision_claim_keeps_the_items_inside_its_month_first():
    in_january = withdrawal_claim("claim", "2022-01", published="2022-02-01")
    inside = [observed(f"jan{d}", "remain", f"2022-01-{d}") for d in range(21, 31)]
    outside = [observed("feb", "remain", "2022-02-02"), observed("dec", "remain", "2021-12-31")]
    kept = against(find(*outside, in_january, *inside))
    assert kept == [Ref(f"id-jan{d}", "e1") for d in range(21, 21 + MAX_EVIDENCE)]


def test_capped_lists_are_the_nearest_of_all_the_evidence(monkeypatch):
    """With the cap lifted every item paired is kept; with it, the first of them."""
    rng = random.Random(7)
    docs = [withdrawal_claim(f"claim{i}", f"2022-02-{rng.randrange(1, 28):02d}") for i in range(6)]
    docs += [denial(f"denial{i}", f"2022-02-{rng.randrange(1, 28):02d}") for i in range(4)]
    docs += [observed(f"camp{i}", rng.choice(["build_up", "deploy", "withdraw"]),
                      f"2022-{rng.choice(['01', '02', '03'])}-{rng.randrange(1, 29):02d}")
             for i in range(60)]
    docs += [refutation(f"nato{i}", "We have seen no signs of a pullback.",
                        date=f"2022-02-{rng.randrange(1, 28):02d}") for i in range(10)]

    def lists(finder):
        return {ref: ([e.item.ref for e in r.against], [e.item.ref for e in r.confirming])
                for ref, r in finder.records.items()}

    capped = lists(find(*docs))
    for seed in range(3):
        rng.shuffle(docs)
        assert lists(find(*docs)) == capped
    monkeypatch.setattr("sitrep.analysis.contradictions.MAX_EVIDENCE", 1000)
    everything = lists(find(*docs))
    assert any(len(found) > MAX_EVIDENCE for pair in everything.values() for found in pair)
    assert capped == {ref: (a[:MAX_EVIDENCE], c[:MAX_EVIDENCE])
                      for ref, (a, c) in everything.items()}


def test_undated_claim_of_an_undated_document_pairs_with_no_dated_evidence():
    undated = report("claim", statement("s1", NO_INVASION, kind="denial", side="RU"))
    finder = find(undated, observed("camp", "build_up", "2022-02-20"))
    assert record_of(finder).status == "open"


def test_lists_hold_the_nearest_evidence_of_the_sides_that_bear_on_them():
    """Against a reference worked out item by item: an event bears on its own side's
    claims, words on the other sides', within the window, the nearest MAX_EVIDENCE kept
    (the finder looks only at the evidence of the sides that bear on a claim)."""
    rng = random.Random(3)

    def dated():
        return f"2022-{rng.choice(['01', '02', '03'])}-{rng.randrange(1, 29):02d}"

    docs, claims, seen, said = [], [], [], []
    for i in range(12):
        side, date = rng.choice(["RU", "BY", "US"]), dated()
        docs.append(report(f"claim{i}", statement("s1", RETURNING, side=side, speaker="X",
                                                  date=date),
                           event("e1", "withdraw", RETURNING, side=side, modality="claimed",
                                 statement="s1"), published=date))
        claims.append((Ref(f"id-claim{i}", "s1"), side, day(date)))
    for i in range(150):
        kind, side, date = rng.choice(["remain", "withdraw"]), rng.choice(
            ["RU", "BY", "US", None]), dated()
        docs.append(observed(f"seen{i}", kind, date, side=side))
        seen.append((Ref(f"id-seen{i}", "e1"), kind, side, day(date)))
    for i in range(40):
        side, date = rng.choice(["RU", "NATO", "US", None]), dated()
        docs.append(refutation(f"said{i}", "We have seen no signs of a pullback.", date=date,
                               side=side))
        said.append((Ref(f"id-said{i}", "s1"), side, day(date)))
    rng.shuffle(docs)
    finder = find(*docs)

    def nearest(claim_day, found):
        window = [(abs((d - claim_day).days), d, ref.doc_id, ref.item_id, ref) for ref, d in found
                  if -7 <= (d - claim_day).days <= 60]
        return [ref for *_, ref in sorted(window)[:MAX_EVIDENCE]]

    kept = 0
    for ref, side, claim_day in claims:
        record = finder.records[ref, side]
        against = [(r, d) for r, kind, s, d in seen if kind == "remain" and s == side]
        against += [(r, d) for r, s, d in said if s != side]
        confirming = [(r, d) for r, kind, s, d in seen if kind == "withdraw" and s == side]
        assert [e.item.ref for e in record.against] == nearest(claim_day, against)
        assert [e.item.ref for e in record.confirming] == nearest(claim_day, confirming)
        kept += len(record.against) + len(record.confirming)
    assert kept > 100


# -- typed fields alone: analysis reads no text ------------------------------------------


def test_claims_and_refutations_are_read_from_typed_fields_without_text():
    """Records with no words at all: what extraction stored is all the finder reads."""
    claim = statement("s1", "", side="RU", speaker="Pavel Rudenko", date=CLAIM_DAY,
                      asserts=["withdraw"], first_person=True,
                      proposition=Proposition("withdraw", side="RU"))
    build_up = event("e1", "build_up", "", side="RU", date="2022-02-18")
    doubt = statement("s1", "", kind="assessment", side="NATO", speaker="Karen Holt",
                      date="2022-02-17", refutes=["withdraw"])
    finder = find(report("claim", claim, published=CLAIM_DAY, read=False),
                  report("seen", build_up, published="2022-02-18", read=False),
                  report("doubt", doubt, published="2022-02-17", read=False))
    assert summary(finder) == [
        (Ref("id-claim", "s1"), "withdraw", [Ref("id-doubt", "s1"), Ref("id-seen", "e1")])]


def test_without_first_person_words_alone_assert_nothing_even_when_typed():
    claim = statement("s1", "", side="RU", date=CLAIM_DAY, asserts=["withdraw"])
    build_up = event("e1", "build_up", "", side="RU", date="2022-02-18")
    finder = find(report("claim", claim, published=CLAIM_DAY, read=False),
                  report("seen", build_up, published="2022-02-18", read=False))
    assert finder.records == {}


def test_a_statement_refuting_it_right_after_a_typed_claim_is_evidence_against_it():
    claim = statement("s1", "", side="RU", date=CLAIM_DAY, asserts=["withdraw"],
                      first_person=True, proposition=Proposition("withdraw", side="RU"))
    doubt = statement("s2", "", kind="assessment", side="US", date=CLAIM_DAY, refutes=["it"])
    finder = find(report("claim", claim, doubt, published=CLAIM_DAY, read=False))
    assert against(finder) == [Ref("id-claim", "s2")]


AGREED = ("Senior commanders of both sides met on Tuesday and agreed on a process for "
          "disengagement along the Varna ridge.")
RAISED = "Satellite images showed Chilean troops raising new structures on the Varna ridge."


def agreement(modality="planned"):
    agreed = event("e1", "withdraw", AGREED, date="2022-06-07", modality=modality,
                   parties=["CL", "MD"])
    return report("agreed", agreed, published="2022-06-08", publisher="Ridge Courier")


@pytest.mark.parametrize("order", [0, 1])
def test_an_agreement_of_both_sides_is_a_claim_of_each_side_held_to_its_own_acts(order):
    raised = observed("raised", "construct", "2022-06-20", side="CL", text=RAISED)
    finder = find(*[[agreement(), raised], [raised, agreement()]][order])
    chile, moldova = (finder.records[Ref("id-agreed", "e1"), side] for side in ("CL", "MD"))
    assert (chile.status, moldova.status) == ("contradicted", "open")
    assert [e.item.ref for e in chile.against] == [Ref("id-raised", "e1")]
    assert [r.claim.item.side for r in finder.contradictions()] == ["CL"]
    assert chile.why.startswith("CL claimed a withdrawal or de-escalation (2022-06-07)")


def test_a_joint_act_seen_is_no_claim_of_either_side():
    raised = observed("raised", "construct", "2022-06-20", side="CL", text=RAISED)
    assert find(agreement("observed"), raised).records == {}


# -- allegations and words about another side ---------------------------------------------

def denial_of(side, name, speaker, text):
    said = statement("s1", text, kind="denial", side=side, speaker=speaker, date=CLAIM_DAY)
    return report(name, said, published=CLAIM_DAY, publisher="Capital Herald")


def test_an_adversarys_allegation_weighs_as_its_words_not_as_a_sighting():
    """Valdor denies any attack; Ostrelia accuses Valdor's gunners of shelling a village.
    The shelling is Ostrelia's word against Valdor's: it stands in the contradiction as
    what Ostrelia says, not as an attack seen."""
    text = "Ostrelia's defence ministry accused Valdor's artillery of shelling the village of Kosk."
    accused = report("accused",
                     statement("s1", text, kind="accusation", side="OS",
                               speaker="Ostrelia's defence ministry", date="2022-02-16"),
                     event("e1", "attack", text, side="VA", date="2022-02-16", statement="s1"),
                     published="2022-02-16", publisher="Ostrelia Today")
    claim = denial_of("VA", "claim", "Ivo Marek", "We are not going to attack anyone, Ivo Marek said.")
    [evidence] = record_of(find(claim, accused), side="VA").against
    assert (evidence.item.ref, evidence.item.kind) == (Ref("id-accused", "s1"), "statement")
    assert evidence.reason.startswith("Ostrelia's defence ministry (2022-02-16)")
    # the same shelling seen by monitors is a sighting
    seen = report("seen", statement("s1", text.replace("Ostrelia's defence ministry accused",
                                                       "Monitors said"),
                                    kind="assessment", side="OSCE", speaker="Monitors",
                                    date="2022-02-16"),
                  event("e1", "attack", text, side="VA", date="2022-02-16", statement="s1"),
                  published="2022-02-16", publisher="Lake Gazette")
    [evidence] = record_of(find(claim, seen), side="VA").against
    assert (evidence.item.ref, evidence.item.kind) == (Ref("id-seen", "e1"), "event")


def test_words_about_one_side_refute_no_claim_of_another():
    """"Every indication that Valdor plans an attack" goes against Valdor's denial, not
    against its neighbour's."""
    text = "There is every indication that Valdor continues to plan an attack, Karen Holt said."
    warning = report("warning", statement("s1", text, kind="assessment", side="NATO",
                                          speaker="Karen Holt", date="2022-02-17",
                                          refutes=["no_attack"],
                                          proposition=Proposition("attack", "Valdor", "VA")),
                     published="2022-02-17", publisher="Brussels Post", read=False)
    valdor = denial_of("VA", "valdor", "Ivo Marek", "We are not going to attack anyone, Ivo Marek said.")
    ostrelia = denial_of("OS", "ostrelia", "Lena Dorn",
                         "We are not going to attack anyone, Lena Dorn said.")
    for order in ([valdor, ostrelia, warning], [warning, ostrelia, valdor]):
        finder = find(*order)
        assert [e.item.ref for e in record_of(finder, "id-valdor", side="VA").against] == [
            Ref("id-warning", "s1")]
        assert record_of(finder, "id-ostrelia", side="OS").status == "open"
