"""The store's tables, in SQLAlchemy Core, portable between SQLite and PostgreSQL.

Offsets are ``start_char``/``end_char`` (``[start, end)`` in the document's
normalised text). Full-text search is engine-specific and lives in ``search.py``.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text, UniqueConstraint)

SCHEMA_VERSION = 9

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
    Column("description", Text, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("version", Integer, nullable=False, default=1),
    Column("title", Text),
    Column("publisher", Text),
    Column("author", Text),
    Column("published", Date),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Index("ix_documents_url", "url"),
    Index("ix_documents_published", "published"),
)

sentences = Table(
    "sentences", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("doc_id", "idx"),
)

entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("attributes", JSON, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id")),
    Column("relation", Text),
    Index("ix_mentions_doc", "doc_id"),
    Index("ix_mentions_entity", "entity_id"),
)

statements = Table(
    "statements", metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_id", Text),
    Column("speaker_role", Text),
    Column("speaker_org", Text),
    Column("speaker_side", Text),
    Column("date", Date),
    Column("date_precision", String(8)),
    Column("kind", String(16), nullable=False),
    Column("quote", Text),
    Column("direct", Boolean, nullable=False),
    Column("about", JSON, nullable=False),
    Column("plover", String(16)),
    Column("cameo", String(4)),
    Column("asserts", JSON, nullable=False),
    Column("refutes", JSON, nullable=False),
    Column("first_person", Boolean, nullable=False),
    Column("equipment_categories", JSON, nullable=False),
    Column("words", JSON, nullable=False),
    Column("proposition", JSON),  # Proposition.as_json(), or null where it states nothing
    Index("ix_statements_date", "date"),
)

events = Table(
    "events", metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("actor", Text),
    Column("actor_side", Text),
    Column("parties", JSON, nullable=False),
    Column("subject", Text),
    Column("quantity", Text),
    Column("origin", Text),
    Column("destination", Text),
    Column("via", JSON, nullable=False),
    Column("location", Text),
    Column("time_start", Date),
    Column("time_start_precision", String(8)),
    Column("time_end", Date),
    Column("time_end_precision", String(8)),
    Column("modality", String(16), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("asserted_by", Text),
    Column("statement_id", String(32)),
    Column("plover", String(16)),
    Column("plover_mode", String(32)),
    Column("cameo", String(4)),
    Column("equipment_categories", JSON, nullable=False),
    Column("words", JSON, nullable=False),
    Column("subject_key", Text),
    Index("ix_events_time_start", "time_start"),
)

briefs = Table(
    "briefs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("as_of", Date, nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("summary", JSON, nullable=False),  # document ids, indicator statuses, leader
    Index("ix_briefs_as_of", "as_of"),
)

# `sitrep watch`: per-source poll state, the feed entries already read, and the alerts
# raised (unique by key, so a restart or a second watcher never raises one twice).
watch_sources = Table(
    "watch_sources", metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", DateTime),
    Column("next_poll_at", DateTime, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("last_error", Text),
)

watch_entries = Table(
    "watch_entries", metadata,
    Column("source_url", String(2048), primary_key=True),
    Column("entry", String(2048), primary_key=True),
    Column("seen_at", DateTime, nullable=False),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(2048), nullable=False),
    Column("type", String(16), nullable=False),
    Column("subject", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("delivered_at", DateTime),
    UniqueConstraint("key", name="uq_alerts_key"),
)
