"""Doc -> Mentions and Entities: states, organisations, units, equipment, people, places.

The finders run in order of how sure they are, and each later one only sees the
tokens the earlier ones left: known names from the vocabularies (states,
organisations), military units and equipment by pattern, people, and last the
gazetteer's places, which are resolved to coordinates in the document's context.
With the statistical model, the names it tags that none of these found come last
(``names.py``); a name that holds an organisation found only by its shape replaces it
("People's Liberation Army" for "Liberation Army"). People and organisations then
take the side the text gives them (``sides.py``).
"""

from __future__ import annotations

from collections import Counter

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from sitrep.extract.military import MilitaryFinder, MilitaryMention
from sitrep.extract.names import FoundName, NameFinder
from sitrep.extract.organisations import OrganisationFinder
from sitrep.extract.people import PersonFinder
from sitrep.extract.places import PlaceFinder
from sitrep.extract.sides import TextSides
from sitrep.extract.tokens import Tokens
from sitrep.extract.vocab import NamedThing
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.names import name_key
from sitrep.knowledge import Knowledge
from sitrep.lang import LanguagePack
from sitrep.model import Entity, Mention

Span = tuple[int, int, str]  # token start, token end, entity id


@dataclass(slots=True)
class _Found:
    """What the finders have found so far: the spans (token start, token end, entity id,
    relation) and the entities by id; each finder only takes tokens no span covers."""

    entities: dict[str, Entity] = field(default_factory=dict)
    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)

    def taken(self) -> set[int]:
        return _covered(self.spans)


def entity_id(kind: str, name: str) -> str:
    """A stable id from kind and canonical name, the same in every document."""
    return f"{kind}:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def place_entity(place: Place) -> Entity:
    """The entity of a gazetteer place, keyed by GeoNames id where it has one."""
    if place.kind == "country":
        key = entity_id("state", place.name)
    elif place.geonameid:
        key = f"place:gn{place.geonameid}"
    else:
        key = entity_id("place", f"{place.name} {place.country or ''}")
    attributes = {"country": place.country, "lat": place.lat, "lon": place.lon,
                  "place_kind": place.kind, "geonameid": place.geonameid}
    if place.note:
        attributes["note"] = place.note
    return Entity(id=key, kind="state" if place.kind == "country" else "place",
                  name=place.name, attributes=attributes)


class MentionFinder:
    def __init__(self, nlp: Language, known: list[NamedThing], titles: list[str],
                 gazetteer: Gazetteer, lang: LanguagePack, knowledge: Knowledge,
                 region: tuple[str, ...] = ()):
        self.known = {entity_id(t.kind, t.name): t for t in known}
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for key, thing in self.known.items():
            self.phrases.add(key, list(nlp.tokenizer.pipe(thing.forms)))
        self.gazetteer = gazetteer
        self.region = set(region)
        self.organisations = OrganisationFinder(lang)
        self.military = MilitaryFinder(nlp, lang, knowledge.equipment, knowledge.units)
        self.people = PersonFinder(nlp, gazetteer, titles, lang, knowledge.people)
        self.places = PlaceFinder(gazetteer, lang)
        self.names = NameFinder(gazetteer, lang, titles)
        self.sides = TextSides(gazetteer, lang, titles)

    def __call__(self, doc: Doc) -> Doc:
        """The component: ``doc._.mentions`` and ``doc._.entities`` from ``doc._.tokens``."""
        doc._.mentions, doc._.entities = self.find(doc._.tokens, doc._.document.id)
        return doc

    def find(self, tokens: Tokens, doc_id: str) -> tuple[list[Mention], list[Entity]]:
        """Mentions in text order, and the entities they resolve to (each once)."""
        found = _Found()
        military = self.military.find(tokens)
        countries, organisations = self._add_known(tokens, military, found)
        self._add_military(military, found)
        self._add_people(tokens, organisations, found)
        self._add_places(tokens, countries, found)
        self._add_names(tokens, found)
        self.sides.assign(tokens, found.spans, found.entities)
        mentions = []
        for start, end, key, relation in sorted(found.spans):
            text = tokens.span(start, end)
            first = tokens.start[start]
            mentions.append(Mention(doc_id, first, first + len(text), text,
                                    found.entities[key].kind, key, relation))
        return mentions, list(found.entities.values())

    def _add_known(self, tokens: Tokens, military: list[MilitaryMention],
                   found: _Found) -> tuple[Counter[str], dict[int, str]]:
        """States and organisations, by name or by shape; returns the countries named (how
        often) and
        the organisation's name at each of its tokens, which people's roles refer to."""
        known = [(s, e, self.phrases.vocab.strings[m]) for m, s, e in self.phrases(tokens.doc)]
        in_units = {i for m in military for i in range(m.start, m.end)}
        by_shape = {}
        for start, end, name in self.organisations.find(tokens):
            if not in_units.isdisjoint(range(start, end)):
                continue  # "41st Combined Arms Army" is a unit, found below
            key = entity_id("organisation", name)
            by_shape[key] = Entity(id=key, kind="organisation", name=name,
                                   attributes={"found_by": "pattern"})
            known.append((start, end, key))
        known += self._state_bodies(tokens, known, by_shape)
        countries, organisations = Counter(), {}
        entities = found.entities
        for start, end, key in _longest_first(known):
            if self._inside_longer_place(tokens, start, end):
                continue  # "America" in "Latin America": the place finder takes it whole
            entities.setdefault(key, self._known_entity(key) if key in self.known
                                else by_shape[key])
            if entities[key].kind == "state":
                countries[entities[key].attributes["country"]] += 1
            else:
                organisations.update({i: entities[key].name for i in range(start, end)})
            found.spans.append((start, end, key, None))
        return countries, organisations

    def _state_bodies(self, tokens: Tokens, known: list[tuple[int, int, str]],
                      by_shape: dict[str, Entity]) -> list[tuple[int, int, str]]:
        """Spans of bodies named after their state ("police" in "Kosovo police"), each an
        organisation of that state named by the whole phrase."""
        states = {end: (start, dict(self.known[key].attributes)["country"])
                  for start, end, key in known
                  if key in self.known and self.known[key].kind == "state"}

        def state_before(i: int) -> tuple[int, str] | None:
            if i in states:
                return states[i]
            word = tokens.text[i - 1] if i > 0 else ""
            country = self.gazetteer.demonym(word) if word[:1].isupper() else None
            return (i - 1, country.country) if country and country.kind == "country" else None

        spans = []
        for start, end, name, country in self.organisations.state_bodies(tokens, state_before):
            key = entity_id("organisation", name)
            by_shape[key] = Entity(id=key, kind="organisation", name=name,
                                   attributes={"found_by": "pattern", "country": country})
            spans.append((start, end, key))
        return spans

    @staticmethod
    def _add_military(military: list[MilitaryMention], found: _Found) -> None:
        """Units and equipment where no known name stands."""
        taken = found.taken()
        for unit in military:
            if taken.isdisjoint(range(unit.start, unit.end)):
                key = entity_id(unit.kind, unit.name)
                found.entities.setdefault(key, Entity(id=key, kind=unit.kind, name=unit.name,
                                                      attributes=dict(unit.attributes)))
                found.spans.append((unit.start, unit.end, key, None))

    def _add_people(self, tokens: Tokens, organisations: dict[int, str], found: _Found) -> None:
        for person in self.people.find(tokens, found.taken(), organisations):
            key = entity_id("person", person.name)
            entity = found.entities.setdefault(key, Entity(id=key, kind="person",
                                                           name=person.name))
            for attribute in ("role", "organisation"):
                if getattr(person, attribute) and attribute not in entity.attributes:
                    entity.attributes[attribute] = getattr(person, attribute)
            found.spans.append((person.start, person.end, key, None))

    def _add_places(self, tokens: Tokens, countries: Counter[str], found: _Found) -> None:
        """The gazetteer's places in what is left, resolved in the document's context."""
        people = frozenset(name_key(word) for entity in found.entities.values()
                           if entity.kind == "person" for word in entity.name.split())
        for place in self.places.find(tokens, found.taken(), countries, self.region, people):
            entity = place_entity(place.place)
            found.entities.setdefault(entity.id, entity)
            relation = "demonym" if place.demonym else place.relation
            found.spans.append((place.start, place.end, entity.id, relation))

    def _add_names(self, tokens: Tokens, found: _Found) -> None:
        """The model's names in what is left. A name may take in whole spans read by shape
        or from the gazetteer ("Kurti" in "Albin Kurti", "Kosovo" in "Kosovo Police"),
        never cut one in two nor take a name a list holds."""
        yielding = {span for span in found.spans if self._may_yield(span, found)}
        taken = _covered([span for span in found.spans if span not in yielding])
        for name in self.names.find(tokens, taken):
            overlapping = [span for span in found.spans
                           if span[0] < name.end and name.start < span[1]]
            inside = [(span[0], span[1]) for span in overlapping]
            if overlapping and (not self.names.may_take_in(tokens, name, inside) or any(
                    span[0] < name.start or span[1] > name.end for span in overlapping)):
                continue
            for span in overlapping:
                found.spans.remove(span)
            found.spans.append((name.start, name.end, self._name_entity(name, found), None))
        named = {span[2] for span in found.spans}
        for key in [key for key in found.entities if key not in named]:
            del found.entities[key]  # a place only named inside a name it yielded to

    @staticmethod
    def _may_yield(span: tuple[int, int, str, str | None], found: _Found) -> bool:
        entity = found.entities[span[2]]
        return entity.kind in ("state", "place") or entity.attributes.get("found_by") == "pattern"

    def _name_entity(self, name: FoundName, found: _Found) -> str:
        """The entity of a model's name: a person's surname is the person named in full."""
        if name.kind == "person" and " " not in name.name:
            for entity in found.entities.values():
                if entity.kind == "person" and entity.name.split()[-1] == name.name:
                    return entity.id
        key = entity_id(name.kind, name.name)
        found.entities.setdefault(key, Entity(id=key, kind=name.kind, name=name.name,
                                              attributes={"found_by": "model"}))
        return key

    def _inside_longer_place(self, tokens: Tokens, start: int, end: int) -> bool:
        for before in (1, 2):
            if start - before >= 0 and tokens.text[start - before][:1].isupper():
                if any(p.kind not in ("city", "country") for p in self.gazetteer.candidates(
                        tokens.span(start - before, end))):
                    return True
        return False

    def _known_entity(self, key: str) -> Entity:
        thing = self.known[key]
        attributes = dict(thing.attributes)
        if thing.kind == "state":
            country = self.gazetteer.country(attributes["country"])
            if country is not None:
                attributes |= {"lat": country.lat, "lon": country.lon,
                               "place_kind": "country", "geonameid": country.geonameid}
        return Entity(id=key, kind=thing.kind, name=thing.name, attributes=attributes)


def _covered(spans) -> set[int]:
    return {i for start, end, *_ in spans for i in range(start, end)}


def _longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans in text order, the longer winning where two overlap."""
    chosen, used = [], set()
    for start, end, key in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if used.isdisjoint(range(start, end)):
            chosen.append((start, end, key))
            used.update(range(start, end))
    return sorted(chosen)
