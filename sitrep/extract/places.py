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

from spacy.tokens import Token

from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.names import name_key
from sitrep.geo.resolve import Context, choose
from sitrep.lang import LanguagePack

MAX_NAME_TOKENS = 6


@dataclass(slots=True)
class FoundPlace:
    """A place name in the Doc (token span) and what it resolved to."""

    start: int
    end: int
    place: Place | None
    relation: str | None = None
    demonym: bool = False


def load_not_places(lang: LanguagePack) -> set[str]:
    """Capitalised words that are never places on their own (months, weekdays...)."""
    return {name_key(line) for line in lang.lines("not_places.txt")}


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer, lang: LanguagePack):
        self.gazetteer = gazetteer
        self.lang = lang
        self.not_places = load_not_places(lang)
        self.stop_words = lang.stop_words()
        self.connectors = lang.words("place_connectors") | {"-"}

    def find(self, tokens: Tokens, taken: set[int], countries: set[str],
             region: set[str] = frozenset()) -> list[FoundPlace]:
        """Places among the tokens not ``taken``; ``countries`` the document names."""
        capitalised = [_capitalised(word) for word in tokens.text]
        context = Context(countries=set(countries), region=set(region))
        proposals = []
        for start, end, candidates, by_skeleton in self._propose(tokens, capitalised, taken):
            if by_skeleton:  # transliteration variants only count where the text is set
                candidates = [c for c in candidates
                              if c.country in context.countries | context.region]
            if candidates:
                proposals.append((start, end, candidates))
        context.settle([candidates for _, _, candidates in proposals])
        found = []
        for start, end, candidates in proposals:
            surface = tokens.span(start, end)
            qualifier = self._qualifier(tokens, end)
            place = choose(candidates, surface, context, qualifier)
            if place is None:
                continue
            context.add_anchor(place)
            found.append(FoundPlace(start, end, place, self._relation(tokens, start, end)))
        found.extend(self._demonyms(tokens, capitalised, taken))
        return sorted(found, key=lambda f: f.start)

    def _propose(self, tokens: Tokens, capitalised: list[bool], taken: set[int]):
        """(start, end, candidates, found by skeleton) of each name the gazetteer knows."""
        proposals, i, count = [], 0, len(tokens)
        while i < count:
            if i in taken or not capitalised[i]:
                i += 1
                continue
            match = self._longest_name(tokens, capitalised, i, taken)
            if match is None:
                i += 1
                continue
            end, candidates, by_skeleton = match
            if self._plausible(tokens, i, end, candidates):
                proposals.append((i, end, candidates, by_skeleton))
            i = end
        return proposals

    def _longest_name(self, tokens: Tokens, capitalised: list[bool], start: int,
                      taken: set[int]):
        lower, count = tokens.lower, len(tokens)
        limit = start
        while (limit < count and limit - start < MAX_NAME_TOKENS and limit not in taken
               and (capitalised[limit] or lower[limit] in self.connectors)):
            limit += 1
        tails = limit
        name_tails = self.lang.words("name_tails")
        while tails < count and tails - limit < 3 and lower[tails] in name_tails:
            tails += 1
        for end in range(tails, start, -1):
            if end <= limit and not capitalised[end - 1]:
                continue
            text = tokens.span(start, end)
            candidates = self.gazetteer.candidates(text)
            if candidates:
                return end, candidates, False
            if (end - start == 1 and len(text) >= 4 and text.lower() not in self.stop_words
                    and not self.gazetteer.is_common_word(text)):
                candidates = self.gazetteer.by_skeleton(text)  # only towns of some size
                if candidates:
                    return end, candidates, True
        return None

    def _plausible(self, tokens: Tokens, start: int, end: int, candidates: list[Place]) -> bool:
        """Reject capitalised ordinary words and names of the calendar."""
        text = tokens.span(start, end)
        if name_key(text) in self.not_places or self._is_demonym(text):
            return False
        if end - start > 1 or any(c.kind == "country" or c.source == "curated"
                                  for c in candidates):
            return True
        if tokens.lower[start] in self.stop_words:
            return False
        if text.isupper() and len(text) <= 3 and not any(c.kind == "country" for c in candidates):
            return False  # abbreviations are organisations far more often than towns
        if self.gazetteer.is_common_word(text):
            token = tokens.doc[start]
            return (not token.is_sent_start and start > 0
                    and tokens.lower[start - 1] in self.lang.words("locative_cues")
                    and not _in_headline(token))
        return True

    def _is_demonym(self, word: str) -> bool:
        """ "Russian", "Russians": peoples, not places (see ``_demonyms`` for the exception)."""
        ending = self.lang.word("plural_endings")
        return (self.gazetteer.demonym(word) is not None
                or (word.endswith(ending) and self.gazetteer.demonym(word[:-len(ending)])
                    is not None))

    def _qualifier(self, tokens: Tokens, end: int) -> Place | None:
        """The state or country in "Portland, Oregon" / "Klintsy, Russia"."""
        if end + 1 >= len(tokens) or tokens.text[end] != ",":
            return None
        for stop in range(min(len(tokens), end + 4), end + 1, -1):
            for place in self.gazetteer.candidates(tokens.span(end + 1, stop)):
                if place.kind == "country" or place.source == "us state":
                    return place
        return None

    def _demonyms(self, tokens: Tokens, capitalised: list[bool],
                  taken: set[int]) -> list[FoundPlace]:
        """ "the Belarusian border": the adjective names the state itself."""
        found, border_nouns = [], self.lang.words("border_nouns")
        for i in range(len(tokens) - 1):
            if tokens.lower[i + 1] in border_nouns and i not in taken and capitalised[i]:
                country = self.gazetteer.demonym(tokens.text[i])
                if country is not None:
                    found.append(FoundPlace(i, i + 1, country, demonym=True))
        return found

    def _relation(self, tokens: Tokens, start: int, end: int) -> str | None:
        """How the text places something relative to this name, if it says."""
        lower, words = tokens.lower, self.lang.words
        after = lower[end] if end < len(tokens) else ""
        if after in words("area_nouns"):
            return "area"
        if start > 0 and lower[start - 1] in words("near_words"):
            return "near"
        if start < 2 or lower[start - 1] not in words("relation_prepositions"):
            return None
        first = start - 1  # walk back over "north-east", then "300 kilometers"
        directions = words("compass_directions")
        while first > 0 and (lower[first - 1] in directions or tokens.text[first - 1] == "-"):
            first -= 1
        if first == start - 1:
            return None
        if (first >= 2 and lower[first - 1] in words("distance_units")
                and tokens.doc[first - 2].like_num):
            first -= 2
        return tokens.span(first, start)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def _in_headline(token: Token) -> bool:
    """True in Title Case Lines, where capitals say nothing about names."""
    words = [t for t in token.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) > 0.6 * len(words)
