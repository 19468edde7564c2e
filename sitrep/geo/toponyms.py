"""Resolve toponyms someone else found (a corpus's gold spans) in the context of the text.

Each span is resolved in the context the rest of the text gives: the countries it
names, the places that have one reading only, the state or country after a comma, and
the other names' readings. A given span is a place by someone's word, so one the
gazetteer does not know (a street, a hospital, a stadium) is still placed: at a known
place named inside it ("Voronezh Arena") or at the nearest place the text names around
it, the town it most likely stands in. The geoparsing benchmark (``bench/geoparse_eval.py``)
pairs this with the extraction pipeline, which finds the spans.
"""

from __future__ import annotations

from sitrep.geo.distance import haversine_km
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.names import name_key
from sitrep.geo.resolve import Context, choose, inside, score
from sitrep.lang import DEFAULT, LanguagePack

WIDER_KINDS = ("country", "region")  # what may qualify a name after a comma
INNER_MAX_KM = 500  # a place named inside a span must lie this near the town the text names by it


class ToponymResolver:
    """Places given spans of a text, each read beside the others."""

    def __init__(self, gazetteer: Gazetteer, lang: LanguagePack | None = None):
        self.gazetteer = gazetteer
        # words that only say which part of a place, never a place alone
        self.place_parts = (lang or LanguagePack.load(DEFAULT)).words("place_parts")

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Place | None]:
        """One answer per span: the best reading given the whole text; for a name the
        gazetteer does not know, a place named inside it or the nearest place around it;
        None only when the text resolves nothing at all."""
        names = [text[start:end] for start, end in spans]
        candidates = [self._candidates(name) for name in names]
        context = Context()
        context.settle(list(zip(names, candidates)))
        # Transliteration variants only count in the countries the text names, as in the pipeline.
        candidates = [found or [p for p in self._variants(name) if p.country in context.countries]
                      for name, found in zip(names, candidates)]
        qualifiers = _qualify(text, spans, names, candidates, context)
        first = [choose(found, name, context, qualifier, strict=False)
                 for name, found, qualifier in zip(names, candidates, qualifiers)]
        readings = list(zip(names, first))
        answers = [_among_namesakes(name, found, reading, qualifier, context, readings)
                   for name, found, reading, qualifier in zip(names, candidates, first, qualifiers)]
        known = [(start, place) for (start, _), place in zip(spans, answers) if place is not None]
        for i, ((start, _), name) in enumerate(zip(spans, names)):
            if answers[i] is None:
                around = _nearest(start, known)
                answers[i] = self._inner_place(name, context, around) or around
        return answers

    def _candidates(self, name: str) -> list[Place]:
        """A given span in capitals may also be a region's ISO code ("BC", "WA")."""
        demonym = self.gazetteer.demonym(name)
        if demonym is not None:
            return [demonym]
        return self.gazetteer.candidates(name) + self.gazetteer.by_abbreviation(name)

    def _variants(self, name: str) -> list[Place]:
        """Towns of some size whose name is a transliteration of a one-word ``name``."""
        return [p for p in self.gazetteer.by_skeleton(name)
                if " " not in name and p.population >= 5000]

    def _inner_place(self, name: str, context: Context, around: Place | None) -> Place | None:
        """A plausible place named by some of the span's words, longest first ("Kursk
        State University" -> Kursk), that agrees with the town the text names around the
        span: "Odessa Street" in Klintsy is not in Odesa, 700 km away. (A region or a
        country around the span is too wide to check against.) A state inside the span
        needs no such agreement: "the Bank of Japan" and "US Federal Reserve" are where
        they say, whatever town the text names beside them."""
        for words in _inner_phrases(name):
            if len(words) == 1 and not _is_abbreviation(words[0]) and (
                    len(words[0]) < 3 or words[0].casefold() in self.place_parts
                    or self.gazetteer.is_common_word(words[0])):
                continue
            phrase = " ".join(words)
            place = choose(self._candidates(phrase), phrase, context)
            if place is not None and (around is None or around.kind != "city"
                                      or place.kind == "country" or haversine_km(
                                          place.lat, place.lon, around.lat, around.lon) <= INNER_MAX_KM):
                return place
        return None


def _qualify(text: str, spans: list[tuple[int, int]], names: list[str],
             candidates: list[list[Place]], context: Context) -> list[Place | None]:
    """The qualifier of each span, if any: in "Tacoma, Washington" the second name is
    read as the state or country that holds a reading of the first (its candidates
    narrowed to that reading, in place), and it qualifies the first. Where the first
    name reads best as a place of the same kind ("Germany, France"), it is a list."""
    qualifiers: list[Place | None] = [None] * len(spans)
    following = {start: j for j, (start, _) in enumerate(spans)}
    for i, (_, end) in enumerate(spans):
        j = following.get(end + 2)
        if j is None or text[end:end + 2] != ", " or not candidates[i]:
            continue
        wider = sorted((p for p in candidates[j] if p.kind in WIDER_KINDS),
                       key=lambda p: -score(p, names[j], context))
        alone = choose(candidates[i], names[i], context, strict=False)
        for qualifier in wider:
            if alone.kind == qualifier.kind:
                break
            if any(inside(p, qualifier) for p in candidates[i]):
                qualifiers[i], candidates[j] = qualifier, [qualifier]
                break
    return qualifiers


def _among_namesakes(name: str, candidates: list[Place], reading: Place | None,
                     qualifier: Place | None, context: Context,
                     readings: list[tuple[str, Place | None]]) -> Place | None:
    """A second look at a name: of its namesakes of the same sort as its reading (towns,
    or counties), the one nearest the other names' readings ("Red Oak" beside "Iowa",
    whose own namesakes kept it from settling). Only namesakes compete here: nearness
    tells them apart, but it is no reason to read "Mexico" or "California" as a town."""
    if reading is None:
        return None
    namesakes = [p for p in candidates if (p.kind, p.source) == (reading.kind, reading.source)]
    if len(namesakes) < 2:
        return reading
    key = name_key(name)
    others = Context(countries=context.countries, region=context.region,
                     anchors=list(context.anchors))
    for other, place in readings:
        if place is not None and name_key(other) != key:
            others.add_anchor(place)
    return choose(namesakes, name, others, qualifier, strict=False)


def _inner_phrases(name: str) -> list[list[str]]:
    """Runs of the name's words shorter than the name, longest first, each starting
    with a capital and ending without a full stop ("St." is not a name)."""
    words = name.split()
    return [words[i:i + n] for n in range(len(words) - 1, 0, -1)
            for i in range(len(words) - n + 1)
            if words[i][:1].isupper() and not words[i + n - 1].endswith(".")]


def _is_abbreviation(word: str) -> bool:
    """ "US", "UK": a state or region written as its letters."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _nearest(start: int, known: list[tuple[int, Place]]) -> Place | None:
    """The resolved place named nearest in the text to ``start``, a country only where
    nothing smaller is named: a street lies in the town the text names beside it."""
    smaller = [(s, p) for s, p in known if p.kind != "country"] or known
    return min(smaller, key=lambda found: abs(found[0] - start))[1] if smaller else None
