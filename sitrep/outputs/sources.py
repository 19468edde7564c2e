"""Where each statement and event was read, as every output cites it: the publisher,
the document's publication date, the article (its URL, else the file it was read from),
and the sentence (its text, its offsets and the ``DOCNAME#ID`` naming it).

One date is cited for an item everywhere: its document's publication date. The date
the item itself gives (when a statement was made, an event happened) is shown beside
it as "reported for", never in its place, so the brief, the dashboard and the exports
agree on what they cite.
"""

from __future__ import annotations

from urllib.parse import quote

from sitrep.analysis.picture import Picture
from sitrep.model import Event, Ref, Report, Statement


class Sources:
    """The provenance of every statement and event of a picture, by reference."""

    def __init__(self, picture: Picture, *, markdown: bool = False):
        self.picture = picture
        self.markdown = markdown  # cite() links the sentence and the article in Markdown
        self._records: dict[tuple[str, str], tuple[Report, Statement | Event]] = {}
        for report in picture.reports.values():
            for record in (*report.statements, *report.events):
                self._records[report.doc_id, record.id] = (report, record)

    def of(self, ref: Ref) -> dict:
        """The item's provenance as JSON-ready data."""
        report, record = self._records[ref.doc_id, ref.item_id]
        return {"ref": self.picture.cite(ref), "doc_id": report.doc_id, "item_id": record.id,
                "document": report.name, "title": report.title, "publisher": report.publisher,
                "published": report.published.isoformat() if report.published else None,
                "reported_for": reported_for(record), "url": report.url,
                "sentence_url": sentence_url(report.url, record.text),
                "file": None if report.url else report.source,
                "text": record.text, "start": record.start, "end": record.end}

    def cite(self, ref: Ref) -> str:
        """One line: publisher, publication date, "DOCNAME#ID", the date reported for
        where it differs, and the article's URL or file."""
        found = self._records.get((ref.doc_id, ref.item_id))
        if found is None:
            return self.picture.cite(ref)
        source = self.of(ref)
        published = source["published"] or "undated"
        sentence, article = source["ref"], source["url"] or source["file"] or source["document"]
        if self.markdown:
            sentence = f"[{sentence}]({source['sentence_url']})" if source["sentence_url"] \
                else f"`{sentence}`"
            article = f"<{article}>" if source["url"] else f"`{article}`"
        parts = [source["publisher"] or "unknown publisher", published, sentence]
        if source["reported_for"] and source["reported_for"] != published:
            parts.append(f"reported for {source['reported_for']}")
        parts.append(article)
        return ", ".join(parts)


def reported_for(record: Statement | Event) -> str | None:
    """The date a statement or event gives itself (ISO, to its precision), if any."""
    value = record.time.start if isinstance(record, Event) else record.date
    return value.iso() if value else None


FRAGMENT_WORDS = 4  # words at each end of a sentence that a text fragment names


def sentence_url(url: str | None, sentence: str) -> str | None:
    """The article's address with a text fragment (``#:~:text=start,end``) that browsers
    scroll to and highlight: a link to the sentence in the article itself."""
    words = sentence.split()
    if not url or not words:
        return None
    if len(words) <= 2 * FRAGMENT_WORDS:
        return f"{url.split('#')[0]}#:~:text={_fragment(words)}"
    return (f"{url.split('#')[0]}#:~:text={_fragment(words[:FRAGMENT_WORDS])},"
            f"{_fragment(words[-FRAGMENT_WORDS:])}")


def _fragment(words: list[str]) -> str:
    """Words as a text directive's term: "-", "," and "&" are syntax there, so escaped."""
    return quote(" ".join(words), safe="").replace("-", "%2D")
