"""Tracks: the places one unit or body of equipment was reported at, in time order.

Located events are grouped by their subject when it names a unit or a named piece of
equipment ("41st Combined Arms Army equipment"), across documents: by the ``subject_key``
extraction gave them. Troops and their equipment are separate subjects, so they make
separate tracks. A body the text does not name is followed within one document only:
a structure of one side named by one noun ("jetty", "the jetties"; singular or plural,
the language pack's ``structure_nouns``) at two named places there is one body: a
report that names a side's jetties, camps or huts again means the ones it spoke of
("They removed the jetties at Spur 5. Earlier, the jetties stood at Spur 8."), where
"troops" may be any troops. Any other unnamed body makes a track of its own only
within the event that takes it from one named place to another ("the Chinese moved
back from Spur 4 to Spur 5"), both narrower than a region. Joined across documents by
a common noun, every "troops" would be one body.
Each event gives its places in order of travel: origin, via, then destination or
location. Only what was seen to happen counts: observed events, not negated. An
undated event whose sentence says it came first ("Earlier", "previously": the language
pack's ``earlier_words``) is placed before the event of its subject told just before it.

A withdrawal counts only when it lasts: a withdrawal is undone when a later point of its
track is back at a place it left, or nearer the border than where it ended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sitrep.lang import DEFAULT as DEFAULT_LANGUAGE, LanguagePack
from sitrep.model import Event, Ref, Report

ROLES = ("origin", "via", "destination", "location")
OBSERVED = "observed"  # a claimed, planned or imagined move puts nothing on the map
WITHDRAW = "withdraw"
BROAD_PLACES = {"country", "region"}  # too wide for a point of a track of its own


@dataclass(frozen=True, slots=True)
class Position:
    """Where a point lies relative to the country at risk."""

    border_km: float
    inside: bool
    bearing: float | None  # degrees from north to the capital of the country at risk
    compass: str | None


@dataclass(frozen=True, slots=True)
class TrackPoint:
    place: str
    role: str  # origin, via, destination or location
    date: str | None  # the event's date at its precision, YYYY-MM-DD, YYYY-MM or YYYY
    ref: Ref
    text: str
    lat: float | None = None
    lon: float | None = None
    position: Position | None = None
    kind: str | None = None  # the event's kind: a withdrawal is followed to see if it lasts


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A withdrawal on a track and whether it lasted."""

    end: TrackPoint  # the last place the withdrawal was reported at
    left: tuple[str, ...]  # the places it left
    undone_by: TrackPoint | None  # the later point back where it came from, or nearer

    @property
    def lasted(self) -> bool:
        return self.undone_by is None


@dataclass(slots=True)
class Track:
    subject: str  # as the first point's event writes it
    points: list[TrackPoint] = field(default_factory=list)
    key: str = ""  # the subject folded, which its events share (``Event.subject_key``)
    side: str | None = None  # the side its events are credited to, when they agree; else unknown

    def withdrawals(self) -> list[Withdrawal]:
        """Each withdrawal on the track, in order, with the later point that undid it."""
        found = []
        for n, point in enumerate(self.points):
            if point.kind != WITHDRAW or point.role == "origin" or (
                    n + 1 < len(self.points) and self.points[n + 1].ref == point.ref):
                continue  # not the last point of a withdrawal
            own = [p.place for p in self.points[:n] if p.ref == point.ref and p.role == "origin"]
            left = tuple(own or [p.place for p in self.points[:n]
                                 if p.place != point.place][-1:])
            undone = next((later for later in self.points[n + 1:]
                           if later.place in left or _nearer(later, point)), None)
            found.append(Withdrawal(point, left, undone))
        return found

    @property
    def places(self) -> list[str]:
        """The places in order, a place repeated by consecutive points given once."""
        names: list[str] = []
        for point in self.points:
            if not names or names[-1] != point.place:
                names.append(point.place)
        return names


Locate = Callable[[float, float], Position | None]


class TrackBuilder:
    """Tracks of the documents added so far. Points sort by day, publication date,
    document name and id, then order in the document, and a track is named as its first
    point's event writes its subject: the same whatever order documents arrive in. A
    track is sorted when read, and only if a document added points to it since."""

    def __init__(self, locate: Locate | None = None, lang: LanguagePack | None = None):
        self.locate = locate or (lambda lat, lon: None)
        self.lang = lang or LanguagePack.load(DEFAULT_LANGUAGE)
        self.earlier = self.lang.words("earlier_words")
        self.structures = self.lang.words("structure_nouns")
        self.entries: dict[str, list[tuple]] = {}  # key -> (sort key, TrackPoint, subject, side)
        self.unsorted: set[str] = set()  # keys of the tracks added to since the last read

    def add(self, report: Report) -> None:
        by_subject: dict[str, list[Event]] = {}
        unnamed: list[Event] = []
        for event in report.events:
            if event.modality != OBSERVED or event.negated:
                continue
            if event.subject_key:
                by_subject.setdefault(event.subject_key, []).append(event)
            else:
                unnamed.append(event)
        for key, events in self._unnamed_bodies(unnamed, report).items():
            by_subject[key] = events
        published = report.published or dt.date.min
        for key, events in by_subject.items():
            events = self._told_order(events)
            entries = self.entries.setdefault(key, [])
            for order, (event, day) in enumerate(zip(events, _effective_days(events, report))):
                for rank, (role, place) in enumerate(_places(event)):
                    point = self._point(place, role, event, report)
                    entries.append(((day, published, report.name, report.doc_id, order, rank),
                                    point, _subject(event), event.actor_side))
            self.unsorted.add(key)

    def _unnamed_bodies(self, events: list[Event], report: Report) -> dict[str, list[Event]]:
        """The document's unnamed bodies: the events whose subject is one noun of a
        structure (``structure_nouns``), singular or plural, of one side (one of no side
        joins the only side named; where two are, each side's are its own), where two
        or more of them name places narrower than a region, two or more in all; else
        each move from one named place to another on its own."""
        by_noun: dict[str, list[Event]] = {}
        for event in events:
            if event.subject and event.subject.split()[-1] in self.structures:
                noun = next((noun for noun in by_noun if self._one_noun(noun, event.subject)),
                            event.subject)
                by_noun.setdefault(noun, []).append(event)
        bodies, placed = {}, set()
        for noun, members in by_noun.items():
            sides = sorted({e.actor_side for e in members} - {None})
            for side in sides if len(sides) > 1 else [None]:
                body = [e for e in members if side is None or e.actor_side == side]
                narrow = [found for found in (_narrow_places(e, report) for e in body) if found]
                if len(narrow) >= 2 and len(set().union(*narrow)) >= 2:
                    bodies[f"{report.doc_id}#{side or ''}#{noun}"] = body
                    placed.update(id(e) for e in body)
        for event in events:
            if id(event) not in placed and _local_move(event, report):
                bodies[f"{report.doc_id}#{event.id}"] = [event]  # an unnamed body's move
        return bodies

    def _one_noun(self, one: str, other: str) -> bool:
        """Whether two nouns are one, in the singular or the plural ("jetty", "jetties")."""
        return one == other or self.lang.plural(one) == other or self.lang.plural(other) == one

    def _told_order(self, events: list[Event]) -> list[Event]:
        """The events in the order the text puts them in time: an undated event said to
        come earlier goes before the one told just before it. Its origin, where that is
        where the other one was, was read from the order of telling (a subject moves on
        from where it was last placed) and goes."""
        ordered: list[Event] = []
        for event in events:
            if ordered and event.time.start is None and not self.earlier.isdisjoint(event.words):
                if event.origin in {place for _, place in _places(ordered[-1])}:
                    event = dataclasses.replace(event, origin=None)
                ordered.insert(len(ordered) - 1, event)
            else:
                ordered.append(event)
        return ordered

    def tracks(self) -> list[Track]:
        """Tracks through at least two places, the longest first."""
        for key in self.unsorted:
            self.entries[key].sort(key=_sort_key)
        self.unsorted.clear()
        tracks = [Track(entries[0][2], [entry[1] for entry in entries], key,
                        _one_side(entry[3] for entry in entries))
                  for key, entries in self.entries.items() if entries]
        return sorted((t for t in tracks if len(set(t.places)) >= 2),
                      key=lambda t: (-len(t.places), t.subject))

    def _point(self, place: str, role: str, event: Event, report: Report) -> TrackPoint:
        start = event.time.start
        found = report.places.get(place)
        lat, lon = (found.lat, found.lon) if found else (None, None)
        position = self.locate(lat, lon) if found else None
        return TrackPoint(place, role, start.iso() if start else None,
                          Ref(report.doc_id, event.id), event.text, lat, lon, position,
                          event.kind)


def _sort_key(entry: tuple) -> tuple:
    return entry[0]


def _subject(event: Event) -> str:
    """What the track is of: the subject as written, else the actor ("China")."""
    return event.subject or event.actor or ""


def _local_move(event: Event, report: Report) -> bool:
    """Whether an event takes an unnamed body from one place to another that a map can
    show apart: its actor known, and a named origin and destination, both below the level
    of a country or region ("from Spur 4 to Spur 5", not "from Ukraine to Europe")."""
    if not (event.subject or event.actor) or not (event.origin and event.destination):
        return False
    ends = (event.origin, event.destination)
    if ends[0] == ends[1] or not all(place[:1].isupper() for place in ends):
        return False
    points = [report.places.get(place) for place in ends]
    return all(point is None or point.kind not in BROAD_PLACES for point in points)


def _narrow_places(event: Event, report: Report) -> set[str]:
    """The event's named places that a map can show apart: below a country or region."""
    return {place for _, place in _places(event)
            if getattr(report.places.get(place), "kind", None) not in BROAD_PLACES}


def _one_side(sides) -> str | None:
    """The side all the events agree on; None (unknown) when any lacks one or they differ."""
    found = set(sides)
    return found.pop() if len(found) == 1 else None


def _nearer(later: TrackPoint, end: TrackPoint) -> bool:
    """Whether a later point lies nearer the border than where a withdrawal ended."""
    return (later.position is not None and end.position is not None
            and later.position.border_km < end.position.border_km)


def _places(event: Event) -> list[tuple[str, str]]:
    """The event's named places; a common noun of place ("their permanent bases", "the
    border"), written without a capital, names no point a track can pass through."""
    places = [("origin", event.origin)] if event.origin else []
    places += [("via", place) for place in event.via]
    if event.destination:
        places.append(("destination", event.destination))
    if event.location and event.location != event.destination:
        places.append(("location", event.location))
    return [(role, place) for role, place in places if place[:1].isupper()]


def _effective_days(events: list[Event], report: Report) -> list[dt.date]:
    """The day each event is sorted by: its own date; an undated event takes the date of
    the next dated one of its subject in the document (the text tells a journey in
    order), else the publication date."""
    days: list[dt.date | None] = [e.time.start.date if e.time.start else None for e in events]
    following = report.published or dt.date.max
    for i in range(len(days) - 1, -1, -1):
        if days[i] is None:
            days[i] = following
        else:
            following = days[i]
    return days
