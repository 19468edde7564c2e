"""Speed on real news read once: extraction, ingest into SQLite and two worker processes,
each figure from CPU time on a first pass.

    .venv/bin/python bench/first_pass.py [--modes fast statistical] [--docs N] [--workers 2]

The GeoWebNews articles (beside the project in ../shared/peers/geowebnews) are read once
each, in corpus order, by fresh processes: no text repeats, so no cache warmed by an
earlier pass flatters a figure. Rates are documents over CPU seconds (process_time), so
they do not depend on how busy the machine is; ratios are taken within one run. For each
mode a child process builds the pipeline (timed apart), then extracts the articles
(``Pipeline.extract_all``: the model reads several together) and stores the extractions
in a new SQLite store in transactions of ``STORE_BATCH`` documents, as `sitrep ingest`
does, timing the two apart: extraction docs/s per core, ingest docs/s per core
(extraction and storing) and storing's share of ingest. spaCy's bare tokenizer over the
same texts is the yardstick.

The same ingest then runs in N separate processes at once, each taking every N-th
article into its own store: with nothing to coordinate, the CPU per document against
one process alone shows what N cores give the extraction itself (contention for caches
and memory is all that can lower it), the ceiling for any way of spreading the work.

The worker figures run the same articles through ``sitrep.parallel`` on N local Dask
worker processes (their pipelines built beforehand on a text of our own), twice: storing
in the client as `sitrep ingest --workers N` does, and in the workers as
`sitrep ingest --workers N --store-on-workers` does. CPU is counted in the client and the
workers (not in Dask's nanny processes): the workers' CPU per document, and the
client's (receiving, decoding, storing, or only reporting) per document as a share of it; N workers can run at N / (1 + share) of one at best, whatever the
wall clock of a shared machine says. The wall-clock speed-up is printed too, and means
something only on an otherwise idle machine with N free cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "peers" / "geowebnews" / "GWN.xml"

READ = """
import json, sys, tempfile, time, xml.etree.ElementTree as ET
from pathlib import Path
corpus, limit = sys.argv[2], int(sys.argv[3])
texts = [node.findtext("text") or "" for node in ET.parse(corpus).getroot().iter("article")]
texts = texts[:limit] if limit else texts
"""

SHARE = """
share, shares = (int(n) for n in sys.argv[4].split("/"))  # every shares-th article from share
texts = texts[share::shares]
"""

TOKENIZER = READ + """
import spacy
nlp = spacy.blank("en")
cpu = time.process_time()
for text in texts:
    nlp.make_doc(text)
print(json.dumps({"docs": len(texts), "cpu": time.process_time() - cpu,
                  "words": sum(len(t.split()) for t in texts)}))
"""

SERIAL = READ + SHARE + """
from sitrep.documents import Metadata, make_document
from sitrep.extract import build_pipeline
from sitrep.ingest import STORE_BATCH
from sitrep.store import Store
from sitrep.store.location import sqlite_url
fast = sys.argv[1] == "fast"
cpu = time.process_time()
pipeline = build_pipeline(fast=fast)
build = time.process_time() - cpu
documents = [make_document(t, name=f"gwn{i}", source="gwn", metadata=Metadata())
             for i, t in enumerate(texts)]
extract = store = 0.0
batch = []
wall = time.perf_counter()
extractions = pipeline.extract_all(documents)  # as `sitrep ingest` extracts
with tempfile.TemporaryDirectory() as directory, Store.open(sqlite_url(Path(directory))) as db:
    for n in range(1, len(documents) + 1):
        started = time.process_time()
        batch.append(next(extractions))
        extract += time.process_time() - started
        if len(batch) == STORE_BATCH or n == len(documents):  # as `sitrep ingest` stores
            started = time.process_time()
            db.add_all(batch)
            store += time.process_time() - started
            batch = []
print(json.dumps({"docs": len(documents), "build": build, "extract": extract, "store": store,
                  "wall": time.perf_counter() - wall}))
"""

WORKERS = READ + """
from sitrep.documents import Metadata, make_document
from sitrep.ingest import report_stored, store_extractions
from sitrep.parallel import connect, extract_on_cluster, store_on_cluster
from sitrep.store import Store
from sitrep.store.location import sqlite_url
fast, workers, on_workers = sys.argv[1] == "fast", int(sys.argv[4]), sys.argv[5] == "workers"
IDLE_S = 3
documents = [make_document(t, name=f"gwn{i}", source="gwn", metadata=Metadata())
             for i, t in enumerate(texts)]
warm_up = [make_document("Colonel Arvid Pelko said on Monday that troops left Tallinn.",
                         name=f"warm{i}", source="bench", metadata=Metadata())
           for i in range(workers * 4)]
with connect(workers=workers) as client:
    client.wait_for_workers(workers)
    for _ in extract_on_cluster(client, warm_up, fast=fast, batch_chars=1):
        pass  # every worker has built its pipeline
    before, cpu = client.run(time.process_time), time.process_time()
    time.sleep(IDLE_S)  # what Dask's event loops and heartbeats cost with nothing to do
    after = client.run(time.process_time)
    idle_client = (time.process_time() - cpu) / IDLE_S
    idle_workers = sum(after[w] - before[w] for w in after) / IDLE_S
    before = client.run(time.process_time)
    cpu, wall = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as directory, Store.open(sqlite_url(Path(directory))) as db:
        if on_workers:  # `sitrep ingest --workers N --store-on-workers`
            report_stored(store_on_cluster(client, documents, sqlite_url(Path(directory)),
                                           fast=fast))
        else:
            store_extractions(extract_on_cluster(client, documents, fast=fast), db)
        client_cpu, elapsed = time.process_time() - cpu, time.perf_counter() - wall
        assert db.counts()["documents"] == len(set(d.id for d in documents))
    after = client.run(time.process_time)
print(json.dumps({"docs": len(documents), "wall": elapsed, "client": client_cpu,
                  "workers": sum(after[w] - before[w] for w in after),
                  "idle_client": idle_client * elapsed, "idle_workers": idle_workers * elapsed}))
"""


def child(script: str, *args: str) -> dict:
    """Run a script in a fresh process; its last line is a JSON object of figures."""
    return children(script, [args])[0]


def children(script: str, argsets: list[tuple[str, ...]]) -> list[dict]:
    """Run the script in one fresh process per set of arguments, all at once."""
    running = [subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
               for args in argsets]
    figures = []
    for process in running:
        out, err = process.communicate()
        figures.append(json.loads(out.strip().splitlines()[-1]) if process.returncode == 0
                       else {"error": (err.strip().splitlines() or ["failed"])[-1]})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", nargs="+", default=["fast", "statistical"],
                        choices=["fast", "statistical"])
    parser.add_argument("--docs", type=int, default=0, help="at most this many articles (0: all)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (0: skip)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} is absent: the GeoWebNews texts live beside the project in "
              "../shared; nothing measured")
        return 0
    corpus, docs = str(args.corpus), str(args.docs)
    base = child(TOKENIZER, "tokenizer", corpus, docs)
    if "error" in base:
        print(f"the tokenizer did not run: {base['error']}")
        return 1
    tokenizer = base["docs"] / base["cpu"]
    print(f"GeoWebNews, {base['docs']} articles of {base['words'] / base['docs']:.0f} words, each "
          f"read once in a fresh process; rates per core from CPU time (process_time); "
          f"{os.cpu_count()} CPUs on this machine")
    print(f"spaCy tokenizer alone: {tokenizer:.0f} docs/s per core")
    for mode in args.modes:
        report_mode(mode, corpus, docs, args.workers, tokenizer)
    return 0


def report_mode(mode: str, corpus: str, docs: str, workers: int, tokenizer: float) -> None:
    serial = child(SERIAL, mode, corpus, docs, "0/1")
    if "error" in serial:
        print(f"{mode}: did not run: {serial['error']}")
        return
    n = serial["docs"]
    extract, ingest = n / serial["extract"], n / (serial["extract"] + serial["store"])
    print(f"\n{mode} mode (pipeline built in {serial['build']:.2f} s CPU)")
    print(f"  extraction          {extract:8.1f} docs/s per core  ({extract / tokenizer:.1%} of "
          f"the tokenizer's rate)")
    print(f"  ingest into SQLite  {ingest:8.1f} docs/s per core  ({ingest / extract:.0%} of "
          f"extraction; storing {serial['store'] / (serial['extract'] + serial['store']):.0%} "
          f"of ingest CPU, {serial['store'] / n * 1000:.2f} ms per document)")
    if not workers:
        return
    report_processes(mode, corpus, docs, workers, serial)
    for stores in ("client", "workers"):
        report_workers(mode, corpus, docs, workers, serial, stores)


def report_workers(mode: str, corpus: str, docs: str, workers: int, serial: dict,
                   stores: str) -> None:
    """The same articles on ``workers`` Dask processes, stored by the client (as `sitrep
    ingest --workers N`) or by the workers (``--store-on-workers``): CPU per document in
    every process, the client's share of a worker's, and the speed-up over one process."""
    spread = child(WORKERS, mode, corpus, docs, str(workers), stores)
    label = {"client": "stored by the client", "workers": "stored by the workers"}[stores]
    if "error" in spread:
        print(f"  {workers} workers, {label}: did not run: {spread['error']}")
        return
    n = serial["docs"]
    alone = (serial["extract"] + serial["store"]) / n * 1000  # ms CPU per document, 1 process
    worker_ms, client_ms = spread["workers"] / n * 1000, spread["client"] / n * 1000
    idle_worker_ms = spread["idle_workers"] / n * 1000
    idle_client_ms = spread["idle_client"] / n * 1000
    busy_worker, busy_client = worker_ms - idle_worker_ms, client_ms - idle_client_ms
    print(f"  ingest on {workers} Dask workers, {label}, CPU per document: workers "
          f"{worker_ms:.2f} ms, client {client_ms:.2f} ms ({client_ms / worker_ms:.0%} of a "
          f"worker's); one process: {alone:.2f} ms")
    print(f"    of which Dask's idle ticking over the {spread['wall']:.1f} s wall clock (measured "
          f"idle beforehand): workers {idle_worker_ms:.2f} ms, client {idle_client_ms:.2f} ms; "
          f"without it the client spends {busy_client / busy_worker:.0%} of a worker's CPU")
    speed_up = workers * alone / (worker_ms + client_ms)
    print(f"    speed-up over one process on {workers} cores, from CPU: {speed_up:.2f}x "
          f"({speed_up / workers:.2f} N), idle ticking included; by wall clock on this machine: "
          f"{serial['wall'] / spread['wall']:.2f}x")


def report_processes(mode: str, corpus: str, docs: str, processes: int, serial: dict) -> None:
    """The same ingest in N processes at once, each reading every N-th article into its
    own store, no coordinator: what the extraction itself gains from N cores."""
    shares = children(SERIAL, [(mode, corpus, docs, f"{i}/{processes}")
                               for i in range(processes)])
    failed = [share["error"] for share in shares if "error" in share]
    if failed:
        print(f"  {processes} processes: did not run: {failed[0]}")
        return
    alone = (serial["extract"] + serial["store"]) / serial["docs"]
    together = sum(s["extract"] + s["store"] for s in shares) / sum(s["docs"] for s in shares)
    print(f"  ingest in {processes} separate processes at once, CPU per document: "
          f"{together * 1000:.2f} ms (one process alone: {alone * 1000:.2f} ms); speed-up "
          f"from CPU {processes * alone / together:.2f}x, by wall clock on this machine "
          f"{serial['wall'] / max(s['wall'] for s in shares):.2f}x")


if __name__ == "__main__":
    sys.exit(main())
