"""The case, its store and the cached pictures behind the API.

Building the picture reads every document published by the date asked for, seconds
for thousands of documents, so each date's picture (made through ``build_brief``, as
``sitrep brief`` makes it, without recording the brief) is kept with the JSON of each
view, until the store or ``case.yaml`` changes. Each request checks both cheaply: the
store's document count and latest brief (one query) and the bytes of ``case.yaml``. A
change to ``case.yaml`` that touches only its ``ach`` section (an analyst's rating)
re-ranks the kept pictures on their next use instead of rebuilding them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from sitrep.analysis.brief import Brief, build_brief
from sitrep.case import CASE_FILE, Case, load_case
from sitrep.case_ratings import save_ach_rating
from sitrep.errors import SourceError
from sitrep.outputs import views
from sitrep.sources import Fetcher
from sitrep.store import Store
from sitrep.web.documents import document_list

KEPT_DATES = 2  # pictures kept at once (by as-of date): each holds every report it read,
# 100 MiB or more at 10,000 documents; two keep the whole picture and one earlier date

UNRANKED_VIEWS = ("items", "map", "timeline", "contradictions", "indicators")  # no ACH in them


def encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class Snapshot:
    """The brief and picture of one as-of date at one state of the store and the case,
    and the values (views) made of it so far, each made once."""

    def __init__(self, brief: Brief, store_state: tuple):
        _forget_sentence_words(brief)
        self.brief = brief
        self.store_state = store_state
        self.case = brief.case  # the case it answers for; ranked with it once asked
        self._lock = threading.RLock()  # a value may be made of another value
        self._values: dict[tuple, object] = {}

    def value(self, key: tuple, make: Callable[["Snapshot"], object]):
        """``make(self)``, made on the first call for ``key`` and kept."""
        with self._lock:
            if self.brief.case is not self.case:  # re-rank for a new ``ach`` section
                self.brief.case = self.brief.picture.case = self.case
                self.brief.ach = self.brief.picture.ach(self.brief.indicators)
            if key not in self._values:
                self._values[key] = make(self)
            return self._values[key]

    def items(self) -> views.Items:
        return self.value(("items",), lambda s: views.Items(s.brief.picture))

    def rerate(self, case: Case) -> None:
        """Take a case that differs only in its ``ach`` section: the ranking and the
        views made of it are made again on the next use; the picture and the views that
        do not show the ranking are kept (the map took seconds to make)."""
        with self._lock:
            self.case = case
            self._values = {key: value for key, value in self._values.items()
                            if key[0] in UNRANKED_VIEWS}


def _forget_sentence_words(brief: Brief) -> None:
    """Let go of each statement's and event's sentence words: the indicator board matched
    them as the records were added, and a kept picture is never added to (the dashboard
    builds another when the store changes). A fifth of a picture's memory. Each
    document's text goes too: only the source groups read it, as it was added."""
    no_words: list[str] = []  # one list for all: a kept picture's records are never added to
    for report in brief.picture.reports.values():
        report.text = ""
        for record in (*report.statements, *report.events):
            record.words = no_words


class Dashboard:
    """One case served: its store (opened by the caller), ``case.yaml`` read again when
    it changes, and a picture per as-of date asked for."""

    def __init__(self, directory: Path, store: Store, *, fast: bool = False):
        """``fast``: pages added from the dashboard are read by the rules pipeline."""
        self.directory = Path(directory)
        self.store = store
        self.fast = fast
        self._lock = threading.Lock()  # guards the case and the kept snapshots
        self._build_lock = threading.Lock()  # one picture built at a time
        self._write_lock = threading.Lock()  # one writer of case.yaml at a time
        self._ingest_lock = threading.Lock()  # one extraction at a time, on one pipeline
        self._pipeline = None  # ((region, knowledge key), Pipeline), built on first use
        self._case: Case = load_case(self.directory)
        self._case_bytes = self._read_case_file()
        self._snapshots: OrderedDict[dt.date | None, Snapshot] = OrderedDict()
        self._documents: tuple[tuple, bytes] | None = None

    def case(self) -> Case:
        """The case as ``case.yaml`` reads now (CaseError if it no longer reads)."""
        content = self._read_case_file()
        with self._lock:
            if content != self._case_bytes:
                case = load_case(self.directory)
                only_ach = dataclasses.replace(self._case, ach=case.ach) == case
                for as_of, snapshot in list(self._snapshots.items()):
                    if only_ach and snapshot.case is self._case:
                        snapshot.rerate(case)
                    else:
                        del self._snapshots[as_of]
                self._case, self._case_bytes = case, content
            return self._case

    def snapshot(self, as_of: dt.date | None) -> Snapshot:
        """The picture as of the date (None: every document), built if not kept."""
        case, state = self.case(), self.store.state()
        kept = self._kept(as_of, case, state)
        if kept:
            return kept
        with self._build_lock:
            kept = self._kept(as_of, case, state)
            if kept:
                return kept
            snapshot = Snapshot(build_brief(self.store, case, as_of=as_of), state)
            with self._lock:
                self._snapshots[as_of] = snapshot
                while len(self._snapshots) > KEPT_DATES:
                    self._snapshots.popitem(last=False)
            return snapshot

    def _kept(self, as_of: dt.date | None, case: Case, state: tuple) -> Snapshot | None:
        with self._lock:
            snapshot = self._snapshots.get(as_of)
            if snapshot and snapshot.case is case and snapshot.store_state == state:
                self._snapshots.move_to_end(as_of)
                return snapshot
            return None

    def documents(self) -> bytes:
        """The documents list as JSON, kept until the store changes."""
        state = self.store.state()
        kept = self._documents
        if kept is None or kept[0] != state:
            kept = self._documents = (state, encode(document_list(self.store)))
        return kept[1]

    def rate(self, row: str, hypothesis: str, rating: str | None) -> None:
        """Save the analyst's rating (None: remove it) into ``case.yaml``; CaseError if
        there is none or it cannot be written."""
        with self._write_lock:
            save_ach_rating(self.directory, row, hypothesis, rating)

    def ingest(self, url: str, fetcher: Fetcher) -> dict:
        """Fetch, extract and store a page or a feed's entries, as ``sitrep ingest URL``
        does. Fetching runs beside other ingestions (a slow
        source holds no one else); extraction and storing, one document at a time. The
        pictures and the documents list take the new documents on their next use, as the
        store's document count has changed."""
        from sitrep.ingest import ingest_documents
        from sitrep.sources import iter_documents

        documents, errors = [], []

        def note(outcome) -> None:
            if isinstance(outcome, SourceError):
                errors.append(str(outcome))
            else:
                documents.append({"doc_id": outcome.doc_id, "name": outcome.name,
                                  "title": outcome.title, "status": outcome.status,
                                  "version": outcome.version})

        for item in iter_documents([url], fetcher=fetcher):
            with self._ingest_lock:
                ingest_documents([item], self.store, self._pipeline_for_case(), on_outcome=note)
        return {"url": url, "documents": documents, "errors": errors}

    def _pipeline_for_case(self):
        """The extraction pipeline for the case as it is now (built again when its region
        or knowledge packs change); called under the ingestion lock."""
        from sitrep.extract import build_pipeline
        from sitrep.knowledge import load_for_case

        case = self.case()
        knowledge = load_for_case(case)
        key = (case.watched_countries(), knowledge.key)
        if self._pipeline is None or self._pipeline[0] != key:
            self._pipeline = (key, build_pipeline(fast=self.fast, region=key[0],
                                                  knowledge=knowledge))
        return self._pipeline[1]

    def _read_case_file(self) -> bytes | None:
        try:
            return (self.directory / CASE_FILE).read_bytes()
        except FileNotFoundError:
            return None
