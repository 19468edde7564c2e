"""The quality gate: extraction figures may only go up.

Runs the pipeline and the analysis (as ``sitrep extract --format eval`` does) over
the shared seeds and the development set of two other crises (when ``../shared`` is
there) and over the project's own annotated
documents (``tests/quality/documents`` with ``gold.json``), scores them with ``sitrep.evaluation`` and compares every figure with its floor in
``baseline.json``.

    python -m tests.quality.gate             # print the figures of both modes against their floors
    python -m tests.quality.gate --raise     # raise every floor to the current figure
    python -m tests.quality.gate --lower own:events.f1=0.5 --reason "why it may drop"
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from sitrep.analysis.picture import Picture
from sitrep.analysis.reports import report_of
from sitrep.case import Case
from sitrep.evaluation import load_gold, score
from sitrep.extract import Pipeline, build_pipeline
from sitrep.outputs.evalfmt import add_analysis, eval_record
from sitrep.sources import read_path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
BASELINE = HERE / "baseline.json"
CORPORA = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds-gold.json"),
    "own": (HERE / "documents", HERE / "gold.json"),
    "dev": (SHARED / "eval" / "dev" / "texts", SHARED / "eval" / "dev" / "gold.json"),
}
# Each corpus is measured in both extraction modes: the default (the pretrained model with
# the rules) under the corpus's name, the rules-only fast mode under NAME-fast.
MODES = {"": {}, "-fast": {"fast": True}}
TOLERANCE = 1e-9
COUNTS = (".gold", ".predicted", ".n")  # sizes, not scores: they carry no floor


def available_corpora() -> list[str]:
    """The corpora present on this machine: ``own`` always, ``seeds`` and ``dev`` when ../shared is there."""
    return [name for name, (documents, gold) in CORPORA.items() if documents.is_dir() and gold.is_file()]


def measure(corpus: str, pipeline: Pipeline | None = None) -> dict[str, float]:
    """Every score of one corpus; accuracies over nothing and plain counts are left out."""
    documents, gold_path = CORPORA[corpus]
    pipeline = pipeline or build_pipeline()
    picture, predictions = Picture(Case(directory=documents, name=corpus)), []
    for document in read_path(str(documents)):
        if not isinstance(document, Exception):
            extraction = pipeline.extract(document)
            predictions.append(eval_record(extraction))
            picture.add(report_of(extraction))
    figures = score(load_gold(gold_path), add_analysis(predictions, picture))
    return {name: value for name, value in figures.items()
            if value is not None and not name.endswith(COUNTS)}


def load_baseline(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_baseline(baseline: dict, path: Path = BASELINE) -> None:
    path.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def regressions(corpus: str, figures: dict[str, float], baseline: dict) -> list[str]:
    """One message per figure below its floor, naming the figure, the floor and the new value."""
    messages = []
    for name, entry in sorted(baseline.get(corpus, {}).items()):
        value = figures.get(name)
        if value is None:
            messages.append(f"{corpus} {name}: floor {entry['floor']}, but the figure is no longer produced")
        elif value < entry["floor"] - TOLERANCE:
            messages.append(f"{corpus} {name} fell below its floor {entry['floor']}: now {value}")
    return messages


def raise_floors(baseline: dict, corpus: str, figures: dict[str, float]) -> dict:
    """Floors raised to the figures where they are higher; new figures get a floor. Never lowers."""
    floors = baseline.setdefault(corpus, {})
    for name, value in figures.items():
        entry = floors.setdefault(name, {"floor": value})
        entry["floor"] = max(entry["floor"], value)
    return baseline


def lower_floor(baseline: dict, corpus: str, name: str, value: float, reason: str) -> dict:
    """Lower one floor on purpose, keeping the reason and the old floor beside it."""
    if not reason.strip():
        raise ValueError("lowering a floor needs a reason")
    entry = baseline.get(corpus, {}).get(name)
    if entry is None:
        raise ValueError(f"{corpus} has no floor for {name}")
    entry.setdefault("lowered", []).append(
        {"from": entry["floor"], "to": value, "reason": reason.strip(),
         "on": dt.date.today().isoformat()})
    entry["floor"] = value
    return baseline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extraction quality gate.")
    parser.add_argument("--raise", dest="raise_floors", action="store_true",
                        help="raise every floor to the current figure")
    parser.add_argument("--lower", metavar="CORPUS:FIGURE=VALUE", action="append",
                        help="lower a floor (needs --reason; may be repeated)")
    parser.add_argument("--reason", default="", help="why a floor may be lowered")
    args = parser.parse_args(argv)
    baseline = load_baseline()
    if args.lower:
        for lowering in args.lower:
            target, value = lowering.split("=")
            corpus, name = target.split(":")
            baseline = lower_floor(baseline, corpus, name, float(value), args.reason)
            print(f"lowered {corpus} {name} to {value}")
        save_baseline(baseline)
        return 0
    failed = []
    for suffix, options in MODES.items():
        pipeline = build_pipeline(**options)
        for corpus in available_corpora():
            key, figures = corpus + suffix, measure(corpus, pipeline)
            if args.raise_floors:
                raise_floors(baseline, key, figures)
            for name, value in sorted(figures.items()):
                floor = baseline.get(key, {}).get(name, {}).get("floor")
                print(f"{key:<10} {name:<36} {value:>7.3f}   floor "
                      f"{floor if floor is not None else '-'}")
            failed += regressions(key, figures, baseline)
    if args.raise_floors:
        save_baseline(baseline)
        print(f"floors written to {BASELINE}")
    for message in failed:
        print(message, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
