"""Extraction on Dask workers: local processes (``--workers N``) or a cluster (``--scheduler``).

Only ``Pipeline.extract`` runs on the workers. Inputs are read and results stored
by the caller, in input order, so a parallel run leaves the store exactly as a
serial run does, row ids included (sentence and mention ids count up as rows are
added, the first document to name an entity gives its row, and URL versions
follow the order of adding). Documents travel in batches of about BATCH_CHARS
characters, because one task per short report costs more in scheduling and
transfer than its extraction; a batch leaves early when the workers have nothing
to do, so slow inputs (URLs, feeds) are stored as they come. Only a few batches
per worker thread are in flight, so memory stays bounded however many inputs
there are. Extractions come back encoded as MessagePack (msgspec), which writes and
reads the model's dataclasses several times faster than pickle: on two cores the
client's decoding competes with the workers for the same processors.

With ``database_url`` (``sitrep ingest --store-on-workers``) the workers store what
they extract themselves, each through its own connection, and send back only what
storing did: the client schedules and reports, and its CPU no longer grows with the
records a document holds. Row ids and the order of a URL's versions then follow the
order the workers commit in, not the input order (see docs/parallel.md).

Dask's own bookkeeping is turned down (``QUIET``): its statistical profiler samples
each worker's stack every 10 ms and its event-loop and memory monitors tick every
20 to 100 ms, which on two idle processes and a client costs about 0.1 of a core
(measured: 95 ms CPU per second, 13 ms with ``QUIET``). None of it is needed to
schedule batches.

Local workers also start without the ``MALLOC_TRIM_THRESHOLD_=65536`` that Dask sets
in a worker's environment (``NO_MALLOC_TRIM``). It makes glibc hand freed memory back
to the system at once, and setting it at all turns off glibc's adaptive mmap threshold:
the model's arrays for every batch are then mapped afresh and each page faulted in and
zeroed again. On the GeoWebNews articles a worker spent 125-163 ms CPU per document
with it and 113 ms without (system time 1.1-1.55 s against 0.2-0.3 s over the same 50
documents). A worker keeps the memory it freed for its next batch instead.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import dask
import msgspec
from distributed import Client, Future

from sitrep.errors import SitrepError, SourceError
from sitrep.extract import Pipeline, build_pipeline
from sitrep.knowledge import Knowledge, default_knowledge
from sitrep.model import Document, Extraction
from sitrep.store import AddResult, Store

BATCH_CHARS = 100_000  # some 15,000 words: about a quarter second of extraction
BATCHES_PER_THREAD = 2  # one being extracted, one waiting: no worker idles while we store
CONNECT_TIMEOUT_S = 10
QUIET = {  # Dask's monitoring, none of which scheduling needs (see the module's docstring)
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
NO_MALLOC_TRIM = {  # unset in a local worker's environment (see the module's docstring)
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


def connect(*, workers: int = 1, scheduler: str | None = None) -> Client:
    """A client of the cluster at ``scheduler`` or, without one, of ``workers`` new local
    processes of one thread each (extraction is pure Python: threads would share one GIL).
    Closing the client stops the local processes. Sets ``QUIET`` and ``NO_MALLOC_TRIM`` in
    this process's Dask configuration, which local workers inherit; a cluster's workers
    read their own."""
    dask.config.set({**QUIET, **NO_MALLOC_TRIM})
    if scheduler is None:
        return Client(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0")
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except OSError as error:
        raise SitrepError(f"cannot reach the Dask scheduler: {error}") from None


class _Pipelines(threading.local):
    """Each worker thread's pipelines by their arguments. Building one takes seconds
    (spaCy, the gazetteer), so a worker builds it for its first batch and keeps it;
    one per thread, because a pipeline is not meant to be shared between threads."""

    def __init__(self):
        self.built: dict[tuple[bool, bool, tuple[str, ...], str], Pipeline] = {}

    def get(self, with_entities: bool, fast: bool, region: tuple[str, ...],
            knowledge: Knowledge) -> Pipeline:
        key = (with_entities, fast, region, knowledge.key)
        if key not in self.built:
            self.built[key] = build_pipeline(with_entities=with_entities, fast=fast,
                                             region=region, knowledge=knowledge)
        return self.built[key]


class _Stores(threading.local):
    """Each worker thread's stores by URL, opened for its first batch and kept: one
    connection per thread, so a worker's transactions never wait on each other."""

    def __init__(self):
        self.opened: dict[str, Store] = {}

    def get(self, database_url: str) -> Store:
        if database_url not in self.opened:
            self.opened[database_url] = Store.open(database_url)
        return self.opened[database_url]


@dataclass(frozen=True, slots=True)
class StoredOnWorker:
    """What a worker's storing of one document did (``Store.add_all``'s status), with what
    the client reports of the document: its name, title and reading warnings."""

    doc_id: str
    status: str
    version: int
    name: str
    title: str | None
    warnings: list[str]


Failure = tuple[str, str]  # a document's source and its problem

_pipelines = _Pipelines()
_stores = _Stores()
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(list[Extraction | Failure])
_stored_decoder = msgspec.msgpack.Decoder(list[StoredOnWorker | Failure])


def extract_batch(documents: list[Document], with_entities: bool, fast: bool,
                  region: tuple[str, ...], knowledge: Knowledge) -> bytes:
    """Runs on a worker: the batch's extractions, in order, as MessagePack; ``fast``:
    the rules pipeline, without the statistical model. A document the pipeline fails on
    (over the time budget, a bug) comes back as its source and the problem, as in a
    serial run, so the rest of its batch is kept."""
    pipeline = _pipelines.get(with_entities, fast, region, knowledge)
    return _encoder.encode(_extractions_or_failures(pipeline, documents))


def extract_and_store_batch(documents: list[Document], with_entities: bool, fast: bool,
                            region: tuple[str, ...], knowledge: Knowledge,
                            database_url: str) -> bytes:
    """Runs on a worker: extract the batch and store it through this worker's own
    connection; what storing did to each document, in order, as MessagePack."""
    pipeline = _pipelines.get(with_entities, fast, region, knowledge)
    results = _extractions_or_failures(pipeline, documents)
    stored = iter(_store_whole(_stores.get(database_url),
                               [r for r in results if isinstance(r, Extraction)]))
    return _encoder.encode([next(stored) if isinstance(r, Extraction) else r for r in results])


def _store_whole(store: Store, extractions: list[Extraction]) -> list[StoredOnWorker | Failure]:
    """The batch in one transaction; if that fails, each document in its own, so a
    document the store refuses fails alone. Either way each is stored whole or not at all."""
    try:
        return [_stored(e, result) for e, result in zip(extractions, store.add_all(extractions))]
    except Exception:  # one document's rows the store refuses: find it by storing each alone
        return [_store_one(store, extraction) for extraction in extractions]


def _store_one(store: Store, extraction: Extraction) -> StoredOnWorker | Failure:
    try:
        return _stored(extraction, store.add(extraction))
    except Exception as error:  # the database's reason, named with the document
        reason = str(error).splitlines()[0] if str(error) else ""
        return extraction.document.source, f"storing failed: {type(error).__name__}: {reason}"


def _stored(extraction: Extraction, result: AddResult) -> StoredOnWorker:
    document = extraction.document
    return StoredOnWorker(result.doc_id, result.status, result.version, document.name,
                          document.title, document.warnings)


def _extractions_or_failures(pipeline: Pipeline, documents: list[Document]
                             ) -> list[Extraction | Failure]:
    """The batch read as a serial ingest reads it (the model's components over several
    documents at once); a document the pipeline fails on comes back as its source and the
    problem, so the rest of its batch is kept."""
    return [(result.source, result.problem) if isinstance(result, SourceError) else result
            for result in pipeline.extract_all(documents)]


def extract_on_cluster(client: Client, items: Iterable[Document | SourceError], *,
                       with_entities: bool = True, fast: bool = False,
                       region: tuple[str, ...] = (),
                       knowledge: Knowledge | None = None,
                       batch_chars: int = BATCH_CHARS) -> Iterator[Extraction | SourceError]:
    """Every document's extraction, or the input's error, in input order; each is
    yielded as soon as it and all before it are done. The case's ``knowledge`` goes to
    every worker once (a worker need not see the case's directory)."""
    shared = client.scatter(knowledge or default_knowledge(), broadcast=True, hash=False)
    return _in_batches(client, items, batch_chars, _decoder, extract_batch,
                       with_entities, fast, region, shared)


def store_on_cluster(client: Client, items: Iterable[Document | SourceError],
                     database_url: str, *, with_entities: bool = True, fast: bool = False,
                     region: tuple[str, ...] = (), knowledge: Knowledge | None = None,
                     batch_chars: int = BATCH_CHARS) -> Iterator[StoredOnWorker | SourceError]:
    """Extract and store every document on the workers, each writing to the store at
    ``database_url`` itself (the store must exist, and be reachable from every worker
    under that URL); what storing did to each, or the input's error, in input order."""
    shared = client.scatter(knowledge or default_knowledge(), broadcast=True, hash=False)
    return _in_batches(client, items, batch_chars, _stored_decoder, extract_and_store_batch,
                       with_entities, fast, region, shared, database_url)


def _in_batches(client: Client, items: Iterable[Document | SourceError], batch_chars: int,
                decoder: msgspec.msgpack.Decoder, task, *args) -> Iterator:
    """Run ``task(batch, *args)`` over the documents in batches of about ``batch_chars``,
    a few batches per worker thread in flight; each batch's decoded results, and each
    input's error, in input order."""
    window = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
    pending: deque[Future | SourceError] = deque()
    batch: list[Document] = []
    chars = 0

    def submit() -> None:
        nonlocal batch, chars
        if batch:
            pending.append(client.submit(task, batch, *args, pure=False))
            batch, chars = [], 0

    for item in items:
        if isinstance(item, SourceError):
            submit()  # the documents before the error go first
            pending.append(item)
        else:
            batch.append(item)
            chars += len(item.text)
            if chars >= batch_chars or all(map(_done, pending)):
                submit()
        while pending and (len(pending) > window or _done(pending[0])):
            yield from _results(pending.popleft(), decoder)
    submit()
    while pending:
        yield from _results(pending.popleft(), decoder)


def _done(entry: Future | SourceError) -> bool:
    return isinstance(entry, SourceError) or entry.done()


def _results(entry: Future | SourceError, decoder: msgspec.msgpack.Decoder) -> list:
    """An error as it is; a batch's results, and an error for each document that failed."""
    if isinstance(entry, SourceError):
        return [entry]
    return [SourceError(*item) if isinstance(item, tuple) else item
            for item in decoder.decode(entry.result())]
