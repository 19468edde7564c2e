"""What each statement says is so: its proposition (``sitrep.model.Proposition``).

Read after the statements, events, sides and typed fields (``annotate.py``) are set, so
it reads records, not words: the stance the statement's words assert (its ``asserts``,
from the language pack's ``contradiction_cues.tsv``), else the event its sentence
carries, of the speaker's own side where there is one. A denial or a rejection says
the event did not happen: "Vucic denied a build-up" is the proposition "no build-up by
Serbia". The actor and side are the event's (an event of no known side is the
speaker's); place and time window are the event's, else the statement's date. A
statement that puts what it says under a condition ("only after X, Y will begin", "if
X, then Y", "unless") asserts nothing: its words hold a conditional mark or phrase of
the language pack (``word_classes.tsv``).
Analysis compares propositions with what others observe
(``sitrep/analysis/contradictions.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import cache

from sitrep.lang import DEFAULT as DEFAULT_LANGUAGE, LanguagePack
from sitrep.model import Event, Proposition, Statement

DENYING_KINDS = ("denial", "rejection")  # statement kinds that say the event did not happen
NOT_STATED = ("historical", "hypothetical")  # event modalities a statement does not assert


def read_propositions(statements: list[Statement], events: list[Event]) -> None:
    """Set each statement's ``proposition``, or leave it None where it states nothing
    sitrep can compare."""
    stated = _StatedEvents(events)
    for statement in statements:
        statement.proposition = (None if conditional(statement.words) else
                                 proposition_of(statement, stated.carried_by(statement)))


def conditional(words: list[str], language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the words hold a condition: a conditional mark ("if", "unless") or a
    phrase that makes what follows conditional ("only after")."""
    folded = f" {' '.join(words)} "
    return any(f" {mark} " in folded for mark in _condition_marks(language))


@cache
def _condition_marks(language: str) -> frozenset[str]:
    pack = LanguagePack.load(language)
    return pack.words("conditional_marks") | pack.words("condition_phrases")


def proposition_of(statement: Statement, events: list[Event]) -> Proposition | None:
    """The statement's proposition, from its stance or the first of its events."""
    denied = statement.kind in DENYING_KINDS
    if statement.asserts:
        event = events[0] if events else None
        return Proposition(statement.asserts[0], _actor(statement, event),
                           (event.actor_side if event else None) or statement.speaker_side,
                           modality=_modality(statement, event),
                           place=event.location if event else None,
                           start=statement.date, end=statement.date)
    if not events:
        return None
    event = events[0]
    return Proposition(event.kind, _actor(statement, event),
                       event.actor_side or statement.speaker_side,
                       negated=event.negated or denied, modality=_modality(statement, event),
                       place=event.location or event.destination,
                       start=event.time.start or statement.date,
                       end=event.time.end or event.time.start or statement.date)


class _StatedEvents:
    """The events a statement may carry, indexed by where they start and by statement:
    a document of a megabyte holds thousands of statements and events, too many to
    scan every event for each statement."""

    def __init__(self, events: list[Event]):
        self.events = [e for e in events if e.modality not in NOT_STATED]
        self.by_start = sorted(range(len(self.events)), key=lambda i: self.events[i].start)
        self.starts = [self.events[i].start for i in self.by_start]
        self.by_statement: dict[str, list[int]] = defaultdict(list)
        for i, event in enumerate(self.events):
            self.by_statement[event.statement_id].append(i)

    def carried_by(self, statement: Statement) -> list[Event]:
        """The events the statement carries (its own first, then those of its sentence),
        of its speaker's side or of no known side first; in the events' order where
        these tie."""
        first = bisect_left(self.starts, statement.start)
        last = bisect_right(self.starts, statement.end)
        chosen = {i for i in self.by_start[first:last] if self.events[i].end <= statement.end}
        chosen.update(self.by_statement.get(statement.id, ()))
        inside = [self.events[i] for i in sorted(chosen)]
        return sorted(inside, key=lambda e: (e.actor_side not in (None, statement.speaker_side),
                                             e.statement_id != statement.id, e.start))


def _actor(statement: Statement, event: Event | None) -> str | None:
    if event is not None and event.actor:
        return event.actor
    return statement.speaker_org or statement.speaker


def _modality(statement: Statement, event: Event | None) -> str:
    """Planned for a commitment or a planned event; claimed otherwise."""
    if statement.kind == "commitment" or (event is not None and event.modality == "planned"):
        return "planned"
    return "claimed"
