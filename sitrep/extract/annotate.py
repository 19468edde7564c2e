"""What analysis needs of a record's words, decided once at extraction and stored.

Analysis reads typed records only, so the last step of extraction reads the words:

- a statement's ``asserts`` and ``refutes``: what its words assert of the speaker's side
  and which assertions they refute (the language pack's ``contradiction_cues.tsv``, in
  file order); ``first_person``: whether the speaker speaks of its own side (the pack's
  ``first_person.txt``, in its quote, else its sentence);
- a statement's and an event's ``equipment_categories``: the categories of the knowledge
  packs' equipment whose names, aliases or their plurals its sentence holds, and
  ``words``: its sentence's words folded, among which a case's key terms are looked up;
- an event's ``subject_key``: its subject folded ("41st combined arms army equipment")
  where it names a unit or a named system the document mentions, else None: the track
  the event belongs to.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sitrep.errors import LanguagePackError
from sitrep.knowledge import BLOCKED_EQUIPMENT, Equipment, default_knowledge
from sitrep.lang import DEFAULT, LanguagePack
from sitrep.model import Entity, Event, Statement, is_named_force, words

CUE_ROLES = ("claim", "refute")
CUES_FILE = "contradiction_cues.tsv"
WORD_RUN = re.compile(r"\w+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")


class Annotator:
    """The typed fields of one language's records, with the equipment one case knows."""

    def __init__(self, lang: LanguagePack, equipment: tuple[Equipment, ...]):
        self.cues = _cues(lang)
        alternatives = "|".join(map(re.escape, lang.lines("first_person.txt")))
        self.first_person = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
        self.equipment = _equipment_patterns(lang, equipment)
        self.possessive = re.compile(
            "(?:" + "|".join(map(re.escape, lang.word_list("possessive_endings"))) + r")\b")
        self.articles = lang.words("definite_article")
        self.folded = lru_cache(maxsize=4096)(self._fold)  # a unit's name recurs across reports

    def annotate_records(self, statements: list[Statement], events: list[Event],
                         entities: list[Entity]) -> None:
        """Set the fields analysis reads on a document's statements and events."""
        forces = named_forces(entities)
        for statement in statements:
            self.statement(statement)
        for event in events:
            self.event(event, forces)

    def statement(self, statement: Statement) -> None:
        text = statement.text.replace("\u2019", "'")  # "don’t" is "don't"
        statement.asserts = [a for a, pattern in self.cues["claim"] if pattern.search(text)]
        statement.refutes = [a for a, pattern in self.cues["refute"] if pattern.search(text)]
        statement.first_person = self.first_person.search(statement.quote or statement.text) is not None
        statement.equipment_categories = self.categories(statement.text)
        statement.words = words(statement.text)

    def event(self, event: Event, forces: list[str]) -> None:
        """``forces``: the names of the units and named systems of its document, lower case."""
        event.equipment_categories = self.categories(event.text)
        event.words = words(event.text)
        event.subject_key = self.subject_key(event.subject, forces)

    def categories(self, text: str) -> list[str]:
        """The categories of the equipment the text names, in the packs' order. A category
        none of whose first words the text holds is not searched (most are not)."""
        runs = _word_runs(text)
        return [category for category, pattern, first_words in self.equipment
                if (runs is None or first_words is None or not first_words.isdisjoint(runs))
                and pattern.search(text)]

    def subject_key(self, subject: str | None, forces: list[str]) -> str | None:
        """The subject folded where it names one of the forces (lower-case names): "The 41st
        Combined Arms Army's equipment" and "41st Combined Arms Army equipment" are one."""
        if not subject:
            return None
        lowered = subject.lower()
        return self.folded(lowered) if any(force in lowered for force in forces) else None

    def _fold(self, subject: str) -> str:
        """Without the possessive ending and the definite article."""
        key = self.possessive.sub("", subject)
        return " ".join(word for word in key.split() if word not in self.articles)


@cache
def default_annotator() -> Annotator:
    """English with the packs of a case that names none: what a store upgrade re-reads
    its old records with."""
    return Annotator(LanguagePack.load(DEFAULT), default_knowledge().equipment)


def named_forces(entities: list[Entity]) -> list[str]:
    """The names of the units and named systems among the entities, lower case."""
    return sorted({e.name.lower() for e in entities if is_named_force(e.kind, e.attributes)})


def _cues(lang: LanguagePack) -> dict[str, list[tuple[str, re.Pattern]]]:
    """Per role, each assertion with its lines as one alternation: one search, not one per line."""
    lines: dict[tuple[str, str], list[str]] = {}
    for line in lang.lines(CUES_FILE):
        role, assertion, pattern = line.split("\t")
        if role not in CUE_ROLES:
            raise LanguagePackError(f"{lang.directory / CUES_FILE}: role {role!r} is not one "
                                    f"of {CUE_ROLES}")
        lines.setdefault((role, assertion), []).append(f"(?:{pattern})")
    cues: dict[str, list[tuple[str, re.Pattern]]] = {role: [] for role in CUE_ROLES}
    for (role, assertion), patterns in lines.items():
        cues[role].append((assertion, re.compile("|".join(patterns), re.IGNORECASE)))
    return cues


def _equipment_patterns(lang: LanguagePack, equipment: tuple[Equipment, ...]
                        ) -> tuple[tuple[str, re.Pattern, frozenset[str] | None], ...]:
    """Per category, its names and aliases with their plurals as one pattern,
    case-insensitive, on word boundaries, and the first words of its forms
    (``_first_words``)."""
    forms: dict[str, set[str]] = {}
    for row in equipment:
        if row.category != BLOCKED_EQUIPMENT:
            for form in (row.name, *row.aliases):
                forms.setdefault(row.category, set()).update((form, lang.plural(form)))
    return tuple(
        (category, re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(form) for form in sorted(names, key=lambda f: (-len(f), f)))
            + r")(?!\w)", re.IGNORECASE), _first_words(names))
        for category, names in forms.items())


def _first_words(forms: set[str]) -> frozenset[str] | None:
    """The first run of word characters of each form, lower case: a form matches, on
    word boundaries, only where the text holds that run whole. None where a form opens
    with another character or with a letter outside ASCII: its category is always searched."""
    runs = {WORD_RUN.match(form) for form in forms}
    if None in runs or not all(run.group().isascii() for run in runs):
        return None
    return frozenset(run.group().lower() for run in runs)


def _word_runs(text: str) -> set[str] | None:
    """The text's runs of word characters, lower case, as a case-insensitive pattern
    sees them; None where a letter outside ASCII has a case ("İ", "ſ"): Python's
    ``lower`` and the pattern's case-folding may then disagree."""
    if any(c.lower() != c or c.upper() != c for c in set(NON_ASCII.findall(text))):
        return None
    return set(WORD_RUN.findall(text.lower()))
