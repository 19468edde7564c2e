"""Choosing among candidates, on places written here (no gazetteer needed)."""

import random

from sitrep.geo.gazetteer import Place
from sitrep.geo.resolve import MIN_SCORE, Context, choose, inside, score


def place(id, name, country, lat, lon, population, kind="city", source="geonames", admin1=None,
          capital=False):
    return Place(id, id, name, kind, country, admin1, lat, lon, population, source,
                 capital=capital)


BIG_PARIS = place(1, "Paris", "FR", 48.86, 2.35, 2_100_000)
SMALL_PARIS = place(2, "Paris", "US", 33.66, -95.56, 25_000, admin1="TX")
TEXAS = place(3, "Texas", "US", 31.25, -99.25, 25_000_000, kind="region", source="us state",
              admin1="TX")  # a state's admin1 is its own code
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


def test_a_country_named_in_the_text_adds_no_nearness_to_towns_near_its_middle():
    """The country's point is only the middle of a map: "Garden City" by "United States"
    is no likelier the one in Kansas, near that point."""
    united_states = place(20, "United States", "US", 39.76, -98.5, 327_000_000, kind="country")
    kansas = place(21, "Garden City", "US", 37.97, -100.87, 26_000, admin1="KS")
    new_york = place(22, "Garden City", "US", 40.73, -73.63, 27_000, admin1="NY")
    context = Context(countries={"US"}, anchors=[united_states])
    assert choose([kansas, new_york], "Garden City", context) == new_york


def test_a_us_state_holds_the_places_with_its_code_and_other_regions_those_nearby():
    assert inside(SMALL_PARIS, TEXAS) and not inside(TEXAS, TEXAS)
    far_texan = place(31, "El Paso", "US", 31.76, -106.49, 680_000, admin1="TX")
    assert inside(far_texan, TEXAS)  # 690 km from the state's point, but in the state
    near_okie = place(32, "Durant", "US", 33.99, -96.37, 18_000, admin1="OK")
    assert not inside(near_okie, TEXAS)  # 400 km from it, but in Oklahoma
    kerala = place(33, "Kerala", "IN", 10.5, 76.3, 35_000_000, kind="region", source="region")
    kochi_in = place(34, "Kochi", "IN", 9.94, 76.26, 600_000)
    kochi_jp = place(35, "Kochi", "JP", 33.56, 133.53, 330_000)
    assert inside(kochi_in, kerala) and not inside(kochi_jp, kerala)
    assert choose([kochi_jp, kochi_in], "Kochi", Context(), qualifier=kerala) == kochi_in
