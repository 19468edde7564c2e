"""The built gazetteer and the toponym resolver on sentences written here."""

import sqlite3

import pytest

from sitrep.geo import gazetteer as gz
from sitrep.geo.distance import haversine_km
from sitrep.geo.toponyms import ToponymResolver


def test_variants_and_alternate_names_lead_to_the_same_town(gazetteer):
    [klintsy] = gazetteer.candidates("Klintsy")
    assert klintsy.country == "RU" and haversine_km(klintsy.lat, klintsy.lon, 52.75, 32.23) < 10
    assert gazetteer.candidates("Yelnya") == gazetteer.candidates("Elnya")
    kyiv = {p.id for p in gazetteer.candidates("Kyiv")}
    assert kyiv & {p.id for p in gazetteer.candidates("Kiev")}
    assert any(p.country == "BY" for p in gazetteer.by_skeleton("Asipovichy"))


def test_a_transliteration_variant_must_be_spelled_close_to_the_place(gazetteer):
    assert {p.name for p in gazetteer.by_skeleton("Kharkov")} == {"Kharkiv"}
    assert gazetteer.by_skeleton("Cauvery") == []  # a river, not Tver (same consonants)


def test_second_level_regions_of_every_country(gazetteer):
    kent = [p for p in gazetteer.candidates("Kent") if p.kind == "region"]
    assert kent and kent[0].country == "GB" and haversine_km(kent[0].lat, kent[0].lon, 51.2, 0.7) < 60


def test_countries_regions_and_curated_places_have_points(gazetteer):
    ukraine = gazetteer.country("UA")
    assert ukraine.kind == "country" and haversine_km(ukraine.lat, ukraine.lon, 49, 32) < 100
    crimea = [p for p in gazetteer.candidates("Crimean Peninsula") if p.source == "curated"]
    assert crimea and crimea[0].country == "UA" and "Russia" in crimea[0].note
    assert any(p.kind == "region" and p.country == "US" for p in gazetteer.candidates("Oregon"))
    assert any(p.kind == "region" for p in gazetteer.candidates("Europe"))


def test_word_lists_tell_common_words_and_first_names(gazetteer):
    assert gazetteer.is_common_word("Reading") and gazetteer.is_common_word("Mobile")
    assert not gazetteer.is_common_word("London") and not gazetteer.is_common_word("Klintsy")
    assert gazetteer.is_first_name("Dimitri") and not gazetteer.is_first_name("Voronezh")
    assert gazetteer.demonym("Belarusian").country == "BY"
    assert gazetteer.demonym("American").country == "US"  # not Guam, which shares it
    assert gazetteer.demonym("BELARUSIAN").country == "BY"  # folded as a name is
    assert gazetteer.demonym("Voronezh") is None and gazetteer.demonym("Dimitri") is None


@pytest.mark.parametrize("name", ["Georgia", "Congo", "the Russian Federation", "Washington",
                                  "Klintsy", "Zorblat Vex"])
def test_the_states_a_name_names_are_its_candidates_that_are_countries(gazetteer, name):
    expected = [p for p in gazetteer.candidates(name) if p.kind == "country"]
    assert gazetteer.countries_named(name) == expected
    assert all(p.kind == "country" for p in expected)


def test_a_current_index_is_reused_and_an_outdated_one_rebuilt(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(gz, "build_index", lambda path: built.append(path) or _fake_index(path))
    path = tmp_path / "index.sqlite"
    gz.Gazetteer.open(path).close()
    gz.Gazetteer.open(path).close()
    assert built == [path]  # built once, then reused
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'v0;stale' WHERE key = 'fingerprint'")
    gz.Gazetteer.open(path).close()
    assert built == [path, path]
    path.write_bytes(b"not a database")
    gz.Gazetteer.open(path).close()
    assert len(built) == 3


def _fake_index(path):
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.executescript(gz.SCHEMA)
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (gz.source_fingerprint(),))


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return ToponymResolver(gazetteer)


TEXT = ("Convoys left Voronezh for Klintsy on Tuesday. Officials in Paris, Texas, "
        "said the fair would go on. Reading the report, nobody mentioned Zorvaliq.")


def test_resolve_uses_the_qualifier_and_the_rest_of_the_text(resolver):
    spans = [(TEXT.index(n), TEXT.index(n) + len(n)) for n in ("Voronezh", "Paris", "Zorvaliq")]
    voronezh, paris, zorvaliq = resolver.resolve(TEXT, spans)
    assert voronezh.country == "RU"
    assert paris.country == "FR"  # "Texas" is no given span here, so nothing qualifies Paris
    assert zorvaliq == paris  # unknown, so placed at the place named nearest to it
