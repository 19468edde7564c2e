"""Choosing among candidates, on places written here (no gazetteer needed)."""

import random

from sitrep.geo.gazetteer import Place
from sitrep.geo.resolve import MIN_SCORE, Context, choose, score


def place(id, name, country, lat, lon, population, kind="city", source="geonames", admin1=None,
          capital=False):
    return Place(id, id, name, kind, country, admin1, lat, lon, population, source,
                 capital=capital)


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


def test_skipping_candidates_that_cannot_win_picks_what_scoring_them_all_picks():
    """``choose`` leaves out candidates whose ceiling is below the best score so far;
    on many towns of one name, near and far, with ties, it must agree with plain max()."""
    rng = random.Random(3)
    for _ in range(200):
        towns = [place(10 + i, "Springfield", rng.choice(["US", "GB", "DE"]),
                       rng.uniform(30, 60), rng.uniform(-100, 30),
                       rng.choice([0, 900, 25_000, 25_000, 400_000]),
                       capital=rng.random() < 0.1) for i in range(rng.randint(1, 12))]
        anchors = [place(100 + i, "Anchor", "US", rng.uniform(30, 60), rng.uniform(-100, 30),
                         1000) for i in range(rng.randint(0, 6))]
        context = Context(countries={rng.choice(["US", "GB", "DE"])}, anchors=anchors)
        scored = [(score(t, "Springfield", context), t.population, i) for i, t in enumerate(towns)]
        best_score, _, best = max(scored, key=lambda s: s[:2])
        expected = towns[best] if best_score >= MIN_SCORE else None
        assert choose(towns, "Springfield", context) == expected
