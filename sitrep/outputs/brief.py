"""The brief as plain text, Markdown or JSON; every item with its citation: publisher,
publication date, "DOCNAME#ID", the date it is reported for, and the article's URL or
file (``sources.py``); in JSON each cited item also carries its sentence and offsets.

Text and Markdown share one layout: a list of sections, each a title and its lines
(a line starting with two spaces continues the item above it).
"""

from __future__ import annotations

import json
import textwrap

from sitrep.analysis.brief import Brief
from sitrep.model import Ref
from sitrep.outputs.sources import Sources
from sitrep.registry import vocabulary

WIDTH = 100


def render_brief(brief: Brief, output_format: str = "text") -> str:
    """``text``, ``md`` or ``json``."""
    if output_format == "json":
        return json.dumps(brief_json(brief), ensure_ascii=False, indent=2) + "\n"
    title, sections = _sections(brief, Sources(brief.picture, markdown=output_format == "md"))
    if output_format == "md":
        out = [f"# {title}", ""]
        for heading, lines in sections:
            out += [f"## {heading}", ""]
            out += [(f"  {line.strip()}" if line.startswith("  ") else f"- {line}") for line in lines]
            out.append("")
        return "\n".join(out)
    out = [title, "=" * len(title)]
    for heading, lines in sections:
        out += ["", heading, "-" * len(heading)]
        for line in lines:
            indent = "      " if line.startswith("  ") else ""
            # an address is never broken: it must still open when copied
            out += textwrap.wrap(line.strip(), WIDTH, initial_indent=indent,
                                 subsequent_indent=indent + "  ", break_long_words=False,
                                 break_on_hyphens=False) or [""]
    return "\n".join(out) + "\n"


def _sections(brief: Brief, sources: Sources) -> tuple[str, list[tuple[str, list[str]]]]:
    case = brief.case
    title = f"SITREP: {case.name}" + (f" (country at risk: {case.country_at_risk})"
                                      if case.country_at_risk else "")
    title += f", as of {brief.as_of}" if brief.as_of else ""
    if not brief.documents:
        return title, [("Summary", ["The store holds no documents published by then: add "
                                    "reports with `sitrep ingest PATH|URL|FEED`."])]
    span = (f", published {brief.first_published} to {brief.last_published}"
            if brief.first_published else "")
    summary = [f"{brief.documents} documents from {len(brief.publishers)} publishers{span}.",
               "Sources: " + ", ".join(f"{name} ({n})" for name, n in brief.publishers)]
    summary.append(_bottom_line(brief))
    return title, [
        ("Summary", summary), ("New since the last brief marked read", _changes(brief)),
        ("Contradictions (say–do gap)", _contradictions(brief, sources) or ["none found"]),
        ("Tracks", _tracks(brief, sources) or ["no unit or named system was placed twice"]),
        _indicators(brief, sources),
        ("Competing hypotheses (ACH)", _ach(brief)),
        ("Sources' claims", [
            f"{r.source}{f' ({r.side})' if r.side else ''}: {r.contradicted} contradicted, "
            f"{r.confirmed} confirmed, {r.open} open" for r in brief.sources] or ["no claims"]),
        ("Key statements", _statements(brief, sources) or ["none extracted"])]


def _contradictions(brief: Brief, sources: Sources) -> list[str]:
    """Each contradicted claim with the sentences against it, each sentence once."""
    lines = []
    for record in brief.contradictions[:brief.limit]:
        count = brief.picture.independent(e.item.ref for e in record.against)
        lines.append(f"{record.why} ({count} independent source(s) against)")
        lines.append(f"  claim: \"{record.claim.item.text}\" — "
                     f"{sources.cite(record.claim.item.ref)}")
        quoted = {(e.item.ref.doc_id, e.item.start): e for e in record.against}
        lines += [f"  against: \"{e.item.text}\" — {sources.cite(e.item.ref)}"
                  for e in quoted.values()]
    return lines + _more(brief.contradictions, brief.limit, "contradicted claim(s)")


def _tracks(brief: Brief, sources: Sources) -> list[str]:
    """Each track's places, then its latest points with distance to the border."""
    lines = []
    for track in brief.tracks[:brief.limit]:
        count = brief.picture.independent(point.ref for point in track.points)
        lines.append(f"{track.subject} ({track.side or 'side unknown'}): "
                     f"{' → '.join(track.places)} ({count} independent source(s))")
        lines += [_withdrawal(w, sources) for w in track.withdrawals()]
        for point in _latest(track.points, brief.limit):
            where = f"{point.place}"
            if point.lat is not None:
                where += f" ({point.lat:.2f}, {point.lon:.2f})"
            if point.position:
                p = point.position
                where += (f", {'inside, ' if p.inside else ''}{p.border_km:.0f} km from the border"
                          + (f", capital to the {p.compass} ({p.bearing:.0f}°)" if p.compass else ""))
            lines.append(f"  {point.date or 'undated'} {point.role}: {where} — "
                         f"{sources.cite(point.ref)}")
    return lines + _more(brief.tracks, brief.limit, "track(s)")


def _withdrawal(withdrawal, sources: Sources) -> str:
    """Whether a withdrawal on a track lasted, citing the point that undid it."""
    end = withdrawal.end
    said = f"  withdrawal to {end.place} ({end.date or 'undated'}): "
    undone = withdrawal.undone_by
    if undone is None:
        return said + "lasted (no later report back)"
    return (said + f"did not last: at {undone.place} on {undone.date or 'an undated day'} — "
            f"{sources.cite(undone.ref)}")


def _indicators(brief: Brief, sources: Sources) -> tuple[str, list[str]]:
    """The indicators board: its heading counts the tripped ones."""
    board = []
    for state in brief.indicators:
        seen = (f", first {state.first_seen}, last {state.last_seen}" if state.first_seen else "")
        board.append(f"[{state.status}] {state.indicator.name} — {state.sources} independent "
                     f"source(s){seen}")
        board += [f"  \"{hit.text}\" — {sources.cite(hit.ref)}"
                  for hit in state.hits[:3]]
    tripped = sum(s.status in vocabulary().tripped for s in brief.indicators)
    return (f"Indicators ({tripped} of {len(brief.indicators)} tripped)",
            board or ["the case defines no indicators"])


def _statements(brief: Brief, sources: Sources) -> list[str]:
    lines = []
    for statement, report in brief.statements:
        lines.append(f"{statement.speaker} ({statement.kind}): {statement.text}")
        lines.append(f"  — {sources.cite(Ref(report.doc_id, statement.id))}")
    return lines


def _more(items: list, limit: int, what: str) -> list[str]:
    """The line that says how many items a long list leaves out."""
    return [f"… and {len(items) - limit} more {what}"] if len(items) > limit else []


def _latest(points: list, limit: int) -> list:
    """A long track's latest points: where it is heading matters most."""
    return points[-limit * 2:] if len(points) > limit * 2 else points


def _bottom_line(brief: Brief) -> str:
    result = brief.ach
    if result is None:
        return "Bottom line: the case defines no hypotheses."
    if not result.evidence_count:
        return "Bottom line: no evidence bears on the hypotheses yet."
    leader = result.scores[0]
    if result.tied:
        names = " and ".join(f"\"{s.name}\" ({s.id})" for s in result.scores
                             if s.id in result.tied)
        return (f"Bottom line: a tie: the evidence does not tell {names} apart "
                f"({leader.share:.0%} of the weight each).")
    if result.leader_words is None:
        return (f"Bottom line: no clear leader: \"{leader.name}\" ({leader.id}) leads with "
                f"{leader.share:.0%} of the weight, less than the others together.")
    return (f"Bottom line: it is {result.leader_words} ({leader.share:.0%} of the weight) that "
            f"the situation is best described as \"{leader.name}\" ({leader.id}).")


def _changes(brief: Brief) -> list[str]:
    changes = brief.changes
    if changes.previous_as_of is None:
        return ["no brief of this case is marked read yet (`sitrep brief --mark-read`): "
                "everything above is new"]
    lines = [f"since the brief as of {changes.previous_as_of} marked read: "
             f"{len(changes.documents)} new document(s)"
             + (f" ({', '.join(changes.documents[:10])})" if changes.documents else "")]
    lines += [f"newly contradicted: {cite}" for cite in changes.contradictions]
    lines += [f"indicator {ident}: {was} → {now}" for ident, was, now in changes.indicators]
    leader = brief.ach.leader if brief.ach and brief.ach.evidence_count else None
    if changes.leader_was != leader:
        lines.append(f"leading hypothesis: {changes.leader_was or 'none'} → {leader or 'none'}")
    return lines


def _ach(brief: Brief) -> list[str]:
    result = brief.ach
    if result is None:
        return ["the case defines no hypotheses"]
    lines = [f"{s.rank}. {s.id} {s.name}: weighted inconsistency {s.inconsistency:.2f}, "
             f"share {s.share:.0%}" for s in result.scores]
    lines.append(f"evidence rows: {result.evidence_count}")
    for row in result.most_diagnostic:
        lines.append(f"most diagnostic: {row.label} (diagnosticity {row.diagnosticity:.2f}; "
                     f"supports {', '.join(row.supports_most)}, undermines "
                     f"{', '.join(row.undermines_most)})")
    for check in result.sensitivity:
        verdict = ("leader changes" if check.leader_changes else
                   "order changes" if check.order_changes else "ranking holds")
        lines.append(f"sensitivity — {check.name}: {' > '.join(check.ranking)} ({verdict}; "
                     f"{check.dropped} row(s) dropped)")
    return lines


def brief_json(brief: Brief) -> dict:
    """The brief as JSON-ready data, citations as "DOCNAME#ID", each cited item's
    provenance beside it (``source``: document, publisher, publication date, URL or
    file, sentence and offsets)."""
    picture, sources = brief.picture, Sources(brief.picture)
    return {
        "case": brief.case.name, "as_of": str(brief.as_of) if brief.as_of else None,
        "documents": brief.documents,
        "published": [str(brief.first_published) if brief.first_published else None,
                      str(brief.last_published) if brief.last_published else None],
        "publishers": dict(brief.publishers),
        "bottom_line": _bottom_line(brief),
        "new": {"previous_as_of": str(brief.changes.previous_as_of)
                if brief.changes.previous_as_of else None,
                "documents": brief.changes.documents,
                "contradictions": brief.changes.contradictions,
                "indicators": [{"id": i, "was": was, "is": now}
                               for i, was, now in brief.changes.indicators]},
        "contradictions": [{
            "claim": picture.cite(r.claim.item.ref), "speaker": r.claim.item.speaker,
            "side": r.claim.item.side, "date": str(r.claim.item.date), "text": r.claim.item.text,
            "source": sources.of(r.claim.item.ref),
            "evidence": [{"ref": picture.cite(e.item.ref), "reason": e.reason, "text": e.item.text,
                          "source": sources.of(e.item.ref)} for e in r.against],
            "why": r.why, "sources": picture.independent(e.item.ref for e in r.against)}
            for r in brief.contradictions[:brief.limit]],
        "contradictions_total": len(brief.contradictions),
        "tracks": [{"subject": t.subject, "places": t.places, "points": [{
            "place": p.place, "role": p.role, "date": p.date, "lat": p.lat, "lon": p.lon,
            "border_km": p.position.border_km if p.position else None,
            "inside": p.position.inside if p.position else None,
            "bearing_to_capital": p.position.bearing if p.position else None,
            "ref": picture.cite(p.ref), "source": sources.of(p.ref)}
            for p in _latest(t.points, brief.limit)],
            "points_total": len(t.points), "side": t.side,
            "sources": picture.independent(p.ref for p in t.points),
            "withdrawals": [{
                "place": w.end.place, "date": w.end.date, "left": list(w.left),
                "lasted": w.lasted, "ref": picture.cite(w.end.ref),
                "undone_by": picture.cite(w.undone_by.ref) if w.undone_by else None}
                for w in t.withdrawals()]}
            for t in brief.tracks[:brief.limit]],
        "tracks_total": len(brief.tracks),
        "indicators": [{
            "id": s.indicator.id, "name": s.indicator.name, "status": s.status,
            "sources": s.sources, "sources_against": s.sources_against,
            "first_seen": str(s.first_seen) if s.first_seen else None,
            "last_seen": str(s.last_seen) if s.last_seen else None,
            "evidence": [picture.cite(h.ref) for h in s.hits[:brief.limit]],
            "evidence_sources": [sources.of(h.ref) for h in s.hits[:brief.limit]],
            "evidence_total": len(s.hits)} for s in brief.indicators],
        "ach": _ach_json(brief),
        "sources": [{"source": r.source, "side": r.side, "contradicted": r.contradicted,
                     "confirmed": r.confirmed, "open": r.open} for r in brief.sources],
        "statements": [{"ref": picture.cite(Ref(report.doc_id, s.id)), "speaker": s.speaker,
                        "kind": s.kind, "date": s.date.iso() if s.date else None, "text": s.text,
                        "source": sources.of(Ref(report.doc_id, s.id))}
                       for s, report in brief.statements],
    }


def _ach_json(brief: Brief) -> dict | None:
    """The ranking, diagnostics and checks in full; of the rows (thousands in a big case:
    the matrix is ``/api/ach``'s) the most diagnostic first, up to the limit."""
    if brief.ach is None:
        return None
    result = brief.ach.to_dict()
    first = {row.id for row in brief.ach.most_diagnostic}
    rows = sorted(result["rows"], key=lambda row: row["id"] not in first)
    result["rows"], result["rows_total"] = rows[:brief.limit], len(rows)
    return result
