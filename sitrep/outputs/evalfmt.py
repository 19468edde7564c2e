"""The ``sitrep-eval/1`` lines (see ``../shared/eval/README.md``): one per document,
then one without ``doc_id`` for the tracks, which run across documents.

A contradiction is written on its claim's document. The format names a foreign item
``DOC_ID#ID`` but scores each document on its own, so a contradiction is written only
when some of its evidence stands in the claim's own document; its other evidence is
listed with the foreign form.
"""

from __future__ import annotations

from bisect import bisect_left

from sitrep.analysis.picture import Picture
from sitrep.model import Entity, Event, Extraction, Mention, Ref, Statement

PLACE_KINDS = {"place", "state"}
ORG_KINDS = {"organisation", "unit"}


def eval_record(extraction: Extraction) -> dict:
    """One JSON-ready object: the document's distinct names, statements and events."""
    entities = {entity.id: entity for entity in extraction.entities}
    first_form: dict[str, str] = {}
    place_forms: list[tuple[int, str, str]] = []  # (start, gazetteer name, form written)
    for mention in extraction.mentions:
        entity = entities.get(mention.entity_id)
        if entity is not None:
            surface = _surface(mention, entity)
            first_form.setdefault(entity.id, surface)
            if entity.kind in PLACE_KINDS:
                place_forms.append((mention.start, entity.name, surface))
    place_forms.sort(key=lambda place: place[0])
    place_starts = [start for start, _, _ in place_forms]
    places, people, orgs = [], [], []
    for entity_id, surface in first_form.items():
        entity = entities.get(entity_id)
        if entity is None:
            continue
        if entity.kind in PLACE_KINDS:
            place = {"name": surface, "country": entity.attributes.get("country")}
            if "lat" in entity.attributes:
                place |= {"lat": entity.attributes["lat"], "lon": entity.attributes["lon"]}
            places.append(place)
        elif entity.kind == "person":
            people.append({"name": entity.name})
        elif entity.kind in ORG_KINDS:
            orgs.append({"name": entity.name})
    return {
        "doc_id": extraction.document.name,
        "places": places,
        "people": people,
        "orgs": orgs,
        "statements": [_statement(s) for s in extraction.statements],
        "events": [_event(e, _written_in(e, place_forms, place_starts),
                          _reported_on(e, extraction))
                   for e in extraction.events],
        "contradictions": [],
        "tracks": [],
    }


def _statement(s: Statement) -> dict:
    return {"id": s.id, "speaker": s.speaker, "date": s.date.iso() if s.date else None,
            "kind": s.kind, "text": s.text, "plover": s.plover, "cameo": s.cameo}


def _surface(mention: Mention, entity: Entity) -> str:
    """The name as the text writes it, but a state's or a demonym's canonical name:
    "Belarusian" names Belarus, whose name is "Belarus"."""
    canonical = mention.relation == "demonym" or entity.kind == "state"
    return entity.name if canonical else mention.text


def _written_in(event: Event, place_forms: list[tuple[int, str, str]],
               place_starts: list[int]) -> dict[str, str]:
    """The event's places by their gazetteer names, each with the form its sentence writes
    ("Laçın" written "Lachin"): the format scores names as written. ``place_forms`` are
    the document's place mentions in text order, ``place_starts`` their offsets."""
    forms: dict[str, str] = {}
    first, last = bisect_left(place_starts, event.start), bisect_left(place_starts, event.end)
    for _, name, surface in place_forms[first:last]:
        forms.setdefault(name, surface)
    return forms


def _reported_on(event: Event, extraction: Extraction) -> str | None:
    """The day an event the text does not date is known by: the day its statement was
    made, else the publication date (the format dates every event; history is left
    undated)."""
    if event.modality == "historical":
        return None
    said = next((s.date for s in extraction.statements if s.id == event.statement_id), None)
    if said is not None:
        return said.iso()
    published = extraction.document.published
    return published.isoformat() if published else None


def _event(e: Event, place_forms: dict[str, str], reported_on: str | None) -> dict:
    start = e.time.start

    def written(name: str | None) -> str | None:
        return place_forms.get(name, name) if name else name

    return {"id": e.id, "kind": e.kind, "actor": e.actor, "origin": written(e.origin),
            "destination": written(e.destination), "via": [written(v) for v in e.via],
            "location": written(e.location),
            "date": start.iso() if start else reported_on, "modality": e.modality,
            "negated": e.negated, "text": e.text, "plover": e.plover, "cameo": e.cameo}


def add_analysis(records: list[dict], picture: Picture) -> list[dict]:
    """The records with the picture's contradictions, plus the corpus line of tracks."""
    by_doc = {picture.reports[doc_id].name: record for doc_id, record in
              zip(picture.reports, records)}
    for claim in picture.contradictions():
        home = claim.claim.item.ref.doc_id
        evidence = [e.item.ref for e in claim.against]
        if not any(ref.doc_id == home for ref in evidence):
            continue
        record = by_doc[picture.reports[home].name]
        record["contradictions"].append({
            "claim": claim.claim.item.ref.item_id,
            "evidence": [_local(ref, home, picture) for ref in evidence],
            "why": claim.why})
    tracks = [{"subject": t.subject, "places": t.places} for t in picture.tracks()]
    return records + [{"contradictions": [], "tracks": tracks}]


def _local(ref: Ref, home: str, picture: Picture) -> str:
    return ref.item_id if ref.doc_id == home else picture.cite(ref)
