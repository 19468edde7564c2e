"""URLs and RSS/Atom feeds over HTTP, with httpx.

The network boundary is ``Fetcher``: it wraps an ``httpx.Client``, whose
transport tests replace (``httpx.MockTransport``) or point at a server on
loopback, so no test touches the internet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from sitrep.documents import Metadata, make_document
from sitrep.errors import FetchError, SourceError
from sitrep.model import Document
from sitrep.sources.feeds import FeedEntry, looks_like_feed, parse_feed
from sitrep.sources.files import MAX_BYTES, decode_text
from sitrep.sources.html import read_html

USER_AGENT = "sitrep/0.1 (+https://example.org/sitrep)"


@dataclass(slots=True, frozen=True)
class Response:
    url: str
    content_type: str
    body: bytes


class Fetcher:
    """GETs a URL with a timeout, a redirect limit and a size limit."""

    def __init__(self, client: httpx.Client | None = None, *, timeout: float = 15.0,
                 max_bytes: int = MAX_BYTES):
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=True, max_redirects=5,
            headers={"User-Agent": USER_AGENT})
        self.max_bytes = max_bytes

    def get(self, url: str) -> Response:
        """The body of a successful response; FetchError naming the URL otherwise."""
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.max_bytes:
                    raise FetchError(url, f"response is {declared / 1e6:.1f} MB; the limit is "
                                          f"{self.max_bytes / 1e6:.1f} MB")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise FetchError(url, f"response exceeds the limit of "
                                              f"{self.max_bytes / 1e6:.1f} MB")
                return Response(str(response.url), response.headers.get("content-type", ""),
                                bytes(body))
        except httpx.TimeoutException:
            raise FetchError(url, "timed out") from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"request failed: {error.__class__.__name__}: {error}") from None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_url(url: str, fetcher: Fetcher, *, overrides: Metadata = Metadata()
             ) -> Iterator[Document | SourceError]:
    """The article at a URL, or every article of a feed, or the error."""
    try:
        response = fetcher.get(url)
    except SourceError as error:
        yield error
        return
    if looks_like_feed(response.content_type, response.body):
        try:
            entries = parse_feed(response.body, source=url)
        except SourceError as error:
            yield error
            return
        for entry in entries:
            yield _read_entry(entry, url, fetcher, overrides)
        return
    try:
        yield document_from_response(response, Metadata(), overrides)
    except SourceError as error:
        yield error


def _read_entry(entry: FeedEntry, feed_url: str, fetcher: Fetcher,
                overrides: Metadata) -> Document | SourceError:
    """A feed entry's article: the linked page, or the entry's own content if it has no link."""
    if entry.link:
        try:
            return document_from_response(fetcher.get(entry.link), entry.metadata, overrides)
        except SourceError as error:
            return error
    source = f"{feed_url} entry {entry.id or entry.title or '(untitled)'}"
    try:
        text = entry.content
        if "<" in text:  # an HTML fragment: give trafilatura a whole page to read
            text = read_html(f"<html><body>{text}</body></html>", url=None, source=source)[0]
        return make_document(text, name=_slug(entry.id or entry.title or "entry"), source=source,
                             metadata=entry.metadata.overridden_by(overrides))
    except SourceError as error:
        return error
    except ValueError as error:
        return SourceError(source, str(error))


def document_from_response(response: Response, known: Metadata, overrides: Metadata) -> Document:
    """A Document from a fetched page: HTML through trafilatura, plain text as is."""
    text, warnings = decode_text(response.body)
    if "html" in response.content_type or text.lstrip()[:1] == "<":
        body, found = read_html(text, url=response.url, source=response.url)
    elif response.content_type.startswith("text/") or not response.content_type:
        body, found = text, Metadata(url=response.url)
    else:
        raise FetchError(response.url, f"unsupported content type {response.content_type!r}")
    metadata = found.overridden_by(known).overridden_by(overrides)
    try:
        return make_document(body, name=_slug(response.url), source=response.url, metadata=metadata,
                             warnings=[f"{response.url}: {w}" for w in warnings])
    except ValueError as error:
        raise SourceError(response.url, str(error)) from None


def _slug(url: str) -> str:
    """A short readable name for a URL: its last path segment, else its host."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"\.(html?|php|aspx?)$", "", last) or parts.netloc or url
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "document"
