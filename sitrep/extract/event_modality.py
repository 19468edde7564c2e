"""Whether an event happened, is claimed, planned, imagined or history.

Cue words around the event word (``event_cues.tsv``) say negated, denied, hedged, planned
or hypothetical; the statement the event stands in makes a party's word on its own side's
action a claim; a date well before the document makes it background (historical).
"""

from __future__ import annotations

import re

from sitrep.extract.clauses import Clause
from sitrep.extract.sides import Sides
from sitrep.extract.tokens import Tokens
from sitrep.lang import LanguagePack
from sitrep.model import Document, Event, Statement, TimeInterval
from sitrep.registry import vocabulary

CLAUSAL_SUBJECTS = {"csubj", "csubjpass"}  # dependency labels of the statistical parse
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
HISTORICAL_DAYS = 60  # a dated event this long before publication is background

# Tokens from a verb of denial within which the event it denies stands ("denies any plan
# to attack", "denied that any troops had been massed")
DENIAL_REACH = 8
# Statement kinds whose events are the other side's doing, where the text names no owner
OTHERS_KINDS = ("accusation", "warning")


class EventModality:
    """Reads an event's modality, negation and hedging; ``cues``: cue -> (meaning, where)."""

    def __init__(self, lang: LanguagePack, sides: Sides, cues: dict[str, tuple[str, str]]):
        self.lang = lang
        self.sides = sides
        self.cues = cues

    def read(self, event: Event, where: tuple[Tokens, Clause, int], document: Document, cues,
             statement: Statement | None) -> None:
        """Whether the event happened, is claimed, planned, imagined or history; negated
        or hedged. ``where``: the tokens, the clause and the event word's start; ``cues``: the
        sentence's cues; ``statement``: the statement that reports it, if any."""
        tokens, clause, trigger_start = where
        meanings = set()
        for start, _, cue in cues:
            meaning, where = self.cues[cue]
            if not clause.start <= start < clause.end:
                continue
            if where == "before" and start >= trigger_start:
                continue
            if meaning == "negated" and trigger_start - start > 4 and " " not in cue:
                continue  # "no" far from the event word negates something else
            if meaning == "denied" and trigger_start - start > DENIAL_REACH:
                continue  # "denied claims that ... the group involved in the shootout"
            meanings.add(meaning)
        event.negated = not meanings.isdisjoint({"negated", "denied"})
        event.hedged = "hedged" in meanings
        if statement is not None:
            event.asserted_by, event.statement_id = statement.speaker, statement.id
        if "hypothetical" in meanings or names_an_activity(tokens, trigger_start):
            conditional = not self.lang.words("conditional_modals").isdisjoint(
                _words(tokens, clause, trigger_start))
            event.modality = "planned" if statement is not None and conditional else "hypothetical"
        elif "planned" in meanings or (statement is not None and statement.kind == "commitment"):
            event.modality = "planned"
        elif statement is not None and self._own_action(statement, event):
            event.modality = "claimed"
        elif historical(event.time, clause, tokens, document):
            event.modality = "historical"
        else:
            event.modality = "observed"
        if "denied" in meanings and event.modality in ("observed", "historical"):
            event.modality = "claimed"  # "denied that its troops were massing": a party's word

    def _own_action(self, statement: Statement, event: Event) -> bool:
        """Whether the speaker speaks of its own side's action (a claim, not an observation)."""
        speaker_side = statement.speaker_side
        actor_side = self.sides.of(event.actor)
        if speaker_side and actor_side:
            return speaker_side == actor_side
        if speaker_side:  # a state's official on forces it does not name the owner of;
            return statement.kind not in OTHERS_KINDS  # not the forces it accuses or warns of
        return statement.kind in ("claim", "denial") and statement.speaker_role is None

    def own_claims(self, statements: list[Statement], events: list[Event]) -> None:
        """A person's words that report an action of the speaker's own side are a claim,
        not an assessment: "the army chief said troop numbers had reached 14,000"."""
        by_id = {statement.id: statement for statement in statements}
        claim = vocabulary().statement_kinds["claim"]
        for event in events:
            statement = by_id.get(event.statement_id)
            if (statement is not None and statement.kind == "assessment"
                    and event.modality == "claimed" and statement.speaker_side
                    and statement.speaker_side == self.sides.of(event.actor)):
                statement.kind = "claim"
                statement.plover, statement.cameo = claim.plover_type, claim.cameo_root


def code_concessions(statements: list[Statement], events: list[Event]) -> None:
    """A statement that announces its own side's withdrawal concedes (the registry's
    ``concession`` coding, PLOVER CONCEDE)."""
    by_id = {statement.id: statement for statement in statements}
    concession = vocabulary().concession
    for event in events:
        if event.kind == "withdraw" and event.modality == "claimed" and event.statement_id:
            statement = by_id[event.statement_id]
            statement.plover, statement.cameo = concession.plover_type, concession.cameo_root


def _words(tokens: Tokens, clause: Clause, before: int) -> set[str]:
    return {tokens.lower[i] for i in range(clause.start, before)}


def historical(time: TimeInterval, clause: Clause, tokens: Tokens, document: Document) -> bool:
    """Background: dated with an explicit year well before publication, or years before."""
    point = time.start or time.end
    if point is None or document.published is None:
        return False
    age = (document.published - point.date).days
    explicit = bool(YEAR.search(tokens.span(clause.start, clause.end)))
    return (explicit and age > HISTORICAL_DAYS) or age > 2 * 365


def names_an_activity(tokens: Tokens, i: int) -> bool:
    """ "Moving troops around its own territory is its own business": an event word that is
    the subject of its clause names an activity, not something that happened. Needs the parse:
    without one no token has a dependency (the token is asked, not the Doc, whose
    ``has_annotation`` reads every token of an unparsed Doc, once per event)."""
    return tokens.doc[i].dep_ in CLAUSAL_SUBJECTS
