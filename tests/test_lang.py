"""Language packs: the loader, a document in a language no pack reads, a second language as data."""

from __future__ import annotations

import dataclasses
import shutil
from importlib import resources
from pathlib import Path

import pytest

from sitrep.errors import LanguagePackError
from sitrep.extract import build_pipeline
from sitrep.lang import ENV_PATH, LanguagePack, available, language_code
from tests.conftest import sample_document

EN = Path(str(resources.files("sitrep.data").joinpath("lang", "en")))


def toy_pack(root: Path, code: str, **replaced: str) -> Path:
    """A copy of the English pack under ``root/code`` with some files rewritten."""
    folder = root / code
    shutil.copytree(EN, folder)
    for name, text in replaced.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def test_english_pack_gives_typed_words_and_its_spacy_language():
    pack = LanguagePack.load("en")
    assert pack is LanguagePack.load("en")  # read once
    assert pack.spacy_code == "en" and pack.name == "English"
    assert {"not", "never"} <= pack.words("negations")
    assert pack.word_list("quantity_amounts")[0] == "tens of thousands"
    assert "said" in [line.split("\t")[0] for line in pack.lines("reporting_verbs.tsv")]
    assert "the" in pack.stop_words()


@pytest.mark.parametrize("form, plural", [("tank", "tanks"), ("lorry", "lorries"),
                                          ("box", "boxes"), ("T-72", "T-72s"),
                                          ("HIMARS", "HIMARS"), ("day", "days")])
def test_english_plural_rules(form, plural):
    assert LanguagePack.load("en").plural(form) == plural


@pytest.mark.parametrize("tag, code", [("en-GB", "en"), (None, "en"), ("und", "en"),
                                       ("", "en"), ("FR", "fr"), ("pt_BR", "pt")])
def test_a_document_language_tag_names_a_pack(tag, code):
    assert language_code(tag) == code


def test_errors_name_the_pack_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_PATH, str(tmp_path))
    toy_pack(tmp_path, "zz", plurals__tsv="# comment\n$\ts\nbroken line\n")
    with pytest.raises(LanguagePackError, match=r"zz/plurals.tsv, line 3: expected two"):
        LanguagePack.load("zz")
    with pytest.raises(LanguagePackError, match=r"word_classes.tsv: no class 'nouns'"):
        LanguagePack.load("en").words("nouns")
    with pytest.raises(LanguagePackError, match=r"no language pack 'qq' \(packs: .*en"):
        LanguagePack.load("qq")


def test_a_document_in_an_unsupported_language_gets_a_warning_and_no_english_rules(pipeline):
    text = "Le ministre a dit que les troupes russes ont quitté Koursk. Rien n'a changé."
    document = dataclasses.replace(sample_document(text), language="fr", warnings=[])
    result = pipeline.extract(document)
    assert len(result.sentences) == 2
    assert (result.mentions, result.entities, result.statements, result.events) == ([], [], [], [])
    assert len(document.warnings) == 1
    assert "sample" in document.warnings[0] and "'fr'" in document.warnings[0]


def test_an_undetermined_language_is_read_as_english(pipeline):
    document = dataclasses.replace(sample_document("Lavrov said the talks failed."),
                                   language="und", warnings=[])
    result = pipeline.extract(document)
    assert document.warnings == [] and [s.speaker for s in result.statements] == ["Sergey Lavrov"]


def test_a_second_language_is_only_data(tmp_path, monkeypatch, gazetteer):
    """A toy pack whose one reporting verb is "blorfed": its documents are read by its
    words, and English's "said" no longer reports."""
    monkeypatch.setenv(ENV_PATH, str(tmp_path))
    toy_pack(tmp_path, "xx", language__tsv="name\tToy\nspacy\ten\n",
             reporting_verbs__tsv="blorfed\t-\n")
    assert "xx" in available()
    toy = build_pipeline(language="xx")
    text = "Lavrov blorfed the talks failed. Stoltenberg said the troops stayed."
    document = dataclasses.replace(sample_document(text), language="xx", warnings=[])
    statements = toy.extract(document).statements
    assert document.warnings == []
    assert [s.speaker for s in statements] == ["Sergey Lavrov"]
