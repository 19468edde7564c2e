"""The gazetteer's Bloom filter never turns away a key it holds, and rarely lets one through
that it does not."""

from sitrep.geo.keyfilter import KeyFilter


def test_every_key_held_is_maybe_in_and_few_others_are():
    held = [f"vellmor {i}" for i in range(20000)]
    keys = KeyFilter.build(held)
    assert all(key in keys for key in held)
    strangers = [f"quandry {i}" for i in range(20000)]
    assert sum(key in keys for key in strangers) < 20  # well under 0.1 % at this load


def test_an_empty_filter_holds_nothing():
    assert "ostrava" not in KeyFilter.build([])


def test_the_gazetteer_still_finds_a_place_through_its_filter(gazetteer):
    assert "kyiv" in gazetteer.key_filters["names"]
    assert any(place.country == "UA" for place in gazetteer.candidates("Kyiv"))
    assert gazetteer.candidates("Zorblaxian Quendrith") == []
