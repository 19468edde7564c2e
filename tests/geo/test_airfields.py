"""Airports and military airfields in the gazetteer (airportsdata), on names and
sentences written here."""

from sitrep.geo.airfields import airfield_words, read_airfields, short_names
from sitrep.geo.distance import haversine_km
from tests.conftest import sample_document

WORDS = airfield_words()


def test_short_forms_drop_the_airfield_words_and_the_town_served():
    assert set(short_names("Port Zubrov Vellen International Airport", "Port Zubrov", WORDS)) == {
        "Port Zubrov Vellen", "Vellen", "Vellen International Airport", "Vellen Airport"}
    assert short_names("RAF Kestrelmoor", "", WORDS) == ("Kestrelmoor",)
    assert short_names("Zubrov Air Base", "Zubrov", WORDS) == ()  # the town's own name
    assert short_names("Vellen Kestrel", "Vellen", WORDS) == ()  # nothing says airfield


def test_airports_with_airline_service_and_military_airfields_are_kept(tmp_path):
    csv = tmp_path / "airports.csv"
    csv.write_text(
        '"icao","iata","name","city","subd","country","elevation","lat","lon","tz","lid"\n'
        '"ZZAA","ZVA","Vellen International Airport","Vellen","North","ZZ",10,1.5,2.5,"UTC",""\n'
        '"ZZAB","","Kestrel Ranch Airport","Kestrel","North","ZZ",10,1.0,2.0,"UTC",""\n'
        '"ZZAC","","Zubrov Air Base","Zubrov","North","ZZ",10,3.0,4.0,"UTC",""\n',
        encoding="utf-8")
    kept = {a.name: a for a in read_airfields(csv, WORDS)}
    assert set(kept) == {"Vellen International Airport", "Zubrov Air Base"}
    assert kept["Zubrov Air Base"].military and not kept["Vellen International Airport"].military
    assert (kept["Vellen International Airport"].lat, kept["Vellen International Airport"].iata) == (
        1.5, "ZVA")


def test_an_airport_answers_to_its_short_form(gazetteer):
    [gatwick] = [p for p in gazetteer.candidates("Gatwick") if p.kind == "facility"]
    assert gatwick.country == "GB" and gatwick.source == "airportsdata"
    assert "ICAO EGKK" in gatwick.note and haversine_km(gatwick.lat, gatwick.lon, 51.15, -0.19) < 5
    assert gazetteer.candidates("Gatwick Airport") == [gatwick]


def test_a_short_form_that_names_a_nearby_town_or_a_region_stays_theirs(gazetteer):
    assert all(p.kind != "facility" for p in gazetteer.candidates("Nagasaki"))
    assert any(p.kind == "facility" for p in gazetteer.candidates("Nagasaki Airport"))
    assert all(p.kind != "facility" for p in gazetteer.candidates("Kerry"))  # a county
    # a town of the country, whatever the distance: its name must still settle alone
    assert [p.kind for p in gazetteer.candidates("Lachin")] == ["city"]


def test_an_airfield_a_pack_curates_is_not_entered_twice(gazetteer):
    assert [p.source for p in gazetteer.candidates("Incirlik Air Base")] == ["curated"]


def test_an_airport_is_placed_in_the_theatre_and_refused_outside_it(pipeline):
    def places(text):
        result = pipeline.extract(sample_document(text))
        return {e.name: e.attributes for e in result.entities if e.kind == "place"}

    found = places("Britain said the Zubrovian delegation landed at Gatwick on Monday.")
    assert found["London Gatwick Airport"]["place_kind"] == "facility"
    # nothing says where the text is: a village-sized airfield abroad is no answer
    assert places("Norwegian officials said the frigate sailed from Bergen. Gatwick was "
                  "closed.").keys() == {"Bergen"}
    # a town of the name in the theatre wins over a famous airport elsewhere
    assert places("Police in Florida said the storm flooded Heathrow on Monday.")[
        "Heathrow"]["country"] == "US"
