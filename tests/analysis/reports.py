"""Hand-made Reports for the analysis tests.

``report`` joins the texts of its records (and any plain strings given as filler) into
the document's text and sets each record's ``doc_id`` and character offsets, so that
tests can place a refutation right after a claim or far from it. It reads the typed
fields analysis needs from the records' texts as extraction does, unless told not to.
"""

from __future__ import annotations

import datetime as dt

from sitrep.extract.annotate import default_annotator
from sitrep.extract.propositions import read_propositions
from sitrep.model import DateValue, Event, PlacePoint, Report, Statement, TimeInterval


def when(value: str | DateValue | None) -> DateValue | None:
    """"2022-02-15" is a day, "2022-02" a month, "2022" a year."""
    if value is None or isinstance(value, DateValue):
        return value
    parts = value.split("-")
    precision = {3: "day", 2: "month", 1: "year"}[len(parts)]
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    return DateValue(dt.date(*numbers), precision)


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def statement(id: str, text: str, *, kind: str = "claim", side: str | None = None,
              speaker: str | None = None, date: str | DateValue | None = None,
              **fields) -> Statement:
    return Statement(id, "", 0, 0, text, speaker=speaker, speaker_side=side, kind=kind,
                     date=when(date), **fields)


def event(id: str, kind: str, text: str, *, side: str | None = None, date=None,
          modality: str = "observed", negated: bool = False, statement: str | None = None,
          **fields) -> Event:
    return Event(id, "", 0, 0, text, kind=kind, actor_side=side,
                 time=TimeInterval(when(date)), modality=modality, negated=negated,
                 statement_id=statement, **fields)


def report(name: str, *records: Statement | Event | str, published: str | None = None,
           publisher: str | None = None, text: str | None = None,
           places: dict[str, tuple[float, float]] | None = None,
           forces: tuple[str, ...] | set[str] = (), read: bool = True) -> Report:
    """A report named ``name`` (doc id ``id-<name>``) holding the records given.

    Strings among ``records`` are filler text between records. Without ``text`` the
    document's text is the records' texts (each once) and the filler, joined by spaces;
    each record's offsets are where its text first occurs. ``read``: set the records'
    typed fields and propositions from their texts, the units and systems named being ``forces``; False
    keeps the fields they were given.
    """
    doc_id = f"id-{name}"
    if text is None:
        pieces = [r if isinstance(r, str) else r.text for r in records]
        text = " ".join(dict.fromkeys(pieces))
    items = [r for r in records if not isinstance(r, str)]
    for item in items:
        start = text.find(item.text)
        if start < 0:
            raise ValueError(f"{item.id}: its text is not in the document")
        item.doc_id, item.start, item.end = doc_id, start, start + len(item.text)
        if read and isinstance(item, Statement):
            default_annotator().statement(item)
        elif read:
            default_annotator().event(item, [force.lower() for force in forces])
    statements = [i for i in items if isinstance(i, Statement)]
    events = [i for i in items if isinstance(i, Event)]
    if read:  # what each statement says is so, as extraction reads it last
        read_propositions(statements, events)
    return Report(
        doc_id, name, publisher, day(published) if published else None, None, text,
        statements=statements, events=events,
        places={n: PlacePoint(n, lat, lon) for n, (lat, lon) in (places or {}).items()})


# A wire story, invented for the tests (about 200 words): reprints of it are one source.
WIRE_STORY = (
    "Columns of military lorries carrying tracked vehicles were seen on Tuesday moving along "
    "the main road south of the town of Klintsy, residents told reporters. Several witnesses "
    "said the convoy stretched for more than three kilometres and included fuel tankers, "
    "field kitchens and what appeared to be mobile bridging equipment. A local farmer said "
    "soldiers had set up tents in a birch wood near his fields at the weekend and that the "
    "camp had grown every night since. Nobody in the village had been told why the troops "
    "had come or how long they would stay. The regional governor declined to comment when "
    "asked about the deployment. Independent analysts who reviewed commercial satellite "
    "pictures of the area said the number of vehicles parked at the old airfield had roughly "
    "doubled in the past fortnight. One analyst noted that repair workshops and a field "
    "hospital had also appeared, which usually points to a longer stay rather than a short "
    "training rotation. The defence ministry has said repeatedly that its forces move freely "
    "on national territory and that the movements threaten no one. Diplomats from several "
    "European capitals are due to meet next week to discuss the situation, though officials "
    "privately expect little progress from the talks."
)


def wire_copy(changed: str) -> str:
    """The wire story with one sentence rewritten."""
    sentence = "The regional governor declined to comment when asked about the deployment."
    assert sentence in WIRE_STORY
    return WIRE_STORY.replace(sentence, changed)
