"""Doc -> place names, resolved against the gazetteer in the document's context.

Recognition proposes runs of capitalised tokens (with "of", "de", hyphens inside)
and keeps the longest run the gazetteer knows, falling back to a transliteration-
blind lookup for single names. A capitalised word English usually writes in lower
case ("Mobile", "Reading", "Nice") only counts with a locative cue before it ("in
Nice"), never at the start of a sentence. Resolution waits until every name of
the document is seen, so that the countries it mentions and the places it has
already settled can decide the ambiguous ones. A small namesake on another continent
than the document's theatre is refused rather than guessed; a word of a person's name
is no place; a feature the gazetteer lacks but the text marks ("X Lake", "Point 14",
"the village of X") is placed at the place named nearest to it, with a note saying so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Token

from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.names import name_key
from sitrep.geo.resolve import Context, choose
from sitrep.lang import LanguagePack

MAX_NAME_TOKENS = 6
DATELINE_MARKS = {",", "-", "\u2013", "\u2014", "("}  # after an all-caps town opening a report


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

KNOWN_ABROAD = 100_000  # people: a city that reports from another continent may name


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer, lang: LanguagePack):
        self.gazetteer = gazetteer
        self.lang = lang
        self.not_places = load_not_places(lang)
        self.stop_words = lang.stop_words()
        self.connectors = lang.words("place_connectors") | {"-"}
        self.title_words = {name_key(line.split()[-1]) for line in lang.lines("titles.txt")}
        # the words that give a place its role in an event: "from Spur 4", "at Gate 2"
        self.prepositions = {line.split("\t")[0] for line in lang.lines("place_prepositions.tsv")}

    def find(self, tokens: Tokens, taken: set[int], countries: Counter[str],
             region: set[str] = frozenset(),
             people: frozenset[str] = frozenset()) -> list[FoundPlace]:
        """Places among the tokens not ``taken``; ``countries`` the document names (how
        often), ``people`` the words of the names of the people it names (never places)."""
        capitalised = [_capitalised(word) for word in tokens.text]
        named = Counter(countries) + self._demonym_countries(tokens, capitalised)
        context = Context(countries=set(named), region=set(region))
        proposals = []
        for start, end, candidates, by_skeleton in self._propose(tokens, capitalised, taken):
            if by_skeleton:  # transliteration variants only count where the text is set
                candidates = [c for c in candidates
                              if c.country in context.countries | context.region]
            if candidates and not self._personal(tokens, start, end, candidates, people):
                proposals.append((start, end, candidates))
        context.settle([(tokens.span(start, end), candidates)
                        for start, end, candidates in proposals])
        theatre = self._theatre(context, named)
        found = []
        for start, end, candidates in proposals:
            candidates = [c for c in candidates if self._in_theatre(c, theatre)]
            surface = tokens.span(start, end)
            qualifier = self._qualifier(tokens, end)
            place = choose(candidates, surface, context, qualifier)
            if place is None:
                continue
            context.add_anchor(place)
            found.append(FoundPlace(start, end, place, self._relation(tokens, start, end)))
        found.extend(self._demonyms(tokens, capitalised, taken))
        found.extend(self._features(tokens, capitalised, taken, found, people,
                                    context.countries))
        return sorted(found, key=lambda f: f.start)

    def _features(self, tokens: Tokens, capitalised: list[bool], taken: set[int],
                  found: list[FoundPlace], people: frozenset[str],
                  countries: set[str]) -> list[FoundPlace]:
        """Names the gazetteer lacks but the text marks as a place ("Pangong Lake",
        "Lake Urmia", "Point 14", "the village of Banjska"), each placed at the place
        named nearest to it in the text: a frontier feature lies by the places around it."""
        covered = set(taken).union(*(range(f.start, f.end) for f in found))
        local = [f for f in found if f.place.kind != "country" and not f.place.capital]
        states = self._states(tokens, taken, countries)
        features = []
        for start, end in self._feature_spans(tokens, capitalised, covered):
            words = tokens.text[start:end]
            if (words[0].lower() in self.stop_words or name_key(words[0]) in self.not_places
                    or name_key(words[0]) in people or self._is_demonym(words[0])):
                continue
            near = (self._named_after(tokens, end, local + states) or _nearest(start, local)
                    or _nearest(start, states))
            if near is None:
                continue
            name = tokens.span(start, end)
            place = Place(0, None, name, "area", near.country, None, near.lat, near.lon, 0,
                          "text", note=f"not in the gazetteer: placed at {near.name}")
            features.append(FoundPlace(start, end, place, self._relation(tokens, start, end)))
            covered.update(range(start, end))
        # a region is no list's anchor: its point is only its middle, and a village
        # listed with it may lie anywhere in it
        for anchor in [f for f in local if f.place.kind != "region"] + features:
            for start, end in self._listed_with(tokens, capitalised, covered, anchor, people):
                place = Place(0, None, tokens.span(start, end), "area", anchor.place.country,
                              None, anchor.place.lat, anchor.place.lon, 0, "text",
                              note=f"not in the gazetteer: listed with {anchor.place.name}")
                features.append(FoundPlace(start, end, place, self._relation(tokens, start, end)))
                covered.update(range(start, end))
        return features

    def _named_after(self, tokens: Tokens, end: int, places: list[FoundPlace]) -> Place | None:
        """The place that holds a feature named just before it ("Banjska in northern
        Kosovo")."""
        words, i = self.lang.words, end
        if i >= len(tokens) or tokens.lower[i] not in words("location_prepositions"):
            return None
        i += 1
        while i < len(tokens) and tokens.lower[i] in words("place_parts") | words("articles"):
            i += 1
        return next((f.place for f in places if f.start == i), None)

    def _listed_with(self, tokens: Tokens, capitalised: list[bool], covered: set[int],
                     anchor: FoundPlace, people: frozenset[str]):
        """(start, end) of the names listed with a place ("at Koyul, Fukche and Galwan"):
        the members of a list of names one of which is a place are places too. The list
        runs both ways from the place, name by name, and stops at anything else."""
        separators = {","} | self.lang.words("list_words")
        for step in (-1, 1):
            i = anchor.start - 1 if step < 0 else anchor.end
            while 0 <= i < len(tokens) and tokens.lower[i] in separators:
                while 0 <= i < len(tokens) and tokens.lower[i] in separators:
                    i += step  # past ", and"
                end = i
                while 0 <= end < len(tokens) and capitalised[end] and end not in covered \
                        and abs(end - i) < 3:
                    end += step
                if end == i:
                    break
                start, end = (end + 1, i + 1) if step < 0 else (i, end)
                if not self._may_be_listed_place(tokens, start, end, people):
                    break
                yield start, end
                i = start - 1 if step < 0 else end

    def _may_be_listed_place(self, tokens: Tokens, start: int, end: int,
                             people: frozenset[str]) -> bool:
        words = tokens.text[start:end]
        return not any(name_key(w) in self.not_places or name_key(w) in people
                       or self._is_demonym(w) or self.gazetteer.is_common_word(w)
                       for w in words)

    def _states(self, tokens: Tokens, taken: set[int], countries: set[str]) -> list[FoundPlace]:
        """Where the text names the states of ``countries`` (found before the places)."""
        states = []
        for start in sorted(taken):
            for end in range(start + 1, min(start + 4, len(tokens)) + 1):
                for place in self.gazetteer.countries_named(tokens.span(start, end)):
                    if place.country in countries:
                        states.append(FoundPlace(start, end, place))
        return states

    def _feature_spans(self, tokens: Tokens, capitalised: list[bool], covered: set[int]):
        """(start, end) of each capitalised run that a feature word or a settlement noun
        makes a place name."""
        words, lower, count = self.lang.words, tokens.lower, len(tokens)
        i = 0
        while i < count:
            end = i
            while end < count and end - i < MAX_NAME_TOKENS and capitalised[end] and (
                    end not in covered):
                end += 1
            if end == i:
                i += 1
                continue
            numbered = end < count and tokens.text[end][:1].isdigit()
            if numbered and (lower[end - 1] in words("numbered_features") or (
                    end - i == 1 and i > 0 and lower[i - 1] in self.prepositions
                    and lower[i] not in words("unnumbered_words"))):
                end += 1  # "Point 14"; any word and its number where a place is due: "from Spur 4"
            head, first = lower[end - 1], lower[i]
            settled = (i >= 2 and lower[i - 1] == "of" and lower[i - 2] in words("settlement_nouns")
                       or end < count and lower[end] in words("settlement_nouns")
                       or after_distance(tokens, i, self.lang))
            if (end - i >= 2 and (head in words("feature_heads") or first in words("feature_prefixes")
                                  or tokens.text[end - 1][:1].isdigit())) or (
                    settled and end - i == 1 and not self.gazetteer.is_common_word(tokens.text[i])):
                yield i, end
            i = end

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
        known = any(c.kind == "country" or c.source == "curated" for c in candidates)
        if text.isupper() and not known and (
                len(text) <= 3 or end >= len(tokens) or tokens.text[end] not in DATELINE_MARKS):
            return False  # abbreviations and shouted names: not places, but for "KYIV, ..."
        if end - start > 1 or known:
            return True
        if tokens.lower[start] in self.stop_words:
            return False
        if self.gazetteer.is_common_word(text):
            token = tokens.doc[start]
            return (not token.is_sent_start and start > 0
                    and tokens.lower[start - 1] in self.lang.words("locative_cues")
                    and not _in_headline(token))
        return True

    def _theatre(self, context: Context, named: Counter[str]) -> set[str | None]:
        """The continents the document is about: those of the places it names by their
        own names without ambiguity (capitals aside: they stand for states) in the countries
        it names (if it names any: "Supreme" is no town in a report on Kosovo), else those of the
        countries it names often (a third as often as the most named at least: a report on
        Ladakh that names the US once is not about America); with the case's countries' in
        both."""
        continent = self.gazetteer.continent
        region = {continent(code) for code in context.region}
        local = {continent(a.country) for a in context.firm
                 if a.kind != "country" and not a.capital and a.country
                 and (a.country in named or not named)}
        if local:
            return local | region
        most = max(named.values(), default=0)
        return region | {continent(code) for code, count in named.items() if 3 * count >= most}

    def _in_theatre(self, place: Place, theatre: set[str | None]) -> bool:
        """False for a small namesake on another continent than every country the
        document (or the case) is about: "Hot Springs" in a report on Ladakh is not in
        Arkansas. Countries, capitals and cities known abroad may be named from anywhere
        ("talks in Geneva" in a report on the Caucasus)."""
        return (not theatre or place.kind == "country" or place.capital
                or place.population >= KNOWN_ABROAD or place.country is None
                or self.gazetteer.continent(place.country) in theatre)

    def _demonym_countries(self, tokens: Tokens, capitalised: list[bool]) -> Counter[str]:
        """The countries the document names by their adjective ("Chinese troops"), how often."""
        found = Counter()
        for i, word in enumerate(tokens.text):
            if capitalised[i] and len(word) > 3:
                country = self.gazetteer.demonym(word)
                if country is not None and country.kind == "country":
                    found[country.country] += 1
        return found

    def _personal(self, tokens: Tokens, start: int, end: int, candidates: list[Place],
                  people: frozenset[str]) -> bool:
        """Whether a one-word name is part of a person's name: a word of the name of a
        person the document names ("Kurti" said), a surname after a first name or a title
        ("Larry O'Connor", "Colonel Zhang"), the tail of a double-barrelled name, or a
        word that only a variant spelling makes a place, before another capitalised word
        ("Dhan Singh")."""
        if end - start != 1 or any(c.kind == "country" or c.source == "curated"
                                   for c in candidates):
            return False
        text, lower = tokens.text, tokens.lower
        if name_key(text[start]) in people:
            return True
        if start > 0 and _capitalised(text[start - 1]) and (
                lower[start - 1] in self.title_words
                or (lower[start - 1] not in self.stop_words
                    and self.gazetteer.is_first_name(text[start - 1]))):
            return True
        if start > 1 and text[start - 1] == "-" and _capitalised(text[start - 2]):
            return True
        key = name_key(text[start])
        return (end < len(tokens) and _capitalised(text[end])
                and name_key(text[end]) not in self.not_places
                and lower[end] not in self.lang.words("feature_heads")
                and not any(name_key(c.name) == key for c in candidates))

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


def after_distance(tokens: Tokens, start: int, lang: LanguagePack) -> bool:
    """ "60 km from X", "north of X": what a distance or direction is measured from."""
    return (start >= 2 and tokens.lower[start - 1] in lang.words("relation_prepositions")
            and (tokens.lower[start - 2] in lang.words("distance_units")
                 or tokens.lower[start - 2] in lang.words("compass_directions")))


def _nearest(start: int, found: list[FoundPlace]) -> Place | None:
    """The place named nearest to token ``start``."""
    return min(found, key=lambda f: abs(f.start - start)).place if found else None
