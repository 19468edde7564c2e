"""ISO 3166-2 first-level regions of every country, matched to GeoNames' regions and
placed by them, and read in sentences written here about countries no pack covers."""

from sitrep.geo.distance import haversine_km
from sitrep.geo.subdivisions import Subdivision, match, region_core, region_type_words
from sitrep.geo.toponyms import ToponymResolver

TYPE_WORDS = region_type_words()


def regions(gazetteer, name, country):
    return [p for p in gazetteer.candidates(name) if p.kind == "region" and p.country == country]


def test_a_region_core_leaves_out_the_words_of_its_kind():
    assert region_core("Volynska oblast", TYPE_WORDS) == "volynska"
    assert region_core("Asturias, Principado de", TYPE_WORDS) == "asturias"
    assert region_core("Illes Balears [Islas Baleares]", TYPE_WORDS) == "illes balears"
    assert region_core("Capital Region", TYPE_WORDS) == "capital region"  # nothing but kind words


def test_iso_regions_meet_geonames_regions_by_core_and_never_a_look_alike_of_a_matched_one():
    iso = [Subdivision("XX-CT", "XX", "Cantavria", "cantavria"),
           Subdivision("XX-CN", "XX", "Canavrias", "canavrias"),
           Subdivision("XX-VO", "XX", "Volynska oblast", "volynska"),
           Subdivision("XX-ZZ", "XX", "Zorvakh", "zorvakh")]
    matched, unmatched = match(iso, [("XX", "Cantavria"), ("XX", "Volyn")], TYPE_WORDS)
    assert [s.code for s in matched[("XX", "Cantavria")]] == ["XX-CT"]
    assert [s.code for s in matched[("XX", "Volyn")]] == ["XX-VO"]
    assert {s.code for s in unmatched} == {"XX-CN", "XX-ZZ"}


def test_a_region_answers_to_its_iso_name_where_geonames_spells_it_otherwise(gazetteer):
    [andalusia] = regions(gazetteer, "Andalucía", "ES")
    assert andalusia == regions(gazetteer, "Andalusia", "ES")[0]
    assert haversine_km(andalusia.lat, andalusia.lon, 37.4, -4.6) < 150
    [sokoto] = regions(gazetteer, "Sokoto", "NG")
    assert haversine_km(sokoto.lat, sokoto.lon, 12.9, 5.3) < 200


def test_a_region_code_in_capitals_names_the_region_and_only_in_capitals(gazetteer):
    assert any(p.name == "British Columbia" for p in gazetteer.by_abbreviation("BC"))
    assert gazetteer.by_abbreviation("Bc") == []
    assert not any(p.name == "British Columbia" for p in gazetteer.candidates("BC"))
    assert any(p.name == "Western Australia" for p in gazetteer.by_abbreviation("WA"))


def test_an_iso_region_geonames_lacks_stands_at_the_town_of_its_name(gazetteer):
    """Bhutan's districts are named after their seats."""
    [samtse] = regions(gazetteer, "Samtse", "BT")
    assert haversine_km(samtse.lat, samtse.lon, 26.9, 89.1) < 50


def test_a_region_of_a_country_no_pack_covers_is_read_in_its_country(gazetteer):
    resolver = ToponymResolver(gazetteer)
    text = ("Herders fled the drought in Kebbi on Friday; officials in Nigeria said "
            "aid convoys had left Kaduna for the north-west.")
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Kebbi", "Nigeria", "Kaduna")]
    kebbi, nigeria, _ = resolver.resolve(text, spans)
    assert nigeria.kind == "country" and kebbi.kind == "region" and kebbi.country == "NG"
    assert haversine_km(kebbi.lat, kebbi.lon, 11.5, 4.2) < 200
    text = "Officials in Kelowna, BC said the fire had crossed the valley."
    kelowna, province = resolver.resolve(text, [(13, 20), (22, 24)])
    assert province.name == "British Columbia" and kelowna.country == "CA"
