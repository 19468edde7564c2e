"""Article text and metadata out of HTML, with trafilatura."""

from __future__ import annotations

from sitrep.documents import Metadata, parse_date
from sitrep.errors import SourceError


def read_html(html: str, *, url: str | None, source: str) -> tuple[str, Metadata]:
    """The main text of a page and what its metadata says; SourceError when it has no text."""
    import trafilatura  # heavy: imported only when HTML is read

    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False)
    except Exception as error:  # trafilatura raises assorted lxml errors on broken markup
        raise SourceError(source, f"malformed HTML: {error}") from None
    text = found.text if found is not None else ""
    if not (text or "").strip():
        # Short pages fall below trafilatura's article threshold: take the visible text.
        _, text, _ = trafilatura.baseline(html)
    if not (text or "").strip():
        raise SourceError(source, "no article text found in the HTML")
    if found is None:
        return text, Metadata(url=url)
    try:
        published = parse_date(found.date)
    except ValueError:
        published = None
    return text, Metadata(title=found.title or None, publisher=found.sitename or None,
                          author=found.author or None, published=published,
                          language=found.language or None, url=url)
