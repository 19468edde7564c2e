"""Resolving given spans (a benchmark's gold spans) with the real gazetteer, on sentences written here."""

import pytest

from sitrep.geo.toponyms import ToponymResolver


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return ToponymResolver(gazetteer)


def resolve(resolver, text, *names):
    """The readings of ``names``, each found at its first occurrence in ``text``."""
    spans = [(text.index(name), text.index(name) + len(name)) for name in names]
    return resolver.resolve(text, spans)


def test_an_unknown_facility_or_street_stands_in_the_town_named_beside_it(resolver):
    text = "A fire broke out at Zelvarin Community Hospital on Brevik Lane in Voronezh on Monday."
    hospital, lane, town = resolve(resolver, text, "Zelvarin Community Hospital", "Brevik Lane",
                                   "Voronezh")
    assert town.country == "RU" and town.name == "Voronezh"
    assert hospital == lane == town


def test_the_nearest_named_place_is_preferred_to_a_country(resolver):
    text = "Protesters gathered on Brevik Lane in Klintsy, far from the capital of Ukraine."
    lane, town, country = resolve(resolver, text, "Brevik Lane", "Klintsy", "Ukraine")
    assert country.kind == "country" and lane == town and town.country == "RU"


def test_a_place_named_inside_a_span_wins_when_it_agrees_with_the_text(resolver):
    arena, lipetsk = resolve(resolver, "Fans left the Voronezh Arena for Lipetsk.",
                             "Voronezh Arena", "Lipetsk")
    assert arena.name == "Voronezh" and lipetsk.name == "Lipetsk"


def test_a_place_named_inside_a_span_far_from_the_town_beside_it_is_not_taken(resolver):
    street, town = resolve(resolver, "Shops on Odessa Street in Klintsy closed early.",
                           "Odessa Street", "Klintsy")
    assert street == town and town.country == "RU"  # not Odesa, 700 km away


def test_compass_words_inside_a_span_are_not_places(resolver):
    florida, miami = resolve(resolver, "She grew up in South Florida near Miami.",
                             "South Florida", "Miami")
    assert florida.country == "US" and florida.name == "Florida"


def test_nothing_known_in_the_whole_text_is_no_answer(resolver):
    assert resolve(resolver, "Nobody mentioned Zorvaliq.", "Zorvaliq") == [None]


def test_the_state_after_a_comma_qualifies_the_town_before_it(resolver):
    text = "Officials in Paris, Texas, said the fair would go on."
    paris, texas = resolve(resolver, text, "Paris", "Texas")
    assert (paris.country, paris.admin1) == ("US", "TX") and texas.kind == "region"
    [alone] = resolve(resolver, text, "Paris")
    assert alone.country == "FR"
    county, iowa = resolve(resolver, "Deputies in Montgomery County, Iowa, said the road reopened.",
                           "Montgomery County", "Iowa")
    assert county.admin1 == iowa.admin1 == "IA"


def test_names_of_one_kind_after_commas_are_a_list_not_a_qualifier(resolver):
    germany, france, italy = resolve(resolver, "Ministers from Germany, France and Italy met.",
                                     "Germany", "France", "Italy")
    assert [p.country for p in (germany, france, italy)] == ["DE", "FR", "IT"]
    assert all(p.kind == "country" for p in (germany, france, italy))


def test_a_town_is_read_again_beside_the_other_names_readings(resolver):
    """ "Iowa" has namesakes, so it does not settle at first; its reading still tells
    which Red Oak a forum there is in."""
    iowa, red_oak = resolve(resolver, "Candidates toured Iowa this week, with a forum in Red Oak.",
                            "Iowa", "Red Oak")
    assert iowa.kind == "region" and (red_oak.country, red_oak.admin1) == ("US", "IA")
    [alone] = resolve(resolver, "Candidates held a forum in Red Oak.", "Red Oak")
    assert alone.admin1 != "IA"


def test_a_transliteration_variant_needs_the_text_to_name_its_country(resolver):
    assert resolve(resolver, "Princip was a Bosnian Serb.", "Serb") == [None]  # not Selb, Bavaria


def test_a_state_inside_an_organisations_name_places_it_whatever_town_is_beside(resolver):
    """ "the Bank of Varnia" is in Varnia even where the text names a town elsewhere."""
    text = ("Bankers in Aberdeen watched the Bank of Japan and the US Federal Reserve, "
            "which met in Aberdeen too.")
    bank, reserve = resolve(resolver, text, "Bank of Japan", "US Federal Reserve")
    assert bank.kind == "country" and bank.country == "JP"
    assert reserve.kind == "country" and reserve.country == "US"
