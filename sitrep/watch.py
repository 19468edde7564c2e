"""Live monitoring: poll the case's sources, ingest what is new, alert when the picture changes.

A round polls every source of ``case.yaml``'s ``watch.sources`` that is due. A poll is
a conditional GET with the ETag and Last-Modified of the source's last answer, so an
unchanged source costs a 304 and nothing else. A feed's entries not read before are
ingested (the keys of those read are kept); a page that changed becomes a new version
of its URL. The picture, built from the store once, takes each document new in the
store (this round's, and any ``sitrep ingest`` stored meanwhile) with ``Picture.add``,
and ``sitrep.alerts`` turns what changed into alerts.

A source that fails is tried again after ``backoff.first``, doubling with each error
in a row up to ``backoff.max``; the other sources go on. Poll times, validators, the
entries read and the alerts raised live in the store, so a restarted watcher goes on
where the last one stopped and raises no alert twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.alerts import Announced, Dispatcher, observe, payload, utc_text
from sitrep.analysis.picture import build_picture
from sitrep.case import Case, WatchSource
from sitrep.documents import Metadata
from sitrep.errors import SitrepError, SourceError
from sitrep.ingest import Outcome, ingest_documents
from sitrep.model import Document
from sitrep.sources import Fetcher
from sitrep.sources.feeds import FeedEntry, looks_like_feed, parse_feed
from sitrep.sources.web import Response, document_from_response, read_entry
from sitrep.store.store import SourceState, Store

if TYPE_CHECKING:  # naming the type loads no spaCy
    from sitrep.extract import Pipeline


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A conditional GET's answer: the response, or None when the source has not changed."""

    response: Response | None
    etag: str | None
    last_modified: str | None


@dataclass(slots=True)
class RoundReport:
    """What one round did."""

    at: dt.datetime
    polled: int = 0
    not_modified: int = 0
    failed: int = 0  # sources and feed entries that could not be read
    documents: list[str] = field(default_factory=list)  # ids of new documents and versions
    alerts: list[dict] = field(default_factory=list)

    def line(self, next_due: dt.datetime) -> str:
        if not self.polled:
            return f"{utc_text(self.at)} no source due; the next at {utc_text(next_due)}"
        return (f"{utc_text(self.at)} polled {self.polled} source(s): "
                f"{len(self.documents)} new document(s), {self.not_modified} not modified, "
                f"{self.failed} failed; {len(self.alerts)} alert(s)")


def conditional_get(fetcher: Fetcher, url: str, etag: str | None,
                    last_modified: str | None) -> Fetched:
    """GET with If-None-Match / If-Modified-Since, within the fetcher's limits and
    retries; FetchError naming the URL otherwise."""
    response = fetcher.get_if_changed(url, etag, last_modified)
    if response is None:
        return Fetched(None, etag, last_modified)
    return Fetched(response, response.etag, response.last_modified)


class Watcher:
    """Polls a case's sources into its store and raises alerts; ``clock`` and ``sleep``
    are injectable so that tests run rounds without waiting."""

    def __init__(self, case: Case, store: Store, pipeline: Pipeline, *, fetcher: Fetcher,
                 dispatcher: Dispatcher, clock: Callable[[], dt.datetime] = utc_now,
                 sleep: Callable[[float], None] = time.sleep,
                 warn: Callable[[str], None] = lambda message: None,
                 say: Callable[[str], None] = lambda message: None):
        self.case, self.store, self.pipeline = case, store, pipeline
        self.fetcher, self.dispatcher = fetcher, dispatcher
        self.clock, self.sleep, self.warn, self.say = clock, sleep, warn, say
        self.picture = build_picture(store.reports(), case)
        self.announced = Announced(store.alerts())
        self.states = store.watch_sources()

    def run(self, max_polls: int | None = None) -> None:
        """Round after round (the first at once, each next one when a source is due),
        ``max_polls`` rounds or until interrupted. Alerts a previous run recorded but
        did not get to send go out first."""
        for alert in self.store.alerts():
            if alert.delivered_at is None:
                self._send(alert.payload)
        rounds = 0
        while True:
            report = self.poll()
            self.say(report.line(self.next_due()))
            rounds += 1
            if max_polls is not None and rounds >= max_polls:
                return
            self.sleep(max(0.0, (self.next_due() - self.clock()).total_seconds()))

    def next_due(self) -> dt.datetime:
        """When the next source is due (now for one never polled)."""
        now = self.clock()
        return min((self.states[s.url].next_poll_at if s.url in self.states else now
                    for s in self.case.watch.sources), default=now)

    def poll(self) -> RoundReport:
        """One round: poll the sources that are due, update the picture, raise alerts."""
        report = RoundReport(self.clock())
        for source in self.case.watch.sources:
            state = self.states.get(source.url)
            if state is None or state.next_poll_at <= report.at:
                self._poll(source, state, report)
        # what this round stored, and what `sitrep ingest` or another watcher did meanwhile
        new = [d.id for d in self.store.documents() if d.id not in self.picture.reports]
        if new:
            for added in self.store.reports(doc_ids=new):
                self.picture.add(added)
        report.alerts = self._raise_alerts()
        return report

    # -- polling ----------------------------------------------------------------------

    def _poll(self, source: WatchSource, state: SourceState | None, report: RoundReport) -> None:
        """Fetch and ingest one source and keep its next poll time: ``every`` after an
        answer, the backoff after an error."""
        now = self.clock()
        report.polled += 1
        try:
            fetched = conditional_get(self.fetcher, source.url, state and state.etag,
                                      state and state.last_modified)
            if fetched.response is None:
                report.not_modified += 1
            elif source.kind == "feed":
                self._read_feed(source.url, fetched.response, report)
            else:
                self._ingest(document_from_response(fetched.response, Metadata(), Metadata()),
                             report)
        except SitrepError as error:
            failures = (state.failures if state else 0) + 1
            wait = min(self.case.watch.backoff.max,
                       self.case.watch.backoff.first * 2 ** (failures - 1))
            report.failed += 1
            self.warn(f"{error}; next try in {_duration(wait)} (error {failures} in a row)")
            self._save(SourceState(source.url, now + dt.timedelta(seconds=wait),
                                   state and state.etag, state and state.last_modified,
                                   now, failures, str(error)))
            return
        self._save(SourceState(source.url, now + dt.timedelta(seconds=source.every),
                               fetched.etag, fetched.last_modified, now))

    def _read_feed(self, url: str, response: Response, report: RoundReport) -> None:
        """Ingest the entries not read before; an entry that fails is reported and tried
        again when the feed next changes."""
        if not looks_like_feed(response.content_type, response.body):
            raise SourceError(url, f"not a feed ({response.content_type or 'no content type'}); "
                                   "watch a web page with kind: page")
        seen = self.store.seen_entries(url)
        for entry in parse_feed(response.body, source=url):
            key = _entry_key(entry)
            if key in seen:
                continue
            item = read_entry(entry, url, self.fetcher, Metadata())
            if isinstance(item, SourceError):
                report.failed += 1
                self.warn(str(item))
                continue
            if self._ingest(item, report):
                self.store.add_seen_entries(url, [key])
                seen.add(key)

    def _ingest(self, document: Document, report: RoundReport) -> bool:
        """Extract and store a document (one stored already is not extracted again);
        False when its extraction failed (reported)."""
        def note(outcome: Outcome) -> None:
            if isinstance(outcome, SourceError):
                report.failed += 1
                self.warn(str(outcome))
            elif outcome.status != "unchanged":
                report.documents.append(outcome.doc_id)

        return not ingest_documents([document], self.store, self.pipeline, skip_stored=True,
                                    on_outcome=note).failed

    def _save(self, state: SourceState) -> None:
        self.store.save_watch_source(state)
        self.states[state.url] = state

    # -- alerting ---------------------------------------------------------------------

    def _raise_alerts(self) -> list[dict]:
        """Record each change once (a key recorded already, by an earlier run or another
        watcher, is not sent again), then send it."""
        at, sent = self.clock(), []
        for observation in self.announced.changes(observe(self.picture,
                                                          self.case.watch.border_bands_km)):
            key = self.announced.key(observation)
            alert = payload(observation, key, self.announced.last.get(observation.subject), at,
                            self.case.name, self.picture)
            recorded = self.store.add_alert(key, observation.type, observation.subject,
                                            observation.value, at, alert)
            self.announced.note(observation.subject, observation.value)
            if recorded:
                self._send(alert)
                sent.append(alert)
        return sent

    def _send(self, alert: dict) -> None:
        self.dispatcher.send(alert)
        self.store.mark_alert_delivered(alert["key"], self.clock())


def _entry_key(entry: FeedEntry) -> str:
    """A feed entry's identity: its id or link, else (or when too long to keep) a hash of
    its title and content."""
    if entry.id and len(entry.id) <= 512:
        return entry.id
    text = f"{entry.id or ''}\n{entry.title or ''}\n{entry.content or ''}"
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size:g}{unit}"
    return f"{seconds:g}s"
