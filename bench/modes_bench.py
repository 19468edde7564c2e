"""Extraction speed per pipeline on real news read once: docs/s per core.

    .venv/bin/python bench/modes_bench.py [--configs rules statistical] [--docs N]

Each config runs in a fresh child process over the GeoWebNews articles (beside the
project in ../shared/peers/geowebnews), every document once, in corpus order: no
repeated texts, so no warm cache flatters the figures. A child builds its pipeline
(timed apart), then extracts each article; docs/s per core is documents over the CPU
seconds the extraction took, so it does not depend on how busy the machine is. spaCy's
bare tokenizer over the same texts is the yardstick. Prints figures, never fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "peers" / "geowebnews" / "GWN.xml"

CHILD = """
import json, sys, time, xml.etree.ElementTree as ET
config, corpus, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [node.findtext("text") or "" for node in ET.parse(corpus).getroot().iter("article")]
texts = texts[:limit] if limit else texts
cpu, wall = time.process_time(), time.perf_counter()
if config == "tokenizer":
    import spacy
    nlp = spacy.blank("en")
    run = nlp.make_doc
else:
    from sitrep.documents import Metadata, make_document
    from sitrep.extract import build_pipeline
    pipeline = build_pipeline(config)
    documents = [make_document(t, name=f"gwn{i}", source="gwn", metadata=Metadata())
                 for i, t in enumerate(texts)]
    texts, run = documents, pipeline.extract
build = (time.process_time() - cpu, time.perf_counter() - wall)
cpu, wall = time.process_time(), time.perf_counter()
for item in texts:
    run(item)
print(json.dumps({"docs": len(texts), "build_cpu": build[0], "build_wall": build[1],
                  "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))
"""


def measure(config: str, corpus: Path, limit: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, config, str(corpus), str(limit)],
                          capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=["rules", "statistical"],
                        help="pipeline configs (names or .cfg paths)")
    parser.add_argument("--docs", type=int, default=0, help="at most this many articles (0: all)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} is absent: the GeoWebNews texts live beside the project in ../shared")
        return 0
    base = measure("tokenizer", args.corpus, args.docs)
    rate = base["docs"] / base["cpu"] if base.get("cpu") else None
    print(f"{'pipeline':<14} {'docs':>5} {'build s':>8} {'docs/s/core':>12} {'wall docs/s':>12} "
          f"{'of tokenizer':>13}")
    print(f"{'tokenizer':<14} {base['docs']:>5} {base['build_wall']:>8.2f} {rate:>12.0f} "
          f"{base['docs'] / base['wall']:>12.0f} {'100%':>13}")
    for config in args.configs:
        figures = measure(config, args.corpus, args.docs)
        if "error" in figures:
            print(f"{config:<14} did not run: {figures['error']}")
            continue
        per_core = figures["docs"] / figures["cpu"]
        print(f"{config:<14} {figures['docs']:>5} {figures['build_wall']:>8.2f} {per_core:>12.1f} "
              f"{figures['docs'] / figures['wall']:>12.1f} {per_core / rate:>12.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
