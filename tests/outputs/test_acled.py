"""The CSV export in ACLED's columns and meanings: country names and ISO numeric codes,
admin areas from the gazetteer's towns (empty where unknown), modality and negation in
columns of their own and ``observed_only`` to keep what ACLED would code."""

import csv
import io
from pathlib import Path

from sitrep.analysis.picture import Picture
from sitrep.case import Case
from sitrep.model import PlacePoint
from sitrep.outputs.exports import acled_csv
from tests.analysis.reports import event, report

# ACLED's codebook, in its order.
ACLED = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
         "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
         "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
         "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
         "source_scale", "notes", "fatalities", "tags", "timestamp")
PLACES = {"Yelnya": PlacePoint("Yelnya", 54.58, 33.18, "RU", "city"),
          "Smolensk Oblast": PlacePoint("Smolensk", 54.78, 32.04, "RU", "region"),
          "Poland": PlacePoint("Poland", 52.0, 20.0, "PL", "country"),
          "Europe": PlacePoint("Europe", 48.7, 9.1, None, "continent")}


def rows(**options) -> list[dict]:
    picture = Picture(Case(Path("."), "Test case", country_at_risk="UA"))
    built = report(
        "wire",
        event("e1", "move", "Tanks of the 4th Guards reached Yelnya on 5 January.", side="RU",
              actor="4th Guards", destination="Yelnya", date="2022-01-05"),
        event("e2", "deploy", "Moscow plans to send more troops to Smolensk Oblast.", side="RU",
              destination="Smolensk Oblast", modality="planned"),
        event("e3", "deploy", "No troops arrived in Poland, officials said.",
              destination="Poland", negated=True, date="2022-01-06"),
        event("e4", "exercise", "Allies held drills across Europe.", location="Europe",
              date="2022-01-07"),
        published="2022-01-08", publisher="Eastbrook Wire")
    built.url = "https://news.example.net/wire/1"
    built.places = PLACES
    picture.add(built)
    return list(csv.DictReader(io.StringIO(acled_csv(picture, **options))))


def test_the_columns_are_acleds_in_order_then_sitreps():
    header = tuple(rows()[0])
    assert header[:len(ACLED)] == ACLED
    assert {"modality", "negated", "sitrep_kind", "sentence", "url"} <= set(header[len(ACLED):])


def test_a_town_has_its_country_by_name_iso_numeric_and_its_regions():
    first = rows()[0]
    assert (first["event_id_cnty"], first["event_date"], first["year"], first["time_precision"],
            first["disorder_type"], first["event_type"]) == (
        "RUS1", "2022-01-05", "2022", "1", "Strategic developments", "Strategic developments")
    assert (first["country"], first["iso"], first["admin1"], first["location"],
            first["geo_precision"]) == ("Russian Federation", "643", "Smolensk", "Yelnya", "1")
    assert (first["source"], first["url"], first["sentence"], first["modality"],
            first["negated"]) == ("Eastbrook Wire", "https://news.example.net/wire/1",
                                  "Tanks of the 4th Guards reached Yelnya on 5 January.",
                                  "observed", "false")


def test_a_region_is_its_own_admin1_and_wider_places_leave_the_areas_empty():
    by_ref = {row["ref"]: row for row in rows()}
    region, country, continent = by_ref["wire#e2"], by_ref["wire#e3"], by_ref["wire#e4"]
    assert (region["admin1"], region["admin2"], region["country"]) == (
        "Smolensk", "", "Russian Federation")
    assert (region["event_date"], region["time_precision"]) == ("2022-01-08", "3")
    assert (country["country"], country["iso"], country["admin1"]) == ("Poland", "616", "")
    assert (continent["country"], continent["iso"], continent["admin1"],
            continent["event_id_cnty"]) == ("", "", "", "")


def test_observed_only_leaves_out_planned_and_negated_events():
    assert [row["ref"] for row in rows()] == ["wire#e1", "wire#e2", "wire#e3", "wire#e4"]
    assert [row["ref"] for row in rows(observed_only=True)] == ["wire#e1", "wire#e4"]
