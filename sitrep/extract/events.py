"""Doc -> Events: what happened, is planned or only imagined, where, when, who says so.

An event word (``event_triggers.tsv``) names the kind; its clause gives the rest.
One event per clause: a decisive verb ("withdrew", "annexed") wherever it stands,
else the first verb, else the first noun ("following the annexation of Crimea,
NATO deployed" is a deployment); with the parse, an earlier event the clause refers to
with a date of its own ("sent troops after the September 24 attack on the post") is one
more, unless the document tells it as an event of its own elsewhere. A sentence holding a
demand keeps its events; only the words a cue of demand governs name none.
The roles come from the clause's mentions: the actor is the named party before the
event word, places take their role from the preposition before them
(``place_prepositions.tsv``), the subject is the unit, equipment or force noun the
clause speaks of, or, for "they", "this device" or "their gear", the one last spoken of.
With the statistical mode's parse, the subject of the event word and the objects of its
prepositions decide the actor and the places first (``parse_roles.py``); the rules above
fill what the parse leaves. Time comes from the time
grammar; modality (``event_modality.py``) from cue words (``event_cues.tsv``), from the
statement the event sits in (a party speaking of its own action: claimed) and from the
time (well before the document: historical).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from sitrep.extract.event_modality import (EventModality, code_concessions, historical)
from sitrep.extract.clauses import (ByPosition, Clause, MentionIndex, longest_matches,
                                    quote_open, sentence_tokens, split_clauses)
from sitrep.extract.parse_roles import BOUND, ParseRoles
from sitrep.extract.tokens import QuoteTolerantMatcher, Tokens
from sitrep.extract.timex import TimeMention
from sitrep.extract.sides import Sides
from sitrep.lang import LanguagePack
from sitrep.model import Document, Event, Sentence, Statement, TimeInterval
from sitrep.registry import vocabulary

# A verb of these kinds names the clause's event wherever it stands ("completed their
# exercises, loaded their equipment and were returning to their bases" is a
# withdrawal); otherwise the first event word does ("expand their presence in
# response to the build-up" is a deployment).
DECISIVE_KINDS = {"withdraw", "annex", "recognize", "join", "expel", "sanction"}
OBJECT_PLACE_KINDS = {"annex", "recognize", "attack", "join"}  # "annexed Crimea"
ACTOR_KINDS = {"person", "organisation", "state", "unit"}
PLACE_KINDS = {"place", "state"}
FORCE_KINDS = {"unit", "equipment"}
MOVEMENT_KINDS = {"move", "deploy", "withdraw"}
UNREAL = {"planned", "hypothetical"}
SENTENCE_ENDS = set(".!;:\"”’…)")
FORCE_REACH = 12  # tokens between a force noun and the event word it is an argument of
HOME_REACH = 4  # tokens after "are back" within which "at their bases" makes it a return home


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    part: str  # "verb" or "noun"
    needs: str  # "force", "party", "parties", "works" or "any"


@dataclass(frozen=True, slots=True)
class Force:
    """The troops, unit or equipment a clause speaks of; ``unit`` is the unit they
    belong to where known ("41st Combined Arms Army equipment")."""

    name: str
    anaphoric: bool = False
    unit: str | None = None


@dataclass(slots=True)
class Memory:
    """What the document has spoken of so far, for anaphora across sentences, and where
    each subject was last placed (the origin of its next move); ``force_at`` maps a
    token to the force noun that starts there."""

    force_at: dict[int, str]
    subject: Force | None = None
    actor: str | None = None  # the party that last acted, for "they" and "their tanks"
    last_place: dict[str, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    referred: list[Event] = field(default_factory=list)  # earlier events a sentence refers to


@dataclass(frozen=True, slots=True)
class Scope:
    """What a sentence's clauses are read against: the document's lookups and memory,
    and the sentence's event words, cues, times and the statement it stands in."""

    tokens: Tokens
    document: Document
    index: MentionIndex
    memory: Memory
    sentence: Sentence
    triggers: list[tuple[int, int, str]]
    cues: list[tuple[int, int, str]]
    times: list[TimeMention]
    statement: Statement | None
    parse: ParseRoles | None  # the statistical mode's parse, for actors and places


class EventFinder:
    def __init__(self, nlp: Language, sides: Sides, lang: LanguagePack):
        self.lang = lang
        self.sides = sides
        self.gazetteer = sides.gazetteer
        self.triggers: dict[str, Trigger] = {}
        self.trigger_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for line in lang.lines("event_triggers.tsv"):
            forms, kind, part, needs = line.split("\t")
            key = f"{kind}/{part}/{needs}"
            self.triggers[key] = Trigger(kind, part, needs)
            self.trigger_matcher.add(key, list(nlp.tokenizer.pipe(forms.split("|"))))
        self.cue_matcher = QuoteTolerantMatcher(nlp.vocab)
        self.cues: dict[str, tuple[str, str]] = {}
        for line in lang.lines("event_cues.tsv"):
            cue, meaning, where = line.split("\t")
            self.cues[cue] = (meaning, where)
            self.cue_matcher.add(cue, nlp.make_doc(cue))
        self.modality = EventModality(lang, sides, self.cues)
        self.prepositions = dict(line.split("\t") for line in lang.lines("place_prepositions.tsv"))
        self.place_verbs = dict(line.split("\t") for line in lang.lines("place_verbs.tsv"))
        self.force_nouns = set(lang.lines("force_nouns.txt"))
        self.force_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.force_matcher.add("force", list(nlp.tokenizer.pipe(sorted(self.force_nouns))))
        self.quantity = _quantity_pattern(lang, self.force_nouns)
        self.negations = lang.words("negations")
        self.structures = lang.words("structure_nouns")
        self.home_places = lang.words("home_places")
        self.compound_heads = lang.words("compound_heads")
        self.force_modifiers = lang.words("force_modifiers")
        self.party_pronouns = lang.words("party_pronouns")
        self.auxiliaries = lang.words("auxiliaries")
        self.governing = lang.words("prepositions")
        self.determiners = lang.words("determiners")
        self.nominal_before = self.determiners | lang.words("genitive")  # a verb form after
        self.anaphors = lang.words("anaphors")  # these is a noun or an adjective
        self.article = lang.word("definite_article")

    def __call__(self, doc: Doc) -> Doc:
        """The component: ``doc._.events``, the document's events in text order."""
        tokens, statements = doc._.tokens, doc._.statements
        index = MentionIndex(tokens, doc._.mentions, doc._.entities, self.lang)
        triggers = ByPosition(longest_matches(self.trigger_matcher, doc, ties=True),
                              lambda m: m[0])
        cues = ByPosition(longest_matches(self.cue_matcher, doc), lambda m: m[0])
        times_at = ByPosition(doc._.times, lambda t: t.start)
        statements_at = ByPosition(statements, lambda s: s.start)
        force_at = {start: tokens.span(start, end).lower()
                    for start, end, _ in longest_matches(self.force_matcher, doc)}
        memory = Memory(force_at=force_at)
        parse = ParseRoles(doc, index, self.lang, self.gazetteer.demonym, self.prepositions,
                           self.place_verbs) if ParseRoles.available(doc) else None
        for sentence in doc._.sentences:
            bounds = sentence_tokens(doc, sentence)
            if bounds is None or sentence.text.rstrip()[-1:] not in SENTENCE_ENDS:
                continue  # a question asserts nothing; a heading is not a report
            statement = statements_at.last_before(sentence.start)
            if statement is not None and statement.end <= sentence.start:
                statement = None
            scope = Scope(tokens, doc._.document, index, memory, sentence,
                          triggers.within(*bounds), cues.within(*bounds),
                          times_at.within(sentence.start, sentence.end), statement, parse)
            self._read_sentence(scope, bounds)
        memory.events = [e for e in memory.events if not _told_elsewhere(e, memory)]
        for number, event in enumerate(memory.events, 1):
            event.id = f"e{number}"
        self.modality.own_claims(statements, memory.events)
        code_concessions(statements, memory.events)
        doc._.events = memory.events
        return doc

    def _read_sentence(self, scope: Scope, bounds: tuple[int, int]) -> None:
        """The events of the sentence's clauses, into memory: one per clause, and one more
        for each event word the parse shows to stand apart from it."""
        tokens, memory = scope.tokens, scope.memory
        previous: Event | None = None
        deferred = []  # an embedded relative clause's event follows the main clause's
        for clause in split_clauses(tokens, *bounds, self.lang):
            events = self._clause_events(scope, clause, previous)
            if not events:
                continue
            previous = events[-1]
            embedded = clause.relative and clause.end < bounds[1] and (
                tokens.text[clause.end] == ",")
            if embedded:
                deferred.extend(events)
            else:
                memory.events.extend(events)
                memory.events.extend(deferred)
                deferred = []
        memory.events.extend(deferred)

    def _clause_events(self, scope: Scope, clause: Clause, previous: Event | None) -> list[Event]:
        """The clause's event: its decisive or first event word that has what it needs,
        else the event of the clause before repeated ("...; in 2004, Bulgaria"); with the
        events of the words that stand apart from it, in text order."""
        tokens, statement = scope.tokens, scope.statement
        in_clause = scope.index.within(clause.start, clause.end)
        force, own_force = self._clause_force(scope, clause, in_clause)
        here = [(start, end, key) for start, end, key in scope.triggers
                if clause.start <= start < clause.end]
        possession = self._possession(tokens, clause)
        if not here and possession is None:
            return _listed(self._gapped(scope, clause, in_clause, previous))
        quantity = self._quantity(tokens, clause)
        candidates = self._candidates(scope, clause, in_clause, here, (force, own_force),
                                      quantity)
        if possession is not None:
            candidates.append(possession)
        if statement is not None and statement.kind == "warning":
            # what a source warns of has not happened: only a threatened action is kept
            candidates = [c for c in candidates if c[2].part == "verb"]
        if not candidates:
            return _listed(self._gapped(scope, clause, in_clause, previous))
        candidates.sort(key=lambda c: (
            not _decisive(tokens, clause, c[0], c[2], self.negations), c[2].part != "verb",
            c[0]))
        chosen = candidates[0]
        apart = [c for c in candidates[1:] if scope.parse and scope.parse.apart(c[0], chosen[0])]
        events = []
        for candidate in sorted([chosen, *_one_reading(apart)], key=lambda c: c[0]):
            if self._demanded(scope, clause, candidate[0]):
                continue  # "calling on Serbia to withdraw": a call is a statement, no event
            own = candidate is chosen  # the clause's forces and numbers are its chosen event's
            event = self._event(scope, clause, in_clause, candidate, force if own else None,
                                quantity if own else None)
            if not own:
                scope.memory.referred.append(event)
            events.append(event)
        return events

    def _demanded(self, scope: Scope, clause: Clause, trigger_start: int) -> bool:
        """Whether a cue of demand stands in the clause before the event word."""
        return any(self.cues[cue][0] == "demanded" and clause.start <= start < trigger_start
                   for start, _, cue in scope.cues)

    def _clause_force(self, scope: Scope, clause: Clause,
                      in_clause) -> tuple[Force | None, Force | None]:
        """The forces the clause speaks of, and those it names itself (not borrowed from a
        relative clause's antecedent or the sentence's earlier subject); remembered as the
        subject for the clauses after."""
        tokens, index, memory = scope.tokens, scope.index, scope.memory
        force = own_force = self._force(tokens, clause, in_clause, memory)
        if clause.relative and force is None:  # "battle groups, which have existed in Poland"
            before = Clause(max(clause.start - 8, 0), clause.start)
            force = self._force(tokens, before, index.within(before.start, before.end), memory)
        if force is None and memory.subject and (
                tokens.start[clause.start] > scope.sentence.start) and (
                self._opens_with_verb(tokens, clause, scope.triggers)):
            force = Force(memory.subject.name, True, memory.subject.unit)  # "X, who ..., landed at"
        if force is not None and force.name.split()[-1] not in self.structures:
            memory.subject = force  # a structure is not what "they", "their guns" point to
        return force, own_force

    def _candidates(self, scope: Scope, clause: Clause, in_clause, here, forces,
                    quantity: str | None) -> list[tuple[int, int, Trigger]]:
        """The clause's event words that have what they need (``forces``: the clause's
        forces and its own)."""
        tokens, index = scope.tokens, scope.index
        force, own_force = forces
        named = (any(m.kind in ACTOR_KINDS | PLACE_KINDS for _, _, m in in_clause)
                 or self._demonym_actor(tokens, clause) is not None
                 or self._role_actor(tokens, clause, clause.end, index) is not None)
        anchored = named or quantity is not None or any(clause_char(tokens, clause, t)
                                                        for t in scope.times)
        works = not self.structures.isdisjoint(tokens.lower[clause.start:clause.end])
        candidates = []
        for start, end, key in here:
            trigger = self.triggers[key]
            if trigger.part == "verb" and (start > clause.start and (
                    tokens.lower[start - 1] in self.nominal_before) or (
                    scope.parse and scope.parse.noun(end - 1))):
                trigger = Trigger(trigger.kind, "noun", trigger.needs)  # "the invade", "of mass"
            if trigger.part == "noun" and end < clause.end and (
                    tokens.lower[end] in self.compound_heads):
                continue  # "a deployment area": the noun qualifies another
            near = Clause(max(clause.start, start - FORCE_REACH),
                          min(clause.end, end + FORCE_REACH))
            near_force = force if own_force is None or own_force.anaphoric else self._force(
                tokens, near, index.within(near.start, near.end), scope.memory)
            parties = sum(1 for s, _, m in in_clause
                          if s < start and m.kind in ACTOR_KINDS | PLACE_KINDS)
            people = near_force is None and self._people_subject(tokens, clause, start)
            back = self._where_back(tokens, clause, start, end)
            met = {"any", "force" if near_force or people else "", "party" if named else "",
                   "works" if works else "", "parties" if parties >= 2 else "",
                   back if back == "built" or near_force or people else ""}
            if trigger.needs in met and (trigger.part != "noun" or anchored):
                candidates.append((start, end, trigger))
        built = {c[:2] for c in candidates if c[2].needs == "built"}  # a post that is back
        return [c for c in candidates if c[2].needs == "built" or c[:2] not in built]

    def _where_back(self, tokens: Tokens, clause: Clause, start: int, end: int) -> str:
        """The need a subject that "is back" meets: "built" where it is a structure ("the post
        destroyed in June is back"), "home" where forces are back at their bases, "away"
        where they are back at some other place (a presence); the nearest structure or force
        noun before the event word is the subject."""
        for i in range(start - 1, clause.start - 1, -1):
            if tokens.lower[i] in self.structures:
                return "built"
            if tokens.lower[i] in self.force_nouns:
                break
        if not self.home_places.isdisjoint(tokens.lower[end:min(end + HOME_REACH, clause.end)]):
            return "home"
        return "away" if end < clause.end and tokens.lower[end] in self.prepositions else ""

    def _event(self, scope: Scope, clause: Clause, in_clause, chosen: tuple[int, int, Trigger],
               force: Force | None, quantity: str | None) -> Event:
        """The event an event word names, with its roles, time and modality."""
        tokens, index, sentence = scope.tokens, scope.index, scope.sentence
        statement = scope.statement
        start, end, trigger = chosen
        event = Event(id="", doc_id=scope.document.id, start=sentence.start, end=sentence.end,
                      text=sentence.text, kind=trigger.kind)
        event.subject = force.name if force else None
        if statement is not None and not _reported_in(statement, tokens, start, sentence, index):
            statement = None  # "NATO countries increased their troops, and Biden announced ..."
        event.actor = self._event_actor(scope, clause, in_clause, chosen, force, statement)
        event.quantity = quantity
        for role, place in scope.parse.places(start, event.kind in MOVEMENT_KINDS, range(
                clause.start, clause.end)) if scope.parse else []:
            _give_role(event, role, place)
        self._places(tokens, event, in_clause, index, (start, end), clause)
        if clause.relative and event.location is None and event.kind in OBJECT_PLACE_KINDS:
            antecedent = [m for _, _, m in index.within(max(clause.start - 6, 0), clause.start)
                          if m.kind in PLACE_KINDS]  # "the Crimean peninsula, which Russia annexed"
            event.location = index.entity(antecedent[-1]).name if antecedent else None
        if event.location is None and event.kind in MOVEMENT_KINDS:
            event.location = self._scene(scope, clause)
        event.time = self._time(tokens, clause, scope.times, start)
        self.modality.read(event, (tokens, clause, start), scope.document, scope.cues,
                           statement)
        if statement is not None and statement.kind == "warning" and event.modality == "observed":
            event.modality = "hypothetical"
        self._follow(event, scope.memory)
        _code(event)
        return event

    def _event_actor(self, scope: Scope, clause: Clause, in_clause, chosen,
                     force: Force | None, statement: Statement | None) -> str | None:
        """Who acts: the named party before the event word (not the speaker reporting it),
        else the forces' unit, a party after an event noun, or the forces themselves."""
        tokens, index = scope.tokens, scope.index
        start, end, trigger = chosen
        speaker = statement.speaker_id if statement is not None else None
        parties = [item for item in in_clause if item[2].entity_id != speaker]
        actor = scope.parse.actor(start) if scope.parse else None
        if actor is None and trigger.part == "noun":
            actor = self._genitive_actor(tokens, clause, parties, end, index)
        actor = actor or self._actor(tokens, clause, parties, start, index) or (
            force.unit if force else None)
        built = force is not None and force.name.split()[-1] in self.structures  # acts never
        if actor is None and force is not None and (force.anaphoric or built) and not (
                self.party_pronouns.isdisjoint(tokens.lower[clause.start:start])):
            actor = scope.memory.actor  # "they moved back their guns": the party last acting
        if actor is None and trigger.part == "noun":  # "a build-up that allows Russia"
            after = [m for s, _, m in parties if s >= end and m.kind in ACTOR_KINDS
                     and tokens.lower[s - 1] not in self.prepositions]
            actor = index.entity(after[0]).name if after else None
        if actor is not None and (force is None or actor != force.name):
            scope.memory.actor = actor
        if actor is None and force is not None and trigger.part == "verb" and not built:
            actor = force.name  # no party named: the forces act ("two brigades left")
        return actor

    def _genitive_actor(self, tokens: Tokens, clause: Clause, parties, noun_end: int,
                        index: MentionIndex) -> str | None:
        """"the deployment of Serbian forces", "the withdrawal of China's troops": the
        party right after the event noun's "of"."""
        if noun_end >= clause.end or tokens.lower[noun_end] not in self.lang.words("genitive"):
            return None
        first = noun_end + 1
        while first < clause.end and tokens.lower[first] in self.determiners:
            first += 1
        named = [m for s, _, m in parties if s == first and m.kind in ACTOR_KINDS
                 and m.relation != "demonym"]
        if named:
            return index.entity(named[0]).name
        return self._demonym_actor(tokens, Clause(first, min(clause.end, first + 2)))

    def _force(self, tokens: Tokens, clause: Clause, in_clause, memory: Memory) -> Force | None:
        """The forces a clause speaks of: a unit or equipment mention, a force noun, or
        "they", "these tanks", "their gear" pointing back to the last subject."""
        last = memory.subject
        for start, _, mention in in_clause:
            if mention.kind in FORCE_KINDS:
                before = tokens.lower[start - 1] if start > clause.start else ""
                if before in self.anaphors and last:
                    return Force(last.name, True, last.unit)
                unit = mention.text if mention.kind == "unit" else None
                return Force(mention.text, False, unit)
        for i in range(clause.start, clause.end):
            word = memory.force_at.get(i)
            if word is not None:
                before = tokens.lower[i - 1] if i > clause.start else ""
                if before in self.anaphors and last:
                    if last.unit and last.name == last.unit and word in self.lang.words(
                            "gear_nouns"):
                        return Force(f"{last.unit} {word}", True, last.unit)
                    return Force(last.name, True, last.unit)
                if before == self.article and last and last.unit and (
                        word in self.lang.words("unit_echoes") or last.unit.lower().endswith(word)):
                    return Force(last.unit, True, last.unit)
                return Force(word)
        pronouns = self.lang.words("unit_pronouns" if last and last.unit == last.name
                                   else "force_pronouns")
        if last and any(tokens.lower[i] in pronouns  # "it" only for a unit ("the brigade ... it")
                        for i in range(clause.start, min(clause.end, clause.start + 8))):
            return Force(last.name, True, last.unit)
        return None

    def _opens_with_verb(self, tokens: Tokens, clause: Clause, triggers) -> bool:
        """A clause that opens with an event verb ("and then moved", "landed at") has the
        sentence's earlier subject as its own."""
        first = clause.start
        continuers = self.lang.words("clause_continuers") | {","}
        adverb_endings = self.lang.word_list("adverb_endings")
        while first < clause.end and (tokens.lower[first] in continuers
                                      or tokens.lower[first].endswith(adverb_endings)):
            first += 1
        return any(start == first and self.triggers[key].part == "verb"
                   for start, _, key in triggers)

    def _possession(self, tokens: Tokens, clause: Clause):
        """"Russia had tens of thousands of troops in ...": a force held somewhere."""
        possession_verbs = self.lang.words("possession_verbs")
        for i in range(clause.start, clause.end):
            if tokens.lower[i] in possession_verbs:
                window = tokens.span(i + 1, min(i + 8, clause.end))
                if window and self.quantity.match(window):
                    return i, i + 1, Trigger("build_up", "verb", "force")
        return None

    def _demonym_actor(self, tokens: Tokens, clause: Clause, trigger_start: int | None = None,
                       ahead: bool = True) -> str | None:
        """"the Russians", "Russian troops", "the Chinese", "a Serbian military build-up":
        the state a demonym names, nearest before the event word and not governed by a
        preposition ("in pictures released by the Freedonian army, Ruritanian tanks ... pulled back"), else
        after it (``ahead``)."""
        if trigger_start is None:
            order = list(range(clause.start, clause.end))
        else:
            before = [i for i in range(trigger_start - 1, clause.start - 1, -1)
                      if not self._governed(tokens, clause, i)]
            order = before + list(range(trigger_start, clause.end) if ahead else [])
        for i in order:
            place = self._demonym_at(tokens, clause, i, trigger_start)
            if place is not None:
                return place
        return None

    def _people_subject(self, tokens: Tokens, clause: Clause, trigger_start: int) -> bool:
        """Whether a people named by its demonym alone is the subject right before the
        event word ("the Chinese moved back", "the Russians did pull out"): its forces."""
        i = trigger_start - 1
        if i > clause.start and tokens.lower[i] in self.auxiliaries:
            i -= 1
        if i <= clause.start or tokens.lower[i - 1] != self.article:
            return False
        return self._demonym_at(tokens, clause, i, trigger_start) is not None

    def _demonym_at(self, tokens: Tokens, clause: Clause, i: int,
                    trigger_start: int | None) -> str | None:
        word = tokens.text[i]
        if not (word[:1].isupper() and word.isalpha()):
            return None
        ending = self.lang.word("plural_endings")
        next_word = tokens.lower[i + 1] if i + 1 < clause.end else ""
        opens = i == clause.start or tokens.lower[i - 1] == self.article
        plural = word.endswith(ending) and opens
        if plural:
            place = self.gazetteer.demonym(word[:-len(ending)])
            if place is not None:
                return place.name
        before_trigger = trigger_start is not None and i < trigger_start
        qualifies = (next_word in self.force_nouns or next_word in self.force_modifiers
                     or (before_trigger and i + 1 == trigger_start)
                     or (before_trigger and opens and next_word in self.auxiliaries))
        place = self.gazetteer.demonym(word) if qualifies else None
        return place.name if place is not None else None

    def _governed(self, tokens: Tokens, clause: Clause, i: int) -> bool:
        """Whether a preposition governs the word at i ("by the Indian Army")."""
        before = i - 1
        while before > clause.start and tokens.lower[before] in self.determiners:
            before -= 1
        return before >= clause.start and tokens.lower[before] in self.governing

    def _actor(self, tokens, clause, in_clause, trigger_start, index: MentionIndex) -> str | None:
        """The first named party before the event word that no preposition governs (the
        subject, not "the security concerns of Poland"), else "the alliance" resolved,
        else a demonym ("Russian troops")."""
        def eligible(start, mention):
            return (mention.kind in ACTOR_KINDS and mention.relation != "demonym"
                    and not self._governed(tokens, clause, start))

        before = [(end, m) for start, end, m in in_clause
                  if start < trigger_start and eligible(start, m)]
        if before:  # a demonym nearer the event word is its subject ("X said Serbian units crossed")
            nearer = self._demonym_actor(tokens, Clause(before[-1][0], clause.end), trigger_start,
                                         ahead=False)
            return nearer or index.entity(before[-1][1]).name
        return (self._demonym_actor(tokens, clause, trigger_start, ahead=False)
                or self._role_actor(tokens, clause, trigger_start, index)
                or self._demonym_actor(tokens, clause, trigger_start))

    @staticmethod
    def _role_actor(tokens, clause, trigger_start, index: MentionIndex) -> str | None:
        """"the (military) alliance revoked ...": the party a role noun points back to."""
        for i in range(clause.start + 1, trigger_start):
            entity = index.role_noun_at(tokens, i, {"organisation", "state", "person"})
            if entity is not None:
                return entity.name
        return None

    def _quantity(self, tokens: Tokens, clause: Clause) -> str | None:
        found = self.quantity.search(tokens.span(clause.start, clause.end))
        return found.group(0) if found else None

    def _places(self, tokens, event: Event, in_clause, index, trigger, clause) -> None:
        """Origin, destination, via and location from the prepositions before places; the
        place an annexation or recognition acts on is its location."""
        trigger_start, trigger_end = trigger
        after_first = sorted(in_clause, key=lambda item: (item[0] < trigger_start, item[0]))
        for start, _, mention in after_first:
            if mention.kind not in PLACE_KINDS:
                continue
            role = self._role(tokens, start, clause, trigger_end,
                              reach=7 if start >= trigger_start else 3)
            if role == "object":
                role = "location" if event.kind in OBJECT_PLACE_KINDS else None
            elif role == BOUND:
                role = "destination" if event.kind in MOVEMENT_KINDS else None
            if role is None or (start < trigger_start and not self._fronted_location(
                    tokens, role, start, trigger_start, clause)):
                continue
            entity = index.entity(mention)  # as written, as in the document's list of places
            name = entity.name if entity.kind == "state" or mention.relation else mention.text
            _give_role(event, role, name)
        if event.kind in MOVEMENT_KINDS:
            self._generic_places(tokens, event, clause, trigger_start)

    def _generic_places(self, tokens: Tokens, event: Event, clause: Clause,
                        trigger_start: int) -> None:
        """Where no place is named, a common noun of place after a word of direction is
        the origin or destination ("returning to their garrisons", "approaching its
        border", "withdrew from the border with X")."""
        generic = self.lang.words("generic_places")
        for i in range(trigger_start, clause.end - 1):
            word = tokens.lower[i]
            pair = f"{tokens.lower[i - 1]} {word}"
            role = (self.place_verbs.get(word) or self.prepositions.get(pair)
                    or self.prepositions.get(word))  # "100 km from the border": a distance
            if role not in ("origin", "destination") or getattr(event, role) is not None:
                continue
            first = i + 1
            while first < clause.end and tokens.lower[first] in self.determiners:
                first += 1
            for head in range(first, min(first + 3, clause.end)):
                if tokens.lower[head] in generic:
                    setattr(event, role, tokens.span(first, head + 1))
                    break
                if not tokens.text[head].isalpha() or tokens.lower[head] in self.governing:
                    break

    def _scene(self, scope: Scope, clause: Clause) -> str | None:
        """The place a sentence opens with before a comma ("At the lake, which is ..., the
        troops moved back"): where a move told in a later clause of it happens."""
        tokens, index = scope.tokens, scope.index
        first = bisect_left(tokens.start, scope.sentence.start)
        if first >= clause.start or self.prepositions.get(tokens.lower[first]) != "location":
            return None
        for start, end, mention in index.within(first + 1, min(first + 4, clause.start)):
            if mention.kind in PLACE_KINDS and end < clause.start and tokens.text[end] == ",":
                entity = index.entity(mention)
                return entity.name if entity.kind == "state" or mention.relation else mention.text
        return None

    @staticmethod
    def _fronted_location(tokens, role, place_start, trigger_start, clause) -> bool:
        """A place before the event word is its location only in the same stretch of words
        ("troops massed in Belarus ...") or opening the clause ("In Belarus, troops ...")."""
        if role != "location":
            return False
        opening = place_start - clause.start <= 3
        return opening or all(tokens.text[i] != "," for i in range(place_start, trigger_start))

    @staticmethod
    def _follow(event: Event, memory: Memory) -> None:
        """A subject moves on from where it was last placed: that place is the origin.
        Only a move that happened places it; a planned one does not."""
        if event.subject is None:
            return
        if event.kind in MOVEMENT_KINDS and event.origin is None:
            event.origin = memory.last_place.get(event.subject)
        place = event.destination or event.location
        if place is not None and not event.negated and event.modality not in UNREAL:
            memory.last_place[event.subject] = place

    def _role(self, tokens: Tokens, place_start: int, clause: Clause, trigger_end: int,
              reach: int) -> str | None:
        """The role the preposition before a place gives it, looking past "the", adjectives
        and coordination ("in Slovakia and Hungary"); "object" where the event word
        itself comes first ("annexed Crimea", "recognize the republics of Donetsk")."""
        i, limit = place_start - 1, max(clause.start, place_start - reach)
        lang = self.lang
        while i >= limit:
            word = tokens.lower[i]
            if word in self.place_verbs and tokens.lower[i + 1] not in lang.words("genitive"):
                return self.place_verbs[word]  # "left Kursk", but not "within reach of Kyiv"
            if i == trigger_end - 1:
                return "object"
            pair = f"{tokens.lower[i - 1]} {word}" if i > clause.start else ""
            if pair in self.prepositions:
                role = self.prepositions[pair]
            elif word in self.prepositions:
                role = self.prepositions[word]
            elif word in lang.words("bound_prepositions"):
                role = BOUND
            elif word == "," and reach <= 3:
                return None  # "In 1999, Poland joined": the year is the opening's, not Poland's
            elif word.isalpha() or word in (",", "-") or tokens.text[i][:1].isdigit():
                i -= 1  # "the three Baltic states", "the self-proclaimed republics of"
                continue
            else:
                return None
            if role == "distance":
                return None
            if role == "location" and word in lang.words("location_prepositions"):
                for j in range(i - 1, max(clause.start, i - 4) - 1, -1):
                    if (tokens.lower[j] in lang.words("direction_prepositions")
                            and tokens.lower[j - 1] not in lang.words("quantity_particles")):
                        return "destination"  # "returned to their bases in Siberia"
                    if self.place_verbs.get(tokens.lower[j]) in ("origin", "destination"):
                        return self.place_verbs[tokens.lower[j]]  # "leaving its garrison at Kursk"
                    if tokens.text[j] == ",":
                        break
            return role
        return None

    def _time(self, tokens, clause, times, trigger_start) -> TimeInterval:
        """The time expression of the clause nearest the event word."""
        trigger_char = tokens.start[trigger_start]
        pool = [t for t in times if clause_char(tokens, clause, t)]
        if not pool:
            return TimeInterval()
        nearest = min(pool, key=lambda t: abs(t.start - trigger_char))
        return nearest.interval if nearest.relation != "until" else TimeInterval(
            end=nearest.interval.end or nearest.interval.start)

    @staticmethod
    def _gapped(scope: Scope, clause, in_clause, previous: Event | None) -> Event | None:
        """"...; in 2004, Bulgaria, Estonia and Latvia": a clause without its verb repeats
        the event of the clause before, with its own time and names."""
        tokens, sentence, times = scope.tokens, scope.sentence, scope.times
        document = scope.document
        if previous is None:
            return None
        own_times = [t for t in times if clause_char(tokens, clause, t)]
        named = [m for _, _, m in in_clause if m.kind in PLACE_KINDS | ACTOR_KINDS]
        if not own_times or not named:
            return None
        event = Event(id="", doc_id=document.id, start=sentence.start, end=sentence.end,
                      text=sentence.text, kind=previous.kind, modality=previous.modality,
                      plover=previous.plover, plover_mode=previous.plover_mode,
                      cameo=previous.cameo,
                      asserted_by=previous.asserted_by, statement_id=previous.statement_id)
        event.time = own_times[0].interval
        actors = [m for m in named if m.kind in ACTOR_KINDS]
        event.actor = scope.index.entity(actors[0]).name if actors else None
        if event.modality == "observed" and historical(event.time, clause, tokens, document):
            event.modality = "historical"
        return event


def _reported_in(statement: Statement, tokens: Tokens, trigger: int, sentence: Sentence,
                 index: MentionIndex) -> bool:
    """Whether an event word belongs to what the statement reports: it stands in a
    quotation, or after the speaker where the sentence names the speaker."""
    if quote_open(sentence.text[:tokens.start[trigger] - sentence.start]):
        return True
    first, last = bisect_left(tokens.start, sentence.start), bisect_left(tokens.start, sentence.end)
    named = [start for start, _, m in index.within(first, last)
             if m.entity_id == statement.speaker_id]
    return not named or named[0] < trigger


def _told_elsewhere(event: Event, memory: Memory) -> bool:
    """Whether an earlier event a sentence refers to ("comes after the attack on the police
    on 24 September") is one the document tells as an event of its own elsewhere: same
    kind, same date."""
    return any(event is referred for referred in memory.referred) and any(
        other is not event and other.kind == event.kind and event.time.start is not None
        and other.time.start == event.time.start for other in memory.events)


def _listed(event: Event | None) -> list[Event]:
    return [] if event is None else [event]


def _one_reading(candidates: list[tuple[int, int, Trigger]]) -> list[tuple[int, int, Trigger]]:
    """One candidate per event word, the first of its readings ("attack": verb or noun)."""
    seen: set[int] = set()
    return [c for c in candidates if not (c[0] in seen or seen.add(c[0]))]


def _give_role(event: Event, role: str, place: str) -> None:
    """A place takes one role in an event, the first it is given; a role its first place."""
    if place in (event.origin, event.destination, event.location, *event.via):
        return
    if role == "via":
        event.via.append(place)
    elif getattr(event, role) is None:
        setattr(event, role, place)


def _code(event: Event) -> None:
    """The event's PLOVER type and mode and CAMEO root, as the registry codes its kind."""
    kind = vocabulary().event_kinds.get(event.kind)
    if kind is not None:
        event.plover, event.plover_mode, event.cameo = (kind.plover_type, kind.plover_mode,
                                                        kind.cameo_root)


def _quantity_pattern(lang: LanguagePack, force_nouns: set[str]) -> re.Pattern:
    """A count of forces: "about 100,000 troops", "tens of thousands of additional soldiers";
    a word may stand between the count and the force noun ("Russian troops")."""
    def words(word_class: str) -> str:
        return "|".join(re.escape(w) for w in lang.word_list(word_class))

    nouns = "|".join(re.escape(w) for w in sorted(force_nouns, key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?:{words('quantity_approximators')})\s+)?"
        rf"(?:{words('quantity_amounts')}|\d[\d,.]*(?:\s+(?:{words('digit_multipliers')}))?|"
        rf"(?:{words('quantity_numbers')})(?:\s+(?:{words('number_multipliers')}))?)"
        rf"(?:\s+(?:{words('genitive')}))?(?:\s+[a-z-]+)?\s+(?:{nouns})\b", re.IGNORECASE)


def _decisive(tokens: Tokens, clause: Clause, start: int, trigger: Trigger,
              negations: frozenset[str]) -> bool:
    """A decisive verb names the clause's event unless it is negated: in "moved west to
    Elnya and never returned" the move is the event."""
    before = {tokens.lower[i] for i in range(max(clause.start, start - 2), start)}
    return trigger.part == "verb" and trigger.kind in DECISIVE_KINDS and not before & negations


def clause_char(tokens: Tokens, clause: Clause, time: TimeMention) -> bool:
    """Whether a time expression starts inside the clause."""
    end = tokens.start[clause.end - 1] + len(tokens.text[clause.end - 1])
    return tokens.start[clause.start] <= time.start < end
