"""What analysis needs of a record's words, decided once at extraction and stored.

Analysis reads typed records only, so the last step of extraction reads the words:

- a statement's ``asserts`` and ``refutes``: what its words assert of the speaker's side
  and which assertions they refute (``contradiction_cues.tsv``, in file order);
  ``first_person``: whether the speaker speaks of its own side (``first_person.txt``, in
  its quote, else its sentence);
- a statement's and an event's ``equipment_categories``: the ``equipment.tsv``
  categories whose names, aliases or their plurals its sentence holds, and ``words``:
  its sentence's words folded, among which a case's key terms are looked up;
- an event's ``subject_key``: its subject folded ("41st combined arms army equipment")
  where it names a unit or a named system the document mentions, else None: the track
  the event belongs to.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sitrep.data import data_lines
from sitrep.extract.military import BLOCKED, regular_plural
from sitrep.model import Entity, Event, Extraction, Statement, is_named_force, words

CUE_ROLES = ("claim", "refute")


def annotate(extraction: Extraction) -> None:
    """Set the fields analysis reads on the extraction's statements and events."""
    forces = named_forces(extraction.entities)
    for statement in extraction.statements:
        annotate_statement(statement)
    for event in extraction.events:
        annotate_event(event, forces)


def named_forces(entities: list[Entity]) -> list[str]:
    """The names of the units and named systems among the entities, lower case."""
    return sorted({e.name.lower() for e in entities if is_named_force(e.kind, e.attributes)})


def annotate_statement(statement: Statement) -> None:
    text = statement.text.replace("\u2019", "'")  # "don’t" is "don't"
    cues = _cues()
    statement.asserts = [a for a, pattern in cues["claim"] if pattern.search(text)]
    statement.refutes = [a for a, pattern in cues["refute"] if pattern.search(text)]
    statement.first_person = _first_person().search(statement.quote or statement.text) is not None
    statement.equipment_categories = equipment_categories(statement.text)
    statement.words = words(statement.text)


def annotate_event(event: Event, forces: list[str]) -> None:
    """``forces``: the names of the units and named systems of its document, lower case."""
    event.equipment_categories = equipment_categories(event.text)
    event.words = words(event.text)
    event.subject_key = subject_key(event.subject, forces)


def equipment_categories(text: str) -> list[str]:
    """The categories of the equipment the text names, in the order of equipment.tsv."""
    return [category for category, pattern in _equipment_patterns() if pattern.search(text)]


def subject_key(subject: str | None, forces: list[str]) -> str | None:
    """The subject folded where it names one of the forces (lower-case names): "The 41st
    Combined Arms Army's equipment" and "41st Combined Arms Army equipment" are one."""
    if not subject:
        return None
    lowered = subject.lower()
    return _folded(lowered) if any(force in lowered for force in forces) else None


@lru_cache(maxsize=4096)
def _folded(subject: str) -> str:
    """Without possessive "'s" and "the". Cached: a unit's name recurs across reports."""
    key = re.sub(r"['’]s\b", "", subject)
    return " ".join(word for word in key.split() if word != "the")


@cache
def _cues() -> dict[str, list[tuple[str, re.Pattern]]]:
    """Per role, each assertion with its lines as one alternation: one search, not one per line."""
    lines: dict[tuple[str, str], list[str]] = {}
    for line in data_lines("contradiction_cues.tsv"):
        role, assertion, pattern = line.split("\t")
        if role not in CUE_ROLES:
            raise ValueError(f"contradiction_cues.tsv: role {role!r} is not one of {CUE_ROLES}")
        lines.setdefault((role, assertion), []).append(f"(?:{pattern})")
    cues: dict[str, list[tuple[str, re.Pattern]]] = {role: [] for role in CUE_ROLES}
    for (role, assertion), patterns in lines.items():
        cues[role].append((assertion, re.compile("|".join(patterns), re.IGNORECASE)))
    return cues


@cache
def _first_person() -> re.Pattern:
    alternatives = "|".join(re.escape(word) for word in data_lines("first_person.txt"))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@cache
def _equipment_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """Per category, its names and aliases with their regular plurals as one pattern,
    case-insensitive, on word boundaries."""
    forms: dict[str, set[str]] = {}
    for line in data_lines("equipment.tsv"):
        name, category, *aliases = line.split("\t")
        if category == BLOCKED:
            continue
        for form in filter(None, (name, *(aliases[0].split("|") if aliases else ()))):
            forms.setdefault(category, set()).update((form, regular_plural(form)))
    return tuple(
        (category, re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(form) for form in sorted(names, key=lambda f: (-len(f), f)))
            + r")(?!\w)", re.IGNORECASE))
        for category, names in forms.items())
