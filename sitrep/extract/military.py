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
from spacy.matcher import PhraseMatcher

from sitrep.data import data_lines
from sitrep.extract.tokens import Tokens

DIGIT_ORDINAL = re.compile(r"(?i)^\d+(st|nd|rd|th)$")
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


def regular_plural(form: str) -> str:
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
    return forms | {regular_plural(f) for f in forms} if plural else forms


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
        self._load_unit_words()

    def _add(self, nlp: Language, thing: Thing, forms: set[str], any_case: bool) -> None:
        """Forms with a digit are designations, matched in any case; names only as written."""
        key = f"{thing[0]}:{thing[1]}"
        self.things[key] = thing
        any_case_forms = {f for f in forms if any_case or re.search(r"\d", f)}
        for matcher, chosen in ((self.lower, any_case_forms), (self.orth, forms - any_case_forms)):
            if chosen:
                matcher.add(key, list(nlp.tokenizer.pipe(sorted(chosen))))

    def _load_unit_words(self) -> None:
        """The words of the unit pattern: ordinal, "Guards"?, type words, echelon; an
        honorific word ("Kantemirovskaya") may stand before the type words, which must
        then be there. ``_unit_spans`` scans the token lists for it: a spaCy Matcher
        with a regular expression tested on every token took several times longer."""
        words: dict[str, dict[str, str]] = {"ordinal": {}, "guards": {}, "type": {}, "echelon": {}}
        for phrase, role, value in _rows("unit_words.tsv"):
            words[role][phrase] = value
        self.ordinals = words["ordinal"]
        self.guards = {w.lower() for w in words["guards"]}
        self.types = {w.lower() for phrase in words["type"] for w in phrase.split()}
        self.echelons = {w.lower() for w in words["echelon"]}
        self.unit_words = (self.types | self.echelons | self.guards
                           | {w.lower() for w in self.ordinals})

    def find(self, tokens: Tokens) -> list[MilitaryMention]:
        """Non-overlapping mentions in text order; where two overlap the longer wins."""
        doc = tokens.doc
        found = [MilitaryMention(start, end, *self.things[doc.vocab.strings[key]])
                 for key, start, end in [*self.lower(doc), *self.orth(doc)]]
        found += self._numbered_units(tokens) + self._shared_districts(tokens)
        chosen, used = [], set()
        for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if used.isdisjoint(range(mention.start, mention.end)):
                chosen.append(mention)
                used.update(range(mention.start, mention.end))
        return sorted((m for m in chosen if m.kind != BLOCKED), key=lambda m: m.start)

    def _numbered_units(self, tokens: Tokens) -> list[MilitaryMention]:
        """Pattern matches that read as a unit: a Title Case echelon noun or a type word
        ("the 150th motor rifle division"), so that "the 2nd group of evacuees" is left out."""
        found = []
        for start, end in self._unit_spans(tokens):
            first, last = tokens.text[start], tokens.text[end - 1]
            has_type = any(word in self.types for word in tokens.lower[start + 1:end - 1])
            if not last.istitle() and (not has_type or first in self.ordinals):
                continue
            ordinal = self.ordinals.get(first, tokens.lower[start])
            words = [w if w[:1].isupper() else w.capitalize() for w in tokens.text[start + 1:end]]
            attributes = (("echelon", tokens.lower[end - 1]), ("generic", "false"))
            found.append(MilitaryMention(start, end, "unit", " ".join([ordinal, *words]), attributes))
        return found

    def _unit_spans(self, tokens: Tokens):
        """Every (start, end) that fits the pattern, as spaCy's token Matcher would list them."""
        lower, count = tokens.lower, len(tokens)
        for start, word in enumerate(tokens.text):
            if word not in self.ordinals and not DIGIT_ORDINAL.search(word):
                continue
            after = [start + 1]  # "Guards" is optional: without it and with it
            if start + 1 < count and lower[start + 1] in self.guards:
                after.append(start + 2)
            for first in after:
                for end in self._echelon_ends(lower, first):
                    yield start, end
                if (first < count and tokens.text[first].istitle()
                        and lower[first] not in self.unit_words):  # an honorific
                    for end in self._echelon_ends(lower, first + 1):
                        if end > first + 2:  # at least one type word after the honorific
                            yield start, end

    def _echelon_ends(self, lower: list[str], first: int):
        """The end of each echelon noun that follows zero or more type words from ``first``."""
        for i in range(first, len(lower)):
            if lower[i] in self.echelons:
                yield i + 1
            if lower[i] not in self.types:
                return

    def _shared_districts(self, tokens: Tokens) -> list[MilitaryMention]:
        """One mention per district in "Western and Southern military districts": the last
        one spans the shared noun, each earlier one only its own word."""
        found, lower = [], tokens.lower
        for noun, word in enumerate(lower):
            if word != "districts" or noun < 2 or lower[noun - 1] != "military":
                continue
            end, i = noun + 1, noun - 2
            while i >= 0 and lower[i] in self.districts:
                found.append(MilitaryMention(i, end, *self.districts[lower[i]]))
                i -= 1
                while i >= 0 and lower[i] in LIST_WORDS:
                    i -= 1
                end = i + 1
        return found
