"""The documents list and one document with the offsets of everything read from it,
as the API answers them: JSON-ready dicts made of the Store's records."""

from __future__ import annotations

from sitrep.model import Document
from sitrep.store import Store, StoredDocument


def summary(document: Document | StoredDocument) -> dict:
    return {"doc_id": document.id, "name": document.name, "title": document.title,
            "publisher": document.publisher,
            "published": document.published.isoformat() if document.published else None,
            "url": document.url}


def document_list(store: Store) -> list[dict]:
    """Every document without its text, by publication date (undated first) then name."""
    return [summary(document) for document in store.documents()]


def document_detail(store: Store, doc_id: str) -> dict | None:
    """One document with its text and the spans of its sentences, mentions, statements
    and events, each list in text order; None for an unknown id."""
    extraction = store.extraction(doc_id)
    if extraction is None:
        return None
    names = {entity.id: entity.name for entity in extraction.entities}
    mentions = sorted(extraction.mentions, key=lambda m: (m.start, m.end))
    return {
        **summary(extraction.document), "text": extraction.document.text,
        "sentences": [{"start": s.start, "end": s.end} for s in extraction.sentences],
        "mentions": [{"start": m.start, "end": m.end, "kind": m.kind, "text": m.text,
                      "entity": names.get(m.entity_id), "entity_id": m.entity_id}
                     for m in mentions],
        "statements": [{"id": s.id, "start": s.start, "end": s.end, "kind": s.kind,
                        "speaker": s.speaker} for s in extraction.statements],
        "events": [{"id": e.id, "start": e.start, "end": e.end, "kind": e.kind,
                    "modality": e.modality} for e in extraction.events],
    }
