"""Choosing among candidates, on places written here (no gazetteer needed)."""

from sitrep.geo.gazetteer import Place
from sitrep.geo.resolve import Context, choose


def place(id, name, country, lat, lon, population, kind="city", source="geonames", admin1=None):
    return Place(id, id, name, kind, country, admin1, lat, lon, population, source)


BIG_PARIS = place(1, "Paris", "FR", 48.86, 2.35, 2_100_000)
SMALL_PARIS = place(2, "Paris", "US", 33.66, -95.56, 25_000, admin1="TX")
TEXAS = place(3, "Texas", "US", 31.25, -99.25, 25_000_000, kind="region", source="us state")
HAMLET = place(4, "Sandvik", "NO", 60.0, 5.0, 600)


def test_population_decides_without_context():
    assert choose([SMALL_PARIS, BIG_PARIS], "Paris", Context()) == BIG_PARIS


def test_an_explicit_qualifier_beats_population():
    assert choose([SMALL_PARIS, BIG_PARIS], "Paris", Context(), qualifier=TEXAS) == SMALL_PARIS


def test_nearby_settled_places_and_mentioned_countries_pull_towards_them():
    dallas = place(5, "Dallas", "US", 32.78, -96.8, 1_300_000)
    context = Context(countries={"US"}, anchors=[dallas])
    assert choose([SMALL_PARIS, BIG_PARIS], "Paris", context) == SMALL_PARIS


def test_a_lone_hamlet_is_no_match_unless_the_context_supports_it():
    assert choose([HAMLET], "Sandvik", Context()) is None
    assert choose([HAMLET], "Sandvik", Context(countries={"NO"})) == HAMLET
    assert choose([HAMLET], "Sandvik", Context(), strict=False) == HAMLET


def test_no_candidates_no_answer():
    assert choose([], "Atlantis", Context()) is None
