import random
from pathlib import Path

import pytest

from sitrep.analysis.picture import Picture, SourceRecord, build_picture
from sitrep.case import parse_case
from sitrep.model import Ref
from tests.analysis.reports import WIRE_STORY, event, report, statement, wire_copy

PLACES = {"Belgorod": (50.6, 36.6), "Klintsy": (52.75, 32.24), "Yelnya": (54.58, 33.18),
          "Omsk": (55.0, 73.4), "Gomel": (52.43, 30.99), "Baranovichi": (53.13, 26.01)}
ARMY = "41st Army"
ISKANDER = "Iskander launchers were deployed to a field near Belgorod."

MISSILES = {"id": "missiles-forward", "name": "Ballistic missiles near the border",
            "kinds": ["move", "deploy"], "actors": ["RU"], "equipment": ["ballistic missile"],
            "within_km": 100, "consistency": {"H1": "I", "H2": "C"}}
PULLBACK = {"id": "pullback-contradicted", "name": "Announced pullback contradicted",
            "match": "contradictions", "kinds": ["withdraw"], "actors": ["RU"],
            "relevance": "high", "consistency": {"H1": "II", "H2": "C"}}
HOSPITALS = {"id": "field-hospitals", "name": "Field hospitals set up", "kinds": ["deploy"],
             "terms": ["field hospital"], "consistency": {"H1": "I", "H2": "CC"}}
NO_RATINGS = {"id": "any-build-up", "name": "Any build-up", "kinds": ["build_up"]}
HYPOTHESES = [{"id": "H1", "name": "Coercion without war"},
              {"id": "H2", "name": "Invasion"}]


def make_case(**extra):
    data = {"name": "Test crisis", "country_at_risk": "UA", "hypotheses": HYPOTHESES,
            "indicators": [MISSILES, PULLBACK, HOSPITALS, NO_RATINGS]}
    data.update(extra)
    return parse_case(data, directory=Path("."), path=Path("case.yaml"))


def doc(name, *records, published, publisher, text=None, forces=()):
    own = " ".join(f"{name}word{i}" for i in range(30)) + "."  # words of its own
    return report(name, *records, own, published=published, publisher=publisher,
                  places=PLACES, forces=forces, text=text)


def claims():
    withdrawal = ("Our units have finished their drills and are returning to their bases, "
                  "Colonel Pavel Rudenko said.")
    return doc("claims",
               statement("s1", withdrawal, side="RU", speaker="Pavel Rudenko", date="2022-02-10"),
               event("e1", "withdraw", withdrawal, side="RU", modality="claimed", statement="s1"),
               statement("s2", "We are not going to attack anyone, Oleg Varin said.",
                         kind="denial", side="RU", speaker="Oleg Varin", date="2022-02-10"),
               published="2022-02-10", publisher="Moscow Daily")


def camp():
    return doc("camp", event("e1", "build_up", "More 41st Army equipment arrived at Yelnya.",
                             side="RU", subject="41st Army equipment", location="Yelnya",
                             date="2022-02-13"),
               published="2022-02-14", publisher="Northern Monitor", forces=(ARMY,))


def road():
    text = "The 41st Army's equipment was driven from Yelnya to Klintsy."
    return doc("road", event("e1", "move", text, side="RU", subject="the 41st Army's equipment",
                             origin="Yelnya", destination="Klintsy", date="2022-02-15"),
               published="2022-02-16", publisher="Kyiv Herald", forces=(ARMY,))


def wire(name="wire", publisher="Baltic Wire", published="2022-02-17", changed=None):
    story = wire_copy(changed) if changed else WIRE_STORY
    return doc(name, event("e1", "deploy", ISKANDER, side="RU", location="Belgorod",
                           date="2022-02-16"),
               published=published, publisher=publisher, text=story + " " + ISKANDER)


def reprint():
    return wire("reprint", "Evening Courier", "2022-02-18",
                changed="The governor's office said it knew nothing about any launchers.")


def quiet():
    text = "Iskander launchers have not been deployed near Belgorod, the governor insisted."
    return doc("quiet", event("e1", "deploy", text, side="RU", location="Belgorod",
                              negated=True, date="2022-02-18"),
               published="2022-02-19", publisher="Lake Gazette")


def belarus():
    said = ("Belarusian units have completed their exercises and are returning to their "
            "barracks, the Belarusian defence ministry said.")
    return doc("belarus",
               statement("s1", said, side="BY", speaker="Belarusian defence ministry",
                         date="2022-02-12"),
               event("e1", "withdraw", said, side="BY", modality="claimed", statement="s1"),
               statement("s2", "We are not going to attack anyone, Olena Marchuk said.",
                         kind="denial", side="UA", speaker="Olena Marchuk", date="2022-02-12"),
               published="2022-02-12", publisher="Minsk Evening")


def trains():
    return doc("trains", event("e1", "withdraw", "Trains took Belarusian tanks from Gomel "
                                                 "back to Baranovichi.",
                               side="BY", origin="Gomel", destination="Baranovichi",
                               date="2022-02-14"),
               published="2022-02-15", publisher="Polesie News")


def all_reports():
    return [claims(), camp(), road(), wire(), reprint(), quiet(), belarus(), trains()]


def view(picture):
    """What the picture shows, in a form two pictures can be compared by."""
    return {
        "contradictions": [(r.claim.item.ref, r.claim.assertion,
                            sorted(str(e.item.ref) for e in r.against))
                           for r in picture.contradictions()],
        "statuses": {ref: r.status for ref, r in picture.finder.records.items()},
        "tracks": sorted((tuple(t.places), tuple(p.ref for p in t.points), tuple(
            p.position for p in t.points)) for t in picture.tracks()),
        "board": [(s.indicator.id, s.status, s.sources, s.sources_against,
                   sorted(str(h.ref) for h in s.hits)) for s in picture.indicators()],
        "sources": picture.source_records(),
    }


@pytest.fixture(scope="module")
def picture():
    return build_picture(all_reports(), make_case())


def states(picture):
    return {s.indicator.id: s for s in picture.indicators()}


# -- tracks and geography ----------------------------------------------------------------------


def test_track_points_carry_their_position_relative_to_the_country_at_risk(picture):
    [track] = picture.tracks()
    assert track.places == ["Yelnya", "Klintsy"]
    assert [p.ref.doc_id for p in track.points] == ["id-camp", "id-road", "id-road"]
    yelnya, klintsy = track.points[0].position, track.points[-1].position
    assert not yelnya.inside and not klintsy.inside
    assert 200 < yelnya.border_km < 300 and 20 < klintsy.border_km < 90
    assert yelnya.compass in ("S", "SSW", "SW") and klintsy.compass in ("S", "SSW", "SW")
    assert 180 < klintsy.bearing < 230  # Kyiv lies south-south-west of Klintsy


def test_picture_without_a_usable_country_has_no_positions():
    bare = build_picture([camp(), road()], make_case(country_at_risk=None))
    [track] = bare.tracks()
    assert [p.position for p in track.points] == [None, None, None]
    # and no movement heads towards an unknown country
    assert build_picture([claims(), road()], make_case(country_at_risk=None)).contradictions() == []


# -- contradictions, board, sources ------------------------------------------------------------


def test_contradictions_of_the_picture(picture):
    found = {(r.claim.item.ref, r.claim.assertion): {e.item.ref for e in r.against}
             for r in picture.contradictions()}
    # the build-up at Yelnya, the drive towards the border and the missiles deployed (in the
    # wire story and its reprint) go against both Russian claims; the governor's word that
    # no launchers came is no evidence either way; the Belarusian withdrawal is borne out,
    # the Ukrainian denial stays open
    evidence = {Ref("id-camp", "e1"), Ref("id-road", "e1"), Ref("id-wire", "e1"),
                Ref("id-reprint", "e1")}
    assert found == {(Ref("id-claims", "s1"), "withdraw"): evidence,
                     (Ref("id-claims", "s2"), "no_attack"): evidence}
    assert picture.finder.records[Ref("id-belarus", "s1"), "BY"].status == "confirmed"
    assert picture.finder.records[Ref("id-belarus", "s2"), "UA"].status == "open"


def test_movement_away_from_the_country_at_risk_is_no_evidence():
    text = "The 41st Army's equipment was driven from Klintsy to Omsk."
    away = doc("away", event("e1", "move", text, side="RU", origin="Klintsy", destination="Omsk",
                             date="2022-02-15"), published="2022-02-16", publisher="Kyiv Herald")
    assert build_picture([claims(), away], make_case()).contradictions() == []
    assert len(build_picture([claims(), road()], make_case()).contradictions()) == 2


def test_board_statuses(picture):
    found = states(picture)
    missiles = found["missiles-forward"]
    # the wire story and its reprint are one source; the governor's denial is one against
    assert (missiles.status, missiles.sources, missiles.sources_against) == ("reported", 1, 1)
    assert sorted(h.ref.doc_id for h in missiles.hits) == ["id-quiet", "id-reprint", "id-wire"]
    pullback = found["pullback-contradicted"]
    assert (pullback.status, pullback.sources) == ("corroborated", 3)
    assert sorted(h.ref.doc_id for h in pullback.hits) == [
        "id-camp", "id-reprint", "id-road", "id-wire"]
    assert found["field-hospitals"].status == "not seen"
    assert found["any-build-up"].status == "reported"


def test_source_records_count_claims_per_claimant(picture):
    assert picture.source_records() == [
        SourceRecord("Oleg Varin", "RU", 1, 0, 0),
        SourceRecord("Pavel Rudenko", "RU", 1, 0, 0),
        SourceRecord("Belarusian defence ministry", "BY", 0, 1, 0),
        SourceRecord("Olena Marchuk", "UA", 0, 0, 1),
    ]


def test_source_records_add_up_per_claimant():
    second = doc("again", statement("s1", "We will never attack anybody, Oleg Varin said.",
                                    kind="denial", side="RU", speaker="Oleg Varin",
                                    date="2022-05-30"),
                 published="2022-05-30", publisher="Moscow Daily")
    records = build_picture([claims(), camp(), second], make_case()).source_records()
    assert SourceRecord("Oleg Varin", "RU", 1, 0, 1) in records
    assert records[0].contradicted == 1


def test_cite_names_the_document_and_the_item(picture):
    assert picture.cite(Ref("id-claims", "s2")) == "claims#s2"
    assert picture.cite(Ref("id-unknown", "e3")) == "id-unknown#e3"


# -- adding documents ------------------------------------------------------------------------


def test_adding_a_document_again_changes_nothing():
    picture = build_picture(all_reports(), make_case())
    before = view(picture)
    hits = {k: list(v) for k, v in picture.board.hits.items()}
    for r in all_reports():
        picture.add(r)
    picture.add(camp())
    assert view(picture) == before
    assert picture.board.hits == hits
    assert len(picture.reports) == 8


@pytest.mark.parametrize("seed", [None, 1, 2, 3, 4])
def test_documents_added_one_by_one_in_any_order_give_the_same_picture(seed):
    expected = view(build_picture(all_reports(), make_case()))
    reports = all_reports()
    if seed is None:
        reports.reverse()
    else:
        random.Random(seed).shuffle(reports)
    picture = Picture(make_case())
    for r in reports:
        picture.add(r)
    assert view(picture) == expected


def test_documents_added_together_twice_over_are_taken_once():
    expected = view(build_picture(all_reports(), make_case()))
    picture = Picture(make_case())
    picture.add_all(all_reports() + all_reports())
    assert view(picture) == expected
    assert len(picture.reports) == 8


def test_picture_grows_as_documents_arrive():
    picture = Picture(make_case())
    picture.add(claims())
    assert picture.contradictions() == []
    assert picture.tracks() == []
    assert states(picture)["pullback-contradicted"].status == "not seen"
    picture.add(camp())
    assert [r.claim.assertion for r in picture.contradictions()] == ["withdraw", "no_attack"]
    assert states(picture)["pullback-contradicted"].status == "reported"
    picture.add(road())
    assert [t.places for t in picture.tracks()] == [["Yelnya", "Klintsy"]]
    assert states(picture)["pullback-contradicted"].status == "corroborated"


def test_refutation_published_after_the_claim_is_in_the_picture():
    nato = doc("nato", statement("s1", "We have seen no signs of a pullback, Karen Holt said.",
                                 kind="assessment", side="NATO", speaker="Karen Holt",
                                 date="2022-02-11"),
               published="2022-02-11", publisher="Brussels Post")
    picture = build_picture([claims(), nato], make_case())
    assert [r.claim.item.ref for r in picture.contradictions()] == [Ref("id-claims", "s1")]


# -- ACH ----------------------------------------------------------------------------------------


def test_ach_is_none_without_hypotheses():
    case = make_case(hypotheses=None, indicators=[NO_RATINGS])
    assert build_picture(all_reports(), case).ach() is None


def test_ach_ranks_on_tripped_indicators(picture):
    result = picture.ach()
    rows = {row.id: row for row in result.rows}
    # tripped and rated: missiles and the contradicted pullback; not seen and unrated left out
    assert set(rows) == {"indicator:missiles-forward", "indicator:pullback-contradicted"}
    assert result.leader == "H2"
    assert [s.id for s in result.scores] == ["H2", "H1"]
    h1 = next(s for s in result.scores if s.id == "H1")
    # missiles: I x medium x medium = -1; pullback: II x medium (press) x high = -2 sqrt 2
    assert h1.inconsistency == pytest.approx(-1 - 2 * 2 ** 0.5)
    pullback = rows["indicator:pullback-contradicted"]
    assert pullback.relevance == "high"
    assert sorted(pullback.citations) == ["camp#e1", "reprint#e1", "road#e1", "wire#e1"]
    assert pullback.label == "Announced pullback contradicted (corroborated, 3 source(s))"
    assert sorted(rows["indicator:missiles-forward"].citations) == ["reprint#e1", "wire#e1"]


def test_ach_without_evidence_keeps_the_given_order():
    result = build_picture([], make_case()).ach()
    assert result.evidence_count == 0
    assert result.leader == "H1"


def test_ach_credibility_comes_from_the_case():
    case = make_case(credibility={"sources": {"Baltic Wire": "low", "Evening Courier": "low"}})
    rows = {row.id: row for row in build_picture(all_reports(), case).ach().rows}
    assert rows["indicator:missiles-forward"].credibility == "low"
    assert rows["indicator:pullback-contradicted"].credibility == "medium"


def test_denials_give_a_pair_of_rows_when_configured(picture):
    assert not any(row.reading for row in picture.ach().rows)  # not configured
    case = make_case(ach={"denials": {"truthful": {"H1": "C", "H2": "II"},
                                      "deceptive": {"H1": "I", "H2": "C"}}})
    result = build_picture(all_reports(), case).ach()
    denials = [row for row in result.rows if row.reading]
    # Oleg Varin's (RU) and Olena Marchuk's (UA) denials, each read both ways
    assert sorted(row.id for row in denials) == [
        "belarus#s2:deceptive", "belarus#s2:truthful", "claims#s2:deceptive", "claims#s2:truthful"]
    varin = {row.reading: row for row in denials if row.id.startswith("claims#s2")}
    assert varin["truthful"].ratings == {"H1": "C", "H2": "II"}
    assert varin["deceptive"].ratings == {"H1": "I", "H2": "C"}
    assert varin["truthful"].citations == ("claims#s2",)
    assert varin["truthful"].credibility == "low"  # an interested party on its own actions
    assert varin["truthful"].label == (
        "Oleg Varin denies any intention to attack (2022-02-10) (read as truthful)")
    assert {c.name for c in result.sensitivity} >= {"denials read as truthful",
                                                    "denials read as deceptive"}


def test_denials_only_by_the_actors_named_and_never_by_a_side_unknown():
    readings = {"truthful": {"H1": "C"}, "deceptive": {"H1": "I"}}
    unknown = doc("unknown", statement("s1", "We are not going to attack anyone, a voice said.",
                                       kind="denial", date="2022-02-11"),
                  published="2022-02-11", publisher="Rumour Mill")
    case = make_case(ach={"denials": {**readings, "actors": ["RU"]}})
    rows = build_picture([*all_reports(), unknown], case).ach().rows
    assert sorted(row.id for row in rows if row.reading) == [
        "claims#s2:deceptive", "claims#s2:truthful"]  # Varin (RU); not Marchuk (UA), nor unknown
    anyone = build_picture([*all_reports(), unknown], make_case(ach={"denials": readings}))
    assert sorted(row.id for row in anyone.ach().rows if row.reading) == [
        "belarus#s2:deceptive", "belarus#s2:truthful", "claims#s2:deceptive", "claims#s2:truthful"]


def test_overrides_replace_computed_ratings():
    case = make_case(ach={
        "denials": {"truthful": {"H1": "C"}, "deceptive": {"H1": "I"}},
        "overrides": {"indicator:missiles-forward": {"H1": "N"}, "claims#s2": {"H2": "CC"}}})
    rows = {row.id: row for row in build_picture(all_reports(), case).ach().rows}
    assert rows["indicator:missiles-forward"].ratings == {"H1": "N", "H2": "C"}
    assert rows["claims#s2:truthful"].ratings == {"H1": "C", "H2": "CC"}
    assert rows["claims#s2:deceptive"].ratings == {"H1": "I", "H2": "CC"}
    assert rows["belarus#s2:truthful"].ratings == {"H1": "C"}


def test_source_records_and_denial_rows_do_not_depend_on_arrival():
    def claimed(name, side, published):
        text = f"{side} troops were sent home, officials said."
        return doc(name, event("e1", "withdraw", text, side=side, modality="claimed"),
                   published=published, publisher="Atlantic Wire")

    def denial(name, published):
        said = statement("s1", "We are not going to attack anyone, Oleg Varin said.",
                         kind="denial", side="RU", speaker="Oleg Varin", date=published)
        return doc(name, said, published=published, publisher="Moscow Daily")

    case = make_case(ach={"denials": {"truthful": {"H1": "C"}, "deceptive": {"H1": "I"}}})
    reports = [claimed("us", "US", "2022-02-10"), claimed("nato", "NATO", "2022-02-11"),
               denial("early", "2022-02-01"), denial("late", "2022-02-20")]
    seen = []
    for order in (reports, reports[::-1]):
        picture = Picture(case)
        for r in order:
            picture.add(r)
        seen.append((picture.source_records(), [row.id for row in picture.ach().rows]))
    assert seen[0] == seen[1]
    assert [(r.source, r.side) for r in seen[0][0]] == [
        ("Atlantic Wire", "NATO"), ("Atlantic Wire", "US"), ("Oleg Varin", "RU")]
    assert seen[0][1] == ["early#s1:truthful", "early#s1:deceptive"]  # named by the first


def test_a_partys_repeated_denial_weighs_as_one_item():
    """Oleg Varin's denial and the same side's later ones by other spokesmen are one
    position restated: one pair of rows citing all of them, weighing as one denial."""
    case = make_case(ach={"denials": {"truthful": {"H1": "C", "H2": "II"},
                                      "deceptive": {"H1": "I", "H2": "C"}}})

    def again(name, speaker, day):
        said = statement("s1", f"We will never attack anybody, {speaker} said.", kind="denial",
                         side="RU", speaker=speaker, date=day)
        return doc(name, said, published=day, publisher=f"{name} Daily")

    once = build_picture([claims(), camp()], case).ach()
    repeated = build_picture([claims(), camp(), again("tass", "Ilya Sokol", "2022-02-12"),
                              again("ria", "Anna Veret", "2022-02-14")], case).ach()
    rows = [row for row in repeated.rows if row.reading]
    assert [row.id for row in rows] == ["claims#s2:truthful", "claims#s2:deceptive"]
    assert rows[0].citations == ("claims#s2", "tass#s1", "ria#s1")
    assert rows[0].label == ("RU denies any intention to attack (2022-02-10 – 2022-02-14, 3x) "
                             "(read as truthful)")
    assert [(s.id, s.inconsistency, s.share) for s in repeated.scores] == [
        (s.id, s.inconsistency, s.share) for s in once.scores]


# -- independent sources: copies of one report weigh as one ----------------------------

VARIN = "We are not going to attack anyone, Oleg Varin said."


def agency_copy(name, publisher, credit="(Steppe Wire)"):
    """One outlet's rewrite of an agency's story: its own words, the agency's credit in
    its dateline, the same sighting and the same denial."""
    own = " ".join(f"{name}word{i}" for i in range(30)) + "."
    text = f"BELGOROD, Feb 16 {credit} - {ISKANDER} {VARIN} {own}"
    return doc(name, event("e1", "deploy", ISKANDER, side="RU", location="Belgorod",
                           date="2022-02-16"),
               statement("s1", VARIN, kind="denial", side="RU", speaker="Oleg Varin",
                         date="2022-02-16"),
               published="2022-02-17", publisher=publisher, text=text)


def weighed(picture):
    """What the copies could inflate: the ACH totals and rows, the board's counts."""
    result = picture.ach()
    return ([(s.id, round(s.inconsistency, 9), round(s.share, 9)) for s in result.scores],
            [(row.label, row.credibility, row.sources) for row in result.rows],
            [(s.indicator.id, s.status, s.sources) for s in picture.indicators()])


@pytest.mark.parametrize("credit", ["(Steppe Wire)", "(Reuters)"])
def test_five_syndicated_copies_weigh_as_one(credit):
    case = make_case(ach={"denials": {"truthful": {"H1": "C", "H2": "II"},
                                      "deceptive": {"H1": "I", "H2": "C"}}})
    base = [claims(), camp(), road()]
    copies = [agency_copy(f"copy{n}", f"Outlet {n}", credit) for n in range(5)]
    one = build_picture(base + copies[:1], case)
    five = build_picture(base + copies, case)
    assert weighed(five) == weighed(one)
    sighting = [Ref(c.doc_id, "e1") for c in copies]
    assert five.independent(sighting) == one.independent(sighting[:1]) == 1
    missiles = next(s for s in five.indicators() if s.indicator.id == "missiles-forward")
    assert (missiles.status, missiles.sources, len(missiles.hits)) == ("reported", 1, 5)


def test_uncredited_outlets_stay_independent():
    """The control: the same five texts without the agency's credit are five sources."""
    case = make_case()
    copies = [agency_copy(f"copy{n}", f"Outlet {n}", credit="") for n in range(5)]
    missiles = next(s for s in build_picture(copies, case).indicators()
                    if s.indicator.id == "missiles-forward")
    assert (missiles.status, missiles.sources) == ("corroborated", 5)
