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
    usable = [e for e in parsed.entries if _article_link(e) or e.get("content") or e.get("summary")]
    if not usable:
        problem = parsed.get("bozo_exception") or "no entry with a link or content"
        raise SourceError(source, f"malformed or empty feed: {problem}")
    publisher = parsed.feed.get("title") or None
    entries = []
    for entry in usable:
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        content = entry.get("content") or []
        link = _article_link(entry)
        entries.append(FeedEntry(
            id=entry.get("id") or link,
            link=link,
            title=entry.get("title"),
            content=content[0].get("value") if content else entry.get("summary"),
            metadata=Metadata(
                title=entry.get("title") or None,
                publisher=publisher,
                author=entry.get("author") or None,
                published=dt.date(*published[:3]) if published else None,
                url=link,
            ),
        ))
    return entries


def _article_link(entry) -> str | None:
    """The entry's web address; feedparser's stand-in link made from a non-URL id does not count."""
    link = entry.get("link")
    return link if link and link.startswith(("http://", "https://")) else None
