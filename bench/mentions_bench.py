"""Gazetteer build/load time, mention-extraction speed and peak memory.

    .venv/bin/python bench/mentions_bench.py [--docs 200] [--skip-build]

Targets: index build <= 60 s once; index load plus the first 20 lookups <= 2 s in
a fresh process; per core, >= 150 news-length documents per second through the
tokenizer and the mention finders, >= 100 through the whole pipeline (statements
and events too); peak memory <= 1.5 GB. Prints figures only, never fails.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitrep.documents import Metadata, make_document
from sitrep.extract.pipeline import build_pipeline
from sitrep.geo.gazetteer import default_index_path
from sitrep.model import Document
from sitrep.sources.files import read_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"
LOOKUPS = ["Kyiv", "Kiev", "Moscow", "Yelnya", "Belarus", "Minsk", "Kharkiv", "Donetsk",
           "Luhansk", "Crimea", "Sevastopol", "Rostov-on-Don", "Voronezh", "Brest", "Gomel",
           "Poland", "Washington", "Geneva", "Brussels", "Odesa"]
# What "tokenizer + mention finders only" runs: the sentence marks, the token lists, mentions.
MENTION_COMPONENTS = ["sentencizer", "sitrep_line_breaks", "sitrep_tokens", "sitrep_mentions"]

# Run in a child so the parent's caches and heap do not flatter or inflate the figures.
BUILD_CHILD = """
import json, resource, sys
from pathlib import Path
from sitrep.geo.gazetteer import build_index
r = build_index(Path(sys.argv[1]))
print(json.dumps({"seconds": r.seconds, "places": r.places, "names": r.names,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
LOAD_CHILD = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from sitrep.geo.gazetteer import Gazetteer
gazetteer = Gazetteer(Path(sys.argv[1]))
found = sum(len(gazetteer.candidates(name)) for name in json.loads(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - started, "found": found}))
"""


def child(script: str, *args: str) -> tuple[dict, float]:
    """The JSON a child Python prints, and the child's total wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"child process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def news_documents(count: int) -> list[Document]:
    """Distinct ~600-800-word documents: 2 or 3 example reports run together."""
    reports = [read_file(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    rng = random.Random(7)
    documents = []
    for number in range(count):
        parts = rng.sample(reports, 2 + number % 2)  # alternate 2 and 3: ~680 words on average
        text = "\n\n".join(p.text for p in parts) + f"\n\nReport number {number}."
        documents.append(make_document(text, name=f"news-{number:05d}", source="bench",
                                       metadata=Metadata(published=parts[0].published)))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--skip-build", action="store_true",
                        help="use the default index path instead of building a temporary one")
    args = parser.parse_args()
    rows = []  # (measure, value text, target text, met or None)
    with tempfile.TemporaryDirectory() as directory:
        if args.skip_build:
            path = default_index_path()
            if not path.exists():
                sys.exit(f"no index at {path}; run without --skip-build")
            rows.append(("index build", "skipped", "<= 60 s", None))
            build_rss = None
        else:
            path = Path(directory) / "gazetteer.sqlite"
            built, _ = child(BUILD_CHILD, str(path))
            rows.append((f"index build ({built['places']} places, {built['names']} names)",
                         f"{built['seconds']:.1f} s", "<= 60 s", built["seconds"] <= 60))
            build_rss = built["maxrss_kib"] / 1024
        loaded, wall = child(LOAD_CHILD, str(path), json.dumps(LOOKUPS))
        rows.append(("index load + 20 lookups (inside child)", f"{loaded['seconds']:.2f} s",
                     "<= 2 s", loaded["seconds"] <= 2))
        rows.append(("  same, child process wall time", f"{wall:.2f} s", "", None))

        documents = news_documents(args.docs + 3)
        warm, measured = documents[:3], documents[3:]
        pipeline = build_pipeline(gazetteer=path)
        for document in warm:
            pipeline.extract(document)
        started, cpu = time.perf_counter(), time.process_time()
        mentions = sum(len(pipeline.extract(d).mentions) for d in measured)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        words = sum(len(d.text.split()) for d in measured)
        rate = len(measured) / elapsed
        rows.append(("extraction, 1 process (= per core)", f"{rate:.1f} docs/s", ">= 100 docs/s",
                     rate >= 100))
        rows.append(("  same, by process CPU time (load-independent)",
                     f"{len(measured) / cpu:.1f} docs/s", "", None))
        rows.append(("  words per second", f"{words / elapsed:,.0f}", "", None))
        rows.append(("  mentions found in total", f"{mentions:,}", "", None))
        started, cpu = time.perf_counter(), time.process_time()
        with pipeline.nlp.select_pipes(enable=MENTION_COMPONENTS):
            for document in measured:
                pipeline.doc(document)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        rate = len(measured) / elapsed
        rows.append(("tokenizer + mention finders only", f"{rate:.1f} docs/s", ">= 150 docs/s",
                     rate >= 150))
        rows.append(("  same, by process CPU time (load-independent)",
                     f"{len(measured) / cpu:.1f} docs/s", "", None))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(("peak memory, extraction process", f"{peak:.0f} MiB", "<= 1536 MiB",
                     peak <= 1536))
        if build_rss is not None:
            rows.append(("peak memory, build process", f"{build_rss:.0f} MiB", "<= 1536 MiB",
                         build_rss <= 1536))
    print(f"{len(measured)} documents of {words / len(measured):.0f} words on average "
          f"(2-3 example reports each), after {len(warm)} warm-up documents; index {path}")
    print(f"{'measure':<50} {'value':>14}  {'target':<14} result")
    for label, value, target, met in rows:
        verdict = "" if met is None else ("ok" if met else "MISSED")
        print(f"{label:<50} {value:>14}  {target:<14} {verdict}")


if __name__ == "__main__":
    main()
