"""`sitrep serve` and `sitrep ingest` on one SQLite store at once: the dashboard answers
every request while the ingest writes, the page's own ingestion writes beside it, and
no document is lost or stored twice.

The store runs in WAL mode (readers never wait for the writer) with a busy timeout
(a writer waits for the other's transaction), and each document's transaction takes the
write lock first (``Store.add``), so the two writers never race on the same document.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import serving_pages, write_report
from tests.web.conftest import ingested

FIRST, SECOND = 50, 350  # reports the two command line ingests read
FROM_PAGES = 8
TIME_LIMIT = 90  # seconds for the whole run; a hang fails rather than stalls CI


def report_text(n: int) -> str:
    return (f"Report {n}: NATO said on Tuesday that Russian troops moved from Yelnya to "
            f"Klintsy. Satellite images showed {n + 10} tanks near Klintsy. Tag{n:04d}zq.")


def sitrep(case_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sitrep.cli", "--case", str(case_dir), *args]


def test_serve_and_ingest_on_one_store_at_once(tmp_path):
    batches = [tmp_path / "first", tmp_path / "second"]
    for batch, numbers in zip(batches, (range(FIRST), range(FIRST, FIRST + SECOND))):
        batch.mkdir()
        for n in numbers:
            write_report(batch, f"r{n:04d}", report_text(n), published="2022-02-10")
    # The pages: new reports, and one the files hold too (the same text: the same document).
    pages = [(f"/p{n}.txt", report_text(1000 + n)) for n in range(FROM_PAGES)]
    pages.append(("/same.txt", report_text(FIRST + SECOND - 1)))
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "case.yaml").write_text("name: One store\n")  # a case, its store not made yet
    env = {k: v for k, v in os.environ.items() if k != "SITREP_DATABASE_URL"}
    deadline = time.monotonic() + TIME_LIMIT

    with serving_pages({path: (200, "text/plain", text) for path, text in pages}) as site, \
            open(tmp_path / "serve.log", "w+") as log:
        # Both start at once on a store that does not exist yet.
        server = subprocess.Popen(sitrep(case_dir, "serve", "--port", "0",
                                         "--allow-private-urls"),
                                  stdout=log, stderr=subprocess.STDOUT, env=env)
        ingest = subprocess.Popen(sitrep(case_dir, "ingest", str(batches[0])),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  env=env)
        try:
            url = wait_for_address(tmp_path / "serve.log", server, deadline)
            answers, failures = [], []
            # The first page makes the server build its pipeline, which takes longer
            # than the next ingest: before it, so that the writes below overlap.
            added = [ingest_page(url, site.url + pages[0][0], answers, failures)]
            assert ingest.wait(timeout=60) == 0, ingest.stderr.read()

            ingest = subprocess.Popen(sitrep(case_dir, "ingest", str(batches[1])),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True, env=env)
            readers = [threading.Thread(target=read_until, args=(url, ingest, deadline,
                                                                 answers, failures))
                       for _ in range(2)]
            for reader in readers:
                reader.start()
            while count_documents(case_dir) <= FIRST + 1:  # until the ingest writes
                assert ingest.poll() is None and time.monotonic() < deadline
                time.sleep(0.01)
            overlapping = 0
            for path, _ in pages[1:]:
                running = ingest.poll() is None
                added.append(ingest_page(url, site.url + path, answers, failures))
                overlapping += running and ingest.poll() is None
            _, err = ingest.communicate(timeout=max(1, deadline - time.monotonic()))
            for reader in readers:
                reader.join(timeout=max(1, deadline - time.monotonic()))

            assert ingest.returncode == 0, err
            assert not failures, failures[:5]
            assert len(answers) > 20 and all(status in (200, 202) for status in answers)
            assert added.count("added") >= FROM_PAGES and None not in added
            assert overlapping, "no page was ingested while the command line ingest wrote"
            listed = httpx.get(f"{url}/api/documents", timeout=60).json()
            total = FIRST + SECOND + FROM_PAGES
            assert len(listed) == len({d["doc_id"] for d in listed}) == total
            assert httpx.get(f"{url}/api/brief", timeout=60).json()["documents"] == total
        finally:
            for process in (ingest, server):
                process.kill()
                process.wait(timeout=10)

    raw = sqlite3.connect(case_dir / "sitrep.db")
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    with Store.open(sqlite_url(case_dir)) as store:
        assert store.counts()["documents"] == total
        assert store.counts()["sentences"] == 3 * total


def count_documents(case_dir: Path) -> int:
    connection = sqlite3.connect(f"file:{case_dir / 'sitrep.db'}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        connection.close()


def wait_for_address(log: Path, server: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        if match := re.search(r"running on (http://127\.0\.0\.1:\d+)", log.read_text()):
            return match.group(1)
        assert server.poll() is None, log.read_text()
        time.sleep(0.05)
    raise AssertionError(f"sitrep serve did not start: {log.read_text()}")


def read_until(url: str, ingest: subprocess.Popen, deadline: float, answers: list,
               failures: list) -> None:
    """Ask the dashboard what a reader asks, over and over, while the ingest runs."""
    paths = itertools.cycle(["/api/documents", "/api/brief", "/api/search?q=Klintsy",
                             "/api/timeline?limit=20", "/api/map?events=50", "/api/indicators",
                             "/api/contradictions", "/"])
    with httpx.Client(base_url=url, timeout=60) as client:
        while ingest.poll() is None and time.monotonic() < deadline:
            path = next(paths)
            try:
                response = client.get(path)
            except httpx.HTTPError as error:
                failures.append(f"GET {path}: {error!r}")
                continue
            answers.append(response.status_code)
            if response.status_code != 200:
                failures.append(f"GET {path}: {response.status_code} {response.text[:300]}")
            elif path == "/api/documents" and response.json():
                document = response.json()[-1]["doc_id"]
                detail = client.get(f"/api/documents/{document}")
                answers.append(detail.status_code)


def ingest_page(url: str, page: str, answers: list, failures: list) -> str | None:
    """The page's own ingestion of one URL, while the command line ingests: its status."""
    job = ingested(url, page)
    answers.append(202)
    if job["status"] != "done":
        failures.append(f"POST /api/ingest {page}: {job['status']} {job['errors']}")
        return None
    [document] = job["documents"]
    return document["status"]
