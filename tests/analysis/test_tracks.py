from dataclasses import replace

import pytest

from sitrep.analysis.tracks import Position, Track, TrackBuilder, TrackPoint
from sitrep.model import PlacePoint, Ref
from tests.analysis.reports import event, report

ARMY = "41st Army"
PLACES = {"Novosibirsk": (55.03, 82.92), "Omsk": (54.99, 73.37), "Samara": (53.2, 50.15),
          "Yelnya": (54.58, 33.18), "Klintsy": (52.75, 32.24)}


def move(id, text, subject=f"{ARMY} equipment", date=None, **fields):
    return event(id, "move", text, side="RU", subject=subject, date=date, **fields)


def doc(name, *events, published="2022-01-20", forces=(ARMY,)):
    return report(name, *events, published=published, publisher="Rail Watch", places=PLACES,
                  forces=forces)


def build(*reports, locate=None):
    builder = TrackBuilder(locate)
    for r in reports:
        builder.add(r)
    return builder


SIBERIA = doc("siberia", move("e1", "Flatcars left Novosibirsk for Omsk.", origin="Novosibirsk",
                              destination="Omsk", date="2022-01-05"), published="2022-01-07")
WEST = doc("west", move("e1", "The trains reached Yelnya.", destination="Yelnya",
                        date="2022-01-18"), published="2022-01-19")


@pytest.mark.parametrize("order", [(SIBERIA, WEST), (WEST, SIBERIA)])
def test_track_across_documents_in_the_order_of_event_dates(order):
    [track] = build(*order).tracks()
    assert track.subject.lower() == "41st army equipment"
    assert track.places == ["Novosibirsk", "Omsk", "Yelnya"]
    assert [(p.role, p.date) for p in track.points] == [
        ("origin", "2022-01-05"), ("destination", "2022-01-05"), ("destination", "2022-01-18")]
    assert [p.ref for p in track.points] == [Ref("id-siberia", "e1")] * 2 + [Ref("id-west", "e1")]
    assert track.points[0].text == "Flatcars left Novosibirsk for Omsk."
    assert (track.points[2].lat, track.points[2].lon) == PLACES["Yelnya"]


def test_places_in_order_of_travel_within_an_event():
    journey = move("e1", "A train went from Omsk via Samara to Yelnya and unloaded at Klintsy.",
                   origin="Omsk", via=["Samara"], destination="Yelnya", location="Klintsy",
                   date="2022-01-10")
    [track] = build(doc("one", journey)).tracks()
    assert [(p.place, p.role) for p in track.points] == [
        ("Omsk", "origin"), ("Samara", "via"), ("Yelnya", "destination"), ("Klintsy", "location")]


def test_undated_event_is_placed_before_the_next_dated_one():
    early = doc("early", move("e1", "Vehicles were loaded in Novosibirsk.", location="Novosibirsk",
                              date="2022-01-08"),
                move("e2", "They passed Samara.", location="Samara", date="2022-01-10"),
                published="2022-01-11")
    later = doc("later",
                move("e1", "A train stopped in Omsk.", location="Omsk"),  # undated
                move("e2", "It arrived in Yelnya on 12 January.", location="Yelnya",
                     date="2022-01-12"),
                move("e3", "Then it went on to Klintsy.", location="Klintsy"),  # undated, last
                published="2022-01-20")
    for order in ((early, later), (later, early)):
        [track] = build(*order).tracks()
        assert track.places == ["Novosibirsk", "Samara", "Omsk", "Yelnya", "Klintsy"]
        assert track.points[2].date is None  # placed by the next dated event, not dated by it


def test_undated_event_with_no_dated_one_after_it_takes_the_publication_date():
    undated = doc("undated", move("e1", "The column was seen in Klintsy.", location="Klintsy"),
                  published="2022-01-12")
    dated = doc("dated", move("e1", "It was in Yelnya.", location="Yelnya", date="2022-01-15"),
                published="2022-01-16")
    assert build(dated, undated).tracks()[0].places == ["Klintsy", "Yelnya"]


def test_consecutive_repeats_of_a_place_collapse():
    first = move("e1", "The tanks arrived in Yelnya.", destination="Yelnya", date="2022-01-10")
    second = move("e2", "The tanks stayed in Yelnya.", location="Yelnya", date="2022-01-12")
    third = move("e3", "The tanks went on to Klintsy.", destination="Klintsy", date="2022-01-14")
    [track] = build(doc("d", first, second, third)).tracks()
    assert len(track.points) == 3
    assert track.places == ["Yelnya", "Klintsy"]


def test_a_track_needs_two_places():
    first = move("e1", "The tanks arrived in Yelnya.", destination="Yelnya", date="2022-01-10")
    second = move("e2", "The tanks stayed in Yelnya.", location="Yelnya", date="2022-01-12")
    assert build(doc("d", first, second)).tracks() == []


def test_generic_subject_makes_no_track():
    troops = [move("e1", "Troops left Omsk.", subject="troops", origin="Omsk", date="2022-01-05"),
              move("e2", "Troops reached Yelnya.", subject="troops", destination="Yelnya",
                   date="2022-01-09")]
    assert build(doc("d", *troops)).tracks() == []
    assert build(doc("d", *troops, forces=())).tracks() == []
    assert build(doc("d", *troops, forces=("troops of the 41st Army",))).tracks() == []


def test_force_named_in_another_document_only_does_not_count():
    siberia = doc("siberia", *map(replace, SIBERIA.events), forces=())  # copies: read again
    # not joined to the 41st Army's track: the move from one place to another is its own
    [track] = build(siberia, WEST).tracks()
    assert (track.places, track.key) == (["Novosibirsk", "Omsk"], "id-siberia#e1")


def test_negated_event_adds_no_point():
    denied = move("e2", "The equipment did not reach Klintsy.", destination="Klintsy",
                  date="2022-01-20", negated=True)
    [track] = build(SIBERIA, doc("west", *WEST.events, denied)).tracks()
    assert track.places == ["Novosibirsk", "Omsk", "Yelnya"]


@pytest.mark.parametrize("modality, counted", [
    ("observed", True), ("claimed", False), ("planned", False), ("hypothetical", False),
    ("historical", False)])
def test_only_observed_events_add_points(modality, counted):
    maybe = move("e2", "The equipment goes to Klintsy.", destination="Klintsy",
                 date="2022-01-20", modality=modality)
    [track] = build(SIBERIA, doc("west", *WEST.events, maybe)).tracks()
    assert ("Klintsy" in track.places) is counted


def test_locate_fills_position_for_places_with_coordinates():
    calls = []

    def locate(lat, lon):
        calls.append((lat, lon))
        return Position(round(lat), lat > 54, 180.0, "S")

    unknown = move("e2", "The trains reached Torzhok.", destination="Torzhok", date="2022-01-19")
    [track] = build(SIBERIA, doc("west", *WEST.events, unknown), locate=locate).tracks()
    positions = {p.place: p.position for p in track.points}
    assert positions["Yelnya"] == Position(55, True, 180.0, "S")
    assert positions["Omsk"] == Position(55, True, 180.0, "S")
    assert positions["Torzhok"] is None  # no coordinates in its report
    assert set(calls) == {PLACES["Novosibirsk"], PLACES["Omsk"], PLACES["Yelnya"]}
    assert [p.position for p in build(SIBERIA).tracks()[0].points] == [None, None]


def test_possessive_and_article_do_not_split_a_subject():
    apostrophe = doc("apostrophe", move("e1", "Equipment left Omsk.", origin="Omsk",
                                        subject="the 41st Army's equipment", date="2022-01-05"))
    curly = doc("curly", move("e1", "Equipment passed Samara.", via=["Samara"],
                              subject="41st Army\u2019s equipment", date="2022-01-07"))
    plain = doc("plain", move("e1", "Equipment reached Yelnya.", destination="Yelnya",
                              subject="41st Army equipment", date="2022-01-09"))
    tracks = build(apostrophe, curly, plain).tracks()
    assert [t.places for t in tracks] == [["Omsk", "Samara", "Yelnya"]]
    assert tracks[0].subject == "the 41st Army's equipment"  # as first written


def test_troops_and_their_equipment_are_separate_tracks():
    troops = [move("e1", "Soldiers left Omsk.", subject="41st Army troops", origin="Omsk",
                   date="2022-01-03"),
              move("e2", "Soldiers reached Samara.", subject="41st Army troops",
                   destination="Samara", date="2022-01-06")]
    tracks = build(SIBERIA, WEST, doc("troops", *troops)).tracks()
    assert sorted(t.subject for t in tracks) == ["41st Army equipment", "41st Army troops"]
    assert tracks[0].places == ["Novosibirsk", "Omsk", "Yelnya"]  # the longest first


def test_track_places_property():
    ref = Ref("d", "e")
    points = [TrackPoint(name, "location", None, ref, "") for name in "AABAC"]
    assert Track("x", points).places == ["A", "B", "A", "C"]
    assert Track("x").places == []


def test_subject_and_ties_do_not_depend_on_the_order_documents_arrive_in():
    """Two documents of one day and publication date: their points go by document name."""
    first = doc("a-first", move("e1", "Equipment left Omsk.", origin="Omsk",
                                subject="the 41st Army's equipment", date="2022-01-05"),
                published="2022-01-06")
    second = doc("b-second", move("e1", "Equipment reached Samara.", destination="Samara",
                                  subject="41st Army equipment", date="2022-01-05"),
                 published="2022-01-06")
    for order in ((first, second), (second, first)):
        [track] = build(*order).tracks()
        assert track.subject == "the 41st Army's equipment"
        assert track.places == ["Omsk", "Samara"]


def test_subject_without_places_makes_no_track():
    still = move("e1", "The 41st Army equipment was seen.", date="2022-01-05")
    assert build(doc("d", still)).tracks() == []
    [track] = build(doc("d", still), SIBERIA).tracks()
    assert track.places == ["Novosibirsk", "Omsk"]


def test_a_track_read_then_added_to_is_in_order_again():
    builder = build(WEST, SIBERIA)
    assert builder.tracks()[0].places == ["Novosibirsk", "Omsk", "Yelnya"]
    builder.add(doc("samara", move("e1", "Flatcars passed Samara.", location="Samara",
                                   date="2022-01-10"), published="2022-01-11"))
    assert builder.tracks()[0].places == ["Novosibirsk", "Omsk", "Samara", "Yelnya"]


def test_tracks_group_events_by_their_typed_subject_key_without_text():
    first = move("e1", "", subject="41st Army's kit", origin="Omsk", destination="Samara",
                 date="2022-01-05", subject_key="41st army kit")
    second = move("e2", "", subject="41st Army kit", destination="Yelnya", date="2022-01-09",
                  subject_key="41st army kit")
    generic = move("e3", "", subject="41st Army kit", destination="Klintsy", date="2022-01-12")
    found = report("d", first, second, generic, published="2022-01-20", places=PLACES, read=False)
    [track] = build(found).tracks()
    assert (track.key, track.subject, track.places) == (
        "41st army kit", "41st Army's kit", ["Omsk", "Samara", "Yelnya"])


# -- across three documents, sides, an unnamed body, withdrawals that last ---------------

BRIGADE = "Vesnan 7th Rifle Brigade"
HARBOURS = {"Port Alda": (54.7, 20.5), "Gdynia": (54.52, 18.53), "Klaipeda": (55.71, 21.13),
            "Omsk": (54.99, 73.37), "Samara": (53.2, 50.15), "Yelnya": (54.58, 33.18),
            "Klintsy": (52.75, 32.24)}


def brigade(name, id, text, published, side="RU", kind="move", **fields):
    moved = event(id, kind, text, side=side, subject=BRIGADE, **fields)
    return report(name, moved, published=published, publisher=f"{name} Times", places=HARBOURS,
                  forces=(BRIGADE,))


def test_a_track_across_three_documents_in_time_order():
    reports = [
        brigade("third", "e1", f"The {BRIGADE} reached Klintsy.", "2022-02-12",
                destination="Klintsy", date="2022-02-11"),
        brigade("first", "e4", f"The {BRIGADE} left Omsk by rail.", "2022-01-21",
                origin="Omsk", date="2022-01-20"),
        brigade("second", "e2", f"Trains of the {BRIGADE} passed Samara towards Yelnya.",
                "2022-02-02", via=["Samara"], destination="Yelnya", date="2022-02-01"),
    ]
    [track] = build(*reports).tracks()
    assert track.places == ["Omsk", "Samara", "Yelnya", "Klintsy"]
    assert [p.ref.doc_id for p in track.points] == ["id-first", "id-second", "id-second",
                                                   "id-third"]
    assert track.side == "RU"


def test_a_side_unknown_in_any_report_leaves_the_tracks_side_unknown():
    reports = [brigade("first", "e1", f"The {BRIGADE} left Omsk.", "2022-01-21",
                       origin="Omsk", date="2022-01-20"),
               brigade("second", "e1", f"The {BRIGADE} reached Yelnya.", "2022-02-02",
                       side=None, destination="Yelnya", date="2022-02-01")]
    [track] = build(*reports).tracks()
    assert track.places == ["Omsk", "Yelnya"] and track.side is None


def test_an_unnamed_body_moving_between_two_places_is_a_track_of_its_own():
    text = "The Vesnans moved back from Spur 4 to Spur 6 on Monday."
    moved = event("e1", "withdraw", text, side="VN", actor="Vesna", origin="Spur 4",
                  destination="Spur 6", date="2022-03-07")
    again = event("e2", "move", "Vesnan troops later reached Port Alda.", side="VN",
                  subject="troops", destination="Port Alda", date="2022-03-09")
    found = report("lake", moved, again, published="2022-03-10", places=HARBOURS)
    [track] = build(found).tracks()
    assert (track.subject, track.places, track.side) == ("Vesna", ["Spur 4", "Spur 6"], "VN")


def test_an_unnamed_body_between_countries_or_in_one_place_is_no_track():
    wide = event("e1", "move", "Vesnan troops went from Vesna to Europe.", side="VN",
                 subject="troops", origin="Vesna", destination="Europe", date="2022-03-07")
    only_there = event("e2", "move", "Vesnan troops went to Port Alda.", side="VN",
                       subject="troops", destination="Port Alda", date="2022-03-08")
    found = report("wide", wide, only_there, published="2022-03-10", places=HARBOURS)
    found.places["Vesna"] = PlacePoint("Vesna", 54.0, 20.0, "VN", "country")
    found.places["Europe"] = PlacePoint("Europe", 50.0, 10.0, None, "region")
    assert build(found).tracks() == []


def at(km):
    return lambda lat, lon: Position(km[(lat, lon)], False, None, None)


def test_a_withdrawal_counts_only_when_it_lasts():
    border = {HARBOURS["Klintsy"]: 95.0, HARBOURS["Yelnya"]: 250.0, HARBOURS["Samara"]: 900.0}
    back = brigade("back", "e1", f"The {BRIGADE} pulled back from Klintsy to Yelnya.",
                   "2022-02-16", kind="withdraw", origin="Klintsy", destination="Yelnya",
                   date="2022-02-15")
    returned = brigade("returned", "e1", f"The {BRIGADE} was seen again at Klintsy.",
                       "2022-02-20", location="Klintsy", date="2022-02-19")
    [track] = build(back, returned, locate=at(border)).tracks()
    [withdrawal] = track.withdrawals()
    assert (withdrawal.end.place, withdrawal.left, withdrawal.lasted) == (
        "Yelnya", ("Klintsy",), False)
    assert withdrawal.undone_by.ref == Ref("id-returned", "e1")

    farther = brigade("farther", "e1", f"The {BRIGADE} moved on to Samara.", "2022-02-20",
                      destination="Samara", date="2022-02-19")
    [track] = build(back, farther, locate=at(border)).tracks()
    assert [w.lasted for w in track.withdrawals()] == [True]


# -- structures followed within one report ------------------------------------------------

SHORE = {"Spur 3": (34.0, 78.8), "Spur 5": (34.02, 78.86), "Spur 8": (34.05, 78.95),
         "Ostrel": (45.0, 20.0)}


def shore(*events, name="shore"):
    found = report(name, *events, published="2024-03-02", publisher="Lake Post", places=SHORE)
    found.places["Ostrel"] = PlacePoint("Ostrel", 45.0, 20.0, "VN", "country")
    return found


def test_a_sides_structures_named_again_in_a_report_are_one_body_told_in_time_order():
    """"They removed the jetties they had set up at Spur 5. Earlier, the jetties were
    stationed at Spur 8.": one body of jetties, at Spur 8 first, undated both."""
    removed = event("e1", "other", "They also removed the floating jetty at Spur 5.",
                    side="VN", subject="jetty", location="Spur 5")
    earlier = event("e2", "deploy", "Earlier, the jetties were stationed at Spur 8.",
                    subject="jetties", location="Spur 8")
    [track] = build(shore(removed, earlier)).tracks()
    assert (track.subject, track.places, track.side) == ("jetties", ["Spur 8", "Spur 5"], None)
    # told the other way round, without "earlier", the text's order holds
    later = replace(earlier, text="Then the jetties were stationed at Spur 8.")
    assert build(shore(removed, later)).tracks()[0].places == ["Spur 5", "Spur 8"]


def test_troops_named_again_or_a_structure_in_one_place_make_no_track():
    """"Troops" may be any troops, and a structure's two mentions at one place, or at a
    country and a place, do not move it."""
    troops = [event("e1", "deploy", "Troops stood at Spur 3.", side="VN", subject="troops",
                    location="Spur 3"),
              event("e2", "deploy", "Troops stood at Spur 8.", side="VN", subject="troops",
                    location="Spur 8")]
    camps = [event("e3", "construct", "Camps went up at Spur 5.", side="VN", subject="camps",
                   location="Spur 5"),
             event("e4", "other", "The camp was razed in Ostrel.", side="VN", subject="camp",
                   location="Ostrel"),
             event("e5", "other", "The camp at Spur 5 was razed.", side="VN", subject="camp",
                   location="Spur 5")]
    assert build(shore(*troops, *camps)).tracks() == []


def test_two_sides_structures_are_two_bodies():
    huts = [event("e1", "construct", "Vesnan huts stood at Spur 3.", side="VN", subject="huts",
                  location="Spur 3"),
            event("e2", "construct", "Ostrelian huts stood at Spur 5.", side="OS",
                  subject="huts", location="Spur 5"),
            event("e3", "other", "The Vesnan huts were moved to Spur 8.", side="VN",
                  subject="huts", destination="Spur 8"),
            event("e4", "other", "Huts were seen at Spur 8.", subject="huts", location="Spur 8")]
    [track] = build(shore(*huts)).tracks()
    assert (track.places, track.side) == (["Spur 3", "Spur 8"], "VN")
    assert [p.ref.item_id for p in track.points] == ["e1", "e3"]
