"""Ingest throughput into SQLite and the start-up time of `sitrep --help`.

    .venv/bin/python bench/ingest_bench.py [--documents 2000]

Targets (issue 2): >= 500 documents/s into SQLite without heavy extraction;
`sitrep --help` under 0.3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import synthetic_documents  # noqa: E402

from sitrep.extract import build_pipeline  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store.store import sqlite_url  # noqa: E402


def time_ingest(documents, *, with_entities: bool, pre_extract: bool) -> float:
    """Documents per second from Document to committed store rows."""
    pipeline = build_pipeline(with_entities=with_entities)
    extractions = [pipeline.extract(d) for d in documents] if pre_extract else None
    with tempfile.TemporaryDirectory() as directory:
        with Store.open(sqlite_url(Path(directory))) as store:
            started = time.perf_counter()
            for index, document in enumerate(documents):
                store.add(extractions[index] if pre_extract else pipeline.extract(document))
            elapsed = time.perf_counter() - started
            assert store.counts()["documents"] == len(documents)
    return len(documents) / elapsed


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
    args = parser.parse_args()
    documents = synthetic_documents(args.documents)
    words = sum(len(d.text.split()) for d in documents) / len(documents)
    rows = [
        ("store only (pre-extracted, thin pipeline)",
         time_ingest(documents, with_entities=True, pre_extract=True), "docs/s"),
        ("ingest --no-extract (sentences + store)",
         time_ingest(documents, with_entities=False, pre_extract=False), "docs/s"),
        ("ingest (thin extraction + store)",
         time_ingest(documents, with_entities=True, pre_extract=False), "docs/s"),
        ("sitrep --help start-up (median of 7)", time_help(), "s"),
    ]
    print(f"{len(documents)} synthetic documents, {words:.0f} words each on average, SQLite, 1 process")
    print(f"{'measure':<45} {'value':>10}  unit")
    for label, value, unit in rows:
        print(f"{label:<45} {value:>10.{3 if unit == 's' else 0}f}  {unit}")


if __name__ == "__main__":
    main()
