"""Analysis of Competing Hypotheses (Heuer): rank hypotheses by the evidence against them.

Evidence that fits a hypothesis usually fits its rivals too, so ACH ranks hypotheses by
how much evidence is inconsistent with them; consistency only breaks ties. The rows
that tell the hypotheses apart (the diagnostic ones) and the checks that leave doubtful
evidence out show the analyst what the ranking rests on.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sitrep.data import data_lines
from sitrep.registry import vocabulary

READINGS = ("truthful", "deceptive")
# The readings of one denial are alternatives, one of which holds: each weighs its share,
# so that the pair weighs as one item read with neither reading favoured.
READING_WEIGHT = 1 / len(READINGS)
MOST_DIAGNOSTIC = 3  # how many diagnostic rows a result lists
PLACES = 9  # totals are compared at this many decimals, so that low x low weighs as 0.5 exactly


@dataclass(frozen=True, slots=True)
class Hypothesis:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One item of evidence and how consistent it is with each hypothesis.

    A hypothesis missing from ``ratings`` is rated the registry's ``default_rating`` (N).
    ``reading`` marks the two rows a denial becomes (see ``denial_rows``).
    """

    id: str
    label: str
    ratings: Mapping[str, str]
    credibility: str = "medium"
    relevance: str = "medium"
    citations: tuple[str, ...] = ()
    reading: str | None = None
    sources: int | None = None  # independent sources behind it, where known

    def __post_init__(self) -> None:
        ratings, levels = vocabulary().ratings, vocabulary().levels
        for hypothesis, rating in self.ratings.items():
            if rating not in ratings:
                raise ValueError(f"evidence row {self.id!r}: rating {rating!r} for hypothesis "
                                 f"{hypothesis!r} is not one of {', '.join(ratings)}")
        for attribute in ("credibility", "relevance"):
            level = getattr(self, attribute)
            if level not in levels:
                raise ValueError(f"evidence row {self.id!r}: {attribute} {level!r} is not one of "
                                 f"{', '.join(levels)}")
        if self.reading is not None and self.reading not in READINGS:
            raise ValueError(f"evidence row {self.id!r}: reading {self.reading!r} is not one of "
                             f"{', '.join(READINGS)}")
        # The row keeps its own plain copies: the caller's mapping may change later, and
        # dataclasses.asdict can copy a dict but not every Mapping.
        object.__setattr__(self, "ratings", dict(self.ratings))
        object.__setattr__(self, "citations", tuple(self.citations))


def denial_rows(id: str, label: str, truthful: Mapping[str, str], deceptive: Mapping[str, str],
                credibility: str = "medium", relevance: str = "medium",
                citations: Sequence[str] = (),
                sources: int | None = None) -> tuple[EvidenceRow, EvidenceRow]:
    """A denial by an interested party, entered once read as truthful and once as deceptive.

    Whether the denial is honest is itself in question, so both readings go in, each at
    READING_WEIGHT of the row's weight (the pair weighs as one item), and the sensitivity
    checks show what each one alone, taken at full weight, does to the ranking.
    """
    return (
        EvidenceRow(f"{id}:truthful", f"{label} (read as truthful)", truthful,
                    credibility, relevance, tuple(citations), "truthful", sources),
        EvidenceRow(f"{id}:deceptive", f"{label} (read as deceptive)", deceptive,
                    credibility, relevance, tuple(citations), "deceptive", sources),
    )


@dataclass(frozen=True, slots=True)
class HypothesisScore:
    """A hypothesis's totals; ``rank`` 1 is the least inconsistent.

    ``share`` is proportional to exp(inconsistency) and the shares sum to 1. It is a
    reading aid that turns the totals into one scale, not a calibrated probability.
    """

    id: str
    name: str
    inconsistency: float
    consistency: float
    share: float
    rank: int


@dataclass(frozen=True, slots=True)
class DiagnosticRow:
    """A row that tells hypotheses apart: weight x (highest rating - lowest rating)."""

    id: str
    label: str
    diagnosticity: float
    supports_most: tuple[str, ...]  # hypothesis ids given its highest rating
    undermines_most: tuple[str, ...]  # hypothesis ids given its lowest rating


@dataclass(frozen=True, slots=True)
class SensitivityCheck:
    """The ranking once some rows are left out, against the ranking over all rows.

    ``dropped`` says how many rows were left out, so that a check that left out nothing
    is not read as evidence that the ranking is robust.
    """

    name: str
    ranking: tuple[str, ...]
    leader_changes: bool
    order_changes: bool
    dropped: int


@dataclass(frozen=True, slots=True)
class AchResult:
    scores: tuple[HypothesisScore, ...]  # in rank order
    rows: tuple[EvidenceRow, ...]
    most_diagnostic: tuple[DiagnosticRow, ...]
    leader: str  # hypothesis id; with no evidence, the first hypothesis given
    # the words of likelihood for the leader, only when it leads clearly (see _clear_words)
    leader_words: str | None
    evidence_count: int  # 0: no evidence yet, the ranking is only the given order
    sensitivity: tuple[SensitivityCheck, ...]
    tied: tuple[str, ...] = ()  # the hypotheses tied for the lead (two or more), else ()

    def to_dict(self) -> dict:
        """Plain dicts, lists and numbers, ready for json.dumps."""
        return dataclasses.asdict(self)


def score(hypotheses: Sequence[Hypothesis], rows: Sequence[EvidenceRow]) -> AchResult:
    """Score, rank and test the hypotheses against the rows."""
    hypotheses, rows = tuple(hypotheses), tuple(rows)
    weighted = _weighted(hypotheses, rows)
    inconsistency, consistency = _totals(len(hypotheses), weighted)
    order = _order(inconsistency, consistency)
    shares = _shares(inconsistency)
    scores = tuple(HypothesisScore(hypotheses[i].id, hypotheses[i].name, inconsistency[i],
                                   consistency[i], shares[i], rank)
                   for rank, i in enumerate(order, start=1))
    diagnostic = _most_diagnostic(weighted)
    tied = tuple(s.id for s in scores
                 if round(s.inconsistency, PLACES) == round(scores[0].inconsistency, PLACES))
    tied = tied if len(tied) > 1 and rows else ()  # no evidence: nothing was weighed
    return AchResult(
        scores=scores,
        rows=rows,
        most_diagnostic=tuple(_diagnostic_row(hypotheses, rows[i], weighted[i])
                              for i in diagnostic),
        leader=scores[0].id,
        leader_words=_clear_words(scores[0].share, tied, len(rows)),
        evidence_count=len(rows),
        sensitivity=_sensitivity(hypotheses, rows, weighted, order, diagnostic),
        tied=tied,
    )


def _clear_words(share: float, tied: tuple[str, ...], evidence: int) -> str | None:
    """Words of likelihood only for a clear leader: one that evidence puts ahead alone
    and that holds more than half the weight. Below that, "unlikely (45%)" would call the
    hypothesis the ranking puts first unlikely; a tie is a tie, not a judgement."""
    if tied or not evidence or share <= 0.5:
        return None
    return likelihood_words(share)


def sensitivity(hypotheses: Sequence[Hypothesis],
                rows: Sequence[EvidenceRow]) -> list[SensitivityCheck]:
    """Whether the ranking holds without low-credibility evidence, under each reading of
    the denials, and without the most diagnostic row."""
    hypotheses, rows = tuple(hypotheses), tuple(rows)
    weighted = _weighted(hypotheses, rows)
    order = _order(*_totals(len(hypotheses), weighted))
    return list(_sensitivity(hypotheses, rows, weighted, order, _most_diagnostic(weighted)))


def likelihood_words(p: float) -> str:
    """The ICD 203 words for a share p in [0, 1] (``likelihood_words.tsv``)."""
    if not 0 <= p <= 1:  # also refuses NaN
        raise ValueError(f"likelihood {p!r} is not between 0 and 1")
    bands = _likelihood_bands()
    for lower, upper, words in bands:
        if lower <= p < upper:
            return words
    return bands[-1][2]  # p == 1, which the last band also covers


@cache
def _likelihood_bands() -> tuple[tuple[float, float, str], ...]:
    bands = []
    for line in data_lines("likelihood_words.tsv"):
        lower, upper, words = line.split("\t")
        bands.append((float(lower), float(upper), words))
    return tuple(bands)


Weighted = tuple[float, tuple[int, ...]]  # a row's weight and its rating of each hypothesis


def _weighted(hypotheses: tuple[Hypothesis, ...],
              rows: tuple[EvidenceRow, ...]) -> list[Weighted]:
    """Check the input and turn each row into numbers once, for every ranking to reuse."""
    if not hypotheses:
        raise ValueError("ACH needs at least one hypothesis")
    ids = [h.id for h in hypotheses]
    known = set(ids)
    if len(known) < len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"hypothesis id {duplicate!r} is given more than once")
    # A row weighs the product of its credibility's and its relevance's weights; a
    # reading of a denial, READING_WEIGHT of that.
    vocab = vocabulary()
    weights = {name: level.weight for name, level in vocab.levels.items()}
    scores = {name: rating.score for name, rating in vocab.ratings.items()}
    weighted = []
    for row in rows:
        unknown = row.ratings.keys() - known
        if unknown:
            raise ValueError(f"evidence row {row.id!r}: rating for unknown hypothesis "
                             f"{min(unknown)!r}")
        share = READING_WEIGHT if row.reading else 1.0
        weighted.append((weights[row.credibility] * weights[row.relevance] * share,
                         tuple(scores[row.ratings.get(i, vocab.default_rating)] for i in ids)))
    return weighted


def _totals(count: int, weighted: list[Weighted]) -> tuple[list[float], list[float]]:
    """Each hypothesis's inconsistency (sum of weight x I/II ratings, <= 0) and
    consistency (sum of weight x C/CC ratings, >= 0)."""
    inconsistency, consistency = [0.0] * count, [0.0] * count
    for weight, values in weighted:
        for i, value in enumerate(values):
            if value < 0:
                inconsistency[i] += weight * value
            elif value > 0:
                consistency[i] += weight * value
    return inconsistency, consistency


def _order(inconsistency: list[float], consistency: list[float]) -> list[int]:
    """Hypothesis indices, least inconsistent first, then most consistent, then as given."""
    return sorted(range(len(inconsistency)),
                  key=lambda i: (-round(inconsistency[i], PLACES), -round(consistency[i], PLACES)))


def _shares(inconsistency: list[float]) -> list[float]:
    """exp(inconsistency), normalised; shifted by the largest so that no term underflows."""
    top = max(inconsistency)
    raw = [math.exp(x - top) for x in inconsistency]
    total = sum(raw)
    return [r / total for r in raw]


def _most_diagnostic(weighted: list[Weighted]) -> list[int]:
    """Indices of the most diagnostic rows, best first, earlier rows first on ties."""
    diagnosticity = [round(weight * (max(values) - min(values)), PLACES)
                     for weight, values in weighted]
    return sorted((i for i, d in enumerate(diagnosticity) if d > 0),
                  key=lambda i: -diagnosticity[i])[:MOST_DIAGNOSTIC]


def _diagnostic_row(hypotheses: tuple[Hypothesis, ...], row: EvidenceRow,
                    weighted: Weighted) -> DiagnosticRow:
    weight, values = weighted
    high, low = max(values), min(values)
    return DiagnosticRow(
        row.id, row.label, weight * (high - low),
        supports_most=tuple(h.id for h, v in zip(hypotheses, values) if v == high),
        undermines_most=tuple(h.id for h, v in zip(hypotheses, values) if v == low),
    )


def _sensitivity(hypotheses: tuple[Hypothesis, ...], rows: tuple[EvidenceRow, ...],
                 weighted: list[Weighted], baseline: list[int],
                 most_diagnostic: list[int]) -> tuple[SensitivityCheck, ...]:
    checks = []
    for name, dropped, reading in _checks(rows, most_diagnostic):
        # one reading taken as the truth weighs in full, not as one of two alternatives
        kept = [(w[0] / READING_WEIGHT, w[1]) if reading and rows[i].reading == reading else w
                for i, w in enumerate(weighted) if i not in dropped]
        order = _order(*_totals(len(hypotheses), kept))
        checks.append(SensitivityCheck(
            name, tuple(hypotheses[i].id for i in order),
            leader_changes=order[0] != baseline[0], order_changes=order != baseline,
            dropped=len(dropped)))
    return tuple(checks)


def _checks(rows: tuple[EvidenceRow, ...],
            most_diagnostic: list[int]) -> list[tuple[str, set[int], str | None]]:
    """Each check's name, the indices of the rows it leaves out, and the reading of the
    denials it takes as the truth (None: both stay alternatives)."""
    def where(test) -> set[int]:
        return {i for i, row in enumerate(rows) if test(row)}

    checks = [("without low-credibility evidence", where(lambda row: row.credibility == "low"),
               None)]
    if any(row.reading for row in rows):
        checks.append(("denials read as truthful", where(lambda row: row.reading == "deceptive"),
                       "truthful"))
        checks.append(("denials read as deceptive", where(lambda row: row.reading == "truthful"),
                       "deceptive"))
    if most_diagnostic:
        checks.append(("without the most diagnostic item", {most_diagnostic[0]}, None))
    return checks
