import datetime as dt
import sqlite3
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import DateTime, event, func, insert, inspect, select, text

from sitrep.analysis.brief import build_brief
from sitrep.case import load_case
from sitrep.errors import StoreError
from sitrep.examples import example_case_dir
from sitrep.ingest import extract_inputs
from sitrep.model import DateValue, Event, Statement, TimeInterval
from sitrep.outputs.brief import render_brief
from sitrep.store import Store
from sitrep.store import schema
from sitrep.store.migrations import current_version, migrate
from sitrep.store.search import fts_query, ts_query
from tests.conftest import sample_document

# `store` and `database_url` (tests/store/conftest.py) run each test on SQLite and PostgreSQL.


def dump(store):
    """Every row of every table but the times rows were written, for comparisons."""
    with store.engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(select(
                    *(c for c in table.c if not isinstance(c.type, DateTime)))).all()), key=repr)
                for name, table in schema.metadata.tables.items() if name != "schema_version"}


def test_new_store_is_stamped_with_the_current_schema_version(store):
    with store.engine.connect() as connection:
        assert current_version(connection) == schema.SCHEMA_VERSION


def test_adding_a_document_stores_it_with_its_records(store, pipeline):
    doc = sample_document("NATO Secretary General Jens Stoltenberg said Russia kept its troops "
                          "near Ukraine.\nThe ministry denied it.")
    result = store.add(pipeline.extract(doc))
    assert result.status == "added" and result.version == 1
    counts = store.counts()
    assert counts["documents"] == 1 and counts["sentences"] == 2
    assert counts["mentions"] >= 3 and counts["statements"] == 1
    assert store.document(doc.id).text == doc.text


def test_adding_the_same_document_twice_changes_nothing(store, pipeline):
    extraction = pipeline.extract(sample_document())
    store.add(extraction)
    before = dump(store)
    assert store.add(extraction).status == "unchanged"
    assert dump(store) == before


def test_the_state_changes_when_a_document_or_a_brief_is_added_and_only_then(store, pipeline):
    assert store.state() == (0, None)
    extraction = pipeline.extract(sample_document())
    store.add(extraction)
    assert store.state() == (1, None)
    store.add(extraction)  # unchanged: nothing new to show
    assert store.state() == (1, None)
    store.record_brief(dt.date(2022, 2, 1), {"documents": 1})
    documents, brief = store.state()
    assert documents == 1 and brief is not None


def test_same_url_with_new_content_is_kept_as_a_new_version(store, pipeline):
    url = "https://example.org/report"
    first = store.add(pipeline.extract(sample_document("Tanks arrived at dawn.", url=url)))
    second = store.add(pipeline.extract(sample_document("Tanks arrived at dawn and left.", url=url)))
    assert (first.status, first.version) == ("added", 1)
    assert (second.status, second.version) == ("new version", 2)
    assert sorted(d.version for d in store.documents()) == [1, 2]


def test_documents_added_together_store_as_they_would_one_by_one(store, pipeline, tmp_path):
    url = "https://example.org/report"
    texts = ["Tanks arrived at dawn.", "Tanks arrived at dawn and left.", "Tanks arrived at dawn."]
    extractions = [pipeline.extract(sample_document(t, url=url)) for t in texts]
    results = store.add_all(extractions)
    assert [(r.status, r.version) for r in results] == [("added", 1), ("new version", 2),
                                                         ("unchanged", 1)]
    with Store.open(f"sqlite:///{tmp_path / 'alone.db'}") as alone:
        assert [alone.add(x) for x in extractions] == results
        assert alone.counts() == store.counts()
        assert alone.search("Tanks") == store.search("Tanks")


def test_a_failing_document_leaves_none_of_its_transaction_behind(store, pipeline):
    good = pipeline.extract(sample_document("Tanks arrived at dawn."))
    bad = pipeline.extract(sample_document())
    duplicate = Statement(id="s1", doc_id=bad.document.id, start=0, end=5, text="x")
    bad.statements = [duplicate, duplicate]
    with pytest.raises(Exception):
        store.add_all([good, bad])
    assert store.counts() == {k: 0 for k in store.counts()}


def test_a_failing_document_leaves_nothing_behind(store, pipeline):
    extraction = pipeline.extract(sample_document())
    duplicate = Statement(id="s1", doc_id=extraction.document.id, start=0, end=5, text="x")
    extraction.statements = [duplicate, duplicate]  # violates the primary key mid-transaction
    with pytest.raises(Exception):
        store.add(extraction)
    assert store.counts() == {k: 0 for k in store.counts()}


def test_statements_and_events_round_trip_with_dates_and_offsets(store, pipeline):
    extraction = pipeline.extract(sample_document())
    doc_id = extraction.document.id
    extraction.statements = [Statement(
        id="s1", doc_id=doc_id, start=0, end=44, text="Officials said the convoy reached the depot.",
        speaker="Officials", date=DateValue(dt.date(2022, 2, 1), "month"), kind="claim",
        about=["convoy"], asserts=["withdraw"], refutes=["it"], first_person=True,
        equipment_categories=["armour"], words=["officials", "said"])]
    extraction.events = [Event(
        id="e1", doc_id=doc_id, start=0, end=44, text="Officials said the convoy reached the depot.",
        kind="move", destination="the depot", via=["Bryansk"], modality="claimed",
        time=TimeInterval(DateValue(dt.date(2022, 1, 31)), None),
        equipment_categories=["logistics", "armour"], words=["the", "convoy"],
        subject_key="41st army")]
    store.add(extraction)
    [(statement, document)] = store.latest_statements()
    assert statement == extraction.statements[0]
    assert document.publisher == "Test Wire" and document.published == dt.date(2022, 2, 1)
    [(event, _)] = store.latest_events()
    assert event == extraction.events[0]


def test_a_stored_extraction_reads_back_as_extraction_gave_it(store, pipeline):
    doc = sample_document("NATO Secretary General Jens Stoltenberg said Russia had moved "
                          "troops from Minsk to Brest on 3 February.\nThe ministry denied it.")
    extraction = pipeline.extract(doc)
    store.add(extraction)
    stored = store.extraction(doc.id)
    assert stored.document.text == doc.text and stored.sentences == extraction.sentences
    assert sorted(stored.mentions, key=lambda m: m.start) == sorted(extraction.mentions,
                                                                    key=lambda m: m.start)
    assert sorted(stored.entities, key=lambda e: e.id) == sorted(extraction.entities,
                                                                 key=lambda e: e.id)
    assert (stored.statements, stored.events) == (extraction.statements, extraction.events)
    assert store.extraction("no-such-document") is None


def test_search_finds_sentences_with_their_document_and_offsets(store, pipeline):
    doc = sample_document("Heavy equipment moved towards Klintsy.\nThe weather was cold.")
    store.add(pipeline.extract(doc))
    [hit] = store.search("klintsy equipment")
    assert hit.document.id == doc.id
    assert doc.text[hit.start:hit.end] == "Heavy equipment moved towards Klintsy."
    assert "[Klintsy]" in hit.snippet
    assert store.search('"equipment moved"') and not store.search('"moved equipment"')
    assert store.search("equip*") and not store.search("nothing-like-this")


@pytest.mark.parametrize("query", ['NEAR(', 'a OR', '"', "*", "tanks) OR (x", "col:tanks", "-x"])
def test_search_never_passes_user_syntax_to_fts5(store, pipeline, query):
    store.add(pipeline.extract(sample_document()))
    assert isinstance(store.search(query), list)


def test_fts_query_quotes_every_word():
    assert fts_query('tanks OR "heavy equipment" klint*') == '"tanks" "OR" "heavy equipment" "klint"*'


def test_ts_query_folds_words_and_keeps_only_letters_and_digits():
    assert (ts_query('Tanks OR "heavy equipment" Klïnt* foo_bar (x) <->')
            == "tanks & or & heavy <-> equipment & klint:* & foo <-> bar & x")


@pytest.mark.parametrize(("query", "found"), [
    ("convoy", [0]), ("CONVOY Kyiv", [0]), ("kyïv", [0]), ("sao", [1]), ("São*", [1]),
    ("t-72", [1]), ("convoy paulo", []), ('"convoy crossed"', [0]), ('"crossed convoy"', []),
    ("conv*", [0]), ("onvoy*", []), ('"russian convoy" cross*', [0]), ("reported tanks", [1]),
    ('"russian conv*"', []),  # a phrase is matched word for word: no prefix inside quotes
])
def test_search_reads_a_query_the_same_on_every_engine(store, pipeline, query, found):
    doc = sample_document("The Russian convoy crossed into Kyïv oblast.\n"
                          "Newspapers in São Paulo reported T-72 tanks.")
    store.add(pipeline.extract(doc))
    sentences = ["The Russian convoy crossed into Kyïv oblast.",
                 "Newspapers in São Paulo reported T-72 tanks."]
    assert sorted(sentences.index(hit.sentence) for hit in store.search(query)) == found


def test_search_snippet_marks_the_match_in_a_cut_sentence(store, pipeline):
    words = [f"word{i}" for i in range(40)]
    words[30] = "Kharkiv"
    store.add(pipeline.extract(sample_document(" ".join(words) + ".")))
    [hit] = store.search("kharkiv")
    assert hit.snippet.startswith("…") and "[Kharkiv]" in hit.snippet
    assert len(hit.snippet.split()) <= 24


def test_store_newer_than_this_sitrep_is_refused(database_url):
    url = database_url
    Store.open(url).close()
    store = Store.open(url)
    with store.engine.begin() as connection:
        connection.execute(insert(schema.schema_version).values(
            version=schema.SCHEMA_VERSION + 1, applied_at=dt.datetime(2030, 1, 1), description="future"))
    store.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(url)


def test_migrations_upgrade_an_older_store_in_order(database_url):
    store = Store.open(database_url)
    applied = []
    future = schema.SCHEMA_VERSION + 1

    def add_notes_table(connection):
        applied.append(future)
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))

    with store.engine.begin() as connection:
        started = migrate(connection, target=future, migrations={future: ("notes", add_notes_table)})
        assert started == schema.SCHEMA_VERSION and current_version(connection) == future
        assert migrate(connection, target=future,
                       migrations={future: ("notes", add_notes_table)}) == future
    assert applied == [future]
    with store.engine.begin() as connection, pytest.raises(StoreError, match="no migration"):
        migrate(connection, target=future + 1, migrations={})
    store.close()


TYPED_FIELDS = {"statements": ("asserts", "refutes", "first_person", "equipment_categories",
                               "words"),
                "events": ("equipment_categories", "words", "subject_key")}


def drop_typed_fields(connection) -> None:
    """Turn a store back into a version 5 store: without the fields of versions 6, 7 and 9."""
    for table, columns in TYPED_FIELDS.items():
        for column in columns:
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
    connection.execute(text("ALTER TABLE statements DROP COLUMN proposition"))
    connection.execute(text("ALTER TABLE events DROP COLUMN parties"))
    connection.execute(text("UPDATE schema_version SET version = 5"))


def test_a_version_1_store_gains_the_columns_of_later_versions(database_url, pipeline):
    url = database_url
    store = Store.open(url)
    with store.engine.begin() as connection:  # turn it back into a version 1 store
        drop_typed_fields(connection)
        connection.execute(text("ALTER TABLE mentions DROP COLUMN relation"))
        connection.execute(text("ALTER TABLE statements DROP COLUMN speaker_id"))
        connection.execute(text("ALTER TABLE events DROP COLUMN plover_mode"))
        connection.execute(text("ALTER TABLE statements DROP COLUMN speaker_side"))
        connection.execute(text("ALTER TABLE events DROP COLUMN actor_side"))
        connection.execute(text("DROP TABLE briefs"))
        connection.execute(text("UPDATE schema_version SET version = 1"))
    store.close()
    store = Store.open(url)
    with store.engine.connect() as connection:
        assert current_version(connection) == schema.SCHEMA_VERSION
        columns = {(table, c["name"]) for table in ("mentions", "statements", "events")
                   for c in inspect(connection).get_columns(table)}
        has_briefs = inspect(connection).has_table("briefs")
    assert {("mentions", "relation"), ("statements", "speaker_id"), ("events", "plover_mode"),
            ("statements", "speaker_side"), ("events", "actor_side"), ("events", "parties")} <= columns
    assert has_briefs
    extraction = pipeline.extract(sample_document("Troops massed near Voronezh."))
    assert store.add(extraction).status == "added"
    store.close()


def test_undated_records_sort_as_on_sqlite(store, pipeline):
    """Undated documents first going up, undated statements last going down, on every engine."""
    store.add(pipeline.extract(sample_document("Tanks arrived at dawn.", published=None)))
    extraction = pipeline.extract(sample_document("Officials said the convoy left."))
    doc_id = extraction.document.id
    extraction.statements = [
        Statement(id="s1", doc_id=doc_id, start=0, end=9, text="Officials", kind="claim"),
        Statement(id="s2", doc_id=doc_id, start=10, end=14, text="said", kind="claim",
                  date=DateValue(dt.date(2022, 1, 30)))]
    store.add(extraction)
    assert [d.published for d in store.documents()] == [None, dt.date(2022, 2, 1)]
    assert [s.id for s, _ in store.latest_statements()] == ["s2", "s1"]


def test_the_example_case_reads_back_the_same_from_either_engine(tmp_path, postgres_url, pipeline):
    """Every row, and the brief built from them, alike on SQLite and PostgreSQL."""
    case = load_case(example_case_dir())
    extractions = list(extract_inputs([str(example_case_dir())], pipeline))
    rows, briefs = [], []
    for url in (f"sqlite:///{tmp_path / 'sitrep.db'}", postgres_url):
        with Store.open(url) as store:
            for extraction in extractions:
                store.add(extraction)
            briefs.append(render_brief(build_brief(store, case), "json"))
            rows.append(dump(store))
    assert rows[0] == rows[1] and briefs[0] == briefs[1]


def test_stores_opened_at_once_create_the_schema_once(database_url):
    """Workers (or `sitrep serve` and `sitrep ingest`) starting together on a new database
    must not each create the tables."""
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: Store.open(database_url), range(4)))
    with stores[0].engine.connect() as connection:
        stamps = connection.execute(select(func.count()).select_from(schema.schema_version))
        assert stamps.scalar() == 1
    for store in stores:
        store.close()


def test_the_same_document_added_at_once_is_stored_once(database_url, pipeline):
    """Two writers (`sitrep ingest` and the dashboard's ingestion) storing the same
    document, or new content of the same URL, at the same moment: each is stored once,
    at the right version, and neither writer fails."""
    url = "https://example.org/live"
    extractions = [pipeline.extract(sample_document(f"Update {n}: the convoy reached the depot.",
                                                    url=url)) for n in range(3)]
    stores = [Store.open(database_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            results = list(pool.map(lambda pair: pair[0].add(pair[1]),
                                    [(store, x) for x in extractions for store in stores]))
        assert Counter(r.status for r in results) == {"added": 1, "new version": 2,
                                                      "unchanged": 9}
        assert sorted(d.version for d in stores[0].documents()) == [1, 2, 3]
        assert stores[0].counts()["sentences"] == 3
    finally:
        for store in stores:
            store.close()


def test_sqlite_stores_let_readers_beside_a_writer_and_writers_wait(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'sitrep.db'}") as store, \
            store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_a_new_sqlite_store_opens_while_another_connection_writes_it(tmp_path):
    """Turning a new file to WAL needs it alone, and SQLite answers "locked" at once
    rather than wait: the store waits until the other connection is done."""
    path = tmp_path / "sitrep.db"
    other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE probe (x)")
    threading.Timer(0.3, other.execute, ["COMMIT"]).start()
    with Store.open(f"sqlite:///{path}") as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    other.close()


def test_reports_read_one_state_of_the_store_while_a_document_is_committed(database_url,
                                                                           pipeline):
    """The dashboard builds its picture while an ingest writes: a document committed
    between the queries of one read is in all of them or in none. On SQLite the writer
    commits only because WAL lets it beside the open read."""
    first = pipeline.extract(sample_document("NATO said the convoy reached Klintsy."))
    later = pipeline.extract(sample_document("Russia said its troops withdrew from Yelnya."))
    assert later.statements
    committed = []

    def commit_between(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and not committed:
            committed.append(writer.add(later))

    with Store.open(database_url) as reader, Store.open(database_url) as writer:
        reader.add(first)
        event.listen(reader.engine, "after_cursor_execute", commit_between)
        try:
            reports = reader.reports()
        finally:
            event.remove(reader.engine, "after_cursor_execute", commit_between)
        assert committed and committed[0].status == "added"
        assert [r.doc_id for r in reports] == [first.document.id]
        assert len(reader.reports()) == 2


def test_a_missing_database_driver_is_named_with_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if sitrep[postgres] were not installed
    with pytest.raises(StoreError, match=r"sitrep\[postgres\]") as raised:
        Store.open("postgresql+psycopg://sitrep:secret@127.0.0.1/sitrep")
    assert "secret" not in str(raised.value)


def test_engines_other_than_sqlite_and_postgresql_are_refused():
    with pytest.raises(StoreError, match="SQLite or PostgreSQL, not mysql"):
        Store.open("mysql://sitrep:secret@127.0.0.1/sitrep")


def test_unopenable_store_names_the_problem(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(f"sqlite:///{blocker / 'sub' / 'sitrep.db'}")


def test_a_watch_source_state_round_trips_in_utc_and_is_replaced(store):
    from sitrep.store.store import SourceState

    due = dt.datetime(2022, 2, 15, 6, 10, tzinfo=dt.UTC)
    first = SourceState("https://example.org/feed.xml", due, etag='"abc"',
                        last_modified="Tue, 15 Feb 2022 06:00:00 GMT",
                        polled_at=dt.datetime(2022, 2, 15, 8, 0,
                                              tzinfo=dt.timezone(dt.timedelta(hours=2))))
    store.save_watch_source(first)
    assert store.watch_sources() == {first.url: SourceState(
        first.url, due, '"abc"', first.last_modified,
        dt.datetime(2022, 2, 15, 6, 0, tzinfo=dt.UTC))}
    failed = SourceState(first.url, due + dt.timedelta(minutes=2), failures=2,
                         last_error="HTTP 500")
    store.save_watch_source(failed)
    assert store.watch_sources() == {first.url: failed}


def test_seen_feed_entries_are_kept_per_source(store):
    store.add_seen_entries("https://a.example/feed", ["e1", "e2"])
    store.add_seen_entries("https://a.example/feed", ["e2", "e3"])
    store.add_seen_entries("https://b.example/feed", [])
    assert store.seen_entries("https://a.example/feed") == {"e1", "e2", "e3"}
    assert store.seen_entries("https://b.example/feed") == set()


def test_an_alert_key_is_recorded_once_and_marked_delivered(store):
    at = dt.datetime(2022, 2, 16, 6, 20, tzinfo=dt.UTC)
    payload = {"key": "leader:H2", "citations": [{"ref": "no-sign#s1"}]}
    assert store.add_alert("leader:H2", "leader", "leader", "H2", at, payload)
    assert not store.add_alert("leader:H2", "leader", "leader", "H2", at, {"other": 1})
    [alert] = store.alerts()
    assert (alert.key, alert.subject, alert.value, alert.raised_at, alert.payload,
            alert.delivered_at) == ("leader:H2", "leader", "H2", at, payload, None)
    store.mark_alert_delivered("leader:H2", at + dt.timedelta(seconds=1))
    assert store.alerts()[0].delivered_at == at + dt.timedelta(seconds=1)


def test_a_version_4_store_gains_the_watch_tables(database_url):
    store = Store.open(database_url)
    with store.engine.begin() as connection:  # turn it back into a version 4 store
        drop_typed_fields(connection)
        for table in ("watch_sources", "watch_entries", "alerts"):
            connection.execute(text(f"DROP TABLE {table}"))
        connection.execute(text("UPDATE schema_version SET version = 4"))
    store.close()
    store = Store.open(database_url)
    with store.engine.connect() as connection:
        assert current_version(connection) == schema.SCHEMA_VERSION
        assert {"watch_sources", "watch_entries", "alerts"} <= set(
            inspect(connection).get_table_names())
    assert store.add_alert("leader:H1", "leader", "leader", "H1",
                           dt.datetime(2022, 2, 16, tzinfo=dt.UTC), {})
    store.close()


def test_a_version_5_store_gains_the_typed_fields_read_from_its_records(database_url, pipeline):
    """An upgraded store reads back as the extraction of today gives it, so that analysis
    finds in it what it finds in a new store."""
    doc = sample_document('Defence Minister Sergei Shoigu said: "Our units are returning to '
                          'their bases."\nThe 41st Combined Arms Army\'s tanks moved from '
                          "Yelnya to Klintsy on 3 February.")
    extraction = pipeline.extract(doc)
    store = Store.open(database_url)
    store.add(extraction)
    with store.engine.begin() as connection:
        drop_typed_fields(connection)
    store.close()
    store = Store.open(database_url)
    with store.engine.connect() as connection:
        assert current_version(connection) == schema.SCHEMA_VERSION
    stored = store.extraction(doc.id)
    store.close()
    assert (stored.statements, stored.events) == (extraction.statements, extraction.events)
    [claim] = stored.statements
    assert (claim.asserts, claim.first_person) == (["withdraw"], True)
    move = next(e for e in stored.events if e.kind == "move")
    assert move.subject_key == "41st combined arms army"
    assert move.equipment_categories == ["armour"] and "klintsy" in move.words


def test_a_version_6_store_gains_the_propositions_extraction_reads(database_url, pipeline):
    """Schema 7 adds statements.proposition, read from the stored records: a store of
    version 6 reads back the propositions a new store holds."""
    store = Store.open(database_url)
    store.add(pipeline.extract(sample_document(
        "The Russian defence ministry said on Monday that its troops withdrew from Voronezh.")))
    before = [s.proposition for s, _ in store.latest_statements()]
    with store.engine.begin() as connection:  # turn it back into a version 6 store
        connection.execute(text("ALTER TABLE statements DROP COLUMN proposition"))
        connection.execute(text("ALTER TABLE events DROP COLUMN parties"))
        connection.execute(text("UPDATE schema_version SET version = 6"))
    store.close()
    with Store.open(database_url) as store:
        with store.engine.connect() as connection:
            assert current_version(connection) == schema.SCHEMA_VERSION
        after = [s.proposition for s, _ in store.latest_statements()]
    assert any(p is not None for p in before), before
    assert after == before
