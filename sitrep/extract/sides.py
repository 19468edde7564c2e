"""Sides: the state or alliance a party speaks or acts for.

Analysis compares who claims with who acts ("the Russian Ministry of Defense" and
"the Russians" are one side; "Stoltenberg" speaks for NATO), so every statement
gets a ``speaker_side`` and every event an ``actor_side`` at extraction time: an
ISO 3166-1 alpha-2 code, or the name of an alliance or international body.
"""

from __future__ import annotations

import re

from sitrep.geo.gazetteer import Gazetteer
from sitrep.model import Entity, Event, Statement

# Organisation types that are a side of their own rather than a body of one state.
BLOC_TYPES = {"alliance", "international body"}


class Sides:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def assign_speakers(self, statements: list[Statement], entities: list[Entity]) -> None:
        """Set each statement's ``speaker_side``: its organisation's (a person's state or
        alliance), else its own."""
        by_name = {entity.name: entity for entity in entities}
        for s in statements:
            s.speaker_side = (self.of(s.speaker_org, by_name) or self.of(s.speaker, by_name)
                              or self._qualifier(s.speaker, s.text))

    def assign_actors(self, events: list[Event], entities: list[Entity]) -> None:
        """Set each event's ``actor_side``."""
        by_name = {entity.name: entity for entity in entities}
        for event in events:
            event.actor_side = self.of(event.actor, by_name)

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
        countries = [p for p in self.gazetteer.candidates(name) if p.kind == "country"]
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
