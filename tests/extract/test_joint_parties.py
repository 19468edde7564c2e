"""An agreement of both sides binds each side: the ``parties`` of a joint act.

The sentences are written here, about invented commanders of Moldova and Chile.
"""

from __future__ import annotations

import pytest

from sitrep.extract import build_pipeline
from tests.conftest import sample_document

ACCUSATION = "Moldova accused Chile of massing troops near Comrat on Monday."
AGREED = ("Senior commanders of both sides met on Tuesday and agreed on a process for "
          "disengagement along the border.")


@pytest.fixture(scope="module", params=["statistical", "rules"])
def reader(request, gazetteer):
    return build_pipeline(fast=request.param == "rules")


def withdrawals(reader, text: str):
    return [e for e in reader.extract(sample_document(text)).events if e.kind == "withdraw"]


def test_an_agreement_of_both_sides_binds_the_two_sides_the_document_names(reader):
    [agreed] = withdrawals(reader, f"{ACCUSATION} {AGREED}")
    assert (agreed.modality, agreed.actor_side, agreed.parties) == ("planned", None, ["CL", "MD"])


def test_the_sides_its_own_sentence_names_come_first(reader):
    text = ("Peru warned Moldova on Monday. After talks between Moldova and Chile on Tuesday, "
            "the two sides agreed to pull back their troops from the border.")
    [agreed] = withdrawals(reader, text)
    assert agreed.parties == ["CL", "MD"]


def test_both_sides_of_a_document_of_three_sides_stay_unknown(reader):
    text = f"Peru warned Moldova and Chile on Monday. {AGREED}"
    [agreed] = withdrawals(reader, text)
    assert agreed.parties == []


def test_a_withdrawal_of_one_named_side_has_no_parties(reader):
    text = f"{ACCUSATION} Chilean troops withdrew from the border on Tuesday."
    [withdrew] = withdrawals(reader, text)
    assert (withdrew.actor_side, withdrew.parties) == ("CL", [])


def test_a_cue_holds_across_quote_marks(reader):
    text = (f"{ACCUSATION} At talks on Tuesday the two sides arrived at a \u201cconsensus\u201d "
            "to pull back their troops from the border.")
    [agreed] = withdrawals(reader, text)
    assert (agreed.modality, agreed.parties) == ("planned", ["CL", "MD"])
