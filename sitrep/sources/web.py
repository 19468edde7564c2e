"""URLs and RSS/Atom feeds over HTTP, with httpx.

The network boundary is ``Fetcher``: it wraps an ``httpx.Client``, whose
transport tests replace (``httpx.MockTransport``) or point at a server on
loopback, so no test touches the internet.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from sitrep.documents import Metadata, make_document
from sitrep.errors import FetchError, SourceError
from sitrep.model import Document
from sitrep.sources.addresses import check_public
from sitrep.sources.encodings import ACCEPTED, EncodingRefused, decoded
from sitrep.sources.feeds import FeedEntry, looks_like_feed, parse_feed
from sitrep.sources.files import MAX_BYTES
from sitrep.sources.html import decode_page, read_html
from sitrep.sources.registry import Reading, register
from sitrep.sources.transport import DeadlinePassed, NotPublic, deadline, guarded_transport

USER_AGENT = "sitrep/0.1 (+https://example.org/sitrep)"
# Answers worth asking again: the server is overloaded or failing for a moment.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_DEADLINE = 60.0  # seconds for a whole fetch, retries included


@dataclass(slots=True, frozen=True)
class Response:
    url: str
    content_type: str
    body: bytes
    etag: str | None = None  # validators for the next conditional GET
    last_modified: str | None = None


class _Transient(FetchError):
    """A failure that may pass: a timeout, a dropped connection, a 429 or 5xx answer."""


class Fetcher:
    """GETs a URL with a deadline, a redirect limit, a size limit and bounded retries.

    ``timeout`` bounds each wait for the server; ``deadline`` the whole fetch, retries
    included: connecting, the headers and the body, however slowly the server sends
    them (``sitrep.sources.transport``). ``max_bytes`` bounds the body, every
    Content-Encoding layer counted (``sitrep.sources.encodings``).

    ``public_only`` refuses URLs (and redirects) to loopback, private, link-local and
    other non-public addresses, and any connection that reaches one: for URLs a web
    page hands in, which must not reach the machine sitrep runs on or its network.
    """

    def __init__(self, client: httpx.Client | None = None, *, timeout: float = 15.0,
                 deadline: float | None = None, max_bytes: int = MAX_BYTES, retries: int = 2,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep,
                 public_only: bool = False):
        self.client = client or httpx.Client(
            transport=guarded_transport(public_only), trust_env=False, timeout=timeout,
            follow_redirects=True, max_redirects=5,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED})
        if public_only:  # the hook runs before every request, each redirect included
            hooks = self.client.event_hooks
            self.client.event_hooks = {**hooks, "request": [*hooks["request"], _refuse_private]}
        self.deadline = deadline if deadline is not None else default_deadline()
        self.max_bytes = max_bytes
        self.retries, self.backoff, self.sleep = retries, backoff, sleep

    def get(self, url: str) -> Response:
        """The body of a successful response; FetchError naming the URL otherwise. A
        transient failure is tried again ``retries`` times at most, after ``backoff``
        seconds, doubling each time, while the deadline allows; any other failure at
        once is final."""
        return self._get(url, {})

    def get_if_changed(self, url: str, etag: str | None,
                       last_modified: str | None) -> Response | None:
        """As ``get``, conditional on the validators of the last answer (If-None-Match,
        If-Modified-Since); None when the server says nothing changed (304)."""
        headers = {name: value for name, value in (("If-None-Match", etag),
                                                   ("If-Modified-Since", last_modified)) if value}
        return self._get(url, headers)

    def _get(self, url: str, headers: dict[str, str]) -> Response | None:
        ends = time.monotonic() + self.deadline
        for attempt in itertools.count():
            try:
                with deadline(ends):
                    return self._get_once(url, headers, ends)
            except _Transient as error:
                pause = self.backoff * 2 ** attempt
                if attempt >= self.retries or time.monotonic() + pause >= ends:
                    tries = f" (tried {attempt + 1} times)" if attempt else ""
                    raise FetchError(url, error.problem + tries) from None
                self.sleep(pause)
            except DeadlinePassed:
                raise FetchError(url, f"response took over {self.deadline:g} s") from None
            except (NotPublic, EncodingRefused) as refusal:
                raise FetchError(url, str(refusal)) from None

    def _get_once(self, url: str, headers: dict[str, str], ends: float) -> Response | None:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304 and headers:
                    return None
                if response.status_code >= 400:
                    error = _Transient if response.status_code in RETRY_STATUSES else FetchError
                    raise error(url, f"HTTP {response.status_code} {response.reason_phrase}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.max_bytes:
                    raise FetchError(url, f"response is {declared / 1e6:.1f} MB; the limit is "
                                          f"{self.max_bytes / 1e6:.1f} MB")
                return Response(str(response.url), response.headers.get("content-type", ""),
                                self._body(response, ends), response.headers.get("etag"),
                                response.headers.get("last-modified"))
        except httpx.TimeoutException:
            if time.monotonic() >= ends:  # the wait was cut to the time left
                raise DeadlinePassed() from None
            raise _Transient(url, "timed out") from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
            raise _Transient(url, f"request failed: {error.__class__.__name__}: {error}") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"request failed: {error.__class__.__name__}: {error}") from None

    def _body(self, response: httpx.Response, ends: float) -> bytes:
        """The body, decoded within the size limit, by the deadline."""
        if response.is_stream_consumed:  # made in memory (httpx.MockTransport): nothing to bound
            return response.content
        body = bytearray()
        for piece in decoded(response.iter_raw(), response.headers.get("content-encoding", ""),
                             self.max_bytes):
            body.extend(piece)
            if time.monotonic() > ends:  # a transport without the deadline (tests)
                raise DeadlinePassed()
        return bytes(body)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def default_deadline() -> float:
    """Seconds a fetch may take in all: ``SITREP_FETCH_DEADLINE``, else 60."""
    value = os.environ.get("SITREP_FETCH_DEADLINE", "").strip()
    try:
        seconds = float(value) if value else DEFAULT_DEADLINE
    except ValueError:
        raise FetchError("SITREP_FETCH_DEADLINE", f"expected seconds, not {value!r}") from None
    if not seconds > 0:
        raise FetchError("SITREP_FETCH_DEADLINE", f"expected seconds above 0, not {value!r}")
    return seconds


def _refuse_private(request: httpx.Request) -> None:
    check_public(str(request.url))


class UrlSource:
    """An http(s) URL: the article at it, or every article of a feed, as its answer shows."""

    name = "url"

    def matches(self, target: str) -> bool:
        return target.startswith(("http://", "https://"))

    def read(self, target: str, reading: Reading) -> Iterator[Document | SourceError]:
        return read_url(target, reading.fetcher, overrides=reading.overrides)


class FeedSource:
    """A feed named as one, ``feed:https://...`` (or ``feed://host/path``, over http): its
    entries' articles, and an error when the answer is not a feed."""

    name = "feed"

    def matches(self, target: str) -> bool:
        return target.startswith(("feed:http://", "feed:https://", "feed://"))

    def read(self, target: str, reading: Reading) -> Iterator[Document | SourceError]:
        url = target.removeprefix("feed:")
        url = "http:" + url if url.startswith("//") else url
        try:
            response = reading.fetcher.get(url)
        except SourceError as error:
            return [error]
        if not looks_like_feed(response.content_type, response.body):
            return [SourceError(url, f"not a feed ({response.content_type or 'no content type'})")]
        return read_feed(url, response, reading.fetcher, overrides=reading.overrides)


def read_url(url: str, fetcher: Fetcher, *, overrides: Metadata = Metadata()
             ) -> Iterator[Document | SourceError]:
    """The article at a URL, or every article of a feed, or the error."""
    try:
        response = fetcher.get(url)
    except SourceError as error:
        yield error
        return
    if looks_like_feed(response.content_type, response.body):
        yield from read_feed(url, response, fetcher, overrides=overrides)
        return
    try:
        yield document_from_response(response, Metadata(), overrides)
    except SourceError as error:
        yield error


def read_feed(url: str, response: Response, fetcher: Fetcher, *,
              overrides: Metadata = Metadata()) -> Iterator[Document | SourceError]:
    """The article of each entry of the feed fetched from ``url``, or the error."""
    try:
        entries = parse_feed(response.body, source=url)
    except SourceError as error:
        yield error
        return
    for entry in entries:
        yield read_entry(entry, url, fetcher, overrides)


def read_entry(entry: FeedEntry, feed_url: str, fetcher: Fetcher,
                overrides: Metadata) -> Document | SourceError:
    """A feed entry's article: the linked page, or the entry's own content if it has no link."""
    if entry.link:
        try:
            response = fetcher.get(entry.link)
            known, feed_title = _feed_title_set_apart(entry.metadata, feed_url, response.url)
            return document_from_response(response, known, overrides,
                                          publisher_fallback=feed_title)
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


def _feed_title_set_apart(entry: Metadata, feed_url: str, page_url: str
                          ) -> tuple[Metadata, str | None]:
    """What a feed entry says of its page, but the publisher; and the feed's title as the
    page's publisher when the page names none itself and lies on the feed's own host. An
    aggregator's feed names itself, not the outlets it links to."""
    same_host = _host(feed_url) == _host(page_url)
    return replace(entry, publisher=None), entry.publisher if same_host else None


def _is_address(name: str, url: str) -> bool:
    """True when a site name is only the URL's host (with or without port and ``www.``)."""
    parts = urlsplit(url)
    return name.lower().removeprefix("www.") in {parts.netloc.lower().removeprefix("www."),
                                                 _host(url)}


def _host(url: str) -> str | None:
    """The host of a URL without a leading ``www.``: the publisher of a page that names none."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def document_from_response(response: Response, known: Metadata, overrides: Metadata, *,
                           publisher_fallback: str | None = None) -> Document:
    """A Document from a fetched page: HTML through trafilatura, plain text as is. Its
    publisher: the overrides', what ``known`` says, the page's own, ``publisher_fallback``,
    then the page's host."""
    text, warnings = decode_page(response.body, response.content_type)
    if "html" in response.content_type or text.lstrip()[:1] == "<":
        body, found = read_html(text, url=response.url, source=response.url)
    elif response.content_type.startswith("text/") or not response.content_type:
        body, found = text, Metadata(url=response.url)
    else:
        raise FetchError(response.url, f"unsupported content type {response.content_type!r}")
    if found.publisher and _is_address(found.publisher, response.url):
        found = replace(found, publisher=None)  # trafilatura's stand-in: the page names none
    metadata = found.overridden_by(known).overridden_by(overrides)
    if metadata.publisher is None:
        metadata = replace(metadata, publisher=publisher_fallback or _host(response.url))
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


register(FeedSource())
register(UrlSource())
