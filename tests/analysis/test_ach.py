import json
import math

import pytest

from sitrep.analysis import ach
from sitrep.analysis.ach import (
    EvidenceRow, Hypothesis, _likelihood_bands, denial_rows, likelihood_words, score, sensitivity,
)

R2 = math.sqrt(2)
A, B = Hypothesis("a", "A"), Hypothesis("b", "B")

COERCION = Hypothesis("coercion", "Coercive diplomacy without war")
INCURSION = Hypothesis("incursion", "Limited incursion")
INVASION = Hypothesis("invasion", "Full-scale invasion")
CRISIS = (COERCION, INCURSION, INVASION)

# Weights: high x high = 2, high x medium = sqrt 2, low x high = 1, low x medium = 1/sqrt 2.
CRISIS_ROWS = (
    EvidenceRow("indicator:troops-massed", "Over 100,000 troops massed at the border",
                {"coercion": "C", "incursion": "C", "invasion": "C"}),
    EvidenceRow("indicator:blood-supplies", "Blood supplies moved to field hospitals",
                {"coercion": "I", "incursion": "C", "invasion": "CC"}, "high", "high",
                ("doc1#s3",)),
    EvidenceRow("indicator:talks", "Delegation stays in the talks",
                {"coercion": "CC", "incursion": "C", "invasion": "I"}),
    EvidenceRow("indicator:heavy-equipment", "Heavy equipment brought from the Far East",
                {"coercion": "I", "invasion": "C"}, "high", "medium"),
    EvidenceRow("indicator:northern-axis", "Forces deployed north of the capital",
                {"coercion": "II", "incursion": "I", "invasion": "CC"}, "low", "high"),
    EvidenceRow("statement:pullback", "Announced partial pullback",
                {"coercion": "C", "invasion": "I"}, "low", "medium"),
)
# By hand:
#   coercion   inconsistency -2 (blood) - sqrt 2 (equipment) - 2 (northern axis) = -5.414
#              consistency    1 (troops) + 2 (talks) + 1/sqrt 2 (pullback)       =  3.707
#   incursion  inconsistency -1 (northern axis)                                  = -1
#              consistency    1 (troops) + 2 (blood) + 1 (talks)                 =  4
#   invasion   inconsistency -1 (talks) - 1/sqrt 2 (pullback)                    = -1.707
#              consistency    1 + 4 (blood) + sqrt 2 (equipment) + 2 (axis)      =  8.414
# Ranking: incursion, invasion, coercion.
# Diagnosticity: blood 2 x 3 = 6, northern axis 1 x 4 = 4, talks 1 x 3 = 3,
#                equipment sqrt 2 x 2 = 2.83, pullback 1/sqrt 2 x 2 = 1.41, troops 0.


def by_id(result):
    return {s.id: s for s in result.scores}


def one_row(rating, credibility="medium", relevance="medium"):
    """The inconsistency and consistency of hypothesis a under a single row."""
    result = score([A, B], [EvidenceRow("r", "r", {"a": rating}, credibility, relevance)])
    return by_id(result)["a"].inconsistency, by_id(result)["a"].consistency


@pytest.mark.parametrize("credibility, relevance, weight", [
    ("low", "low", 0.5), ("low", "medium", 1 / R2), ("low", "high", 1.0),
    ("medium", "medium", 1.0), ("medium", "high", R2), ("high", "high", 2.0),
])
def test_weight_is_credibility_times_relevance(credibility, relevance, weight):
    assert one_row("I", credibility, relevance) == (pytest.approx(-weight), 0)
    assert one_row("I", relevance, credibility) == (pytest.approx(-weight), 0)


def test_rating_values():
    assert one_row("II") == (-2, 0)
    assert one_row("I") == (-1, 0)
    assert one_row("N") == (0, 0)
    assert one_row("C") == (0, 1)
    assert one_row("CC") == (0, 2)
    assert one_row("II", "high", "high") == (pytest.approx(-4), 0)


def test_crisis_example_totals_and_ranking():
    result = score(CRISIS, CRISIS_ROWS)
    scores = by_id(result)
    assert scores["coercion"].inconsistency == pytest.approx(-4 - R2)
    assert scores["incursion"].inconsistency == pytest.approx(-1)
    assert scores["invasion"].inconsistency == pytest.approx(-1 - 1 / R2)
    assert scores["coercion"].consistency == pytest.approx(3 + 1 / R2)
    assert scores["incursion"].consistency == pytest.approx(4)
    assert scores["invasion"].consistency == pytest.approx(7 + R2)
    assert [s.id for s in result.scores] == ["incursion", "invasion", "coercion"]
    assert [s.rank for s in result.scores] == [1, 2, 3]
    assert result.leader == "incursion"
    assert result.evidence_count == 6
    assert result.rows == CRISIS_ROWS


def test_crisis_example_shares_and_words():
    result = score(CRISIS, CRISIS_ROWS)
    scores = by_id(result)
    total = math.exp(-1) + math.exp(-1 - 1 / R2) + math.exp(-4 - R2)
    assert scores["incursion"].share == pytest.approx(math.exp(-1) / total)  # 0.664
    assert scores["invasion"].share == pytest.approx(math.exp(-1 - 1 / R2) / total)  # 0.328
    assert scores["coercion"].share == pytest.approx(math.exp(-4 - R2) / total)  # 0.008
    assert sum(s.share for s in result.scores) == pytest.approx(1)
    assert result.leader_words == "likely"


def test_ties_broken_by_consistency_then_given_order():
    rows = [EvidenceRow("r1", "r1", {"a": "I", "b": "I"}),
            EvidenceRow("r2", "r2", {"a": "C", "b": "CC"})]
    assert [s.id for s in score([A, B], rows).scores] == ["b", "a"]
    rows = [EvidenceRow("r1", "r1", {"a": "I", "b": "I"})]
    assert [s.id for s in score([A, B], rows).scores] == ["a", "b"]
    assert [s.id for s in score([B, A], rows).scores] == ["b", "a"]


def test_a_tie_is_a_tie_without_words_of_likelihood():
    """Two hypotheses that the evidence cannot tell apart: the leader by consistency is
    not called "unlikely (45%)", and the result names the tie."""
    rows = [EvidenceRow("r1", "r1", {"coercion": "II", "incursion": "I", "invasion": "I"}),
            EvidenceRow("r2", "r2", {"coercion": "C", "incursion": "C", "invasion": "CC"})]
    result = score(CRISIS, rows)
    assert result.leader == "invasion"
    assert result.tied == ("invasion", "incursion")
    assert result.leader_words is None
    assert [round(s.share, 2) for s in result.scores] == [0.42, 0.42, 0.16]


def test_a_leader_without_most_of_the_weight_gets_no_words():
    rows = [EvidenceRow("r1", "r1", {"coercion": "I", "incursion": "I"}, "low", "low")]
    result = score(CRISIS, rows)
    assert result.leader == "invasion" and result.tied == ()
    assert result.scores[0].share < 0.5
    assert result.leader_words is None


def test_weights_that_multiply_to_the_same_value_tie():
    # high x high is 2.0000000000000004 in floating point; it must still tie with 2 x 1.
    rows = [EvidenceRow("r1", "r1", {"a": "I"}, "high", "high"),
            EvidenceRow("r2", "r2", {"b": "I"}), EvidenceRow("r3", "r3", {"b": "I"})]
    assert [s.id for s in score([A, B], rows).scores] == ["a", "b"]


def test_most_diagnostic_rows():
    result = score(CRISIS, CRISIS_ROWS)
    assert [d.id for d in result.most_diagnostic] == [
        "indicator:blood-supplies", "indicator:northern-axis", "indicator:talks"]
    blood = result.most_diagnostic[0]
    assert blood.diagnosticity == pytest.approx(6)
    assert blood.supports_most == ("invasion",)
    assert blood.undermines_most == ("coercion",)
    assert result.most_diagnostic[1].diagnosticity == pytest.approx(4)
    talks = result.most_diagnostic[2]
    assert (talks.supports_most, talks.undermines_most) == (("coercion",), ("invasion",))


def test_non_diagnostic_row_is_not_listed():
    rows = [EvidenceRow("same", "same for all", {"a": "CC", "b": "CC"}, "high", "high"),
            EvidenceRow("apart", "tells them apart", {"a": "C"}, "low", "low")]
    result = score([A, B], rows)
    assert [d.id for d in result.most_diagnostic] == ["apart"]
    assert result.most_diagnostic[0].diagnosticity == pytest.approx(0.5)
    assert result.most_diagnostic[0].undermines_most == ("b",)
    only_same = score([A, B], rows[:1])
    assert only_same.most_diagnostic == ()
    assert "without the most diagnostic item" not in [c.name for c in only_same.sensitivity]


def test_dropping_low_credibility_evidence_changes_the_leader():
    rows = [EvidenceRow("rumour", "Unsourced rumour", {"a": "II", "b": "C"}, "low", "medium"),
            EvidenceRow("report", "Sourced report", {"a": "C", "b": "I"})]
    # With both: a = -2/sqrt 2 = -1.414, b = -1, so b leads; without the rumour a = 0 leads.
    result = score([A, B], rows)
    assert result.leader == "b"
    check = result.sensitivity[0]
    assert check.name == "without low-credibility evidence"
    assert check.ranking == ("a", "b")
    assert check.leader_changes and check.order_changes
    assert check.dropped == 1


def test_dropping_low_credibility_evidence_keeps_the_crisis_leader():
    checks = {c.name: c for c in sensitivity(CRISIS, CRISIS_ROWS)}
    # Without the northern axis and the pullback: coercion -2 - sqrt 2, incursion 0, invasion -1.
    low = checks["without low-credibility evidence"]
    assert low.ranking == ("incursion", "invasion", "coercion")
    assert not low.leader_changes and not low.order_changes
    assert low.dropped == 2
    # Without the blood supplies: coercion -sqrt 2 - 2, incursion -1, invasion -1.707.
    top = checks["without the most diagnostic item"]
    assert top.ranking == ("incursion", "invasion", "coercion")
    assert top.dropped == 1
    assert set(checks) == {"without low-credibility evidence", "without the most diagnostic item"}


def test_denial_read_both_ways_changes_the_leader():
    truthful, deceptive = denial_rows(
        "statement:no-plans", "Defence ministry: no plans to attack",
        truthful={"coercion": "C", "invasion": "II"},
        deceptive={"coercion": "I", "invasion": "C"},
        citations=["doc2#s1"])
    blood = EvidenceRow("indicator:blood", "Blood supplies moved forward",
                        {"coercion": "I", "invasion": "C"})
    # All rows: coercion -1 - 1 = -2, invasion -2; tie, invasion more consistent (2 > 1).
    # Truthful only: coercion -1, invasion -2. Deceptive only: coercion -2, invasion 0.
    result = score([COERCION, INVASION], [truthful, deceptive, blood])
    assert result.leader == "invasion"
    checks = {c.name: c for c in result.sensitivity}
    assert checks["denials read as truthful"].ranking == ("coercion", "invasion")
    assert checks["denials read as truthful"].leader_changes
    assert checks["denials read as deceptive"].ranking == ("invasion", "coercion")
    assert not checks["denials read as deceptive"].leader_changes
    assert [c.dropped for c in result.sensitivity[1:3]] == [1, 1]


def test_denial_rows():
    truthful, deceptive = denial_rows("statement:x", "Spokesman denies", {"a": "C"}, {"a": "I"},
                                      "high", "low", ["doc#s1", "doc#s2"])
    assert (truthful.id, truthful.label, truthful.reading) == (
        "statement:x:truthful", "Spokesman denies (read as truthful)", "truthful")
    assert (deceptive.id, deceptive.label, deceptive.reading) == (
        "statement:x:deceptive", "Spokesman denies (read as deceptive)", "deceptive")
    assert (truthful.ratings, deceptive.ratings) == ({"a": "C"}, {"a": "I"})
    assert truthful.credibility == deceptive.credibility == "high"
    assert truthful.relevance == deceptive.relevance == "low"
    assert truthful.citations == deceptive.citations == ("doc#s1", "doc#s2")


def test_no_evidence():
    result = score(CRISIS, [])
    assert result.evidence_count == 0
    assert result.leader == "coercion"
    assert all(s.inconsistency == 0 and s.consistency == 0 for s in result.scores)
    assert [s.share for s in result.scores] == pytest.approx([1 / 3] * 3)
    assert result.leader_words is None  # no evidence: no judgement
    assert result.tied == ()  # nor a tie: nothing was weighed
    assert result.most_diagnostic == ()
    assert [(c.name, c.leader_changes, c.dropped) for c in result.sensitivity] == [
        ("without low-credibility evidence", False, 0)]


def test_shares_survive_large_inconsistency():
    rows = [EvidenceRow(f"r{i}", "r", {"a": "II"}, "high", "high") for i in range(500)]
    scores = by_id(score([A, B], rows))
    assert scores["a"].inconsistency == pytest.approx(-2000)
    assert scores["b"].share == 1.0
    assert scores["a"].share == 0.0


def test_result_is_json_friendly():
    data = json.loads(json.dumps(score(CRISIS, CRISIS_ROWS).to_dict()))
    assert data["leader"] == "incursion"
    assert data["scores"][0]["name"] == "Limited incursion"
    assert data["rows"][1]["ratings"] == {"coercion": "I", "incursion": "C", "invasion": "CC"}
    assert data["rows"][1]["citations"] == ["doc1#s3"]
    assert data["sensitivity"][0]["ranking"] == ["incursion", "invasion", "coercion"]


@pytest.mark.parametrize("p, words", [
    (0.0, "almost no chance"), (0.049, "almost no chance"), (0.05, "very unlikely"),
    (0.2, "unlikely"), (0.45, "roughly even chance"), (0.5, "roughly even chance"),
    (0.55, "likely"), (0.8, "very likely"), (0.949, "very likely"),
    (0.95, "almost certain"), (1.0, "almost certain"),
])
def test_likelihood_words(p, words):
    assert likelihood_words(p) == words


@pytest.mark.parametrize("p", [-0.01, 1.01, math.nan])
def test_likelihood_words_outside_0_1(p):
    with pytest.raises(ValueError, match="not between 0 and 1"):
        likelihood_words(p)


def test_likelihood_bands_cover_0_to_1_without_gaps():
    bands = _likelihood_bands()
    assert bands[0][0] == 0 and bands[-1][1] == 1
    assert all(upper == next_lower
               for (_, upper, _), (next_lower, _, _) in zip(bands, bands[1:]))


def test_errors():
    with pytest.raises(ValueError, match="at least one hypothesis"):
        score([], [])
    with pytest.raises(ValueError, match="'a' is given more than once"):
        score([A, Hypothesis("a", "again")], [])
    with pytest.raises(ValueError, match=r"row 'r7'.*rating 'X' for hypothesis 'a'"):
        EvidenceRow("r7", "r", {"a": "X"})
    with pytest.raises(ValueError, match=r"row 'r7'.*credibility 'very high'"):
        EvidenceRow("r7", "r", {"a": "C"}, credibility="very high")
    with pytest.raises(ValueError, match=r"row 'r7'.*relevance 'none'"):
        EvidenceRow("r7", "r", {"a": "C"}, relevance="none")
    with pytest.raises(ValueError, match=r"row 'r7'.*reading 'honest'"):
        EvidenceRow("r7", "r", {"a": "C"}, reading="honest")
    with pytest.raises(ValueError, match=r"row 'r7'.*unknown hypothesis 'z'"):
        score([A, B], [EvidenceRow("r7", "r", {"a": "C", "z": "I"})])
    with pytest.raises(ValueError, match=r"row 'r7'.*unknown hypothesis 'z'"):
        sensitivity([A, B], [EvidenceRow("r7", "r", {"z": "I"})])


def test_both_readings_of_a_denial_weigh_as_one_item():
    """The two readings are alternatives: each weighs half, so a denial read both ways
    moves the totals as one row of its ratings' mean would; a check that takes one
    reading as the truth weighs it in full."""
    hypotheses = [ach.Hypothesis("H1", "war"), ach.Hypothesis("H2", "no war")]
    truthful, deceptive = ach.denial_rows("d", "a denial", {"H1": "II", "H2": "C"},
                                          {"H1": "C", "H2": "I"})
    result = ach.score(hypotheses, [truthful, deceptive])
    totals = {s.id: s.inconsistency for s in result.scores}
    assert totals == {"H1": pytest.approx(-1.0), "H2": pytest.approx(-0.5)}
    seen = ach.EvidenceRow("seen", "troops seen", {"H1": "C", "H2": "I"})
    # taken as the truth, the denial (II at full weight: -2) outweighs the sighting (-1)
    checks = {c.name: c for c in ach.score(hypotheses, [truthful, deceptive, seen]).sensitivity}
    assert checks["denials read as truthful"].ranking == ("H2", "H1")
    assert checks["denials read as deceptive"].ranking == ("H1", "H2")
