"""The brief: the picture as it stood on a date, and what changed since the previous brief.

Built from the store's reports published by ``as_of`` (all of them when no date is
given). "New since" compares with the summary the store kept of the latest earlier
brief marked read (``sitrep brief --mark-read``, ``Store.record_brief``): its documents,
indicator statuses and leading hypothesis. Building a brief records nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sitrep.analysis.ach import AchResult
from sitrep.analysis.contradictions import ClaimRecord
from sitrep.analysis.indicators import IndicatorState
from sitrep.analysis.picture import Picture, SourceRecord, build_picture
from sitrep.analysis.tracks import Track
from sitrep.case import Case
from sitrep.model import Ref, Report, Statement
from sitrep.registry import vocabulary
from sitrep.store import Store


@dataclass(slots=True)
class Changes:
    """What is new since the previous brief."""

    previous_as_of: dt.date | None
    documents: list[str] = field(default_factory=list)  # names of documents new since then
    contradictions: list[str] = field(default_factory=list)  # claims newly contradicted (cites)
    indicators: list[tuple[str, str, str]] = field(default_factory=list)  # id, was, is
    leader_was: str | None = None


@dataclass(slots=True)
class Brief:
    case: Case
    as_of: dt.date | None
    picture: Picture
    documents: int
    first_published: dt.date | None
    last_published: dt.date | None
    publishers: list[tuple[str, int]]
    tracks: list[Track]
    contradictions: list[ClaimRecord]
    indicators: list[IndicatorState]
    ach: AchResult | None
    sources: list[SourceRecord]
    statements: list[tuple[Statement, Report]]
    changes: Changes
    limit: int = 10  # items a rendering lists of each kind; the counts always cover all

    def summary(self) -> dict:
        """What the next brief compares itself with."""
        return {"documents": sorted(self.picture.reports),
                "contradictions": [self.picture.cite(c.claim.item.ref) for c in self.contradictions],
                "indicators": {s.indicator.id: s.status for s in self.indicators},
                "leader": self.ach.leader if self.ach and self.ach.evidence_count else None}


def build_brief(store: Store, case: Case, *, as_of: dt.date | None = None,
                limit: int = 10) -> Brief:
    """The brief of the case as of a date (None: everything stored)."""
    reports = store.reports(as_of=as_of)
    picture = build_picture(reports, case)
    indicators = picture.indicators()
    contradictions = picture.contradictions()
    dates = [r.published for r in reports if r.published]
    publishers = Counter(r.publisher or "(unknown publisher)" for r in reports)
    brief = Brief(case=case, as_of=as_of, picture=picture, documents=len(reports),
                  first_published=min(dates, default=None), last_published=max(dates, default=None),
                  publishers=publishers.most_common(), tracks=picture.tracks(),
                  contradictions=contradictions, indicators=indicators,
                  ach=picture.ach(indicators), sources=picture.source_records(),
                  statements=_key_statements(reports, limit), changes=Changes(None), limit=limit)
    previous = store.previous_brief(as_of)
    if previous is not None:
        brief.changes = _changes(brief, *previous)
    return brief


def _key_statements(reports: list[Report], limit: int) -> list[tuple[Statement, Report]]:
    """The latest statements by named speakers of the kinds the registry puts in the brief,
    newest first."""
    kinds = vocabulary().statement_kinds
    found = [(s, r) for r in reports for s in r.statements
             if s.speaker and s.kind in kinds and kinds[s.kind].in_brief]
    found.sort(key=lambda pair: ((pair[0].date.date if pair[0].date else dt.date.min),
                                 pair[1].published or dt.date.min), reverse=True)
    return found[:limit]


def _changes(brief: Brief, previous_as_of: dt.date | None, summary: dict) -> Changes:
    seen = set(summary.get("documents", []))
    reports = brief.picture.reports
    changes = Changes(previous_as_of)
    changes.documents = sorted((reports[d].name for d in reports if d not in seen))
    known = set(summary.get("contradictions", []))
    changes.contradictions = [cite for cite in (brief.picture.cite(c.claim.item.ref)
                                                for c in brief.contradictions) if cite not in known]
    was = summary.get("indicators", {})
    changes.indicators = [(s.indicator.id, was.get(s.indicator.id, "not seen"), s.status)
                          for s in brief.indicators
                          if was.get(s.indicator.id, "not seen") != s.status]
    changes.leader_was = summary.get("leader")
    return changes


def cite_ref(picture: Picture, ref: Ref) -> str:
    """Where an item was read: publisher, date, and "DOCNAME#ID"."""
    report = picture.reports.get(ref.doc_id)
    if report is None:
        return picture.cite(ref)
    return (f"{report.publisher or 'unknown publisher'}, {report.published or 'undated'}, "
            f"{picture.cite(ref)}")
