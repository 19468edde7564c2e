"""Doc -> military units and equipment, by rules, so that no statistical model is needed.

Numbered units are found by pattern, not by name ("41st Combined Arms Army": ordinal,
type words, echelon noun), so that formations nobody listed are found too. Districts,
fleets, generic formations and equipment come from the vocabularies in ``sitrep/data``
(``unit_words.tsv``, ``units.tsv``, ``equipment.tsv``; see its README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from sitrep.data import data_lines

DIGIT_ORDINAL = r"(?i)^\d+(st|nd|rd|th)$"
BLOCKED = "none"  # equipment.tsv category of phrases that only stop a false match ("think tank")
LIST_WORDS = {",", "and", "or"}
Thing = tuple[str, str, tuple[tuple[str, str], ...]]  # kind, canonical name, attributes


@dataclass(slots=True, frozen=True)
class MilitaryMention:
    """A unit or piece of equipment, by token offsets in the Doc it was found in."""

    start: int
    end: int
    kind: str
    name: str
    attributes: tuple[tuple[str, str], ...]


def _rows(name: str) -> list[tuple[str, str, str]]:
    """Rows of a three-column TSV; missing trailing columns read as empty."""
    return [tuple((line.split("\t") + ["", ""])[:3]) for line in data_lines(name)]


def _plural(form: str) -> str:
    """The plural of a form's last word by the regular rules; the lists need no irregulars."""
    if form[-1].isdigit() or (form[-1].isupper() and form[-1] != "S"):
        return form + "s"  # T-72s, BTR-82As, NLAWs
    if form[-1] in "sS" and not form.islower():
        return form  # HIMARS, MANPADS, Msta-S
    if form.endswith(("s", "x", "z", "ch", "sh")):
        return form + "es"
    if form.endswith("y") and len(form) > 1 and form[-2] not in "aeiou":
        return form[:-1] + "ies"
    return form + "s"


def _forms(name: str, aliases: str, plural: bool) -> set[str]:
    """Every surface form of a row: designations also without the hyphen ("T72", "Su 34")."""
    forms = set()
    for form in (name, *filter(None, aliases.split("|"))):
        forms |= {form, re.sub(r"(?<=[A-Za-z])-(?=\d)", "", form),
                  re.sub(r"(?<=[A-Za-z]{2})-(?=\d)", " ", form)}
    return forms | {_plural(f) for f in forms} if plural else forms


def _generic(name: str) -> tuple[str, str]:
    """Lower-case rows are common nouns, which outputs may leave out of name lists."""
    return ("generic", "true" if name.islower() else "false")


class MilitaryFinder:
    """Finds units and equipment; the matchers are built once from the data files."""

    def __init__(self, nlp: Language):
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.things: dict[str, Thing] = {}
        for name, category, aliases in _rows("equipment.tsv"):
            kind = BLOCKED if category == BLOCKED else "equipment"
            self._add(nlp, (kind, name, (("category", category), _generic(name))),
                      _forms(name, aliases, plural=True), any_case=name.islower())
        self.districts: dict[str, Thing] = {}
        for name, echelon, aliases in _rows("units.tsv"):
            thing = ("unit", name, (("echelon", echelon), _generic(name)))
            self._add(nlp, thing, _forms(name, aliases, plural=name.islower()), any_case=True)
            if name.endswith(" Military District"):
                self.districts[name.split()[0].lower()] = thing
        self._build_unit_patterns(nlp)

    def _add(self, nlp: Language, thing: Thing, forms: set[str], any_case: bool) -> None:
        """Forms with a digit are designations, matched in any case; names only as written."""
        key = f"{thing[0]}:{thing[1]}"
        self.things[key] = thing
        any_case_forms = {f for f in forms if any_case or re.search(r"\d", f)}
        for matcher, chosen in ((self.lower, any_case_forms), (self.orth, forms - any_case_forms)):
            if chosen:
                matcher.add(key, list(nlp.tokenizer.pipe(sorted(chosen))))

    def _build_unit_patterns(self, nlp: Language) -> None:
        """Ordinal, "Guards"?, type words, echelon; an honorific word ("Kantemirovskaya")
        may stand before the type words, which must then be there."""
        words: dict[str, dict[str, str]] = {"ordinal": {}, "guards": {}, "type": {}, "echelon": {}}
        for phrase, role, value in _rows("unit_words.tsv"):
            words[role][phrase] = value
        self.ordinals = words["ordinal"]
        self.types = {w.lower() for phrase in words["type"] for w in phrase.split()}
        self.echelons = {w.lower() for w in words["echelon"]}
        known = sorted(self.types | self.echelons | {w.lower() for w in words["guards"]}
                       | {w.lower() for w in self.ordinals})
        guards = {"LOWER": {"IN": [w.lower() for w in words["guards"]]}, "OP": "?"}
        types = {"LOWER": {"IN": sorted(self.types)}}
        echelon = {"LOWER": {"IN": sorted(self.echelons)}}
        honorific = {"IS_TITLE": True, "LOWER": {"NOT_IN": known}}
        self.units = Matcher(nlp.vocab)
        for ordinal in ({"TEXT": {"REGEX": DIGIT_ORDINAL}}, {"ORTH": {"IN": sorted(self.ordinals)}}):
            self.units.add("unit", [[ordinal, guards, {**types, "OP": "*"}, echelon],
                                    [ordinal, guards, honorific, {**types, "OP": "+"}, echelon]])

    def find(self, doc: Doc) -> list[MilitaryMention]:
        """Non-overlapping mentions in text order; where two overlap the longer wins."""
        found = [MilitaryMention(start, end, *self.things[doc.vocab.strings[key]])
                 for key, start, end in [*self.lower(doc), *self.orth(doc)]]
        found += self._numbered_units(doc) + self._shared_districts(doc)
        chosen, used = [], set()
        for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if used.isdisjoint(range(mention.start, mention.end)):
                chosen.append(mention)
                used.update(range(mention.start, mention.end))
        return sorted((m for m in chosen if m.kind != BLOCKED), key=lambda m: m.start)

    def _numbered_units(self, doc: Doc) -> list[MilitaryMention]:
        """Pattern matches that read as a unit: a Title Case echelon noun or a type word
        ("the 150th motor rifle division"), so that "the 2nd group of evacuees" is left out."""
        found = []
        for _, start, end in self.units(doc):
            first, middle, last = doc[start], doc[start + 1:end - 1], doc[end - 1]
            has_type = any(t.lower_ in self.types for t in middle)
            if not last.is_title and (not has_type or first.text in self.ordinals):
                continue
            ordinal = self.ordinals.get(first.text, first.lower_)
            words = [t.text if t.text[:1].isupper() else t.text.capitalize() for t in doc[start + 1:end]]
            found.append(MilitaryMention(start, end, "unit", " ".join([ordinal, *words]),
                                         (("echelon", last.lower_), ("generic", "false"))))
        return found

    def _shared_districts(self, doc: Doc) -> list[MilitaryMention]:
        """One mention per district in "Western and Southern military districts": the last
        one spans the shared noun, each earlier one only its own word."""
        found = []
        for noun in doc:
            if noun.lower_ != "districts" or noun.i < 2 or doc[noun.i - 1].lower_ != "military":
                continue
            end, i = noun.i + 1, noun.i - 2
            while i >= 0 and doc[i].lower_ in self.districts:
                found.append(MilitaryMention(i, end, *self.districts[doc[i].lower_]))
                i -= 1
                while i >= 0 and doc[i].lower_ in LIST_WORDS:
                    i -= 1
                end = i + 1
        return found
