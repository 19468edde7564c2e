"""GeoJSON, ACLED-like CSV, STIX 2.1 and KML exports, each validated by its own reader."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import stix2

from sitrep.analysis.picture import Picture
from sitrep.case import Case, Hypothesis, Indicator
from sitrep.outputs.exports import COLUMNS, acled_csv, geojson, kml
from sitrep.outputs.stix import stix_bundle
from tests.analysis.reports import event, report, statement

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"
PLACES = {"Novosibirsk": (55.03, 82.92), "Yelnya": (54.58, 33.18), "Klintsy": (52.75, 32.24),
          "Poland": (52.0, 20.0)}


def picture() -> Picture:
    case = Case(Path("."), "Test case", country_at_risk="UA",
                hypotheses=(Hypothesis("H1", "Coercion"), Hypothesis("H2", "Invasion")),
                indicators=(Indicator("moves", "Forces move towards the border", kinds=("move",),
                                      consistency={"H1": "C", "H2": "CC"}),))
    result = Picture(case)
    result.add(report(
        "train", event("e1", "move", "The 41st Army left Novosibirsk for Yelnya.", side="RU",
                       subject="41st Army", origin="Novosibirsk", destination="Yelnya",
                       date="2022-01-05", plover="MOBILIZE", cameo="15"),
        event("e2", "move", f"The 41st Army reached Klintsy. {HOSTILE}", side="RU",
              subject="41st Army", destination="Klintsy", date="2022-01-20"),
        event("e3", "talks", "Diplomats met.", date="2022-01-10"),
        published="2022-01-21", publisher="Rail Watch", places=PLACES, forces={"41st Army"}))
    result.add(report(
        "denial", statement("s1", "The ministry said the units were returning to base.",
                            side="RU", speaker="Russian Defence Ministry", date="2022-01-25"),
        event("e1", "withdraw", "The ministry said the units were returning to base.",
              side="RU", modality="claimed", statement="s1", date="2022-01-25"),
        published="2022-01-25", publisher="Northgate Wire", places=PLACES))
    result.add(report(
        "seen", event("e1", "move", "Russian tanks moved towards Klintsy.", side="RU",
                      destination="Klintsy", date="2022-01-27"),
        published="2022-01-28", publisher="Harbour Post", places=PLACES))
    return result


@pytest.fixture(scope="module")
def built():
    return picture()


def test_geojson_points_are_lon_lat_in_range_with_provenance(built):
    collection = json.loads(json.dumps(geojson(built)))
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert len(points) == 3  # the talks and the announced withdrawal have no place
    for feature in collection["features"]:
        coordinates = feature["geometry"]["coordinates"]
        for lon, lat in (coordinates if feature["geometry"]["type"] == "LineString"
                         else [coordinates]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    first = next(f for f in points if f["properties"]["ref"] == "train#e1")
    assert first["geometry"]["coordinates"] == [33.18, 54.58]  # Yelnya, lon first
    expected = {"place": "Yelnya", "place_role": "destination", "origin": "Novosibirsk",
                "modality": "observed", "time_start": "2022-01-05", "publisher": "Rail Watch",
                "start": 0}
    assert {key: first["properties"][key] for key in expected} == expected
    [track] = [f for f in collection["features"] if f["properties"]["layer"] == "track"]
    assert track["properties"]["places"] == ["Novosibirsk", "Yelnya", "Klintsy"]
    assert track["geometry"]["coordinates"][0] == [82.92, 55.03]


def test_csv_has_acled_columns_plus_codes_and_one_row_per_event(built):
    rows = list(csv.DictReader(io.StringIO(acled_csv(built))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 5
    first = rows[0]
    assert (first["event_date"], first["time_precision"], first["event_type"]) == (
        "2022-01-05", "1", "Strategic developments")
    assert (first["location"], first["latitude"], first["longitude"]) == (
        "Yelnya", "54.58000", "33.18000")
    assert (first["plover"], first["cameo"], first["source"]) == ("MOBILIZE", "15", "Rail Watch")
    talks = next(r for r in rows if r["ref"] == "train#e3")
    assert talks["latitude"] == "" and talks["location"] == ""
    hostile = next(r for r in rows if r["ref"] == "train#e2")
    assert HOSTILE in hostile["notes"]  # kept as text, quoted by the CSV writer


def test_kml_parses_and_carries_times_and_text_as_text(built):
    document = kml(built)
    assert "<script>" not in document and "&lt;script&gt;" in document
    root = ET.fromstring(document)
    marks = root.iter(f"{KML}Placemark")
    whens = [w.text for w in root.iter(f"{KML}when")]
    assert "2022-01-05" in whens and "2022-01-20" in whens
    descriptions = [m.findtext(f"{KML}description") for m in marks]
    assert any(HOSTILE in (d or "") for d in descriptions)  # the parser gives the text back
    [line] = list(root.iter(f"{KML}LineString"))
    assert line.findtext(f"{KML}coordinates").startswith("82.920000,55.030000 ")


def test_stix_bundle_parses_with_the_stix2_library(built):
    bundle = stix_bundle(built)
    parsed = stix2.parse(bundle, allow_custom=True)
    assert parsed.type == "bundle"
    types = {o["type"] for o in bundle["objects"]}
    assert {"report", "identity", "location", "note", "opinion", "grouping", "relationship",
            "sighting", "extension-definition", "x-sitrep-claim", "x-sitrep-hypothesis",
            "x-sitrep-indicator"} <= types
    by_id = {o["id"]: o for o in bundle["objects"]}
    [opinion] = [o for o in bundle["objects"] if o["type"] == "opinion"]
    assert opinion["opinion"] == "disagree"
    claim = by_id[opinion["object_refs"][0]]
    assert claim["status"] == "contradicted" and claim["claim_ref"] == "denial#s1"
    evidence = by_id[opinion["object_refs"][1]]
    assert evidence["content"] == "Russian tanks moved towards Klintsy."
    sighting = next(o for o in bundle["objects"] if o["type"] == "sighting")
    assert by_id[sighting["sighting_of_ref"]]["indicator_id"] == "moves"
    assert stix_bundle(built) == bundle  # the same picture gives the same bundle


def test_hostile_text_in_stix_and_geojson_stays_a_string(built):
    for exported in (stix_bundle(built), geojson(built)):
        text = json.dumps(exported, ensure_ascii=False)
        assert HOSTILE.replace('"', '\\"') in text


def test_kml_styles_each_kind_and_gives_every_event_a_time_and_its_data(built):
    root = ET.fromstring(kml(built))
    styles = {s.get("id"): s.findtext(f"{KML}IconStyle/{KML}color")
              for s in root.iter(f"{KML}Style")}
    assert styles == {"kind-move": "ff137ff0"}  # the registry's #f07f13, as KML's aabbggrr
    [events_folder, _] = root.iter(f"{KML}Folder")
    marks = list(events_folder.iter(f"{KML}Placemark"))
    assert len(marks) == 3 and all(m.findtext(f"{KML}styleUrl") == "#kind-move" for m in marks)
    data = [{d.get("name"): d.findtext(f"{KML}value") for d in m.iter(f"{KML}Data")}
            for m in marks]
    first = next(d for d in data if d["ref"] == "train#e1")
    assert {key: first[key] for key in ("kind", "modality", "side", "source", "sentence",
                                        "time_from")} == {
        "kind": "move", "modality": "observed", "side": "RU", "source": "Rail Watch",
        "sentence": "The 41st Army left Novosibirsk for Yelnya.", "time_from": "event"}


def test_kml_dates_an_undated_event_by_its_document_and_says_so():
    undated = Picture(Case(Path("."), "Test case"))
    undated.add(report("wire", event("e1", "move", "Tanks reached Yelnya.", destination="Yelnya"),
                       published="2022-02-02", publisher="Rail Watch", places=PLACES))
    [mark] = [m for m in ET.fromstring(kml(undated)).iter(f"{KML}Placemark")
              if m.find(f"{KML}Point") is not None]
    assert mark.findtext(f"{KML}TimeStamp/{KML}when") == "2022-02-02"
    data = {d.get("name"): d.findtext(f"{KML}value") for d in mark.iter(f"{KML}Data")}
    assert data["time_from"] == "published"


def test_stix_reports_are_named_by_the_articles_title():
    titled = Picture(Case(Path("."), "Test case"))
    made = report("rail-watch-0121", event("e1", "move", "Tanks reached Yelnya.",
                                           destination="Yelnya", date="2022-01-20"),
                  published="2022-01-21", publisher="Rail Watch", places=PLACES)
    made.title = "Tank columns reach Yelnya"
    titled.add(made)
    [named] = [o for o in stix_bundle(titled)["objects"] if o["type"] == "report"]
    assert named["name"] == "Tank columns reach Yelnya"


def test_stix_gives_each_side_of_an_agreement_its_own_claim():
    agreed = Picture(Case(Path("."), "Test case"))
    agreed.add(report("agreed", event(
        "e1", "withdraw", "Both sides agreed on a process for disengagement near Yelnya.",
        date="2022-01-20", modality="planned", parties=["BY", "RU"]),
        published="2022-01-21", publisher="Rail Watch", places=PLACES))
    claims = [o for o in stix_bundle(agreed)["objects"] if o["type"] == "x-sitrep-claim"]
    assert sorted(c["side"] for c in claims) == ["BY", "RU"]
    assert len({c["id"] for c in claims}) == 2
