"""datasette finds the store's sentence index: its table search on ``sentences`` matches
only the sentences holding the word, on a new store and on one upgraded from version 7."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import text

from sitrep.store import Store
from sitrep.store.search import FTS_TABLE
from tests.conftest import sample_document

TEXT = ("Officials said the pontoon bridge near Dorvale was finished on Monday.\n"
        "A convoy of trucks reached the depot at Krasny Brod.\n"
        "The ministry denied that any convoy had left its base.")
OLD_FORM = (f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='sentences', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def search(db_path, word: str) -> list[str]:
    """The texts datasette's table search on ``sentences`` answers, from a datasette
    started on loopback for this query and stopped after."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db_path),
                               "-h", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/{db_path.stem}/sentences.json",
                                   params={"_search": word, "_shape": "array"}, timeout=10)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {server.stderr.read()!r}")
                time.sleep(0.2)
        answer.raise_for_status()
        return [row["text"] for row in answer.json()]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def store_path(tmp_path, pipeline):
    path = tmp_path / "sitrep.db"
    store = Store.open(f"sqlite:///{path}")
    store.add(pipeline.extract(sample_document(TEXT)))
    store.close()
    return path


def test_datasette_table_search_uses_the_sentence_index(store_path):
    assert search(store_path, "convoy") == [
        "A convoy of trucks reached the depot at Krasny Brod.",
        "The ministry denied that any convoy had left its base."]
    assert search(store_path, "pontoon") == [
        "Officials said the pontoon bridge near Dorvale was finished on Monday."]


def test_an_index_of_the_old_form_is_rebuilt_in_the_form_datasette_detects(store_path):
    store = Store.open(f"sqlite:///{store_path}")
    with store.engine.begin() as connection:  # turn it back into a version 7 store
        connection.execute(text(f"DROP TABLE {FTS_TABLE}"))
        connection.execute(text(OLD_FORM))
        connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        connection.execute(text("ALTER TABLE events DROP COLUMN parties"))  # of version 9
        connection.execute(text("UPDATE schema_version SET version = 7"))
    store.close()
    store = Store.open(f"sqlite:///{store_path}")
    assert [hit.sentence for hit in store.search("depot")] == [
        "A convoy of trucks reached the depot at Krasny Brod."]
    store.close()
    assert search(store_path, "depot") == ["A convoy of trucks reached the depot at Krasny Brod."]
