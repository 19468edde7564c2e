"""The one write path: targets -> documents -> extraction -> store.

The CLI, the dashboard and the watcher store documents only through here. Documents
are stored as they are extracted, a few to a transaction (see ``store_extractions``:
each whole or not at all), and each input's outcome is reported through a callback:
an input that cannot be read, or a document whose extraction fails, is reported and the
batch goes on; what was stored before stays stored. Extraction runs in this process
with a Pipeline, or through ``extract_all`` on a cluster
(``sitrep.parallel.extract_on_cluster``): both store alike. Or the cluster's workers
store what they extract themselves (``store_all``, ``sitrep.parallel.store_on_cluster``)
and this process only reports what they did, in input order.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.documents import Metadata
from sitrep.errors import SourceError
from sitrep.model import Document, Extraction
from sitrep.sources import Fetcher, iter_documents


STORE_BATCH = 16  # documents per transaction at most
STORE_BATCH_SECONDS = 1.0  # nor longer than this after the first arrived


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing one document did: ``added``, ``unchanged`` or ``new version``."""

    doc_id: str
    status: str
    version: int
    name: str
    title: str | None


Outcome = Stored | SourceError
Items = Iterable[Document | SourceError]
ExtractAll = Callable[[Items], Iterable[Extraction | SourceError]]
StoreAll = Callable[[Items], Iterable["StoredOnWorker | SourceError"]]

if TYPE_CHECKING:  # naming the type loads no spaCy
    from sitrep.store import Store  # imports SQLAlchemy: `sitrep extract` stores nothing
    from sitrep.extract import Pipeline
    from sitrep.parallel import StoredOnWorker  # imports Dask


@dataclass(slots=True)
class IngestReport:
    """Tallies of one batch: how many added, unchanged, new versions, failed."""

    outcomes: Counter = field(default_factory=Counter)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


def known_document_count(specs: Iterable[str]) -> int | None:
    """How many inputs the batch reports on, when known before reading: one per file, one
    per supported file of a directory (one for a directory with none); None when a URL or
    feed is among them (their entries are known only once fetched)."""
    from pathlib import Path

    from sitrep.sources import is_url
    from sitrep.sources.files import document_files

    total = 0
    for spec in specs:
        path = Path(spec)
        if is_url(spec) or spec.startswith("feed:"):
            return None
        if path.is_dir():
            total += max(1, len(document_files(path)))
        else:
            total += 1
    return total


def extract_inputs(specs: Iterable[str], pipeline: Pipeline, *, overrides: Metadata = Metadata(),
                   fetcher: Fetcher | None = None) -> Iterator[Extraction | SourceError]:
    """Every input's extraction, or its error, in input order (nothing is stored)."""
    return pipeline.extract_all(iter_documents(specs, overrides=overrides, fetcher=fetcher))


def ingest_inputs(specs: Iterable[str], store: Store, pipeline: Pipeline | None = None, *,
                  overrides: Metadata = Metadata(), fetcher: Fetcher | None = None,
                  extract_all: ExtractAll | None = None, store_all: StoreAll | None = None,
                  on_outcome: Callable[[Outcome], None] = lambda outcome: None) -> IngestReport:
    """Read, extract and store every input (files, directories, URLs, feeds: whatever
    the sources registry resolves); extraction with ``pipeline`` here, or ``extract_all``;
    or extraction and storing both by ``store_all`` (then ``store`` is not written here)."""
    documents = iter_documents(specs, overrides=overrides, fetcher=fetcher)
    if store_all is not None:
        return report_stored(store_all(documents), on_outcome=on_outcome)
    return ingest_documents(documents, store, pipeline, extract_all=extract_all,
                            on_outcome=on_outcome)


def ingest_documents(items: Items, store: Store, pipeline: Pipeline | None = None, *,
                     extract_all: ExtractAll | None = None, skip_stored: bool = False,
                     on_outcome: Callable[[Outcome], None] = lambda outcome: None
                     ) -> IngestReport:
    """Extract and store documents read already; ``skip_stored``: a document the store
    holds is neither extracted nor reported again (the watcher's re-read feeds)."""
    if skip_stored:
        items = (item for item in items
                 if isinstance(item, SourceError) or store.document(item.id) is None)
    if extract_all is None:
        if pipeline is None:
            raise ValueError("ingest needs a pipeline or extract_all")
        extractions = pipeline.extract_all(items)
    else:
        extractions = extract_all(items)
    return store_extractions(extractions, store, on_outcome=on_outcome)


def store_extractions(items: Iterable[Extraction | SourceError], store: Store, *,
                      on_outcome: Callable[[Outcome], None] = lambda outcome: None) -> IngestReport:
    """Store the extractions as they come, several documents to a transaction, and report
    each outcome and error in input order.

    A transaction holds up to STORE_BATCH documents, or those that arrived within
    STORE_BATCH_SECONDS of its first: one commit for many is most of what storing a
    short document costs, and a crash still leaves each document whole or absent."""
    report = IngestReport()
    batch: list[Extraction] = []
    started = 0.0

    def flush() -> None:
        for extraction, result in zip(batch, store.add_all(batch) if batch else ()):
            report.outcomes[result.status] += 1
            on_outcome(Stored(result.doc_id, result.status, result.version,
                              extraction.document.name, extraction.document.title))
        batch.clear()

    for item in items:
        if isinstance(item, SourceError):
            flush()  # the documents before the error are reported first
            report.errors.append(item)
            on_outcome(item)
            continue
        report.warnings.extend(item.document.warnings)
        if not batch:
            started = time.monotonic()
        batch.append(item)
        if len(batch) >= STORE_BATCH or time.monotonic() - started >= STORE_BATCH_SECONDS:
            flush()
    flush()
    return report


def report_stored(items: Iterable[StoredOnWorker | SourceError], *,
                  on_outcome: Callable[[Outcome], None] = lambda outcome: None) -> IngestReport:
    """Tally and report, in input order, documents that workers extracted and stored
    themselves: the same outcomes and warnings ``store_extractions`` reports."""
    report = IngestReport()
    for item in items:
        if isinstance(item, SourceError):
            report.errors.append(item)
            on_outcome(item)
            continue
        report.warnings.extend(item.warnings)
        report.outcomes[item.status] += 1
        on_outcome(Stored(item.doc_id, item.status, item.version, item.name, item.title))
    return report
