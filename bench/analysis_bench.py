"""Analysis speed: the situation picture over synthetic reports, full and incremental.

    .venv/bin/python bench/analysis_bench.py [--events 100000] [--seed 1] [--profile]
                                             [--tracemalloc] [--scaling 1000,10000,100000]

Generates Reports in memory (about 10 events and 3 statements per ~100-word document,
~30 publishers, ~120 days, a few percent near-copies under another publisher), then
times ``build_picture`` with the example case, reading every view once, and adding one
more document followed by reading the views again. Target: the analysis of 100,000
events, build_picture and reading every view, runs in a few seconds (under 10 s here,
on two shared cores whose speed varies by a third from hour to hour). Wall and CPU seconds are both printed: on a shared machine CPU time is the
fairer figure. ``--scaling`` prints instead one line per size, build_picture + views,
so that the growth with the number of events shows. Prints figures only, never fails.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitrep.analysis.picture import Picture, build_picture
from sitrep.case import load_case
from sitrep.documents import content_id
from sitrep.extract.annotate import default_annotator
from sitrep.model import DateValue, Event, PlacePoint, Report, Statement, TimeInterval
from sitrep.registry import vocabulary

EXAMPLE_CASE = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"
TARGET_SECONDS = 10.0  # "a few seconds"
EVENTS_PER_DOCUMENT = 10
DAYS = 120
FIRST_DAY = dt.date(2021, 11, 1)

PLACES = {name: PlacePoint(name, lat, lon, country) for name, lat, lon, country in [
    ("Klintsy", 52.76, 32.24, "RU"), ("Yelnya", 54.58, 33.18, "RU"),
    ("Voronezh", 51.67, 39.19, "RU"), ("Belgorod", 50.6, 36.6, "RU"),
    ("Valuyki", 50.21, 38.1, "RU"), ("Gomel", 52.43, 30.99, "BY"),
    ("Mozyr", 52.05, 29.25, "BY"), ("Dzhankoi", 45.71, 34.39, "UA"),
    ("Rostov-on-Don", 47.23, 39.72, "RU"), ("Kursk", 51.73, 36.19, "RU")]}
PLACE_NAMES = list(PLACES)
FORCES = ["1st Guards Tank Army", "41st Combined Arms Army", "20th Combined Arms Army",
          "8th Combined Arms Army", "49th Combined Arms Army", "58th Combined Arms Army",
          "6th Combined Arms Army", "4th Guards Tank Division", "150th Motor Rifle Division",
          "76th Guards Air Assault Division", "Eastern Military District", "Iskander"]
FORCE_PARTS = ["equipment", "troops", "units", "armour", "columns"]
GENERIC_SUBJECTS = ["Russian troops", "Armoured vehicles", "Military trucks", "Artillery units",
                    "Russian forces", "Self-propelled howitzers", "Air defence units",
                    "Rail cars loaded with hardware", "Motor rifle units"]
WESTERN_SUBJECTS = ["US paratroopers", "NATO battle groups", "American troops",
                    "Allied fighter jets", "US Army units"]
TERMS = [" with tanks", " along with a field hospital", " bringing blood supplies",
         " as part of battalion tactical groups", " with Iskander launchers", " through Belarus",
         " after engineers laid a pontoon bridge", " with fuel and ammunition trucks"]
KINDS = [("build_up", 18), ("deploy", 18), ("move", 24), ("withdraw", 6), ("remain", 8),
         ("exercise", 10), ("recognize", 2), ("other", 14)]
SIDES = [("RU", 78), ("NATO", 6), ("US", 6), ("BY", 6), (None, 4)]
MODALITIES = [("observed", 75), ("claimed", 12), ("planned", 13)]
PUBLISHERS = [f"{name} {kind}" for name, kind in zip(
    ["Northern", "Eastern", "Baltic", "Danube", "Kyiv", "Atlantic", "Capital", "Frontier",
     "Morning", "Evening", "Harbour", "Valley", "Steppe", "Pacific", "Continental"] * 2,
    ["Herald"] * 15 + ["Wire"] * 15)]
PUBLISHERS = [f"The {p}" if i < 15 else p for i, p in enumerate(PUBLISHERS)]

# Statements: (kind, speaker, side, texts, weight). Claims by the Russian side assert a
# withdrawal or no intention to attack; Western assessments refute them.
STATEMENTS = [
    ("claim", "Igor Konashenkov", "RU",
     ["Units have completed their exercises and are returning to their bases.",
      "Units of the Southern and Western military districts are returning to their "
      "garrisons.", "The troops are pulling back to their permanent bases."], 10),
    ("denial", "Dmitry Peskov", "RU",
     ["Russia has no plans to attack Ukraine.",
      "Moscow does not intend to invade anyone."], 8),
    ("assessment", "Jens Stoltenberg", "NATO",
     ["We see no signs of a pullback.", "We see no signs of de-escalation on the ground.",
      "Russia continues its military build-up around Ukraine."], 10),
    ("assessment", "Antony Blinken", "US",
     ["Russia is poised to invade Ukraine.", "We have seen no evidence of it.",
      "An invasion could begin any day now."], 8),
    ("claim", "John Kirby", "US",
     ["The United States has no intention of attacking Russia.",
      "American forces in Poland are there to reassure allies."], 4),
    ("assessment", "Western officials", "NATO",
     ["The build-up is the largest in Europe since the Cold War.",
      "Satellite images show tents, field hospitals and rail cars near the border."], 6),
]


@dataclass(slots=True)
class _Builder:
    """The sentences of one document and the records pointing into them."""

    doc_id: str
    sentences: list[str] = field(default_factory=list)
    offset: int = 0

    def put(self, sentence: str) -> tuple[int, int]:
        start = self.offset + (1 if self.sentences else 0)
        self.sentences.append(sentence)
        self.offset = start + len(sentence)
        return start, self.offset

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _subject(rng: random.Random, side: str | None, forces: set[str]) -> str:
    if side in ("NATO", "US"):
        return rng.choice(WESTERN_SUBJECTS)
    if rng.random() < 0.45:
        force = rng.choice(FORCES)
        forces.add(force)
        return f"{force} {rng.choice(FORCE_PARTS)}"
    return rng.choice(GENERIC_SUBJECTS)


def _event(rng: random.Random, number: int, b: _Builder, published: dt.date, forces: set[str],
           *, kind: str | None = None, side: str | None = "", modality: str | None = None,
           statement: Statement | None = None) -> Event:
    kind = kind or _weighted(rng, KINDS)
    side = _weighted(rng, SIDES) if side == "" else side
    modality = modality or _weighted(rng, MODALITIES)
    negated = rng.random() < 0.05
    subject = _subject(rng, side, forces)
    origin, destination = rng.sample(PLACE_NAMES, 2)
    location = rng.choice(PLACE_NAMES)
    extra = rng.choice(TERMS) if rng.random() < 0.5 else ""
    did_not = negated and modality != "planned"
    places: dict[str, str | None] = {"origin": None, "destination": None, "location": None}
    if kind == "move":
        places.update(origin=origin, destination=destination)
        verb = "did not move" if did_not else "moved"
        text = f"{subject} {verb} from {origin} to {destination}{extra}"
    elif kind == "deploy":
        places.update(destination=destination)
        text = f"{subject} {'were not deployed' if did_not else 'deployed'} to {destination}{extra}"
    elif kind == "withdraw":
        places.update(origin=origin, destination=destination)
        verb = "did not pull back" if did_not else "pulled back"
        text = f"{subject} {verb} from {origin} to {destination}"
    elif kind == "build_up":
        places.update(location=location)
        verb = "were not massing" if did_not else "were massing"
        text = f"{subject} {verb} near {location}{extra}"
    elif kind == "remain":
        places.update(location=location)
        text = f"{subject} remained at {location}{extra}"
    elif kind == "exercise":
        places.update(location=location)
        text = f"{subject} held drills near {location}{extra}"
    elif kind == "recognize":
        subject = None
        text = "Moscow moved to recognise the Donetsk and Luhansk people's republics"
    else:
        places.update(location=location)
        text = f"Satellite images showed a field hospital and blood supplies near {location}"
    if modality == "claimed" and statement is None:
        text += ", according to officials"
    elif modality == "planned":
        text = f"Officials said that {text[0].lower()}{text[1:]} next week"
    start, end = b.put(text + ".")
    when = None
    if rng.random() < 0.6:
        when = TimeInterval(DateValue(published - dt.timedelta(days=rng.randrange(5))))
    return Event(id=f"e{number}", doc_id=b.doc_id, start=start, end=end, text=text + ".",
                 kind=kind, actor="Russia" if side == "RU" else side, actor_side=side,
                 subject=subject, origin=places["origin"], destination=places["destination"],
                 location=places["location"], time=when or TimeInterval(), modality=modality,
                 negated=negated, asserted_by=statement.speaker if statement else None,
                 statement_id=statement.id if statement else None)


def _statement(rng: random.Random, number: int, b: _Builder, published: dt.date) -> Statement:
    kind, speaker, side, texts, _ = rng.choices(STATEMENTS, weights=[s[4] for s in STATEMENTS])[0]
    said = rng.choice(texts)
    text = f'"{said}" {speaker} said.'
    start, end = b.put(text)
    date = DateValue(published) if rng.random() < 0.7 else None
    return Statement(id=f"s{number}", doc_id=b.doc_id, start=start, end=end, text=text,
                     speaker=speaker, speaker_side=side, date=date, kind=kind, quote=said,
                     direct=True)


def make_report(rng: random.Random, number: int, events: int) -> Report:
    """One synthetic document of ``events`` events and 2-4 statements."""
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    b = _Builder(doc_id="")
    forces: set[str] = set()
    statements: list[Statement] = []
    records: list[Event] = []
    wanted = rng.choice((2, 3, 3, 3, 4))
    slots = sorted(rng.sample(range(events + wanted), wanted))  # statements among events
    for position in range(events + wanted):
        if position in slots:
            statements.append(_statement(rng, len(statements) + 1, b, published))
            continue
        claim = statements[-1] if statements and statements[-1].kind == "claim" \
            and statements[-1].speaker_side == "RU" and rng.random() < 0.5 else None
        if claim is not None:  # the withdrawal the claim announces, tied to it
            records.append(_event(rng, len(records) + 1, b, published, forces, kind="withdraw",
                                  side="RU", modality="claimed", statement=claim))
        else:
            records.append(_event(rng, len(records) + 1, b, published, forces))
    text = b.text + f" Report {number}."
    doc_id = content_id(text)
    for item in (*statements, *records):
        item.doc_id = doc_id
    read_words(statements, records, forces)
    places = {name: PLACES[name] for e in records
              for name in (e.origin, e.destination, e.location) if name}
    return Report(doc_id=doc_id, name=f"synthetic-{number:06d}",
                  publisher=rng.choice(PUBLISHERS), published=published,
                  url=f"https://example.org/{number}", text=text, statements=statements,
                  events=records, places=places)


def read_words(statements: list[Statement], events: list[Event], forces: set[str]) -> None:
    """The typed fields analysis reads, as extraction sets them from the records' words."""
    for statement in statements:
        default_annotator().statement(statement)
    for event in events:
        default_annotator().event(event, sorted(force.lower() for force in forces))


def near_copy(rng: random.Random, original: Report, number: int) -> Report:
    """The same story under another publisher: a byline added and, now and then, the last
    words dropped (the records keep pointing at their sentences)."""
    body = original.text
    if rng.random() < 0.5:
        body = body.rsplit(" Report ", 1)[0]
    publisher = rng.choice([p for p in PUBLISHERS if p != original.publisher])
    text = f"{publisher} reports. {body}"
    doc_id = content_id(text)
    shift = len(publisher) + len(" reports. ")
    statements = [replace(s, doc_id=doc_id, start=s.start + shift, end=s.end + shift)
                  for s in original.statements]
    events = [replace(e, doc_id=doc_id, start=e.start + shift, end=e.end + shift)
              for e in original.events]
    return Report(doc_id=doc_id, name=f"synthetic-{number:06d}", publisher=publisher,
                  published=original.published + dt.timedelta(days=rng.randrange(2)),
                  url=f"https://example.org/{number}", text=text, statements=statements,
                  events=events, places=dict(original.places))


def generate(total_events: int, seed: int, share: float = 0.03) -> tuple[list[Report], int]:
    """Reports holding ``total_events`` events, and how many of them are near-copies."""
    rng = random.Random(seed)
    reports: list[Report] = []
    left, number, copies = total_events, 0, 0
    while left > 0:
        count = min(EVENTS_PER_DOCUMENT, left)
        if reports and count == EVENTS_PER_DOCUMENT and rng.random() < share:
            report = near_copy(rng, rng.choice(reports), number)
            copies += 1
        else:
            report = make_report(rng, number, count)
        reports.append(report)
        left -= len(report.events)
        number += 1
    return reports, copies


def read_views(picture: Picture) -> dict[str, tuple[float, object]]:
    """Each view read once, as ``build_brief`` reads them: seconds and result."""
    timed = {}
    for name, read in (("tracks", picture.tracks), ("contradictions", picture.contradictions),
                       ("indicators", picture.indicators), ("source_records",
                                                             picture.source_records)):
        started = time.perf_counter()
        value = read()
        timed[name] = (time.perf_counter() - started, value)
    started = time.perf_counter()
    result = picture.ach(timed["indicators"][1])  # the brief passes the board it has
    timed["ach"] = (time.perf_counter() - started, result)
    return timed


def scaling(sizes: list[int], seed: int, case) -> None:
    """build_picture + views at each size: wall and CPU seconds (CPU time is the fairer
    figure on a shared machine) and the growth against the size before."""
    print(f"{'events':>8} {'documents':>9} {'build s':>8} {'views s':>8} {'total s':>8} "
          f"{'CPU s':>7} {'us/event':>8}  growth of CPU time")
    previous = None
    for size in sizes:
        reports, _ = generate(size, seed)
        events = sum(len(r.events) for r in reports)
        wall, cpu = time.perf_counter(), time.process_time()
        picture = build_picture(reports, case)
        build = time.perf_counter() - wall
        read_views(picture)
        total, cpu = time.perf_counter() - wall, time.process_time() - cpu
        growth = (f"x{cpu / previous[1]:.1f} for x{events / previous[0]:.0f} events"
                  if previous else "-")
        print(f"{events:>8,} {len(reports):>9,} {build:>8.2f} {total - build:>8.2f} {total:>8.2f} "
              f"{cpu:>7.2f} {cpu / events * 1e6:>8.1f}  {growth}")
        previous = (events, cpu)
        del picture, reports


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="also run build + views under cProfile and print the hotspots")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also rebuild under tracemalloc for the picture's own peak")
    parser.add_argument("--top", type=int, default=25, help="hotspot rows with --profile")
    parser.add_argument("--scaling", metavar="SIZES",
                        help="comma-separated event counts: one line of figures each, "
                             "e.g. 1000,10000,100000 (the other options but --seed ignored)")
    args = parser.parse_args()

    case = load_case(EXAMPLE_CASE)
    if args.scaling:
        scaling([int(size) for size in args.scaling.split(",")], args.seed, case)
        return
    rss_start = rss_mib()
    started = time.perf_counter()
    reports, copies = generate(args.events, args.seed)
    extra = make_report(random.Random(args.seed + 1), len(reports), EVENTS_PER_DOCUMENT)
    generation = time.perf_counter() - started
    rss_generated = rss_mib()
    events = sum(len(r.events) for r in reports)
    statements = sum(len(r.statements) for r in reports)
    words = sum(len(r.text.split()) for r in reports) / len(reports)
    print(f"synthetic corpus: {len(reports):,} documents, {events:,} events, {statements:,} "
          f"statements, {words:.0f} words/document on average, "
          f"{len({r.publisher for r in reports})} publishers, "
          f"{len({r.published for r in reports})} days, {copies} near-copies (seed {args.seed})")
    print(f"generation (not part of the target): {generation:.2f} s")

    started, cpu = time.perf_counter(), time.process_time()
    picture = build_picture(reports, case)
    build = time.perf_counter() - started
    views = read_views(picture)
    view_seconds = sum(seconds for seconds, _ in views.values())
    analysis, cpu = build + view_seconds, time.process_time() - cpu
    rss_analysed = rss_mib()

    print(f"build_picture: {build:.2f} s ({events / build:,.0f} events/s, "
          f"{len(reports) / build:,.0f} documents/s)")
    tracks = views["tracks"][1]
    contradictions = views["contradictions"][1]
    states = views["indicators"][1]
    result = views["ach"][1]
    sources = views["source_records"][1]
    tripped = [s for s in states if s.status in vocabulary().tripped]
    sizes = {
        "tracks": f"{len(tracks):,} tracks, {sum(len(t.points) for t in tracks):,} points",
        "contradictions": f"{len(contradictions):,} contradicted claims of "
                          f"{len(picture.finder.records):,}",
        "indicators": f"{len(tripped)} of {len(states)} tripped ("
                      + ", ".join(f"{s.indicator.id}: {s.status}/{s.sources} src/"
                                  f"{len(s.hits):,} hits" for s in states) + ")",
        "source_records": f"{len(sources):,} sources",
        "ach": (f"leader {result.leader} ({result.leader_words}); {len(result.rows):,} rows"
                if result else "no hypotheses"),
    }
    groups = picture.groups
    print(f"  source groups: {groups.independent(picture.reports)} independent sources of "
          f"{len({r.publisher for r in reports})} publishers; {len(groups.copies):,} documents "
          f"found to copy another ({copies} near-copies generated)")
    print("views, each read once:")
    for name, (seconds, _) in views.items():
        print(f"  {name + '()':<18} {seconds:8.3f} s   {sizes[name]}")
    print(f"  {'all views':<18} {view_seconds:8.3f} s")

    started = time.perf_counter()
    picture.add(extra)
    add = time.perf_counter() - started
    again = read_views(picture)
    again_seconds = sum(seconds for seconds, _ in again.values())
    incremental = add + again_seconds
    print(f"incremental: add(1 document of {len(extra.events)} events) {add * 1000:.1f} ms, "
          f"views again {again_seconds:.3f} s "
          f"({', '.join(f'{n} {s:.3f}' for n, (s, _) in again.items())}); "
          f"total {incremental:.3f} s")
    print(f"  vs full rebuild (build_picture + views) {analysis:.2f} s: "
          f"incremental/full = {incremental / analysis:.4f} "
          f"(add alone {add / build:.6f} of build_picture)")

    print(f"peak memory (max RSS): {rss_start:.0f} MiB after imports, {rss_generated:.0f} MiB "
          f"after generation, {rss_analysed:.0f} MiB after analysis "
          f"(+{rss_analysed - rss_generated:.0f} MiB)")
    if args.tracemalloc:
        del picture, views, again
        tracemalloc.start()
        again_picture = build_picture(reports, case)
        read_views(again_picture)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"tracemalloc, build_picture + views (timing not comparable): peak "
              f"{peak / 2**20:.0f} MiB, held by the picture afterwards {current / 2**20:.0f} MiB")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        profiled = build_picture(reports, case)
        read_views(profiled)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print("cProfile of build_picture + views (timings inflated by the profiler):")
        print(out.getvalue())

    verdict = "ok" if analysis <= TARGET_SECONDS else "MISSED"
    print(f"target: analysis of {events} events in {analysis:.2f} s, {cpu:.2f} s CPU "
          f"(few seconds: {verdict}; threshold {TARGET_SECONDS:.0f} s wall)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
