"""Wiring for batch work: inputs -> documents -> extraction -> store (or output).

The CLI (and later the web app and the watcher) call these; each input's
outcome is reported through a callback, so one bad input never stops a batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.documents import Metadata
from sitrep.errors import SourceError
from sitrep.model import Extraction
from sitrep.sources import Fetcher, iter_documents
from sitrep.store import AddResult, Store

if TYPE_CHECKING:  # naming the type loads no spaCy
    from sitrep.extract import Pipeline


@dataclass(slots=True)
class IngestReport:
    """Tallies of one batch: how many added, unchanged, new versions, failed."""

    outcomes: Counter = field(default_factory=Counter)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


Outcome = AddResult | SourceError


def extract_inputs(specs: Iterable[str], pipeline: Pipeline, *, overrides: Metadata = Metadata(),
                   fetcher: Fetcher | None = None) -> Iterator[Extraction | SourceError]:
    """Every input's extraction, or its error, in input order."""
    for item in iter_documents(specs, overrides=overrides, fetcher=fetcher):
        yield item if isinstance(item, SourceError) else pipeline.extract(item)


def ingest_inputs(specs: Iterable[str], store: Store, pipeline: Pipeline, *,
                  overrides: Metadata = Metadata(), fetcher: Fetcher | None = None,
                  on_outcome: Callable[[Outcome], None] = lambda outcome: None) -> IngestReport:
    """Read, extract and store every input; one transaction per document."""
    return store_extractions(extract_inputs(specs, pipeline, overrides=overrides, fetcher=fetcher),
                             store, on_outcome=on_outcome)


def store_extractions(items: Iterable[Extraction | SourceError], store: Store, *,
                      on_outcome: Callable[[Outcome], None] = lambda outcome: None) -> IngestReport:
    """Store each extraction as it comes (one transaction per document) and report each error.

    Separate from the extraction so that serial and parallel runs store alike.
    """
    report = IngestReport()
    for item in items:
        if isinstance(item, SourceError):
            report.errors.append(item)
            on_outcome(item)
            continue
        report.warnings.extend(item.document.warnings)
        result = store.add(item)
        report.outcomes[result.status] += 1
        on_outcome(result)
    return report
