"""Alerts: what changed in the picture since the last alert, and sending it out.

``observe`` reads the picture as a set of subjects, each with its current value: an
indicator's status, a contradicted claim, the closest border band a track has
reached, the leading hypothesis. ``Announced`` holds the value last announced for
each subject (read back from the store's alerts, so it survives restarts) and says
which observations are changes worth an alert. ``Dispatcher`` writes each alert to
the terminal, the JSONL log and the webhook. The payload is documented in
docs/watch.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx

from sitrep.analysis.ach import AchResult
from sitrep.analysis.contradictions import ClaimRecord
from sitrep.analysis.indicators import IndicatorState
from sitrep.analysis.picture import Picture
from sitrep.analysis.tracks import Track
from sitrep.model import Ref
from sitrep.registry import vocabulary
from sitrep.store.store import StoredAlert

MAX_CITATIONS = 5  # per alert: an indicator may rest on hundreds of sentences
INSIDE = "inside"
WEBHOOK_ATTEMPTS = 3
WEBHOOK_TIMEOUT = 10.0  # seconds per attempt


@dataclass(frozen=True, slots=True)
class Observation:
    """One subject of the picture and its value now, with what an alert on it says."""

    type: str  # indicator | contradiction | track | leader
    subject: str  # "indicator:ID", "contradiction:DOCID#ITEM", "track:SUBJECT", "leader"
    value: str  # status, "contradicted", "closer:300km" or "inside", hypothesis id
    summary: str
    details: dict
    cited: tuple[tuple[Ref, str], ...]  # (item, its sentence), most telling first

    @property
    def key(self) -> str:
        """The change, as receivers may deduplicate it: "indicator:ID:reported",
        "contradiction:DOCID#ITEM", "track:SUBJECT:closer:300km", "leader:H2"."""
        return self.subject if self.type == "contradiction" else f"{self.subject}:{self.value}"

    def supersedes(self, last: str | None) -> bool:
        """Whether the value is news after the one last announced (None: none yet)."""
        if self.type == "track":
            return last is None or _band(self.value) < _band(last)
        if self.type == "indicator":
            return self.value != last and self.value != "not seen"
        return self.value != last


def observe(picture: Picture, bands_km: tuple[float, ...]) -> list[Observation]:
    """Every subject of the picture with its current value."""
    indicators = picture.indicators()
    found = [_indicator(state) for state in indicators]
    found += [_contradiction(picture, record) for record in picture.contradictions()]
    found += [t for t in (_track(picture, track, bands_km) for track in picture.tracks()) if t]
    result = picture.ach(indicators)
    if result is not None and result.evidence_count:
        found.append(_leader(picture, result, indicators))
    return found


class Announced:
    """The value last announced for each subject, and how often each value was."""

    def __init__(self, history: Iterable[StoredAlert] = ()):
        self.last: dict[str, str] = {}
        self.times: Counter = Counter()  # (subject, value) -> alerts raised on it
        for alert in history:
            self.note(alert.subject, alert.value)

    def changes(self, observations: list[Observation]) -> list[Observation]:
        return [o for o in observations if o.supersedes(self.last.get(o.subject))]

    def key(self, observation: Observation) -> str:
        """The observation's key; a value the subject had before (the lead going back
        to H1) is a new change and gets "/2", "/3"."""
        times = self.times[observation.subject, observation.value]
        return observation.key if not times else f"{observation.key}/{times + 1}"

    def note(self, subject: str, value: str) -> None:
        self.last[subject] = value
        self.times[subject, value] += 1


def payload(observation: Observation, key: str, was: str | None, at: dt.datetime, case: str,
            picture: Picture) -> dict:
    """The alert as JSON: type, key, at, case, summary, details (with the value last
    announced, ``was``), citations."""
    summary = observation.summary + (f" (was {_words(was)})" if was else "")
    return {"type": observation.type, "key": key, "at": utc_text(at), "case": case,
            "summary": summary, "details": {**observation.details, "was": was},
            "citations": [_citation(picture, ref, text)
                          for ref, text in observation.cited[:MAX_CITATIONS]]}


def utc_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def terminal_line(alert: dict) -> str:
    """One line: time, summary (which names the type), citations."""
    cites = ", ".join(c["ref"] for c in alert["citations"])
    return f"{alert['at']} {alert['summary']}" + (f" [{cites}]" if cites else "")


class Dispatcher:
    """Sends alerts to the terminal, the append-only JSONL log and the webhook.

    A webhook that fails gets WEBHOOK_ATTEMPTS tries, a second, then two apart; then a
    warning, and the alert stays in the log: a receiver's trouble never stops the watch.
    """

    def __init__(self, log: Path, webhook: str | None, *, echo: Callable[[str], None],
                 warn: Callable[[str], None], sleep: Callable[[float], None]):
        self.log = log
        self.webhook = webhook
        self.echo, self.warn, self.sleep = echo, warn, sleep
        self.client = httpx.Client(timeout=WEBHOOK_TIMEOUT)

    def send(self, alert: dict) -> None:
        self.echo(terminal_line(alert))
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(alert, ensure_ascii=False) + "\n")
        if self.webhook:
            self._post(alert)

    def _post(self, alert: dict) -> None:
        problem = ""
        for attempt in range(1, WEBHOOK_ATTEMPTS + 1):
            try:
                response = self.client.post(self.webhook, json=alert)
                if response.is_success:
                    return
                problem = f"HTTP {response.status_code} {response.reason_phrase}"
            except httpx.HTTPError as error:
                problem = f"{error.__class__.__name__}: {error}"
            if attempt < WEBHOOK_ATTEMPTS:
                self.sleep(attempt)
        self.warn(f"webhook {self.webhook}: alert {alert['key']} not delivered after "
                  f"{WEBHOOK_ATTEMPTS} attempts ({problem}); it is in {self.log}")

    def close(self) -> None:
        self.client.close()


# -- the observations ---------------------------------------------------------------

def _indicator(state: IndicatorState) -> Observation:
    indicator = state.indicator
    against = state.status == "contradicted"
    hits = sorted((h for h in state.hits if h.against == against),
                  key=lambda h: (h.date is not None, h.date), reverse=True)
    return Observation(
        "indicator", f"indicator:{indicator.id}", state.status,
        f"indicator {indicator.id} ({indicator.name}) is {state.status}: "
        f"{state.sources} independent source(s) for, {state.sources_against} against",
        {"indicator": indicator.id, "name": indicator.name, "status": state.status,
         "tripped": state.status in vocabulary().tripped, "sources": state.sources,
         "sources_against": state.sources_against,
         "first_seen": _iso(state.first_seen), "last_seen": _iso(state.last_seen)},
        tuple((h.ref, h.text) for h in hits))


def _contradiction(picture: Picture, record: ClaimRecord) -> Observation:
    claim = record.claim.item
    return Observation(
        "contradiction", f"contradiction:{claim.ref.doc_id}#{claim.ref.item_id}", "contradicted",
        f"contradicted claim {picture.cite(claim.ref)}: {record.why}",
        {"claim": picture.cite(claim.ref), "speaker": claim.speaker, "side": claim.side,
         "assertion": record.claim.assertion, "date": _iso(claim.date),
         "evidence": [{"ref": picture.cite(e.item.ref), "reason": e.reason}
                      for e in record.against]},
        ((claim.ref, claim.text), *((e.item.ref, e.item.text) for e in record.against)))


def _track(picture: Picture, track: Track, bands_km: tuple[float, ...]) -> Observation | None:
    """The track's closest point to the border, if it lies within a band."""
    placed = [p for p in track.points if p.position is not None]
    if not placed:
        return None
    closest = min(placed, key=lambda p: 0.0 if p.position.inside else p.position.border_km)
    km = 0.0 if closest.position.inside else closest.position.border_km
    band = next((b for b in bands_km if km <= b), None)
    if band is None:
        return None
    country = picture.geography.country
    value = INSIDE if closest.position.inside else f"closer:{band:g}km"
    where = (f"reported inside {country}" if closest.position.inside
             else f"within {band:g} km of the {country} border ({km:.0f} km)")
    return Observation(
        "track", f"track:{track.key}", value,
        f"track {track.subject} {where} at {closest.place} ({closest.date or 'undated'})",
        {"subject": track.subject, "band_km": None if closest.position.inside else band,
         "inside": closest.position.inside, "border_km": closest.position.border_km,
         "place": closest.place, "lat": closest.lat, "lon": closest.lon,
         "date": closest.date, "places": track.places},
        ((closest.ref, closest.text),))


def _leader(picture: Picture, result: AchResult,
            indicators: list[IndicatorState]) -> Observation:
    """The leading hypothesis, cited by the diagnostic evidence that favours it most."""
    leader = result.scores[0]
    states = {f"indicator:{s.indicator.id}": s for s in indicators}
    claims = {picture.cite(record.claim.item.ref): record
              for record in picture.finder.records.values()}
    cited: list[tuple[Ref, str]] = []
    for row in result.most_diagnostic:
        if leader.id not in row.supports_most:
            continue
        if row.id in states:
            cited += [(h.ref, h.text) for h in states[row.id].hits if not h.against][:2]
        elif row.id.rsplit(":", 1)[0] in claims:  # a denial, read one way
            item = claims[row.id.rsplit(":", 1)[0]].claim.item
            cited.append((item.ref, item.text))
    return Observation(
        "leader", "leader", leader.id,
        f"leading hypothesis {leader.id} ({leader.name}): {_standing(result)}, "
        f"over {result.evidence_count} evidence row(s)",
        {"leader": leader.id, "name": leader.name, "words": result.leader_words,
         "tied": list(result.tied), "evidence_rows": result.evidence_count,
         "scores": [{"id": s.id, "share": round(s.share, 3),
                     "inconsistency": round(s.inconsistency, 3)} for s in result.scores],
         "most_diagnostic": [row.label for row in result.most_diagnostic]},
        tuple(dict.fromkeys(cited)))


def _citation(picture: Picture, ref: Ref, text: str) -> dict:
    report = picture.reports.get(ref.doc_id)
    return {"ref": picture.cite(ref), "publisher": report.publisher if report else None,
            "published": _iso(report.published) if report else None,
            "url": report.url if report else None, "text": text}


def _words(value: str) -> str:
    """A value as a summary says it: "closer:300km" is "within 300 km"."""
    return f"within {value.removeprefix('closer:').removesuffix('km')} km" \
        if value.startswith("closer:") else value


def _band(value: str) -> float:
    return 0.0 if value == INSIDE else float(value.removeprefix("closer:").removesuffix("km"))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _standing(result) -> str:
    """How the leader stands: tied with others, its words of likelihood, or no clear lead."""
    if result.tied:
        return "tied with " + ", ".join(t for t in result.tied if t != result.leader)
    return result.leader_words or "no clear leader"
