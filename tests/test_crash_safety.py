"""An ingest killed with SIGKILL part-way leaves a sound store, and running it again
completes the work with nothing lost or stored twice.

Documents are stored a few to a transaction (``Store.add_all``), so a kill can only lose
the documents being written, never leave part of one. The store after the kill is checked
against a reference store filled by an uninterrupted run of the same inputs.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.ingest import STORE_BATCH, ingest_inputs
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import write_report
from tests.store.test_store import dump

DOCUMENTS = 120
# Runs `sitrep ingest` in a process that kills itself with SIGKILL in the middle of
# storing its Nth document: after every row of it is written, before the commit.
KILLED_MID_TRANSACTION = """
import os, signal, sys
import sitrep.store.store as store
from sitrep.cli import main

written = 0
insert_records = store._insert_records

def insert_then_die(connection, extraction):
    global written
    insert_records(connection, extraction)
    written += 1
    if written == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)

store._insert_records = insert_then_die
main(sys.argv[2:])
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """Short reports with statements, events, places and units, each with a tag word of
    its own to search for."""
    directory = tmp_path_factory.mktemp("reports")
    for n in range(DOCUMENTS):
        write_report(directory, f"r{n:04d}",
                     f"Report {n}: NATO said on Tuesday that Russian troops of the 41st "
                     f"Combined Arms Army moved from Yelnya to Klintsy. Satellite images "
                     f"showed {n + 10} tanks near Klintsy, 300 km from the border. The "
                     f"Kremlin denied any plan to attack Ukraine, Dmitry Peskov told "
                     f"reporters. Tag{n:04d}zq was the name of the exercise.",
                     publisher=f"Wire {n % 7}", published=f"2022-02-{1 + n % 20:02d}")
    return directory


@pytest.fixture(scope="module")
def reference(tmp_path_factory, reports, pipeline) -> Store:
    """The store an uninterrupted ingest leaves."""
    case_dir = tmp_path_factory.mktemp("reference")
    store = Store.open(sqlite_url(case_dir))
    assert not ingest_inputs([str(reports)], store, pipeline).errors
    yield store
    store.close()


def sitrep(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitrep.cli", *args]


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "SITREP_DATABASE_URL"}


def records(store: Store, doc_id: str) -> tuple:
    x = store.extraction(doc_id)
    return (x.document.text, x.sentences, sorted(x.mentions, key=lambda m: (m.start, m.end)),
            x.statements, x.events)


def assert_sound(case_dir: Path, reference: Store) -> int:
    """SQLite finds no damage, the search index matches the sentences, and each stored
    document has every record the reference has for it (none half-written); returns how
    many documents are stored."""
    raw = sqlite3.connect(case_dir / "sitrep.db")
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        raw.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        raw.close()
    with Store.open(sqlite_url(case_dir)) as store:
        stored = store.documents()
        for document in stored:
            assert records(store, document.id) == records(reference, document.id)
            tag = f"Tag{int(document.name[1:]):04d}zq"
            assert [hit.document.id for hit in store.search(tag)] == [document.id]
    return len(stored)


def ingest_again_and_compare(case_dir: Path, reports: Path, reference: Store) -> None:
    """Running the ingest again adds exactly what is missing."""
    done = subprocess.run(sitrep("--case", str(case_dir), "ingest", str(reports)),
                          capture_output=True, text=True, env=environment(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert assert_sound(case_dir, reference) == DOCUMENTS
    with Store.open(sqlite_url(case_dir)) as store:
        assert dump(store) == dump(reference)


def test_a_kill_in_the_middle_of_a_document_leaves_none_of_it(tmp_path, reports, reference):
    case_dir = tmp_path / "case"
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_TRANSACTION, "40",
                             "--case", str(case_dir), "ingest", str(reports)],
                            capture_output=True, text=True, env=environment(), timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # the 40th was being written, in a transaction of up to STORE_BATCH documents: none
    # of them is stored, every one before that transaction is, whole
    assert 40 - STORE_BATCH <= assert_sound(case_dir, reference) < 40
    ingest_again_and_compare(case_dir, reports, reference)


def test_kills_at_any_moment_lose_nothing_once_the_ingest_is_run_again(tmp_path, reports,
                                                                       reference):
    """The real command, killed from outside twice while it stores."""
    case_dir = tmp_path / "case"
    stored = 0
    for at_least in (25, 70):
        process = subprocess.Popen(sitrep("--case", str(case_dir), "ingest", str(reports)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=environment())
        try:
            deadline = time.monotonic() + 60
            while count_documents(case_dir) < at_least:
                assert process.poll() is None, "the ingest ended before it was killed"
                assert time.monotonic() < deadline
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=10)
        now = assert_sound(case_dir, reference)
        assert at_least <= now < DOCUMENTS and now >= stored
        stored = now
    ingest_again_and_compare(case_dir, reports, reference)


def count_documents(case_dir: Path) -> int:
    """Documents committed so far, read beside the writer (WAL lets it)."""
    path = case_dir / "sitrep.db"
    if not path.exists():
        return 0
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        connection.close()
