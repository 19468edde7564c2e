"""The picture as a STIX 2.1 bundle.

Mapping: each document is a ``report`` by its publisher's ``identity``; each statement
and event a ``note`` on that report (event fields in a property extension), placed by
a ``relationship`` to its ``location``; each claim an ``x-sitrep-claim`` with an
``opinion`` (disagree: contradicted, agree: confirmed) over the claim and its evidence;
each indicator an ``x-sitrep-indicator`` with a ``sighting`` when tripped; each
hypothesis an ``x-sitrep-hypothesis`` with ``consistent-with``/``inconsistent-with``
relationships from the ACH matrix; a ``grouping`` holds the case. The three new object
types and the property extension are declared by one ``extension-definition``.

Identifiers are UUIDv5 of natural keys and timestamps come from publication dates, so
the same picture always gives the same bundle.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sitrep.analysis.picture import Picture
from sitrep.model import Event, Ref, Report, Statement
from sitrep.outputs.exports import events
from sitrep.registry import vocabulary

NAMESPACE = uuid.UUID("6f1d3c2e-4a0b-5c7d-9e8f-0a1b2c3d4e5f")  # sitrep's own, fixed
EXTENSION = f"extension-definition--{uuid.uuid5(NAMESPACE, 'sitrep analysis extension 1')}"
EPOCH = dt.date(1970, 1, 1)


def stix_bundle(picture: Picture) -> dict:
    """The bundle as a JSON-ready dict (``stix2.parse(..., allow_custom=True)`` reads it)."""
    builder = _Builder(picture)
    builder.build()
    return {"type": "bundle", "id": _id("bundle", picture.case.name),
            "objects": list(builder.objects.values())}


def render_stix(picture: Picture) -> str:
    return json.dumps(stix_bundle(picture), ensure_ascii=False, indent=1) + "\n"


def _id(kind: str, *key: object) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join(map(str, (kind, *key))))}"


def _rating_relation(rating: str | None) -> str | None:
    """A rating with a positive score is "consistent-with", a negative one
    "inconsistent-with"; a neutral or missing one relates nothing."""
    score = vocabulary().ratings[rating].score if rating else 0
    return "consistent-with" if score > 0 else "inconsistent-with" if score < 0 else None


def _timestamp(day: dt.date | None) -> str:
    return f"{(day or EPOCH).isoformat()}T00:00:00.000Z"


class _Builder:
    def __init__(self, picture: Picture):
        self.picture = picture
        self.objects: dict[str, dict] = {}
        latest = max((r.published for r in picture.reports.values() if r.published),
                     default=None)
        self.now = _timestamp(latest)
        self.producer = _id("identity", "sitrep")

    def build(self) -> None:
        self._put({"type": "identity", "id": self.producer, "name": "sitrep",
                   "identity_class": "system"}, None)
        self._put({"type": "extension-definition", "id": EXTENSION,
                   "name": "sitrep analysis",
                   "description": "Claims, hypotheses and indicators of a sitrep situation "
                                  "picture, and the fields of its statements and events.",
                   "schema": "sitrep: claims, hypotheses, indicators (see the sitrep README)",
                   "version": "1.0.0", "extension_types": ["new-sdo", "property-extension"]},
                  None)
        notes = self._documents()
        self._claims(notes)
        indicator_ids = self._indicators()
        self._hypotheses(indicator_ids)
        self._put({"type": "grouping", "id": _id("grouping", self.picture.case.name),
                   "name": self.picture.case.name, "context": "suspicious-activity",
                   "object_refs": [i for i in self.objects if i != EXTENSION]}, None)

    # -- documents, statements, events ----------------------------------------------------

    def _documents(self) -> dict[Ref, str]:
        """Reports, their notes and places; the note id of every statement and event."""
        notes: dict[Ref, str] = {}
        refs_of: dict[str, list[str]] = {}
        for report in self.picture.reports.values():
            for statement in report.statements:
                note = self._statement_note(report, statement)
                notes[Ref(report.doc_id, statement.id)] = note
                refs_of.setdefault(report.doc_id, []).append(note)
        for item in events(self.picture):
            note = self._event_note(item.report, item.event)
            notes[Ref(item.report.doc_id, item.event.id)] = note
            refs_of.setdefault(item.report.doc_id, []).append(note)
            if item.point is not None:
                location = self._location(item.point)
                self._relationship(note, "located-at", location, item.report.published,
                                   f"{item.role}: {item.point.name}")
        for report in self.picture.reports.values():
            publisher = self._identity(report.publisher or "unknown source", "organization")
            self._put({"type": "report", "id": _id("report", report.doc_id),
                       "name": report.title or report.name,
                       "published": _timestamp(report.published),
                       "report_types": ["threat-report"], "created_by_ref": publisher,
                       "object_refs": refs_of.get(report.doc_id) or [publisher],
                       "external_references": [{"source_name": report.publisher or "unknown",
                                                 "url": report.url,
                                                 "external_id": report.doc_id}
                                                if report.url else
                                                {"source_name": report.publisher or "unknown",
                                                 "external_id": report.doc_id}]},
                      report.published)
        return notes

    def _statement_note(self, report: Report, statement: Statement) -> str:
        note = _id("note", report.doc_id, statement.id)
        fields = {"item": "statement", "kind": statement.kind, "speaker": statement.speaker,
                  "speaker_side": statement.speaker_side, "quote": statement.quote,
                  **self._provenance(report, statement.id, statement.start, statement.end)}
        self._put({"type": "note", "id": note,
                   "abstract": f"{statement.kind} by {statement.speaker or 'unattributed'}",
                   "content": statement.text, "authors": [statement.speaker or "unattributed"],
                   "object_refs": [_id("report", report.doc_id)],
                   "extensions": {EXTENSION: {"extension_type": "property-extension",
                                              **_clean(fields)}}}, report.published)
        return note

    def _event_note(self, report: Report, event: Event) -> str:
        note = _id("note", report.doc_id, event.id)
        start, end = event.time.start, event.time.end
        fields = {"item": "event", "kind": event.kind, "modality": event.modality,
                  "negated": event.negated, "hedged": event.hedged, "actor": event.actor,
                  "actor_side": event.actor_side, "subject": event.subject,
                  "quantity": event.quantity, "origin": event.origin,
                  "destination": event.destination, "via": event.via or None,
                  "location": event.location, "time_start": start.iso() if start else None,
                  "time_end": end.iso() if end else None, "plover": event.plover,
                  "plover_mode": event.plover_mode, "cameo": event.cameo,
                  "asserted_by": event.asserted_by,
                  **self._provenance(report, event.id, event.start, event.end)}
        negated = " (did not happen)" if event.negated else ""
        self._put({"type": "note", "id": note,
                   "abstract": f"{event.kind}, {event.modality}{negated}",
                   "content": event.text, "object_refs": [_id("report", report.doc_id)],
                   "extensions": {EXTENSION: {"extension_type": "property-extension",
                                              **_clean(fields)}}}, report.published)
        return note

    def _provenance(self, report: Report, item_id: str, start: int, end: int) -> dict:
        return {"ref": self.picture.cite(Ref(report.doc_id, item_id)), "doc_id": report.doc_id,
                "start": start, "end": end}

    def _location(self, point) -> str:
        location = _id("location", point.name, round(point.lat, 4), round(point.lon, 4))
        if location not in self.objects:
            fields = {"type": "location", "id": location, "name": point.name,
                      "latitude": round(point.lat, 6), "longitude": round(point.lon, 6)}
            if point.country and len(point.country) == 2:
                fields["country"] = point.country
            self._put(fields, None)
        return location

    def _identity(self, name: str, identity_class: str) -> str:
        identity = _id("identity", name)
        if identity not in self.objects:
            self._put({"type": "identity", "id": identity, "name": name,
                       "identity_class": identity_class}, None)
        return identity

    # -- analysis ---------------------------------------------------------------------

    def _claims(self, notes: dict[Ref, str]) -> None:
        for record in self.picture.finder.records.values():
            item = record.claim.item
            # by side too: an agreement of both sides is a claim of each
            claim = _id("x-sitrep-claim", item.ref.doc_id, item.ref.item_id, item.side)
            self._put({"type": "x-sitrep-claim", "id": claim,
                       "name": f"{item.speaker or item.side or 'unattributed'}: "
                               f"{record.claim.assertion}",
                       "assertion": record.claim.assertion, "status": record.status,
                       "side": item.side, "claimant": item.speaker,
                       "claim_ref": self.picture.cite(item.ref),
                       "object_refs": [notes[item.ref]] if item.ref in notes else [],
                       "extensions": {EXTENSION: {"extension_type": "new-sdo"}}}, item.date)
            evidence = record.against if record.status == "contradicted" else record.confirming
            if record.status == "open" or not evidence:
                continue
            self._put({"type": "opinion", "id": _id("opinion", claim),
                       "opinion": "disagree" if record.status == "contradicted" else "agree",
                       "explanation": "; ".join(f"{e.reason} ({self.picture.cite(e.item.ref)})"
                                                for e in evidence),
                       "authors": ["sitrep"],
                       "object_refs": [claim, *(notes[e.item.ref] for e in evidence
                                                if e.item.ref in notes)]},
                      max(e.item.date for e in evidence))

    def _indicators(self) -> dict[str, str]:
        ids = {}
        for state in self.picture.indicators():
            indicator = _id("x-sitrep-indicator", state.indicator.id)
            ids[state.indicator.id] = indicator
            self._put({"type": "x-sitrep-indicator", "id": indicator,
                       "name": state.indicator.name, "indicator_id": state.indicator.id,
                       "status": state.status, "sources": state.sources,
                       "extensions": {EXTENSION: {"extension_type": "new-sdo"}}}, None)
            if state.status in vocabulary().tripped:
                hits = [h for h in state.hits if not h.against]
                self._put({"type": "sighting", "id": _id("sighting", state.indicator.id),
                           "sighting_of_ref": indicator, "count": len(hits),
                           "first_seen": _timestamp(state.first_seen),
                           "last_seen": _timestamp(state.last_seen),
                           "description": "; ".join(self.picture.cite(h.ref) for h in hits)},
                          state.last_seen)
        return ids

    def _hypotheses(self, indicator_ids: dict[str, str]) -> None:
        result = self.picture.ach()
        if result is None:
            return
        scores = {s.id: s for s in result.scores}
        for hypothesis in self.picture.case.hypotheses:
            score = scores[hypothesis.id]
            hypothesis_id = _id("x-sitrep-hypothesis", hypothesis.id)
            self._put({"type": "x-sitrep-hypothesis", "id": hypothesis_id,
                       "name": hypothesis.name, "hypothesis_id": hypothesis.id,
                       "description": hypothesis.description, "rank": score.rank,
                       "inconsistency": round(score.inconsistency, 4),
                       "leader": result.leader == hypothesis.id,
                       "extensions": {EXTENSION: {"extension_type": "new-sdo"}}}, None)
            for row in result.rows:
                rating = row.ratings.get(hypothesis.id)
                target = indicator_ids.get(row.id.removeprefix("indicator:"))
                relation = _rating_relation(rating)
                if relation and target:
                    self._relationship(hypothesis_id, relation, target, None,
                                       f"ACH rating {rating}")

    # -- plumbing ---------------------------------------------------------------------

    def _relationship(self, source: str, kind: str, target: str, day: dt.date | None,
                      description: str) -> None:
        self._put({"type": "relationship", "id": _id("relationship", source, kind, target),
                   "relationship_type": kind, "source_ref": source, "target_ref": target,
                   "description": description}, day)

    def _put(self, fields: dict, day: dt.date | None) -> None:
        """Add an object stamped with its day (else the picture's latest), made by sitrep
        unless it names its own maker."""
        stamp = _timestamp(day) if day else self.now
        record = {"type": fields["type"], "spec_version": "2.1", "id": fields["id"],
                  "created": stamp, "modified": stamp, **fields}
        if fields["type"] != "identity":
            record.setdefault("created_by_ref", self.producer)
        self.objects[fields["id"]] = _clean(record)


def _clean(fields: dict) -> dict:
    """STIX has no nulls: absent fields are left out."""
    return {key: value for key, value in fields.items() if value is not None}
