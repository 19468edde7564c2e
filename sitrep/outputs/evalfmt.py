"""The ``sitrep-eval/1`` line of one document (see ``../shared/eval/README.md``)."""

from __future__ import annotations

from sitrep.model import Event, Extraction, Statement

PLACE_KINDS = {"place", "state"}
ORG_KINDS = {"organisation", "unit"}


def eval_record(extraction: Extraction) -> dict:
    """One JSON-ready object: the document's distinct names, statements and events."""
    entities = {entity.id: entity for entity in extraction.entities}
    first_form: dict[str, str] = {}
    for mention in extraction.mentions:
        entity = entities.get(mention.entity_id)
        if entity is not None:  # "Belarusian" names Belarus, but its name is "Belarus"
            canonical = mention.relation == "demonym" or entity.kind == "state"
            surface = entity.name if canonical else mention.text
            first_form.setdefault(entity.id, surface)
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
        "events": [_event(e) for e in extraction.events],
        "contradictions": [],
        "tracks": [],
    }


def _statement(s: Statement) -> dict:
    return {"id": s.id, "speaker": s.speaker, "date": s.date.iso() if s.date else None,
            "kind": s.kind, "text": s.text, "plover": s.plover, "cameo": s.cameo}


def _event(e: Event) -> dict:
    start = e.time.start
    return {"id": e.id, "kind": e.kind, "actor": e.actor, "origin": e.origin,
            "destination": e.destination, "via": list(e.via), "location": e.location,
            "date": start.iso() if start else None, "modality": e.modality,
            "negated": e.negated, "text": e.text, "plover": e.plover, "cameo": e.cameo}
