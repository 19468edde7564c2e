"""Extraction on Dask workers leaves the store exactly as a serial run does."""

from __future__ import annotations

import os
import time

import distributed
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from sitrep import parallel
from sitrep.case import load_case
from sitrep.cli import main
from sitrep.examples import example_case_dir
from sitrep.extract import build_pipeline
from sitrep.ingest import ingest_inputs, store_extractions
from sitrep.knowledge import default_knowledge, load_knowledge
from sitrep.sources import iter_documents
from sitrep.store import Store, schema
from sitrep.store.location import sqlite_url
from tests.conftest import write_report

REGION = load_case(example_case_dir()).watched_countries()


@pytest.fixture
def inputs(tmp_path):
    """The example case twice (the second time unchanged), two versions of one URL, and bad
    inputs between them."""
    url = "https://example.org/convoy"
    first = write_report(tmp_path, "convoy-1", "A convoy left Klintsy on Monday, NATO said.",
                         url=url, published="2022-02-14")
    second = write_report(tmp_path, "convoy-2", "A convoy left Klintsy on Monday. It reached "
                          "Bryansk on Tuesday, NATO said.", url=url, published="2022-02-15")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01 not text")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    example = str(example_case_dir())
    return [example, str(first), str(binary), str(tmp_path / "missing.txt"), str(second),
            str(empty), example]


def contents(case_dir) -> dict[str, list]:
    """Every row of every table by primary key, ids included; only the time of ingest differs."""
    with Store.open(sqlite_url(case_dir)) as store, store.engine.connect() as connection:
        return {name: connection.execute(
                    select(*[c for c in table.c if c.name != "ingested_at"])
                    .order_by(*table.primary_key.columns)).all()
                for name, table in schema.metadata.tables.items() if name != "schema_version"}


def outcome_line(outcome) -> str:
    return str(outcome) if isinstance(outcome, Exception) else f"{outcome.doc_id} {outcome.status}"


def built_pipelines() -> dict:
    """Runs on a worker: the pipelines its thread holds, by arguments."""
    return {key: id(pipeline) for key, pipeline in parallel._pipelines.built.items()}


def test_a_cluster_run_stores_what_a_serial_run_stores(cluster, inputs, tmp_path):
    serial, outcomes = tmp_path / "serial", []
    serial.mkdir()
    with Store.open(sqlite_url(serial)) as store:
        report = ingest_inputs(inputs, store, build_pipeline(region=REGION),
                               on_outcome=lambda o: outcomes.append(outcome_line(o)))
    assert report.failed == 3 and report.outcomes["new version"] == 1
    assert report.outcomes["unchanged"] == 20

    on_cluster, outcomes_on_cluster = tmp_path / "cluster", []
    on_cluster.mkdir()
    with distributed.Client(cluster.scheduler_address) as client, \
            Store.open(sqlite_url(on_cluster)) as store:
        extractions = parallel.extract_on_cluster(client, iter_documents(inputs), region=REGION,
                                                  batch_chars=5000)
        report_on_cluster = store_extractions(
            extractions, store, on_outcome=lambda o: outcomes_on_cluster.append(outcome_line(o)))
        hits = store.search("Klintsy")
        held = [client.submit(built_pipelines, workers=[worker], pure=False).result()
                for worker in client.nthreads()]

    assert outcomes_on_cluster == outcomes  # same order, same errors
    assert report_on_cluster.outcomes == report.outcomes
    assert report_on_cluster.warnings == report.warnings
    assert contents(on_cluster) == contents(serial)
    with Store.open(sqlite_url(serial)) as store:
        assert hits == store.search("Klintsy")  # the full-text index too
    # each worker built one pipeline and kept it for all its batches
    key = (True, False, REGION, default_knowledge().key)
    assert all(list(pipelines) == [key] for pipelines in held)


def test_workers_use_the_case_pack_they_are_given(cluster, tmp_path):
    """The knowledge travels to the workers: they need not see the case's directory."""
    pack = tmp_path / "case" / "pack"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: north\n")
    (pack / "places.tsv").write_text("Vardoya Range\tarea\tNO\t70.4\t31.1\n")
    knowledge = load_knowledge([], case_pack=pack)
    report = write_report(tmp_path, "north", "Troops moved to the Vardoya Range on Monday.",
                          published="2027-01-05")
    with distributed.Client(cluster.scheduler_address) as client:
        [extraction] = parallel.extract_on_cluster(client, iter_documents([str(report)]),
                                                   knowledge=knowledge)
    places = [e for e in extraction.entities if e.kind == "place"]
    assert [(p.name, p.attributes["lat"]) for p in places] == [("Vardoya Range", 70.4)]


def test_a_batch_comes_back_equal_to_the_extractions_made_in_process():
    """What travels from a worker (MessagePack) decodes to the very records a pipeline in
    this process makes: every field of every kind, dates, intervals, attributes."""
    documents = [d for d in iter_documents([str(example_case_dir())])][:6]
    expected = [build_pipeline(region=REGION).extract(d) for d in documents]
    decoded = parallel._decoder.decode(parallel.extract_batch(documents, True, False, REGION,
                                                             default_knowledge()))
    assert decoded == expected
    assert sum(len(e.events) for e in decoded) > 10
    assert any(m.kind == "place" for e in decoded for m in e.mentions)
    assert any(event.time.start for e in decoded for event in e.events)
    # and the typed fields analysis reads
    assert any(s.asserts and s.first_person for e in decoded for s in e.statements)
    assert any(event.subject_key and event.equipment_categories and event.words
               for e in decoded for event in e.events)


def test_the_client_reads_no_further_than_its_window_of_batches(cluster):
    documents = list(iter_documents([str(example_case_dir())]))
    read = []

    def counted():
        for document in documents:
            read.append(document)
            yield document

    with distributed.Client(cluster.scheduler_address) as client:
        busy = [client.submit(time.sleep, 1, workers=[w], pure=False) for w in client.nthreads()]
        extractions = parallel.extract_on_cluster(client, counted(), batch_chars=1)  # 1 per batch
        next(extractions)
        assert len(read) == parallel.BATCHES_PER_THREAD * len(busy) + 1
        assert len(list(extractions)) == len(documents) - 1


def test_slow_inputs_are_extracted_as_they_come_not_once_a_batch_is_full(cluster):
    documents = list(iter_documents([str(example_case_dir())]))[:5]

    def slowly():
        for document in documents:
            yield document
            time.sleep(0.5)  # like a fetch

    with distributed.Client(cluster.scheduler_address) as client:
        started = time.perf_counter()
        first = next(parallel.extract_on_cluster(client, slowly()))
        assert time.perf_counter() - started < 2.0  # not after all five
        assert first.document.id == documents[0].id


def run_cli(case_dir, *args):
    return CliRunner().invoke(main, ["--case", str(case_dir), "ingest", *args],
                              catch_exceptions=False)


def test_ingest_with_workers_or_a_scheduler_stores_what_a_serial_ingest_stores(
        cluster, inputs, tmp_path, monkeypatch):
    monkeypatch.delenv("SITREP_DATABASE_URL", raising=False)
    serial = run_cli(tmp_path / "serial", *inputs)
    workers = run_cli(tmp_path / "workers", *inputs, "--workers", "2")
    scheduler = run_cli(tmp_path / "scheduler", *inputs, "--scheduler", cluster.scheduler_address)
    for result, case in ((serial, "serial"), (workers, "workers"), (scheduler, "scheduler")):
        assert result.exit_code == 1  # some inputs failed
        assert f"{inputs[3]}: no such file" in result.stderr
        creating = f"creating the case {tmp_path / case} and its store\n"
        assert result.stderr.startswith(creating)
        assert result.stderr.removeprefix(creating) == serial.stderr.split("\n", 1)[1]
    assert contents(tmp_path / "workers") == contents(tmp_path / "serial")
    assert contents(tmp_path / "scheduler") == contents(tmp_path / "serial")


def test_workers_and_scheduler_exclude_each_other(tmp_path):
    result = run_cli(tmp_path, "x.txt", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_a_document_that_fails_on_a_worker_fails_alone(monkeypatch):
    """Over the time budget on a worker (here a budget of 0 s: every document fails), each
    document comes back as an error naming it, and the batch is not lost with it."""
    from concurrent.futures import Future

    from sitrep.errors import SourceError

    documents = [d for d in iter_documents([str(example_case_dir())])][:3]
    monkeypatch.setattr(parallel._pipelines, "get",
                        lambda *_: build_pipeline(fast=True, time_budget_s=0))
    batch = Future()
    batch.set_result(parallel.extract_batch(documents, True, True, REGION, default_knowledge()))
    results = parallel._results(batch, parallel._decoder)
    assert [r.source for r in results] == [d.source for d in documents]
    for result, document in zip(results, documents):
        assert isinstance(result, SourceError)
        assert f"extraction failed: ExtractionTimeout: {document.name}: extraction stopped" \
            in str(result)


def worker_setting(key: str):
    """Runs on a worker: its Dask configuration's value for ``key``."""
    import dask

    return dask.config.get(key)


def test_local_workers_run_without_dasks_profiler_and_fast_monitors():
    """Dask's monitoring costs idle CPU in every process (see sitrep.parallel.QUIET):
    local workers inherit the quieter settings."""
    with parallel.connect(workers=1) as client:
        for key, value in parallel.QUIET.items():
            assert set(client.run(worker_setting, key).values()) == {value}


def test_local_workers_keep_glibcs_adaptive_malloc(monkeypatch):
    """Dask's MALLOC_TRIM_THRESHOLD_ made every batch fault its arrays' pages in afresh
    (see sitrep.parallel's docstring): local workers start without it, Dask's other
    settings for a worker's environment kept. A cluster started earlier in this process
    leaves the variable in its environment, where a worker would inherit it."""
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with parallel.connect(workers=1) as client:
        assert set(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == {None}
        assert set(client.run(os.environ.get, "OMP_NUM_THREADS").values()) == {"1"}
