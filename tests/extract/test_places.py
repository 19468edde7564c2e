"""Places in a theatre no knowledge pack describes: the theatre beats namesakes abroad,
features the gazetteer lacks are still placed, and people are not places.

Every sentence is written for these tests; Kessel Ridge, Point 512, Ostrani and Sandvik the
talk-show host are invented.
"""

from __future__ import annotations

import pytest

from sitrep.geo.distance import haversine_km
from tests.conftest import sample_document


def places(pipeline, value: str) -> dict[str, dict]:
    """Each place mention's text -> its entity's attributes (with its name)."""
    extraction = pipeline.extract(sample_document(value))
    entities = {entity.id: entity for entity in extraction.entities}
    return {m.text: {"name": entities[m.entity_id].name, **entities[m.entity_id].attributes}
            for m in extraction.mentions if m.kind in ("place", "state")}


def test_a_small_namesake_on_another_continent_is_refused(pipeline):
    found = places(pipeline, "Indian and Chinese patrols faced each other at Hot Springs, "
                             "east of Leh, on Tuesday.")
    assert found["Leh"]["country"] == "IN"
    assert found.get("Hot Springs", {}).get("country") != "US", found


def test_an_alternate_name_of_a_town_abroad_does_not_win(pipeline):
    # "Moldo" is an alternate name of Maloy, Norway, in GeoNames.
    found = places(pipeline, "Kyrgyz border guards moved two trucks to Moldo, close to "
                             "the Tajik line near Osh.")
    assert found["Osh"]["country"] == "KG"
    assert found.get("Moldo", {}).get("country") != "NO", found


@pytest.mark.parametrize(("sentence", "surface"), [
    ("Armenian soldiers dug in on the Kessel Ridge, 20 km from Jermuk.", "Kessel Ridge"),
    ("Armenian troops reached Point 512 north of Jermuk.", "Point 512"),
    ("Armenian police heard shots near the village of Ostrani, south of Jermuk.", "Ostrani"),
    ("Two Armenian boats patrolled Lake Ostrani, west of Jermuk.", "Lake Ostrani"),
    # any word and its number where a place is due: a numbered spur, post or sector
    ("Armenian troops near Jermuk moved back from Ledge 4 to Ledge 6.", "Ledge 6"),
])
def test_a_feature_the_gazetteer_lacks_is_placed_by_the_place_beside_it(
        pipeline, sentence, surface):
    found = places(pipeline, sentence)
    assert surface in found, found
    feature, jermuk = found[surface], found["Jermuk"]
    assert feature["country"] == "AM"
    assert haversine_km(feature["lat"], feature["lon"], jermuk["lat"], jermuk["lon"]) < 1
    assert "not in the gazetteer" in feature["note"]


@pytest.mark.parametrize(("sentence", "word"), [
    ("Talk-show host Larry Sandvik said Armenia was ready.", "Sandvik"),
    ("Armenia's Foreign Minister Ani Gervalla-Schwartz met envoys in Yerevan.", "Schwartz"),
    ("Senior Colonel Zhang Wei told reporters in Beijing that talks would go on.", "Zhang"),
    ("The talks resumed on Jul 4 in Yerevan.", "Jul"),
    ("THE WHITE HOUSE said on Friday it was watching Yerevan closely.", "THE WHITE HOUSE"),
])
def test_people_dates_and_shouted_names_are_no_places(pipeline, sentence, word):
    found = places(pipeline, sentence)
    assert word not in found, found
    assert "Yerevan" in found or "Armenia" in found or "Beijing" in found, found


@pytest.mark.parametrize("sentence, word", [
    ("The talks near Jermuk moved to Round 3 on Friday.", "Round 3"),
    ("Armenian deminers near Jermuk are in Phase 2 of the work.", "Phase 2"),
])
def test_a_numbered_stage_is_no_place(pipeline, sentence, word):
    assert word not in places(pipeline, sentence)
