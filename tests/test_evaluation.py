"""sitrep.evaluation: hand-worked figures, agreement with the shared reference scorer, file errors."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.evaluation import load_gold, load_predictions, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "eval" / "score.py"
STRICT_REFERENCE = SHARED / "eval" / "strict.py"
SEEDS_GOLD = SHARED / "eval" / "seeds-gold.json"
ONE_DEGREE_KM = 6371.0 * 3.141592653589793 / 180  # along a meridian, about 111.19 km


def gold_of(*documents: dict) -> dict:
    return {"format": "sitrep-gold/1", "documents": list(documents)}


# --- hand-worked figures -------------------------------------------------------------------------
# Each case builds (gold, predictions); the figures are worked out by hand in the test that uses it,
# and test_agrees_with_reference_on_hand_made_cases checks the reference scorer gives them too.

def folding_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1", "places": [
        {"name": "Évora"}, {"name": "Hague", "aliases": ["Den Haag"]}, {"name": "Côte d'Ivoire"},
        {"name": "Atlantis", "optional": True}, {"name": "Lemuria", "optional": True}]})
    names = ["EVORA", "The Hague", "Cote d\u2019Ivoire", "Atlantis", "Narnia", "évora"]
    return gold, [{"doc_id": "d1", "places": [{"name": n} for n in names]}]


def test_place_names_fold_case_accents_quotes_and_leading_the():
    figures = score(*folding_case())
    # "évora" repeats "EVORA" and is dropped; Atlantis is optional, so it is no false positive;
    # Lemuria is optional, so missing it costs no recall. 4 of 5 distinct names right, 3 of 3 found.
    assert figures["places.predicted"] == 5
    assert figures["places.gold"] == 3
    assert figures["places.precision"] == 0.8
    assert figures["places.recall"] == 1.0
    assert figures["places.f1"] == 0.889


def names_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1",
                    "people": [{"name": "Maria Oyelaran"}, {"name": "Tomas Vinter", "aliases": ["Vinter"]},
                               {"name": "Ana Kessel"}],
                    "orgs": [{"name": "Northern Grain Union", "aliases": ["NGU"]}]})
    pred = {"doc_id": "d1",
            "people": [{"name": n} for n in ["Oyelaran", "Mr. Vinter", "Bob Kessel", "Lena Ruud"]],
            "orgs": [{"name": "Southern Grain Union"}, {"name": "ngu"}]}
    return gold, [pred]


def test_people_match_by_surname_and_organisations_by_alias_only():
    figures = score(*names_case())
    # Only the surname counts, so even "Bob Kessel" passes for Ana Kessel; Lena Ruud is wrong.
    assert (figures["people.precision"], figures["people.recall"], figures["people.f1"]) == (0.75, 1.0, 0.857)
    # Organisations get no surname rule: "Southern Grain Union" does not pass for "Northern ...".
    assert (figures["orgs.precision"], figures["orgs.recall"], figures["orgs.f1"]) == (0.5, 1.0, 0.667)


def resolution_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1", "places": [
        {"name": "Lviv", "country": "UA", "lat": 49.84, "lon": 24.03},
        {"name": "Odesa", "country": "UA", "lat": 46.48, "lon": 30.73},
        {"name": "Kharkiv", "country": "UA", "lat": 49.99, "lon": 36.23},
        {"name": "Moldova", "kind": "country", "country": "MD"},
        {"name": "Poland", "kind": "country", "country": "PL"},
        {"name": "Donbas", "kind": "region"},
        {"name": "Crimea", "kind": "region", "country": "UA", "optional": True}]})
    pred = {"doc_id": "d1", "places": [
        {"name": "Lviv", "lat": 49.84 + 1.44, "lon": 24.03},    # 160.1 km off: right
        {"name": "LVIV", "lat": 0.0, "lon": 0.0},               # a repeat: the first spelling counts
        {"name": "Odesa", "lat": 46.48 + 1.46, "lon": 30.73},   # 162.3 km off: wrong
        {"name": "Kharkiv", "country": "UA"},                  # gold has coordinates, these none: wrong
        {"name": "Moldova", "country": "md"},                  # code compared in upper case: right
        {"name": "Poland", "country": "DE"},                   # wrong
        {"name": "Donbas"},                                    # gold gives nothing to judge
        {"name": "Crimea", "country": "RU"}]}                  # optional: not judged
    return gold, [pred]


def test_resolution_within_161_km_or_by_country_code():
    assert 1.44 * ONE_DEGREE_KM < 161 < 1.46 * ONE_DEGREE_KM
    figures = score(*resolution_case())
    assert figures["places.resolution_acc161"] == 0.4
    assert (figures["places.precision"], figures["places.recall"]) == (1.0, 1.0)


def statements_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1", "statements": [
        {"id": "s1", "anchor": "the harbour will stay closed", "speaker": ["Harbour Authority"],
         "kind": "warning", "date": "2023-04"},
        {"id": "s2", "anchor": "no ships were turned away", "speaker": ["Ilse Marren"],
         "kind": "denial", "date": "2023-04-02"},
        {"id": "s3", "anchor": "talks could resume", "speaker": ["envoys"], "kind": "claim",
         "optional": True},
        {"id": "s4", "anchor": "the fleet has left", "speaker": ["Navy"], "kind": "claim"}]})
    pred = {"doc_id": "d1", "statements": [
        {"text": "Officials said THE harbour  will stay closed until May.",
         "speaker": "the Harbour Authority", "kind": "warning", "date": "2023-04-11"},
        {"text": "The harbour will stay closed, she repeated.", "speaker": "Harbour Authority",
         "kind": "warning"},  # s1 is taken already: one-to-one, so this one is a false positive
        {"text": "Marren insisted that no ships were turned away.", "speaker": "Marren",
         "kind": "claim", "date": "2023-04"},  # speaker right by containment; date vaguer than gold
        {"text": "Envoys hinted talks could resume.", "speaker": "envoys", "kind": "claim"}]}
    return gold, [pred]


def test_statements_match_anchors_one_to_one_and_judge_attributes():
    figures = score(*statements_case())
    # 3 of 4 predictions paired (s1, s2, optional s3); 2 of 3 required found (s4 missed).
    assert (figures["statements.precision"], figures["statements.recall"]) == (0.75, 0.667)
    assert figures["statements.f1"] == 0.706
    assert figures["statements.speaker_acc"] == 1.0
    assert figures["statements.kind_acc"] == 0.5
    assert figures["statements.date_acc"] == 0.5
    assert figures["events.kind_acc"] is None and figures["events.precision"] == 0.0


def events_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1", "events": [
        {"id": "e0", "anchor": "convoy", "kind": "move", "modality": "observed", "negated": False,
         "optional": True},
        {"id": "e1", "anchor": "convoy reached the bridge", "kind": "move", "modality": "observed",
         "negated": False, "actor": ["3rd Brigade"], "origin": ["Pellin"], "destination": ["Varsk bridge"],
         "via": ["Oder road"], "date": "2023-05"},
        {"id": "e2", "anchor": "the port\u2019s guns were not fired", "kind": "attack", "modality": "claimed",
         "negated": True, "actor": ["artillery"], "location": ["Varsk"]},
        {"id": "e3", "anchor": "a drill next spring", "kind": "exercise", "modality": "planned",
         "negated": False, "actor": ["Coast Guard"]}]})
    pred = {"doc_id": "d1", "events": [
        {"text": "The convoy reached the bridge at dawn.", "kind": "move", "modality": "observed",
         "actor": "3rd Brigade units", "origin": None, "destination": "Varsk Bridge",
         "via": ["Oder road", "Kalm"], "date": "2023-05-03"},
        {"text": "The port's guns were not fired, the ministry claimed.", "kind": "attack",
         "modality": "observed", "actor": "Artillery", "location": "Varsk"},
        {"text": "A second convoy was seen.", "kind": "move"}]}
    return gold, [pred]


def test_events_required_choose_first_and_roles_are_judged_where_gold_has_them():
    figures = score(*events_case())
    # e1 (required) takes the first text although optional e0 comes first in gold; e0 gets the third.
    assert (figures["events.precision"], figures["events.recall"], figures["events.f1"]) == (1.0, 0.667, 0.8)
    assert figures["events.kind_acc"] == 1.0
    assert figures["events.modality_acc"] == 0.5
    assert figures["events.negated_acc"] == 0.5  # a missing "negated" reads as false
    assert figures["events.actor_acc"] == 1.0
    assert figures["events.origin_acc"] == 0.0
    assert figures["events.destination_acc"] == 1.0
    assert figures["events.via_acc"] == 1.0
    assert figures["events.location_acc"] == 1.0
    assert figures["events.date_acc"] == 1.0  # only e1 has a date; a more precise one is right
    # Strictly, e1 misses its origin and e2 its modality: nothing is wholly right.
    assert figures["events.strict_recall"] == 0.0 and figures["events.strict_f1"] == 0.0


def test_strict_figures_count_an_item_only_when_every_attribute_is_right():
    gold, [pred] = events_case()
    pred["events"][0]["origin"] = "Pellin"  # now e1 is right in kind, modality, negation and roles
    figures = score(gold, [pred])
    # 3 predictions, one of them paired with optional e0: 2 count; 1 of 3 required is wholly right.
    assert figures["events.strict_precision"] == 0.5
    assert figures["events.strict_recall"] == 0.333
    assert figures["events.strict_f1"] == 0.4


CONTRADICTION_GOLD = {
    "doc_id": "d1",
    "statements": [{"id": "s1", "anchor": "the bridge is intact", "speaker": ["ministry"], "kind": "claim"},
                   {"id": "s2", "anchor": "rubble where the bridge stood", "speaker": ["photos"],
                    "kind": "claim"}],
    "events": [{"id": "e1", "anchor": "engineers blew the span", "kind": "attack", "modality": "observed",
                "negated": False}],
    "contradictions": [{"claim": ["s1"], "evidence": ["s2", "e1"]},
                       {"claim": ["s2"], "evidence": ["s1"], "optional": True}]}
CONTRADICTION_PRED = {
    "doc_id": "d1",
    "statements": [{"id": "a", "text": "Officials insisted the bridge is intact."},
                   {"id": "b", "text": "Photos show rubble where the bridge stood."}],
    "events": [{"id": "c", "text": "Engineers blew the span overnight."}],
    "contradictions": [{"claim": "a", "evidence": ["nowhere", "c"]},  # matches the required one
                       {"claim": "b", "evidence": ["a"]},             # matches the optional one
                       {"claim": "c", "evidence": ["b"]}]}            # no gold claim anchor in c
CORPUS_CONTRADICTION = {"contradictions": [{"claim": "d1#a", "evidence": ["d1#b"]}]}  # DOC_ID#ID refs


def contradictions_case() -> tuple[dict, list[dict]]:
    return gold_of(CONTRADICTION_GOLD), [CONTRADICTION_PRED, CORPUS_CONTRADICTION]


def test_contradictions_match_by_claim_and_evidence_anchors():
    figures = score(*contradictions_case())
    assert figures["contradictions.gold"] == 1 and figures["contradictions.predicted"] == 4
    assert (figures["contradictions.precision"], figures["contradictions.recall"]) == (0.75, 1.0)
    assert figures["contradictions.f1"] == 0.857


def two_documents_case() -> tuple[dict, list[dict]]:
    return gold_of(CONTRADICTION_GOLD, {"doc_id": "d2"}), [CONTRADICTION_PRED, CORPUS_CONTRADICTION]


def test_corpus_contradictions_are_counted_once_per_gold_document():
    figures = score(*two_documents_case())
    assert figures["contradictions.predicted"] == 5  # as the reference does: offered to d1 and to d2
    assert figures["contradictions.precision"] == 0.6


def tracks_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1",
                    "places": [{"name": "Pellin", "aliases": ["Pelin"]}, {"name": "Varsk"}, {"name": "Oder"},
                               {"name": "Kalm"}],
                    "tracks": [{"subject": "3rd Brigade", "places": ["Pellin", "Varsk", "Oder", "Kalm"]},
                               {"subject": "ferries", "places": ["Kalm", "Varsk"]}]})
    pred = [{"doc_id": "d1",
             "tracks": [{"subject": "brigade", "places": ["pelin", "Oder", "Varsk", "Kalm"]}]},
            {"tracks": [{"subject": "boats", "places": ["Kalm", "Amsel", "Varsk"]}]}]  # corpus-wide
    return gold, pred


def test_tracks_score_the_longest_common_subsequence_over_gold_length():
    gold, pred = tracks_case()
    figures = score(gold, pred)
    # Track 1: the alias folds to Pellin, LCS 3 of 4. Track 2: the corpus-wide track has both, 2 of 2.
    assert figures["tracks.n"] == 2
    assert figures["tracks.mean_lcs"] == 0.875
    assert score(gold_of({"doc_id": "d1"}), pred)["tracks.mean_lcs"] is None


def missing_document_case() -> tuple[dict, list[dict]]:
    gold = gold_of({"doc_id": "d1", "people": [{"name": "Ana Kessel"}]})
    return gold, [{"doc_id": "other", "people": [{"name": "Ana Kessel"}]}]


def test_a_missing_document_scores_zero_but_still_counts_its_gold():
    figures = score(*missing_document_case())
    assert (figures["people.gold"], figures["people.predicted"], figures["people.recall"]) == (1, 0, 0.0)


HAND_MADE_CASES = (folding_case, names_case, resolution_case, statements_case, events_case,
                   contradictions_case, two_documents_case, tracks_case, missing_document_case)


# --- agreement with the reference scorer ---------------------------------------------------------

def require_reference() -> None:
    if not (REFERENCE.is_file() and STRICT_REFERENCE.is_file() and SEEDS_GOLD.is_file() and (SHARED / "seeds").is_dir()):
        pytest.skip(f"{SHARED} is absent: the reference scorer, the seeds and their gold "
                    "live outside the repository")


def run_checked(*args: str) -> None:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    assert done.returncode == 0, f"{args[:2]} failed ({done.returncode}):\n{done.stderr}"


def reference_figures(gold_path: Path, pred_path: Path, tmp_path: Path) -> dict:
    """The reference's nested --json summary, flattened to this module's names."""
    out = tmp_path / "summary.json"
    run_checked(str(REFERENCE), str(gold_path), str(pred_path), "--json", str(out))
    summary = json.loads(out.read_text(encoding="utf-8"))
    summary.pop("missing_documents")
    figures = {f"{section}.{name}": value for section, figures in summary.items()
               for name, value in figures.items()}
    run_checked(str(STRICT_REFERENCE), str(gold_path), str(pred_path), "--json", str(out))
    strict = json.loads(out.read_text(encoding="utf-8"))
    figures.update({f"{section}.{name}": value for section, numbers in strict.items()
                    for name, value in numbers.items() if name.startswith("strict_")})
    return figures


def assert_agrees(gold_path: Path, predictions: list[dict], tmp_path: Path) -> dict:
    pred_path = tmp_path / "predictions.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    theirs = reference_figures(gold_path, pred_path, tmp_path)
    ours = score(load_gold(gold_path), load_predictions(pred_path))
    assert {k: ours.get(k, "absent") for k in theirs} == theirs
    # The reference leaves out event accuracies with nothing judged; here they are present as None.
    extra = {k: v for k, v in ours.items() if k not in theirs}
    assert all(k.startswith("events.") and k.endswith("_acc") and v is None for k, v in extra.items()), extra
    return theirs


def test_agrees_with_reference_on_the_projects_own_extraction(tmp_path):
    require_reference()
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    assert seeds, f"no seed texts in {SHARED / 'seeds'}"
    pred_path = tmp_path / "extracted.jsonl"
    run_checked("-m", "sitrep.cli", "extract", *seeds, "--format", "eval", "-o", str(pred_path))
    assert_agrees(SEEDS_GOLD, load_predictions(pred_path), tmp_path)


class Perturber:
    """Turns gold items into predictions, spoiling a share (noise) of them so that judgements differ."""

    def __init__(self, seed: int, noise: float):
        self.rng, self.noise = random.Random(seed), noise

    def spoil(self, value, spoiled):
        return spoiled if self.rng.random() < self.noise else value

    def skip(self) -> bool:
        return self.rng.random() < self.noise / 2

    def entity(self, entry: dict) -> dict:
        name = self.rng.choice([entry["name"], *entry.get("aliases", [])])
        item = {"name": self.spoil(name, self.rng.choice(["The " + name.upper(), name + " Oblast"]))}
        if "lat" in entry:
            drift = self.rng.choice([0.0, 0.5, 1.44, 1.46, 3.0])  # degrees of latitude; 161 km is ~1.45
            item.update(lat=entry["lat"] + drift, lon=entry["lon"])
        if entry.get("country"):
            item["country"] = self.spoil(entry["country"].lower(), "ZZ")
        return item

    def anchored(self, entry: dict, section: str) -> dict:
        text = f"Reportedly {entry['anchor'].upper()}, it said.".replace("'", "\u2019")
        item = {"id": "p" + entry["id"], "kind": self.spoil(entry["kind"], "other"),
                "text": self.spoil(text, "Nothing to see.")}
        if "date" in entry:
            item["date"] = self.spoil(entry["date"] + "-01", entry["date"][:4] + "x")
        if section == "statements":
            item["speaker"] = self.spoil(entry["speaker"][-1], "Nobody Inparticular")
            return item
        item.update(modality=self.spoil(entry["modality"], "hypothetical"),
                    negated=self.spoil(entry["negated"], not entry["negated"]))
        for role in (r for r in ("actor", "origin", "destination", "via", "location") if r in entry):
            item[role] = self.spoil(list(entry[role]) if role == "via" else entry[role][0], "Elsewhere")
        return item

    def document(self, doc: dict) -> dict:
        line = {"doc_id": doc["doc_id"]}
        for section in ("places", "people", "orgs"):
            line[section] = [self.entity(e) for e in doc.get(section, []) if not self.skip()]
            line[section] += [{"name": "Zzyzx Quarter"}, {"name": "Pat Zzyzx"}]  # false positives
        for section in ("statements", "events"):
            items = [self.anchored(e, section) for e in doc.get(section, []) if not self.skip()]
            self.rng.shuffle(items)
            line[section] = items + [dict(items[0], id="again")] if items else []  # one text twice
        line["contradictions"] = [{"claim": "p" + self.spoil(c["claim"][0], c["evidence"][0]),
                                   "evidence": ["p" + e for e in c["evidence"]]}
                                  for c in doc.get("contradictions", [])]
        line["tracks"] = [{"subject": t["subject"], "places": self.spoil(t["places"][::-1], t["places"][1:])}
                          for t in doc.get("tracks", [])]
        return line

    def predictions(self, gold: dict) -> list[dict]:
        lines = [self.document(doc) for doc in gold["documents"]
                 if self.rng.random() >= self.noise / 4]  # now and then a document goes missing
        corpus_claims = [{"claim": f"{doc['doc_id']}#p{c['claim'][-1]}",
                          "evidence": [f"{doc['doc_id']}#p{c['evidence'][-1]}"]}
                         for doc in gold["documents"] for c in doc.get("contradictions", [])]
        return lines + [{"contradictions": corpus_claims, "tracks": [{"places": ["Nowhere", "Elsewhere"]}]}]


@pytest.mark.parametrize(("seed", "noise"), [(0, 0.0), (1, 0.2), (2, 0.4), (3, 0.7), (4, 1.0)])
def test_agrees_with_reference_on_perturbed_gold(tmp_path, seed, noise):
    require_reference()
    predictions = Perturber(seed, noise).predictions(load_gold(SEEDS_GOLD))
    theirs = assert_agrees(SEEDS_GOLD, predictions, tmp_path)
    if noise <= 0.4:  # the milder sets must reach the event attributes, or they prove little
        assert theirs["events.modality_acc"] is not None and theirs["events.actor_acc"] is not None


@pytest.mark.parametrize("case", HAND_MADE_CASES, ids=lambda case: case.__name__)
def test_agrees_with_reference_on_hand_made_cases(tmp_path, case):
    require_reference()
    gold, predictions = case()
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    assert_agrees(gold_path, predictions, tmp_path)


# --- reading files -------------------------------------------------------------------------------

def test_load_gold_names_the_file_when_the_format_is_wrong(tmp_path):
    path = tmp_path / "not-gold.json"
    path.write_text(json.dumps({"format": "sitrep-eval/1", "documents": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="not-gold.json"):
        load_gold(path)


def test_load_gold_names_the_file_when_it_is_not_json(tmp_path):
    path = tmp_path / "broken-gold.json"
    path.write_text("{format:", encoding="utf-8")
    with pytest.raises(ValueError, match="broken-gold.json"):
        load_gold(path)


def test_load_predictions_names_the_file_and_line(tmp_path):
    path = tmp_path / "preds.jsonl"
    path.write_text('{"doc_id": "a"}\n\n{"doc_id": "b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"preds\.jsonl:3"):
        load_predictions(path)
    path.write_text('{"doc_id": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"preds\.jsonl:2: expected a JSON object"):
        load_predictions(path)


def test_load_predictions_skips_blank_lines(tmp_path):
    path = tmp_path / "preds.jsonl"
    path.write_text('\n{"doc_id": "a"}\n   \n{"doc_id": "b"}\n', encoding="utf-8")
    assert [line["doc_id"] for line in load_predictions(path)] == ["a", "b"]
