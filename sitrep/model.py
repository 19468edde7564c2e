"""The domain: what sitrep reads, finds and stores.

Plain dataclasses with no behaviour beyond small conveniences, so every stage
(sources, extract, store, analysis, outputs) can share them without importing
each other. Every Mention, Statement and Event carries the id of its document
and the character offsets ``[start, end)`` of the text it was read from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

DATE_PRECISIONS = ("day", "month", "year")
ENTITY_KINDS = ("person", "organisation", "state", "unit", "equipment", "place")
MENTION_KINDS = ENTITY_KINDS + ("date", "quantity")
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """A text's words, folded: a record's ``words`` as extraction stores them, and a
    case's key terms as analysis looks them up among those."""
    return WORD.findall(text.lower())


@dataclass(slots=True)
class Document:
    """A text with its provenance; ``id`` is the hash of its normalised text."""

    id: str
    text: str
    name: str
    source: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str = "en"
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True, frozen=True)
class DateValue:
    """A calendar date known to a precision: ``day``, ``month`` or ``year``."""

    date: dt.date
    precision: str = "day"

    def iso(self) -> str:
        """The date cut to its precision: YYYY-MM-DD, YYYY-MM or YYYY."""
        return self.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]


@dataclass(slots=True, frozen=True)
class TimeInterval:
    """When an event happened: an interval with the precision of its ends."""

    start: DateValue | None = None
    end: DateValue | None = None


@dataclass(slots=True)
class Entity:
    """A person, organisation, state, unit, equipment type or place."""

    id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)


def is_named_force(kind: str, attributes: dict[str, Any]) -> bool:
    """A unit or a named system ("Iskander"), not a kind of thing ("tanks")."""
    return kind in ("unit", "equipment") and str(attributes.get("generic")).lower() != "true"


@dataclass(slots=True)
class Mention:
    """A span that names something, resolved to an entity where possible."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    entity_id: str | None = None
    # How a place is meant relative to the name: "near", "area", "300 km northeast of",
    # or "demonym" where an adjective names the place ("the Belarusian border").
    relation: str | None = None


@dataclass(slots=True, frozen=True)
class Proposition:
    """What a statement says is so, read at extraction (``sitrep/extract/propositions.py``):
    who (actor and side), what (an event kind, or a stance of the language pack's
    ``contradiction_cues.tsv``: "withdraw", "no_attack", ...), its polarity, modality,
    place and time window. Analysis compares it with observations; nothing reads text."""

    what: str
    actor: str | None = None
    side: str | None = None
    negated: bool = False  # "we have not deployed", a denial of a deployment
    modality: str = "claimed"  # an event modality of the registry
    place: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready mapping, dates in ISO form with their precision."""
        def when(value: DateValue | None):
            return [value.date.isoformat(), value.precision] if value else None
        return {"what": self.what, "actor": self.actor, "side": self.side,
                "negated": self.negated, "modality": self.modality, "place": self.place,
                "start": when(self.start), "end": when(self.end)}

    @classmethod
    def from_json(cls, value: dict[str, Any] | None) -> "Proposition | None":
        if not value:
            return None
        def when(pair):
            return DateValue(dt.date.fromisoformat(pair[0]), pair[1]) if pair else None
        return cls(value["what"], value.get("actor"), value.get("side"),
                   bool(value.get("negated")), value.get("modality") or "claimed",
                   value.get("place"), when(value.get("start")), when(value.get("end")))


@dataclass(slots=True)
class Statement:
    """Something a source said: who, in what role, when, and of what kind."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_id: str | None = None  # the entity the speaker resolved to
    speaker_role: str | None = None
    speaker_org: str | None = None
    speaker_side: str | None = None  # the state (ISO code) or alliance it speaks for
    date: DateValue | None = None
    kind: str = "other"  # a statement kind of the registry (sitrep/registry.py)
    quote: str | None = None
    direct: bool = False
    about: list[str] = field(default_factory=list)
    plover: str | None = None
    cameo: str | None = None
    # what analysis reads of its words, decided at extraction (sitrep/extract/annotate.py)
    asserts: list[str] = field(default_factory=list)  # "withdraw", "no_attack": what it asserts
    refutes: list[str] = field(default_factory=list)  # the assertions it refutes; "it": the claim before
    first_person: bool = False  # the speaker speaks of its own side ("we", "our")
    equipment_categories: list[str] = field(default_factory=list)  # equipment.tsv categories named
    words: list[str] = field(default_factory=list)  # its sentence's words, folded (key terms)
    proposition: Proposition | None = None  # what it says is so (sitrep/extract/propositions.py)


@dataclass(slots=True)
class Event:
    """Something that happened, happens, is planned or imagined."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str
    kind: str = "other"  # an event kind of the registry (sitrep/registry.py)
    actor: str | None = None
    actor_side: str | None = None  # the state (ISO code) or alliance the actor belongs to
    # the sides of a joint act ("both sides agreed to disengage"): each is bound by it
    parties: list[str] = field(default_factory=list)
    subject: str | None = None
    quantity: str | None = None
    origin: str | None = None
    destination: str | None = None
    via: list[str] = field(default_factory=list)
    location: str | None = None
    time: TimeInterval = field(default_factory=TimeInterval)
    modality: str = "observed"  # one of the registry's modalities
    negated: bool = False
    hedged: bool = False
    asserted_by: str | None = None
    statement_id: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    cameo: str | None = None
    # what analysis reads of its words, decided at extraction (sitrep/extract/annotate.py)
    equipment_categories: list[str] = field(default_factory=list)  # equipment.tsv categories named
    words: list[str] = field(default_factory=list)  # its sentence's words, folded (key terms)
    subject_key: str | None = None  # its subject folded, where it names a unit or system: its track


@dataclass(slots=True)
class Extraction:
    """Everything read from one document: the unit that flows from extract to store."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class PlacePoint:
    """Where a place name of a document was resolved to."""

    name: str
    lat: float
    lon: float
    country: str | None = None
    kind: str | None = None  # country, region, city, area or facility


@dataclass(slots=True)
class Report:
    """One document as analysis reads it: provenance, statements, events, and the
    coordinates of the places its records name (keyed by the names they use)."""

    doc_id: str
    name: str
    publisher: str | None
    published: dt.date | None
    url: str | None
    text: str
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: dict[str, PlacePoint] = field(default_factory=dict)
    title: str | None = None  # the article's headline, where known (name is the file's)
    source: str | None = None  # the file or address it was read from


@dataclass(frozen=True, slots=True)
class Ref:
    """A statement or event: its document and its id in that document."""

    doc_id: str
    item_id: str
