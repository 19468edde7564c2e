"""The indicators-and-warnings board: which of the case's indicators the evidence trips.

Each indicator of ``case.yaml`` is a match rule (see ``sitrep/case.py``). An event
that matches it, but is negated ("the tanks have not moved"), counts against it.
Status: ``not seen``; ``reported`` by one source; ``corroborated`` by as many
independent sources as the case asks; ``contradicted`` when the sources against it
outnumber those for it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from sitrep.analysis.contradictions import ClaimRecord
from sitrep.analysis.corroboration import SourceGroups
from sitrep.case import Case, Indicator
from sitrep.data import data_lines
from sitrep.model import Event, Ref, Report, Statement

WORD = re.compile(r"\w+")

STATUSES = ("not seen", "reported", "corroborated", "contradicted")
TRIPPED = ("reported", "corroborated")


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


@cache
def _equipment_by_category() -> dict[str, list[str]]:
    """The names and aliases in ``equipment.tsv`` by category, read once."""
    names: dict[str, list[str]] = {}
    for line in data_lines("equipment.tsv"):
        name, category, *aliases = line.split("\t")
        names.setdefault(category, []).append(name)
        names[category] += [a for a in (aliases[0].split("|") if aliases else []) if a]
    return names


def _equipment_names(categories: tuple[str, ...]) -> list[str]:
    """The names and aliases of the equipment of the given categories."""
    return [name for category in categories for name in _equipment_by_category().get(category, [])]


def _with_plural(name: str) -> str:
    """A name as a pattern that takes its regular plural too ("lorr(?:y|ies)", "tanks?").

    The rules of ``sitrep.extract.military._plural``, written out here because importing
    that module would bring spaCy into the analysis.
    """
    if re.search(r"[^aeiou]y$", name):
        return re.escape(name[:-1]) + "(?:y|ies)"
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(name) + "(?:es)?"
    return re.escape(name) + "s?"


def _plural_forms(name: str) -> tuple[str, ...]:
    """A one-word name and its regular plurals, as ``_with_plural`` reads them."""
    if re.search(r"[^aeiou]y$", name):
        return name, name[:-1] + "ies"
    return name, name + "s", name + "es"


def _first_words(indicator: Indicator) -> frozenset[str] | None:
    """The words one of its terms or equipment names must begin with: a text holding none
    of them cannot match, which spares the long pattern most texts."""
    names = [*indicator.terms, *_equipment_names(indicator.equipment)]
    if not names:
        return None
    words: set[str] = set()
    for name in names:
        parts = WORD.findall(name.lower())
        if parts:
            words.update(_plural_forms(parts[0]) if len(parts) == 1 else parts[:1])
    return frozenset(words)


def _about_pattern(indicator: Indicator) -> re.Pattern | None:
    """Its terms and equipment as one case-insensitive pattern (plurals of equipment too)."""
    words = [re.escape(t) for t in indicator.terms]
    words += [_with_plural(n) for n in _equipment_names(indicator.equipment)]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)


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
        self.patterns = {i.id: _about_pattern(i) for i in case.indicators}
        self.first_words = {i.id: _first_words(i) for i in case.indicators}
        self.hits: dict[str, list[Hit]] = {i.id: [] for i in case.indicators}

    def add(self, report: Report) -> None:
        statements = {s.id: s for s in report.statements}
        for indicator in self.case.indicators:
            found = self.hits[indicator.id]
            if indicator.match == "events":
                for event in report.events:
                    if self._event_matches(indicator, event, report):
                        found.append(_event_hit(event, report, statements.get(event.statement_id)))
            elif indicator.match == "statements":
                for statement in report.statements:
                    if self._statement_matches(indicator, statement):
                        found.append(_statement_hit(statement, report))

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

    def _about(self, indicator: Indicator, text: str) -> bool:
        pattern = self.patterns[indicator.id]
        if pattern is None:
            return True
        return (not self.first_words[indicator.id].isdisjoint(_words(text))
                and pattern.search(text) is not None)

    def _event_matches(self, indicator: Indicator, event: Event, report: Report) -> bool:
        if indicator.kinds and event.kind not in indicator.kinds:
            return False
        if indicator.plover and event.plover not in indicator.plover:
            return False
        if indicator.actors and event.actor_side and not _side_in(event.actor_side, indicator.actors):
            return False  # an actor the text leaves unnamed may still be one of them
        if event.modality not in indicator.modalities:
            return False
        if not self._about(indicator, event.text):
            return False
        return indicator.within_km is None or self._within(indicator.within_km, event, report)

    def _statement_matches(self, indicator: Indicator, statement: Statement) -> bool:
        if indicator.kinds and statement.kind not in indicator.kinds:
            return False
        if indicator.plover and statement.plover not in indicator.plover:
            return False
        if indicator.actors and not _side_in(statement.speaker_side, indicator.actors):
            return False
        return self._about(indicator, statement.text)

    def _contradiction_matches(self, indicator: Indicator, record: ClaimRecord) -> bool:
        claim = record.claim
        if indicator.kinds and claim.assertion not in indicator.kinds:
            return False
        return not indicator.actors or _side_in(claim.item.side, indicator.actors)

    def _within(self, km: float, event: Event, report: Report) -> bool:
        for name in (event.destination, event.location, *event.via, event.origin):
            point = report.places.get(name) if name else None
            distance = self.border_km(point.lat, point.lon) if point else None
            if distance is not None and distance <= km:
                return True
        return False


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A text's words, folded; cached because each indicator asks of the same sentences."""
    return frozenset(WORD.findall(text.lower()))


def _side_in(side: str | None, actors: tuple[str, ...]) -> bool:
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
