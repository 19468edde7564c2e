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
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator

import msgspec
from distributed import Client, Future

from sitrep.errors import SitrepError, SourceError
from sitrep.extract import Pipeline, build_pipeline
from sitrep.knowledge import Knowledge, default_knowledge
from sitrep.model import Document, Extraction

BATCH_CHARS = 100_000  # some 15,000 words: about a quarter second of extraction
BATCHES_PER_THREAD = 2  # one being extracted, one waiting: no worker idles while we store
CONNECT_TIMEOUT_S = 10


def connect(*, workers: int = 1, scheduler: str | None = None) -> Client:
    """A client of the cluster at ``scheduler`` or, without one, of ``workers`` new local
    processes of one thread each (extraction is pure Python: threads would share one GIL).
    Closing the client stops the local processes."""
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


_pipelines = _Pipelines()
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(list[Extraction | tuple[str, str]])


def extract_batch(documents: list[Document], with_entities: bool, fast: bool,
                  region: tuple[str, ...], knowledge: Knowledge) -> bytes:
    """Runs on a worker: the batch's extractions, in order, as MessagePack; ``fast``:
    the rules pipeline, without the statistical model. A document the pipeline fails on
    (over the time budget, a bug) comes back as its source and the problem, as in a
    serial run, so the rest of its batch is kept."""
    pipeline = _pipelines.get(with_entities, fast, region, knowledge)
    return _encoder.encode([_extraction_or_failure(pipeline, document)
                            for document in documents])


def _extraction_or_failure(pipeline: Pipeline, document: Document) -> Extraction | tuple[str, str]:
    try:
        return pipeline.extract(document)
    except Exception as error:  # one document's problem: named, the batch goes on
        return document.source, f"extraction failed: {type(error).__name__}: {error}"


def extract_on_cluster(client: Client, items: Iterable[Document | SourceError], *,
                       with_entities: bool = True, fast: bool = False,
                       region: tuple[str, ...] = (),
                       knowledge: Knowledge | None = None,
                       batch_chars: int = BATCH_CHARS) -> Iterator[Extraction | SourceError]:
    """Every document's extraction, or the input's error, in input order; each is
    yielded as soon as it and all before it are done. The case's ``knowledge`` goes to
    every worker once (a worker need not see the case's directory)."""
    shared = client.scatter(knowledge or default_knowledge(), broadcast=True, hash=False)
    window = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
    pending: deque[Future | SourceError] = deque()
    batch: list[Document] = []
    chars = 0

    def submit() -> None:
        nonlocal batch, chars
        if batch:
            pending.append(client.submit(extract_batch, batch, with_entities, fast, region,
                                         shared, pure=False))
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
            yield from _results(pending.popleft())
    submit()
    while pending:
        yield from _results(pending.popleft())


def _done(entry: Future | SourceError) -> bool:
    return isinstance(entry, SourceError) or entry.done()


def _results(entry: Future | SourceError) -> list[Extraction | SourceError]:
    """An error as it is; a batch's extractions, and an error for each document that failed."""
    if isinstance(entry, SourceError):
        return [entry]
    return [SourceError(*item) if isinstance(item, tuple) else item
            for item in _decoder.decode(entry.result())]
