"""The indicators-and-warnings board: which of the case's indicators the evidence trips.

Each indicator of ``case.yaml`` is a match rule (see ``sitrep/case.py``). An event
that matches it, but is negated ("the tanks have not moved"), counts against it.
Status: ``not seen``; ``reported`` by one source; ``corroborated`` by as many
independent sources as the case asks; ``contradicted`` when the sources against it
outnumber those for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sitrep.analysis.contradictions import ClaimRecord
from sitrep.analysis.corroboration import SourceGroups
from sitrep.case import Case, Indicator
from sitrep.model import Event, Ref, Report, Statement, words


@dataclass(frozen=True, slots=True)
class Hit:
    """A sentence that matches an indicator."""

    ref: Ref
    text: str
    date: dt.date | None
    speaker: str | None  # who asserts it: the speaker, else the outlet
    own_side: bool  # said by the side it is about (an interested party)
    against: bool = False  # a negated match counts against the indicator


@dataclass(slots=True)
class IndicatorState:
    indicator: Indicator
    status: str = "not seen"
    sources: int = 0  # independent sources for it
    sources_against: int = 0
    hits: list[Hit] = field(default_factory=list)

    @property
    def first_seen(self) -> dt.date | None:
        return min((h.date for h in self.hits if h.date and not h.against), default=None)

    @property
    def last_seen(self) -> dt.date | None:
        return max((h.date for h in self.hits if h.date and not h.against), default=None)


@dataclass(frozen=True, slots=True)
class _Names:
    """An indicator's equipment categories and key terms, as an item's typed fields are
    searched for them: its ``equipment_categories`` and its ``words`` (folded). A term
    is a run of words: "heavy equipment" is found in "heavy equipment" and "heavy-equipment"
    alike, never in "heavy equipments"."""

    categories: frozenset[str]
    words: frozenset[str]  # the one-word terms
    phrases: tuple[tuple[str, ...], ...]  # the longer terms, word by word
    firsts: frozenset[str]  # the words the phrases start with: without one, none is held

    def found_in(self, categories: list[str], words: list[str]) -> bool:
        """Whether an item naming these categories, of these words, holds one of them."""
        if not self.categories.isdisjoint(categories):
            return True
        present = set(words)
        if not self.words.isdisjoint(present):
            return True
        return not self.firsts.isdisjoint(present) and any(
            _holds(words, phrase) for phrase in self.phrases)


def _holds(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the words hold the phrase's words in a row."""
    size = len(phrase)
    return any(word == phrase[0] and tuple(words[at:at + size]) == phrase
               for at, word in enumerate(words))


def _names(indicator: Indicator) -> _Names | None:
    """Its equipment categories and terms; None when it has neither (any item will do)."""
    if not (indicator.equipment or indicator.terms):
        return None
    terms = [tuple(words(term)) for term in indicator.terms]
    phrases = tuple(term for term in terms if len(term) > 1)
    return _Names(frozenset(indicator.equipment),
                  frozenset(term[0] for term in terms if len(term) == 1), phrases,
                  frozenset(phrase[0] for phrase in phrases))


class IndicatorBoard:
    """Indicator hits of the documents added so far; statuses are counted on request.

    ``border_km`` gives a place's distance to the border of the country at risk (0
    inside it), or None where it is not known.
    """

    def __init__(self, case: Case, groups: SourceGroups,
                 border_km: Callable[[float, float], float | None] | None = None):
        self.case = case
        self.groups = groups
        self.border_km = border_km or (lambda lat, lon: None)
        self.names = {i.id: _names(i) for i in case.indicators}
        self.hits: dict[str, list[Hit]] = {i.id: [] for i in case.indicators}
        # (match rule, what _admits reads of an item) -> the indicators that admit it, with
        # their names
        self._admitting: dict[tuple, tuple[tuple[Indicator, _Names | None], ...]] = {}

    def add(self, report: Report) -> None:
        statements = {s.id: s for s in report.statements}
        for event in report.events:
            admitted = self._admit("events", event.kind, event.plover, event.actor_side,
                                   event.modality)
            for indicator, names in admitted:  # no names: any event will do
                if (names is None or names.found_in(event.equipment_categories,
                                                    event.words)) and (
                        indicator.within_km is None
                        or self._within(indicator.within_km, event, report)):
                    self.hits[indicator.id].append(
                        _event_hit(event, report, statements.get(event.statement_id)))
        for statement in report.statements:
            admitted = self._admit("statements", statement.kind, statement.plover,
                                   statement.speaker_side, None)
            for indicator, names in admitted:
                if names is None or names.found_in(statement.equipment_categories,
                                                   statement.words):
                    self.hits[indicator.id].append(_statement_hit(statement, report))

    def _admit(self, match: str, kind: str | None, plover: str | None, side: str | None,
               modality: str | None) -> tuple[tuple[Indicator, _Names | None], ...]:
        """The indicators of the match rule that admit an item of this kind, PLOVER code,
        side and modality (see ``_admits``), in the case's order. Items share a few
        combinations of these, so each is worked out once rather than every indicator
        tested on every item."""
        key = (match, kind, plover, side, modality)
        found = self._admitting.get(key)
        if found is None:
            found = self._admitting[key] = tuple(
                (i, self.names[i.id]) for i in self.case.indicators
                if i.match == match and _admits(i, *key))
        return found

    def board(self, contradictions: list[ClaimRecord]) -> list[IndicatorState]:
        """Every indicator with its status, in the case's order."""
        states = []
        for indicator in self.case.indicators:
            hits = list(self.hits[indicator.id])
            if indicator.match == "contradictions":
                hits = list({h.ref: h for record in contradictions
                             if self._contradiction_matches(indicator, record)
                             for h in _contradiction_hits(record)}.values())
            states.append(self._state(indicator, hits))
        return states

    def _state(self, indicator: Indicator, hits: list[Hit]) -> IndicatorState:
        state = IndicatorState(indicator, hits=sorted(hits, key=lambda h: (
            h.date or dt.date.min, h.ref.doc_id, h.ref.item_id)))  # the same in any order
        state.sources = self.groups.independent({h.ref.doc_id for h in hits if not h.against})
        state.sources_against = self.groups.independent({h.ref.doc_id for h in hits if h.against})
        if state.sources_against > state.sources:
            state.status = "contradicted"
        elif state.sources >= self.case.sources_needed(indicator):
            state.status = "corroborated"
        elif state.sources:
            state.status = "reported"
        return state

    # -- match rules ------------------------------------------------------------------

    def _contradiction_matches(self, indicator: Indicator, record: ClaimRecord) -> bool:
        claim = record.claim
        if indicator.kinds and claim.assertion not in indicator.kinds:
            return False
        return not indicator.actors or side_in(claim.item.side, indicator.actors)

    def _within(self, km: float, event: Event, report: Report) -> bool:
        for name in (event.destination, event.location, *event.via, event.origin):
            point = report.places.get(name) if name else None
            distance = self.border_km(point.lat, point.lon) if point else None
            if distance is not None and distance <= km:
                return True
        return False


def _admits(indicator: Indicator, match: str, kind: str | None, plover: str | None,
            side: str | None, modality: str | None) -> bool:
    """Whether an item's kind, PLOVER code, side and modality (a statement has none)
    meet the indicator's rules; its names and places are tested apart."""
    if indicator.kinds and kind not in indicator.kinds:
        return False
    if indicator.plover and plover not in indicator.plover:
        return False
    if match == "statements":  # said by one of the actors
        return not indicator.actors or side_in(side, indicator.actors)
    if indicator.actors and not side_in(side, indicator.actors):
        return False  # a side unknown is no side: it never stands for one of the actors
    return modality in indicator.modalities


def side_in(side: str | None, actors: tuple[str, ...]) -> bool:
    """Whether a known side is one of the actors: a side unknown is none of them."""
    return side is not None and side.lower() in {a.lower() for a in actors}


def _event_hit(event: Event, report: Report, statement: Statement | None) -> Hit:
    when = event.time.start or (statement.date if statement else None)
    speaker = statement.speaker if statement else report.publisher
    own = statement is not None and statement.speaker_side is not None \
        and statement.speaker_side == event.actor_side
    return Hit(Ref(report.doc_id, event.id), event.text,
               when.date if when else report.published, speaker, own, against=event.negated)


def _statement_hit(statement: Statement, report: Report) -> Hit:
    when = statement.date.date if statement.date else report.published
    return Hit(Ref(report.doc_id, statement.id), statement.text, when, statement.speaker, False)


def _contradiction_hits(record: ClaimRecord) -> list[Hit]:
    """A contradicted claim trips the indicator through the evidence against it."""
    return [Hit(e.item.ref, e.item.text, e.item.date, e.item.speaker, False)
            for e in record.against]
