"""Choosing among a name's gazetteer candidates by the document's context.

A candidate's score adds up its prominence (population, or a floor for countries,
regions and curated entries), how well the name matches (its main name or only an
alternate), whether its country is one the document names or the case watches,
whether it lies near places the document already settled, and an explicit
qualifier ("Portland, Oregon"). When no candidate scores above ``MIN_SCORE`` the
answer is "no match": better none than a far-off hamlet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import log10

from sitrep.geo.distance import haversine_km
from sitrep.geo.gazetteer import Place
from sitrep.geo.names import name_key

KIND_FLOOR = {"country": 7.0, "curated": 6.5, "region": 4.5}
CAPITAL_BONUS = 1.5  # "London", "Rome", "Paris" mean the capital unless the text says otherwise
REGION_CEILING = 5.5
MIN_SCORE = 5.2  # a town of about 16,000 people, named by its main name, with nothing else for it


@dataclass(slots=True)
class Context:
    """What the document (and the case) say about where things are."""

    countries: set[str] = field(default_factory=set)
    region: set[str] = field(default_factory=set)
    anchors: list[Place] = field(default_factory=list)

    def settle(self, readings: list[list[Place]]) -> None:
        """Take the names with one reading (or only country readings) as anchors first."""
        for candidates in readings:
            if candidates and (len(candidates) == 1
                               or all(c.kind == "country" for c in candidates)):
                self.anchors.append(candidates[0])
                if candidates[0].country:
                    self.countries.add(candidates[0].country)


def prominence(place: Place) -> float:
    """Population on a log scale; a region never outranks a big city of its name
    ("Washington", "New York"), a country always does."""
    floor = KIND_FLOOR["curated"] if place.source == "curated" else KIND_FLOOR.get(place.kind, 0.0)
    size = log10(place.population + 1)
    if place.kind == "region":
        size = min(size, REGION_CEILING)
    return max(floor, size)


def score(place: Place, surface: str, context: Context, qualifier: Place | None = None) -> float:
    """How likely ``place`` is what ``surface`` means in this context."""
    total = prominence(place)
    if place.source == "curated" or name_key(place.name) == name_key(surface):
        total += 1.0  # every curated name is deliberate; elsewhere the main name counts more
    if place.capital:
        total += CAPITAL_BONUS
    if place.country and place.country in context.countries:
        total += 2.5
    elif place.country and place.country in context.region:
        total += 1.5
    if any(a.id == place.id for a in context.anchors):
        total += 2.0  # already the reading of another name here: "Kiev" ... "Kyiv"
    nearest = min((haversine_km(place.lat, place.lon, a.lat, a.lon)
                   for a in context.anchors if a.id != place.id), default=None)
    if nearest is not None and place.kind != "country":
        total += 1.5 if nearest < 300 else 0.5 if nearest < 1000 else 0.0
    if qualifier is not None and _inside(place, qualifier):
        total += 5.0
    return total


def _inside(place: Place, qualifier: Place) -> bool:
    if qualifier.kind == "country":
        return place.country == qualifier.country and place.id != qualifier.id
    return (qualifier.country == place.country == "US"
            and place.admin1 is not None and haversine_km(
                place.lat, place.lon, qualifier.lat, qualifier.lon) < 800)


def choose(candidates: list[Place], surface: str, context: Context,
           qualifier: Place | None = None, *, strict: bool = True) -> Place | None:
    """The best candidate; with ``strict``, None when even the best is implausible."""
    if not candidates:
        return None
    best_score, _, best = max(((score(p, surface, context, qualifier), p.population, i)
                               for i, p in enumerate(candidates)), key=lambda s: s[:2])
    if strict and best_score < MIN_SCORE:
        return None
    return candidates[best]
