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

from sqlalchemy import Connection, func, inspect, insert, select, text

from sitrep.errors import StoreError
from sitrep.store import schema
from sitrep.store.search import create_search_index

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


# version -> (description, upgrade function); version 1 is the initial schema.
MIGRATIONS: dict[int, Migration] = {
    2: ("mentions.relation: how a place is meant relative to its name", _add_mention_relation),
    3: ("statements.speaker_id and events.plover_mode", _add_speaker_id_and_plover_mode),
    4: ("statements.speaker_side, events.actor_side and the briefs table", _add_sides_and_briefs),
    5: ("watch_sources, watch_entries and alerts for sitrep watch", _add_watch_tables),
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
