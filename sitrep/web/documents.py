"""Read-only queries the dashboard needs that the Store does not offer: the documents
list and one document with the offsets of everything read from it.

They read the store's tables (``sitrep/store/schema.py``) directly and never write.
"""

from __future__ import annotations

from sqlalchemy import func, select

from sitrep.store import Store, schema


def summary(row) -> dict:
    return {"doc_id": row.id, "name": row.name, "title": row.title, "publisher": row.publisher,
            "published": row.published.isoformat() if row.published else None, "url": row.url}


def document_list(store: Store) -> list[dict]:
    """Every document without its text, by publication date (undated first) then name."""
    d = schema.documents
    query = (select(d.c.id, d.c.name, d.c.title, d.c.publisher, d.c.published, d.c.url)
             .order_by(d.c.published.asc().nulls_first(), d.c.name))
    with store.engine.connect() as connection:
        return [summary(row) for row in connection.execute(query)]


def document_detail(store: Store, doc_id: str) -> dict | None:
    """One document with its text and the spans of its sentences, mentions, statements
    and events, each list in text order; None for an unknown id."""
    d, s, m, e = schema.documents, schema.sentences, schema.mentions, schema.entities
    st, ev = schema.statements, schema.events
    with store.engine.connect() as connection:
        row = connection.execute(select(d).where(d.c.id == doc_id)).first()
        if row is None:
            return None
        sentences = connection.execute(select(s.c.start_char, s.c.end_char)
                                       .where(s.c.doc_id == doc_id).order_by(s.c.idx))
        mentions = connection.execute(
            select(m.c.start_char, m.c.end_char, m.c.kind, m.c.text, e.c.name, m.c.entity_id)
            .outerjoin(e, e.c.id == m.c.entity_id).where(m.c.doc_id == doc_id)
            .order_by(m.c.start_char, m.c.end_char))
        statements = connection.execute(
            select(st.c.id, st.c.start_char, st.c.end_char, st.c.kind, st.c.speaker)
            .where(st.c.doc_id == doc_id).order_by(st.c.start_char))
        events = connection.execute(
            select(ev.c.id, ev.c.start_char, ev.c.end_char, ev.c.kind, ev.c.modality)
            .where(ev.c.doc_id == doc_id).order_by(ev.c.start_char))
        return {
            **summary(row), "text": row.text,
            "sentences": [{"start": a, "end": b} for a, b in sentences],
            "mentions": [{"start": a, "end": b, "kind": kind, "text": text, "entity": name,
                          "entity_id": entity_id}
                         for a, b, kind, text, name, entity_id in mentions],
            "statements": [{"id": i, "start": a, "end": b, "kind": kind, "speaker": speaker}
                           for i, a, b, kind, speaker in statements],
            "events": [{"id": i, "start": a, "end": b, "kind": kind, "modality": modality}
                       for i, a, b, kind, modality in events],
        }


def store_state(store: Store) -> tuple[int, int | None]:
    """What changes whenever a document or a brief is added, cheap enough (two index
    reads) to ask on every request: the store only ever adds documents, so their count
    says when there are new ones, and the briefs' latest id when a brief was recorded."""
    d, b = schema.documents, schema.briefs
    query = select(select(func.count()).select_from(d).scalar_subquery(),
                   select(func.max(b.c.id)).scalar_subquery())
    with store.engine.connect() as connection:
        return tuple(connection.execute(query).one())
