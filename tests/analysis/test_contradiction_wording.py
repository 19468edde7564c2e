"""The one sentence of why a claim is contradicted is worded by the language pack
(``contradiction_wording.tsv``): a pack with other words gives another sentence."""

import shutil

import pytest

from sitrep.analysis import contradictions
from sitrep.analysis.contradictions import ContradictionFinder
from sitrep.errors import LanguagePackError
from sitrep.lang import ENV_PATH, LanguagePack
from tests.analysis.reports import event, report, statement

SHIPPED = contradictions.__file__.rsplit("/analysis/", 1)[0] + "/data/lang/en"


def _contradicted_withdrawal() -> ContradictionFinder:
    text = "We are pulling back our brigades from the Ostrel line, said Colonel Ivo Marek."
    finder = ContradictionFinder()
    finder.add(report("claim", statement("s1", text, side="VA", speaker="Ivo Marek",
                                         date="2024-03-04"), published="2024-03-04"))
    finder.add(report("seen", event("e1", "build_up", "Valdorian armour massed at Kessa.",
                                    side="VA", date="2024-03-09"), published="2024-03-09"))
    return finder


@pytest.fixture
def pack_of(tmp_path, monkeypatch):
    """Point the pack search path at a copy of the English pack with other wording."""
    def make(wording: str):
        copy = tmp_path / "en"
        shutil.copytree(SHIPPED, copy)
        (copy / "contradiction_wording.tsv").write_text(wording, encoding="utf-8")
        monkeypatch.setenv(ENV_PATH, str(tmp_path))
        LanguagePack.load.cache_clear()
        contradictions._wording.cache_clear()
    yield make
    monkeypatch.delenv(ENV_PATH)
    LanguagePack.load.cache_clear()
    contradictions._wording.cache_clear()


def test_the_shipped_pack_words_the_sentence():
    [record] = _contradicted_withdrawal().contradictions()
    assert record.why == ("Ivo Marek claimed a withdrawal or de-escalation (2024-03-04): "
                          "build-up by VA seen on 2024-03-09 (reported by the press)")


def test_another_pack_words_it_otherwise(pack_of):
    pack_of("why\t{claimant} sagte {said} am {date}: {reasons}\n"
            "claim:withdraw\tRückzug\nevent\t{kind}\nno_event\tkein {kind}\n"
            "says\t{source} widerspricht\nseen\t{seen} ({side}, {date}, {source})\n"
            "observed\tgesehen von {source}\nunattributed\tunbekannt\nthe_press\tPresse\n")
    [record] = _contradicted_withdrawal().contradictions()
    assert record.why == "Ivo Marek sagte Rückzug am 2024-03-04: build-up (VA, 2024-03-09, Presse)"


def test_a_pack_missing_a_template_is_an_error_naming_the_file(pack_of):
    pack_of("why\t{claimant} {said} {date} {reasons}\n")
    with pytest.raises(LanguagePackError, match="contradiction_wording.tsv: missing .*says"):
        _contradicted_withdrawal().contradictions()[0].why
