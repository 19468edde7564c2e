"""Ingest throughput into SQLite (and PostgreSQL), extraction on Dask workers, and the start-up time of `sitrep --help`.

    .venv/bin/python bench/ingest_bench.py [--documents 2000] [--workers 2]
        [--postgres postgresql+psycopg://USER:PASSWORD@127.0.0.1/DATABASE]
    .venv/bin/python bench/ingest_bench.py --bulk 100000 [--workers N]

With --postgres the store rows are timed on that server too, each run in a schema of
its own that is dropped afterwards. With --bulk N the synthetic documents are written
as files (with .meta.json sidecars) and the real `sitrep ingest DIR` stores them in a
new SQLite case, timed from outside with its peak memory (issue 7: 100,000 documents in
under 10 minutes).

Targets (issue 2): >= 500 documents/s into SQLite without heavy extraction;
`sitrep --help` under 0.3 s. With --workers N, extraction should scale with N
while the client keeps up with storing (it stores alone, in input order).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import synthetic_documents  # noqa: E402

from sitrep.extract import build_pipeline  # noqa: E402
from sitrep.ingest import store_extractions  # noqa: E402
from sitrep.knowledge import default_knowledge  # noqa: E402
from sitrep.parallel import connect, extract_batch, extract_on_cluster  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store.location import sqlite_url  # noqa: E402

DECIMALS = {"s": 3, "x": 2}
WARM_UP = 200  # documents each pipeline extracts before it is timed: its lookup caches fill


@contextmanager
def empty_store(postgres: str | None = None):
    """A new store: SQLite in a temporary directory, or a fresh schema on the server."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as directory:
            yield sqlite_url(Path(directory))
        return
    name = f"sitrep_bench_{uuid.uuid4().hex[:12]}"
    server = create_engine(postgres)
    with server.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    try:
        yield (make_url(postgres).update_query_dict({"options": f"-csearch_path={name}"})
               .render_as_string(hide_password=False))
    finally:
        with server.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {name} CASCADE"))
        server.dispose()


def time_ingest(documents, *, with_entities: bool, pre_extract: bool,
                postgres: str | None = None) -> float:
    """Documents per second from Document to committed store rows."""
    pipeline = build_pipeline(with_entities=with_entities)
    extractions = [pipeline.extract(d) for d in documents] if pre_extract else None
    with empty_store(postgres) as url, Store.open(url) as store:
        started = time.perf_counter()
        for index, document in enumerate(documents):
            store.add(extractions[index] if pre_extract else pipeline.extract(document))
        elapsed = time.perf_counter() - started
        assert store.counts()["documents"] == len(documents)
    return len(documents) / elapsed


def time_serial_extraction(documents) -> float:
    """Documents per second through one in-process pipeline (``--workers 1``), built and
    warmed up beforehand."""
    pipeline = build_pipeline()
    for document in documents[:WARM_UP]:
        pipeline.extract(document)
    started = time.perf_counter()
    for document in documents:
        pipeline.extract(document)
    return len(documents) / (time.perf_counter() - started)


def time_cluster(documents, workers: int, *, store: bool = True) -> tuple[float, float | None]:
    """Documents per second on ``workers`` local processes (``--workers N``): extraction only,
    then (with ``store``) extraction and storing. Start-up and each worker's pipeline
    build and warm-up are left out, as for the in-process figure."""
    with connect(workers=workers) as client:
        client.wait_for_workers(workers)
        for worker in client.nthreads():  # build and warm every worker's pipeline first
            client.submit(extract_batch, documents[:WARM_UP], True, False, (),
                          default_knowledge(), workers=[worker], pure=False).result()
        started = time.perf_counter()
        for _ in extract_on_cluster(client, documents):
            pass
        extraction = len(documents) / (time.perf_counter() - started)
        if not store:
            return extraction, None
        with tempfile.TemporaryDirectory() as directory:
            with Store.open(sqlite_url(Path(directory))) as store:
                started = time.perf_counter()
                store_extractions(extract_on_cluster(client, documents), store)
                ingest = len(documents) / (time.perf_counter() - started)
    return extraction, ingest


def time_bulk_ingest(documents, workers: int) -> tuple[float, float]:
    """Seconds and peak resident MiB of `sitrep ingest DIR` storing ``documents`` written
    as files into a new case: the whole command, start-up and gazetteer load included."""
    command = shutil.which("sitrep", path=str(Path(sys.executable).parent)) or "sitrep"
    with tempfile.TemporaryDirectory() as directory:
        inputs, case = Path(directory, "inputs"), Path(directory, "case")
        inputs.mkdir()
        case.mkdir()
        for document in documents:
            Path(inputs, f"{document.name}.txt").write_text(document.text, encoding="utf-8")
            Path(inputs, f"{document.name}.meta.json").write_text(json.dumps(
                {"publisher": document.publisher, "published": document.published.isoformat()}))
        started = time.perf_counter()
        run = subprocess.run([command, "--case", str(case), "ingest", str(inputs),
                              "--workers", str(workers)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode:
            sys.exit(f"sitrep ingest failed ({run.returncode}):\n{run.stderr[-2000:]}")
        seconds = time.perf_counter() - started
        with Store.open(sqlite_url(case)) as store:
            assert store.counts()["documents"] == len(documents)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mib


def time_help(runs: int = 7) -> float:
    """Median wall time of `sitrep --help` in a fresh process."""
    command = shutil.which("sitrep", path=str(Path(sys.executable).parent)) or "sitrep"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([command, "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=12, help="about this many per document")
    parser.add_argument("--workers", type=int, default=2, help="local Dask workers to compare")
    parser.add_argument("--postgres", metavar="URL",
                        help="also time storing on this PostgreSQL server (postgresql+psycopg://)")
    parser.add_argument("--bulk", type=int, metavar="N",
                        help="only time `sitrep ingest DIR` of N documents (files) into SQLite")
    args = parser.parse_args()
    if args.bulk:
        documents = synthetic_documents(args.bulk, sentences=args.sentences)
        seconds, peak_mib = time_bulk_ingest(documents, args.workers)
        words = sum(len(d.text.split()) for d in documents) / len(documents)
        print(f"sitrep ingest --workers {args.workers}: {len(documents)} files of {words:.0f} "
              f"words in {seconds:.0f} s ({seconds / 60:.1f} min), {len(documents) / seconds:.0f} "
              f"documents/s; peak resident memory of a process {peak_mib:.0f} MiB; "
              f"{os.cpu_count()} CPUs")
        return
    documents = synthetic_documents(args.documents, sentences=args.sentences)
    words = sum(len(d.text.split()) for d in documents) / len(documents)
    rows = [
        ("store only (pre-extracted records)",
         time_ingest(documents, with_entities=True, pre_extract=True), "docs/s"),
        ("ingest --no-extract (sentences + store)",
         time_ingest(documents, with_entities=False, pre_extract=False), "docs/s"),
        ("ingest (full extraction + store)",
         time_ingest(documents, with_entities=True, pre_extract=False), "docs/s"),
        ("sitrep --help start-up (median of 7)", time_help(), "s"),
    ]
    if args.postgres:
        rows[3:3] = [
            ("PostgreSQL: store only (pre-extracted)",
             time_ingest(documents, with_entities=True, pre_extract=True, postgres=args.postgres),
             "docs/s"),
            ("PostgreSQL: ingest (full extraction + store)",
             time_ingest(documents, with_entities=True, pre_extract=False,
                         postgres=args.postgres), "docs/s"),
        ]
    serial = time_serial_extraction(documents)
    one_worker, _ = time_cluster(documents, 1, store=False)
    extraction, ingest = time_cluster(documents, args.workers)
    rows += [
        ("extraction, --workers 1 (in process)", serial, "docs/s"),
        ("extraction, 1 Dask worker process", one_worker, "docs/s"),
        (f"extraction, --workers {args.workers} (Dask processes)", extraction, "docs/s"),
        (f"speed-up, {args.workers} Dask workers over 1", extraction / one_worker, "x"),
        (f"speed-up, {args.workers} Dask workers over in-process", extraction / serial, "x"),
        (f"ingest --workers {args.workers} (extraction + store)", ingest, "docs/s"),
    ]
    print(f"{len(documents)} synthetic documents, {words:.0f} words each on average, SQLite "
          f"unless named, 1 process unless named; {os.cpu_count()} CPUs")
    print(f"{'measure':<45} {'value':>10}  unit")
    for label, value, unit in rows:
        print(f"{label:<45} {value:>10.{DECIMALS.get(unit, 0)}f}  {unit}")


if __name__ == "__main__":
    main()
