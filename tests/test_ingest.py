"""The one write path: a toy source type ingested, and one bad document in a batch."""

from __future__ import annotations

import pytest

from sitrep.extract import build_pipeline
from sitrep.extract.pipeline import Pipeline
from sitrep.ingest import Stored, ingest_documents, ingest_inputs
from sitrep.errors import SourceError
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.sources.test_source_registry import with_notes  # noqa: F401  (a fixture)


@pytest.fixture
def store(tmp_path):
    with Store.open(sqlite_url(tmp_path)) as store:
        yield store


@pytest.mark.usefixtures("with_notes")
def test_a_registered_source_type_is_ingested_like_a_file(store):
    outcomes = []
    report = ingest_inputs(["note:Armour moved towards the border on Monday.",
                            "note:Artillery was seen near the river on Tuesday."],
                           store, build_pipeline(with_entities=False),
                           on_outcome=outcomes.append)
    assert report.outcomes["added"] == 2 and not report.errors
    assert [o.status for o in outcomes] == ["added", "added"]
    assert all(isinstance(o, Stored) and o.name == "note" for o in outcomes)
    assert {d.id for d in store.documents()} == {o.doc_id for o in outcomes}


class SentencesOnly(Pipeline):
    """The sentences pipeline, for the pipelines below that change how one document is
    extracted."""

    def __init__(self):
        sentences = build_pipeline(with_entities=False)
        super().__init__(sentences.nlp, sentences.lang)


class FailsOnBridges(SentencesOnly):
    """A pipeline that fails on one document, as a bug would."""

    def extract(self, document):
        if "bridge" in document.text:
            raise RuntimeError("cannot read bridges")
        return super().extract(document)


def test_a_document_the_pipeline_fails_on_is_reported_and_the_batch_goes_on(store, tmp_path):
    from sitrep.documents import Metadata, make_document

    documents = [make_document(text, name=name, source=name, metadata=Metadata())
                 for name, text in (("a", "Tanks moved west on Monday."),
                                    ("b", "Engineers built a bridge on Tuesday."),
                                    ("c", "Troops left the base on Friday."))]
    report = ingest_documents(documents, store, FailsOnBridges())
    assert report.outcomes["added"] == 2
    (error,) = report.errors
    assert isinstance(error, SourceError)
    assert str(error).startswith("b: extraction failed: RuntimeError: cannot read bridges")
    assert len(store.documents()) == 2


class NeverExtracts(SentencesOnly):
    def extract(self, document):
        raise RuntimeError("extracted again")


def test_skip_stored_neither_extracts_nor_reports_a_stored_document(store):
    from sitrep.documents import Metadata, make_document

    document = make_document("Tanks moved west on Monday.", name="a", source="a",
                             metadata=Metadata())
    pipeline = build_pipeline(with_entities=False)
    assert ingest_documents([document], store, pipeline).outcomes["added"] == 1
    outcomes = []
    again = ingest_documents([document], store, NeverExtracts(), skip_stored=True,
                             on_outcome=outcomes.append)
    assert outcomes == [] and not again.outcomes and not again.errors
