"""Score the geoparser on public corpora (GeoWebNews, LGL): recognition, resolution, speed.

    .venv/bin/python bench/geoparse_eval.py [CORPUS.xml ...] [--limit N] [--json OUT.json]
        [--errors ERRORS.jsonl] [--resolve-only]

Both corpus formats are read into the same `Article`/`GoldToponym` form so one scorer
serves them. Resolution is scored on the gold spans, as in Gritta et al. (2020), so its
figures do not depend on recognition. `--errors` writes every toponym resolved more
than 161 km off (or not at all) with the text around it, for error analysis.
"""

from __future__ import annotations

import argparse
import json
import math
import operator
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitrep.geo.distance import MAX_ERROR_KM, haversine_km
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.toponyms import ToponymResolver
from sitrep.model import Document

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "peers" / "geowebnews" / "GWN.xml"
ACC_KM = 161.0  # 100 miles, the usual Acc@161 threshold
PLACE_KINDS = {"place", "state"}  # the mention kinds that are toponyms


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Article:
    text: str
    toponyms: list[GoldToponym]


class Geoparser:
    """sitrep as a geoparser: the extraction pipeline recognises the places, so the
    benchmark measures what ``sitrep extract`` does, and the toponym resolver places
    given spans (the corpus's gold spans) in the context of the whole text."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        from sitrep.extract import build_pipeline  # spaCy loads only once a parser is made

        gazetteer = gazetteer or Gazetteer.open()
        self.pipeline = build_pipeline(gazetteer=gazetteer.path)
        self.resolver = ToponymResolver(gazetteer)

    def recognise(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the places the pipeline finds in ``text``."""
        extraction = self.pipeline.extract(Document(id="geoparse", text=text, name="geoparse",
                                                    source="geoparse"))
        return [(m.start, m.end) for m in extraction.mentions if m.kind in PLACE_KINDS]

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Place | None]:
        return self.resolver.resolve(text, spans)


def _number(text: str | None, kind: type) -> int | float | None:
    """Empty elements and attributes mean 'not annotated'."""
    return kind(text) if text and text.strip() else None


def _gwn_toponym(node: ET.Element) -> GoldToponym:
    return GoldToponym(int(node.findtext("start")), int(node.findtext("end")),
                       node.findtext("extractedName") or "", _number(node.findtext("geonamesID"), int),
                       _number(node.findtext("latitude"), float), _number(node.findtext("longitude"), float))


def _lgl_toponym(node: ET.Element) -> GoldToponym:
    tag = node.find("gaztag")
    geonameid = lat = lon = None
    if tag is not None:
        geonameid = _number(tag.get("geonameid"), int)
        lat, lon = _number(tag.findtext("lat"), float), _number(tag.findtext("lon"), float)
    return GoldToponym(int(node.findtext("start")), int(node.findtext("end")),
                       node.findtext("phrase") or "", geonameid, lat, lon)


def detect_format(root: ET.Element) -> str:
    """'lgl' when the first toponym has <phrase> or <gaztag> children, else 'gwn'."""
    first = root.find("article/toponyms/toponym")
    if first is not None and (first.find("phrase") is not None or first.find("gaztag") is not None):
        return "lgl"
    return "gwn"


def read_corpus(path: Path) -> tuple[list[Article], int]:
    """Articles and the number of toponyms skipped because text[start:end] != name.

    A toponym whose offsets do not point at its name would score a correct parser as wrong,
    so it is dropped rather than trusted.
    """
    root = ET.parse(path).getroot()
    make = _lgl_toponym if detect_format(root) == "lgl" else _gwn_toponym
    articles, skipped = [], 0
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        toponyms = []
        for toponym in map(make, node.iterfind("toponyms/toponym")):
            if text[toponym.start:toponym.end] == toponym.name:
                toponyms.append(toponym)
            else:
                skipped += 1
        articles.append(Article(text, toponyms))
    return articles, skipped


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(hits_predicted: int, predicted: int, hits_gold: int, gold: int) -> dict:
    precision = hits_predicted / predicted if predicted else 0.0
    recall = hits_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def recognition_scores(gold: list[set], ignored: list[set], predicted: list[set]) -> dict:
    """Exact and overlap P/R/F1 over articles (one set of spans per article each).

    A prediction that matches only an `ignored` span (a gold toponym left out of this view)
    is neither right nor wrong: it is dropped from the precision count.
    """
    counts = {"exact": [0, 0, 0, 0], "partial": [0, 0, 0, 0]}  # hits_pred, pred, hits_gold, gold
    for gold_spans, ignored_spans, predicted_spans in zip(gold, ignored, predicted):
        for mode, match in (("exact", operator.eq), ("partial", _overlaps)):
            kept = [p for p in predicted_spans
                    if any(match(p, g) for g in gold_spans) or not any(match(p, i) for i in ignored_spans)]
            tally = counts[mode]
            tally[0] += sum(any(match(p, g) for g in gold_spans) for p in kept)
            tally[1] += len(kept)
            tally[2] += sum(any(match(g, p) for p in kept) for g in gold_spans)
            tally[3] += len(gold_spans)
    return {mode: {**_prf(*tally), "gold": tally[3], "predicted": tally[1]} for mode, tally in counts.items()}


def auc(errors_km: list[float]) -> float:
    """Area under the sorted log-error curve, x and y both scaled to [0, 1]; lower is better."""
    y = np.log(np.sort(np.asarray(errors_km, dtype=float)) + 1) / math.log(MAX_ERROR_KM + 1)
    if len(y) == 1:
        return float(y[0])
    return float(np.trapezoid(y, np.linspace(0.0, 1.0, len(y))))


def _accuracy(errors_km: list[float]) -> float | None:
    return sum(e <= ACC_KM for e in errors_km) / len(errors_km) if errors_km else None


def resolution_scores(gold: list[GoldToponym], places: list) -> dict:
    """Distance and id metrics for gold toponyms with coordinates and the parser's places."""
    errors = [MAX_ERROR_KM if place is None else haversine_km(g.lat, g.lon, place.lat, place.lon)
              for g, place in zip(gold, places)]
    with_id = [(g, place) for g, place in zip(gold, places) if g.geonameid is not None]
    return {
        "n": len(errors),
        "acc161": _accuracy(errors),
        "median_km": statistics.median(errors) if errors else None,
        "mean_km": statistics.fmean(errors) if errors else None,
        "auc": auc(errors) if errors else None,
        "exact_id": (sum(p is not None and p.geonameid == g.geonameid for g, p in with_id) / len(with_id)
                     if with_id else None),
        "unresolved": sum(p is None for p in places) / len(places) if places else None,
        "acc161_with_id": _accuracy([e for g, e in zip(gold, errors) if g.geonameid is not None]),
        "acc161_without_id": _accuracy([e for g, e in zip(gold, errors) if g.geonameid is None]),
        "n_with_id": len(with_id),
    }


def error_rows(article: Article, gold: list[GoldToponym], places: list) -> list[dict]:
    """One row per gold toponym resolved more than ``ACC_KM`` off (or not at all), with
    the sentence-sized stretch of text around it: what an error analysis reads."""
    rows = []
    for g, place in zip(gold, places):
        distance = None if place is None else haversine_km(g.lat, g.lon, place.lat, place.lon)
        if distance is not None and distance <= ACC_KM:
            continue
        rows.append({
            "text": g.name,
            "context": article.text[max(0, g.start - 80):g.end + 80].replace("\n", " "),
            "gold": {"geonameid": g.geonameid, "lat": g.lat, "lon": g.lon},
            "ours": None if place is None else {
                "name": place.name, "kind": place.kind, "country": place.country,
                "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon},
            "km": None if distance is None else round(distance, 1),
        })
    return rows


def evaluate(parser, articles: list[Article], *, recognise: bool = True,
             errors: list[dict] | None = None) -> dict:
    """Recognition (all gold, and gold with coordinates), resolution on gold spans, speed;
    the wrong resolutions are appended to ``errors`` when it is given."""
    started = time.perf_counter()
    predicted = [set(map(tuple, parser.recognise(a.text))) for a in articles] if recognise else None
    recognise_s = time.perf_counter() - started
    all_spans = [{(t.start, t.end) for t in a.toponyms} for a in articles]
    located = [{(t.start, t.end) for t in a.toponyms if t.has_coords} for a in articles]
    gold, places, resolved_articles, resolve_s = [], [], 0, 0.0
    for article in articles:
        wanted = [t for t in article.toponyms if t.has_coords]
        if not wanted:
            continue
        started = time.perf_counter()
        answers = parser.resolve(article.text, [(t.start, t.end) for t in wanted])
        resolve_s += time.perf_counter() - started
        gold += wanted
        places += answers
        resolved_articles += 1
        if errors is not None:
            errors += error_rows(article, wanted, answers)
    return {
        "articles": len(articles),
        "recognition_all": recognition_scores(all_spans, [set()] * len(articles), predicted)
        if recognise else None,
        "recognition_with_coords": recognition_scores(located, [s - c for s, c in zip(all_spans, located)],
                                                      predicted) if recognise else None,
        "resolution": resolution_scores(gold, places),
        "recognise_articles_per_s": len(articles) / recognise_s if recognise and recognise_s else None,
        "resolve_articles_per_s": resolved_articles / resolve_s if resolve_s else None,
    }


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def print_report(name: str, skipped: int, result: dict) -> None:
    print(f"\n== {name}: {result['articles']} articles, {skipped} toponyms skipped in the file (offsets do not match the name)")
    print(f"{'recognition':<24}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for view in ("all", "with_coords"):
        for mode, s in (result[f"recognition_{view}"] or {}).items():
            print(f"{view + ' ' + mode:<24}{s['gold']:>7}{s['predicted']:>7}"
                  f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    print("resolution on gold spans with coordinates")
    for key, value in result["resolution"].items():
        print(f"  {key:<22}{_fmt(value):>10}")
    print(f"speed (articles/s)      recognise {_fmt(result['recognise_articles_per_s'])}"
          f"   resolve {_fmt(result['resolve_articles_per_s'])}")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("corpora", nargs="*", type=Path, default=[DEFAULT_CORPUS], metavar="CORPUS.xml")
    cli.add_argument("--limit", type=int, help="score only the first N articles of each corpus")
    cli.add_argument("--json", type=Path, help="also write a machine-readable summary here")
    cli.add_argument("--errors", type=Path, metavar="FILE",
                     help="write each resolution more than 161 km off (or missing) here, one JSON per line")
    cli.add_argument("--resolve-only", action="store_true",
                     help="skip recognition: score resolution on the gold spans only")
    args = cli.parse_args(argv)
    for path in args.corpora:
        if not path.is_file():
            cli.error(f"corpus not found: {path}")
    parser = Geoparser()  # only now: building the gazetteer is slow
    summary, errors = {}, []
    for path in args.corpora:
        articles, skipped = read_corpus(path)
        wrong = []
        result = evaluate(parser, articles[:args.limit], recognise=not args.resolve_only, errors=wrong)
        print_report(str(path), skipped, result)
        summary[str(path)] = {"skipped_toponyms": skipped, **result}
        errors += [{"corpus": path.name, **row} for row in wrong]
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if args.errors:
        args.errors.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in errors),
                               encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
