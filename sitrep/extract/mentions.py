"""Doc -> Mentions and Entities: states, organisations and titled people.

Thin for now: names come from vocabularies (pycountry and the data files) and
from "Title Firstname Lastname" patterns. The gazetteer of places, units and
equipment come with the mentions issue.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from sitrep.extract.vocab import NamedThing
from sitrep.model import Entity, Mention

MAX_NAME_TOKENS = 3
# Capitalised words that follow a title without being a name ("Minister of Defence").
NOT_NAMES = {
    "Ministry", "Ministers", "Department", "Office", "Council", "Committee", "Forces", "Army",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Of", "The", "I",
}


def entity_id(kind: str, name: str) -> str:
    """A stable id from kind and canonical name, the same in every document."""
    return f"{kind}:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class MentionFinder:
    """Finds known names with a PhraseMatcher and titled people with a Matcher."""

    def __init__(self, nlp: Language, known: list[NamedThing], titles: list[str]):
        self.known = {entity_id(t.kind, t.name): t for t in known}
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for key, thing in self.known.items():
            self.phrases.add(key, list(nlp.tokenizer.pipe(thing.forms)))
        self.people = Matcher(nlp.vocab)
        title_words = sorted({w for title in titles for w in title.split()})
        self.people.add("person", [[
            {"ORTH": {"IN": title_words}},
            {"IS_TITLE": True, "IS_SENT_START": False, "ORTH": {"NOT_IN": sorted(NOT_NAMES)},
             "OP": "+"},
        ]], greedy="LONGEST")
        self.title_words = set(title_words) | NOT_NAMES

    def find(self, doc: Doc, doc_id: str) -> tuple[list[Mention], list[Entity]]:
        """Mentions in text order, and the entities they resolve to (each once)."""
        spans = []
        for match_id, start, end in self.phrases(doc):
            key = doc.vocab.strings[match_id]
            spans.append((start, end, key))
        taken = _covered(spans)
        for _, start, end in self.people(doc):
            name_start = start + 1
            while name_start < end and doc[name_start].text in self.title_words:
                name_start += 1
            end = min(end, name_start + MAX_NAME_TOKENS)
            if name_start < end and not taken & set(range(name_start, end)):
                name = doc[name_start:end].text
                spans.append((name_start, end, entity_id("person", name)))
        mentions, entities = [], {}
        for start, end, key in _longest_first(spans):
            span = doc[start:end]
            thing = self.known.get(key)
            kind = thing.kind if thing else "person"
            entities.setdefault(key, Entity(
                id=key, kind=kind, name=thing.name if thing else span.text,
                attributes=dict(thing.attributes) if thing else {}))
            mentions.append(Mention(doc_id, span.start_char, span.end_char, span.text,
                                    kind, key))
        return mentions, list(entities.values())


def _covered(spans: list[tuple[int, int, str]]) -> set[int]:
    return {i for start, end, _ in spans for i in range(start, end)}


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans in text order, the longer winning where two overlap."""
    chosen, used = [], set()
    for start, end, key in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if used.isdisjoint(range(start, end)):
            chosen.append((start, end, key))
            used.update(range(start, end))
    return sorted(chosen)
