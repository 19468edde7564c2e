"""Sides: the state or alliance a party speaks or acts for.

Analysis compares who claims with who acts ("the Russian Ministry of Defense" and
"the Russians" are one side; "Stoltenberg" speaks for NATO), so every statement
gets a ``speaker_side`` and every event an ``actor_side`` at extraction time: an
ISO 3166-1 alpha-2 code, or the name of an alliance or international body.

A side comes from the text first (``TextSides``: "Serbian President X", "X, Kosovo's
prime minister", "India's Ministry of External Affairs"; a capital stands for its state:
"Beijing said"), else from the case's knowledge pack, else it stays unknown.
"""

from __future__ import annotations

import re

from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer
from sitrep.lang import LanguagePack
from sitrep.model import Entity, Event, Mention, Statement, words

# Organisation types that are a side of their own rather than a body of one state.
BLOC_TYPES = {"alliance", "international body"}
PARTIES = ("person", "organisation")  # the kinds that get a side from the text
MAX_OFFICE_WORDS = 6  # "foreign ministry 's spokesman": words between a state and a name

Span = tuple[int, int, str, str | None]  # token start, token end, entity id, relation


class Sides:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def assign_speakers(self, statements: list[Statement], entities: list[Entity]) -> None:
        """Set each statement's ``speaker_side``: its organisation's (a person's state or
        alliance), else its own."""
        by_name = {entity.name: entity for entity in entities}
        for s in statements:
            entity = by_name.get(s.speaker)
            described = entity is None or entity.kind != "person"
            s.speaker_side = (self.of(s.speaker_org, by_name) or self.of(s.speaker, by_name)
                              or (self._within(s.speaker) if described else None)
                              or self._qualifier(s.speaker, s.text))

    def _within(self, name: str | None) -> str | None:
        """The side a state or demonym inside a described source or a body's name gives it:
        "a senior Serbian official", "a senior US official", "the Foreign Ministry of Serbia".
        Not for a person's name, whose words may be a country's ("Jordan")."""
        for word in (name or "").split()[1:]:
            side = self.of(re.sub(r"['’]s$", "", word)) if word[:1].isupper() else None
            if side:
                return side
        return None

    def assign_actors(self, events: list[Event], entities: list[Entity]) -> None:
        """Set each event's ``actor_side``."""
        by_name = {entity.name: entity for entity in entities}
        for event in events:
            event.actor_side = self.of(event.actor, by_name)

    def assign_parties(self, events: list[Event], mentions: list[Mention],
                       entities: list[Entity], joint: frozenset[str]) -> None:
        """Set ``parties`` on each event whose sentence makes it a joint act (a phrase of
        ``joint``: "both sides agreed to disengage"): the sides its sentence names where
        it names two or more ("talks between X and Y, at which the two sides agreed ...":
        the actor read, X or Y, is one of them); for an event of no known actor side,
        else the document's sides where it names exactly two. Where neither holds, the
        parties stay unknown: no side is guessed."""
        joint_events = [e for e in events if _holds(e.text, joint)]
        if not joint_events:
            return
        by_id = {entity.id: entity for entity in entities}
        by_name = {entity.name: entity for entity in entities}
        named = [(m.start, self._party_side(by_id.get(m.entity_id or ""), by_name))
                 for m in mentions]
        named = [(start, side) for start, side in named if side]
        in_document = sorted({side for _, side in named})
        for event in joint_events:
            in_sentence = sorted({side for start, side in named
                                  if event.start <= start < event.end})
            if len(in_sentence) >= 2 and event.actor_side in (None, *in_sentence):
                event.parties = in_sentence
            elif event.actor_side is None and len(in_document) == 2:
                event.parties = in_document

    def _party_side(self, entity: Entity | None, by_name: dict[str, Entity]) -> str | None:
        """The side of a named party (a state, a body, a person): not of a place."""
        if entity is None or entity.kind not in PARTIES + ("state",):
            return None
        return self.of(entity.name, by_name)

    def of(self, name: str | None, by_name: dict[str, Entity] | None = None) -> str | None:
        """The side of a name: a state code, an alliance, or the state of its leading
        demonym ("Russian Ministry of Defense" -> RU)."""
        if not name:
            return None
        if len(name) == 2 and name.isupper():
            return name
        entity = (by_name or {}).get(name)
        if entity is not None:
            side = self._entity_side(entity, by_name or {})
            if side:
                return side
        words = name.split()
        place = self.gazetteer.demonym(words[0]) if words[0][:1].isupper() else None
        if place is not None:
            return place.country
        places = self.gazetteer.candidates(name)
        countries = [p for p in places if p.kind == "country"] or [p for p in places if p.capital]
        return countries[0].country if countries else None

    def _qualifier(self, name: str | None, text: str) -> str | None:
        """The state named just before a speaker's head word in its sentence: "the Russian
        Foreign and Defense Minister" for "Defense Ministry", "Ukraine's defence ministry"."""
        if not name:
            return None
        head = name.split()[0]
        found = re.search(r"((?:\S+\s+){1,3})" + re.escape(head), text, re.IGNORECASE)
        if found is None:
            return None
        for word in reversed(found.group(1).split()):
            word = re.sub(r"['’]s$", "", word)
            if word[:1].isupper():
                side = self.of(word)
                if side:
                    return side
        return None

    def _entity_side(self, entity: Entity, by_name: dict[str, Entity]) -> str | None:
        attributes = entity.attributes
        if attributes.get("side"):
            return attributes["side"]
        if entity.kind == "state":
            return attributes.get("country")
        if entity.kind == "organisation":
            if attributes.get("type") in BLOC_TYPES:
                return entity.name
            return attributes.get("country")
        if entity.kind == "person":
            organisation = attributes.get("organisation")
            if organisation and organisation != entity.name:
                return self.of(organisation, by_name)
        return None


class TextSides:
    """The side the text gives a person or an organisation where it is named: a state
    or bloc just before it across words of an office ("the Serbian President X",
    "Chinese foreign ministry's spokesman X"), in an apposition after it ("X, Kosovo's
    prime minister"), or after "of" ("the Ministry of Foreign Affairs of X"). Set as the
    entity's ``side`` attribute, so every later mention of the same party carries it."""

    def __init__(self, gazetteer: Gazetteer, lang: LanguagePack, titles: list[str]):
        self.gazetteer = gazetteer
        self.office = (lang.words("role_words") | lang.words("office_words")
                       | lang.words("possessive_endings") | {head.lower() for head in
                                                             lang.lines("org_heads.txt")}
                       | {word.lower().rstrip(".") for title in titles for word in title.split()})
        self.possessives = lang.words("possessive_endings")
        self.articles = lang.words("articles")
        self.genitive = lang.word("genitive")

    def assign(self, tokens: Tokens, spans: list[Span], entities: dict[str, Entity]) -> None:
        """Set ``side`` on the people and organisations the text places. Each mention is
        read in text order (a body's side passes to the person named just after it); an
        entity takes a side only where its mentions agree: "Armenia's Defence Ministry"
        and "Azerbaijan's Defence Ministry" are one name and no side."""
        spans = sorted(spans)
        ends = {span[1]: span for span in spans}
        starts = {span[0]: span for span in spans}
        here: dict[int, str] = {}  # mention start -> the side the text gives it there
        found: dict[str, set[str]] = {}
        for start, end, key, _ in spans:
            entity = entities[key]
            if entity.kind not in PARTIES:
                continue
            leading = self._leading(tokens, start) if entity.kind == "organisation" else None
            side = (leading or self._before(tokens, start, ends, entities, here)
                    or self._apposition(tokens, end, starts, entities)
                    or self._of(tokens, end, starts, entities))
            if side and side != entity.name:
                here[start] = side
                found.setdefault(key, set()).add(side)
        for key, sides in found.items():
            if len(sides) == 1:
                entities[key].attributes["side"] = sides.pop()

    def _before(self, tokens: Tokens, start: int, ends: dict[int, Span],
                entities: dict[str, Entity], here: dict[int, str]) -> str | None:
        """A state or bloc named before ``start`` with only words of an office between."""
        i = start
        while i > 0 and start - i <= MAX_OFFICE_WORDS:
            if i in ends:
                span_start, _, key, _ = ends[i]
                side = here.get(span_start) or _side_of(entities[key])
                if side or entities[key].kind != "organisation":
                    return side
                i = span_start  # a body without a side: look before it
                continue
            if tokens.lower[i - 1].rstrip(".") not in self.office:
                return self._leading(tokens, i - 1)
            i -= 1
        return None

    def _apposition(self, tokens: Tokens, end: int, starts: dict[int, Span],
                    entities: dict[str, Entity]) -> str | None:
        """ "X, Kosovo's prime minister", "X, the Serbian president"."""
        if end >= len(tokens) or tokens.text[end] != ",":
            return None
        i = end + 1
        if i < len(tokens) and tokens.lower[i] in self.articles:
            i += 1
        if i not in starts:
            return None
        after = starts[i][1]
        if after < len(tokens) and tokens.lower[after] in self.possessives:
            after += 1
        words = tokens.lower[after:after + MAX_OFFICE_WORDS]
        if not words or words[0] not in self.office:
            return None
        return _side_of(entities[starts[i][2]])

    def _of(self, tokens: Tokens, end: int, starts: dict[int, Span],
            entities: dict[str, Entity]) -> str | None:
        """ "the Ministry of Defence of X", also past a short form: "... (MoD) of X"."""
        if end < len(tokens) and tokens.text[end] == "(" and ")" in tokens.text[end:end + 4]:
            end = tokens.text.index(")", end) + 1
        if end + 1 >= len(tokens) or tokens.lower[end] != self.genitive:
            return None
        i = end + 1
        if tokens.lower[i] in self.articles:
            i += 1
        return _side_of(entities[starts[i][2]]) if i in starts else None

    def _leading(self, tokens: Tokens, i: int) -> str | None:
        """The state of a demonym at ``i`` ("Serbian Army", "Chinese foreign ministry")."""
        word = tokens.text[i]
        place = self.gazetteer.demonym(word) if word[:1].isupper() else None
        return place.country if place is not None else None


def _holds(text: str, phrases: frozenset[str]) -> bool:
    """Whether the text's words hold one of the phrases (lower-case words)."""
    folded = f" {' '.join(words(text))} "
    return any(f" {phrase} " in folded for phrase in phrases)


def _side_of(entity: Entity) -> str | None:
    """The side a named state or bloc stands for, or a body's state by its lists."""
    if entity.kind == "state":
        return entity.attributes.get("country")
    if entity.kind != "organisation":
        return None
    if entity.attributes.get("type") in BLOC_TYPES:
        return entity.name
    return entity.attributes.get("country")
