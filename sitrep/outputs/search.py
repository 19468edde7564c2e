"""Search hits for people and for programs: a terminal table, JSON and CSV.

The terminal table shows document text as text: never as Rich markup (a snippet marks its
matched words ``[like this]``, which Rich would read as a style and drop) and never as
terminal control: escape sequences in a document (colours, cursor moves, window titles,
hyperlinks) are shown as ``\\x1b`` and friends instead of being obeyed. JSON and CSV keep
the text as stored.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

SEARCH_COLUMNS = ("doc_id", "name", "title", "publisher", "published", "url", "start", "end",
                  "sentence", "snippet")
_KEPT_CONTROLS = "\n\t"


def terminal_safe(text: str) -> str:
    """``text`` with every control character (C0 but newline and tab, DEL, C1) written as
    an escape such as ``\\x1b``: an escape sequence read from a document cannot reach
    the terminal."""
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc"
                   and c not in _KEPT_CONTROLS else c for c in text)


def hit_record(hit) -> dict:
    """One hit (a store SearchHit) as the flat record JSON and CSV share."""
    doc = hit.document
    return {"doc_id": doc.id, "name": doc.name, "title": doc.title, "publisher": doc.publisher,
            "published": doc.published.isoformat() if doc.published else None, "url": doc.url,
            "start": hit.start, "end": hit.end, "sentence": hit.sentence, "snippet": hit.snippet}


def render_search(hits: list, output_format: str) -> str:
    """``json``: an array of hit records; ``csv``: a header row and one row per hit."""
    records = [hit_record(hit) for hit in hits]
    if output_format == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SEARCH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def search_table(hits: list):
    """A Rich table of the hits, every cell plain text (no markup, no control characters)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    table.add_column("document")
    table.add_column("published")
    table.add_column("sentence", ratio=1)
    for hit in hits:
        doc = hit.document
        where = f"{doc.name}\n{doc.id}:{hit.start}-{hit.end}"
        if doc.publisher:
            where = f"{doc.publisher}\n{where}"
        snippet = Text(terminal_safe(hit.snippet))
        snippet.highlight_regex(r"\[[^\[\]]*\]", "bold")
        table.add_row(Text(terminal_safe(where)), Text(str(doc.published or "")), snippet)
    return table
