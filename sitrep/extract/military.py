"""Doc -> military units and equipment, by rules, so that no statistical model is needed.

Numbered units are found by pattern, not by name ("41st Combined Arms Army": ordinal,
type words, echelon noun), so that formations nobody listed are found too. Districts,
fleets, generic formations and equipment come from the knowledge packs (``units.tsv``,
``equipment.tsv``), the unit pattern's words from the language pack's ``unit_words.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from sitrep.extract.tokens import Tokens
from sitrep.knowledge import BLOCKED_EQUIPMENT as BLOCKED, Equipment, Unit
from sitrep.lang import LanguagePack

Thing = tuple[str, str, tuple[tuple[str, str], ...]]  # kind, canonical name, attributes


@dataclass(slots=True, frozen=True)
class MilitaryMention:
    """A unit or piece of equipment, by token offsets in the Doc it was found in."""

    start: int
    end: int
    kind: str
    name: str
    attributes: tuple[tuple[str, str], ...]


def _rows(name: str, lang: LanguagePack) -> list[tuple[str, str, str]]:
    """Rows of a three-column TSV of the language pack; missing trailing columns read as empty."""
    return [tuple((line.split("\t") + ["", ""])[:3]) for line in lang.lines(name)]


def _forms(name: str, aliases: tuple[str, ...], lang: LanguagePack | None) -> set[str]:
    """Every surface form of a row: designations also without the hyphen ("T72", "Su 34"),
    and with ``lang`` their plurals ("T-72s", "HIMARS", "field hospitals")."""
    forms = set()
    for form in (name, *aliases):
        forms |= {form, re.sub(r"(?<=[A-Za-z])-(?=\d)", "", form),
                  re.sub(r"(?<=[A-Za-z]{2})-(?=\d)", " ", form)}
    return forms | {lang.plural(f) for f in forms} if lang else forms


def _generic(name: str) -> tuple[str, str]:
    """Lower-case rows are common nouns, which outputs may leave out of name lists."""
    return ("generic", "true" if name.islower() else "false")


class MilitaryFinder:
    """Finds units and equipment; the matchers are built once from the packs' rows."""

    def __init__(self, nlp: Language, lang: LanguagePack, equipment: tuple[Equipment, ...],
                 units: tuple[Unit, ...]):
        self.lang = lang
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.things: dict[str, Thing] = {}
        for row in equipment:
            name, category = row.name, row.category
            kind = BLOCKED if category == BLOCKED else "equipment"
            self._add(nlp, (kind, name, (("category", category), _generic(name))),
                      _forms(name, row.aliases, lang), any_case=name.islower())
        self.districts: dict[str, Thing] = {}
        district = lang.word("district_head")
        self.shared_district = lang.plural(district).split()  # "military districts"
        for row in units:
            name = row.name
            thing = ("unit", name, (("echelon", row.echelon), _generic(name)))
            self._add(nlp, thing, _forms(name, row.aliases, lang if name.islower() else None),
                      any_case=True)
            if name.lower().endswith(" " + district):
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
        for phrase, role, value in _rows("unit_words.tsv", self.lang):
            words[role][phrase] = value
        self.ordinals = words["ordinal"]
        suffixes = "|".join(map(re.escape, self.lang.word_list("ordinal_suffixes")))
        self.digit_ordinal = re.compile(rf"(?i)^\d+(?:{suffixes})$")  # "41st"
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
            if word not in self.ordinals and not self.digit_ordinal.search(word):
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
        list_words = self.lang.words("list_words") | {","}
        *qualifiers, head = self.shared_district
        width = len(qualifiers)
        for noun, word in enumerate(lower):
            if word != head or noun < 1 + width or lower[noun - width:noun] != qualifiers:
                continue
            end, i = noun + 1, noun - 1 - width
            while i >= 0 and lower[i] in self.districts:
                found.append(MilitaryMention(i, end, *self.districts[lower[i]]))
                i -= 1
                while i >= 0 and lower[i] in list_words:
                    i -= 1
                end = i + 1
        return found
