"""Knowledge packs: loading and checking them, and a case's pack reaching extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.case import load_case
from sitrep.cli import main
from sitrep.errors import PackError
from sitrep.knowledge import (
    DEFAULT_PACKS, GENERAL, equipment_categories, load_for_case, load_knowledge, shipped_packs,
    write_starter_pack)

EXAMPLE_CASE = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2022"

# An invented theatre: none of these names is in a shipped pack.
PERSON = "Halvard Quenby\tQuenby\tDefence Minister\tNO\n"
ORGANISATION = {"name": "Northern Shield Council", "kind": "government",
                "aliases": ["the Shield Council"], "country": "NO"}
PLACE = "Vardoya Range\tarea\tNO\t70.4\t31.1\tVardoya training ground\tinvented for a test\n"
REPORT = ("Halvard Quenby told reporters on Monday that troops had moved to the Vardoya "
          "training ground. The Northern Shield Council approved the move.\n")


def write_pack(directory: Path, **files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pack.yaml").write_text("name: test-pack\ndescription: invented rows\n")
    for name, text in files.items():
        (directory / name.replace("_", ".", 1)).write_text(text, encoding="utf-8")
    return directory


def write_case(directory: Path, packs: str | None = "[]") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    text = "name: Test\n" + (f"packs: {packs}\n" if packs is not None else "")
    (directory / "case.yaml").write_text(text)
    return directory


# -- the shipped packs ----------------------------------------------------------------------


def test_general_comes_first_and_the_default_adds_europe_security():
    knowledge = load_knowledge()
    assert [pack.name for pack in knowledge.packs] == [GENERAL, *DEFAULT_PACKS]
    assert shipped_packs()[0] == GENERAL and set(DEFAULT_PACKS) <= set(shipped_packs())
    general = knowledge.packs[0]
    assert {"NATO", "United Nations", "OSCE"} <= {o.name for o in general.organisations}
    assert all(e.name.islower() for e in general.equipment)  # generic kit only
    europe = knowledge.packs[1]
    assert {"Kharkiv Oblast", "Kerch Strait"} <= {p.name for p in europe.places}
    assert "Sahel" not in {p.name for p in europe.places}


def test_the_example_case_names_its_pack():
    case = load_case(EXAMPLE_CASE)
    assert case.packs == ("europe-security",)
    assert "Valery Gerasimov" in {p.name for p in load_for_case(case).people}


def test_a_case_without_the_key_gets_the_default_and_an_empty_list_only_general(tmp_path):
    default = load_for_case(load_case(write_case(tmp_path / "a", packs=None)))
    assert [p.name for p in default.packs] == [GENERAL, *DEFAULT_PACKS]
    bare = load_for_case(load_case(write_case(tmp_path / "b", packs="[]")))
    assert [p.name for p in bare.packs] == [GENERAL]


def test_equipment_categories_come_from_the_data_file_without_none():
    categories = equipment_categories()
    assert {"armour", "artillery", "rocket artillery", "air defence", "ballistic missile",
            "logistics", "medical"} <= set(categories)
    assert "none" not in categories


# -- a case's pack --------------------------------------------------------------------------


def test_a_later_pack_replaces_a_row_of_the_same_name(tmp_path):
    write_pack(tmp_path / "case" / "pack",
               people_tsv="Jens Stoltenberg\tStoltenberg\tformer Secretary General\tNATO\n")
    knowledge = load_for_case(load_case(write_case(tmp_path / "case", packs=None)))
    [person] = [p for p in knowledge.people if p.name == "Jens Stoltenberg"]
    assert person.role == "former Secretary General"
    assert knowledge.packs[-1].name == "test-pack" and not knowledge.packs[-1].shipped


def test_a_pack_by_path_is_read_relative_to_the_case(tmp_path):
    write_pack(tmp_path / "shared-packs" / "north", places_tsv=PLACE)
    case = load_case(write_case(tmp_path / "case", packs="[../shared-packs/north]"))
    assert [p.name for p in load_for_case(case).own_places()] == ["Vardoya Range"]


def test_the_starter_pack_loads_and_is_never_written_over(tmp_path):
    written = write_starter_pack(tmp_path, "Arctic Watch 2027")
    assert written == tmp_path / "pack"
    pack = load_knowledge([], case_pack=written).packs[-1]  # its side, NATO, is general's
    assert pack.name == "arctic-watch-2027"
    counts = [len(rows) for rows in (pack.people, pack.organisations, pack.places,
                                     pack.equipment, pack.units)]
    assert counts == [1, 1, 1, 1, 1]
    (written / "people.tsv").write_text(PERSON)
    assert write_starter_pack(tmp_path, "Arctic Watch 2027") is None
    assert (written / "people.tsv").read_text() == PERSON


def test_init_writes_the_starter_pack_beside_case_yaml(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "pack/" in result.output
    knowledge = load_for_case(load_case(tmp_path / "new"))
    assert knowledge.packs[-1].directory == tmp_path / "new" / "pack"


# -- errors name the file, the line and the field -------------------------------------------

BAD_ROWS = [
    ("people_tsv", "Ana Vel\t\tMinister\tXX\n",
     "people.tsv:2: side: 'XX' is not a country code or a known body"),
    ("people_tsv", "Ana Vel\t\t\tNO\n", "people.tsv:2: role: "),
    ("places_tsv", "Vardoya Range\tarea\tNO\tnorth\t31.1\n", "places.tsv:2: lat: "),
    ("places_tsv", "Vardoya Range\tarea\tNO\t70.4\t191\n", "places.tsv:2: lon: "),
    ("places_tsv", "Vardoya Range\tvalley\tNO\t70.4\t31.1\n",
     "places.tsv:2: kind: 'valley' is not one of region, area, facility"),
    ("places_tsv", "Vardoya Range\tarea\tNOR\t70.4\t31.1\n",
     "places.tsv:2: country: 'NOR' is not an ISO 3166-1 alpha-2 country code"),
    ("equipment_tsv", "Quen-9\tlaser\n",
     "equipment.tsv:2: category: 'laser' is not an equipment category"),
    ("units_tsv", "1st Brigade\tbrigade\t\textra\n", "units.tsv:2: 4 tab-separated columns"),
    ("organisations_jsonl", '{"name": "Shield"\n', "organisations.jsonl:2: not a JSON object"),
    ("organisations_jsonl", '{"name": "Shield"}\n', "organisations.jsonl:2: kind: missing"),
    ("organisations_jsonl", '{"name": "Shield", "kind": "ministry", "colour": "red"}\n',
     "organisations.jsonl:2: colour: unknown field"),
]


@pytest.mark.parametrize(("file", "row", "message"), BAD_ROWS)
def test_a_bad_row_names_file_line_and_field(tmp_path, file, row, message):
    write_pack(tmp_path / "case" / "pack", **{file: "# a comment line\n" + row})
    case = load_case(write_case(tmp_path / "case"))
    with pytest.raises(PackError) as error:
        load_for_case(case)
    assert str(error.value).startswith(str(tmp_path / "case" / "pack") + "/" + message)


def test_a_side_may_be_a_body_of_an_earlier_pack_but_not_an_unknown_one(tmp_path):
    write_pack(tmp_path / "case" / "pack", people_tsv="Ana Vel\t\tEnvoy\tOSCE\n")
    assert load_for_case(load_case(write_case(tmp_path / "case"))).people[-1].side == "OSCE"
    write_pack(tmp_path / "case" / "pack", people_tsv="Ana Vel\t\tEnvoy\tCSCE\n")
    with pytest.raises(PackError, match="people.tsv:1: side: 'CSCE'"):
        load_for_case(load_case(write_case(tmp_path / "case")))  # CSCE: europe-security's


def test_an_unknown_pack_name_or_a_directory_without_pack_yaml_is_an_error(tmp_path):
    with pytest.raises(PackError, match="no shipped knowledge pack named 'sahel'"):
        load_for_case(load_case(write_case(tmp_path / "a", packs="[sahel]")))
    (tmp_path / "b" / "pack").mkdir(parents=True)
    with pytest.raises(PackError, match=r"pack: not a knowledge pack \(it has no pack.yaml\)"):
        load_for_case(load_case(write_case(tmp_path / "b")))


# -- the gazetteer sees the case's packs ----------------------------------------------------


def test_the_gazetteer_leaves_out_unused_packs_and_overlays_the_case_pack(gazetteer, tmp_path):
    write_pack(tmp_path / "case" / "pack", places_tsv=PLACE)
    seen = gazetteer.with_knowledge(load_for_case(load_case(write_case(tmp_path / "case"))))
    assert [p.source for p in gazetteer.candidates("Kharkiv Oblast")] == ["curated"]
    assert "curated" not in {p.source for p in seen.candidates("Kharkiv Oblast")}
    [place] = seen.candidates("Vardoya training ground")
    assert (place.name, place.country, place.lat, place.lon) == ("Vardoya Range", "NO", 70.4, 31.1)
    assert place.id < 0 and seen.by_skeleton("Vardoia Range") == [place]
    assert gazetteer.candidates("Vardoya Range") == []
    assert gazetteer.with_knowledge(load_knowledge()) is gazetteer


def test_extract_with_a_case_finds_and_resolves_the_case_packs_rows(tmp_path):
    """The person with role and side, the organisation with its state, the place with
    coordinates; without the pack the names are guessed by pattern, with none of these."""
    case = write_case(tmp_path / "case")
    (tmp_path / "report.txt").write_text(REPORT)

    def extract() -> dict:
        result = CliRunner().invoke(main, ["--case", str(case), "extract", "--format", "jsonl",
                                           "--published", "2027-01-05",
                                           str(tmp_path / "report.txt")],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        record = json.loads(result.output)
        return {(e["kind"], e["name"]): e["attributes"] for e in record["entities"]}

    without = extract()
    assert "role" not in without.get(("person", "Halvard Quenby"), {})
    assert "country" not in without.get(("organisation", "Northern Shield Council"), {})
    assert ("place", "Vardoya Range") not in without
    write_pack(case / "pack", people_tsv=PERSON, places_tsv=PLACE,
               organisations_jsonl=json.dumps(ORGANISATION) + "\n")
    entities = extract()
    person = entities[("person", "Halvard Quenby")]
    assert (person["role"], person["organisation"]) == ("Defence Minister", "NO")
    assert entities[("organisation", "Northern Shield Council")]["country"] == "NO"
    place = entities[("place", "Vardoya Range")]
    assert (place["country"], place["lat"], place["lon"]) == ("NO", 70.4, 31.1)


def test_extract_reports_a_bad_pack_with_its_file_and_line(tmp_path):
    case = write_case(tmp_path / "case")
    write_pack(case / "pack", people_tsv=PERSON.replace("\tNO", "\tXX"))
    (tmp_path / "report.txt").write_text(REPORT)
    result = CliRunner().invoke(main, ["--case", str(case), "extract", str(tmp_path / "report.txt")])
    assert result.exit_code == 2
    assert "people.tsv:1: side: 'XX' is not a country code" in result.output
