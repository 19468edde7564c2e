"""Score ``sitrep-eval/1`` predictions against ``sitrep-gold/1`` gold, standard library only.

A quality gate must score even where ``../shared/eval/score.py`` is absent, so this applies its
matching rules and gives the same figures, rounded alike."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD_FORMAT = "sitrep-gold/1"
SECTIONS = ("places", "people", "orgs", "statements", "events", "contradictions")
ANCHORED = ("statements", "events")
EVENT_ROLES = ("actor", "origin", "destination", "via", "location")
EVENT_ATTRIBUTES = ("kind", "date", *EVENT_ROLES, "modality", "negated")
ACCURACIES = ("places.resolution_acc161", "statements.speaker_acc", "statements.kind_acc",
              "statements.date_acc", *(f"events.{a}_acc" for a in EVENT_ATTRIBUTES))
RESOLUTION_KM = 161.0
EARTH_RADIUS_KM = 6371.0
DIGITS = 3
TYPOGRAPHIC, PLAIN = "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014", "''\"\"\"\"--"


def fold_text(text: Any) -> str:
    """Sentences compare regardless of Unicode form, typographic quotes, spacing and case."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return " ".join(folded.translate(str.maketrans(TYPOGRAPHIC, PLAIN)).split()).casefold()


def fold_name(name: Any) -> str:
    """Names also ignore accents, a leading "the" and punctuation at the edges."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", fold_text(name)) if not unicodedata.combining(c))
    return re.sub(r"^the\s+", "", bare).strip(" .,;:'\"()")


def list_names(entry: dict) -> list[str]:
    """The main name comes first so that it can stand for the whole entry."""
    return [fold_name(n) for n in [entry["name"], *entry.get("aliases", [])]]


def match_name(entry: dict, predicted: Any, person: bool) -> bool:
    """People also match by surname, as texts drop first names after the first mention."""
    name = fold_name(predicted)
    accepted = list_names(entry)
    surname = name.split()[-1:]
    return bool(name) and (name in accepted or (person and any(a.split()[-1:] == surname for a in accepted)))


def measure_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance: plenty to tell the right town from a namesake elsewhere."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half = (math.sin((phi2 - phi1) / 2) ** 2
            + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(min(1.0, half)))


def judge_resolution(entry: dict, predicted: dict) -> bool | None:
    """Gold coordinates decide when present, else its country code, else there is nothing to judge."""
    if "lat" in entry:
        lat, lon = predicted.get("lat"), predicted.get("lon")
        numeric = isinstance(lat, (int, float)) and isinstance(lon, (int, float))
        return numeric and measure_km(entry["lat"], entry["lon"], lat, lon) <= RESOLUTION_KM
    if entry.get("country"):
        return str(predicted.get("country") or "").upper() == entry["country"]
    return None


def drop_repeats(items: list) -> list[dict]:
    """A name predicted twice counts once; the first spelling (and its coordinates) wins."""
    kept: dict[str, dict] = {}
    for item in (i for i in items if isinstance(i, dict) and i.get("name")):
        kept.setdefault(fold_name(item["name"]), item)
    kept.pop("", None)
    return list(kept.values())


def match_loosely(value: Any, accepted: Any) -> bool:
    """Lenient on purpose: a role or speaker is right when either side's name contains the other's."""
    if not isinstance(value, str):
        value = " ".join(map(str, value)) if isinstance(value, (list, tuple)) else ""
    said = fold_name(value)
    return bool(said) and any(fold_name(a) in said or said in fold_name(a) for a in accepted)


def match_date(predicted: Any, gold: Any) -> bool:
    """A date more precise than gold's is still right; a vaguer one is not."""
    said = str(predicted or "")
    return bool(said) and said.startswith(str(gold))


def pair_by_anchor(gold_items: list[dict], predicted: list[dict]) -> dict[Any, int]:
    """Greedy and one-to-one: required items choose first, each the earliest free prediction."""
    taken, pairs = set(), {}
    for entry in sorted(gold_items, key=lambda g: bool(g.get("optional"))):
        anchor = fold_text(entry["anchor"])
        index = next((i for i, p in enumerate(predicted)
                      if i not in taken and anchor in fold_text(p.get("text"))), None)
        if index is not None:
            taken.add(index)
            pairs[entry["id"]] = index
    return pairs


def fully_right(section: str, entry: dict, item: dict) -> bool:
    """As an analyst counts (``strict.py``): kind and speaker, or kind, modality, negation and
    every role the gold gives, all right at once."""
    if item.get("kind") != entry.get("kind"):
        return False
    if section == "statements":
        return match_loosely(item.get("speaker"), entry.get("speaker") or [])
    if item.get("modality") != entry.get("modality") or bool(item.get("negated")) != entry.get("negated", False):
        return False
    return all(match_loosely(item.get(role), entry[role] or []) for role in EVENT_ROLES if role in entry)


def match_contradiction(claim: dict, entry: dict, anchors: dict, by_id: dict) -> bool:
    """The claim must hold a gold claim anchor and some evidence a gold evidence anchor."""
    def carries(refs: Any, gold_ids: Any) -> bool:
        texts = [fold_text(by_id.get(str(ref), {}).get("text")) for ref in refs]
        return any(anchors[g] in text for g in gold_ids or [] if g in anchors for text in texts)
    return carries([claim.get("claim")], entry.get("claim")) and carries(
        claim.get("evidence") or [], entry.get("evidence"))


def measure_lcs(a: list, b: list) -> int:
    """Longest common subsequence length, keeping one row of the table."""
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], (diagonal + 1 if x == y else max(row[j], row[j - 1]))
    return row[-1]


def canonicalise_place(name: Any, gold_doc: dict) -> str:
    """Aliases of a gold place collapse to its main name, so that tracks compare by place."""
    folded = fold_name(name)
    places = map(list_names, gold_doc.get("places") or [])
    return next((accepted[0] for accepted in places if folded in accepted), folded)


@dataclass
class Tally:
    """Right out of judged: precision, recall and every accuracy are one of these."""
    right: int = 0
    judged: int = 0

    def record(self, *oks: bool) -> None:
        self.judged += len(oks)
        self.right += sum(map(bool, oks))

    def share(self) -> float:
        return self.right / self.judged if self.judged else 0.0

    def rate(self) -> float | None:
        return round(self.share(), DIGITS) if self.judged else None


@dataclass
class Scoreboard:
    """Tallies accumulated document by document, turned into figures once at the end."""
    recall: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SECTIONS})
    precision: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SECTIONS})
    accuracy: dict[str, Tally] = field(default_factory=lambda: {a: Tally() for a in ACCURACIES})
    track_overlaps: list[float] = field(default_factory=list)
    strict: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in ANCHORED})
    strict_predicted: dict[str, int] = field(default_factory=lambda: {s: 0 for s in ANCHORED})

    def add_entities(self, section: str, gold_doc: dict, pred_doc: dict) -> None:
        """One predicted name may satisfy several gold entries; optional ones only spare precision."""
        gold, predicted = gold_doc.get(section) or [], drop_repeats(pred_doc.get(section) or [])
        person = section == "people"
        for entry in (e for e in gold if not e.get("optional")):
            hit = next((p for p in predicted if match_name(entry, p["name"], person)), None)
            self.recall[section].record(hit is not None)
            verdict = judge_resolution(entry, hit) if section == "places" and hit is not None else None
            if verdict is not None:
                self.accuracy["places.resolution_acc161"].record(verdict)
        self.precision[section].record(*(any(match_name(e, p["name"], person) for e in gold)
                                         for p in predicted))

    def add_anchored(self, section: str, gold_doc: dict, pred_doc: dict) -> None:
        """Statements and events are found by anchor, then required ones are judged on attributes."""
        gold = gold_doc.get(section) or []
        predicted = [p for p in pred_doc.get(section) or [] if isinstance(p, dict)]
        pairs = pair_by_anchor(gold, predicted)
        for entry in (e for e in gold if not e.get("optional")):
            index = pairs.get(entry["id"])
            self.recall[section].record(index is not None)
            if index is not None:
                self.judge_attributes(section, entry, predicted[index])
            self.strict[section].record(index is not None and fully_right(section, entry, predicted[index]))
        self.precision[section].record(*(i in pairs.values() for i in range(len(predicted))))
        optional_hits = sum(1 for e in gold if e.get("optional") and e["id"] in pairs)
        self.strict_predicted[section] += len(predicted) - optional_hits

    def judge_attributes(self, section: str, entry: dict, item: dict) -> None:
        """Only what gold fills in is judged, so leaving a field out earns nothing."""
        def judge(attribute: str, ok: bool) -> None:
            self.accuracy[f"{section}.{attribute}_acc"].record(ok)
        if section == "statements":
            judge("speaker", match_loosely(item.get("speaker"), entry.get("speaker") or []))
        else:
            for role in (r for r in EVENT_ROLES if r in entry):
                judge(role, match_loosely(item.get(role), entry[role] or []))
            judge("modality", item.get("modality") == entry.get("modality"))
            judge("negated", bool(item.get("negated")) == entry.get("negated", False))
        judge("kind", item.get("kind") == entry.get("kind"))
        if "date" in entry:
            judge("date", match_date(item.get("date"), entry["date"]))

    def add_contradictions(self, gold_doc: dict, pred_doc: dict, corpus: list) -> None:
        """Corpus-wide contradictions are offered to, and counted in, every gold document."""
        anchors = {g["id"]: fold_text(g["anchor"])
                   for section in ("statements", "events") for g in gold_doc.get(section) or []}
        by_id = {}  # cited by bare id or as DOC_ID#ID; an event shadows a statement of the same id
        for item in [*(pred_doc.get("statements") or []), *(pred_doc.get("events") or [])]:
            if isinstance(item, dict) and item.get("id") is not None:
                by_id[str(item["id"])] = by_id[f"{gold_doc['doc_id']}#{item['id']}"] = item
        predicted = [c for c in [*(pred_doc.get("contradictions") or []), *corpus] if isinstance(c, dict)]
        gold = gold_doc.get("contradictions") or []
        for entry in (e for e in gold if not e.get("optional")):
            self.recall["contradictions"].record(any(match_contradiction(c, entry, anchors, by_id)
                                                     for c in predicted))
        self.precision["contradictions"].record(*(any(match_contradiction(c, e, anchors, by_id) for e in gold)
                                                  for c in predicted))

    def add_tracks(self, gold_doc: dict, pred_doc: dict, corpus: list) -> None:
        """Each gold track is credited with its best-overlapping predicted track."""
        tracks = [t for t in [*(pred_doc.get("tracks") or []), *corpus] if isinstance(t, dict)]
        candidates = [[canonicalise_place(p, gold_doc) for p in t.get("places") or []] for t in tracks]
        for track in gold_doc.get("tracks") or []:
            wanted = [canonicalise_place(p, gold_doc) for p in track.get("places") or []]
            if wanted:
                best = max((measure_lcs(wanted, c) for c in candidates), default=0)
                self.track_overlaps.append(best / len(wanted))

    def report(self) -> dict[str, float | None]:
        """One flat mapping, so that a gate can name any figure as ``section.figure``."""
        figures: dict[str, float | None] = {}
        for section in SECTIONS:
            precision, recall = self.precision[section].share(), self.recall[section].share()
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            figures.update({f"{section}.{name}": round(value, DIGITS)
                            for name, value in (("precision", precision), ("recall", recall), ("f1", f1))})
            figures[f"{section}.gold"] = self.recall[section].judged
            figures[f"{section}.predicted"] = self.precision[section].judged
        figures.update({name: tally.rate() for name, tally in self.accuracy.items()})
        for section in ANCHORED:
            right, predicted = self.strict[section].right, self.strict_predicted[section]
            precision = right / predicted if predicted else 0.0
            recall = self.strict[section].share()
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            figures.update({f"{section}.strict_{name}": round(value, DIGITS) for name, value
                            in (("precision", precision), ("recall", recall), ("f1", f1))})
        overlaps = self.track_overlaps
        figures["tracks.mean_lcs"] = round(sum(overlaps) / len(overlaps), DIGITS) if overlaps else None
        figures["tracks.n"] = len(overlaps)
        return figures


def score(gold: dict, predictions: list[dict]) -> dict[str, float | None]:
    """Every figure the reference scorer reports, keyed ``section.figure``; counts stay ints."""
    lines = [line for line in predictions if isinstance(line, dict)]
    documents = {str(line["doc_id"]): line for line in lines if line.get("doc_id")}  # the last wins
    corpus = {key: [item for line in lines if not line.get("doc_id") for item in line.get(key) or []]
              for key in ("contradictions", "tracks")}
    board = Scoreboard()
    for gold_doc in gold.get("documents") or []:
        pred_doc = documents.get(gold_doc["doc_id"], {})
        for section in ("places", "people", "orgs"):
            board.add_entities(section, gold_doc, pred_doc)
        for section in ("statements", "events"):
            board.add_anchored(section, gold_doc, pred_doc)
        board.add_contradictions(gold_doc, pred_doc, corpus["contradictions"])
        board.add_tracks(gold_doc, pred_doc, corpus["tracks"])
    return board.report()


def load_gold(path: str | Path) -> dict:
    """Refuse, naming the file, anything that is not gold rather than score it as empty."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(f"{path}: not JSON: {error}") from None
    if not (isinstance(data, dict) and data.get("format") == GOLD_FORMAT
            and isinstance(data.get("documents"), list)):
        raise ValueError(f"{path}: not a {GOLD_FORMAT} file with a list of documents")
    return data


def load_predictions(path: str | Path) -> list[dict]:
    """JSON Lines; a bad line is reported by file and line number, blank lines are skipped."""
    lines = []
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                if not isinstance(line, dict):
                    raise ValueError(f"expected a JSON object, not {type(line).__name__}")
            except ValueError as error:
                raise ValueError(f"{path}:{number}: {error}") from None
            lines.append(line)
    return lines
