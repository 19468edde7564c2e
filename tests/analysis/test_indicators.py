import datetime as dt
import random
import re
from pathlib import Path

import pytest

from sitrep.analysis.contradictions import ContradictionFinder
from sitrep.analysis.corroboration import SourceGroups
from sitrep.analysis.indicators import IndicatorBoard, _names
from sitrep.case import load_case, parse_case
from sitrep.extract.annotate import default_annotator
from sitrep.knowledge import default_knowledge
from sitrep.lang import LanguagePack
from sitrep.model import Event, Ref
from sitrep.registry import vocabulary
from tests.analysis.reports import WIRE_STORY, event, report, statement, wire_copy

MISSILES = {"id": "missiles-forward", "name": "Ballistic missiles moved forward",
            "kinds": ["move", "deploy"], "actors": ["RU"], "equipment": ["ballistic missile"]}
HOSPITALS = {"id": "field-hospitals", "name": "Field hospitals set up",
             "kinds": ["deploy", "construct"], "terms": ["blood bank", "surgical tents"],
             "equipment": ["medical"]}
NEAR = {"id": "near-border", "name": "Forces massed near the border",
        "kinds": ["build_up", "deploy"], "actors": ["RU", "BY"], "within_km": 100}

EXAMPLE_CASE = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2022"

# distance to the border of the country at risk, by coordinates
BORDER_KM = {(50.6, 36.6): 40.0, (52.75, 32.24): 95.0, (54.58, 33.18): 250.0, (55.0, 73.4): 2300.0}
PLACES = {"Belgorod": (50.6, 36.6), "Klintsy": (52.75, 32.24), "Yelnya": (54.58, 33.18),
          "Omsk": (55.0, 73.4), "Nowhere": (10.0, 10.0)}


def make_case(*indicators, **extra):
    data = {"name": "Test crisis", "country_at_risk": "UA",
            "hypotheses": [{"id": "H1", "name": "Coercion"}, {"id": "H2", "name": "Invasion"}],
            "indicators": list(indicators), **extra}
    return parse_case(data, directory=Path("."), path=Path("case.yaml"))


def seen(kind="deploy", text="Iskander launchers were deployed to a field near Belgorod.",
         side="RU", date="2022-02-10", **fields):
    return event("e1", kind, text, side=side, date=date, **fields)


def doc(name, *records, publisher=None, published="2022-02-11", text=None):
    """A report with words of its own besides its records, so that reports with the same
    records are not near-duplicates."""
    own = " ".join(f"{name}word{i}" for i in range(30)) + "."
    return report(name, *records, own, publisher=publisher or f"Outlet {name}",
                  published=published, places=PLACES, text=text)


def board_of(case, *reports, border_km=None):
    groups = SourceGroups(case.corroboration.near_duplicate)
    board = IndicatorBoard(case, groups, border_km)
    for r in reports:
        groups.add(r)
        board.add(r)
    return board


def state(case, *reports, contradictions=(), border_km=None, indicator=None):
    states = board_of(case, *reports, border_km=border_km).board(list(contradictions))
    return {s.indicator.id: s for s in states}[indicator or case.indicators[0].id]


def hits(case, *events, **options):
    return [h.ref for h in state(case, doc("a", *events), **options).hits]


def border_km(lat, lon):
    return BORDER_KM.get((lat, lon))


# -- what matches ------------------------------------------------------------------------


@pytest.mark.parametrize("text, matches", [
    ("Iskander launchers were deployed to a field near Belgorod.", True),
    ("Two Iskander-M brigades were deployed near Belgorod.", True),
    ("Several Iskanders were deployed near Belgorod.", True),
    ("SS-26 missiles were deployed near Belgorod.", True),
    ("Tochka-U launchers were deployed near Belgorod.", True),
    ("Short-range ballistic missiles were deployed near Belgorod.", True),
    ("T-72 tanks were deployed near Belgorod.", False),
    ("Kalibr cruise missiles were deployed near Belgorod.", False),
    ("The Iskandersky battalion was deployed near Belgorod.", False),  # not a word of its own
])
def test_equipment_category_matches_its_names_and_aliases(text, matches):
    case = make_case(MISSILES)
    assert hits(case, seen(text=text)) == ([Ref("id-a", "e1")] if matches else [])


@pytest.mark.parametrize("text", [
    pytest.param("Field hospitals were deployed near Belgorod.", id="field-hospitals"),
    pytest.param("Mobile hospitals were deployed near Belgorod.", id="mobile-hospitals"),
])
def test_equipment_category_matches_plurals(text):
    case = make_case(HOSPITALS)
    assert hits(case, seen(text=text)) == [Ref("id-a", "e1")]


@pytest.mark.parametrize("text", [
    "Blood supplies were flown to Belgorod.",
    "Fuel lorries were deployed near Belgorod.",
    "A blood supply was flown to Belgorod.",
])
def test_equipment_category_matches_plurals_in_y(text):
    case = make_case(HOSPITALS | {"equipment": ["medical", "logistics"]})
    assert hits(case, seen(text=text)) == [Ref("id-a", "e1")]


@pytest.mark.parametrize("text, matches", [
    ("Smerches were deployed near Belgorod.", True),
    ("A Smerch was deployed near Belgorod.", True),
    ("Smerchs were deployed near Belgorod.", False),
])
def test_equipment_category_matches_plurals_in_es(text, matches):
    case = make_case(MISSILES | {"equipment": ["rocket artillery"]})
    assert hits(case, seen(text=text)) == ([Ref("id-a", "e1")] if matches else [])


@pytest.mark.parametrize("text, matches", [
    ("Surgical tents were put up near Belgorod.", True),
    ("A blood bank was set up near Belgorod.", True),
    ("A BLOOD BANK was set up near Belgorod.", True),
    ("A blood-bank was set up near Belgorod.", True),  # the words in a row
    ("Blood, banking staff and tents arrived in Belgorod.", False),
    ("Blood banking staff arrived in Belgorod.", False),  # terms match on word boundaries
    ("Tents were put up near Belgorod.", False),
])
def test_terms_match_case_insensitively_on_word_boundaries(text, matches):
    case = make_case(HOSPITALS | {"equipment": []})
    assert bool(hits(case, seen("construct", text=text))) is matches


@pytest.mark.parametrize("kind, matches", [
    ("deploy", True), ("move", True), ("exercise", False), ("withdraw", False)])
def test_event_kind_must_be_one_of_kinds(kind, matches):
    assert bool(hits(make_case(MISSILES), seen(kind))) is matches


@pytest.mark.parametrize("side, matches", [
    ("RU", True), ("ru", True), (None, False),  # a side unknown never stands for one
    ("BY", False), ("UA", False)])
def test_event_actor_must_be_one_of_actors(side, matches):
    assert bool(hits(make_case(MISSILES), seen(side=side))) is matches


def test_indicator_without_actors_takes_any_side():
    case = make_case(MISSILES | {"actors": []})
    assert hits(case, seen(side="UA")) == [Ref("id-a", "e1")]


@pytest.mark.parametrize("modality, default, widened", [
    ("observed", True, True), ("claimed", False, True), ("planned", False, True),
    ("hypothetical", False, False), ("historical", False, False)])
def test_modality_filter(modality, default, widened):
    """Only what was seen to happen is evidence by default; a case may widen it."""
    assert bool(hits(make_case(MISSILES), seen(modality=modality))) is default
    case = make_case(MISSILES | {"modalities": ["observed", "claimed", "planned"]})
    assert bool(hits(case, seen(modality=modality))) is widened


def test_plover_filter():
    case = make_case({"id": "mobilize", "name": "Mobilisation", "plover": ["MOBILIZE"]})
    assert hits(case, seen(plover="MOBILIZE")) == [Ref("id-a", "e1")]
    assert hits(case, seen(plover="AGREE")) == []
    assert hits(case, seen()) == []


@pytest.mark.parametrize("places, matches", [
    ({"location": "Belgorod"}, True),                        # 40 km
    ({"destination": "Klintsy"}, True),                      # 95 km
    ({"location": "Yelnya"}, False),                         # 250 km
    ({"origin": "Omsk", "destination": "Klintsy"}, True),    # ends near the border
    ({"origin": "Klintsy", "destination": "Omsk"}, True),    # any of its places
    ({"origin": "Omsk", "via": ["Belgorod"], "destination": "Yelnya"}, True),
    ({"location": "Nowhere"}, False),                        # distance unknown
    ({"location": "Torzhok"}, False),                        # no coordinates in the report
    ({}, False),                                             # no place at all
])
def test_within_km_uses_the_border_distance(places, matches):
    case = make_case(NEAR)
    found = hits(case, seen("build_up", text="More troops arrived.", **places),
                 border_km=border_km)
    assert bool(found) is matches


def test_within_km_without_a_border_distance_matches_nothing():
    case = make_case(NEAR)
    assert hits(case, seen("build_up", text="More troops arrived.", location="Belgorod")) == []


def test_statement_indicator():
    case = make_case({"id": "us-warns", "name": "US warns of an invasion", "match": "statements",
                      "kinds": ["warning", "assessment"], "actors": ["US"],
                      "terms": ["invasion"]})
    warning = statement("s1", "An invasion could begin any day now, Jane Ortiz warned.",
                        kind="warning", side="US", speaker="Jane Ortiz", date="2022-02-12")
    unattributed = statement("s2", "An invasion is possible, a newspaper wrote.",
                             kind="assessment")
    off_topic = statement("s3", "Sanctions are ready, Jane Ortiz said.", kind="warning",
                          side="US", speaker="Jane Ortiz")
    claim = statement("s4", "There will be no invasion, Jane Ortiz said.", kind="claim",
                      side="US", speaker="Jane Ortiz")
    found = state(case, doc("a", warning, unattributed, off_topic, claim))
    assert [h.ref for h in found.hits] == [Ref("id-a", "s1")]
    assert found.hits[0].speaker == "Jane Ortiz"
    assert found.hits[0].date == dt.date(2022, 2, 12)
    assert found.status == "reported"


# -- statuses ---------------------------------------------------------------------------------


def test_not_seen_without_hits():
    found = state(make_case(MISSILES), doc("a", seen(text="Tanks were deployed.")))
    assert (found.status, found.sources, found.hits) == ("not seen", 0, [])
    assert found.first_seen is None
    assert found.status in vocabulary().indicator_statuses


def test_one_source_is_reported():
    found = state(make_case(MISSILES), doc("a", seen()))
    assert (found.status, found.sources, found.sources_against) == ("reported", 1, 0)
    assert found.first_seen == found.last_seen == dt.date(2022, 2, 10)
    assert found.hits[0].speaker == "Outlet a"  # no statement: the outlet asserts it
    assert found.hits[0].own_side is False


def test_two_independent_publishers_corroborate():
    found = state(make_case(MISSILES), doc("a", seen(date="2022-02-10")),
                  doc("b", seen(date="2022-02-14", text="An Iskander unit deployed nearby.")))
    assert (found.status, found.sources) == ("corroborated", 2)
    assert (found.first_seen, found.last_seen) == (dt.date(2022, 2, 10), dt.date(2022, 2, 14))


def test_two_reports_of_one_publisher_are_one_source():
    found = state(make_case(MISSILES), doc("a", seen(), publisher="Baltic Wire"),
                  doc("b", seen(), publisher="Baltic Wire"))
    assert (found.status, found.sources, len(found.hits)) == ("reported", 1, 2)


def test_reprints_of_one_wire_story_are_one_source():
    text = "Iskander launchers were deployed to a field near Belgorod."
    first = doc("a", seen(text=text), publisher="Baltic Wire", text=WIRE_STORY + " " + text)
    reprint = doc("b", seen(text=text), publisher="Evening Courier",
                  text=wire_copy("The governor said he knew nothing about it.") + " " + text)
    own = doc("c", seen(text=text), publisher="Kyiv Herald",
              text="Our correspondent saw it. " + text)
    case = make_case(MISSILES)
    found = state(case, first, reprint)
    assert (found.status, found.sources, len(found.hits)) == ("reported", 1, 2)
    assert state(case, first, reprint, own).status == "corroborated"


def test_a_reprint_does_not_join_its_outlet_to_the_wire():
    # the Courier reprints the wire story and also reports the sighting itself
    text = "Iskander launchers were deployed to a field near Belgorod."
    first = doc("a", seen(text=text), publisher="Baltic Wire", published="2022-02-10",
                text=WIRE_STORY + " " + text)
    reprint = doc("b", seen(text=text), publisher="Evening Courier",
                  text=wire_copy("The governor said he knew nothing about it.") + " " + text)
    own = doc("c", seen(text=text), publisher="Evening Courier",
              text="Our correspondent saw it. " + text)
    found = state(make_case(MISSILES), first, reprint, own)
    assert (found.status, found.sources, len(found.hits)) == ("corroborated", 2, 3)


def test_sources_needed_can_be_set_per_indicator_and_per_case():
    reports = [doc("a", seen()), doc("b", seen())]
    assert state(make_case(MISSILES | {"sources": 3}), *reports).status == "reported"
    assert state(make_case(MISSILES, corroboration={"sources": 3}), *reports).status == "reported"
    assert state(make_case(MISSILES | {"sources": 1}), reports[0]).status == "corroborated"


def test_negated_event_counts_against():
    quiet = seen(text="Iskander launchers have not been deployed near Belgorod.", negated=True)
    found = state(make_case(MISSILES), doc("a", quiet))
    assert (found.status, found.sources, found.sources_against) == ("contradicted", 0, 1)
    assert [h.against for h in found.hits] == [True]
    assert found.first_seen is None  # a denial of the sighting is no sighting


def test_contradicted_only_when_sources_against_outnumber_those_for():
    case = make_case(MISSILES)
    quiet = seen(text="Iskander launchers have not been deployed near Belgorod.", negated=True)
    even = state(case, doc("a", seen()), doc("b", quiet))
    assert (even.status, even.sources, even.sources_against) == ("reported", 1, 1)
    more = state(case, doc("a", seen()), doc("b", quiet), doc("c", quiet))
    assert (more.status, more.sources, more.sources_against) == ("contradicted", 1, 2)
    same_outlet = state(case, doc("a", seen()), doc("b", quiet, publisher="Wire"),
                        doc("c", quiet, publisher="Wire"))
    assert same_outlet.status == "reported"


def test_own_side_speaker_marks_the_hit():
    text = "Our Iskander battalions have deployed to their new positions, Colonel Rudenko said."
    said = statement("s1", text, kind="claim", side="RU", speaker="Colonel Rudenko")
    claimed = seen(text=text, modality="claimed", statement="s1")
    widened = make_case(MISSILES | {"modalities": ["observed", "claimed"]})
    [hit] = state(widened, doc("a", said, claimed)).hits
    assert (hit.speaker, hit.own_side) == ("Colonel Rudenko", True)


def test_hits_accumulate_as_documents_arrive():
    case = make_case(MISSILES)
    groups = SourceGroups()
    board = IndicatorBoard(case, groups)
    statuses = []
    for r in (doc("a", seen()), doc("b", seen())):
        groups.add(r)
        board.add(r)
        statuses.append(board.board([])[0].status)
    assert statuses == ["reported", "corroborated"]


# -- contradicted claims ------------------------------------------------------------------------


PULLBACK = {"id": "pullback-contradicted", "name": "Announced pullback contradicted",
            "match": "contradictions", "kinds": ["withdraw"], "actors": ["RU"]}


def contradicted_claims(*evidence):
    text = "Our units have finished their drills and are returning to base, Pavel Rudenko said."
    said = statement("s1", text, side="RU", speaker="Pavel Rudenko", date="2022-02-15")
    withdrawal = event("e1", "withdraw", text, side="RU", modality="claimed", statement="s1")
    denial = statement("s2", "We are not going to attack anyone, Oleg Varin said.",
                       kind="denial", side="RU", speaker="Oleg Varin", date="2022-02-15")
    claims = report("claims", said, withdrawal, denial, published="2022-02-15",
                    publisher="Moscow Daily")
    finder = ContradictionFinder()
    for r in (claims, *evidence):
        finder.add(r)
    return finder.contradictions()


def build_up(name, publisher=None, date="2022-02-18"):
    return doc(name, seen("build_up", text="More tanks arrived at the camp near Klintsy.",
                          date=date), publisher=publisher, published=date)


def test_contradiction_indicator_picks_up_contradicted_withdrawals():
    evidence = [build_up("b"), build_up("c")]
    records = contradicted_claims(*evidence)
    assert {r.claim.assertion for r in records} == {"withdraw", "no_attack"}
    found = state(make_case(PULLBACK), *evidence, contradictions=records)
    assert sorted(h.ref.doc_id for h in found.hits) == ["id-b", "id-c"]  # each once
    assert found.hits[0].date == dt.date(2022, 2, 18)
    assert (found.status, found.sources) == ("corroborated", 2)


def test_contradiction_indicator_with_one_source_is_reported():
    evidence = [build_up("b")]
    found = state(make_case(PULLBACK), *evidence, contradictions=contradicted_claims(*evidence))
    assert (found.status, [h.ref for h in found.hits]) == ("reported", [Ref("id-b", "e1")])


def test_contradiction_indicator_ignores_claims_of_other_sides_and_kinds():
    evidence = [build_up("b")]
    records = contradicted_claims(*evidence)
    assert state(make_case(PULLBACK | {"actors": ["BY"]}), *evidence,
                 contradictions=records).status == "not seen"
    assert state(make_case(PULLBACK | {"kinds": ["deploy"]}), *evidence,
                 contradictions=records).status == "not seen"
    assert state(make_case(PULLBACK), *evidence, contradictions=[]).status == "not seen"
    # without kinds (terms only, which contradictions ignore) any claim of the side counts
    loose = state(make_case(PULLBACK | {"kinds": [], "terms": ["anything"]}), *evidence,
                  contradictions=records)
    assert (loose.status, [h.ref for h in loose.hits]) == ("reported", [Ref("id-b", "e1")])


# -- the quick paths against the plain rules ----------------------------------------------


def equipment_names(categories):
    """The names and aliases the default packs' equipment of the categories has."""
    return [form for row in default_knowledge().equipment if row.category in categories
            for form in (row.name, *row.aliases)]


def plain_pattern(indicator):
    """All its terms and equipment names in one pattern: the rule as case.yaml states it
    (a term's words in a row, whatever stands between them)."""
    plural = LanguagePack.load("en").plural
    names = [r"\W+".join(map(re.escape, re.findall(r"\w+", t))) for t in indicator.terms]
    names += [f"(?:{re.escape(n)}|{re.escape(plural(n))})"
              for n in equipment_names(indicator.equipment)]
    return re.compile(r"(?<!\w)(?:" + "|".join(names) + r")(?!\w)", re.IGNORECASE)


def name_texts(indicator):
    """Sentences holding each of its names as written, in capitals, in plurals right and
    wrong, glued to other words, and cut short."""
    names = [*indicator.terms, *equipment_names(indicator.equipment)]
    for name in names:
        for variant in {name, name.upper(), name + "s", name + "es", name[:-1] + "ies",
                        name + "ies", "x" + name, name + "x", name[:-1]}:
            yield f"Reports said {variant} were seen near Belgorod."
            yield f"{variant}, then more."


def test_names_are_found_where_the_plain_pattern_finds_them():
    """Extraction's equipment categories and words, searched for an indicator's names,
    against its names searched for in the text."""
    case = load_case(EXAMPLE_CASE)
    tried = 0
    for indicator in case.indicators:
        names, plain = _names(indicator), plain_pattern(indicator)
        if names is None:
            continue
        for text in name_texts(indicator):
            record = event("e1", "move", text)
            default_annotator().event(record, [])
            found = names.found_in(record.equipment_categories, record.words)
            assert found is (plain.search(text) is not None), text
            tried += 1
    assert tried > 1000


def test_indicators_admitted_are_those_testing_every_indicator_finds():
    """The board, which tests an item against the indicators its kind, PLOVER code, side
    and modality admit, against every indicator tested on every item by the plain rules."""
    case = load_case(EXAMPLE_CASE)
    rng = random.Random(5)
    kinds = ["move", "deploy", "build_up", "withdraw", "exercise", "recognize", "construct",
             "other", "assessment", "claim"]
    texts = [f"{subject} {verb} near {place}." for subject in
             ["Tanks", "Iskander launchers", "Troops back from leave", "A field hospital",
              "Fuel trucks", "Russian units", "Battalion tactical groups"]
             for verb in ["moved", "were seen"] for place in ["Belgorod", "Yelnya", "Belarus"]]
    records = []
    for i in range(300):
        side = rng.choice(["RU", "ru", "BY", "US", None])
        if rng.random() < 0.8:
            records.append(event(f"e{i}", rng.choice(kinds), rng.choice(texts), side=side,
                                 modality=rng.choice(["observed", "claimed", "planned"]),
                                 negated=rng.random() < 0.1,
                                 plover=rng.choice([None, "MOBILIZE", "RETREAT"]),
                                 location=rng.choice(list(PLACES))))
        else:
            records.append(statement(f"s{i}", rng.choice(texts), kind=rng.choice(kinds),
                                     side=side, plover=rng.choice([None, "THREATEN"])))
    docs = [doc(f"d{n}", *records[n * 10:(n + 1) * 10]) for n in range(30)]
    board = board_of(case, *docs, border_km=border_km)

    def plain(indicator, item, report):
        is_event = isinstance(item, Event)
        if indicator.match != ("events" if is_event else "statements"):
            return False
        side = item.actor_side if is_event else item.speaker_side
        actors = {a.lower() for a in indicator.actors}
        if indicator.kinds and item.kind not in indicator.kinds:
            return False
        if indicator.plover and item.plover not in indicator.plover:
            return False
        if indicator.actors and (side or "").lower() not in actors:
            return False
        if is_event and item.modality not in indicator.modalities:
            return False
        if (indicator.terms or indicator.equipment) \
                and not plain_pattern(indicator).search(item.text):
            return False
        if is_event and indicator.within_km is not None:
            near = [border_km(*PLACES[p]) for p in (item.location,) if p in PLACES]
            return any(km is not None and km <= indicator.within_km for km in near)
        return True

    tripped = set()
    for indicator in case.indicators:
        if indicator.match == "contradictions":
            continue
        expected = [Ref(r.doc_id, item.id) for r in docs for item in (*r.events, *r.statements)
                    if plain(indicator, item, r)]
        assert [h.ref for h in board.hits[indicator.id]] == expected, indicator.id
        tripped |= {indicator.id} if expected else set()
    assert len(tripped) >= 5


# -- typed fields alone: analysis reads no text ------------------------------------------


@pytest.mark.parametrize("fields, matches", [
    ({"equipment_categories": ["ballistic missile"]}, True),
    ({"equipment_categories": ["armour"]}, False),
    ({"words": ["a", "blood", "bank", "opened"]}, True),  # a term of two words in a row
    ({"words": ["blood", "and", "a", "bank"]}, False),
    ({"words": ["surgical", "tents"]}, True),
    ({}, False),
])
def test_an_event_trips_an_indicator_by_its_typed_fields_without_text(fields, matches):
    case = make_case(HOSPITALS | {"equipment": ["ballistic missile"]})
    found = report("a", seen(text="", **fields), published="2022-02-11", read=False)
    assert (state(case, found).status == "reported") is matches


def test_a_statement_trips_an_indicator_by_its_words_without_text():
    case = make_case({"id": "talks", "name": "Talk of a blood bank", "match": "statements",
                      "terms": ["blood bank"]})
    said = statement("s1", "", kind="claim", side="RU", words=["our", "blood", "bank"])
    assert state(case, report("a", said, published="2022-02-11", read=False)).hits
