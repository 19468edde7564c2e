"""Reports from extractions: what ``sitrep extract`` analyses without a store."""

from __future__ import annotations

from sitrep.model import Extraction, PlacePoint, Report

PLACE_KINDS = ("place", "state")


def report_of(extraction: Extraction) -> Report:
    """A document's records with the coordinates of the place names they use."""
    document = extraction.document
    report = Report(document.id, document.name, document.publisher, document.published,
                    document.url, document.text, list(extraction.statements),
                    list(extraction.events), title=document.title,
                    source=document.source)
    entities = {entity.id: entity for entity in extraction.entities}
    for mention in extraction.mentions:
        entity = entities.get(mention.entity_id)
        if entity is None or entity.kind not in PLACE_KINDS or "lat" not in entity.attributes:
            continue
        point = PlacePoint(entity.name, entity.attributes["lat"], entity.attributes["lon"],
                           entity.attributes.get("country"), entity.attributes.get("place_kind"))
        report.places.setdefault(mention.text, point)
        report.places.setdefault(entity.name, point)
    return report
