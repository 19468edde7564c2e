"""RSS and Atom feeds, with feedparser."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitrep.documents import Metadata
from sitrep.errors import SourceError

FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                      "application/xml", "text/xml", "application/feed+json")


@dataclass(slots=True, frozen=True)
class FeedEntry:
    id: str | None
    link: str | None
    title: str | None
    content: str | None
    metadata: Metadata


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """True when the response declares a feed type or starts like one."""
    if content_type.split(";")[0].strip().lower() in FEED_CONTENT_TYPES:
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head))


def parse_feed(body: bytes, *, source: str) -> list[FeedEntry]:
    """The entries of a feed; SourceError when it is malformed and has none."""
    import feedparser  # imported only when a feed is read

    parsed = feedparser.parse(body)
    if not parsed.entries:
        problem = parsed.get("bozo_exception") or "no entries"
        raise SourceError(source, f"malformed or empty feed: {problem}")
    publisher = parsed.feed.get("title") or None
    entries = []
    for entry in parsed.entries:
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        content = entry.get("content") or []
        entries.append(FeedEntry(
            id=entry.get("id") or entry.get("link"),
            link=entry.get("link"),
            title=entry.get("title"),
            content=content[0].get("value") if content else entry.get("summary"),
            metadata=Metadata(
                title=entry.get("title") or None,
                publisher=publisher,
                author=entry.get("author") or None,
                published=dt.date(*published[:3]) if published else None,
                url=entry.get("link"),
            ),
        ))
    return entries
