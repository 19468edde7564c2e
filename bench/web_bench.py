"""Dashboard API latency over a large store: p50/p95 per endpoint, over real HTTP.

    .venv/bin/python bench/web_bench.py [--documents 10000] [--requests 50] [--seed 1]
                                        [--case-dir DIR]

Fills a temporary SQLite store with synthetic documents (the reports of
``analysis_bench.py``, about 10 events and 3 statements each, written straight through
``Store.add`` with their places and units as entities: extraction would take minutes),
serves the example case's ``case.yaml`` over it with uvicorn on loopback, and asks
each endpoint with httpx: the first answer (the picture or the view being built) and
then ``--requests`` more. Target: p95 under 100 ms for the main pages' queries after
the first. The store is filled in a child process, so that the resident memory printed
after each endpoint (this process: server and client) is the server's own; ``--case-dir``
keeps the filled store there and uses it again on the next run. Prints figures only,
never fails.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_bench import EXAMPLE_CASE, generate  # noqa: E402

from sitrep.model import Document, Entity, Extraction, Mention, Report, Sentence  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store.location import sqlite_url  # noqa: E402
from sitrep.web.app import server  # noqa: E402
from sitrep.web.dashboard import Dashboard  # noqa: E402

TARGET_MS = 100
TRACK_POINT = "the link of a track point"
MAP_EVENT = "the link of a map event"
VIEW = "22,44,41,53"  # west,south,east,north: Ukraine and its borders, a map view on screen
SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)")


def extraction(report: Report) -> Extraction:
    """A synthetic report as the store takes it: sentences, and its places as entities
    with one mention each, so that ``Store.reports`` gives it back."""
    document = Document(id=report.doc_id, text=report.text, name=report.name,
                        source="synthetic", url=report.url, publisher=report.publisher,
                        published=report.published)
    sentences = [Sentence(report.doc_id, i, m.start(), m.end(), m.group())
                 for i, m in enumerate(SENTENCE.finditer(report.text))]
    entities, mentions = [], []
    named = [(f"place:{name}", "place", name, {"lat": p.lat, "lon": p.lon, "country": p.country})
             for name, p in report.places.items()]
    for entity_id, kind, name, attributes in named:
        at = report.text.find(name)
        if at < 0:
            continue
        entities.append(Entity(entity_id, kind, name, attributes=attributes))
        mentions.append(Mention(report.doc_id, at, at + len(name), name, kind, entity_id))
    return Extraction(document, sentences, entities, mentions, list(report.statements),
                      list(report.events))


def fill(directory: Path, documents: int, seed: int) -> float:
    """Store the synthetic corpus; seconds taken."""
    reports, _ = generate(documents * 10, seed)
    started = time.perf_counter()
    with Store.open(sqlite_url(directory)) as store:
        for first in range(0, documents, 100):  # 100 documents to a transaction
            store.add_all([extraction(r) for r in reports[first:min(first + 100, documents)]])
    return time.perf_counter() - started


def resident_mib() -> float:
    """This process's resident memory now (Linux), after a full collection."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def item_route(client: httpx.Client, layer: str) -> str:
    """The route that links the map's first event, or the first point of its first
    track (a click on it)."""
    feature = next(f for f in client.get("/api/map").json()["events"]["features"]
                   if f["properties"]["layer"] == layer)
    point = feature["properties"]["points"][0] if layer == "track" else feature["properties"]
    return f"/api/items/{point['doc_id']}/{point['item_id']}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(case_dir: Path, requests: int, seed: int) -> None:
    """Serve the case on loopback and print each endpoint's first, p50 and p95 times."""
    store = Store.open(sqlite_url(case_dir))
    counts = store.counts()
    print(f"store: {counts['documents']:,} documents, {counts['events']:,} events, "
          f"{counts['statements']:,} statements, {counts['sentences']:,} sentences")
    started = time.perf_counter()
    for _ in range(100):
        store.state()
    print(f"store state check (every request): {(time.perf_counter() - started) * 10:.2f} ms")
    print(f"resident memory before serving: {resident_mib():.0f} MiB")
    running = server(Dashboard(case_dir, store), port=0, log_level="warning")
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    host, port = running.servers[0].sockets[0].getsockname()[:2]
    with httpx.Client(base_url=f"http://{host}:{port}", timeout=600) as client:
        some = client.get("/api/documents").json()[counts["documents"] // 2]
        paths = ["/api/brief", "/api/ach", "/api/indicators", "/api/contradictions",
                 "/api/contradictions?offset=100", "/api/timeline",
                 "/api/timeline?actor=Jens%20Stoltenberg&kind=assessment",
                 "/api/timeline?offset=5000", "/api/map", f"/api/map?bbox={VIEW}",
                 f"/api/map?bbox={VIEW}&tracks=0&countries=false", MAP_EVENT, TRACK_POINT,
                 "/api/documents", f"/api/documents/{some['doc_id']}",
                 "/api/search?q=Klintsy%20tanks", "/api/brief?as_of=2021-12-15", "/"]
        print(f"{'endpoint':<58} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>8} {'RSS MiB':>8}")
        for path in paths:
            if path in (TRACK_POINT, MAP_EVENT):  # known once the map is made
                path = item_route(client, "track" if path == TRACK_POINT else "event")
            started = time.perf_counter()
            first = client.get(path)
            cold = (time.perf_counter() - started) * 1000
            first.raise_for_status()
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(path).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
            print(f"{path:<58} {cold:>9.0f} {statistics.median(times):>8.1f} "
                  f"{percentile(times, 0.95):>8.1f} {len(first.content) / 1024:>8.0f} {resident_mib():>8.0f}")
        rows = client.get("/api/ach").json()["rows"]
        times = []
        rng = random.Random(seed)
        for _ in range(min(requests, 10)):
            started = time.perf_counter()
            client.put("/api/ach/ratings", json={
                "row": rng.choice(rows)["id"], "hypothesis": rng.choice(["H1", "H2", "H3"]),
                "rating": rng.choice(["CC", "I", "II", "NA"])}).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{'PUT /api/ach/ratings (save, re-rank, answer)':<58} {'':>9} "
              f"{statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f}")
    running.should_exit = True
    thread.join(timeout=10)
    store.close()
    print(f"peak memory of this process (max RSS, bench and server together): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"target: p95 under {TARGET_MS} ms after the first request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--case-dir", type=Path, help="fill the store here once and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitrep-web-bench-") as temporary:
        case_dir = args.case_dir or Path(temporary)
        if not (case_dir / "case.yaml").exists():
            case_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(EXAMPLE_CASE / "case.yaml", case_dir / "case.yaml")
            filling = multiprocessing.get_context("spawn").Process(
                target=fill_and_say, args=(case_dir, args.documents, args.seed))
            filling.start()
            filling.join()
        measure(case_dir, args.requests, args.seed)


def fill_and_say(case_dir: Path, documents: int, seed: int) -> None:
    print(f"filled the store in {fill(case_dir, documents, seed):.0f} s", flush=True)


if __name__ == "__main__":
    main()
