"""The sitrep-eval/1 record of a document: names and event roles as the text writes them."""

import datetime as dt

from sitrep.outputs.evalfmt import eval_record
from tests.conftest import sample_document

PUBLISHED = dt.date(2022, 2, 3)


def test_event_places_are_written_as_the_sentence_writes_them(pipeline):
    text = ("Azerbaijani troops held drills near Lachin on Monday. "
            "Russian tanks moved from Kharkov to Kiev on Tuesday.")
    extraction = pipeline.extract(sample_document(text, published=PUBLISHED))
    drills = next(e for e in extraction.events if e.kind == "exercise")
    assert drills.location != "Lachin"  # the gazetteer's own name for the place
    record = eval_record(extraction)
    roles = [(e["kind"], e["origin"], e["destination"], e["location"]) for e in record["events"]]
    assert roles == [("exercise", None, None, "Lachin"), ("move", "Kharkov", "Kiev", None)]
    assert [p["name"] for p in record["places"]] == ["Lachin", "Kharkov", "Kiev"]


def test_a_demonym_and_a_state_keep_their_canonical_names(pipeline):
    text = "Belarusian units moved to the Ukrainian border near Gomel on Monday, Russia said."
    record = eval_record(pipeline.extract(sample_document(text, published=PUBLISHED)))
    names = [p["name"] for p in record["places"]]
    assert "Ukraine" in names and "Russia" in names
    assert "Ukrainian" not in names
