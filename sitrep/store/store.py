"""The Store: write Extractions, read documents, statements, events and search hits.

Queries place NULLs explicitly (undated first going up, last going down, SQLite's default)
because PostgreSQL's default is the other way round.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (Connection, Engine, bindparam, create_engine, event, func, insert, select,
                        text, true, update)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.model import (DateValue, Document, Entity, Event, Extraction, Mention, PlacePoint,
                          Proposition, Report, Sentence, Statement, TimeInterval)
from sitrep.store import schema
from sitrep.store.migrations import migrate
from sitrep.store.search import index_document, search_sentences

BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another's transaction
_WRITE_LOCK = 0x5173_0002  # PostgreSQL advisory lock key of Store.add (migrations use ...0001)
SHARED_LIST = 4  # lists read this long or shorter are held once for all rows (places, sides)


@dataclass(slots=True, frozen=True)
class AddResult:
    """What adding a document did: ``added``, ``unchanged`` or ``new version`` (of a URL)."""

    doc_id: str
    status: str
    version: int


@dataclass(slots=True, frozen=True)
class StoredDocument:
    """A document as listed from the store, without its text."""

    id: str
    name: str
    source: str
    url: str | None
    version: int
    title: str | None
    publisher: str | None
    published: dt.date | None


@dataclass(slots=True, frozen=True)
class SourceState:
    """Where ``sitrep watch`` stands with one source: its validators for a conditional
    GET, when it was polled and is next due, and its errors in a row. Times in UTC."""

    url: str
    next_poll_at: dt.datetime
    etag: str | None = None
    last_modified: str | None = None
    polled_at: dt.datetime | None = None
    failures: int = 0
    last_error: str | None = None


@dataclass(slots=True, frozen=True)
class StoredAlert:
    """An alert ``sitrep watch`` raised; ``delivered_at`` None: not yet sent out."""

    key: str
    type: str
    subject: str
    value: str
    raised_at: dt.datetime
    payload: dict
    delivered_at: dt.datetime | None


@dataclass(slots=True, frozen=True)
class SearchHit:
    document: StoredDocument
    start: int
    end: int
    sentence: str
    snippet: str


def _tune_sqlite(dbapi_connection, _record) -> None:
    """WAL lets a reader and a writer work at once; a busy timeout waits out short locks.

    Turning a new database to WAL needs it alone: connections doing so at once find it
    locked without waiting (SQLite's deadlock rule), so that is tried again until the
    busy timeout has passed; once the file is in WAL, asking again changes nothing."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    give_up = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > give_up:
                raise
            time.sleep(0.01)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that reads, then writes what it read decides, with no other writer
    in between. pysqlite starts SQLite's transaction only at the first write, so the
    reads before it would see a store another process may change before that write:
    BEGIN IMMEDIATE takes the write lock first, waiting out other writers (busy timeout)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A read of several queries that sees one state of the store, so that a document
    committed meanwhile shows in all of them or in none: on SQLite one transaction
    (pysqlite starts none for reads), on PostgreSQL one at REPEATABLE READ (each
    statement of a READ COMMITTED one sees the latest commits)."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        else:
            connection.execution_options(isolation_level="REPEATABLE READ")
        yield connection


class Store:
    """One case's store. Open with ``Store.open(url)``; close when done."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "Store":
        """Connect, and create or migrate the schema (SQLite or PostgreSQL)."""
        try:
            backend = make_url(url).get_backend_name()
            if backend not in ("sqlite", "postgresql"):
                raise StoreError(f"cannot open the store at {_safe(url)}: sitrep stores run on "
                                 f"SQLite or PostgreSQL, not {backend}")
            engine = create_engine(url)
            if backend == "sqlite":
                event.listen(engine, "connect", _tune_sqlite)
            with _writing(engine) as connection:
                migrate(connection)
        except ImportError as error:
            raise StoreError(f"cannot open the store at {_safe(url)}: its database driver "
                             f"({error.name}) is not installed; for PostgreSQL install "
                             "sitrep[postgres] and use a postgresql+psycopg:// URL") from None
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open the store at {_safe(url)}: {error.__class__.__name__}: "
                             f"{str(error).splitlines()[0]}") from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def add(self, extraction: Extraction) -> AddResult:
        """Store a document and all read from it, in one transaction; idempotent by content id."""
        return self.add_all([extraction])[0]

    def add_all(self, extractions: Sequence[Extraction]) -> list[AddResult]:
        """Store documents and all read from them in one transaction, in order: after a
        crash each is stored whole or not at all, and the lot pays one commit (a third
        of storing one document alone). Idempotent by content id.

        Adds are serialised (SQLite's write lock, a PostgreSQL advisory lock), so processes
        adding the same document or URL at once store it once, at the right version."""
        with _writing(self.engine) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
            return [_add_document(connection, extraction) for extraction in extractions]

    def record_brief(self, as_of: dt.date | None, summary: dict) -> None:
        """Keep what a brief showed, for the next brief's "new since"; None: as of today."""
        with self.engine.begin() as connection:
            connection.execute(insert(schema.briefs).values(
                as_of=as_of or dt.date.today(), summary=summary,
                made_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))

    # -- reading ---------------------------------------------------------------

    def previous_brief(self, as_of: dt.date | None) -> tuple[dt.date, dict] | None:
        """The latest brief made as of ``as_of`` or earlier: its date and summary."""
        b = schema.briefs
        query = (select(b.c.as_of, b.c.summary).where(b.c.as_of <= (as_of or dt.date.today()))
                 .order_by(b.c.as_of.desc(), b.c.made_at.desc(), b.c.id.desc()).limit(1))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.as_of, row.summary) if row else None

    def counts(self) -> dict[str, int]:
        """How many rows each kind of record has."""
        tables = {"documents": schema.documents, "sentences": schema.sentences,
                  "entities": schema.entities, "mentions": schema.mentions,
                  "statements": schema.statements, "events": schema.events}
        with self.engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table)).scalar()
                    for name, table in tables.items()}

    def state(self) -> tuple[int, int | None]:
        """What changes whenever a document or a brief is added, cheap enough (two index
        reads) to ask on every request: the store only ever adds documents, so their count
        says when there are new ones, and the briefs' latest id when a brief was recorded."""
        d, b = schema.documents, schema.briefs
        query = select(select(func.count()).select_from(d).scalar_subquery(),
                       select(func.max(b.c.id)).scalar_subquery())
        with self.engine.connect() as connection:
            return tuple(connection.execute(query).one())

    def documents(self) -> list[StoredDocument]:
        """Every stored document, by publication date then name."""
        query = select(*_document_columns()).order_by(
            schema.documents.c.published.asc().nulls_first(), schema.documents.c.name)
        with self.engine.connect() as connection:
            return [StoredDocument(*row) for row in connection.execute(query)]

    def document(self, doc_id: str) -> Document | None:
        """One document with its text."""
        with self.engine.connect() as connection:
            row = connection.execute(select(schema.documents).where(
                schema.documents.c.id == doc_id)).mappings().first()
        if row is None:
            return None
        return Document(id=row["id"], text=row["text"], name=row["name"], source=row["source"],
                        url=row["url"], title=row["title"], publisher=row["publisher"],
                        author=row["author"], published=row["published"], language=row["language"])

    def extraction(self, doc_id: str) -> Extraction | None:
        """A stored document with everything read from it, as extraction gave it: what
        ``sitrep export --format eval|jsonl`` writes."""
        document = self.document(doc_id)
        if document is None:
            return None
        extraction = Extraction(document)
        with self.engine.connect() as connection:
            def rows(table, *order):
                return connection.execute(select(table).where(table.c.doc_id == doc_id)
                                          .order_by(*order)).mappings()

            extraction.sentences = [Sentence(doc_id, r["idx"], r["start_char"], r["end_char"],
                                             r["text"])
                                    for r in rows(schema.sentences, schema.sentences.c.idx)]
            extraction.mentions = [Mention(doc_id, r["start_char"], r["end_char"], r["text"],
                                           r["kind"], r["entity_id"], r["relation"])
                                   for r in rows(schema.mentions, schema.mentions.c.id)]
            extraction.statements = [_statement_from_row(r) for r in rows(
                schema.statements, *_text_order(schema.statements))]
            extraction.events = [_event_from_row(r) for r in rows(
                schema.events, *_text_order(schema.events))]
            entity_ids = sorted({m.entity_id for m in extraction.mentions if m.entity_id})
            e = schema.entities
            extraction.entities = [Entity(r["id"], r["kind"], r["name"], list(r["aliases"]),
                                          dict(r["attributes"]))
                                   for r in connection.execute(
                                       select(e).where(e.c.id.in_(entity_ids)).order_by(e.c.id))
                                   .mappings()]
        return extraction

    def latest_statements(self, limit: int = 10) -> list[tuple[Statement, StoredDocument]]:
        """The most recent statements (by date said, then publication), with their documents."""
        table = schema.statements
        query = (select(table, *_document_columns())
                 .join(schema.documents, schema.documents.c.id == table.c.doc_id)
                 .order_by(table.c.date.desc().nulls_last(),
                           schema.documents.c.published.desc().nulls_last(), table.c.start_char)
                 .limit(limit))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        width = len(table.columns)
        return [(_statement_from_row(row._mapping), StoredDocument(*row[width:])) for row in rows]

    def latest_events(self, limit: int = 10) -> list[tuple[Event, StoredDocument]]:
        """The most recent events (by start of their time, then publication), with their documents."""
        table = schema.events
        query = (select(table, *_document_columns())
                 .join(schema.documents, schema.documents.c.id == table.c.doc_id)
                 .order_by(table.c.time_start.desc().nulls_last(),
                           schema.documents.c.published.desc().nulls_last(), table.c.start_char)
                 .limit(limit))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        width = len(table.columns)
        return [(_event_from_row(row._mapping), StoredDocument(*row[width:])) for row in rows]

    def reports(self, *, as_of: dt.date | None = None,
                doc_ids: list[str] | None = None) -> list[Report]:
        """Documents as analysis reads them, by publication date: all, those published by
        ``as_of`` (undated ones are left out then), or the given ones."""
        d = schema.documents
        condition = true()
        if as_of is not None:
            condition = condition & (d.c.published <= as_of)
        if doc_ids is not None:
            condition = condition & d.c.id.in_(doc_ids)
        m, e = schema.mentions, schema.entities
        with _snapshot(self.engine) as connection:
            reports = {row.id: Report(row.id, row.name, row.publisher, row.published, row.url,
                                      row.text, title=row.title, source=row.source)
                       for row in connection.execute(select(
                           d.c.id, d.c.name, d.c.publisher, d.c.published, d.c.url, d.c.text,
                           d.c.title, d.c.source)
                           .where(condition).order_by(d.c.published.asc().nulls_first(),
                                                      d.c.name))}
            held: dict = {}  # each value read, held once: see _held_once
            for table, convert, field in ((schema.statements, _statement_from_row, "statements"),
                                          (schema.events, _event_from_row, "events")):
                query = (select(table).join(d, d.c.id == table.c.doc_id).where(condition)
                         .order_by(table.c.doc_id, *_text_order(table)))
                for row in connection.execute(query).mappings():
                    getattr(reports[row["doc_id"]], field).append(
                        convert(_held_once(row, held)))
            named = (select(m.c.doc_id, m.c.text, e.c.name, e.c.attributes)
                     .join(e, e.c.id == m.c.entity_id).join(d, d.c.id == m.c.doc_id)
                     .where(condition & e.c.kind.in_(("place", "state"))))
            for doc_id, mentioned, name, attributes in connection.execute(named):
                if "lat" in attributes:
                    point = PlacePoint(name, attributes["lat"], attributes["lon"],
                                       attributes.get("country"), attributes.get("place_kind"))
                    point = held.setdefault(point, point)
                    reports[doc_id].places.setdefault(mentioned, point)
                    reports[doc_id].places.setdefault(name, point)
        return list(reports.values())

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Sentences matching a full-text query, best first."""
        with self.engine.connect() as connection:
            hits = search_sentences(connection, query, limit)
            ids = {hit[1] for hit in hits}
            docs = {row[0]: StoredDocument(*row) for row in connection.execute(
                select(*_document_columns()).where(schema.documents.c.id.in_(ids)))}
        return [SearchHit(docs[doc_id], start, end, text, snippet)
                for _, doc_id, start, end, text, snippet in hits]

    # -- watching ----------------------------------------------------------------
    # Times go in and come out as aware UTC datetimes; the columns hold naive UTC.

    def watch_sources(self) -> dict[str, SourceState]:
        """The poll state of every source ever watched, by URL."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(schema.watch_sources)).mappings().all()
        return {row["url"]: SourceState(
            url=row["url"], next_poll_at=_aware(row["next_poll_at"]), etag=row["etag"],
            last_modified=row["last_modified"], polled_at=_aware(row["polled_at"]),
            failures=row["failures"], last_error=row["last_error"]) for row in rows}

    def save_watch_source(self, state: SourceState) -> None:
        """Insert or replace a source's poll state."""
        row = {"url": state.url, "etag": state.etag, "last_modified": state.last_modified,
               "polled_at": _naive(state.polled_at), "next_poll_at": _naive(state.next_poll_at),
               "failures": state.failures, "last_error": state.last_error}
        with self.engine.begin() as connection:
            connection.execute(_upsert(connection, schema.watch_sources, row, ["url"]))

    def seen_entries(self, source_url: str) -> set[str]:
        """The keys of a feed's entries already read."""
        w = schema.watch_entries
        with self.engine.connect() as connection:
            return set(connection.execute(select(w.c.entry).where(w.c.source_url == source_url))
                       .scalars())

    def add_seen_entries(self, source_url: str, entries: list[str]) -> None:
        if not entries:
            return
        now = _naive(dt.datetime.now(dt.UTC))
        with self.engine.begin() as connection:
            connection.execute(insert_ignoring_duplicates(connection, schema.watch_entries),
                               [{"source_url": source_url, "entry": entry, "seen_at": now}
                                for entry in entries])

    def alerts(self) -> list[StoredAlert]:
        """Every alert raised, oldest first."""
        a = schema.alerts
        with self.engine.connect() as connection:
            rows = connection.execute(select(a).order_by(a.c.id)).mappings().all()
        return [StoredAlert(row["key"], row["type"], row["subject"], row["value"],
                            _aware(row["raised_at"]), row["payload"], _aware(row["delivered_at"]))
                for row in rows]

    def add_alert(self, key: str, type: str, subject: str, value: str,
                  raised_at: dt.datetime, payload: dict) -> bool:
        """Record an alert; False (and nothing written) when its key was raised before."""
        row = {"key": key, "type": type, "subject": subject, "value": value,
               "raised_at": _naive(raised_at), "payload": payload}
        with self.engine.begin() as connection:
            inserted = connection.execute(insert_ignoring_duplicates(connection, schema.alerts)
                                          .values(row).returning(schema.alerts.c.id))
            return inserted.first() is not None

    def mark_alert_delivered(self, key: str, at: dt.datetime) -> None:
        a = schema.alerts
        with self.engine.begin() as connection:
            connection.execute(update(a).where(a.c.key == key).values(delivered_at=_naive(at)))


_VERSION_OF_DOCUMENT = select(schema.documents.c.version).where(
    schema.documents.c.id == bindparam("doc_id"))
_LATEST_VERSION_OF_URL = select(func.max(schema.documents.c.version)).where(
    schema.documents.c.url == bindparam("url"))


def _add_document(connection, extraction: Extraction) -> AddResult:
    """Insert a document not stored yet, at the next version of its URL, and its records."""
    doc = extraction.document
    stored = connection.execute(_VERSION_OF_DOCUMENT, {"doc_id": doc.id}).scalar()
    if stored is not None:
        return AddResult(doc.id, "unchanged", stored)
    version = 1
    if doc.url:
        latest = connection.execute(_LATEST_VERSION_OF_URL, {"url": doc.url}).scalar()
        version = (latest or 0) + 1
    connection.execute(insert(schema.documents), [{
        "id": doc.id, "name": doc.name, "source": doc.source, "url": doc.url,
        "version": version, "title": doc.title, "publisher": doc.publisher,
        "author": doc.author, "published": doc.published, "language": doc.language,
        "text": doc.text, "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}])
    _insert_records(connection, extraction)
    index_document(connection, doc.id)
    return AddResult(doc.id, "added" if version == 1 else "new version", version)


def _insert_records(connection, extraction: Extraction) -> None:
    """Everything read from a document; entities are shared and inserted only when new."""
    doc_id = extraction.document.id
    rows = [
        (insert(schema.sentences), [
            {"doc_id": doc_id, "idx": s.index, "start_char": s.start, "end_char": s.end,
             "text": s.text} for s in extraction.sentences]),
        (insert_ignoring_duplicates(connection, schema.entities), [
            {"id": e.id, "kind": e.kind, "name": e.name, "aliases": e.aliases,
             "attributes": e.attributes} for e in extraction.entities]),
        (insert(schema.mentions), [
            {"doc_id": doc_id, "start_char": m.start, "end_char": m.end, "text": m.text,
             "kind": m.kind, "entity_id": m.entity_id,
             "relation": m.relation} for m in extraction.mentions]),
        (insert(schema.statements), [_statement_row(s) for s in extraction.statements]),
        (insert(schema.events), [_event_row(e) for e in extraction.events]),
    ]
    for statement, values in rows:
        if values:
            connection.execute(statement, values)


def insert_ignoring_duplicates(connection, table):
    """INSERT that skips rows whose primary key exists (SQLite and PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def _upsert(connection, table, row: dict, keys: list[str]):
    """INSERT that replaces the row with the same ``keys`` (SQLite and PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table).values(row)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={k: v for k, v in row.items() if k not in keys})


def _naive(at: dt.datetime | None) -> dt.datetime | None:
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at else None


def _aware(at: dt.datetime | None) -> dt.datetime | None:
    return at.replace(tzinfo=dt.UTC) if at else None


def _safe(url: str) -> str:
    """A database URL with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid database URL>"


def _document_columns():
    c = schema.documents.c
    return c.id, c.name, c.source, c.url, c.version, c.title, c.publisher, c.published


def _statement_row(s: Statement) -> dict:
    return {"doc_id": s.doc_id, "id": s.id, "start_char": s.start, "end_char": s.end,
            "text": s.text, "speaker": s.speaker, "speaker_id": s.speaker_id,
            "speaker_role": s.speaker_role,
            "speaker_org": s.speaker_org, "speaker_side": s.speaker_side, "date": s.date.date if s.date else None,
            "date_precision": s.date.precision if s.date else None, "kind": s.kind,
            "quote": s.quote, "direct": s.direct, "about": s.about, "plover": s.plover,
            "cameo": s.cameo, "asserts": s.asserts, "refutes": s.refutes,
            "first_person": s.first_person, "equipment_categories": s.equipment_categories,
            "words": s.words,
            "proposition": s.proposition.as_json() if s.proposition else None}


def _event_row(e: Event) -> dict:
    start, end = e.time.start, e.time.end
    return {"doc_id": e.doc_id, "id": e.id, "start_char": e.start, "end_char": e.end,
            "text": e.text, "kind": e.kind, "actor": e.actor, "actor_side": e.actor_side,
            "parties": e.parties, "subject": e.subject,
            "quantity": e.quantity, "origin": e.origin, "destination": e.destination,
            "via": e.via, "location": e.location,
            "time_start": start.date if start else None,
            "time_start_precision": start.precision if start else None,
            "time_end": end.date if end else None,
            "time_end_precision": end.precision if end else None,
            "modality": e.modality, "negated": e.negated, "hedged": e.hedged,
            "asserted_by": e.asserted_by, "statement_id": e.statement_id,
            "plover": e.plover, "plover_mode": e.plover_mode, "cameo": e.cameo,
            "equipment_categories": e.equipment_categories, "words": e.words,
            "subject_key": e.subject_key}


def _held_once(row, held: dict) -> dict:
    """A row's values, each held once for all the rows read (``held``): a document's id,
    a kind, a side, a place or a list of them repeats in thousands of records, and a
    fresh copy per record was two fifths of a picture's memory. Short lists are shared
    (a record read is never added to); a sentence's words, each held once."""
    values = {}
    for key, value in row.items():
        if isinstance(value, list):
            value = [held.setdefault(v, v) for v in value]
            if len(value) <= SHARED_LIST:
                value = held.setdefault(tuple(value), value)
        elif isinstance(value, (str, dt.date)):
            value = held.setdefault(value, value)
        values[key] = value
    return values


@cache
def _date_value(date: dt.date | None, precision: str | None) -> DateValue | None:
    """Held once per date and precision: a picture reads the same few hundred dates
    100,000 times."""
    return DateValue(date, precision or "day") if date else None


@cache
def _interval(start: DateValue | None, end: DateValue | None) -> TimeInterval:
    return TimeInterval(start, end)


def _statement_from_row(row) -> Statement:
    return Statement(
        id=row["id"], doc_id=row["doc_id"], start=row["start_char"], end=row["end_char"],
        text=row["text"], speaker=row["speaker"], speaker_id=row["speaker_id"],
        speaker_role=row["speaker_role"],
        speaker_org=row["speaker_org"], speaker_side=row["speaker_side"], date=_date_value(row["date"], row["date_precision"]),
        kind=row["kind"], quote=row["quote"], direct=row["direct"], about=row["about"],
        plover=row["plover"], cameo=row["cameo"], asserts=row["asserts"],
        refutes=row["refutes"], first_person=row["first_person"],
        equipment_categories=row["equipment_categories"], words=row["words"],
        proposition=Proposition.from_json(row["proposition"]))


def _event_from_row(row) -> Event:
    return Event(
        id=row["id"], doc_id=row["doc_id"], start=row["start_char"], end=row["end_char"],
        text=row["text"], kind=row["kind"], actor=row["actor"], actor_side=row["actor_side"],
        parties=row.get("parties") or [],  # none while migrating from version 7
        subject=row["subject"],
        quantity=row["quantity"], origin=row["origin"], destination=row["destination"],
        via=row["via"], location=row["location"],
        time=_interval(_date_value(row["time_start"], row["time_start_precision"]),
                       _date_value(row["time_end"], row["time_end_precision"])),
        modality=row["modality"], negated=row["negated"], hedged=row["hedged"],
        asserted_by=row["asserted_by"], statement_id=row["statement_id"],
        plover=row["plover"], plover_mode=row["plover_mode"], cameo=row["cameo"],
        equipment_categories=row["equipment_categories"], words=row["words"],
        subject_key=row["subject_key"])


def _text_order(table) -> tuple:
    """Statements and events in the order extraction made them: by offset, then by number
    ("s9" before "s10": two statements read from one sentence share their offsets)."""
    return table.c.start_char, func.length(table.c.id), table.c.id
