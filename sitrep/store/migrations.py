"""Versioned schema migrations.

A new store is created from ``schema.metadata`` (the current shape) and stamped
with ``SCHEMA_VERSION``. An older store is brought up to date by running, in
order, each migration whose version is above the store's. A migration is a
function ``(connection) -> None`` registered in ``MIGRATIONS`` under the version
it produces; when the schema changes, bump ``SCHEMA_VERSION``, change
``schema.py`` and add the migration that turns the previous version into it.
Migrations run on SQLite and PostgreSQL alike, so their SQL must suit both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, bindparam, func, inspect, insert, select, text, update

from sitrep.errors import StoreError
from sitrep.store import schema
from sitrep.store.search import create_search_index, rebuild_search_index

Migration = tuple[str, Callable[[Connection], None]]
_MIGRATION_LOCK = 0x5173_0001  # PostgreSQL advisory lock key: any number no one else uses


def _add_mention_relation(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE mentions ADD COLUMN relation TEXT"))


def _add_speaker_id_and_plover_mode(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE statements ADD COLUMN speaker_id TEXT"))
    connection.execute(text("ALTER TABLE events ADD COLUMN plover_mode VARCHAR(32)"))


def _add_sides_and_briefs(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE statements ADD COLUMN speaker_side TEXT"))
    connection.execute(text("ALTER TABLE events ADD COLUMN actor_side TEXT"))
    schema.briefs.create(connection)


def _add_watch_tables(connection: Connection) -> None:
    """checkfirst: a store brought back to an older version by hand may still have them."""
    for table in (schema.watch_sources, schema.watch_entries, schema.alerts):
        table.create(connection, checkfirst=True)


def _add_typed_fields(connection: Connection) -> None:
    """The fields analysis reads instead of text, read from the stored records' text as
    extraction reads them now, so an upgraded store analyses as a new one would."""
    for table, columns in (("statements", _STATEMENT_COLUMNS), ("events", _EVENT_COLUMNS)):
        for column in columns:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))
    _fill_typed_fields(connection)


_STATEMENT_COLUMNS = ("asserts JSON NOT NULL DEFAULT '[]'", "refutes JSON NOT NULL DEFAULT '[]'",
                      "first_person BOOLEAN NOT NULL DEFAULT FALSE",
                      "equipment_categories JSON NOT NULL DEFAULT '[]'",
                      "words JSON NOT NULL DEFAULT '[]'")
_EVENT_COLUMNS = ("equipment_categories JSON NOT NULL DEFAULT '[]'",
                  "words JSON NOT NULL DEFAULT '[]'", "subject_key TEXT")


def _fill_typed_fields(connection: Connection) -> None:
    # imported here: only an upgrade from version 5 or older needs extraction's rules
    from sitrep.extract.annotate import default_annotator, named_forces
    from sitrep.model import Entity, Event, Statement

    s, e, m, n = schema.statements, schema.events, schema.mentions, schema.entities
    found = [Statement(r.id, r.doc_id, 0, 0, r.text, quote=r.quote) for r in connection.execute(
        select(s.c.id, s.c.doc_id, s.c.text, s.c.quote))]
    annotator = default_annotator()
    for statement in found:
        annotator.statement(statement)
    _update(connection, s, [{"asserts": x.asserts, "refutes": x.refutes,
                             "first_person": x.first_person, "words": x.words,
                             "equipment_categories": x.equipment_categories,
                             "doc": x.doc_id, "item": x.id} for x in found])
    entities: dict[str, list[Entity]] = {}
    for r in connection.execute(select(m.c.doc_id, n.c.name, n.c.kind, n.c.attributes).join(
            n, n.c.id == m.c.entity_id).where(n.c.kind.in_(("unit", "equipment")))):
        entities.setdefault(r.doc_id, []).append(Entity("", r.kind, r.name, attributes=r.attributes))
    forces = {doc_id: named_forces(named) for doc_id, named in entities.items()}
    events = [Event(r.id, r.doc_id, 0, 0, r.text, subject=r.subject) for r in connection.execute(
        select(e.c.id, e.c.doc_id, e.c.text, e.c.subject))]
    for event in events:
        annotator.event(event, forces.get(event.doc_id, []))
    _update(connection, e, [{"equipment_categories": x.equipment_categories, "words": x.words,
                             "subject_key": x.subject_key, "doc": x.doc_id, "item": x.id}
                            for x in events])


def _add_propositions(connection: Connection) -> None:
    """statements.proposition, read from the stored statements and events as extraction
    reads it now (``sitrep/extract/propositions.py``)."""
    # imported here: only an upgrade from version 6 or older needs extraction's rules
    from sitrep.extract.propositions import read_propositions
    from sitrep.store.store import _event_from_row, _statement_from_row

    connection.execute(text("ALTER TABLE statements ADD COLUMN proposition JSON"))
    by_doc: dict[str, tuple[list, list]] = {}
    for row in connection.execute(select(schema.statements)).mappings():
        by_doc.setdefault(row["doc_id"], ([], []))[0].append(_statement_from_row(row))
    later = ("parties",)  # columns of versions after 7: not there yet
    columns = [column for column in schema.events.c if column.name not in later]
    for row in connection.execute(select(*columns)).mappings():
        by_doc.setdefault(row["doc_id"], ([], []))[1].append(_event_from_row(row))
    rows = []
    for statements, events in by_doc.values():
        read_propositions(statements, events)
        rows += [{"proposition": s.proposition.as_json(), "doc": s.doc_id, "item": s.id}
                 for s in statements if s.proposition]
    _update(connection, schema.statements, rows)


def _add_event_parties(connection: Connection) -> None:
    """events.parties, empty for the events stored before: extracting a document again
    reads the sides of its joint acts."""
    connection.execute(text("ALTER TABLE events ADD COLUMN parties JSON NOT NULL DEFAULT '[]'"))


def _update(connection: Connection, table, rows: list[dict]) -> None:
    """Set the columns each row names of the record it keys by "doc" and "item"."""
    if rows:
        connection.execute(update(table).where(table.c.doc_id == bindparam("doc"),
                                               table.c.id == bindparam("item")), rows)


# version -> (description, upgrade function); version 1 is the initial schema.
MIGRATIONS: dict[int, Migration] = {
    2: ("mentions.relation: how a place is meant relative to its name", _add_mention_relation),
    3: ("statements.speaker_id and events.plover_mode", _add_speaker_id_and_plover_mode),
    4: ("statements.speaker_side, events.actor_side and the briefs table", _add_sides_and_briefs),
    5: ("watch_sources, watch_entries and alerts for sitrep watch", _add_watch_tables),
    6: ("statements' asserts, refutes, first_person, and statements' and events'"
        " equipment_categories, words, and events' subject_key: what analysis reads",
        _add_typed_fields),
    7: ("statements.proposition: what a statement says is so", _add_propositions),
    8: ("sentences_fts in the form datasette detects (content named in double quotes)",
        rebuild_search_index),
    9: ("events.parties: the sides a joint act binds", _add_event_parties),
}


def current_version(connection: Connection) -> int | None:
    """The store's schema version, or None for an empty database."""
    if not inspect(connection).has_table("schema_version"):
        return None
    return connection.execute(select(func.max(schema.schema_version.c.version))).scalar()


def migrate(connection: Connection, *, target: int = schema.SCHEMA_VERSION,
            migrations: dict[int, Migration] = MIGRATIONS) -> int:
    """Create or upgrade the schema to ``target``; returns the version it started from (0: new)."""
    if connection.dialect.name == "postgresql":
        # Stores opened at once (several workers) migrate one after another, not all at once;
        # the lock lasts until the transaction ends.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    found = current_version(connection)
    if found is None:
        schema.metadata.create_all(connection)
        create_search_index(connection)
        _stamp(connection, target, "initial schema")
        return 0
    if found > target:
        raise StoreError(f"the store's schema is version {found}, newer than this sitrep "
                         f"understands ({target}); upgrade sitrep")
    for version in range(found + 1, target + 1):
        if version not in migrations:
            raise StoreError(f"no migration to schema version {version}")
        description, upgrade = migrations[version]
        upgrade(connection)
        _stamp(connection, version, description)
    return found


def _stamp(connection: Connection, version: int, description: str) -> None:
    connection.execute(insert(schema.schema_version).values(
        version=version, applied_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        description=description))
