"""Dask workers that store what they extract themselves (``--store-on-workers``), each
through its own connection: into SQLite and into the real PostgreSQL server the store's
tests use (``database_url``, tests/store/conftest.py), on two worker processes on loopback."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future

import distributed
import pytest
from click.testing import CliRunner

from sitrep import parallel
from sitrep.cli import main
from sitrep.errors import SourceError
from sitrep.examples import example_case_dir
from sitrep.extract import build_pipeline
from sitrep.ingest import ingest_inputs, report_stored
from sitrep.knowledge import default_knowledge
from sitrep.sources import iter_documents
from sitrep.store import Store
from tests.conftest import write_report


@pytest.fixture
def inputs(tmp_path):
    """The example case twice (the second time unchanged), a report of our own, and inputs
    that cannot be read between them."""
    own = write_report(tmp_path, "convoy", "A convoy of the 12th Brigade left Klintsy on "
                       "Monday, the ministry said.", url="https://example.org/convoy",
                       published="2022-02-14")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01 not text")
    example = str(example_case_dir())
    return [example, str(own), str(binary), str(tmp_path / "missing.txt"), example]


def stored(database_url: str) -> dict:
    """Each stored document with everything read from it, by id, and its version: what a
    store holds apart from what follows the order the workers commit in: row ids, and
    which document's reading of a shared entity (its aliases) gave the entity's row."""
    with Store.open(database_url) as store:
        return {d.id: (d.version, dataclasses.replace(
                    extraction, entities=[entity.id for entity in extraction.entities]))
                for d in store.documents() if (extraction := store.extraction(d.id))}


def opened_stores() -> list[str]:
    """Runs on a worker: the URLs of the stores its thread holds open."""
    return list(parallel._stores.opened)


def test_workers_store_what_a_serial_ingest_stores(cluster, inputs, database_url, tmp_path):
    serial_url = f"sqlite:///{tmp_path / 'serial.db'}"
    with Store.open(serial_url) as store:
        serial = ingest_inputs(inputs, store, build_pipeline())
    assert serial.failed == 2 and serial.outcomes["unchanged"] > 10

    outcomes = []
    with distributed.Client(cluster.scheduler_address) as client, \
            Store.open(database_url):  # the store exists before the workers write to it
        report = report_stored(
            parallel.store_on_cluster(client, iter_documents(inputs), database_url,
                                      batch_chars=5000),
            on_outcome=outcomes.append)
        # each worker opened one store and kept it for all its batches
        opened = [client.submit(opened_stores, workers=[worker], pure=False).result()
                  for worker in client.nthreads()]
    assert [urls.count(database_url) for urls in opened] == [1, 1]

    assert report.outcomes == serial.outcomes and report.warnings == serial.warnings
    assert [str(e) for e in report.errors] == [str(e) for e in serial.errors]
    assert [o.source for o in outcomes if isinstance(o, SourceError)] == \
        [e.source for e in serial.errors]  # reported as they came, in input order
    assert stored(database_url) == stored(serial_url)
    with Store.open(database_url) as store, Store.open(serial_url) as serial_store:
        assert [h.sentence for h in store.search("Klintsy")] == \
            [h.sentence for h in serial_store.search("Klintsy")]  # the full-text index too


def test_a_document_the_store_refuses_fails_alone_and_the_rest_of_its_batch_is_kept(
        postgres_url):
    """A language tag longer than its column: PostgreSQL refuses the row (SQLite would
    take it). The batch's transaction fails; each document is then stored alone, so the
    refused one is named and the others are stored whole."""
    documents = list(iter_documents([str(example_case_dir())]))[:3]
    documents[1] = dataclasses.replace(documents[1], language="x" * 40)
    with Store.open(postgres_url):
        pass
    encoded = parallel.extract_and_store_batch(documents, True, True, (), default_knowledge(),
                                               postgres_url)
    first, refused, third = parallel._results(_done_future(encoded), parallel._stored_decoder)
    assert isinstance(refused, SourceError) and refused.source == documents[1].source
    assert "storing failed: DataError" in str(refused)
    assert (first.status, third.status) == ("added", "added")
    with Store.open(postgres_url) as store:
        assert {d.id for d in store.documents()} == {documents[0].id, documents[2].id}
        assert store.extraction(documents[1].id) is None  # nothing of it: no half a document
        kept, expected = store.extraction(documents[2].id), build_pipeline(fast=True).extract(
            documents[2])
        assert (kept.mentions, kept.events) == (expected.mentions, expected.events)
        assert kept.events


def _done_future(result) -> Future:
    future = Future()
    future.set_result(result)
    return future


def run_cli(case_dir, *args):
    return CliRunner().invoke(main, ["--case", str(case_dir), "ingest", *args],
                              catch_exceptions=False)


def test_ingest_store_on_workers_into_postgresql(cluster, inputs, postgres_url, tmp_path,
                                                 monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    serial = run_cli(tmp_path / "serial", *inputs)
    monkeypatch.setenv("SITREP_DATABASE_URL", postgres_url)
    on_workers = run_cli(tmp_path / "workers", *inputs, "--scheduler",
                         cluster.scheduler_address, "--store-on-workers")
    assert on_workers.exit_code == serial.exit_code == 1  # some inputs failed
    assert on_workers.stderr.split("\n", 1)[1] == serial.stderr.split("\n", 1)[1]
    assert stored(postgres_url) == stored(f"sqlite:///{tmp_path / 'serial' / 'sitrep.db'}")


def test_store_on_workers_needs_workers_and_a_server_for_a_cluster(tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    alone = run_cli(tmp_path, "x.txt", "--store-on-workers")
    assert alone.exit_code == 2 and "needs --workers N" in alone.stderr
    remote = run_cli(tmp_path, "x.txt", "--scheduler", "tcp://127.0.0.1:1", "--store-on-workers")
    assert remote.exit_code == 2 and "needs a PostgreSQL store" in remote.stderr
