"""The brief as plain text, every item with its citation."""

from __future__ import annotations

import textwrap

from sitrep.analysis.brief import Brief
from sitrep.store import StoredDocument

WIDTH = 100


def render_brief_text(brief: Brief) -> str:
    """A plain-text brief for a terminal or an e-mail."""
    case, counts = brief.case, brief.counts
    lines = [f"SITREP: {case.name}"]
    if case.country_at_risk:
        lines[0] += f" (country at risk: {case.country_at_risk})"
    lines.append("=" * len(lines[0]))
    if not counts["documents"]:
        lines.append("The store is empty: add reports with `sitrep ingest PATH|URL|FEED`.")
        return "\n".join(lines) + "\n"
    span = (f", published {brief.first_published} to {brief.last_published}"
            if brief.first_published else "")
    lines.append(f"{counts['documents']} documents from {len(brief.publishers)} publishers{span}; "
                 f"{counts['sentences']} sentences, {counts['statements']} statements, "
                 f"{counts['events']} events, {counts['entities']} entities.")
    lines.append("Sources: " + ", ".join(f"{name} ({n})" for name, n in brief.publishers))
    lines += ["", "Latest statements", "-----------------"]
    if not brief.statements:
        lines.append("(none extracted)")
    for statement, document in brief.statements:
        when = statement.date.iso() if statement.date else "undated"
        head = f"{when}  {statement.speaker or 'unknown speaker'} ({statement.kind}): "
        lines += _item(head, statement.text, document, statement.start, statement.end)
    lines += ["", "Latest events", "-------------"]
    if not brief.events:
        lines.append("(none extracted)")
    for event, document in brief.events:
        when = event.time.start.iso() if event.time.start else "undated"
        head = f"{when}  {event.kind} [{event.modality}{', negated' if event.negated else ''}]: "
        lines += _item(head, event.text, document, event.start, event.end)
    return "\n".join(lines) + "\n"


def _item(head: str, text: str, document: StoredDocument, start: int, end: int) -> list[str]:
    body = textwrap.wrap(head + text, WIDTH, subsequent_indent=" " * 12)
    return body + [" " * 12 + "— " + cite(document, start, end)]


def cite(document: StoredDocument, start: int, end: int) -> str:
    """Where an item was read: publisher, date, document name, id and character span."""
    parts = [document.publisher or "unknown publisher",
             str(document.published) if document.published else "undated",
             document.name, f"{document.id}:{start}-{end}"]
    return ", ".join(parts)
