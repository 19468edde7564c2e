"""The registry of closed vocabularies: every kind complete in every mapping, bad entries
refused with the entry and field named, and a new event kind, declared once, extracted,
coded, exported and drawn."""

from __future__ import annotations

import copy
import csv
import io
import math
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from sitrep.analysis.brief import build_brief
from sitrep.analysis.contradictions import shipped_kinds
from sitrep.case import load_case
from sitrep.data import data_text
from sitrep.errors import CaseError
from sitrep.extract import build_pipeline
from sitrep.ingest import ingest_inputs
from sitrep.lang import LanguagePack
from sitrep.outputs.exports import acled_csv, geojson
from sitrep.registry import (REGISTRY_FILE, EventKind, RegistryError, StatementKind,
                             load_vocabulary, use_vocabulary, vocabulary)
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from sitrep.web.app import create_app
from sitrep.web.dashboard import Dashboard
from tests.conftest import write_report

PACKAGED = yaml.safe_load(data_text(REGISTRY_FILE))
BLOCKADE = {"label": "blockade", "plover_type": "COERCE", "plover_mode": "blockade",
            "cameo_root": "19", "acled_event_type": "Strategic developments",
            "acled_sub_event_type": "Blockade", "shape": "diamond", "colour": "#123456"}


def registry_file(directory: Path, change) -> Path:
    """The packaged registry with ``change`` made to its data, written to a file."""
    raw = copy.deepcopy(PACKAGED)
    change(raw)
    path = directory / REGISTRY_FILE
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


# -- the packaged registry ---------------------------------------------------------------


def test_every_kind_the_words_name_is_declared():
    """A kind named by a word list but missing from the registry would be coded as
    nothing and drawn as "other"."""
    registry, english = vocabulary(), LanguagePack.load("en")
    event_kinds = {line.split("\t")[1] for line in english.lines("event_triggers.tsv")}
    for kind in shipped_kinds().kinds:  # observations: event kinds, "-" when denied
        event_kinds |= {token.rstrip("-") for token in kind.against | kind.confirms | kind.after}
    assert event_kinds <= set(registry.event_kinds)
    statement_kinds = {line.split("\t")[1] for name in ("reporting_verbs.tsv",
                                                         "statement_nouns.tsv")
                       for line in english.lines(name)} - {"-"}
    statement_kinds |= {line.split("\t")[1] for line in english.lines("statement_cues.tsv")}
    assert statement_kinds <= set(registry.statement_kinds)


def test_the_packaged_scales_are_those_of_ach():
    registry = vocabulary()
    scores = {name: rating.score for name, rating in registry.ratings.items()}
    assert scores == {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
    assert registry.default_rating == "N"
    weights = {name: level.weight for name, level in registry.levels.items()}
    assert weights["medium"] == 1 and weights["low"] * weights["high"] == pytest.approx(1)
    assert weights["high"] == math.sqrt(2) and weights["low"] == 1 / math.sqrt(2)
    assert registry.tripped == {"reported", "corroborated"}


# -- bad registries ------------------------------------------------------------------------


@pytest.mark.parametrize("section, kind, field", [
    *(("event_kinds", "deploy", field) for field in EventKind.model_fields),
    *(("statement_kinds", "warning", field) for field in StatementKind.model_fields)])
def test_a_missing_field_is_named_with_its_kind(tmp_path, section, kind, field):
    path = registry_file(tmp_path, lambda raw: raw[section][kind].pop(field))
    with pytest.raises(RegistryError) as error:
        load_vocabulary(path)
    assert str(error.value) == f"{path}: {section}.{kind}: missing field {field!r}"


@pytest.mark.parametrize("change, problem", [
    (lambda raw: raw["event_kinds"]["deploy"].update(plover_type="MOBILISE"),
     "event_kinds.deploy.plover_type: 'MOBILISE' is not one of plover_types"),
    (lambda raw: raw["statement_kinds"]["demand"].update(plover_type="ASK"),
     "statement_kinds.demand.plover_type: 'ASK' is not one of plover_types"),
    (lambda raw: raw["event_kinds"]["deploy"].update(colour="red"),
     "event_kinds.deploy.colour: String should match pattern"),
    (lambda raw: raw["event_kinds"]["deploy"].update(shape="star"),
     "event_kinds.deploy.shape: Input should be 'triangle', 'square', 'diamond' or 'circle'"),
    (lambda raw: raw["event_kinds"]["deploy"].update(cameo_root=15),
     "event_kinds.deploy.cameo_root: Input should be a valid string"),
    (lambda raw: raw["event_kinds"]["deploy"].update(colur="#000000"),
     "event_kinds.deploy.colur: Extra inputs are not permitted"),
    (lambda raw: raw["event_kinds"].update({"Sea-blockade": BLOCKADE}),
     "event_kinds.Sea-blockade.[key]: String should match pattern"),
    (lambda raw: raw["event_kinds"].pop("other"),
     "event_kinds must declare 'other', where unknown kinds fall"),
    (lambda raw: raw["statement_kinds"]["other"].update(colour="#000000"),
     "'other' is an event kind and a statement kind with different colours"),
    (lambda raw: raw.update(default_rating="X"), "default_rating: 'X' is not one of ratings"),
    (lambda raw: raw["levels"]["low"].update(weight=0),
     "levels.low.weight: Input should be greater than 0"),
    (lambda raw: raw.pop("modalities"), "the registry: missing field 'modalities'"),
])
def test_a_bad_entry_is_refused_naming_it(tmp_path, change, problem):
    path = registry_file(tmp_path, change)
    with pytest.raises(RegistryError) as error:
        load_vocabulary(path)
    assert str(error.value).startswith(f"{path}: {problem}")


def test_an_unreadable_registry_is_named(tmp_path):
    with pytest.raises(RegistryError, match="absent.yaml: cannot read"):
        load_vocabulary(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("event_kinds: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="broken.yaml: not valid YAML"):
        load_vocabulary(broken)


# -- a new event kind ----------------------------------------------------------------------


@pytest.fixture
def english_with(tmp_path, monkeypatch):
    """An English pack of the test's own: the shipped one plus the rows a test adds to its
    files, found first on SITREP_LANG_PATH."""
    def make(**rows: str) -> None:
        pack = tmp_path / "lang" / "en"
        shutil.copytree(resources.files("sitrep.data") / "lang" / "en", pack)
        for name, row in rows.items():
            with open(pack / name, "a", encoding="utf-8") as handle:
                handle.write(row + "\n")
        monkeypatch.setenv("SITREP_LANG_PATH", str(tmp_path / "lang"))
        LanguagePack.load.cache_clear()
    yield make
    LanguagePack.load.cache_clear()


def test_a_new_event_kind_is_extracted_coded_exported_and_drawn(tmp_path, gazetteer, english_with):
    registry = load_vocabulary(registry_file(
        tmp_path, lambda raw: raw["event_kinds"].update(blockade=BLOCKADE)))
    english_with(**{"event_triggers.tsv": "blockade|blockaded|blockading\tblockade\tverb\tforce"})
    pipeline = build_pipeline()
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "case.yaml").write_text(
        "name: Sea lanes\ncountry_at_risk: UA\nindicators:\n"
        "  - {id: ports-blockaded, name: Ports blockaded, kinds: [blockade]}\n",
        encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    write_report(reports, "navy", "Russian warships blockaded the port in Odesa on 3 March.",
                 published="2022-03-04", publisher="Harbour Post")
    with use_vocabulary(registry):
        store = Store.open(sqlite_url(case_dir))
        try:
            assert not ingest_inputs([str(reports)], store, pipeline).errors
            brief = build_brief(store, load_case(case_dir))
            rows = list(csv.DictReader(io.StringIO(acled_csv(brief.picture))))
            features = [f["properties"] for f in geojson(brief.picture)["features"]]
            client = TestClient(create_app(Dashboard(case_dir, store),
                                           allowed_hosts=["testserver"]))
            drawn = client.get("/api/vocabulary").json()["event_kinds"]
            mapped = client.get("/api/map").json()["events"]["features"]
        finally:
            store.close()
    assert [(r["event_type"], r["sub_event_type"], r["plover"], r["plover_mode"], r["cameo"],
             r["location"]) for r in rows] == [
        ("Strategic developments", "Blockade", "COERCE", "blockade", "19", "Odesa")]
    assert [(f["kind"], f["plover"], f["cameo"], f["place"]) for f in features] == [
        ("blockade", "COERCE", "19", "Odesa")]
    assert [s.status for s in brief.indicators] == ["reported"]
    assert (drawn["blockade"]["shape"], drawn["blockade"]["colour"]) == ("diamond", "#123456")
    assert [f["properties"]["kind"] for f in mapped] == ["blockade"]
    # Outside the block the packaged registry is in force again: the kind is unknown.
    assert "blockade" not in vocabulary().event_kinds
    with pytest.raises(CaseError, match="'blockade' is not an event kind"):
        load_case(case_dir)
