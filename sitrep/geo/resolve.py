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
from functools import lru_cache
from math import log10

from sitrep.geo.distance import haversine_km
from sitrep.geo.gazetteer import Place
from sitrep.geo.names import name_key

KIND_FLOOR = {"country": 7.0, "curated": 6.5, "region": 4.5}
CAPITAL_BONUS = 1.5  # "London", "Rome", "Paris" mean the capital unless the text says otherwise
REGION_CEILING = 5.5
MIN_SCORE = 5.2  # a town of about 16,000 people, named by its main name, with nothing else for it
NEARBY_BONUS = 1.5  # within 300 km of an anchor: the most that nearness adds
ALTERNATE_ABROAD = 1.0  # an alternate name of a place outside the document's countries
WORLD_CITY = 1_000_000  # people: a city named from anywhere in the world, by any of its names

# The documents of a case name the same towns, which meet the same anchors again.
_km = lru_cache(maxsize=65536)(haversine_km)


@dataclass(slots=True)
class Context:
    """What the document (and the case) say about where things are.

    Add anchors through ``settle`` and ``add_anchor``, which keep ``anchor_ids`` in step;
    ``firm`` holds the settled anchors named by their own name.
    """

    countries: set[str] = field(default_factory=set)
    region: set[str] = field(default_factory=set)
    anchors: list[Place] = field(default_factory=list)
    anchor_ids: set[int] = field(default_factory=set, init=False, repr=False)
    firm: list[Place] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.anchor_ids.update(anchor.id for anchor in self.anchors)

    def settle(self, readings: list[tuple[str, list[Place]]]) -> None:
        """Take the names with one credible reading (or only country readings) as anchors
        first. A lone reading by an alternate name abroad is no anchor: "Gogra" in a report
        on Ladakh is a variant spelling of a Pakistani town only by accident."""
        for surface, candidates in readings:
            if candidates and (all(c.kind == "country" for c in candidates) or (
                    len(candidates) == 1 and self.credible(candidates[0], surface))):
                self.add_anchor(candidates[0])
                place = candidates[0]
                if place.source == "curated" or name_key(place.name) == name_key(surface):
                    self.firm.append(place)  # named as itself: it says where the text is
                if candidates[0].country:
                    self.countries.add(candidates[0].country)

    def credible(self, place: Place, surface: str) -> bool:
        """Whether ``surface`` names ``place`` by its main name, deliberately (a curated
        entry), or in a country the document or the case is about (where it names none,
        nothing is abroad: "Elnya" alone is Yelnya)."""
        theatre = self.countries | self.region
        return (place.source == "curated" or name_key(place.name) == name_key(surface)
                or not theatre or place.country in theatre)

    def add_anchor(self, place: Place) -> None:
        """Each place once: a name said ten times is no nearer to anything for it."""
        if place.id not in self.anchor_ids:
            self.anchor_ids.add(place.id)
            self.anchors.append(place)


def prominence(place: Place) -> float:
    """Population on a log scale; a region never outranks a big city of its name
    ("Washington", "New York"), a country always does."""
    floor = KIND_FLOOR["curated"] if place.source == "curated" else KIND_FLOOR.get(place.kind, 0.0)
    size = log10(place.population + 1)
    if place.kind == "region":
        size = min(size, REGION_CEILING)
    return max(floor, size)


def score(place: Place, surface: str, context: Context, qualifier: Place | None = None,
          nearness: float | None = None) -> float:
    """How likely ``place`` is what ``surface`` means in this context; ``nearness``,
    where given, stands in for the bonus of the anchors nearby instead of measuring it."""
    total = prominence(place)
    if place.source == "curated" or name_key(place.name) == name_key(surface):
        total += 1.0  # every curated name is deliberate; elsewhere the main name counts more
    elif place.population < WORLD_CITY and not context.credible(place, surface):
        total -= ALTERNATE_ABROAD  # a city of millions goes by short names ("New York")
    if place.capital:
        total += CAPITAL_BONUS
    if place.country and place.country in context.countries:
        total += 2.5
    elif place.country and place.country in context.region:
        total += 1.5
    if place.id in context.anchor_ids:
        total += 2.0  # already the reading of another name here: "Kiev" ... "Kyiv"
    if place.kind != "country":
        total += _nearness(place, context.anchors) if nearness is None else nearness
    if qualifier is not None and inside(place, qualifier):
        total += 5.0
    return total


def _nearness(place: Place, anchors: list[Place]) -> float:
    """``NEARBY_BONUS`` within 300 km of an anchor other than the place itself, 0.5
    within 1000 km; the search ends at the first anchor within 300 km. A country is no
    anchor here: its point is only the middle of its map (the country bonus speaks for it)."""
    bonus = 0.0
    for anchor in anchors:
        if anchor.id != place.id and anchor.kind != "country":
            distance = _km(place.lat, place.lon, anchor.lat, anchor.lon)
            if distance < 300:
                return NEARBY_BONUS
            if distance < 1000:
                bonus = 0.5
    return bonus


def inside(place: Place, qualifier: Place) -> bool:
    """Whether ``place`` may lie in ``qualifier``: in a country, any place of it; in a
    US state, a place with the state's code; in another region, a smaller place of its
    country within 800 km of its point (regions come as points, and some are wide)."""
    if qualifier.kind == "country":
        return place.country == qualifier.country and place.id != qualifier.id
    if qualifier.source == "us state":
        return (place.country == qualifier.country and place.admin1 == qualifier.admin1
                and place.id != qualifier.id)
    return (place.country == qualifier.country is not None and place.kind != "country"
            and place.id != qualifier.id
            and haversine_km(place.lat, place.lon, qualifier.lat, qualifier.lon) < 800)


def choose(candidates: list[Place], surface: str, context: Context,
           qualifier: Place | None = None, *, strict: bool = True) -> Place | None:
    """The best candidate; with ``strict``, None when even the best is implausible.

    Measuring the distances to the anchors is the costly part of a score, so the
    candidates are scored from the highest ceiling down (the score with the full
    nearness bonus), and the rest are skipped once the best so far beats their
    ceiling: "Washington" has 37 candidates, most of them small towns.
    """
    if not candidates:
        return None
    ceilings = sorted(((score(p, surface, context, qualifier, nearness=NEARBY_BONUS), i)
                       for i, p in enumerate(candidates)), key=lambda c: -c[0])
    best = None  # (score, population, -index): of equal ones the first wins, as with max()
    for ceiling, i in ceilings:
        if best is not None and ceiling < best[0]:
            break
        place = candidates[i]
        key = (score(place, surface, context, qualifier), place.population, -i)
        if best is None or key > best:
            best = key
    if strict and best[0] < MIN_SCORE:
        return None
    return candidates[-best[2]]
