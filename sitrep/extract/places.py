"""Doc -> place names, resolved against the gazetteer in the document's context.

Recognition proposes runs of capitalised tokens (with "of", "de", hyphens inside)
and keeps the longest run the gazetteer knows, falling back to a transliteration-
blind lookup for single names. A capitalised word English usually writes in lower
case ("Mobile", "Reading", "Nice") only counts with a locative cue before it ("in
Nice"), never at the start of a sentence. Resolution waits until every name of
the document is seen, so that the countries it mentions and the places it has
already settled can decide the ambiguous ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from sitrep.data import data_lines
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.names import name_key
from sitrep.geo.resolve import Context, choose

MAX_NAME_TOKENS = 6
CONNECTORS = {"of", "de", "del", "la", "le", "upon", "on", "am", "an", "sur", "-", "and"}
LOCATIVE_CUES = {"in", "near", "at", "from", "to", "outside", "into", "across", "toward",
                 "towards", "around", "through", "via", "inside", "between"}
BORDER_NOUNS = {"border", "borders", "frontier", "territory", "soil", "side", "airspace",
                "waters", "coast", "coastline", "capital", "countryside"}
AREA_NOUNS = {"area", "areas", "region", "oblast", "district", "outskirts", "vicinity"}
# Lower-case words that may finish a curated name: "the Luhansk region", "Belbek air base".
NAME_TAILS = {"region", "oblast", "province", "district", "krai", "peninsula", "air", "base",
              "airfield", "airport", "training", "ground", "range", "naval", "strait", "sea",
              "river", "island", "plant", "power", "nuclear", "bridge"}
NEAR_WORDS = {"near", "outside", "around", "nearby", "close"}
DISTANCE_UNITS = {"km", "kilometers", "kilometres", "miles", "mi"}


@dataclass(slots=True)
class FoundPlace:
    """A place name in the Doc (token span) and what it resolved to."""

    start: int
    end: int
    place: Place | None
    relation: str | None = None
    demonym: bool = False


def load_not_places() -> set[str]:
    """Capitalised words that are never places on their own (months, weekdays...)."""
    return {name_key(line) for line in data_lines("not_places.txt")}


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.not_places = load_not_places()

    def find(self, doc: Doc, taken: set[int], countries: set[str],
             region: set[str] = frozenset()) -> list[FoundPlace]:
        """Places among the tokens not ``taken``; ``countries`` the document names."""
        context = Context(countries=set(countries), region=set(region))
        proposals = []
        for start, end, candidates, by_skeleton in self._propose(doc, taken):
            if by_skeleton:  # transliteration variants only count where the text is set
                candidates = [c for c in candidates
                              if c.country in context.countries | context.region]
            if candidates:
                proposals.append((start, end, candidates))
        context.settle([candidates for _, _, candidates in proposals])
        found = []
        for start, end, candidates in proposals:
            surface = doc[start:end].text
            qualifier = self._qualifier(doc, end)
            place = choose(candidates, surface, context, qualifier)
            if place is None:
                continue
            if place not in context.anchors:
                context.anchors.append(place)
            found.append(FoundPlace(start, end, place, _relation(doc, start, end)))
        found.extend(self._demonyms(doc, taken))
        return sorted(found, key=lambda f: f.start)

    def _propose(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, list[Place]]]:
        proposals, i = [], 0
        while i < len(doc):
            if i in taken or not _capitalised(doc[i]):
                i += 1
                continue
            match = self._longest_name(doc, i, taken)
            if match is None:
                i += 1
                continue
            end, candidates, by_skeleton = match
            if self._plausible(doc, i, end, candidates):
                proposals.append((i, end, candidates, by_skeleton))
            i = end
        return proposals

    def _longest_name(self, doc: Doc, start: int, taken: set[int]):
        limit = start
        while (limit < len(doc) and limit - start < MAX_NAME_TOKENS and limit not in taken
               and (_capitalised(doc[limit]) or doc[limit].lower_ in CONNECTORS)):
            limit += 1
        tails = limit
        while tails < len(doc) and tails - limit < 3 and doc[tails].lower_ in NAME_TAILS:
            tails += 1
        for end in range(tails, start, -1):
            if end <= limit and not _capitalised(doc[end - 1]):
                continue
            text = doc[start:end].text
            candidates = self.gazetteer.candidates(text)
            if candidates:
                return end, candidates, False
            if (end - start == 1 and len(text) >= 4 and text.lower() not in STOP_WORDS
                    and not self.gazetteer.is_common_word(text)):
                candidates = self.gazetteer.by_skeleton(text)  # only towns of some size
                if candidates:
                    return end, candidates, True
        return None

    def _plausible(self, doc: Doc, start: int, end: int, candidates: list[Place]) -> bool:
        """Reject capitalised ordinary words and names of the calendar."""
        text = doc[start:end].text
        if name_key(text) in self.not_places or self._is_demonym(text):
            return False
        if end - start > 1 or any(c.kind == "country" or c.source == "curated"
                                  for c in candidates):
            return True
        token = doc[start]
        if token.lower_ in STOP_WORDS:
            return False
        if token.is_upper and len(token) <= 3 and not any(c.kind == "country" for c in candidates):
            return False  # abbreviations are organisations far more often than towns
        if self.gazetteer.is_common_word(text):
            previous = doc[start - 1] if start > 0 else None
            return (not token.is_sent_start and previous is not None
                    and previous.lower_ in LOCATIVE_CUES and not _in_headline(token))
        return True

    def _is_demonym(self, word: str) -> bool:
        """ "Russian", "Russians": peoples, not places (see ``_demonyms`` for the exception)."""
        return (self.gazetteer.demonym(word) is not None
                or (word.endswith("s") and self.gazetteer.demonym(word[:-1]) is not None))

    def _qualifier(self, doc: Doc, end: int) -> Place | None:
        """The state or country in "Portland, Oregon" / "Klintsy, Russia"."""
        if end + 1 >= len(doc) or doc[end].text != ",":
            return None
        for stop in range(min(len(doc), end + 4), end + 1, -1):
            for place in self.gazetteer.candidates(doc[end + 1:stop].text):
                if place.kind == "country" or place.source == "us state":
                    return place
        return None

    def _demonyms(self, doc: Doc, taken: set[int]) -> list[FoundPlace]:
        """ "the Belarusian border": the adjective names the state itself."""
        found = []
        for token in doc[:-1]:
            if (token.i not in taken and _capitalised(token)
                    and doc[token.i + 1].lower_ in BORDER_NOUNS):
                country = self.gazetteer.demonym(token.text)
                if country is not None:
                    found.append(FoundPlace(token.i, token.i + 1, country, demonym=True))
        return found


def _capitalised(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _in_headline(token: Token) -> bool:
    """True in Title Case Lines, where capitals say nothing about names."""
    words = [t for t in token.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) > 0.6 * len(words)


def _relation(doc: Doc, start: int, end: int) -> str | None:
    """How the text places something relative to this name, if it says."""
    after = doc[end].lower_ if end < len(doc) else ""
    if after in AREA_NOUNS:
        return "area"
    if start > 0 and doc[start - 1].lower_ in NEAR_WORDS:
        return "near"
    if start < 2 or doc[start - 1].lower_ not in {"of", "from"}:
        return None
    first = start - 1  # walk back over "north-east", then "300 kilometers"
    while first > 0 and (_is_direction(doc[first - 1].lower_) or doc[first - 1].text == "-"):
        first -= 1
    if first == start - 1:
        return None
    if first >= 2 and doc[first - 1].lower_ in DISTANCE_UNITS and doc[first - 2].like_num:
        first -= 2
    return doc[first:start].text


def _is_direction(word: str) -> bool:
    return word in {"north", "south", "east", "west", "northeast", "northwest", "southeast",
                    "southwest"}
