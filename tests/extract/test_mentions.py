"""Mentions through the whole pipeline: places, people, organisations, units, equipment.

Every sentence here is written for these tests. Each test states what a careful
reader of a news report would expect; where the extractor does not (yet) do it,
the test is marked ``xfail(strict=True)`` with the reason, so that a fix shows up
as an unexpected pass.
"""

from __future__ import annotations

import pytest

from sitrep.extract.tokens import Tokens
from sitrep.geo.distance import haversine_km
from tests.conftest import sample_document

PLACE_KINDS = {"place", "state"}
ALL_TEXTS: list[str] = []  # every document of this module, for the offset check at the end


def text(value: str) -> str:
    """Register a document text (for the offset check) and return it."""
    ALL_TEXTS.append(value)
    return value


def extract(pipeline, value: str):
    return pipeline.extract(sample_document(value))


def entities_of(extraction) -> dict:
    return {entity.id: entity for entity in extraction.entities}


def mentions_of(extraction, surface: str, kinds=None) -> list:
    return [m for m in extraction.mentions
            if m.text == surface and (kinds is None or m.kind in kinds)]


def the_mention(extraction, surface: str, kinds=None):
    """The one mention with this text (and kind), failing with what was found instead."""
    found = mentions_of(extraction, surface, kinds)
    assert len(found) == 1, (surface, [(m.text, m.kind, m.entity_id, m.relation)
                                       for m in extraction.mentions])
    return found[0]


def place_mentions(extraction) -> list:
    return [m for m in extraction.mentions if m.kind in PLACE_KINDS]


def describe(extraction) -> list:
    """What was found, for assertion messages."""
    names = entities_of(extraction)
    return [(m.text, m.kind, m.entity_id, m.relation,
             names[m.entity_id].attributes.get("country") if m.entity_id in names else None)
            for m in extraction.mentions]


def km_from(entity, lat: float, lon: float) -> float:
    return haversine_km(entity.attributes["lat"], entity.attributes["lon"], lat, lon)


# --- Places: resolved to coordinates, country and kind --------------------------------------

@pytest.mark.parametrize(("sentence", "surface", "name", "kind", "country", "point", "within_km"), [
    pytest.param(text("Troops arrived in Voronezh on Tuesday."),
                 "Voronezh", "Voronezh", "city", "RU", (51.67, 39.18), 30, id="city"),
    pytest.param(text("Shelling continued in Donetsk Oblast overnight."),
                 "Donetsk Oblast", "Donetsk Oblast", "region", "UA", (48.0, 37.8), 30,
                 id="region-oblast"),
    pytest.param(text("Ukraine said fighting continued in the Luhansk region."),
                 "Luhansk region", "Luhansk Oblast", "region", "UA", (48.9, 39.2), 30,
                 id="region-lowercase-region"),
    pytest.param(text("The ministry said the troops had moved to Belarus."),
                 "Belarus", "Belarus", "country", "BY", (53.5, 28.0), 300, id="country"),
    pytest.param(text("Tanks were seen at the Pogonovo training ground."),
                 "Pogonovo training ground", "Pogonovo training ground", "area", "RU",
                 (51.5, 39.1), 30,
                 id="training-ground"),
    pytest.param(text("Transport aircraft landed at Belbek Air Base on Monday."),
                 "Belbek Air Base", "Belbek air base", "facility", "UA", (44.69, 33.58), 10,
                 id="facility"),
    pytest.param(text("Transport aircraft landed at the Belbek air base on Monday."),
                 "Belbek air base", "Belbek air base", "facility", "UA", (44.69, 33.58), 10,
                 id="facility-lowercase"),
    pytest.param(text("Landing ships sailed into the Sea of Azov."),
                 "Sea of Azov", "Sea of Azov", "area", None, (46.0, 36.5), 50, id="sea"),
])
def test_a_place_resolves_to_coordinates_country_and_kind(
        pipeline, sentence, surface, name, kind, country, point, within_km):
    extraction = extract(pipeline, sentence)
    mention = the_mention(extraction, surface, PLACE_KINDS)
    entity = entities_of(extraction)[mention.entity_id]
    assert entity.name == name
    assert entity.attributes["place_kind"] == kind
    assert entity.attributes["country"] == country
    assert km_from(entity, *point) <= within_km


# --- Places: transliteration variants ------------------------------------------------------

VARIANTS = [("Kiev", "Kyiv", "Ukraine"), ("Kharkov", "Kharkiv", "Ukraine"),
            ("Elnya", "Yelnya", "Russia"), ("Lugansk", "Luhansk", "Ukraine"),
            ("Osipovichi", "Asipovichy", "Belarus"), ("Evpatoria", "Yevpatoria", "Ukraine")]


def alone(country: str, name: str) -> str:
    return f"{country} reported explosions in {name}."


def together(country: str, one: str, other: str) -> str:
    return (f"{country} reported explosions in {one}. "
            f"Officials in {country} later said {other} was calm.")


for _one, _other, _country in VARIANTS:
    ALL_TEXTS.extend([alone(_country, _one), alone(_country, _other),
                      together(_country, _one, _other)])


def same_place(first, second) -> bool:
    return first.id == second.id or haversine_km(
        first.attributes["lat"], first.attributes["lon"],
        second.attributes["lat"], second.attributes["lon"]) <= 20


def resolved(pipeline, sentence: str, surface: str):
    extraction = extract(pipeline, sentence)
    mention = the_mention(extraction, surface, PLACE_KINDS)
    return entities_of(extraction)[mention.entity_id]


@pytest.mark.parametrize(("one", "other", "country"), VARIANTS,
                         ids=[f"{a}-{b}" for a, b, _ in VARIANTS])
def test_transliteration_variants_in_separate_documents_are_one_place(
        pipeline, one, other, country):
    first = resolved(pipeline, alone(country, one), one)
    second = resolved(pipeline, alone(country, other), other)
    assert first.attributes["country"] == second.attributes["country"] == country_code(country)
    assert same_place(first, second), (first, second)


def country_code(country: str) -> str:
    return {"Ukraine": "UA", "Russia": "RU", "Belarus": "BY"}[country]


def _same_document_case(one, other, country, failing_with=None):
    marks = () if failing_with is None else pytest.mark.xfail(strict=True, reason=failing_with)
    return pytest.param(one, other, country, id=f"{one}-{other}", marks=marks)


@pytest.mark.parametrize(("one", "other", "country"), [
    _same_document_case("Kiev", "Kyiv", "Ukraine"),
    _same_document_case("Kharkov", "Kharkiv", "Ukraine"),
    _same_document_case("Elnya", "Yelnya", "Russia"),
    _same_document_case("Lugansk", "Luhansk", "Ukraine"),
    _same_document_case("Osipovichi", "Asipovichy", "Belarus"),
    _same_document_case("Evpatoria", "Yevpatoria", "Ukraine"),
])
def test_transliteration_variants_in_one_document_are_one_place(pipeline, one, other, country):
    extraction = extract(pipeline, together(country, one, other))
    entities = entities_of(extraction)
    first = entities[the_mention(extraction, one, PLACE_KINDS).entity_id]
    second = entities[the_mention(extraction, other, PLACE_KINDS).entity_id]
    assert first.attributes["country"] == second.attributes["country"] == country_code(country)
    assert same_place(first, second), describe(extraction)


# --- Places: demonyms ------------------------------------------------------------------------

def test_a_demonym_before_border_names_the_state(pipeline):
    extraction = extract(pipeline, text("Troops gathered along the Belarusian border."))
    mention = the_mention(extraction, "Belarusian")
    entity = entities_of(extraction)[mention.entity_id]
    assert mention.kind == "state"
    assert mention.relation == "demonym"
    assert entity.attributes["country"] == "BY"
    assert entity.name == "Belarus"


def test_a_demonym_before_people_is_no_place(pipeline):
    extraction = extract(pipeline, text("Russian officials said the drills were over."))
    assert not place_mentions(extraction), describe(extraction)
    assert not mentions_of(extraction, "Russian"), describe(extraction)


# --- Places: disambiguation by context -------------------------------------------------------

@pytest.mark.parametrize(("sentence", "surface", "country", "point"), [
    pytest.param(text("The rally took place in Paris, Texas, last week."),
                 "Paris", "US", (33.66, -95.56), id="paris-texas"),
    pytest.param(text("France said the summit in Paris would go ahead."),
                 "Paris", "FR", (48.85, 2.35), id="paris-france"),
    pytest.param(text("The United States said a student in Moscow, Idaho, was arrested."),
                 "Moscow", "US", (46.73, -117.0), id="moscow-idaho"),
    # Tokmak (UA, ~30,000 people) shares its key with the larger Tokmok in Kyrgyzstan.
    pytest.param(text("Ukraine said Russian shells hit Tokmak overnight."),
                 "Tokmak", "UA", (47.26, 35.71), id="tokmak-ukraine"),
])
def test_context_decides_between_places_of_one_name(pipeline, sentence, surface, country, point):
    extraction = extract(pipeline, sentence)
    entity = entities_of(extraction)[the_mention(extraction, surface, PLACE_KINDS).entity_id]
    assert entity.attributes["country"] == country
    assert km_from(entity, *point) <= 30


@pytest.mark.parametrize(("sentence", "word"), [
    # "Lenin" is only a hamlet's name (or an old alternate name of small towns).
    pytest.param(text("Historians said Lenin signed the decree."), "Lenin", id="lenin"),
    pytest.param(text("Russia said fighters of the Wagner group left."), "Wagner", id="wagner"),
])
def test_a_capitalised_word_that_is_no_place_here_gives_no_place(pipeline, sentence, word):
    extraction = extract(pipeline, sentence)
    assert not [m for m in place_mentions(extraction) if m.text == word], describe(extraction)


# --- Places: common words and person names ---------------------------------------------------

@pytest.mark.parametrize("sentence", [
    text("Reading the report, analysts were alarmed."),
    text("Nice try, the spokesman said."),
    text("Of the three battalions, two left."),
    text("Mobile phones were banned at the base."),
])
def test_common_words_at_the_start_of_a_sentence_are_no_places(pipeline, sentence):
    extraction = extract(pipeline, sentence)
    assert not place_mentions(extraction), describe(extraction)


def test_a_common_word_after_in_is_a_place_in_its_context(pipeline):
    extraction = extract(pipeline, text("France said the summit would be held in Nice."))
    entity = entities_of(extraction)[the_mention(extraction, "Nice", PLACE_KINDS).entity_id]
    assert entity.attributes["country"] == "FR"
    assert km_from(entity, 43.70, 7.27) <= 20


@pytest.mark.parametrize(("sentence", "name"), [
    pytest.param(text("Jens Stoltenberg said the alliance was ready."), "Stoltenberg",
                 id="stoltenberg"),
    pytest.param(text("Historians in Russia said Stalin ordered the deportations."), "Stalin",
                 id="stalin"),
])
def test_person_names_are_no_places(pipeline, sentence, name):
    extraction = extract(pipeline, sentence)
    start = sentence.index(name)
    assert not [m for m in place_mentions(extraction) if m.start < start + len(name)
                and start < m.end], describe(extraction)


# --- Places: relative places keep their anchor -----------------------------------------------

def test_near_keeps_its_anchor(pipeline):
    extraction = extract(pipeline, text("Troops were seen at a military training area "
                                        "near Voronezh."))
    mention = the_mention(extraction, "Voronezh", PLACE_KINDS)
    assert mention.relation == "near"
    assert entities_of(extraction)[mention.entity_id].attributes["country"] == "RU"


def relative(direction: str) -> str:
    return f"Tanks were parked 300 kilometers {direction} of Kharkiv."


ALL_TEXTS.extend(relative(direction) for direction in ("northeast", "north-east"))


@pytest.mark.parametrize("direction", [
    "northeast",
    "north-east",
])
def test_distance_and_direction_keep_their_anchor(pipeline, direction):
    extraction = extract(pipeline, relative(direction))
    mention = the_mention(extraction, "Kharkiv", PLACE_KINDS)
    assert mention.relation is not None and f"300 kilometers {direction} of" in mention.relation
    assert entities_of(extraction)[mention.entity_id].attributes["country"] == "UA"


def test_the_x_area_keeps_its_anchor(pipeline):
    extraction = extract(pipeline, text("Equipment arrived in the Klintsy area on Monday."))
    mention = the_mention(extraction, "Klintsy", PLACE_KINDS)
    assert mention.relation == "area"
    entity = entities_of(extraction)[mention.entity_id]
    assert entity.attributes["country"] == "RU"
    assert km_from(entity, 52.76, 32.24) <= 20


# --- Places: disputed territory ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "surface", "control"), [
    pytest.param(text("Ukraine said Russian troops massed in Crimea."), "Crimea",
                 "under Russian control since 2014", id="crimea"),
    pytest.param(text("Shelling was reported across Donetsk Oblast."), "Donetsk Oblast",
                 "held since 2014 by the Russian-backed", id="donetsk-oblast"),
])
def test_disputed_territory_is_de_jure_with_a_note_on_control(pipeline, sentence, surface, control):
    extraction = extract(pipeline, sentence)
    entity = entities_of(extraction)[the_mention(extraction, surface, PLACE_KINDS).entity_id]
    assert entity.attributes["country"] == "UA"
    note = entity.attributes.get("note", "")
    assert "de jure Ukraine" in note
    assert control in note


# --- People ----------------------------------------------------------------------------------

def person_mentions(extraction) -> list:
    return [m for m in extraction.mentions if m.kind == "person"]


def titled(name: str) -> str:
    return f"NATO Secretary General {name} said the alliance would respond."


TITLED_NAMES = ("Jens Stoltenberg", "Helga Brandt")  # one in people.tsv, one not
ALL_TEXTS.extend(titled(name) for name in TITLED_NAMES)


@pytest.mark.parametrize("name", TITLED_NAMES)
def test_a_title_with_an_organisation_gives_role_and_organisation(pipeline, name):
    extraction = extract(pipeline, titled(name))
    mention = the_mention(extraction, name, {"person"})
    person = entities_of(extraction)[mention.entity_id]
    assert person.name == name
    assert "Secretary General" in person.attributes["role"]
    assert person.attributes["organisation"] == "NATO"
    assert the_mention(extraction, "NATO").kind == "organisation"


def test_a_known_surname_after_a_title_resolves_to_the_full_name(pipeline):
    extraction = extract(pipeline, text("Russian Foreign Minister Lavrov said talks would "
                                        "continue."))
    mention = the_mention(extraction, "Lavrov", {"person"})
    person = entities_of(extraction)[mention.entity_id]
    assert person.name == "Sergey Lavrov"
    assert "Foreign Minister" in person.attributes["role"]


def test_an_apposition_gives_the_role(pipeline):
    extraction = extract(pipeline, text("Maria Lindqvist, the Swedish ambassador to NATO, said "
                                        "the alliance was united."))
    mention = the_mention(extraction, "Maria Lindqvist", {"person"})
    assert "ambassador" in entities_of(extraction)[mention.entity_id].attributes["role"]


def test_a_first_name_and_surname_without_a_title_is_a_person(pipeline):
    extraction = extract(pipeline, text("Dimitri Orlovsky warned that the build-up continued."))
    mention = the_mention(extraction, "Dimitri Orlovsky", {"person"})
    assert entities_of(extraction)[mention.entity_id].name == "Dimitri Orlovsky"
    assert not place_mentions(extraction), describe(extraction)


def test_a_later_surname_is_the_same_person(pipeline):
    extraction = extract(pipeline, text("Anna Kovalenko visited the front on Monday. "
                                        "Kovalenko said morale was high."))
    full = the_mention(extraction, "Anna Kovalenko", {"person"})
    surname = the_mention(extraction, "Kovalenko", {"person"})
    assert full.entity_id == surname.entity_id
    assert entities_of(extraction)[full.entity_id].name == "Anna Kovalenko"


def role_noun(later: str) -> str:
    return ("NATO Secretary General Jens Stoltenberg spoke to reporters in Brussels. "
            f"Later {later} added that the allies were united.")


ALL_TEXTS.extend(role_noun(later)
                 for later in ("the Secretary General", "the NATO Secretary General"))


@pytest.mark.parametrize("later", [
    "the Secretary General",
    "the NATO Secretary General",
])
def test_a_role_noun_refers_back_to_its_holder(pipeline, later):
    sentence = role_noun(later)
    extraction = extract(pipeline, sentence)
    second = sentence.index("Later")
    people = [m for m in person_mentions(extraction) if m.start > second]
    assert [m.entity_id for m in people] == ["person:jens-stoltenberg"], describe(extraction)
    assert people[0].text.endswith("Secretary General")


@pytest.mark.parametrize("sentence", [
    text("President Selensky addressed the nation on Friday."),
    text("Ukraine's leader Selensky addressed the nation on Friday."),
])
def test_a_transliterated_surname_is_the_known_person(pipeline, sentence):
    extraction = extract(pipeline, sentence)
    mention = the_mention(extraction, "Selensky", {"person"})
    assert entities_of(extraction)[mention.entity_id].name == "Volodymyr Zelensky"


@pytest.mark.parametrize("sentence", [
    text("The Norwegian told reporters the talks had failed."),
    text("In Moscow, officials denied the reports."),
])
def test_a_demonym_or_a_place_after_in_is_no_person(pipeline, sentence):
    extraction = extract(pipeline, sentence)
    assert not person_mentions(extraction), describe(extraction)


def test_in_moscow_is_the_russian_capital(pipeline):
    extraction = extract(pipeline, text("In Moscow, officials denied the reports."))
    entity = entities_of(extraction)[the_mention(extraction, "Moscow", PLACE_KINDS).entity_id]
    assert entity.attributes["country"] == "RU"
    assert km_from(entity, 55.75, 37.62) <= 30


# --- Organisations ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "surface", "name", "kind"), [
    pytest.param(text("The Russian Ministry of Defense said the drills had ended."),
                 "Russian Ministry of Defense", "Russian Ministry of Defense", "ministry",
                 id="russian-mod"),
    pytest.param(text("Russia's Defense Ministry said the drills had ended."),
                 "Russia's Defense Ministry", "Russian Ministry of Defense", "ministry",
                 id="russias-mod"),
    pytest.param(text("The Russian Foreign Ministry summoned the envoy."),
                 "Russian Foreign Ministry", "Russian Foreign Ministry", "ministry",
                 id="russian-foreign-ministry"),
    pytest.param(text("Analysts at the Carnegie Moscow Center doubted the claim."),
                 "Carnegie Moscow Center", "Carnegie Moscow Center", "think tank",
                 id="think-tank"),
    pytest.param(text("Analysts at the Carnegie Center doubted the claim."),
                 "Carnegie Center", "Carnegie Moscow Center", "think tank", id="think-tank-alias"),
    pytest.param(text("Interfax reported that the convoy had left."),
                 "Interfax", "Interfax", "media", id="media-interfax"),
    pytest.param(text("The convoy had left, TASS reported."), "TASS", "TASS", "media",
                 id="media-tass"),
])
def test_organisations_in_the_vocabulary_carry_its_name_and_type(
        pipeline, sentence, surface, name, kind):
    extraction = extract(pipeline, sentence)
    mention = the_mention(extraction, surface, {"organisation"})
    entity = entities_of(extraction)[mention.entity_id]
    assert entity.name == name
    assert entity.attributes.get("type") == kind, entity.attributes


@pytest.mark.parametrize(("sentence", "surface"), [
    (text("The Defense Ministry said the drills had ended."), "Defense Ministry"),
    (text("The Russian Security Council met on Friday."), "Russian Security Council"),
    (text("The NATO-Russia Council met on Wednesday."), "NATO-Russia Council"),
    (text("Veterans of the Red Army marched in the parade."), "Red Army"),
    # Two head nouns in one run of capitals: the name runs to the last.
    (text("The Ukrainian Parliament Budget Committee voted on Monday."),
     "Ukrainian Parliament Budget Committee"),
    # "of" and name words after a head noun belong to the name.
    (text("The Ministry of Foreign Affairs of Moldova summoned the envoy."),
     "Ministry of Foreign Affairs of Moldova"),
    (text("Officers of the Army of Armenia watched the parade."), "Army of Armenia"),
])
def test_organisations_are_found_by_their_shape(pipeline, sentence, surface):
    extraction = extract(pipeline, sentence)
    mention = the_mention(extraction, surface, {"organisation"})
    assert entities_of(extraction)[mention.entity_id].name == surface
    inside = [m for m in extraction.mentions if m is not mention
              and m.start < mention.end and mention.start < m.end]
    assert not inside, describe(extraction)  # not also "NATO", "Russia" or a unit inside it


@pytest.mark.parametrize(("sentence", "surface", "country"), [
    (text("Clashes with the Georgian police left two men wounded."), "Georgian police", "GE"),
    (text("Chile's defence ministry denied the report."), "Chile's defence ministry", "CL"),
    (text("The Armenian armed forces moved artillery to the pass."), "Armenian armed forces",
          "AM"),
    (text("Witnesses said the Peruvian army had closed the road."), "Peruvian army", "PE"),
])
def test_a_body_named_after_its_state_is_an_organisation_of_that_state(
        pipeline, sentence, surface, country):
    """Any state's own bodies, in a theatre no pack covers, named in lower case."""
    extraction = extract(pipeline, sentence)
    body = [m for m in extraction.mentions if m.kind == "organisation"]
    assert len(body) == 1, describe(extraction)
    entity = entities_of(extraction)[body[0].entity_id]
    assert (entity.name, entity.attributes["country"]) == (surface, country)
    assert surface.endswith(body[0].text)  # the state stays a mention of its own


def test_a_body_word_alone_names_no_organisation(pipeline):
    extraction = extract(pipeline, text("The army and the police closed the road."))
    assert not [m for m in extraction.mentions if m.kind == "organisation"], \
        describe(extraction)


# --- Units and equipment ---------------------------------------------------------------------

def test_units_and_equipment_come_through_the_pipeline(pipeline):
    extraction = extract(pipeline, text("The 41st Combined Arms Army moved Iskander launchers "
                                        "toward the border."))
    unit = the_mention(extraction, "41st Combined Arms Army")
    assert unit.kind == "unit"
    assert the_mention(extraction, "Iskander").kind == "equipment"
    overlapping = [m for m in extraction.mentions
                   if m.kind == "organisation" and m.start < unit.end and unit.start < m.end]
    assert not overlapping, describe(extraction)


# --- Offsets ---------------------------------------------------------------------------------

def test_the_token_lists_the_finders_read_agree_with_spacys_tokens(pipeline):
    doc = pipeline.nlp.make_doc("  The 41st Army\n\nmoved  to Kyïv's outskirts (near Brovary) --\tU.S. said. ")
    tokens = Tokens(doc)
    assert tokens.text == [t.text for t in doc]
    assert tokens.lower == [t.lower_ for t in doc]
    assert tokens.start == [t.idx for t in doc]
    assert all(tokens.span(start, end) == doc[start:end].text
               for start in range(len(doc)) for end in range(start, len(doc) + 1))


def test_every_mention_is_the_exact_slice_of_its_document(pipeline):
    assert len(ALL_TEXTS) > 40
    for value in ALL_TEXTS:
        document = sample_document(value)
        for mention in pipeline.extract(document).mentions:
            assert document.text[mention.start:mention.end] == mention.text, (value, mention)


def test_names_listed_with_a_place_are_places_placed_by_it(pipeline):
    """Villages no gazetteer holds, listed with one it does, in an invented frontier."""
    extraction = extract(pipeline, text(
        "Troops were sent to Qorvash, Belmuk and Trabzon on Tuesday."))
    listed = {m.text: entities_of(extraction)[m.entity_id] for m in place_mentions(extraction)}
    assert {"Qorvash", "Belmuk", "Trabzon"} <= set(listed), describe(extraction)
    for name in ("Qorvash", "Belmuk"):
        assert km_from(listed[name], listed["Trabzon"].attributes["lat"],
                       listed["Trabzon"].attributes["lon"]) < 1


def test_a_list_of_people_beside_a_place_stays_people(pipeline):
    extraction = extract(pipeline, text(
        "Talks in Geneva, Vardan Osipyan and Lena Marsh said, went well."))
    assert not [m for m in place_mentions(extraction) if m.text in ("Vardan Osipyan",
                                                                   "Lena Marsh")]


def test_a_name_a_distance_is_measured_from_is_a_place(pipeline):
    extraction = extract(pipeline, text(
        "Georgian troops dug in near Gori, 40 km from Vardozh, the ministry said."))
    assert the_mention(extraction, "Vardozh").kind == "place", describe(extraction)
    assert not [m for m in extraction.mentions if m.kind == "person"]


def test_a_feature_named_before_its_place_is_placed_in_it(pipeline):
    extraction = extract(pipeline, text(
        "Police were attacked near the village of Zorkavan in northern Armenia. "
        "Armenia blamed Azerbaijan; Armenian officials said Armenia would respond."))
    village = entities_of(extraction)[the_mention(extraction, "Zorkavan").entity_id]
    assert village.attributes["country"] == "AM", describe(extraction)


def test_a_namesake_abroad_loses_to_the_theatre_a_report_names_most(pipeline):
    """ "Hot Springs" in a report on Armenia that names the US once is no US town."""
    extraction = extract(pipeline, text(
        "Armenian troops left the post at Hot Springs in northern Armenia on Monday. "
        "Armenia and Azerbaijan traded blame, and Armenia said the US had been told."))
    springs = entities_of(extraction)[the_mention(extraction, "Hot Springs").entity_id]
    assert springs.attributes["country"] == "AM", describe(extraction)


@pytest.mark.parametrize("feature", ["Finger 3", "Pillar 41", "Spur 12"])
def test_a_numbered_frontier_feature_is_a_place_by_the_places_around_it(pipeline, feature):
    extraction = extract(pipeline, text(
        f"Armenian troops pulled back from {feature} near Jermuk on Friday."))
    place = entities_of(extraction)[the_mention(extraction, feature).entity_id]
    assert place.attributes["country"] == "AM", describe(extraction)
